/**
 * `npm run loa -- check`: everything Loa can find wrong in a store, reported,
 * never silently fixed (except that unreadable records are moved to the
 * quarantine, which every read does anyway). Three passes: every record of
 * every collection against its schema; SQLite's `integrity_check` (embedded
 * store); the rollups against a recount of the live logs, which is how a digit
 * changed inside a valid log (784 read as 984) shows.
 */
import type { Fact } from '../../core/domain/log-facts';
import type { SessionLog } from '../../core/domain/session-log';
import { CLAIM_COLLECTIONS, COLLECTIONS, DOOR_COLLECTIONS, OUTBOX_COLLECTIONS } from './collections';
import type { Repositories } from '../../core/ports/storage';
import type { Collection, Doc, DocumentStore } from './document-store';
import { QUARANTINE } from './record-check';
import { documentsOf, rollupsOf } from './repositories/rollups-repo';
import { monthFactsOf } from './repositories/rollup-facts';
import { EmbeddedStore } from '../sqlite/embedded-store';
import { TYPED_TABLES } from '../sqlite/migrations';

export interface CheckReport {
  /** One line per finding, for a person; empty when all is well. */
  problems: string[];
  /** What was looked at. */
  records: number;
  collections: number;
}

export const CHECKED_COLLECTIONS: string[] = [
  ...Object.values(COLLECTIONS),
  ...Object.values(OUTBOX_COLLECTIONS),
  ...Object.values(DOOR_COLLECTIONS),
  ...Object.values(CLAIM_COLLECTIONS),
];

const LOG_FIELDS = { _id: 1, villageId: 1, placePath: 1, date: 1, periods: 1, form: 1, groups: 1, participants: 1, participantsByGroup: 1 } as const;

/** The store's own layer and the repositories on it (reached from outside through `OpenStorage.admin.check()`). */
export async function checkStore(documents: DocumentStore, repos: Repositories): Promise<CheckReport> {
  const problems: string[] = [];
  const quarantine = documents.collection(QUARANTINE);
  const quarantinedBefore = await quarantine.countDocuments({});
  // On SQLite the typed tables (counters, inbound claims, rollups) hold columns with CHECK constraints, not JSON:
  // integrity_check covers them, and the rollups are compared with a recount below.
  const checked = documents instanceof EmbeddedStore ? CHECKED_COLLECTIONS.filter((name) => !TYPED_TABLES.has(name)) : CHECKED_COLLECTIONS;
  if (documents instanceof EmbeddedStore) problems.push(...documents.integrityCheck(checked).map((p) => `integrity_check: ${p}`));
  let records = 0;
  for (const name of checked) records += await readAll(documents.collection(name));
  const moved = (await quarantine.countDocuments({})) - quarantinedBefore;
  if (moved > 0) problems.push(`${moved} damaged record(s) failed their check and were moved to ${QUARANTINE} (the log names each)`);
  const held = quarantinedBefore + moved;
  if (held > 0) problems.push(`${held} record(s) in ${QUARANTINE} in all: look at them, then restore a backup or re-enter what they held`);
  problems.push(...(await rollupMismatches(documents, repos)));
  return { problems, records, collections: checked.length };
}

/** Reads every record of a collection in batches (each goes through the store's record check); returns how many passed. */
async function readAll(collection: Collection): Promise<number> {
  let count = 0;
  let last: string | null = null;
  for (;;) {
    const batch: Doc[] = await collection.find(last === null ? {} : { _id: { $gt: last } }, { sort: { _id: 1 }, limit: 5000 });
    count += batch.length;
    if (batch.length < 5000) return count;
    last = batch.at(-1)!._id;
  }
}

const factKey = (f: Fact): string => `${f.place} ${f.bucket} ${f.form} ${f.groups.join(',')}${'id' in f ? ` ${String((f as { id: unknown }).id)}` : ''}`;
const figures = (f: Fact | undefined): string => (f ? `${f.sessions} session(s), ${f.participants} participant(s)` : 'nothing');

/** The stored month totals of every root, against the same totals recounted from the live logs. */
async function rollupMismatches(documents: DocumentStore, repos: Repositories): Promise<string[]> {
  const logs = (await documents.collection<SessionLog>(COLLECTIONS.logs).find({ cancelledAt: null }, { projection: LOG_FIELDS })) as SessionLog[];
  const recount = new Map(monthFactsOf(documentsOf(rollupsOf(logs)).years, '0000-01', '9999-12').map((f) => [factKey(f), f]));
  const stored = new Map<string, Fact>();
  for (const root of await repos.places.roots()) {
    for (const f of await repos.rollups.monthFacts(root._id, '0000-01', '9999-12')) stored.set(factKey(f), f);
  }
  const out: string[] = [];
  for (const key of new Set([...recount.keys(), ...stored.keys()])) {
    const [a, b] = [stored.get(key), recount.get(key)];
    if (a && b && a.sessions === b.sessions && a.participants === b.participants) continue;
    out.push(`rollup ${key}: stored ${figures(a)}, the logs count ${figures(b)} (npm run loa -- rollups rebuild recounts them)`);
  }
  return out;
}
