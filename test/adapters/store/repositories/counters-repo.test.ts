import { counterWindow } from '../../../../core/repos/inbound-repo';
import type { OpenStorage } from '../../../../adapters/store/open-storage';
import { rawStores, type RawStore } from '../raw-stores';

const at = (iso: string) => new Date(iso);

/**
 * A counter written before counters expired: a document with no expiry on
 * MongoDB; on SQLite, what migration 1 makes of one (an expiry in the past).
 */
async function legacyCounter(store: RawStore, doc: { _id: string; count: number; [k: string]: unknown }): Promise<void> {
  if (store.mongo) return void (await store.mongo.collection<{ _id: string }>('counters').insertOne(doc));
  const { _id, count, ...fields } = doc;
  store.sql!((db) => db.prepare("INSERT INTO counters (id, count, expires_at, fields) VALUES (?, ?, '1970-01-01T00:00:00.000Z', ?)").run(_id, count, JSON.stringify(fields)));
}

describe('counterWindow', () => {
  it('labels the UTC minute or hour a moment falls in and ends the counter with it', () => {
    expect(counterWindow(at('2026-11-20T03:07:59.999Z'), 'minute')).toEqual({ label: '2026-11-20T03:07', endsAt: at('2026-11-20T03:08:00.000Z') });
    expect(counterWindow(at('2026-11-20T03:07:59.999Z'), 'hour')).toEqual({ label: '2026-11-20T03', endsAt: at('2026-11-20T04:00:00.000Z') });
    expect(counterWindow(at('2026-12-31T23:59:00.000Z'), 'hour')).toEqual({ label: '2026-12-31T23', endsAt: at('2027-01-01T00:00:00.000Z') });
  });
});

// Written on the raw store too (a counter from before expiry existed), so the suite keeps the store at hand.
describe.each(rawStores('repo-counters'))('the counters repository on %s', (_label, open) => {
  let store: RawStore;
  let storage: OpenStorage;
  beforeAll(async () => {
    store = await open();
    storage = store.storage;
  });
  afterAll(async () => {
    await store.close();
  });
  const counters = () => storage.repos.counters;

  it('counts every increment, even ten at once, each count to one caller, and moves the expiry to the last one given', async () => {
    const counts = await Promise.all(Array.from({ length: 10 }, () => counters().increment('count:a', at('2026-11-20T03:01:00Z'))));
    // Each count goes to exactly one caller: of texts arriving together, one is the first over a limit.
    expect(counts.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await counters().increment('count:a', at('2026-11-21T03:00:00Z'))).toBe(11);
    expect(await counters().get('count:a')).toEqual({ _id: 'count:a', count: 11, expiresAt: '2026-11-21T03:00:00.000Z' });
  });

  it('claims a field once per value, and a counter made by a claim carries its expiry', async () => {
    const claims = await Promise.all([1, 2, 3].map(() => counters().claim('claim:a', 'day', '2026-11-20', at('2026-11-21T03:00:00Z'))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await counters().claim('claim:a', 'day', '2026-11-21', at('2026-11-22T03:00:00Z'))).toBe(true);
    expect(await counters().get('claim:a')).toEqual({ _id: 'claim:a', count: 0, day: '2026-11-21', expiresAt: '2026-11-21T03:00:00.000Z' });
  });

  it('deletes the counters expired before now, those from before counters expired, and nothing else', async () => {
    await counters().increment('sweep:minute', at('2026-11-20T03:01:00Z'));
    await counters().increment('sweep:hour', at('2026-11-20T04:00:00Z'));
    await counters().increment('sweep:day', at('2026-11-21T03:00:00Z'));
    await legacyCounter(store, { _id: 'sweep:old', count: 4, lastReplyDay: '2026-10-01' });
    const ids = ['sweep:day', 'sweep:hour', 'sweep:minute', 'sweep:old'];
    const left = async () => (await Promise.all(ids.map((id) => counters().get(id)))).filter((c) => c !== null).map((c) => c!._id);

    // Expiring exactly now still counts for this instant: only strictly earlier ones go.
    expect(await counters().deleteExpired(at('2026-11-20T03:01:00Z'))).toBe(1);
    expect(await left()).toEqual(['sweep:day', 'sweep:hour', 'sweep:minute']);
    expect(await counters().deleteExpired(at('2026-11-20T03:01:00.001Z'))).toBe(1);
    expect(await counters().deleteExpired(at('2026-11-20T05:00:00Z'))).toBe(1);
    expect(await left()).toEqual(['sweep:day']);
    // The day's counter and the two above (all expiring 03:00 on the 21st) go together.
    expect(await counters().deleteExpired(at('2026-11-21T03:00:00.001Z'))).toBe(3);
    expect(await left()).toEqual([]);
  });
});
