import { DuplicateKeyError, StoreClosedError } from '../../../core/ports/store-errors';
import type { DocumentStore } from '../../../adapters/store/document-store';

export interface StoreUnderTest {
  store: DocumentStore;
  dispose(): Promise<void>;
}

interface Item {
  _id: string;
  village: string;
  path: string[];
  n: number;
  tags?: string[];
  phone?: string;
  [k: string]: unknown;
}

/**
 * The behaviour every storage adapter promises. Both the embedded store and
 * the MongoDB adapter register this suite; a query shape that works on one
 * and not the other fails here, not in production.
 */
export function describeStoreContract(label: string, open: () => Promise<StoreUnderTest>): void {
  describe(`storage contract: ${label}`, () => {
    let sut: StoreUnderTest;
    beforeEach(async () => {
      sut = await open();
      await sut.store.ensureIndexes('items', [
        { name: 'items_village_n_unique', keys: { village: 1, n: 1 }, unique: true },
        { name: 'items_phone_unique', keys: { phone: 1 }, unique: true, sparse: true },
      ]);
    });
    afterEach(async () => {
      await sut.dispose();
    });

    const items = () => sut.store.collection<Item>('items');
    const seed = async () => {
      await items().insertMany([
        { _id: 'a', village: 'dong', path: ['p', 'c1', 'dong'], n: 1, tags: ['hs', 'tn'] },
        { _id: 'b', village: 'dong', path: ['p', 'c1', 'dong'], n: 2, tags: ['nd'] },
        { _id: 'c', village: 'tay', path: ['p', 'c1', 'tay'], n: 3, tags: ['hs'] },
        { _id: 'd', village: 'bac', path: ['p', 'c2', 'bac'], n: 4, tags: [] },
      ]);
    };

    it('when a document is inserted, findOne returns an equal copy of it', async () => {
      await items().insertOne({ _id: 'x', village: 'dong', path: ['p', 'dong'], n: 7, tags: ['a'] });
      expect(await items().findOne({ _id: 'x' })).toEqual({ _id: 'x', village: 'dong', path: ['p', 'dong'], n: 7, tags: ['a'] });
    });

    it('when the same _id is inserted twice, the second insert is a DuplicateKeyError and the first stays', async () => {
      await items().insertOne({ _id: 'x', village: 'dong', path: [], n: 1 });
      await expect(items().insertOne({ _id: 'x', village: 'tay', path: [], n: 2 })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await items().findOne({ _id: 'x' }))?.village).toBe('dong');
    });

    it('when a compound unique key repeats, the insert is refused with the index name', async () => {
      await items().insertOne({ _id: 'x', village: 'dong', path: [], n: 1 });
      const error = await items()
        .insertOne({ _id: 'y', village: 'dong', path: [], n: 1 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DuplicateKeyError);
      expect((error as DuplicateKeyError).index).toBe('items_village_n_unique');
      expect(await items().countDocuments({})).toBe(1);
    });

    it('when documents lack a sparse unique field, any number of them can be stored', async () => {
      await items().insertOne({ _id: 'x', village: 'v1', path: [], n: 1 });
      await items().insertOne({ _id: 'y', village: 'v2', path: [], n: 1 });
      await items().insertOne({ _id: 'z', village: 'v3', path: [], n: 1, phone: '+84905123456' });
      await expect(items().insertOne({ _id: 'w', village: 'v4', path: [], n: 1, phone: '+84905123456' })).rejects.toBeInstanceOf(
        DuplicateKeyError,
      );
      expect(await items().countDocuments({})).toBe(3);
    });

    it('when twenty writers race to insert the same unique key, exactly one wins', async () => {
      const attempts = Array.from({ length: 20 }, (_, i) =>
        items().insertOne({ _id: `r${i}`, village: 'dong', path: [], n: 99 }).then(
          () => 'ok',
          (e: unknown) => (e instanceof DuplicateKeyError ? 'dup' : 'other'),
        ),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'dup')).toHaveLength(19);
      expect(await items().countDocuments({ n: 99 })).toBe(1);
    });

    it('when a hundred distinct documents are inserted concurrently, all hundred are stored', async () => {
      await Promise.all(Array.from({ length: 100 }, (_, i) => items().insertOne({ _id: `k${i}`, village: `v${i}`, path: ['p'], n: i })));
      expect(await items().countDocuments({ path: 'p' })).toBe(100);
    });

    it('a filter value matches any element of an array field, so a place path finds its subtree', async () => {
      await seed();
      const inC1 = await items().find({ path: 'c1' }, { sort: { n: 1 } });
      expect(inC1.map((d) => d._id)).toEqual(['a', 'b', 'c']);
    });

    it('find honours $in, $ne, ranges, $exists, $or, sort, skip, limit and projection', async () => {
      await seed();
      expect((await items().find({ village: { $in: ['tay', 'bac'] } }, { sort: { n: -1 } })).map((d) => d._id)).toEqual(['d', 'c']);
      expect((await items().find({ n: { $gte: 2, $lt: 4 }, village: { $ne: 'tay' } })).map((d) => d._id)).toEqual(['b']);
      expect((await items().find({ $or: [{ n: 1 }, { village: 'bac' }] }, { sort: { n: 1 } })).map((d) => d._id)).toEqual(['a', 'd']);
      expect(await items().countDocuments({ phone: { $exists: false } })).toBe(4);
      expect((await items().find({}, { sort: { n: 1 }, skip: 1, limit: 2 })).map((d) => d._id)).toEqual(['b', 'c']);
      const projected = await items().find({ _id: 'a' }, { projection: { village: 1 } });
      expect(projected).toEqual([{ _id: 'a', village: 'dong' }]);
    });

    it('updateOne applies $set, $inc, $push, $max and $unset to one matching document', async () => {
      await seed();
      const result = await items().updateOne(
        { _id: 'a' },
        { $set: { village: 'nam' }, $inc: { n: 10 }, $push: { tags: 'pn' }, $max: { top: 5 }, $unset: { path: '' } },
      );
      expect(result).toEqual({ matched: 1, modified: 1, upserted: false });
      const a = await items().findOne({ _id: 'a' });
      expect(a).toEqual({ _id: 'a', village: 'nam', n: 11, tags: ['hs', 'tn', 'pn'], top: 5 });
    });

    it('updateOne that matches nothing changes nothing, and with upsert inserts from the filter and $setOnInsert', async () => {
      expect(await items().updateOne({ _id: 'none' }, { $set: { n: 1 } })).toEqual({ matched: 0, modified: 0, upserted: false });
      const first = await items().updateOne(
        { _id: 'u', village: 'dong' },
        { $setOnInsert: { path: ['p'], createdAt: 'then' }, $inc: { n: 1 } },
        { upsert: true },
      );
      expect(first.upserted).toBe(true);
      const second = await items().updateOne(
        { _id: 'u', village: 'dong' },
        { $setOnInsert: { createdAt: 'now' }, $inc: { n: 1 } },
        { upsert: true },
      );
      expect(second).toEqual({ matched: 1, modified: 1, upserted: false });
      expect(await items().findOne({ _id: 'u' })).toEqual({ _id: 'u', village: 'dong', path: ['p'], createdAt: 'then', n: 2 });
    });

    it('an update that would break a unique index is refused and leaves the document as it was', async () => {
      await seed();
      await expect(items().updateOne({ _id: 'b' }, { $set: { n: 1 } })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect((await items().findOne({ _id: 'b' }))?.n).toBe(2);
    });

    it('a conditional updateOne is a compare-and-set: of two racers only one matches', async () => {
      await seed();
      const race = await Promise.all([
        items().updateOne({ _id: 'a', claimedBy: { $exists: false } }, { $set: { claimedBy: 'one' } }),
        items().updateOne({ _id: 'a', claimedBy: { $exists: false } }, { $set: { claimedBy: 'two' } }),
      ]);
      expect(race.map((r) => r.modified).sort()).toEqual([0, 1]);
    });

    it('updateMany and deleteMany report how many documents they touched', async () => {
      await seed();
      expect((await items().updateMany({ path: 'c1' }, { $set: { flagged: true } })).modified).toBe(3);
      expect(await items().deleteMany({ village: 'dong' })).toBe(2);
      expect(await items().countDocuments({})).toBe(2);
      expect(await items().countDocuments({ flagged: true })).toBe(1);
    });

    it('aggregate groups by a compound key of a nested path and an array value', async () => {
      await seed();
      await items().updateMany({}, { $set: { periods: { month: '2026-11' } } });
      await items().updateOne({ _id: 'b' }, { $set: { tags: ['hs', 'tn'] } });
      const key = { v: '$village', m: '$periods.month', g: '$tags' };
      const sessions = await items().aggregate<{ _id: { v: string; m: string; g: string[] }; n: number }>([
        { $match: { path: 'c1', 'periods.month': { $gte: '2026-01', $lte: '2026-12' } } },
        { $group: { _id: key, n: { $sum: 1 } } },
        { $sort: { '_id.v': 1 } },
      ]);
      const totals = await items().aggregate<{ _id: { v: string; m: string; g: string[] }; s: number }>([
        { $match: { path: 'c1' } },
        { $group: { _id: key, s: { $sum: '$n' } } },
        { $sort: { '_id.v': 1 } },
      ]);
      expect(sessions).toEqual([
        { _id: { v: 'dong', m: '2026-11', g: ['hs', 'tn'] }, n: 2 },
        { _id: { v: 'tay', m: '2026-11', g: ['hs'] }, n: 1 },
      ]);
      expect(totals).toEqual([
        { _id: { v: 'dong', m: '2026-11', g: ['hs', 'tn'] }, s: 3 },
        { _id: { v: 'tay', m: '2026-11', g: ['hs'] }, s: 3 },
      ]);
    });

    it('aggregate computes several $sum accumulators in one $group, then sorts', async () => {
      await seed();
      const rows = await items().aggregate<{ _id: { v: string }; n: number; s: number }>([
        { $match: { path: 'p' } },
        { $group: { _id: { v: '$village' }, n: { $sum: 1 }, s: { $sum: '$n' } } },
        { $sort: { s: -1, '_id.v': 1 } },
      ]);
      expect(rows).toEqual([
        { _id: { v: 'bac' }, n: 1, s: 4 },
        { _id: { v: 'dong' }, n: 2, s: 3 },
        { _id: { v: 'tay' }, n: 1, s: 3 },
      ]);
    });

    it('aggregate unwinds an array and groups by its elements', async () => {
      await seed();
      const rows = await items().aggregate<{ _id: string; n: number }>([
        { $match: { path: 'c1' } },
        { $unwind: '$tags' },
        { $group: { _id: '$tags', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ]);
      expect(rows).toEqual([
        { _id: 'hs', n: 2 },
        { _id: 'nd', n: 1 },
        { _id: 'tn', n: 1 },
      ]);
    });

    it('aggregate supports $skip, $limit, $project and $count', async () => {
      await seed();
      const page = await items().aggregate<{ _id: string }>([{ $sort: { n: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }]);
      expect(page).toEqual([{ _id: 'b' }, { _id: 'c' }]);
      expect(await items().aggregate([{ $match: { village: 'dong' } }, { $count: 'n' }])).toEqual([{ n: 2 }]);
    });

    it('documents returned to a caller are copies: changing them does not change the store', async () => {
      await seed();
      const a = await items().findOne({ _id: 'a' });
      a!.tags!.push('mutated');
      expect((await items().findOne({ _id: 'a' }))?.tags).toEqual(['hs', 'tn']);
    });

    it('ping resolves while the store is open', async () => {
      await expect(sut.store.ping()).resolves.toBeUndefined();
    });

    it('after close, every call fails with StoreClosedError (never reconnects, never reaches the driver)', async () => {
      await seed();
      const before = items();
      await sut.store.close();
      const calls: [string, () => Promise<unknown>][] = [
        ['insert', () => before.insertOne({ _id: 'z', village: 'x', path: [], n: 99 })],
        ['find', () => before.find({})],
        ['findOne', () => before.findOne({ _id: 'a' })],
        ['update', () => before.updateOne({ _id: 'a' }, { $set: { n: 5 } })],
        ['delete', () => before.deleteMany({})],
        ['count', () => before.countDocuments({})],
        ['aggregate', () => before.aggregate([{ $match: {} }])],
        ['a collection taken after close', () => items().find({})],
        ['indexes', () => sut.store.ensureIndexes('items', [{ name: 'items_n', keys: { n: 1 } }])],
        ['ping', () => sut.store.ping()],
      ];
      const unit = sut.store.unit?.bind(sut.store);
      if (unit) calls.push(['unit', () => unit(async () => 1)]);
      const outcomes: [string, string][] = [];
      for (const [name, call] of calls) {
        outcomes.push([name, await call().then(() => 'resolved', (error: unknown) => (error instanceof StoreClosedError ? 'closed' : String(error)))]);
      }
      expect(outcomes).toEqual(calls.map(([name]) => [name, 'closed']));
    });
  });
}
