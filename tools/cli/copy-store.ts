/**
 * `npm run loa -- copy-store --from <SQLite folder or loa.db | mongodb URI> --to <…> [--force]`:
 * moves a deployment between stores (SQLite → MongoDB, or back) through the
 * repositories, never raw collections, so each record is checked and written
 * the way Loa writes it (the target's own shape: typed rows on SQLite,
 * documents and `$inc` rollups on MongoDB).
 *
 * Copied: places, people (with their chat links), plans, and every log,
 * cancelled ones too, with its history. The rollups are then recounted on the
 * target (`rollups rebuild`) and checked. Not copied (operational, short-lived
 * or re-made): inbound replies, throttle counters, one-time codes, web sign-in
 * sessions and secrets (officers sign in again), download links, gateway
 * devices (re-learnt at their next ping), the outbox and the scheduled-message
 * claims: move between two weekly runs, with Loa stopped.
 *
 * A target that already holds places or logs is refused (the copy would mix
 * two deployments) unless `--force`: then records with the same id are
 * overwritten by the source's and the target's others are kept.
 * After the copy: every record of the source is in the target (by id), and
 * the target's rollups equal a recount of the target's logs.
 */
import path from 'node:path';
import type { Fact } from '../../core/domain/log-facts';
import type { SessionLog } from '../../core/domain/session-log';
import type { Place } from '../../core/domain/places';
import type { Person } from '../../core/domain/people';
import type { Repositories } from '../../core/ports/storage';
import { DuplicateKeyError } from '../../core/ports/store-errors';
import { storageOn, type OpenStorage } from '../../adapters/store/open-storage';
import { DATABASE_FILE, openEmbeddedStore } from '../../adapters/sqlite/embedded-store';
import { documentsOf, rollupsOf } from '../../adapters/store/repositories/rollups-repo';
import { dayFactsOf, monthFactsOf } from '../../adapters/store/repositories/rollup-facts';

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

const PAGE = 500;
const byDepth = (a: Place, b: Place): number => a.path.length - b.path.length || (a._id < b._id ? -1 : 1);

/** The source's records, read through its repositories, root by root. */
async function readAll(repos: Repositories): Promise<{ places: Place[]; people: Person[]; logs: SessionLog[] }> {
  const places = new Map<string, Place>();
  const people = new Map<string, Person>();
  const logs = new Map<string, SessionLog>();
  for (const root of await repos.places.roots()) {
    for (const p of await repos.places.subtree(root._id)) places.set(p._id, p);
    for (const p of await repos.people.under(root._id)) people.set(p._id, p);
    for (let skip = 0; ; skip += PAGE) {
      const page = await repos.logs.table(root._id, {}, PAGE, skip);
      for (const l of page) logs.set(l._id, l);
      if (page.length < PAGE) break;
    }
  }
  return { places: [...places.values()].sort(byDepth), people: [...people.values()], logs: [...logs.values()] };
}

/** Writes one log, replacing one with the same id (only reached with --force: an empty target has none). */
async function putLog(repos: Repositories, log: SessionLog): Promise<void> {
  try {
    await repos.logs.insert(log);
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    await repos.logs.replace(log);
  }
}

async function writeAll(to: Repositories, from: Repositories, data: Awaited<ReturnType<typeof readAll>>): Promise<number> {
  for (const p of data.places) await to.places.upsert(p);
  for (const p of data.people) await to.people.upsert(p);
  const plans = await from.plans.list();
  for (const stored of plans) {
    const saved = await to.plans.save(stored.plan, new Date(stored.updatedAt));
    if (!saved.ok) throw new Error(`plan ${stored.plan.id} was refused by the target: ${saved.problems.map((p) => p.message).join('; ')}`);
  }
  // One durable unit per page: one fsync per 500 logs on SQLite.
  for (let i = 0; i < data.logs.length; i += PAGE) {
    const page = data.logs.slice(i, i + PAGE);
    await to.unit(async () => {
      for (const log of page) await putLog(to, log);
    });
  }
  return plans.length;
}

const factKey = (f: Fact): string => JSON.stringify([f.place, f.bucket, f.form, f.groups, f.sessions, f.participants, f.split ? Object.entries(f.split).sort() : null]);

/** What differs between the target and the source (by id), and between the target's rollups and a recount of its logs. */
async function verify(to: Repositories, source: Awaited<ReturnType<typeof readAll>>, plans: number): Promise<string[]> {
  const target = await readAll(to);
  const problems: string[] = [];
  for (const [name, mine, theirs] of [['places', source.places, target.places], ['people', source.people, target.people], ['logs', source.logs, target.logs]] as const) {
    const have = new Set<string>(theirs.map((r) => r._id));
    const missing = mine.filter((r) => !have.has(r._id)).length;
    if (missing > 0) problems.push(`${missing} of ${mine.length} ${name} are missing from the target`);
  }
  if ((await to.plans.list()).length < plans) problems.push(`plans: the target holds fewer than the source's ${plans}`);
  const live = target.logs.filter((l) => l.cancelledAt === null);
  const all = ['0000-01', '9999-12'] as const;
  const recounted = documentsOf(rollupsOf(live));
  const expected = [...monthFactsOf(recounted.years, ...all), ...dayFactsOf(recounted.days, '0000-01-01', '9999-12-31')].map(factKey).sort();
  const stored: string[] = [];
  for (const root of await to.places.roots()) {
    stored.push(...(await to.rollups.monthFacts(root._id, ...all)).map(factKey), ...(await to.rollups.dayFacts(root._id, '0000-01-01', '9999-12-31')).map(factKey));
  }
  stored.sort();
  if (JSON.stringify(stored) !== JSON.stringify(expected)) problems.push(`the target's rollups (${stored.length} facts) differ from a recount of its ${live.length} live logs (${expected.length} facts)`);
  return problems;
}

/** Copies `from` into `to` (both open), recounts the target's rollups and checks the result. */
export async function copyStore(from: OpenStorage, to: OpenStorage, options: { force: boolean }): Promise<CopyResult> {
  const holdsData = !(await to.repos.places.isEmpty());
  if (holdsData && !options.force) return { ok: false, reason: 'target-not-empty' };
  const data = await readAll(from.repos);
  const plans = await writeAll(to.repos, from.repos, data);
  const rollups = await to.repos.rollups.rebuild();
  const problems = await verify(to.repos, data, plans);
  if (problems.length > 0) return { ok: false, reason: 'mismatch', problems };
  return { ok: true, counts: { places: data.places.length, people: data.people.length, plans, logs: data.logs.length }, rollups };
}

/** A MongoDB URI, or a SQLite data folder (or the `loa.db` in it). */
export async function openByName(spec: string): Promise<OpenStorage> {
  if (/^mongodb(\+srv)?:\/\//.test(spec)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createMongoStore } = require('../../adapters/mongo') as typeof import('../../adapters/mongo');
    return storageOn(await createMongoStore(spec));
  }
  const dataDir = path.basename(spec) === DATABASE_FILE ? path.dirname(spec) : spec;
  return storageOn(openEmbeddedStore({ dataDir }));
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
