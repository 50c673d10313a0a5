import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { Fact, PlaceMonth } from '../../../core/domain/log-facts';
import type { AnchorMonthRow, CompactDays, CompactDaysAsked, CompactMonths, RollupsRepo } from '../../../core/repos/rollups-repo';
import { keyBounds, monthsBetween } from '../../../core/indicators/buckets';
import type { EmbeddedStore } from '../embedded-store';
import { recountRollupsFromLogs } from '../migration-logs';
import { recountAnchorRollups } from '../migration-scope-rollups';
import { jsonRows } from './json-rows';


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

const splitFact = (s: SplitRow): Fact => ({
  place: s.place, bucket: s.bucket, form: s.form as FormCode, groups: groupsOf(s.groups), sessions: 1, participants: Number(s.participants), split: JSON.parse(s.split) as Fact['split'],
});

/**
 * Rollups on their typed SQLite tables (migration 3): a live log adds one to
 * its place-month's and place-day's row, a cancel takes it away, by triggers
 * on the logs table (migration 4), inside the statement that writes the log.
 * No mark and no start-up repair are needed; the figures equal a GROUP BY of
 * the live logs, which `rebuild` runs in SQL.
 */
export class SqliteRollupsRepo implements RollupsRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async monthFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return this.facts('rollup_month_totals', 'month', scopeId, from, to, `substr(date, 1, 7)`);
  }

  async dayFacts(scopeId: string, from: string, to: string): Promise<Fact[]> {
    return this.facts('rollup_day_totals', 'date', scopeId, from, to, 'date');
  }

  /**
   * Place-month sums and the anchors' mix (migration 5's rollups), and the
   * split logs: rows bounded by places × months and by the vocabulary, never
   * by the number of logs (splits aside).
   */
  async compactMonths(scopeId: string, anchors: readonly string[], from: string, to: string): Promise<CompactMonths> {
    return this.store.read(() => {
      // A place-month a row: ~20,000 for a province's year, read as one JSON text (see jsonRows). In the paths' (ancestor, place) order: no sort.
      const places = (jsonRows(
        this.store,
        `SELECT t.place, t.month, t.sessions, t.participants, t.items FROM rollup_place_paths p JOIN rollup_place_months t ON t.place = p.place
         WHERE p.ancestor = ? AND t.month BETWEEN ? AND ? ORDER BY p.place, t.month`,
        ['place', 'month', 'sessions', 'participants', 'items'],
        [scopeId, from, to],
      ) as [string, string, number, number, number][]).map(([place, bucket, sessions, participants, items]): PlaceMonth => ({ place, bucket, sessions, participants, items }));
      const mix: AnchorMonthRow[] = [];
      for (const anchor of anchors) {
        const rows = jsonRows(
          this.store,
          `SELECT anchor, depth, month, form, groups, sessions, participants FROM rollup_anchor_months WHERE anchor = ? AND month BETWEEN ? AND ? AND sessions > 0`,
          ['anchor', 'depth', 'month', 'form', 'groups', 'sessions', 'participants'],
          [anchor, from, to],
        ) as [string, number, string, FormCode, string, number, number][];
        for (const [a, depth, bucket, form, groups, sessions, participants] of rows) mix.push({ anchor: a, depth, bucket, form, groups: groupsOf(groups), sessions, participants });
      }
      const splits = this.splits(
        `SELECT s.log_id, s.place, substr(s.date, 1, 7) AS bucket, s.form, s.groups, s.participants, s.split FROM rollup_place_paths p JOIN rollup_splits s ON s.place = p.place
         WHERE p.ancestor = ? AND substr(s.date, 1, 7) BETWEEN ? AND ? ORDER BY s.log_id`,
        [scopeId, from, to],
      );
      return { places, mix, splits };
    });
  }

  /**
   * The daily figures, reduced per place in SQL over `rollup_day_totals` and
   * `rollup_splits`: the week's sums grouped by place and by form and groups,
   * and an existence test and a `min(date)` per place (a seek each on the
   * tables' (place, date) keys), so what comes back is a few rows per place
   * however many place-days the window holds.
   */
  async compactDays(scopeId: string, asked: CompactDaysAsked): Promise<CompactDays> {
    return this.store.read(() => {
      const out: CompactDays = { week: [], weekMix: [], weekSplits: [], recent: [], firsts: [] };
      if (asked.week) {
        const { from, to } = asked.week;
        out.weekSplits = this.splits(
          `SELECT s.log_id, s.place, s.date AS bucket, s.form, s.groups, s.participants, s.split FROM rollup_place_paths p JOIN rollup_splits s ON s.place = p.place
           WHERE p.ancestor = ? AND s.date BETWEEN ? AND ? ORDER BY s.log_id`,
          [scopeId, from, to],
        );
        // Two GROUP BYs over the same day rows, in SQL: by place (≤ the places), by form and groups (≤ the vocabulary).
        out.week = (jsonRows(
          this.store,
          `SELECT t.place, sum(iif(t.form <> 'bao', t.sessions, 0)) AS sessions, sum(iif(t.form <> 'bao', t.participants, 0)) AS participants
           FROM rollup_place_paths p JOIN rollup_day_totals t ON t.place = p.place
           WHERE p.ancestor = ? AND t.date BETWEEN ? AND ? GROUP BY t.place HAVING sum(iif(t.form <> 'bao', t.sessions, 0)) > 0`,
          ['place', 'sessions', 'participants'],
          [scopeId, from, to],
        ) as [string, number, number][]).map(([place, sessions, participants]) => ({ place, sessions, participants }));
        // Split logs count for their place too (they are in no day row).
        const byPlace = new Map(out.week.map((r) => [r.place, r]));
        for (const s of out.weekSplits) {
          if (s.form === 'bao') continue;
          const row = byPlace.get(s.place) ?? { place: s.place, sessions: 0, participants: 0 };
          if (!byPlace.has(s.place)) (byPlace.set(s.place, row), out.week.push(row));
          row.sessions += 1;
          row.participants += s.participants;
        }
        // By form, then groups (as the facts are summed where no rollup is kept).
        out.weekMix = (jsonRows(
          this.store,
          `SELECT t.form, t.groups, sum(t.sessions) AS sessions, sum(t.participants) AS participants FROM rollup_place_paths p JOIN rollup_day_totals t ON t.place = p.place
           WHERE p.ancestor = ? AND t.date BETWEEN ? AND ? AND t.sessions > 0 GROUP BY t.form, t.groups ORDER BY t.form, t.groups`,
          ['form', 'groups', 'sessions', 'participants'],
          [scopeId, from, to],
        ) as [FormCode, string, number, number][]).map(([form, groups, sessions, participants]) => ({ form, groups: groupsOf(groups), sessions, participants }));
      }
      if (asked.silence && asked.silence.from <= asked.silence.to) {
        const { from, to } = asked.silence;
        out.recent = (jsonRows(
          this.store,
          `SELECT p.place FROM rollup_place_paths p WHERE p.ancestor = ?
           AND (EXISTS (SELECT 1 FROM rollup_day_totals t WHERE t.place = p.place AND t.date BETWEEN ? AND ? AND t.sessions > 0 AND t.form <> 'bao')
             OR EXISTS (SELECT 1 FROM rollup_splits s WHERE s.place = p.place AND s.date BETWEEN ? AND ? AND s.form <> 'bao'))`,
          ['place'],
          [scopeId, from, to, from, to],
        ) as [string][]).map(([place]) => place);
      }
      // Each month the window touches: every place's first day with a live log in it (a seek a place and table).
      // Only places with a first day come back (a place quiet all month is no row).
      const first = `SELECT place, day FROM (
         SELECT p.place, min(coalesce((SELECT min(t.date) FROM rollup_day_totals t WHERE t.place = p.place AND t.date BETWEEN ?1 AND ?2 AND t.sessions > 0), '9999'),
                             coalesce((SELECT min(s.date) FROM rollup_splits s WHERE s.place = p.place AND s.date BETWEEN ?1 AND ?2), '9999')) AS day
         FROM rollup_place_paths p WHERE p.ancestor = ?3) WHERE day <> '9999'`;
      for (const month of asked.firsts === false ? [] : monthsBetween(asked.from.slice(0, 7), asked.to.slice(0, 7))) {
        const bounds = keyBounds(month);
        const [from, to] = [bounds.from < asked.from ? asked.from : bounds.from, bounds.to > asked.to ? asked.to : bounds.to];
        for (const [place, day] of jsonRows(this.store, first, ['place', 'day'], [from, to, scopeId]) as [string, string][]) out.firsts.push({ place, day });
      }
      return out;
    });
  }

  /** Split logs (one row each: their number grows with the logs) as facts, read as one JSON text. */
  private splits(sql: string, params: unknown[]): Fact[] {
    const columns = ['log_id', 'place', 'bucket', 'form', 'groups', 'participants', 'split'] as const;
    return (jsonRows(this.store, sql, columns, params) as [string, string, string, string, string, number, string][]).map(([log_id, place, bucket, form, groups, participants, split]) =>
      splitFact({ log_id, place, bucket, form, groups, participants, split }),
    );
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
      for (const s of splits) facts.push(splitFact(s));
      return facts;
    });
  }

  /** Nothing to repair: a log and its increments commit together. */
  async repair(): Promise<{ recounted: number; rebuilt: number | null }> {
    return { recounted: 0, rebuilt: null };
  }

  /** Recounts every rollup from the logs in one transaction (a GROUP BY in SQL); the number of place-months. */
  async rebuild(): Promise<number> {
    return this.store.write('rollup_month_totals', () => {
      recountRollupsFromLogs({ exec: (sql) => this.store.execRaw(sql), prepare: (sql) => this.store.statement(sql) });
      recountAnchorRollups({ exec: (sql) => this.store.execRaw(sql) });
      return Number((this.store.statement('SELECT count(*) AS n FROM (SELECT DISTINCT place, month FROM rollup_month_totals)').get() as { n: number }).n);
    });
  }
}
