import fs from 'node:fs';
import type { Doc } from '../port';

/** One line of the journal: the after-image of a document, or its removal. */
export type JournalRecord = { c: string; p: Doc } | { c: string; d: string };

export interface ReplayReport {
  records: number;
  /** Lines that could not be read (a write cut short by a crash); skipped. */
  skipped: { line: number; reason: string }[];
}

/**
 * Reads a journal written by Loa before the SQLite store (0.1: an append-only
 * JSON-lines file), for its one-time import. A torn last line (the process
 * died mid-write, before the fsync that would have acknowledged it) and any
 * unreadable line are reported, never dropped silently; the file is not changed.
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
      } else {
        report.skipped.push({ line: lineNo, reason: complete ? 'unreadable record' : 'truncated last record' });
      }
    }
    start = end + 1;
  }
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
