import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { StoreLockedError } from '../store/store-errors';

/**
 * One process per data folder. A pid file (not an mtime lease, as in
 * proper-lockfile) because a Loa killed with `kill -9` must restart at once,
 * not after a staleness timeout: a lock whose pid is gone, or is our own pid
 * (a container restarted as pid 1), is taken over.
 */
export function acquirePidLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'LOCK');
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString(), start: processStart(process.pid) });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, mine);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      return () => releasePidLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      if (holder !== null && holder.pid !== process.pid && holder.host === os.hostname() && isLoaHolder(holder)) {
        throw new StoreLockedError(dataDir, holder.pid);
      }
      if (holder !== null && holder.host !== os.hostname() && holder.host !== undefined) {
        // Another machine on a shared folder: we cannot check its pid, so refuse.
        throw new StoreLockedError(dataDir, holder.pid);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new StoreLockedError(dataDir, null);
}

interface Holder {
  pid: number;
  host?: string;
  /** The holder's start time (Linux clock ticks since boot): tells a reused pid from the holder. */
  start?: string | null;
}

function readHolder(lockPath: string): Holder | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { pid?: unknown }).pid === 'number') {
      return parsed as Holder;
    }
  } catch {
    // An empty or half-written lock file: its writer died before finishing.
  }
  return null;
}

/**
 * Whether the lock's pid is still the Loa process that wrote it. After a
 * crash and a reboot (or in a container) the pid is often reused by another
 * program: where `/proc` tells, a different start time or a program that is
 * not Node means the lock is stale.
 */
function isLoaHolder(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  const start = processStart(holder.pid);
  if (start !== null && holder.start && start !== holder.start) return false;
  const cmdline = readProc(holder.pid, 'cmdline');
  if (cmdline !== null && !/(^|[/\0])(node|nodejs|tsx|loa)([\0.\s-]|$)/i.test(cmdline)) return false;
  return true;
}

function readProc(pid: number, file: string): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** Field 22 of /proc/<pid>/stat (after the parenthesised command name, which may hold spaces). */
function processStart(pid: number): string | null {
  const stat = readProc(pid, 'stat');
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releasePidLock(lockPath: string): void {
  const holder = readHolder(lockPath);
  if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
}
