import type { SessionLog } from '../../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { Fact } from '../../../core/domain/log-facts';
import type { RollupsRepo } from '../../../core/repos/rollups-repo';
import type { PlaceMonthCounts } from '../../store/repositories/rollups-repo';
import type { EmbeddedStore } from '../embedded-store';
import { recountRollupsFromLogs } from '../migrations';

/** What of a log its rollups need. */
export type RollupLog = Pick<SessionLog, '_id' | 'villageId' | 'placePath' | 'date' | 'periods' | 'form' | 'groups' | 'participants' | 'participantsByGroup'>;

interface TotalRow {
  place: string;
  bucket: string;
  form: string;
  groups: string;
  sessions: number;
  participants: number;
}

interface SplitRow {
  log_id: string;
  place: string;
  bucket: string;
  form: string;
  groups: string;
  participants: number;
  split: string;
}

const groupsOf = (joined: string): GroupCode[] => (joined === '' ? [] : (joined.split(',') as GroupCode[]));

/**
 * Rollups on their typed SQLite tables (migration 3): a live log adds one to
 * its place-month's and place-day's row (an upsert each), a cancel takes it
 * away, in the same transaction as the log write ({@link applyLog}, called
 * by the SQLite logs repository inside its write). A transaction is
 * all-or-nothing, so no mark and no start-up repair are needed; the figures
 * equal a GROUP BY of the live logs, which `rebuild` runs in SQL.
 */
export class SqliteRollupsRepo implements RollupsRepo {
  /** Places whose path this process wrote or saw, until another connection commits (then re-checked). */
  private readonly knownPaths = new Map<string, string>();
  private seenEpoch = '';

  constructor(private readonly store: EmbeddedStore) {}

  /**
   * Adds (`sign` 1) or takes away (-1) one log's counts. Runs inside the
   * caller's write, synchronously, so it commits or rolls back with the log.
   */
  applyLog(log: RollupLog, sign: 1 | -1): void {
    const groups = log.groups.join(',');
    if (sign === 1) this.keepPath(log.villageId, log.placePath);
    if (log.participantsByGroup) {
      if (sign === 1) {
        this.store
          .statement('INSERT OR REPLACE INTO rollup_splits (log_id, place, date, form, groups, participants, split) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(log._id, log.villageId, log.date, log.form, groups, log.participants, JSON.stringify(log.participantsByGroup));
      } else this.store.statement('DELETE FROM rollup_splits WHERE log_id = ?').run(log._id);
      return;
    }
    for (const [table, column, bucket] of [['rollup_month_totals', 'month', log.periods.month], ['rollup_day_totals', 'date', log.date]] as const) {
      if (sign === 1) {
        this.store
          .statement(`INSERT INTO ${table} (place, ${column}, form, groups, sessions, participants) VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT DO UPDATE SET sessions = sessions + 1, participants = participants + excluded.participants`)
          .run(log.villageId, bucket, log.form, groups, log.participants);
        continue;
      }
      this.store.statement(`UPDATE ${table} SET sessions = sessions - 1, participants = participants - ? WHERE place = ? AND ${column} = ? AND form = ? AND groups = ?`).run(log.participants, log.villageId, bucket, log.form, groups);
      this.store.statement(`DELETE FROM ${table} WHERE place = ? AND ${column} = ? AND form = ? AND groups = ? AND sessions = 0`).run(log.villageId, bucket, log.form, groups);
    }
  }

  /** Writes a place's path once per process (and again after another connection wrote), not once per log. */
  private keepPath(place: string, path: string[]): void {
    const epoch = this.store.cacheEpoch();
    if (epoch !== this.seenEpoch) {
      this.knownPaths.clear();
      this.seenEpoch = epoch;
    }
    const json = JSON.stringify(path);
    if (this.knownPaths.get(place) === json) return;
    this.store.statement('INSERT INTO rollup_places (place, path) VALUES (?, ?) ON CONFLICT (place) DO UPDATE SET path = excluded.path WHERE path IS NOT excluded.path').run(place, json);
    this.knownPaths.set(place, json);
  }

  async monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return this.facts('rollup_month_totals', 'month', scopeId, from, to, `substr(date, 1, 7)`);
  }

  async dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return this.facts('rollup_day_totals', 'date', scopeId, from, to, 'date');
  }

  /** Keyed facts by (place, bucket, form, groups), then the split logs by log id: the order a report relies on. */
  private facts(table: string, column: string, scopeId: string, from: string, to: string, splitBucket: string): Fact[] {
    return this.store.read(() => {
      const totals = this.store
        .statement(
          `SELECT t.place, t.${column} AS bucket, t.form, t.groups, t.sessions, t.participants FROM rollup_place_paths p JOIN ${table} t ON t.place = p.place
           WHERE p.ancestor = ? AND t.${column} BETWEEN ? AND ? AND t.sessions > 0 ORDER BY t.place, t.${column}, t.form, t.groups`,
        )
        .all(scopeId, from, to) as TotalRow[];
      const splits = this.store
        .statement(
          `SELECT s.log_id, s.place, ${splitBucket} AS bucket, s.form, s.groups, s.participants, s.split FROM rollup_place_paths p JOIN rollup_splits s ON s.place = p.place
           WHERE p.ancestor = ? AND ${splitBucket} BETWEEN ? AND ? ORDER BY s.log_id`,
        )
        .all(scopeId, from, to) as SplitRow[];
      const facts: Fact[] = totals.map((r) => ({ place: r.place, bucket: r.bucket, form: r.form as FormCode, groups: groupsOf(r.groups), sessions: Number(r.sessions), participants: Number(r.participants) }));
      for (const s of splits) {
        facts.push({ place: s.place, bucket: s.bucket, form: s.form as FormCode, groups: groupsOf(s.groups), sessions: 1, participants: Number(s.participants), split: JSON.parse(s.split) as Fact['split'] });
      }
      return facts;
    });
  }

  /** Nothing to repair: a log and its increments commit together. */
  async repair(): Promise<{ recounted: number; rebuilt: number | null }> {
    return { recounted: 0, rebuilt: null };
  }

  /** Recounts every rollup from the logs in one transaction (a GROUP BY in SQL); the number of place-months. */
  async rebuild(): Promise<number> {
    this.store.table('logs');
    return this.store.write('rollup_month_totals', () => {
      recountRollupsFromLogs({ exec: (sql) => this.store.execRaw(sql), prepare: (sql) => this.store.statement(sql) });
      this.knownPaths.clear();
      return Number((this.store.statement('SELECT count(*) AS n FROM (SELECT DISTINCT place, month FROM rollup_month_totals)').get() as { n: number }).n);
    });
  }

  /** For bulk loads into an empty store that write the logs themselves (benches): stores counts made by `rollupsOf`. */
  async insertBulk(counts: PlaceMonthCounts[]): Promise<void> {
    for (let i = 0; i < counts.length; i += 2000) {
      const chunk = counts.slice(i, i + 2000);
      await this.store.write('rollup_month_totals', () => {
        const place = this.store.statement('INSERT OR REPLACE INTO rollup_places (place, path) VALUES (?, ?)');
        const month = this.store.statement('INSERT OR REPLACE INTO rollup_month_totals (place, month, form, groups, sessions, participants) VALUES (?, ?, ?, ?, ?, ?)');
        const day = this.store.statement('INSERT OR REPLACE INTO rollup_day_totals (place, date, form, groups, sessions, participants) VALUES (?, ?, ?, ?, ?, ?)');
        const split = this.store.statement('INSERT OR REPLACE INTO rollup_splits (log_id, place, date, form, groups, participants, split) VALUES (?, ?, ?, ?, ?, ?, ?)');
        for (const c of chunk) {
          place.run(c.place, JSON.stringify(c.placePath));
          for (const t of c.totals) month.run(c.place, c.month, t.f, t.g.join(','), t.n, t.s);
          for (const r of c.rows) day.run(c.place, r.d, r.f, r.g.join(','), r.n, r.s);
          for (const s of c.splits) split.run(s.id, c.place, s.d, s.f, s.g.join(','), s.s, JSON.stringify(s.split));
        }
      });
    }
    this.knownPaths.clear();
  }
}
