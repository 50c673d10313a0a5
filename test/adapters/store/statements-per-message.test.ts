import { openEmbeddedStore, type EmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';

/** Transaction control, counted apart from the statements that read or write data. */
const CONTROL = /^(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b/;

/**
 * What one `TT 45 hop thon` costs the embedded store through the core entry:
 * every statement is counted (the store traces them), after a first message
 * has warmed the caches a running server keeps.
 */
describe('statements per message on the embedded store', () => {
  let t: TestCore;
  let store: EmbeddedStore;
  beforeEach(async () => {
    store = openEmbeddedStore();
    t = await createTestCore({ store });
  });
  afterEach(async () => {
    await store.close();
  });

  async function statementsOf(text: string): Promise<{ data: string[]; control: string[]; reply: string | null }> {
    const { send } = smsInto(() => t);
    const seen: string[] = [];
    store.traceStatements((sql) => seen.push(sql));
    const outcome = await send(DEMO.collaboratorDong.phone, text);
    store.traceStatements(null);
    return { data: seen.filter((sql) => !CONTROL.test(sql)), control: seen.filter((sql) => CONTROL.test(sql)), reply: outcome.text };
  }

  /** Was 20 data statements (and 24 of transaction control) before typed tables; the goal is 6. */
  const CEILING = 9;

  it(`one TT log through the core entry costs at most ${CEILING} data statements`, async () => {
    // A running server's steady state: the sender's first message records their channel (a roster write, which empties the roster cache).
    await statementsOf('TT 30 hop thon');
    await statementsOf('TT 31 truyen thanh');
    const { data, control, reply } = await statementsOf('TT 45 hop thon');
    console.log(`statements for one TT 45 hop thon: ${data.length} data, ${control.length} transaction control\n  ${data.join('\n  ')}`);
    expect(reply).toMatch(/45/);
    expect(data.length).toBeLessThanOrEqual(CEILING);
    // Writes inside a unit resolve at their COMMIT (next event-loop turn), so a message is a few transactions, fsynced once.
    const transactions = control.filter((sql) => sql.startsWith('BEGIN')).length;
    console.log(`transactions for one TT: ${transactions}`);
    expect(control.filter((sql) => sql === 'COMMIT').length).toBe(transactions);
    expect(transactions).toBeLessThanOrEqual(4);
  });
});
