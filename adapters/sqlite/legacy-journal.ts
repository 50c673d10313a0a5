import fs from 'node:fs';
/** A document as Loa 0.1 journalled it: its id and its fields. */
export type JournalDoc = { _id: string } & Record<string, unknown>;

/** One line of the journal: the after-image of a document, or its removal. */
export type JournalRecord = { c: string; p: JournalDoc } | { c: string; d: string };

export interface ReplayReport {
  records: number;
  /** Lines that could not be read (a write cut short by a crash); skipped. */
  skipped: { line: number; reason: string }[];
}

/**
 * A record that cannot be read sits before records that can: it was written
 * and fsynced before them, so it may have been acknowledged. Importing without
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
        'so it was not a write cut short by a crash and may hold acknowledged data. Loa stopped rather than import it without that record. ' +
        `To recover: restore the data folder from a backup; or look at the line (sed -n '${line}p' ${file}), repair it by hand, ` +
        `or move it out to accept its loss (sed -n '${line}p' ${file} > ${file}.line-${line}; sed -i '${line}d' ${file}), then start again.`,
    );
  }
}

/**
 * Reads a journal written by Loa before the SQLite store (0.1: an append-only
 * JSON-lines file), for its one-time import. A torn last line (the process
 * died mid-write, before the fsync that would have acknowledged it: unreadable
 * lines with nothing readable after them) is reported and skipped; damage
 * anywhere else throws {@link JournalDamagedError}. The file is not changed.
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
        }
      } else {
        firstDamage ??= lineNo;
        report.skipped.push({ line: lineNo, reason: complete ? 'unreadable record' : 'truncated last record' });
      }
    }
    start = end + 1;
  }
  if (firstDamage !== null && goodAfterDamage > 0) throw new JournalDamagedError(file, firstDamage, goodAfterDamage);
  return report;
}

function parseRecord(text: string): JournalRecord | null {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return null;
    const r = value as Record<string, unknown>;
    if (typeof r.c !== 'string') return null;
    if (r.p && typeof r.p === 'object' && typeof (r.p as JournalDoc)._id === 'string') return { c: r.c, p: r.p as JournalDoc };
    if (typeof r.d === 'string') return { c: r.c, d: r.d };
    return null;
  } catch {
    return null;
  }
}
