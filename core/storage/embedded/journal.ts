import fs from 'node:fs';
import path from 'node:path';
import type { Doc } from '../port';

/** One line of the journal: the after-image of a document, or its removal. */
export type JournalRecord = { c: string; p: Doc } | { c: string; d: string };

export interface ReplayReport {
  records: number;
  /** Lines that could not be read (a write cut short by a crash); skipped. */
  skipped: { line: number; reason: string }[];
}

/**
 * A record that cannot be read sits before records that can: it was written
 * and fsynced before them, so it may have been acknowledged. Serving without
 * it would silently lose data, so start-up stops and says where it is.
 */
export class JournalDamagedError extends Error {
  override readonly name = 'JournalDamagedError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly goodAfter: number,
  ) {
    super(
      `The journal ${file} is damaged at line ${line}: that record cannot be read, and ${goodAfter} readable record(s) follow it, ` +
        'so it was not a write cut short by a crash and may hold acknowledged data. Loa stopped rather than serve without it. ' +
        `To recover: restore the data folder from a backup; or look at the line (sed -n '${line}p' ${file}), repair it by hand, ` +
        `or move it out to accept its loss (sed -n '${line}p' ${file} > ${file}.line-${line}; sed -i '${line}d' ${file}), then start again.`,
    );
  }
}

/**
 * Reads the journal into memory. A torn tail (the process died mid-write,
 * before the fsync that would have acknowledged it: unreadable lines with
 * nothing readable after them) is reported and cut off so new records start
 * on a clean line. Damage anywhere else throws {@link JournalDamagedError}.
 */
export function replayJournal(
  file: string,
  apply: (record: JournalRecord) => void,
): ReplayReport {
  const report: ReplayReport = { records: 0, skipped: [] };
  if (!fs.existsSync(file)) return report;
  const buffer = fs.readFileSync(file);
  let start = 0;
  let lineNo = 0;
  let goodEnd = 0;
  let firstDamage: number | null = null;
  let goodAfterDamage = 0;
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    const complete = end !== -1;
    if (!complete) end = buffer.length;
    lineNo++;
    const text = buffer.subarray(start, end).toString('utf8');
    if (text.trim().length > 0) {
      const record = parseRecord(text);
      if (record && complete) {
        if (firstDamage !== null) goodAfterDamage++;
        else {
          apply(record);
          report.records++;
          goodEnd = end + 1;
        }
      } else {
        firstDamage ??= lineNo;
        report.skipped.push({ line: lineNo, reason: complete ? 'unreadable record' : 'truncated last record' });
      }
    } else if (complete && firstDamage === null) {
      goodEnd = end + 1;
    }
    start = end + 1;
  }
  if (firstDamage !== null && goodAfterDamage > 0) throw new JournalDamagedError(file, firstDamage, goodAfterDamage);
  if (goodEnd < buffer.length) fs.truncateSync(file, goodEnd);
  return report;
}

function parseRecord(text: string): JournalRecord | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return null;
    const r = value as Record<string, unknown>;
    if (typeof r.c !== 'string') return null;
    if (r.p && typeof r.p === 'object' && typeof (r.p as Doc)._id === 'string') return { c: r.c, p: r.p as Doc };
    if (typeof r.d === 'string') return { c: r.c, d: r.d };
    return null;
  } catch {
    return null;
  }
}

export function encodeRecord(record: JournalRecord): string {
  return JSON.stringify(record) + '\n';
}

/**
 * Rewrites the journal as the live documents only (atomic rename), so start-up
 * time follows the data, not its history of edits.
 */
export function compactJournal(file: string, collections: Map<string, Map<string, Doc>>): void {
  const tmp = `${file}.compact`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const [name, docs] of collections) {
      let chunk = '';
      for (const doc of docs.values()) {
        chunk += encodeRecord({ c: name, p: doc });
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      if (chunk) fs.writeSync(fd, chunk);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}

export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some filesystems do not allow fsync on a directory; the rename is still atomic.
  }
}
