/**
 * Naming the unique index behind a duplicate-key error when the server does
 * not say. MongoDB puts the name in the message; FerretDB 1.x only says
 * "E11000 duplicate key error collection: db.coll". The name goes into
 * DuplicateKeyError (and the logs) the same on both stores; no use-case
 * branches on it today (they re-read what clashed), so this is diagnosis only.
 */
import type { Collection as DriverCollection, Document } from 'mongodb';

/** Any stored document: an id we chose and its fields. */
type Doc = { _id: string } & Document;

/** Used when no index can be named (the clashing document went away meanwhile). */
export const UNKNOWN_INDEX = 'unknown';

interface UniqueIndexInfo {
  name: string;
  keys: string[];
}

/** Reads a value by dotted path, accepting a literal dotted key first (as in `$set: {'a.b': 1}`). */
function valueAt(doc: Record<string, unknown>, path: string): unknown {
  if (path in doc) return doc[path];
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

async function uniqueIndexes(collection: DriverCollection<Doc>): Promise<UniqueIndexInfo[]> {
  const indexes = await collection.listIndexes().toArray();
  return indexes
    .filter((ix) => ix.unique === true && ix.name !== '_id_')
    .map((ix) => ({ name: String(ix.name), keys: Object.keys(ix.key as object) }));
}

/**
 * Finds which unique index `candidate` (the document as it would have been
 * written) clashes with: `_id_` if its `_id` is taken by another write, else
 * the first unique index whose key values another document already holds.
 */
export async function findClashingIndex(
  collection: DriverCollection<Doc>,
  candidate: Record<string, unknown>,
  options: { isInsert: boolean },
): Promise<string> {
  const id = typeof candidate['_id'] === 'string' ? candidate['_id'] : undefined;
  if (options.isInsert && id !== undefined && (await collection.countDocuments({ _id: id }, { limit: 1 })) > 0) {
    return '_id_';
  }
  for (const index of await uniqueIndexes(collection)) {
    const values = index.keys.map((key) => valueAt(candidate, key));
    // Only servers that do not name the index get here (FerretDB), and there a
    // missing key never clashes: SQLite treats NULLs in a unique index as distinct.
    if (values.some((v) => v === undefined)) continue;
    const filter: Document = {};
    index.keys.forEach((key, i) => {
      filter[key] = values[i];
    });
    if (id !== undefined) filter['_id'] = { $ne: id };
    if ((await collection.countDocuments(filter, { limit: 1 })) > 0) return index.name;
  }
  return UNKNOWN_INDEX;
}
