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
 * Reads the journal into memory. A torn last line (the process died mid-write,
 * before the fsync that would have acknowledged it) is reported and cut off so
 * new records start on a clean line; nothing acknowledged can be in it.
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
  while (start < buffer.length) {
    let end = buffer.indexOf(0x0a, start);
    const complete = end !== -1;
    if (!complete) end = buffer.length;
    lineNo++;
    const text = buffer.subarray(start, end).toString('utf8');
    if (text.trim().length > 0) {
      const record = parseRecord(text);
      if (record && complete) {
        apply(record);
        report.records++;
        goodEnd = end + 1;
      } else {
        report.skipped.push({ line: lineNo, reason: complete ? 'unreadable record' : 'truncated last record' });
        if (complete) goodEnd = end + 1;
      }
    } else if (complete) {
      goodEnd = end + 1;
    }
    start = end + 1;
  }
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
