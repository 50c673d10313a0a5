import { randomUUID } from 'node:crypto';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import type { InboundMessage } from '../../../core/inbound';
import { contextWithRepos, type UseCaseContext } from '../../../core/usecases/context';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { bothStores, smsInto } from '../../support/core-entry';
import { recordingOutbound } from '../../support/recording-codes';
import { FakeClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n/i18n';
import { rendererFor } from '../../../core/i18n/render';
import { silentLogger } from '../../../core/logger';
import { createOutbox } from '../../../core/outbound/outbox';
import type { MessageSender } from '../../../core/outbound/port';

/** Transaction control, apart from the statements that read or write data. */
const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA temp_store)\b/;

/**
 * A message on the embedded store is one unit of work: its claim, its writes
 * and its stored answer share one transaction and one fsync (issue 23). The
 * helpers a message reaches besides `ctx.repos` (the chat linking with its
 * one-time codes, the officer kit) must write through the message's unit too,
 * not through the core's unbound repositories, where each write was a lone
 * transaction that also committed the message's batch half-way.
 */
describe('helpers a message reaches write inside its unit on the embedded store', () => {
  let store: OpenStorage;
  let t: TestCore;
  let recorded: ReturnType<typeof recordingOutbound>;
  beforeEach(async () => {
    store = await openEmbeddedStorage();
    recorded = recordingOutbound();
    t = await createTestCore({ storage: store, outbound: recorded.outbound, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    await store.close();
  });

  const chat = (id: string, text: string): InboundMessage => ({
    channel: 'telegram',
    channelMessageId: randomUUID(),
    sender: { kind: 'account', door: 'telegram', id },
    text,
    receivedAt: t.clock.now(),
  });

  /** Every statement one message makes through the core entry. */
  async function traced<T>(run: () => Promise<T>): Promise<{ result: T; data: string[]; control: string[]; all: string[] }> {
    const seen: string[] = [];
    expect(store.admin.traceStatements((sql) => seen.push(sql))).toBe(true);
    try {
      const result = await run();
      return { result, data: seen.filter((sql) => !CONTROL.test(sql)), control: seen.filter((sql) => CONTROL.test(sql)), all: seen };
    } finally {
      store.admin.traceStatements(null);
    }
  }

  /** The BEGIN/COMMIT statements alone (a switch of temporary storage means a lone write ran between the message's). */
  const transactionsOf = (control: string[]) => control.filter((sql) => sql.startsWith('BEGIN') || sql === 'COMMIT');

  it('an unlinked chat account that texts anything gets the linking prompt in one transaction: its prompt counter is the message\'s write', async () => {
    // A first message warms the caches a running server keeps.
    await t.core.handleInbound(chat('5001', 'xin chao'));
    const { result, data, control } = await traced(() => t.core.handleInbound(chat('5001', 'xin chao')));
    expect(result.reply?.key).toBe('codes:link.prompt');
    expect(data.some((sql) => /counters/i.test(sql))).toBe(true);
    expect(control).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('DK and then the code link a chat account, each message in one transaction with its claim and its answer', async () => {
    await t.core.handleInbound(chat('5002', 'xin chao'));
    const asked = await traced(() => t.core.handleInbound(chat('5002', `DK ${DEMO.collaboratorTay.phone}`)));
    expect(asked.result.reply?.key).toBe('codes:link.sent');
    expect(recorded.sent).toHaveLength(1);
    expect(asked.data.some((sql) => /one_time_codes/i.test(sql))).toBe(true);
    expect(transactionsOf(asked.control)).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);

    const linked = await traced(() => t.core.handleInbound(chat('5002', recorded.lastCode())));
    expect(linked.result.reply?.key).toBe('codes:link.linked');
    expect(linked.result.person?._id).toBe(DEMO.collaboratorTay.id);
    expect(linked.data.some((sql) => /person_accounts/i.test(sql))).toBe(true);
    expect(transactionsOf(linked.control)).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    // The link holds: the account's next message is the collaborator's.
    const next = await t.core.handleInbound(chat('5002', 'TT 20 hop thon'));
    expect(next.reply?.key).toBe('log.saved');
  });

  it('an officer\'s HUYLK removes a person\'s chat links in the message\'s one transaction', async () => {
    await t.core.handleInbound(chat('5003', `DK ${DEMO.collaboratorTay.phone}`));
    await t.core.handleInbound(chat('5003', recorded.lastCode()));
    const { send } = smsInto(() => t);
    await send(DEMO.officer.phone, 'TONGHOP');
    const { result, control } = await traced(() => send(DEMO.officer.phone, `HUYLK ${DEMO.collaboratorTay.phone}`));
    expect(result.reply?.key).toBe('codes:unlink.done');
    // A multi-statement write keeps its savepoint; what counts is one transaction and no lone write's switch.
    expect(transactionsOf(control)).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    expect(control.filter((sql) => sql.startsWith('PRAGMA temp_store'))).toEqual([]);
    expect((await store.repos.people.get(DEMO.collaboratorTay.id))?.accounts ?? []).toEqual([]);
  });

  it('an officer\'s TONGHOP reads its figures inside the message\'s one transaction', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon');
    await send(DEMO.officer.phone, 'TONGHOP');
    const { result, control } = await traced(() => send(DEMO.officer.phone, 'TONGHOP'));
    expect(result.reply?.key).toMatch(/^summary:/);
    expect(control).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('NHAC writes its first reminder claim in the message\'s transaction (no commit between the message\'s claim and it) and runs no lone write', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.officer.phone, 'TONGHOP');
    const { result, all } = await traced(() => send(DEMO.officer.phone, 'NHAC'));
    expect(result.reply?.key).toBe('summary:remind_done');
    expect(recorded.sent.length).toBeGreaterThan(0);
    const messageClaim = all.findIndex((sql) => /INSERT INTO inbound/i.test(sql));
    const firstReminderClaim = all.findIndex((sql) => /INSERT INTO claims/i.test(sql));
    expect(messageClaim).toBeGreaterThanOrEqual(0);
    expect(firstReminderClaim).toBeGreaterThan(messageClaim);
    expect(all.slice(messageClaim, firstReminderClaim).filter((sql) => sql === 'COMMIT')).toEqual([]);
    // A claim comes before a send, so each reminder claim still waits for its own commit and fsync; but every
    // transaction is the message's (temporary storage in memory): a lone write would switch it to disk and back.
    expect(all.filter((sql) => sql.startsWith('PRAGMA temp_store'))).toEqual([]);
  });

  it('a message\'s context offers every field of the core\'s context: the same values, its own repositories, and the helpers rebound to them', () => {
    const core = t.core.useCases;
    const message = contextWithRepos(core, store.repos);
    const rebound = new Set(['repos', 'officer', 'linking']);
    for (const key of Object.keys(core) as (keyof UseCaseContext)[]) {
      expect([key, message[key] !== undefined]).toEqual([key, true]);
      if (!rebound.has(key)) expect([key, message[key]]).toEqual([key, core[key]]);
    }
    expect(message.repos).toBe(store.repos);
    expect(message.officer).not.toBe(core.officer);
    expect(message.officer).toBe(message.officer);
    expect(message.linking).not.toBe(core.linking);
    expect(message.linking).toBe(message.linking);
  });

  it('a TT log rebinds neither the officer kit nor the linking: they are rebound on first use, once per message', async () => {
    const { send } = smsInto(() => t);
    const officer = jest.spyOn(t.core.useCases.officer, 'withRepos');
    const linking = jest.spyOn(t.core.useCases.linking!, 'withRepos');
    expect((await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon')).reply?.key).toBe('log.saved');
    expect(officer).not.toHaveBeenCalled();
    expect(linking).not.toHaveBeenCalled();
    // An officer command rebinds it, once.
    expect((await send(DEMO.officer.phone, 'CHUA')).reply?.key).toMatch(/^summary:/);
    expect(officer).toHaveBeenCalledTimes(1);
    expect(linking).not.toHaveBeenCalled();
  });
});

/**
 * In a running server the code of `DK` and NHAC's reminders go through the
 * outbox, which records each message in the store (claimed before it is sent)
 * before handing it to a door: those records are the message's writes too.
 */
describe('the outbox a message sends through writes inside its unit on the embedded store', () => {
  let store: OpenStorage;
  let t: TestCore;
  const texts: { phone: string | undefined; text: string }[] = [];
  beforeEach(async () => {
    store = await openEmbeddedStorage();
    texts.length = 0;
    const sms: MessageSender = {
      channel: 'sms',
      canReach: (person) => person.phone !== undefined,
      send: async (person, text) => {
        texts.push({ phone: person.phone, text });
        return { ok: true, status: 'queued' };
      },
    };
    const i18n = createI18n();
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    const outbox = createOutbox({ records: store.repos.outbox, senders: [sms], render: rendererFor(i18n), clock, logger: silentLogger, defaultSmsChannel: 'sms' });
    t = await createTestCore({ storage: store, clock, i18n, outbound: outbox, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    await store.close();
  });

  async function traced(run: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    store.admin.traceStatements((sql) => seen.push(sql));
    try {
      await run();
    } finally {
      store.admin.traceStatements(null);
    }
    return seen;
  }

  /** Statements from the message's own claim up to `pattern`'s first, which must be in the same transaction. */
  function sameTransaction(all: string[], pattern: RegExp): void {
    const messageClaim = all.findIndex((sql) => /INSERT INTO inbound/i.test(sql));
    const first = all.findIndex((sql) => pattern.test(sql));
    expect(messageClaim).toBeGreaterThanOrEqual(0);
    expect(first).toBeGreaterThan(messageClaim);
    expect(all.slice(messageClaim, first).filter((sql) => sql === 'COMMIT')).toEqual([]);
  }

  it('DK\'s code is recorded in the outbox within the message\'s transaction, with no lone write', async () => {
    const message: InboundMessage = { channel: 'telegram', channelMessageId: randomUUID(), sender: { kind: 'account', door: 'telegram', id: '8001' }, text: `DK ${DEMO.collaboratorTay.phone}`, receivedAt: t.clock.now() };
    await t.core.handleInbound({ ...message, channelMessageId: randomUUID(), text: 'xin chao' });
    const all = await traced(() => t.core.handleInbound(message));
    expect(texts).toHaveLength(1);
    expect(texts[0]!.phone).toBe(DEMO.collaboratorTay.phone);
    sameTransaction(all, /INSERT INTO outbox_messages/i);
    // The record comes before the send, so it still waits for its own commit and fsync; but no lone write ran.
    expect(all.filter((sql) => sql.startsWith('PRAGMA temp_store'))).toEqual([]);
  });

  it('NHAC\'s reminders are recorded in the outbox as the message\'s writes, with no lone write', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.officer.phone, 'TONGHOP');
    let reply: string | null = null;
    const all = await traced(async () => void (reply = (await send(DEMO.officer.phone, 'NHAC')).reply?.key ?? null));
    expect(reply).toBe('summary:remind_done');
    expect(texts.length).toBeGreaterThan(0);
    expect(all.some((sql) => /INSERT INTO outbox_messages/i.test(sql))).toBe(true);
    expect(all.filter((sql) => sql.startsWith('PRAGMA temp_store'))).toEqual([]);
  });
});

/**
 * The same linking and officer messages on both stores: rebinding the helpers
 * to a message's repositories changes nothing MongoDB does (it has no
 * `unitWith`, so the core's own helpers run there, as before).
 */
describe.each(bothStores('loa_unitbind'))('linking and officer commands through the core entry on %s', (_name, openStore) => {
  let t: TestCore;
  let recorded: ReturnType<typeof recordingOutbound>;
  beforeEach(async () => {
    recorded = recordingOutbound();
    t = await createTestCore({ storage: await openStore(), outbound: recorded.outbound, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    await t.storage.close();
  });

  const chat = (id: string, text: string, messageId: string = randomUUID()): InboundMessage => ({
    channel: 'telegram',
    channelMessageId: messageId,
    sender: { kind: 'account', door: 'telegram', id },
    text,
    receivedAt: t.clock.now(),
  });

  it('a chat account is prompted, asks with DK, links with its code, logs as its person, and an officer\'s HUYLK unlinks it', async () => {
    expect((await t.core.handleInbound(chat('6001', 'xin chao'))).reply?.key).toBe('codes:link.prompt');
    expect((await t.core.handleInbound(chat('6001', `DK ${DEMO.collaboratorTay.phone}`))).reply?.key).toBe('codes:link.sent');
    const linked = await t.core.handleInbound(chat('6001', recorded.lastCode()));
    expect(linked.reply?.key).toBe('codes:link.linked');
    expect((await t.storage.repos.people.get(DEMO.collaboratorTay.id))?.accounts).toEqual([{ door: 'telegram', id: '6001' }]);
    expect((await t.core.handleInbound(chat('6001', 'TT 20 hop thon'))).reply?.key).toBe('log.saved');
    const { send } = smsInto(() => t);
    expect((await send(DEMO.officer.phone, `HUYLK ${DEMO.collaboratorTay.phone}`)).reply?.key).toBe('codes:unlink.done');
    expect((await t.storage.repos.people.get(DEMO.collaboratorTay.id))?.accounts ?? []).toEqual([]);
    expect((await t.core.handleInbound(chat('6001', 'TT 21 hop thon'))).reply?.key).toBe('codes:link.prompt');
  });

  it('the same DK delivered twice sends one code; the same code message delivered twice links once and answers the same', async () => {
    const ask = chat('6002', `DK ${DEMO.collaboratorTay.phone}`);
    const first = await t.core.handleInbound(ask);
    const again = await t.core.handleInbound(ask);
    expect(again).toMatchObject({ reply: first.reply, duplicate: true });
    expect(recorded.sent).toHaveLength(1);
    const code = chat('6002', recorded.lastCode());
    const linked = await t.core.handleInbound(code);
    expect(linked.reply?.key).toBe('codes:link.linked');
    expect(await t.core.handleInbound(code)).toMatchObject({ reply: linked.reply, duplicate: true });
  });

  /**
   * Not a rollback: neither store undoes a failed message's writes. SQLite's
   * units share one group-committed transaction with the other messages of
   * their turn, and a unit that fails does not ROLLBACK it (that would undo
   * its neighbours' acknowledged writes); MongoDB has no transaction. What
   * holds instead is what the message id guarantees: the failed copy is not
   * acknowledged, its claim is released, and the provider's retry finds the
   * link made and answers so, once.
   */
  it('if the code message fails after the link is written, nothing is acknowledged and the retry answers "already linked" with the one link kept', async () => {
    await t.core.handleInbound(chat('6003', `DK ${DEMO.collaboratorTay.phone}`));
    const code = chat('6003', recorded.lastCode());
    const complete = jest.spyOn(t.storage.repos.inbound, 'complete').mockRejectedValueOnce(new Error('injected: the answer could not be stored'));
    await expect(t.core.handleInbound(code)).rejects.toThrow('injected');
    complete.mockRestore();
    expect(await t.storage.repos.inbound.get(code.channel, code.channelMessageId)).toBeNull();
    expect((await t.storage.repos.people.get(DEMO.collaboratorTay.id))?.accounts).toEqual([{ door: 'telegram', id: '6003' }]);
    const retry = await t.core.handleInbound(code);
    expect(retry).toMatchObject({ reply: { key: 'codes:link.already_linked' }, duplicate: false });
    expect(retry.person?._id).toBe(DEMO.collaboratorTay.id);
    expect(await t.core.handleInbound(code)).toMatchObject({ reply: retry.reply, duplicate: true });
  });

  it('NHAC reminds each quiet village once a week, and a second NHAC finds them already reminded', async () => {
    const { send } = smsInto(() => t);
    expect((await send(DEMO.officer.phone, 'NHAC')).reply?.key).toBe('summary:remind_done');
    const sent = recorded.sent.length;
    expect(sent).toBeGreaterThan(0);
    const claims = t.storage.repos.claims('reminders', 'test-probe');
    const firstVillage = String(recorded.sent[0]!.idempotencyKey.split(':')[2]);
    const week = String(recorded.sent[0]!.idempotencyKey.split(':')[1]);
    expect((await claims.get(firstVillage, week))?.status).toBe('sent');
    await send(DEMO.officer.phone, 'NHAC');
    expect(recorded.sent).toHaveLength(sent);
  });
});
