import { FakeClock } from '../../../core/clock';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { accountOn } from '../../../core/domain/people';
import type { Person } from '../../../core/domain/people';
import type { Channel } from '../../../core/domain/session-log';
import { silentLogger } from '../../../core/logger';
import { defaultDoorOrder, doorCandidates, parseDoorOrder } from '../../../core/outbound/choose-door';
import { createOutbox } from '../../../core/outbound/outbox';
import { TransientSendError, type MessageSender, type SenderResult } from '../../../core/outbound/port';
import { reply } from '../../../core/reply';
import { replyStyleOf } from '../../../core/i18n/render';

interface ScriptedSender extends MessageSender {
  calls: string[];
  script: Array<SenderResult | Error>;
}

function sender(channel: Channel, canReach: (p: Person) => boolean): ScriptedSender {
  const s: ScriptedSender = {
    channel,
    calls: [],
    script: [],
    canReach,
    async send(_person, text) {
      s.calls.push(text);
      const next = s.script.shift();
      if (next instanceof Error) throw next;
      return next ?? { ok: true, status: 'sent', providerId: `${channel}-${s.calls.length}` };
    },
  };
  return s;
}

const officer = (overrides: Partial<Person> = {}): Person => ({
  _id: 'cb-ke-sat',
  name: 'Trần Thị B',
  role: { kind: 'officer', placeId: 'ke-sat' },
  placePath: ['hai-phong', 'ke-sat'],
  phone: '+84905000201',
  accounts: [{ door: 'zalo', id: 'zalo-b' }, { door: 'telegram', id: '5001' }],
  lng: 'vi',
  remindersOff: false,
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

async function setup(order?: Channel[]) {
  const zalo = sender('zalo', (p) => accountOn(p, 'zalo') !== undefined);
  const telegram = sender('telegram', (p) => accountOn(p, 'telegram') !== undefined);
  const sms = sender('sms', (p) => p.phone !== undefined);
  const outbox = createOutbox({
    records: (await openEmbeddedStorage()).repos.outbox,
    senders: [sms, telegram, zalo],
    render: (r, _lng, door) => `${replyStyleOf(door)}:${r.key}`,
    clock: new FakeClock(new Date('2026-11-23T00:00:00Z')),
    logger: silentLogger,
    defaultSmsChannel: 'sms',
    ...(order ? { doorOrder: order } : {}),
    sleep: async () => undefined,
  });
  return { outbox, zalo, telegram, sms };
}

describe('choosing the door', () => {
  const senders = (...channels: Channel[]) => new Map(channels.map((c) => [c, sender(c, () => true)] as [Channel, MessageSender]));

  it('puts the door the person last wrote from first, then the order, skipping doors that cannot reach them', () => {
    const all = senders('zalo', 'telegram', 'sms', 'android');
    const order = defaultDoorOrder('sms');
    expect(doorCandidates(officer(), all, order).map((s) => s.channel)).toEqual(['zalo', 'telegram', 'sms', 'android']);
    expect(doorCandidates(officer({ lastChannel: 'sms' }), all, order).map((s) => s.channel)).toEqual(['sms', 'zalo', 'telegram', 'android']);
    expect(doorCandidates(officer(), senders('sms', 'android'), ['zalo', 'sms']).map((s) => s.channel)).toEqual(['sms']);
  });

  it('reaches a person on the chat door of an account they hold, after the order, when the order cannot name that door', () => {
    const signal = sender('signal', (p) => accountOn(p, 'signal') !== undefined);
    const all = new Map<Channel, MessageSender>([['sms', sender('sms', (p) => p.phone !== undefined)], ['signal', signal]]);
    const { phone: _none, ...noPhone } = officer({ accounts: [{ door: 'signal', id: 's-1' }] });
    expect(doorCandidates(noPhone, all, defaultDoorOrder('sms')).map((s) => s.channel)).toEqual(['signal']);
    expect(doorCandidates(officer({ accounts: [{ door: 'signal', id: 's-1' }] }), all, defaultDoorOrder('sms')).map((s) => s.channel)).toEqual(['sms', 'signal']);
  });

  it('obeys a forced door and offers no other', () => {
    expect(doorCandidates(officer(), senders('zalo', 'sms'), defaultDoorOrder('sms'), 'sms').map((s) => s.channel)).toEqual(['sms']);
  });

  it('reads LOA_DOOR_ORDER, naming only the doors it is given (the registered doors that send)', () => {
    const doors = ['sms', 'telegram', 'zalo', 'android', 'fakedoor'];
    expect(parseDoorOrder('Zalo, sms;telegram', doors)).toEqual({ ok: true, order: ['zalo', 'sms', 'telegram'] });
    expect(parseDoorOrder('fakedoor,sms', doors)).toEqual({ ok: true, order: ['fakedoor', 'sms'] });
    expect(parseDoorOrder('chat', doors)).toEqual({ ok: false, problem: 'unknown door "chat" (use sms, telegram, zalo, android, fakedoor)' });
    expect(parseDoorOrder('  ', doors)).toEqual({ ok: false, problem: 'no door listed' });
  });
});

describe('falling back to the next door', () => {
  it('goes to Zalo first by default and renders full text for it', async () => {
    const { outbox, zalo, sms } = await setup();
    expect(await outbox.send({ person: officer(), reply: reply('summary.weekly'), idempotencyKey: 'k1' })).toMatchObject({ ok: true, channel: 'zalo' });
    expect(zalo.calls).toEqual(['full:summary.weekly']);
    expect(sms.calls).toEqual([]);
  });

  it('a blocked chat door hands the message to the next door, rendered for it, under the same key', async () => {
    const { outbox, zalo, telegram, sms } = await setup(['zalo', 'sms']);
    zalo.script.push({ ok: false, reason: 'blocked' });
    const result = await outbox.send({ person: officer(), reply: reply('summary.weekly'), idempotencyKey: 'k2' });
    expect(result).toMatchObject({ ok: true, channel: 'sms', fellBackFrom: 'zalo' });
    expect(sms.calls).toEqual(['sms:summary.weekly']);
    expect(telegram.calls).toEqual([]);
    expect(await outbox.lookup('k2')).toMatchObject({ channel: 'sms', state: 'sent', attempts: 1 });
    // The key is spent: no door sends it again.
    expect(await outbox.send({ person: officer(), reply: reply('summary.weekly'), idempotencyKey: 'k2' })).toMatchObject({ status: 'already_sent', channel: 'sms' });
    expect(zalo.calls.length + sms.calls.length).toBe(2);
  });

  it('a door that gave up after transient failures falls back too; an unexpected error does not (it may have been sent)', async () => {
    const a = await setup(['zalo', 'sms']);
    a.zalo.script.push(new TransientSendError('502'), new TransientSendError('502'), new TransientSendError('502'), new TransientSendError('502'));
    expect(await a.outbox.send({ person: officer(), reply: reply('r'), idempotencyKey: 'k3' })).toMatchObject({ ok: true, channel: 'sms' });
    expect(a.zalo.calls).toHaveLength(4);

    const b = await setup(['zalo', 'sms']);
    b.zalo.script.push(new Error('socket hang up after write'));
    expect(await b.outbox.send({ person: officer(), reply: reply('r'), idempotencyKey: 'k4' })).toMatchObject({ ok: false, reason: 'failed', channel: 'zalo' });
    expect(b.sms.calls).toEqual([]);
  });

  it('a forced door never falls back', async () => {
    const { outbox, zalo, sms } = await setup();
    zalo.script.push({ ok: false, reason: 'blocked' });
    expect(await outbox.send({ person: officer(), reply: reply('r'), idempotencyKey: 'k5', channel: 'zalo' })).toMatchObject({ ok: false, reason: 'blocked', channel: 'zalo' });
    expect(sms.calls).toEqual([]);
  });
});
