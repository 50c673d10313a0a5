import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';

/** Transaction control (and the batch's temporary-storage setting around it), counted apart from the statements that read or write data. */
const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA temp_store)\b/;

/**
 * What one `TT 45 hop thon` costs the embedded store through the core entry:
 * every statement is counted (the store traces them), after a first message
 * has warmed the caches a running server keeps.
 */
describe('statements per message on the embedded store', () => {
  let t: TestCore;
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openEmbeddedStorage();
    t = await createTestCore({ storage: store });
  });
  afterEach(async () => {
    await store.close();
  });

  async function statementsOf(text: string): Promise<{ data: string[]; control: string[]; reply: string | null }> {
    const { send } = smsInto(() => t);
    const seen: string[] = [];
    expect(store.admin.traceStatements((sql) => seen.push(sql))).toBe(true);
    const outcome = await send(DEMO.collaboratorDong.phone, text);
    store.admin.traceStatements(null);
    return { data: seen.filter((sql) => !CONTROL.test(sql)), control: seen.filter((sql) => CONTROL.test(sql)), reply: outcome.text };
  }

  /**
   * Was 20 data statements (and 24 of transaction control) before typed
   * tables, 9 with typed counters, claims and rollups; 6 with typed logs
   * (rollups by trigger, the reply's month count returned by the insert).
   */
  const CEILING = 6;

  it(`one TT log through the core entry costs at most ${CEILING} data statements`, async () => {
    // A running server's steady state: the sender's first message records their channel (a roster write, which empties the roster cache).
    await statementsOf('TT 30 hop thon');
    await statementsOf('TT 31 truyen thanh');
    const { data, control, reply } = await statementsOf('TT 45 hop thon');
    console.log(`statements for one TT 45 hop thon: ${data.length} data, ${control.length} transaction control\n  ${data.join('\n  ')}`);
    expect(reply).toMatch(/45/);
    expect(data.length).toBeLessThanOrEqual(CEILING);
    // Writes inside a unit resolve at once in the open transaction, so a message is one transaction (was 4), fsynced
    // once, with no savepoint around its one-statement writes (was 16 control statements in all).
    const transactions = control.filter((sql) => sql.startsWith('BEGIN')).length;
    console.log(`transactions for one TT: ${transactions}`);
    // Temporary storage stays in memory from one batch of messages to the next: no switch, so no statement is prepared again.
    expect(control).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('sixteen messages in one batch read SQLite\'s data_version once: no other connection can commit while the batch holds the write lock', async () => {
    const { send } = smsInto(() => t);
    await statementsOf('TT 30 hop thon');
    await statementsOf('TT 31 truyen thanh');
    const seen: string[] = [];
    store.admin.traceStatements((sql) => seen.push(sql));
    // Sixteen texts at once, as sixteen webhooks of one event-loop turn: one transaction.
    const phones = [DEMO.collaboratorDong, DEMO.collaboratorTay, DEMO.collaboratorNgoc, DEMO.collaboratorAnNinh].map((c) => c.phone);
    t.clock.advance(60_000);
    const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => send(phones[i % 4]!, `TT ${40 + i} hop thon`)));
    store.admin.traceStatements(null);
    expect(outcomes.every((o) => o.reply?.key === 'log.saved')).toBe(true);
    expect(seen.filter((sql) => sql.startsWith('BEGIN'))).toHaveLength(1);
    expect(seen.filter((sql) => sql === 'PRAGMA data_version')).toHaveLength(1);
  });

  it('the month count in each confirmation is the village\'s live logs, counted by hand: 1, 2, 3; 3 again after a HUY; 5 for both of two sent at once', async () => {
    const { send } = smsInto(() => t);
    const count = (text: string | null) => Number(/(\d+) buoi thang/.exec(text ?? '')?.[1]);
    const phone = DEMO.collaboratorDong.phone;
    const first = await send(phone, 'TT 30 hop thon');
    expect(count(first.text)).toBe(1);
    expect(count((await send(phone, 'TT 31 truyen thanh')).text)).toBe(2);
    expect(count((await send(phone, 'TT 32 hop thon')).text)).toBe(3);
    const code = /#([A-Z0-9]+)/.exec(first.text ?? '')?.[1];
    expect((await send(phone, `HUY ${code}`)).text).toMatch(/^Da huy/);
    expect(count((await send(phone, 'TT 33 hop thon')).text)).toBe(3);
    const [a, b] = await Promise.all([send(phone, 'TT 34 hop thon'), send(phone, 'TT 35 truyen thanh')]);
    // Both replies are read after both inserts: 3 + 2 live logs.
    expect([count(a.text), count(b.text)]).toEqual([5, 5]);
  });
});
