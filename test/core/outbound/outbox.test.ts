import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import { accountOn } from '../../../core/domain/people';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../core/clock';
import type { Person } from '../../../core/domain/people';
import type { Channel } from '../../../core/domain/session-log';
import { silentLogger } from '../../../core/logger';
import { createOutbox, type OutboxDeps } from '../../../core/outbound/outbox';
import { TransientSendError, type MessageSender, type SenderResult } from '../../../core/outbound/port';
import { reply } from '../../../core/reply';
import { replyStyleOf } from '../../../core/i18n/render';

type Script = Array<SenderResult | TransientSendError | Error>;

interface FakeSender extends MessageSender {
  calls: { personId: string; text: string; key: string }[];
  script: Script;
}

function fakeSender(channel: Channel, canReach: (p: Person) => boolean = () => true): FakeSender {
  const sender: FakeSender = {
    channel,
    calls: [],
    script: [],
    canReach,
    async send(person, text, key) {
      sender.calls.push({ personId: person._id, text, key });
      const next = sender.script.shift();
      if (next instanceof Error) throw next;
      return next ?? { ok: true, status: 'queued', providerId: `${channel}-${sender.calls.length}` };
    },
  };
  return sender;
}

const person = (overrides: Partial<Person> = {}): Person => ({
  _id: 'ctv-dong',
  name: 'Nguyễn Văn A',
  role: { kind: 'collaborator', placeId: 'ke-sat.dong' },
  placePath: ['hai-phong', 'ke-sat', 'ke-sat.dong'],
  phone: '+84905000101',
  lng: 'vi',
  remindersOff: false,
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

async function setup(options: { store?: OpenStorage; senders?: MessageSender[]; deps?: Partial<OutboxDeps> } = {}) {
  const store = options.store ?? (await openEmbeddedStorage());
  const sms = fakeSender('sms', (p) => p.phone !== undefined);
  const telegram = fakeSender('telegram', (p) => accountOn(p, 'telegram') !== undefined);
  const sleeps: number[] = [];
  const outbox = createOutbox({
    records: store.repos.outbox,
    senders: options.senders ?? [sms, telegram],
    render: (r, lng, door) => `${replyStyleOf(door)}:${lng}:${r.key}`,
    clock: new FakeClock(new Date('2026-11-20T03:00:00Z')),
    logger: silentLogger,
    defaultSmsChannel: 'sms',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options.deps,
  });
  return { store, outbox, sms, telegram, sleeps };
}

const message = reply('summary.weekly', { sessions: 3 });

describe('outbox: sending once per idempotency key', () => {
  it('sends a message once and records the provider id', async () => {
    const { outbox, sms } = await setup();
    const result = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k1' });
    expect(result).toEqual({ ok: true, status: 'queued', channel: 'sms', providerId: 'sms-1' });
    expect(sms.calls).toHaveLength(1);
    expect(await outbox.lookup('k1')).toMatchObject({ state: 'queued', providerId: 'sms-1', attempts: 1, channel: 'sms' });
  });

  it('does not send twice when the same idempotency key is reused', async () => {
    const { outbox, sms } = await setup();
    await outbox.send({ person: person(), reply: message, idempotencyKey: 'k1' });
    const second = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k1' });
    expect(second).toEqual({ ok: true, status: 'already_sent', channel: 'sms', providerId: 'sms-1' });
    expect(sms.calls).toHaveLength(1);
  });

  it('does not send twice after a restart (a new outbox on the same store)', async () => {
    const store = await openEmbeddedStorage();
    const first = await setup({ store });
    await first.outbox.send({ person: person(), reply: message, idempotencyKey: 'summary:2026-W47:ctv-dong' });
    const restarted = await setup({ store });
    const again = await restarted.outbox.send({ person: person(), reply: message, idempotencyKey: 'summary:2026-W47:ctv-dong' });
    expect(again).toMatchObject({ ok: true, status: 'already_sent' });
    expect(first.sms.calls.length + restarted.sms.calls.length).toBe(1);
  });

  it('does not send twice after a restart on a durable store reopened from its data folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-outbox-'));
    try {
      const storeA = await openEmbeddedStorage({ dataDir: dir });
      const a = await setup({ store: storeA });
      await a.outbox.send({ person: person(), reply: message, idempotencyKey: 'reminder:2026-11-20:ctv-dong' });
      await storeA.close();
      const storeB = await openEmbeddedStorage({ dataDir: dir });
      const b = await setup({ store: storeB });
      const again = await b.outbox.send({ person: person(), reply: message, idempotencyKey: 'reminder:2026-11-20:ctv-dong' });
      await storeB.close();
      expect(again).toMatchObject({ ok: true, status: 'already_sent' });
      expect(b.sms.calls).toHaveLength(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends once when two callers race with the same key', async () => {
    const { outbox, sms } = await setup();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => outbox.send({ person: person(), reply: message, idempotencyKey: 'race' })),
    );
    expect(sms.calls).toHaveLength(1);
    expect(results.filter((r) => r.ok && r.status === 'queued')).toHaveLength(1);
  });

  it('never resends a message left pending by a crash in the middle of a send', async () => {
    const { outbox, store, sms } = await setup();
    await store.repos.outbox.claim({
      _id: 'crashed',
      personId: 'ctv-dong',
      channel: 'sms',
      state: 'pending',
      attempts: 1,
      textLength: 10,
      createdAt: '2026-11-20T02:00:00Z',
      updatedAt: '2026-11-20T02:00:00Z',
    });
    const result = await outbox.send({ person: person(), reply: message, idempotencyKey: 'crashed' });
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(sms.calls).toHaveLength(0);
  });
});

describe('outbox: transient failures and retries', () => {
  it('retries transient failures with exponential backoff and sends once', async () => {
    const { outbox, sms, sleeps } = await setup();
    sms.script.push(new TransientSendError('500'), new TransientSendError('500'));
    const result = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: true, status: 'queued' });
    expect(sms.calls).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
    expect(await outbox.lookup('k')).toMatchObject({ attempts: 3, state: 'queued' });
  });

  it('waits at least as long as the provider asks (retryAfterMs)', async () => {
    const { outbox, sms, sleeps } = await setup();
    sms.script.push(new TransientSendError('429', 5_000));
    await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(sleeps).toEqual([5_000]);
  });

  it('gives up after the bounded number of attempts and lets a later send with the same key try again', async () => {
    const { outbox, sms } = await setup({ deps: { retry: { maxAttempts: 3 } } });
    sms.script.push(new TransientSendError('a'), new TransientSendError('b'), new TransientSendError('c'));
    const failed = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(failed).toMatchObject({ ok: false, reason: 'failed', channel: 'sms' });
    expect(sms.calls).toHaveLength(3);
    expect((await outbox.lookup('k'))?.failure).toMatchObject({ retryable: true });

    const later = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(later).toMatchObject({ ok: true, status: 'queued' });
    expect(sms.calls).toHaveLength(4);
    const third = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(third).toMatchObject({ ok: true, status: 'already_sent' });
    expect(sms.calls).toHaveLength(4);
  });

  it('does not wait for a provider that asks for longer than the policy allows', async () => {
    const { outbox, sms, sleeps } = await setup({ deps: { retry: { maxRetryAfterMs: 1_000 } } });
    sms.script.push(new TransientSendError('flood', 3_600_000));
    const result = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(sleeps).toEqual([]);
  });

  it('does not retry a permanent refusal, nor send it again with the same key', async () => {
    const { outbox, sms } = await setup();
    sms.script.push({ ok: false, reason: 'blocked', detail: 'STOP' });
    const first = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    const second = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(first).toEqual({ ok: false, reason: 'blocked', channel: 'sms', detail: 'STOP' });
    expect(second).toMatchObject({ ok: false, reason: 'blocked' });
    expect(sms.calls).toHaveLength(1);
  });

  it('does not retry an unexpected sender error, since the message may have left', async () => {
    const { outbox, sms } = await setup();
    sms.script.push(new Error('socket hang up'));
    const first = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    const second = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(first).toMatchObject({ ok: false, reason: 'failed' });
    expect(second).toMatchObject({ ok: false, reason: 'failed' });
    expect(sms.calls).toHaveLength(1);
  });
});

describe('outbox: choosing the door and rendering for it', () => {
  it('uses the channel the person last wrote from, rendered in that channel style', async () => {
    const { outbox, sms, telegram } = await setup();
    const p = person({ accounts: [{ door: 'telegram', id: '42' }], lastChannel: 'sms' });
    const result = await outbox.send({ person: p, reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: true, channel: 'sms' });
    expect(sms.calls[0]?.text).toBe('sms:vi:summary.weekly');
    expect(telegram.calls).toHaveLength(0);
  });

  it('prefers Telegram over SMS when the last channel is unknown and the person is linked', async () => {
    const { outbox, telegram } = await setup();
    const result = await outbox.send({ person: person({ accounts: [{ door: 'telegram', id: '42' }] }), reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: true, channel: 'telegram' });
    expect(telegram.calls[0]?.text).toBe('full:vi:summary.weekly');
  });

  it('falls back to the default SMS door when the last channel cannot reach the person', async () => {
    const { outbox, sms } = await setup();
    const result = await outbox.send({ person: person({ lastChannel: 'chat', lng: 'en' }), reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: true, channel: 'sms' });
    expect(sms.calls[0]?.text).toBe('sms:en:summary.weekly');
  });

  it('uses the Android gateway as default SMS door when configured so', async () => {
    const android = fakeSender('android', (p) => p.phone !== undefined);
    const sms = fakeSender('sms', (p) => p.phone !== undefined);
    const { outbox } = await setup({ senders: [sms, android], deps: { defaultSmsChannel: 'android' } });
    const result = await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect(result).toMatchObject({ ok: true, channel: 'android' });
    expect(android.calls[0]?.text).toBe('sms:vi:summary.weekly');
  });

  it('obeys a forced channel and refuses it when that door cannot reach the person', async () => {
    const { outbox, sms, telegram } = await setup();
    const forced = await outbox.send({ person: person({ accounts: [{ door: 'telegram', id: '7' }] }), reply: message, idempotencyKey: 'a', channel: 'sms' });
    expect(forced).toMatchObject({ ok: true, channel: 'sms' });
    const refused = await outbox.send({ person: person(), reply: message, idempotencyKey: 'b', channel: 'telegram' });
    expect(refused).toMatchObject({ ok: false, reason: 'no_channel' });
    expect(telegram.calls).toHaveLength(0);
    expect(sms.calls).toHaveLength(1);
  });

  it('answers no_channel and claims nothing when no door reaches the person', async () => {
    const { outbox } = await setup();
    const p = person({ phone: undefined });
    expect(await outbox.send({ person: p, reply: message, idempotencyKey: 'k' })).toMatchObject({ ok: false, reason: 'no_channel' });
    expect(await outbox.lookup('k')).toBeNull();
  });
});

describe('outbox: delivery statuses', () => {
  it('keeps the final status when callbacks arrive out of order', async () => {
    const { outbox } = await setup();
    await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    for (const status of ['sent', 'delivered', 'queued', 'sending', 'sent']) await outbox.recordStatus('sms-1', status);
    expect((await outbox.lookup('k'))?.deliveryStatus).toBe('delivered');
  });

  it('keeps the first terminal status: a late "failed" does not undo "delivered"', async () => {
    const { outbox } = await setup();
    await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    await outbox.recordStatus('sms-1', 'delivered');
    const late = await outbox.recordStatus('sms-1', 'failed');
    expect(late).toEqual({ ok: true, status: 'delivered', changed: false });
  });

  it('accepts a status that arrives before the send result was recorded', async () => {
    const { outbox } = await setup();
    expect(await outbox.recordStatus('sms-1', 'sent')).toEqual({ ok: true, status: 'sent', changed: true });
    await outbox.send({ person: person(), reply: message, idempotencyKey: 'k' });
    expect((await outbox.lookup('k'))?.deliveryStatus).toBe('sent');
  });

  it('ignores a status it does not know', async () => {
    const { outbox } = await setup();
    expect(await outbox.recordStatus('sms-1', 'teleported')).toEqual({ ok: false, reason: 'unknown_status', status: 'teleported' });
  });
});
