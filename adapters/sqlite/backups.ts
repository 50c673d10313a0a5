/**
 * Backups of the embedded store: online snapshots (`VACUUM INTO`) in
 * `DATA_DIR/backups`, the newest `keep` kept, and a restore that puts one
 * back while no server runs. A snapshot is written under a temporary name and
 * renamed, so a file named `loa-*.db` is always complete.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { acquirePidLock } from './pid-lock';
import { DATABASE_FILE, type EmbeddedStore } from './embedded-store';

export const BACKUP_DIR = 'backups';
const BACKUP_NAME = /^loa-\d{8}-\d{6}\.db$/;
const DAY_MS = 24 * 3600_000;

const stamp = (at: Date): string => at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** Backup files in `dir`, oldest first. */
export function listBackups(dataDir: string): string[] {
  const dir = path.join(dataDir, BACKUP_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => BACKUP_NAME.test(name)).sort().map((name) => path.join(dir, name));
}

/** Takes one snapshot now and removes the oldest beyond `keep`; returns the new file. */
export async function makeBackup(store: EmbeddedStore, dataDir: string, keep: number, now = new Date()): Promise<string> {
  const dir = path.join(dataDir, BACKUP_DIR);
  fs.mkdirSync(dir, { recursive: true });
  let file = path.join(dir, `loa-${stamp(now)}.db`);
  if (fs.existsSync(file)) file = path.join(dir, `loa-${stamp(new Date(now.getTime() + 1000))}.db`);
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  await store.snapshotTo(partial);
  fs.renameSync(partial, file);
  for (const old of listBackups(dataDir).slice(0, Math.max(0, listBackups(dataDir).length - Math.max(1, keep)))) fs.rmSync(old, { force: true });
  return file;
}

/** The scheduler's job: a snapshot when the newest is a day old or missing (so a Loa that was down catches up). */
export async function backupIfDue(store: EmbeddedStore, dataDir: string, keep: number, now: Date): Promise<string | null> {
  const newest = listBackups(dataDir).at(-1);
  if (newest && now.getTime() - fs.statSync(newest).mtimeMs < DAY_MS - 3600_000) return null;
  return makeBackup(store, dataDir, keep, now);
}

/** Why a restore was refused: said plainly, nothing was changed. */
export class RestoreRefusedError extends Error {
  override readonly name = 'RestoreRefusedError';
}

/**
 * Puts `backup` in place of `DATA_DIR/loa.db`. Refused while a server holds
 * the folder (its lock) or when the backup is not a sound database; the
 * current file (and its WAL) is kept aside as `loa.db.before-restore-<time>`.
 */
export function restoreBackup(dataDir: string, backup: string, now = new Date()): { keptAs: string | null } {
  if (!fs.existsSync(backup)) throw new RestoreRefusedError(`no such file: ${backup}`);
  const problems = checkFile(backup);
  if (problems.length > 0) throw new RestoreRefusedError(`${backup} is not a sound Loa database (${problems.join('; ')}); nothing was changed`);
  const release = acquirePidLock(dataDir);
  try {
    const current = path.join(dataDir, DATABASE_FILE);
    let keptAs: string | null = null;
    if (fs.existsSync(current)) {
      keptAs = `${current}.before-restore-${stamp(now)}`;
      for (const suffix of ['-wal', '-shm']) if (fs.existsSync(current + suffix)) fs.renameSync(current + suffix, keptAs + suffix);
      fs.renameSync(current, keptAs);
    }
    fs.copyFileSync(backup, `${current}.restoring`);
    fs.renameSync(`${current}.restoring`, current);
    return { keptAs };
  } finally {
    release();
  }
}

function checkFile(file: string): string[] {
  let db: InstanceType<typeof Database> | null = null;
  try {
    db = new Database(file, { readonly: true });
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    return rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  } catch (error) {
    return [(error as Error).message];
  } finally {
    db?.close();
  }
}
