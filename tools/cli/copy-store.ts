/**
 * `npm run loa -- copy-store --from <SQLite folder or loa.db | mongodb URI> --to <…> [--force]`:
 * moves a deployment between stores (SQLite → MongoDB, or back), repository
 * to repository: the source's records read through its repositories and its
 * admin port, written by the target's bulk load (each record checked by its
 * schema, stored in the target's own shape: typed rows on SQLite, documents
 * on MongoDB), never raw tables or collections.
 *
 * Copied: places, people (with their chat links), plans, and every log,
 * cancelled ones too, with its history. The rollups are then recounted on the
 * target (`rollups rebuild`) and compared with the source's. Not copied (operational, short-lived
 * or re-made): inbound replies, throttle counters, one-time codes, web sign-in
 * sessions and secrets (officers sign in again), download links, gateway
 * devices (re-learnt at their next ping), the outbox and the scheduled-message
 * claims: move between two weekly runs, with Loa stopped.
 *
 * A target that already holds places or logs is refused (the copy would mix
 * two deployments) unless `--force`: then records with the same id are
 * overwritten by the source's and the target's others are kept.
 * After the copy: every record of the source is in the target (by id), and
 * (into an empty target) the target's rollups, recounted from the copied
 * logs, equal the source's: every report reads the same figures.
 */
import path from 'node:path';
import type { Fact } from '../../core/domain/log-facts';
import type { SessionLog } from '../../core/domain/session-log';
import type { Place } from '../../core/domain/places';
import type { Person } from '../../core/domain/people';
import type { Repositories } from '../../core/ports/storage';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';
import { DATABASE_FILE } from '../../adapters/sqlite/embedded-store';

export const COPY_STORE_USAGE = `  copy-store --from <SQLite folder or loa.db | mongodb://…> --to <…> [--force]
                          copy places, people, plans and logs to another store (SQLite ↔ MongoDB), recount and check its rollups;
                          refuses a target that holds data unless --force (same ids overwritten, the rest kept). Stop Loa first.`;

export interface CopyCounts {
  places: number;
  people: number;
  plans: number;
  logs: number;
}

export type CopyResult =
  | { ok: true; counts: CopyCounts; rollups: number }
  | { ok: false; reason: 'target-not-empty' }
  | { ok: false; reason: 'mismatch'; problems: string[] };

/** Logs per batch of the target's bulk load (one transaction each on SQLite, one insertMany on MongoDB). */
const BATCH = 5_000;
const byDepth = (a: Place, b: Place): number => a.path.length - b.path.length || (a._id < b._id ? -1 : 1);

interface Records {
  places: Place[];
  people: Person[];
  logs: SessionLog[];
}

/** The store's records: places and people through its repositories, root by root; every log, cancelled ones too, through its admin port. */
async function readAll(storage: OpenStorage): Promise<Records> {
  const places = new Map<string, Place>();
  const people = new Map<string, Person>();
  for (const root of await storage.repos.places.roots()) {
    for (const p of await storage.repos.places.subtree(root._id)) places.set(p._id, p);
    for (const p of await storage.repos.people.under(root._id)) people.set(p._id, p);
  }
  return { places: [...places.values()].sort(byDepth), people: [...people.values()], logs: await storage.admin.allLogs() };
}

function* inBatches<T>(all: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < all.length; i += size) yield all.slice(i, i + size);
}

/** Writes the records by the target's bulk load (its rollups recounted after), then the plans through its repository. */
async function writeAll(to: OpenStorage, from: Repositories, data: Records, replace: boolean): Promise<{ plans: number; rollups: number }> {
  const loaded = await to.admin.bulkLoad({ places: data.places, people: data.people, logs: inBatches(data.logs, BATCH), replace });
  const plans = await from.plans.list();
  for (const stored of plans) {
    const saved = await to.repos.plans.save(stored.plan, new Date(stored.updatedAt));
    if (!saved.ok) throw new Error(`plan ${stored.plan.id} was refused by the target: ${saved.problems.map((p) => p.message).join('; ')}`);
  }
  return { plans: plans.length, rollups: loaded.rollups ?? 0 };
}

const factKey = (f: Fact): string => JSON.stringify([f.place, f.bucket, f.form, f.groups, f.sessions, f.participants, f.split ? Object.entries(f.split).sort() : null]);
const ALL_MONTHS = ['0000-01', '9999-12'] as const;
const ALL_DAYS = ['0000-01-01', '9999-12-31'] as const;

/** Every month and day fact of the rollups under `roots`, as sorted keys: what every report of those places reads. */
async function rollupFacts(repos: Repositories, roots: readonly string[]): Promise<string[]> {
  const facts: string[] = [];
  for (const root of roots) {
    facts.push(...(await repos.rollups.monthFacts(root, ...ALL_MONTHS)).map(factKey), ...(await repos.rollups.dayFacts(root, ...ALL_DAYS)).map(factKey));
  }
  return facts.sort();
}

/**
 * What differs between the target and the source: records missing by id, and
 * (a copy into an empty target) the rollups, which the target recounted from
 * the copied logs and the source kept as it wrote them: equal unless one
 * store's rollups are wrong (`npm run loa -- check` on each tells which).
 */
async function verify(from: OpenStorage, to: OpenStorage, source: Records, plans: number, compareRollups: boolean): Promise<string[]> {
  const target = await readAll(to);
  const problems: string[] = [];
  for (const [name, mine, theirs] of [['places', source.places, target.places], ['people', source.people, target.people], ['logs', source.logs, target.logs]] as const) {
    const have = new Set<string>(theirs.map((r) => r._id));
    const missing = mine.filter((r) => !have.has(r._id)).length;
    if (missing > 0) problems.push(`${missing} of ${mine.length} ${name} are missing from the target`);
  }
  if ((await to.repos.plans.list()).length < plans) problems.push(`plans: the target holds fewer than the source's ${plans}`);
  if (compareRollups) {
    const roots = (await from.repos.places.roots()).map((r) => r._id);
    const [mine, theirs] = [await rollupFacts(from.repos, roots), await rollupFacts(to.repos, roots)];
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) {
      problems.push(`the target's rollups (${theirs.length} facts, recounted from its logs) differ from the source's (${mine.length}): run \`npm run loa -- check\` on the source`);
    }
  }
  return problems;
}

/** Copies `from` into `to` (both open) by the target's bulk load, recounts the target's rollups and checks the result. */
export async function copyStore(from: OpenStorage, to: OpenStorage, options: { force: boolean }): Promise<CopyResult> {
  const holdsData = !(await to.repos.places.isEmpty()) || (await to.admin.countRecords('logs')) > 0;
  if (holdsData && !options.force) return { ok: false, reason: 'target-not-empty' };
  const data = await readAll(from);
  const { plans, rollups } = await writeAll(to, from.repos, data, options.force);
  const problems = await verify(from, to, data, plans, !holdsData);
  if (problems.length > 0) return { ok: false, reason: 'mismatch', problems };
  return { ok: true, counts: { places: data.places.length, people: data.people.length, plans, logs: data.logs.length }, rollups };
}

/** A MongoDB URI, or a SQLite data folder (or the `loa.db` in it). */
export async function openByName(spec: string): Promise<OpenStorage> {
  if (/^mongodb(\+srv)?:\/\//.test(spec)) {
    return openMongoStorage(spec);
  }
  const dataDir = path.basename(spec) === DATABASE_FILE ? path.dirname(spec) : spec;
  return openEmbeddedStorage({ dataDir });
}

/** Reads `--from`, `--to` and `--force`; null when they do not make a copy. */
export function parseCopyArgs(args: string[]): { from: string; to: string; force: boolean } | null {
  const value = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const [from, to] = [value('--from'), value('--to')];
  const known = new Set(['--from', '--to', '--force', from, to]);
  if (!from || !to || from === to || args.some((a) => !known.has(a))) return null;
  return { from, to, force: args.includes('--force') };
}

/** The CLI command: prints what was copied, or why not; exit 0 only after a copy that checked out. */
export async function runCopyStore(args: string[]): Promise<number> {
  const parsed = parseCopyArgs(args);
  if (!parsed) {
    console.error(`usage: npm run loa --\n${COPY_STORE_USAGE}`);
    return 2;
  }
  const from = await openByName(parsed.from);
  try {
    const to = await openByName(parsed.to);
    try {
      const result = await copyStore(from, to, { force: parsed.force });
      if (result.ok) {
        const c = result.counts;
        console.log(`Copied ${c.places} places, ${c.people} people, ${c.plans} plans and ${c.logs} logs from ${from.description} to ${to.description}; ${result.rollups} place-months of rollups recounted and checked.`);
        return 0;
      }
      if (result.reason === 'target-not-empty') console.error(`Nothing was copied: ${to.description} already holds places or logs (add --force to overwrite records with the same ids and keep the others).`);
      else for (const p of result.problems) console.error(`PROBLEM ${p}`);
      return 1;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
