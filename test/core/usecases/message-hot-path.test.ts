import { AsyncLocalStorage } from 'node:async_hooks';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { SessionLogSchema } from '../../../core/domain/session-log';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { reply } from '../../../core/reply';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';

/**
 * What every TT pays for in JavaScript, besides its statements (issue 23:
 * CPU per message). Each case names work the message used to repeat and that
 * gave the same answer each time; the replies and the stored log stay the same.
 */
describe('the message hot path repeats no work whose answer it already has', () => {
  let storage: OpenStorage;
  let t: TestCore;
  beforeEach(async () => {
    storage = await openEmbeddedStorage();
    t = await createTestCore({ storage, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await storage.close();
  });

  it('a log the core built is not parsed again by zod on its way into the typed table (its CHECKs refuse what must not hold)', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon');
    // Later than the first, so it is the sender's last log.
    t.clock.advance(1_000);
    const parse = jest.spyOn(SessionLogSchema, 'parse');
    const saved = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    expect(saved.reply?.key).toBe('log.saved');
    expect(parse).not.toHaveBeenCalled();
    const log = (await storage.repos.logs.lastOwn(DEMO.collaboratorDong.id))!;
    expect(log).toMatchObject({ participants: 45, form: 'hop', villageId: 'ke-sat.dong' });
    // The table still refuses a log no core would build.
    await expect(storage.repos.unit(() => storage.repos.logs.insert({ ...log, _id: 'bad', code: 'BAD1', channelMessageId: 'bad', participants: 0 }))).rejects.toThrow();
  });

  it('the sender and their village come from the roster cache without a structured clone (a plain copy of plain data)', async () => {
    const { send } = smsInto(() => t);
    await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon');
    const clone = jest.spyOn(globalThis, 'structuredClone');
    await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
    expect(clone).not.toHaveBeenCalled();
    // Still copies: what a caller changes is not what the next message sees.
    const person = (await storage.repos.people.findByIdentity({ kind: 'phone', phone: DEMO.collaboratorDong.phone }))!;
    person.placePath.push('changed-by-a-caller');
    person.role = { ...person.role };
    const again = (await storage.repos.people.findByIdentity({ kind: 'phone', phone: DEMO.collaboratorDong.phone }))!;
    expect(again.placePath).not.toContain('changed-by-a-caller');
  });

  it('vocabulary labels of a reply are looked up once per language, not at every render', () => {
    const i18n = createI18n();
    const saved = reply('log.saved', { code: 'UH3F', participants: 45, form: 'hop', groups: ['nd'], village: 'Thôn Đông', date: '02/12', note: '', monthCount: 3, month: 12 });
    const first = renderReply(i18n, saved, 'vi', 'full');
    const t = jest.spyOn(i18n, 't');
    expect(renderReply(i18n, saved, 'vi', 'full')).toBe(first);
    const keys = t.mock.calls.map((call) => String(call[0]));
    expect(keys.filter((k) => k.startsWith('vocabulary:'))).toEqual([]);
    expect(first).toMatch(/họp thôn/i);
    expect(renderReply(i18n, saved, 'en', 'full')).not.toBe(first);
  });
});

/**
 * Node 20's AsyncLocalStorage turns on promise hooks for the whole process
 * once entered: every promise then pays for them (~80 µs of CPU per message,
 * ~17%, measured on the core bench in memory). A message's unit is handed to
 * its repositories instead, so the store knows its writes without it.
 */
describe('a message through the core entry on the embedded store', () => {
  it('enters no AsyncLocalStorage, and its writes still share one transaction and one fsync', async () => {
    const run = jest.spyOn(AsyncLocalStorage.prototype, 'run');
    const enter = jest.spyOn(AsyncLocalStorage.prototype, 'enterWith');
    const storage = await openEmbeddedStorage();
    try {
      const t = await createTestCore({ storage });
      const { send } = smsInto(() => t);
      await send(DEMO.collaboratorDong.phone, 'TT 30 hop thon');
      run.mockClear();
      const seen: string[] = [];
      storage.admin.traceStatements((sql) => seen.push(sql));
      const saved = await send(DEMO.collaboratorDong.phone, 'TT 45 hop thon');
      storage.admin.traceStatements(null);
      expect(saved.reply?.key).toBe('log.saved');
      expect(run).not.toHaveBeenCalled();
      expect(enter).not.toHaveBeenCalled();
      expect(seen.filter((sql) => /^(BEGIN|COMMIT|SAVEPOINT)/.test(sql))).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
    } finally {
      jest.restoreAllMocks();
      await storage.close();
    }
  });
});
