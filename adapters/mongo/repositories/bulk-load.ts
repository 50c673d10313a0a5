import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { PersonSchema } from '../../../core/domain/people';
import { PlaceSchema } from '../../../core/domain/places';
import { SessionLogSchema } from '../../../core/domain/session-log';
import { BulkRecordInvalidError, type BulkLoad, type BulkLoaded } from '../../store/bulk-load';
import type { AnyDoc, MongoContext } from './context';
import type { MongoRollupsRepo } from './rollups-repo';

/** Documents per `insertMany` (well under the 48 MB message limit for any record Loa writes). */
const CHUNK = 5_000;

/** A record checked by `schema`; a failing one refuses the load (batches already stored stay: no transaction spans them). */
function checked(table: string, schema: { safeParse(v: unknown): { success: true; data: unknown } | { success: false; error: unknown } }, record: unknown): AnyDoc {
  const parsed = schema.safeParse(record);
  if (!parsed.success) throw new BulkRecordInvalidError(table, String((record as { _id?: unknown })._id), { cause: parsed.error });
  return parsed.data as AnyDoc;
}

/** A person as the people repository stores one: no empty `accounts` list (its sparse unique index skips absent fields only). */
function personDoc(person: unknown): AnyDoc {
  const parsed = checked('people', PersonSchema, person);
  if (Array.isArray(parsed.accounts) && parsed.accounts.length === 0) delete parsed.accounts;
  return parsed;
}

/**
 * The bulk load on MongoDB, with the driver: each record checked by its
 * schema and stored in the shape the native repositories store it,
 * `insertMany` in chunks (a replace load: `replaceOne` with upsert, in one
 * `bulkWrite` per chunk), then one rollups rebuild from the logs. The rollups
 * are not marked while it runs: a crash mid-load is repaired by running the
 * load again (or `rollups rebuild`), not by the start-up repair.
 */
export async function mongoBulkLoad(ctx: MongoContext, rollups: MongoRollupsRepo, load: BulkLoad): Promise<BulkLoaded> {
  const loaded: BulkLoaded = { places: 0, people: 0, logs: 0, rollups: null };
  const put = async (name: string, docs: AnyDoc[]): Promise<void> => {
    const collection: Collection<AnyDoc> = ctx.collection<AnyDoc>(name);
    for (let i = 0; i < docs.length; i += CHUNK) {
      const chunk = docs.slice(i, i + CHUNK);
      if (chunk.length === 0) continue;
      if (load.replace) {
        const ops: AnyBulkWriteOperation<AnyDoc>[] = chunk.map((doc) => ({ replaceOne: { filter: { _id: doc._id }, replacement: doc as Document, upsert: true } }));
        await ctx.run(collection, () => collection.bulkWrite(ops, { ordered: true }));
      } else {
        await ctx.run(collection, () => collection.insertMany(chunk.map((d) => ({ ...d })), { ordered: true }), { doc: chunk[0]!, insert: true });
      }
    }
  };
  const places = (load.places ?? []).map((p) => checked('places', PlaceSchema, p));
  await put('places', places);
  loaded.places = places.length;
  const people = (load.people ?? []).map(personDoc);
  await put('people', people);
  loaded.people = people.length;
  if (!load.logs) return loaded;
  for (const batch of load.logs) {
    const docs = batch.map((l) => checked('logs', SessionLogSchema, l));
    await put('logs', docs);
    loaded.logs += docs.length;
  }
  loaded.rollups = await rollups.rebuild();
  return loaded;
}
