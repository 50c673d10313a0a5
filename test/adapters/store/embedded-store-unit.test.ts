import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type EmbeddedStore } from '../../../adapters/sqlite/embedded-store';
import { StoreUnavailableError } from '../../../core/ports/store-errors';
import { FakeClock } from '../../../core/clock';
import { createCore } from '../../../core/create-core';
import { storageOn, type OpenStorage } from '../../../adapters/store/open-storage';

/** Every write below is a counter or an outbox claim: rows of those two tables are what is committed. */
const WRITTEN = 'SELECT (SELECT count(*) FROM counters) + (SELECT count(*) FROM outbox_messages) AS n';
const LATER = new Date('2030-01-01T00:00:00Z');
import { commandRegistry } from '../../../app/commands';

/**
 * A stand-in for fdatasync that holds every flush (while `holding`) until the test releases it,
 * and records, when each flush began, how many rows another connection
 * (as a second process would) already saw committed.
 */
function heldFlushes(dir: string) {
  const pending: { release: () => void; fail: (e: Error) => void }[] = [];
  const seenAtStart: number[] = [];
  const state = { holding: true };
  let reader: EmbeddedStore | null = null;
  const flushWal = (): Promise<void> => {
    if (!state.holding) return Promise.resolve();
    reader ??= openEmbeddedStore({ dataDir: dir, durable: false });
    const seen = (reader as unknown as { db: { prepare(s: string): { get(): unknown } } }).db;
    seenAtStart.push(Number((seen.prepare(WRITTEN).get() as { n: number }).n));
    return new Promise((resolve, reject) => pending.push({ release: resolve, fail: reject }));
  };
  return {
    flushWal,
    seenAtStart,
    state,
    count: () => seenAtStart.length,
    releaseAll: () => pending.splice(0).forEach((p) => p.release()),
    failAll: (e: Error) => pending.splice(0).forEach((p) => p.fail(e)),
    close: async () => reader?.close(),
  };
}

/** Lets the store's COMMIT (next event-loop turn) and anything it resolves run. */
const turns = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

function tracked<T>(promise: Promise<T>) {
  const state = { done: false, failed: null as unknown };
  promise.then(
    () => (state.done = true),
    (e: unknown) => (state.failed = e),
  );
  return state;
}

describe('durable units on the embedded store (one fsync per unit)', () => {
  let dir: string;
  let flushes: ReturnType<typeof heldFlushes>;
  let store: OpenStorage;
  /** The store under the repositories, for the test that fails a batch as SQLite does on a full disk. */
  let raw: EmbeddedStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-unit-'));
    flushes = heldFlushes(dir);
    flushes.state.holding = false;
    raw = openEmbeddedStore({ dataDir: dir, flushWal: flushes.flushWal });
    store = await storageOn(raw);
    flushes.state.holding = true;
  });
  const counters = () => store.repos.counters;
  afterEach(async () => {
    flushes.releaseAll();
    await store.close();
    await flushes.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('outside a unit, a write resolves only after an fsync that began once it was committed', async () => {
    const write = tracked(counters().increment('a', LATER));
    await turns();
    expect(flushes.count()).toBe(1);
    expect(flushes.seenAtStart).toEqual([1]);
    expect(write.done).toBe(false);
    flushes.releaseAll();
    await turns();
    expect(write.done).toBe(true);
  });

  it("inside a unit, writes resolve once committed, and the unit resolves only after one fsync covering all three", async () => {
    let writesDone = 0;
    const unit = tracked(
      store.repos.unit(async () => {
        await counters().increment('claim', LATER);
        writesDone++;
        await counters().increment('log', LATER);
        writesDone++;
        await counters().claim('claim', 'state', 'done', LATER);
        writesDone++;
        return 'reply';
      }),
    );
    await turns(10);
    expect(writesDone).toBe(3);
    expect(flushes.seenAtStart).toEqual([2]);
    expect(unit.done).toBe(false);
    flushes.releaseAll();
    await turns();
    expect(unit.done).toBe(true);
    expect(flushes.count()).toBe(1);
  });

  it('a unit whose three writes are issued back to back costs one transaction, not one per write', async () => {
    const control: string[] = [];
    store.admin.traceStatements((sql) => void (/^(BEGIN|COMMIT)/.test(sql) && control.push(sql)));
    const unit = tracked(
      store.repos.unit(async () => {
        await counters().increment('claim', LATER);
        await counters().increment('log', LATER);
        await counters().claim('claim', 'state', 'done', LATER);
      }),
    );
    await turns(10);
    flushes.releaseAll();
    await turns();
    store.admin.traceStatements(null);
    expect(unit.done).toBe(true);
    expect(control).toEqual(['BEGIN IMMEDIATE', 'COMMIT']);
  });

  it('a unit whose writes were in a batch SQLite rolled back whole (as on a full disk) is refused, though its writes had resolved', async () => {
    const db = (raw as unknown as { db: { exec(sql: string): void } }).db;
    let written = false;
    const unit = tracked(
      store.repos.unit(async () => {
        await counters().increment('lost', LATER);
        written = true;
      }),
    );
    // In the same turn another message's statement fails and SQLite takes the whole transaction with it
    // (a write outside any unit would not share it: it commits the messages' batch first).
    const other = raw.unit(async () =>
      raw.write('counters', () => {
        db.exec('ROLLBACK');
        throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      }),
    );
    await expect(other).rejects.toThrow(StoreUnavailableError);
    await turns(10);
    flushes.releaseAll();
    await turns(10);
    expect(written).toBe(true);
    expect(unit.done).toBe(false);
    expect(unit.failed).toBeInstanceOf(StoreUnavailableError);
    expect(await counters().get('lost')).toBeNull();
  });

  it('a unit that throws rethrows its own error only after the fsync, so nothing it wrote is acknowledged before', async () => {
    const failing = tracked(
      store.repos.unit(async () => {
        await counters().increment('half', LATER);
        throw new Error('command failed');
      }),
    );
    await turns(10);
    expect(failing.failed).toBeNull();
    expect(flushes.count()).toBe(1);
    flushes.releaseAll();
    await turns();
    expect((failing.failed as Error).message).toBe('command failed');
  });

  it('a unit whose fsync fails is refused as unavailable, not acknowledged', async () => {
    const unit = tracked(store.repos.unit(async () => counters().increment('x', LATER)));
    await turns(10);
    flushes.failAll(new Error('EIO'));
    await turns();
    expect(unit.done).toBe(false);
    expect(unit.failed).toBeInstanceOf(StoreUnavailableError);
  });

  it('inside a unit, a write through the each-write-durable view (an outbox claim before a send) still waits for its own fsync', async () => {
    let claimed = false;
    const unit = tracked(
      store.repos.unit(async () => {
        await counters().increment('log', LATER);
        await store.repos.outbox.claim({ _id: 'outbox-claim', personId: 'ctv-dong', channel: 'sms', state: 'pending', attempts: 1, textLength: 10, createdAt: '2026-11-20T02:00:00Z', updatedAt: '2026-11-20T02:00:00Z' });
        claimed = true;
      }),
    );
    await turns(10);
    expect(claimed).toBe(false);
    expect(flushes.seenAtStart).toEqual([2]);
    flushes.releaseAll();
    await turns(10);
    expect(claimed).toBe(true);
    // The claim's fsync covered everything: the unit's end needs no second one.
    expect(flushes.count()).toBe(1);
    expect(unit.done).toBe(true);
  });

  it('twenty concurrent units of three writes each are acknowledged after at most twenty fsyncs, not sixty', async () => {
    const units = Array.from({ length: 20 }, (_, u) =>
      store.repos.unit(async () => {
        for (let w = 0; w < 3; w++) await counters().increment(`${u}-${w}`, LATER);
      }),
    );
    let all = false;
    void Promise.all(units).then(() => (all = true));
    while (!all) {
      await turns(3);
      flushes.releaseAll();
    }
    expect(await store.admin.countRecords('counters')).toBe(60);
    expect(flushes.count()).toBeLessThanOrEqual(20);
  });

  it("the core entry answers a message only after the fsync that covers the message's writes", async () => {
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    flushes.state.holding = false;
    const core = await createCore({ commands: commandRegistry(), storage: store, clock });
    flushes.state.holding = true;
    const before = flushes.count();
    const answer = tracked(
      core.handleInbound({ channel: 'sms', channelMessageId: 'm1', sender: { kind: 'phone', phone: '+84905999999' }, text: 'TT 5 hop thon', receivedAt: clock.now() }),
    );
    await turns(30);
    expect(flushes.count()).toBe(before + 1);
    expect(answer.done).toBe(false);
    flushes.releaseAll();
    await turns(10);
    expect(answer.done).toBe(true);
  });
});
