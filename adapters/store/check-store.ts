/**
 * `npm run loa -- check`: everything Loa can find wrong in a store, reported,
 * never silently fixed (except that unreadable records are moved to the
 * quarantine, which every read does anyway). Three passes: every record
 * against its schema, with SQLite's `integrity_check` on the embedded store;
 * the quarantine; the rollups against a recount of the live logs, which is
 * how a digit changed inside a valid log (784 read as 984) shows.
 */
import type { Fact } from '../../core/domain/log-facts';
import type { SessionLog } from '../../core/domain/session-log';
import type { Repositories } from '../../core/ports/storage';
import type { CompactMonths } from '../../core/repos/rollups-repo';
import { CLAIM_COLLECTIONS, COLLECTIONS, DOOR_COLLECTIONS, OUTBOX_COLLECTIONS } from './collections';
import { QUARANTINE } from './record-check';
import type { StoreMaintenance } from './store-driver';

export interface CheckReport {
  /** One line per finding, for a person; empty when all is well. */
  problems: string[];
  /** What was looked at. */
  records: number;
  collections: number;
}

/** What MongoDB's record pass reads (SQLite's typed tables are held by their constraints and the integrity check). */
export const CHECKED_COLLECTIONS: string[] = [
  ...Object.values(COLLECTIONS),
  ...Object.values(OUTBOX_COLLECTIONS),
  ...Object.values(DOOR_COLLECTIONS),
  ...Object.values(CLAIM_COLLECTIONS),
];

/** The store's maintenance and its repositories (reached from outside through `OpenStorage.admin.check()`). */
export async function checkStore(store: StoreMaintenance, repos: Repositories): Promise<CheckReport> {
  const quarantinedBefore = await store.quarantined();
  const { records, collections, problems } = await store.checkRecords();
  const moved = (await store.quarantined()) - quarantinedBefore;
  if (moved > 0) problems.push(`${moved} damaged record(s) failed their check and were moved to ${QUARANTINE} (the log names each)`);
  const held = quarantinedBefore + moved;
  if (held > 0) problems.push(`${held} record(s) in ${QUARANTINE} in all: look at them, then restore a backup or re-enter what they held`);
  const logs = await store.allLogs();
  problems.push(...rollupMismatches(await storedMonthFacts(repos), logs));
  problems.push(...(await reportRollupMismatches(repos, logs)));
  return { problems, records, collections };
}

interface Sums {
  sessions: number;
  participants: number;
}

/** A month fact's key: place, month, form and groups; a split log's fact apart from the others'. */
const keyOf = (place: string, bucket: string, form: string, groups: readonly string[], split: boolean): string => `${place} ${bucket} ${form} ${groups.join(',')}${split ? ' (split)' : ''}`;

function add(sums: Map<string, Sums>, key: string, sessions: number, participants: number): void {
  const s = sums.get(key) ?? { sessions: 0, participants: 0 };
  s.sessions += sessions;
  s.participants += participants;
  sums.set(key, s);
}

/** Every month fact the rollups hold, root by root, summed by key. */
async function storedMonthFacts(repos: Repositories): Promise<Map<string, Sums>> {
  const stored = new Map<string, Sums>();
  for (const root of await repos.places.roots()) {
    for (const f of (await repos.rollups.monthFacts(root._id, '0000-01', '9999-12')) as Fact[]) add(stored, keyOf(f.place, f.bucket, f.form, f.groups, f.split !== undefined), f.sessions, f.participants);
  }
  return stored;
}

const figures = (s: Sums | undefined): string => (s ? `${s.sessions} session(s), ${s.participants} participant(s)` : 'nothing');

/** The stored month totals against the same totals recounted from the live logs, one line per key that differs. */
function rollupMismatches(stored: Map<string, Sums>, logs: readonly SessionLog[]): string[] {
  const recount = new Map<string, Sums>();
  for (const l of logs) if (l.cancelledAt === null) add(recount, keyOf(l.villageId, l.periods.month, l.form, l.groups, l.participantsByGroup !== undefined), 1, l.participants);
  return differing('rollup', stored, recount);
}

/**
 * The report rollups (each place-month's figures, and the mix of every place
 * on a log's path by the log's depth, form and groups: what a report reads)
 * against a recount of the live logs, one line per row that differs. A store
 * that keeps none (the port makes them optional) has nothing to compare.
 */
async function reportRollupMismatches(repos: Repositories, logs: readonly SessionLog[]): Promise<string[]> {
  const { rollups, places } = repos;
  if (!rollups.compactMonths) return [];
  const stored = { places: new Map<string, Sums>(), mix: new Map<string, Sums>() };
  for (const root of await places.roots()) {
    const anchors = (await places.subtree(root._id)).map((p) => p._id);
    const c: CompactMonths = await rollups.compactMonths(root._id, anchors, '0000-01', '9999-12');
    // A row with nothing live is the same as no row (the recount makes none).
    for (const p of c.places) if (p.sessions + p.items + p.participants > 0) add(stored.places, `${p.place} ${p.bucket}`, p.sessions + p.items, p.participants);
    for (const m of c.mix) if (m.sessions + m.participants > 0) add(stored.mix, `${m.anchor} ${m.bucket} depth ${m.depth} ${m.form} ${m.groups.join(',')}`, m.sessions, m.participants);
  }
  const recount = { places: new Map<string, Sums>(), mix: new Map<string, Sums>() };
  for (const l of logs) {
    if (l.cancelledAt !== null) continue;
    const month = l.periods.month;
    // A press item counts as an item, not a session with participants; split logs are kept whole (and compared as month facts).
    add(recount.places, `${l.villageId} ${month}`, 1, l.form === 'bao' ? 0 : l.participants);
    if (l.participantsByGroup) continue;
    for (const anchor of l.placePath) add(recount.mix, `${anchor} ${month} depth ${l.placePath.length} ${l.form} ${l.groups.join(',')}`, 1, l.participants);
  }
  return [...differing('rollup report', stored.places, recount.places), ...differing('rollup report mix', stored.mix, recount.mix)];
}

/** One line per key whose stored sums differ from the recount. */
function differing(label: string, stored: Map<string, Sums>, recount: Map<string, Sums>): string[] {
  const out: string[] = [];
  for (const key of new Set([...recount.keys(), ...stored.keys()])) {
    const [a, b] = [stored.get(key), recount.get(key)];
    if (a && b && a.sessions === b.sessions && a.participants === b.participants) continue;
    out.push(`${label} ${key}: stored ${figures(a)}, the logs count ${figures(b)} (npm run loa -- rollups rebuild recounts them)`);
  }
  return out;
}
