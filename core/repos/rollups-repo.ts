import type { FormCode, GroupCode } from '../domain/vocabulary-codes';
import type { SessionLog } from '../domain/session-log';
import type { Collection, DocumentStore } from '../storage/port';
import { COLLECTIONS } from '../storage/collections';

/** Live sessions and participants of one (day, form, exact list of groups) in a place. */
export interface RollupRow {
  d: string;
  f: FormCode;
  g: GroupCode[];
  n: number;
  s: number;
}

/** A live log that split its participants by group: kept whole, since its groups do not sum like the others. */
export interface RollupSplit {
  id: string;
  d: string;
  f: FormCode;
  g: GroupCode[];
  s: number;
  split: Partial<Record<GroupCode, number>>;
}

/**
 * The per-place, per-day counts of one place and one month (the unit a retry
 * recomputes). A province report reads villages × months of these instead of
 * every log.
 */
export interface Rollup {
  _id: string;
  place: string;
  placePath: string[];
  month: string;
  rows: RollupRow[];
  splits: RollupSplit[];
  [key: string]: unknown;
}

type LogFields = Pick<SessionLog, '_id' | 'villageId' | 'placePath' | 'date' | 'periods' | 'form' | 'groups' | 'participants' | 'participantsByGroup'>;

const rollupId = (place: string, month: string): string => `${place}|${month}`;

/** Rollups of a set of live logs, grouped by place and month. */
function rollupsOf(logs: LogFields[]): Rollup[] {
  const out = new Map<string, Rollup & { index: Map<string, RollupRow> }>();
  for (const log of logs) {
    const id = rollupId(log.villageId, log.periods.month);
    let r = out.get(id);
    if (!r) out.set(id, (r = { _id: id, place: log.villageId, placePath: log.placePath, month: log.periods.month, rows: [], splits: [], index: new Map() }));
    if (log.participantsByGroup) {
      r.splits.push({ id: log._id, d: log.date, f: log.form, g: log.groups, s: log.participants, split: log.participantsByGroup });
      continue;
    }
    const key = `${log.date}\u0000${log.form}\u0000${log.groups.join(',')}`;
    let row = r.index.get(key);
    if (!row) {
      row = { d: log.date, f: log.form, g: log.groups, n: 0, s: 0 };
      r.index.set(key, row);
      r.rows.push(row);
    }
    row.n += 1;
    row.s += log.participants;
  }
  return [...out.values()].map(({ index: _index, ...r }) => ({
    ...r,
    rows: r.rows.sort((a, b) => (a.d + a.f + a.g.join(',') < b.d + b.f + b.g.join(',') ? -1 : 1)),
    splits: r.splits.sort((a, b) => (a.id < b.id ? -1 : 1)),
  }));
}

const LOG_FIELDS = { _id: 1, villageId: 1, placePath: 1, date: 1, periods: 1, form: 1, groups: 1, participants: 1, participantsByGroup: 1 } as const;

/**
 * Keeps the rollups equal to a recount of the live logs. Every change is a
 * recomputation of the touched place-month from its logs, never an increment,
 * so a retried or repeated refresh converges to the same document on both
 * stores. A crash between a log write and its refresh leaves one place-month
 * stale until the next start, which rebuilds all of them ({@link rebuild}).
 */
export class RollupsRepo {
  private readonly rollups: Collection<Rollup>;
  private readonly logs: Collection<LogFields & { [k: string]: unknown }>;

  constructor(store: DocumentStore) {
    this.rollups = store.collection<Rollup>(COLLECTIONS.rollups);
    this.logs = store.collection<LogFields & { [k: string]: unknown }>(COLLECTIONS.logs);
  }

  /** Recounts one place-month from its live logs. */
  async refresh(place: string, month: string): Promise<void> {
    const live = await this.logs.find({ villageId: place, 'periods.month': month, cancelledAt: null }, { projection: LOG_FIELDS });
    const [rollup] = rollupsOf(live);
    if (!rollup) await this.rollups.deleteMany({ _id: rollupId(place, month) });
    else {
      const { _id, ...fields } = rollup;
      await this.rollups.updateOne({ _id }, { $set: fields }, { upsert: true });
    }
  }

  /** Recounts the place-months a log touches, before and after a change. */
  async refreshFor(...logs: Pick<SessionLog, 'villageId' | 'periods'>[]): Promise<void> {
    const seen = new Set<string>();
    for (const log of logs) {
      const id = rollupId(log.villageId, log.periods.month);
      if (seen.has(id)) continue;
      seen.add(id);
      await this.refresh(log.villageId, log.periods.month);
    }
  }

  /** Recounts everything from the logs (at start, and after bulk loads that bypass the use-cases). */
  async rebuild(): Promise<number> {
    await this.rollups.deleteMany({});
    // Month by month, so a large store is never held in memory at once.
    const months = await this.logs.aggregate<{ _id: string }>([{ $match: { cancelledAt: null } }, { $group: { _id: '$periods.month' } }]);
    let written = 0;
    for (const { _id: month } of months) {
      const fresh = rollupsOf(await this.logs.find({ cancelledAt: null, 'periods.month': month }, { projection: LOG_FIELDS }));
      for (let i = 0; i < fresh.length; i += 1000) await this.rollups.insertMany(fresh.slice(i, i + 1000));
      written += fresh.length;
    }
    return written;
  }

  /** Rollups of the places under `scopeId` for months `from`..`to` (inclusive, `YYYY-MM`). */
  forScope(scopeId: string, from: string, to: string): Promise<Rollup[]> {
    return this.rollups.find({ placePath: scopeId, month: { $gte: from, $lte: to } });
  }
}
