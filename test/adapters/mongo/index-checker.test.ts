import { queryShapesOf, servingIndex, unservedQueries, type QueryShape } from '../../../adapters/mongo/index-coverage';
import { MONGO_INDEXES } from '../../../adapters/mongo/repositories';
import type { MongoIndex } from '../../../adapters/mongo/repositories/context';

const LOGS: MongoIndex[] = [
  { name: 'logs_person_created_id', key: { personId: 1, createdAt: -1, _id: -1 } },
  { name: 'logs_path_date_village', key: { placePath: 1, date: 1, villageId: 1 } },
];
const find = (filter: Record<string, unknown>, sort?: Record<string, number>): QueryShape => ({ collection: 'logs', command: 'find', filter, ...(sort ? { sort } : {}) });

describe('the index checker (equality, then sort, then range)', () => {
  it('finds the index that serves equality fields followed by the sort, in either direction', () => {
    expect(servingIndex(find({ personId: 'p1', cancelledAt: null }, { createdAt: -1, _id: -1 }), LOGS)).toBe('logs_person_created_id');
    expect(servingIndex(find({ personId: 'p1' }, { createdAt: 1, _id: 1 }), LOGS)).toBe('logs_person_created_id');
    expect(servingIndex(find({ placePath: 'd1', cancelledAt: null, date: { $gte: '2026-11-01', $lte: '2026-11-30' } }, { date: 1, villageId: 1 }), LOGS)).toBe('logs_path_date_village');
  });

  it('serves `_id` lookups by the built-in index and accepts a deliberate read of the whole collection', () => {
    expect(servingIndex(find({ _id: 'x', cancelledAt: null }), [])).toBe('_id_');
    expect(servingIndex(find({ _id: { $in: ['a', 'b'] } }), [])).toBe('_id_');
    expect(servingIndex(find({}), [])).toBe('whole collection');
  });

  it('fails a deliberately unindexed query: a field no index starts with, a sort the index does not hold, a sort in mixed directions', () => {
    expect(servingIndex(find({ note: 'hop thon' }), LOGS)).toBeNull();
    expect(servingIndex(find({ personId: 'p1' }, { date: -1 }), LOGS)).toBeNull();
    expect(servingIndex(find({ personId: 'p1' }, { createdAt: -1, _id: 1 }), LOGS)).toBeNull();
    // `$ne` bounds nothing: the index cannot start there.
    expect(servingIndex(find({ personId: { $ne: 'p1' } }), LOGS)).toBeNull();
    expect(unservedQueries([find({ note: 'hop thon' }), find({ personId: 'p1' })], { logs: LOGS })).toEqual(['logs find {"note":"equality"}']);
  });

  it('reads the filter and sort out of the commands the driver sends (find, update, delete, findAndModify, aggregate)', () => {
    expect(queryShapesOf('find', { find: 'logs', filter: { personId: 'p' }, sort: { createdAt: -1 } })).toEqual([{ collection: 'logs', command: 'find', filter: { personId: 'p' }, sort: { createdAt: -1 } }]);
    expect(queryShapesOf('update', { update: 'people', updates: [{ q: { _id: 'a' }, u: {} }, { q: { phone: '+84' }, u: {} }] }).map((s) => s.filter)).toEqual([{ _id: 'a' }, { phone: '+84' }]);
    expect(queryShapesOf('delete', { delete: 'counters', deletes: [{ q: { expiresAt: { $lt: 'z' } }, limit: 0 }] })[0]!.filter).toEqual({ expiresAt: { $lt: 'z' } });
    expect(queryShapesOf('findAndModify', { findAndModify: 'logs', query: { _id: 'l' } })[0]!.filter).toEqual({ _id: 'l' });
    expect(queryShapesOf('aggregate', { aggregate: 'logs', pipeline: [{ $match: { placePath: 'x' } }, { $group: { _id: 1, n: { $sum: 1 } } }] })[0]!.filter).toEqual({ placePath: 'x' });
    expect(queryShapesOf('insert', { insert: 'logs', documents: [] })).toEqual([]);
  });

  it('the declared indexes serve the reads the reports and the hot path depend on', () => {
    const idx = (collection: string) => MONGO_INDEXES[collection] ?? [];
    expect(servingIndex({ collection: 'rollup_month_counts', command: 'find', filter: { placePath: 'tinh', _id: { $gte: 'm|2026|', $lte: 'm|2026|\uffff' } } }, idx('rollup_month_counts'))).toBe('rollup_month_counts_path_id');
    expect(servingIndex({ collection: 'people', command: 'find', filter: { phone: '+84901234567' } }, idx('people'))).toBe('people_phone_unique');
    expect(servingIndex({ collection: 'logs', command: 'find', filter: { placePath: 'xa', villageId: 'v' }, sort: { date: -1, createdAt: -1, _id: -1 } }, idx('logs'))).toBe('logs_path_date_created_id');
  });
});
