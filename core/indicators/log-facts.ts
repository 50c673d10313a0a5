import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { DocumentStore } from '../storage/port';

/**
 * Session counts grouped by the place a log was held in, a period bucket, the
 * form and the exact list of groups. Everything the indicators need is a sum
 * over these, so a province is a couple of `$group` passes (using the stored
 * period keys: no date operators), never a scan of logs in application code.
 */
export interface Fact {
  /** The log's `villageId` (a village, or a commune for commune-level sessions). */
  place: string;
  /** `YYYY-MM` for monthly facts, `YYYY-MM-DD` for daily ones. */
  bucket: string;
  form: FormCode;
  groups: GroupCode[];
  sessions: number;
  participants: number;
}

interface FactRow {
  _id: { p: string; b: string; f: FormCode; g: GroupCode[] };
  n: number;
  s: number;
}

/** One pass: sessions and participants per (place, bucket, form, groups). */
function groupFacts(store: DocumentStore, match: Record<string, unknown>, key: Record<string, string>): Promise<FactRow[]> {
  return store.collection('logs').aggregate<FactRow>([{ $match: match }, { $group: { _id: key, n: { $sum: 1 }, s: { $sum: '$participants' } } }]);
}

/** Sorted, so a report does not depend on the order a store happens to group in. */
function toFacts(rows: FactRow[]): Fact[] {
  const key = (f: Fact): string => `${f.place}\u0000${f.bucket}\u0000${f.form}\u0000${f.groups.join(',')}`;
  return rows
    .map((r) => ({ place: r._id.p, bucket: r._id.b, form: r._id.f, groups: r._id.g, sessions: r.n, participants: r.s }))
    .map((f) => [key(f), f] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, f]) => f);
}

/** Monthly facts under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). Cancelled logs count nowhere. */
export async function monthlyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  const rows = await groupFacts(
    store,
    { placePath: scopeId, cancelledAt: null, 'periods.month': { $gte: from, $lte: to } },
    { p: '$villageId', b: '$periods.month', f: '$form', g: '$groups' },
  );
  return toFacts(rows);
}

/** Daily facts under `scopeId` for local dates `from`..`to` (inclusive, `YYYY-MM-DD`). */
export async function dailyFacts(store: DocumentStore, scopeId: string, from: string, to: string): Promise<Fact[]> {
  const rows = await groupFacts(
    store,
    { placePath: scopeId, cancelledAt: null, date: { $gte: from, $lte: to } },
    { p: '$villageId', b: '$date', f: '$form', g: '$groups' },
  );
  return toFacts(rows);
}
