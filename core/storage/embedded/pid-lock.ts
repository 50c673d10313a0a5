import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { StoreLockedError } from '../port';

/**
 * One process per data folder. A pid file (not an mtime lease, as in
 * proper-lockfile) because a Loa killed with `kill -9` must restart at once,
 * not after a staleness timeout: a lock whose pid is gone, or is our own pid
 * (a container restarted as pid 1), is taken over.
 */
export function acquirePidLock(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'LOCK');
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() });
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
      if (holder !== null && holder.pid !== process.pid && holder.host === os.hostname() && isAlive(holder.pid)) {
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

function readHolder(lockPath: string): { pid: number; host?: string } | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { pid?: unknown }).pid === 'number') {
      return parsed as { pid: number; host?: string };
    }
  } catch {
    // An empty or half-written lock file: its writer died before finishing.
  }
  return null;
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
