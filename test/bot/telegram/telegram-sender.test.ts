import { Api } from 'grammy';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { createTelegramSender } from '../../../bot/telegram';
import type { LimiterTime } from '../../../bot/telegram/sender/rate-limiter';
import type { Person } from '../../../core/domain/people';
import { silentLogger } from '../../../core/logger';
import { TransientSendError } from '../../../core/outbound/port';
import { FakeClock } from '../../../core/clock';
import { createOutbox } from '../../../core/outbound/outbox';
import { DEFAULT_RETRY_POLICY } from '../../../core/outbound/backoff';
import { reply } from '../../../core/reply';
import { createTestCore, DEMO } from '../../support/test-core';
import { RecordingBotApi } from '../../../tools/harness/fake-bot-api';

/** Time that only moves when every pending send has run as far as it can. */
class VirtualTime implements LimiterTime {
  private t = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];
  readonly now = (): number => this.t;
  readonly sleep = (ms: number): Promise<void> => new Promise((resolve) => this.timers.push({ at: this.t + ms, resolve }));

  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    void work.finally(() => (done = true)).catch(() => undefined);
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift();
      if (next) {
        this.t = Math.max(this.t, next.at);
        next.resolve();
      }
    }
    return work;
  }
}

function person(i: number): Person {
  return {
    _id: `p${i}`,
    name: `Person ${i}`,
    role: { kind: 'officer', placeId: DEMO.commune },
    placePath: [DEMO.province, DEMO.commune],
    accounts: [{ door: 'telegram', id: String(1000 + i) }],
    lng: 'vi',
    remindersOff: false,
    createdAt: '2026-01-01T00:00:00Z',
  };
}

async function setup() {
  const time = new VirtualTime();
  const recorder = new RecordingBotApi(time.now);
  const api = new Api('123456:TEST-TOKEN');
  recorder.install(api);
  const sender = createTelegramSender({
    api,
    people: { setAccountBlocked: async () => undefined },
    logger: silentLogger,
    time,
  });
  // The outbox is the one retry layer: its backoff runs on the same virtual time.
  const outbox = createOutbox({
    records: (await openEmbeddedStorage()).repos.outbox,
    senders: [sender],
    render: (r) => String(r.values?.text),
    clock: new FakeClock(new Date('2026-11-20T03:00:00Z')),
    logger: silentLogger,
    defaultSmsChannel: 'sms',
    sleep: time.sleep,
  });
  const send = (p: Person, text: string, key: string) => outbox.send({ person: p, reply: reply('any', { text }), idempotencyKey: key, channel: 'telegram' });
  return { time, recorder, sender, send, api };
}

describe('the Telegram sender', () => {
  it('lets the outbox retry a message refused with 429 after retry_after, during a broadcast, and delivers everything once', async () => {
    const { time, recorder, send } = await setup();
    const people = Array.from({ length: 60 }, (_, i) => person(i));
    recorder.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } }, 1010);

    const results = await time.drive(Promise.all(people.map((p) => send(p, `Tổng hợp tuần cho ${p.name}`, `summary:${p._id}`))));

    expect(results.every((r) => r.ok)).toBe(true);
    const sent = recorder.calls.filter((c) => c.method === 'sendMessage');
    const delivered = sent.filter((c) => !c.failed);
    expect(delivered.map((c) => c.payload.chat_id).sort()).toEqual(people.map((p) => Number(p.accounts![0]!.id)).sort());
    const refused = sent.find((c) => c.failed)!;
    const retried = delivered.find((c) => c.payload.chat_id === 1010)!;
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(3000);
    // Everyone waits out the flood control, not just the refused chat.
    expect(delivered.filter((c) => c.at > refused.at && c.at < refused.at + 3000)).toEqual([]);
  });

  it.each([
    ['429 with a short retry_after', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }],
    ['500', { error_code: 500, description: 'Internal Server Error' }],
  ])('makes at most the outbox\'s 4 API calls for one message that keeps failing with %s (no second retry layer)', async (_name, failure) => {
    const { time, recorder, send } = await setup();
    for (let i = 0; i < 20; i++) recorder.failNext('sendMessage', failure);
    const result = await time.drive(send(person(1), 'Tổng hợp tuần', 'summary:w47:p1'));
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4);
    expect(recorder.calls).toHaveLength(4);
  });

  it('resumes a long message after the last part Telegram took: no part reaches the chat twice', async () => {
    const { time, recorder, send, api } = await setup();
    // The first part goes through; the 429 lands on the second.
    let calls = 0;
    api.config.use((prev, method, payload, signal) => {
      if (method === 'sendMessage' && ++calls === 2) {
        recorder.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } });
      }
      return prev(method, payload, signal);
    });
    const line = 'x'.repeat(3000);
    const result = await time.drive(send(person(1), `${line}\n${line.replace(/x/g, 'y')}`, 'summary:long'));
    expect(result).toMatchObject({ ok: true });
    expect(recorder.calls.map((c) => [String(c.payload.text).slice(0, 1), c.failed])).toEqual([
      ['x', false],
      ['y', true],
      ['y', false],
    ]);
  });

  it('never sends faster than 30 messages a second overall', async () => {
    const { time, recorder, sender } = await setup();
    const people = Array.from({ length: 90 }, (_, i) => person(i));
    await time.drive(Promise.all(people.map((p) => sender.send(p, 'x', `k:${p._id}`))));
    const times = recorder.calls.map((c) => c.at).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(1000 - 1e-6);
    expect(times.at(-1)).toBeLessThan(3100);
  });

  it('sends to one chat at most once a second', async () => {
    const { time, recorder, sender } = await setup();
    const p = person(1);
    await time.drive(Promise.all([1, 2, 3].map((n) => sender.send(p, `tin ${n}`, `k${n}`))));
    const times = recorder.calls.map((c) => c.at);
    expect(times).toEqual([0, 1000, 2000]);
  });

  it('hands a 429 back to the outbox as a transient error with retryAfterMs, after one API call', async () => {
    const { time, recorder, sender } = await setup();
    recorder.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 300', parameters: { retry_after: 300 } });
    const outcome = time.drive(sender.send(person(1), 'x', 'k'));
    await expect(outcome).rejects.toBeInstanceOf(TransientSendError);
    await expect(outcome).rejects.toMatchObject({ retryAfterMs: 300_000 });
    expect(recorder.calls).toHaveLength(1);
  });

  it('records a user who blocked the bot, reports "blocked", and does not try again', async () => {
    const { core } = await createTestCore();
    await core.repos.people.linkAccount(DEMO.officer.id, 'telegram', String(5555));
    const officer = (await core.repos.people.get(DEMO.officer.id))!;
    const recorder = new RecordingBotApi();
    const api = new Api('123456:TEST-TOKEN');
    recorder.install(api);
    const sender = createTelegramSender({ api, people: core.repos.people, logger: silentLogger });
    recorder.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });

    expect(sender.canReach(officer)).toBe(true);
    expect(await sender.send(officer, 'Tổng hợp tuần', 'summary:w47')).toEqual({
      ok: false,
      reason: 'blocked',
      detail: 'Forbidden: bot was blocked by the user',
    });
    expect(recorder.calls).toHaveLength(1);
    const after = (await core.repos.people.get(DEMO.officer.id))!;
    expect(after).toMatchObject({ accounts: [{ door: 'telegram', id: '5555', blockedAt: expect.any(String) }] });
    expect(sender.canReach(after)).toBe(false);
  });

  it('sends an attachment as a document after the text', async () => {
    const { time, recorder, sender } = await setup();
    const attachment = { filename: 'ke-sat-2026-11.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: Buffer.from('xlsx') };
    const result = await time.drive(sender.send(person(1), 'Báo cáo tháng 11', 'export:1', attachment));
    expect(result).toMatchObject({ ok: true, status: 'sent' });
    expect(recorder.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
  });

  it('cannot reach a person with no Telegram account', async () => {
    const { sender } = await setup();
    const { accounts: _none, ...noTelegram } = person(1);
    expect(sender.canReach(noTelegram)).toBe(false);
  });
});
