/**
 * What a stored record must look like to be read: one zod schema per
 * collection, checked at the one place each store decodes a row
 * ({@link checkRecord}). A record that fails is quarantined by the store (moved
 * out of its collection, kept whole in {@link QUARANTINE}) instead of failing
 * every query that touches it: a damaged byte in one log must not stop a
 * village. What this cannot see: a byte flipped inside a value that stays
 * valid (784 participants read as 984); `loa check` compares rollups with a
 * recount for that.
 */
import { z } from 'zod';
import { PersonSchema } from '../../core/domain/people';
import { PlaceSchema } from '../../core/domain/places';
import { SessionLogSchema } from '../../core/domain/session-log';
import { COLLECTIONS } from './collections';

/** Where quarantined records go, on both stores (a table on SQLite, a collection on MongoDB). */
export const QUARANTINE = 'loa_quarantine';

const AnyRecord = z.looseObject({ _id: z.string().min(1) });
const Count = z.number().int().nonnegative();
const PlacePath = z.array(z.string().min(1)).min(1);

const InboundSchema = z.looseObject({
  _id: z.string().min(1),
  channel: z.string().min(1),
  state: z.enum(['pending', 'done']),
  receivedAt: z.string(),
});

const RollupMarkSchema = z.looseObject({ _id: z.string().min(1), touched: z.array(z.looseObject({ place: z.string(), month: z.string() })) });
const CounterSchema = z.looseObject({ _id: z.string().min(1), count: Count.optional() });

const SCHEMAS: Record<string, z.ZodType> = {
  [COLLECTIONS.places]: PlaceSchema,
  [COLLECTIONS.people]: PersonSchema,
  [COLLECTIONS.logs]: SessionLogSchema,
  [COLLECTIONS.inbound]: InboundSchema,
  [COLLECTIONS.counters]: CounterSchema,
  [COLLECTIONS.rollupMarks]: RollupMarkSchema,
};

/** Why a record was refused; `fields` names the failing fields, never their values (logs carry no bodies). */
export type RecordProblem = { reason: 'unreadable' } | { reason: 'invalid'; fields: string[] } | { reason: 'wrong-id' };

export type RecordCheck<T> = { ok: true; record: T } | { ok: false; problem: RecordProblem };

/**
 * Decodes and validates one stored record of `table` stored under `id`.
 * `raw` is the stored text (SQLite) or the driver's document (MongoDB). The
 * record is returned as stored (defaults are not applied: reading never
 * rewrites what is on disk).
 */
export function checkRecord<T = Record<string, unknown>>(table: string, id: string, raw: unknown): RecordCheck<T> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, problem: { reason: 'unreadable' } };
    }
  }
  const parsed = (SCHEMAS[table] ?? AnyRecord).safeParse(value);
  if (!parsed.success) return { ok: false, problem: { reason: 'invalid', fields: [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(record)'))].slice(0, 5) } };
  if ((value as { _id: unknown })._id !== id) return { ok: false, problem: { reason: 'wrong-id' } };
  return { ok: true, record: value as T };
}

/** More than this many records of one collection failing in one process is a schema change, not damage: stop moving. */
export const QUARANTINE_LIMIT = 100;

/** Too many records of one collection fail their schema: nothing more is moved, reads of it fail instead. */
export class QuarantineLimitError extends Error {
  override readonly name = 'QuarantineLimitError';
  constructor(readonly table: string) {
    super(`more than ${QUARANTINE_LIMIT} records of ${table} failed their check; this looks like a schema change, not damage: nothing more is moved aside. Run \`npm run loa -- check\``);
  }
}

/** What the quarantine keeps of a record: all of it (as text, or as the document), why, and when. */
export interface QuarantinedRecord extends Record<string, unknown> {
  _id: string;
  collection: string;
  id: string;
  /** The stored text (SQLite) or document (MongoDB), untouched. */
  raw: unknown;
  problem: RecordProblem;
  at: string;
}

export function quarantineRecord(collection: string, id: string, raw: unknown, problem: RecordProblem, at = new Date().toISOString()): QuarantinedRecord {
  return { _id: `${collection}/${id}/${at}`, collection, id, raw, problem, at };
}

/** The one thing a store says when it moves a record aside: table, id and why (no body). */
export interface QuarantineEvent {
  table: string;
  id: string;
  problem: RecordProblem;
}

/** Default when a store is opened without a listener: one line on stderr, so damage is never silent. */
export function printQuarantine(event: QuarantineEvent): void {
  process.stderr.write(`${quarantineMessage(event)}\n`);
}

export function quarantineMessage(event: QuarantineEvent): string {
  const why = event.problem.reason === 'unreadable' ? 'its stored text is not readable JSON' : event.problem.reason === 'wrong-id' ? 'its id does not match its row' : `invalid fields: ${event.problem.fields.join(', ')}`;
  return `damaged record ${event.table}/${event.id} moved to ${QUARANTINE} (${why}); the rest of the store keeps working. Run \`npm run loa -- check\`, and restore from a backup if it was not expected`;
}
