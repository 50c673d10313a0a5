import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storageOn, type OpenStorage } from '../../../adapters/store/open-storage';
import { openEmbeddedStore, type EmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { createTestCore, type TestCore } from '../../support/test-core';
import { smsInto } from '../../support/core-entry';
import { importRoster } from '../../../core/roster/import-roster';

/**
 * SQLite copies each page a statement changes into a statement journal, so
 * a failed statement undoes only itself inside the open batch. With
 * `temp_store = FILE` that journal spills to a temporary file past 64 KiB: a
 * log's insert (its row, seven indexes and the rollup rows its triggers keep)
 * crossed it, and each message wrote ~56 KiB of journal through ~26 write
 * calls (issue 23: CPU per message). A batch of messages keeps it in memory;
 * a write outside any unit (a rebuild's GROUP BY over every log) keeps
 * temporary storage on disk, so its sorts stay bounded.
 */
describe('the statement journal of a message batch stays in memory', () => {
  let dir: string;
  let store: EmbeddedStore;
  let storage: OpenStorage;
  let t: TestCore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-journal-'));
    store = openEmbeddedStore({ dataDir: dir });
    storage = await storageOn(store);
    t = await createTestCore({ storage, settings: { messagesPerMinute: 1000 } });
  });
  afterEach(async () => {
    await storage.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const tempStore = (store: EmbeddedStore) => Number((store.statement('PRAGMA temp_store').get() as { temp_store: number }).temp_store);

  it('a write inside a unit runs with temporary storage in memory, a lone write and every read outside a batch with it on disk', async () => {
    const MEMORY = 2;
    const FILE = 1;
    let inUnit = 0;
    await storage.repos.unit(async () => {
      await storage.repos.counters.increment('journal-test', new Date('2030-01-01T00:00:00Z'));
      inUnit = tempStore(store);
    });
    expect(inUnit).toBe(MEMORY);
    // A read outside any batch (a report) sorts on disk.
    expect(store.read(() => tempStore(store))).toBe(FILE);
    let lone = 0;
    await store.write('counters', () => void (lone = tempStore(store)), false, true);
    expect(lone).toBe(FILE);
  });

  it('a lone write that finds a batch of messages open commits it first and runs with temporary storage on disk; both writes stay', async () => {
    const seen: string[] = [];
    // The unit's write opens the batch (in memory); the write after it belongs to no unit, as a scheduler's would.
    const unit = storage.repos.unit(async () => {
      await store.write('counters', () => void seen.push(`unit ${tempStore(store)}`), false, true);
      await storage.repos.counters.increment('journal-a', new Date('2030-01-01T00:00:00Z'));
    });
    const lone = store.write('counters', () => void seen.push(`lone ${tempStore(store)}`), false, true);
    await Promise.all([unit, lone]);
    expect(seen).toEqual(['unit 2', 'lone 1']);
    expect((await storage.repos.counters.get('journal-a'))?.count).toBe(1);
  });

  /** A commune per 10 villages, one collaborator per village (the core bench's realistic spread). */
  const VILLAGES = 300;
  const phoneOf = (v: number) => `+8490${String(7_000_000 + v).padStart(7, '0')}`;
  function spreadRoster(): string {
    const lines = ['kind,id,name,code,parent,aliases,phone,telegram_id,language', 'province,p,Tỉnh Bench,PB,,,,,'];
    for (let c = 0; c < VILLAGES / 10; c++) lines.push(`commune,c${c},Xã ${c},XA${c},p,,,,`);
    for (let v = 0; v < VILLAGES; v++) {
      lines.push(`village,c${Math.floor(v / 10)}.v${v},Thôn ${v},T${v},c${Math.floor(v / 10)},,,,`);
      lines.push(`collaborator,ctv-${v},Cộng tác viên ${v},,c${Math.floor(v / 10)}.v${v},,${phoneOf(v)},,vi`);
    }
    return lines.join('\n');
  }

  const linux = fs.existsSync('/proc/self/io') ? it : it.skip;
  linux('TT messages from 300 villages, 16 at a time, write under 48 KiB each (the WAL and its checkpoint; ~85 KiB with the journal on disk)', async () => {
    const imported = await importRoster(spreadRoster(), t.core.repos, t.clock.now());
    expect(imported.ok).toBe(true);
    const { send } = smsInto(() => t);
    let next = 0;
    const round = () => Promise.all(Array.from({ length: 16 }, () => {
      const i = next++;
      return send(phoneOf(i % VILLAGES), `TT ${(i % 9000) + 1} hop thon`);
    }));
    for (let r = 0; r < 40; r++) await round();
    const written = () => Number(/wchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
    const before = written();
    const rounds = 20;
    for (let r = 0; r < rounds; r++) {
      const outcomes = await round();
      expect(outcomes.every((o) => o.reply?.key === 'log.saved')).toBe(true);
    }
    const perMessage = (written() - before) / (rounds * 16);
    console.log(`bytes written per TT: ${(perMessage / 1024).toFixed(1)} KiB`);
    expect(perMessage).toBeLessThan(48 * 1024);
  }, 60_000);
});
