import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import type { Fact, PlaceMonth } from '../../../core/domain/log-facts';
import type { AnchorMonthRow, CompactDays, CompactDaysAsked, CompactMonths, RollupsRepo } from '../../../core/repos/rollups-repo';
import { keyBounds, monthsBetween } from '../../../core/indicators/buckets';
import type { PlaceMonthCounts } from '../../store/rollup-counts';
import type { EmbeddedStore } from '../embedded-store';
import { recountRollupsFromLogs } from '../migration-logs';
import { recountAnchorRollups } from '../migration-scope-rollups';


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
      const places = this.store
        .statement(
          `SELECT t.place, t.month AS bucket, t.sessions, t.participants, t.items FROM rollup_place_paths p JOIN rollup_place_months t ON t.place = p.place
           WHERE p.ancestor = ? AND t.month BETWEEN ? AND ? ORDER BY t.place, t.month`,
        )
        .all(scopeId, from, to) as PlaceMonth[];
      const mix: AnchorMonthRow[] = [];
      const anchorRows = this.store.statement(
        `SELECT anchor, depth, month AS bucket, form, groups, sessions, participants FROM rollup_anchor_months WHERE anchor = ? AND month BETWEEN ? AND ? AND sessions > 0`,
      );
      for (const anchor of anchors) {
        for (const r of anchorRows.all(anchor, from, to) as (Omit<AnchorMonthRow, 'groups'> & { groups: string })[]) {
          mix.push({ anchor: r.anchor, depth: Number(r.depth), bucket: r.bucket, form: r.form, groups: groupsOf(r.groups), sessions: Number(r.sessions), participants: Number(r.participants) });
        }
      }
      const splits = (this.store
        .statement(
          `SELECT s.log_id, s.place, substr(s.date, 1, 7) AS bucket, s.form, s.groups, s.participants, s.split FROM rollup_place_paths p JOIN rollup_splits s ON s.place = p.place
           WHERE p.ancestor = ? AND substr(s.date, 1, 7) BETWEEN ? AND ? ORDER BY s.log_id`,
        )
        .all(scopeId, from, to) as SplitRow[]).map(splitFact);
      return { places: places.map((r) => ({ place: r.place, bucket: r.bucket, sessions: Number(r.sessions), participants: Number(r.participants), items: Number(r.items) })), mix, splits };
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
        out.weekSplits = (this.store
          .statement(
            `SELECT s.log_id, s.place, s.date AS bucket, s.form, s.groups, s.participants, s.split FROM rollup_place_paths p JOIN rollup_splits s ON s.place = p.place
             WHERE p.ancestor = ? AND s.date BETWEEN ? AND ? ORDER BY s.log_id`,
          )
          .all(scopeId, from, to) as SplitRow[]).map(splitFact);
        // Two GROUP BYs over the same day rows, in SQL: by place (≤ the places), by form and groups (≤ the vocabulary).
        out.week = (this.store
          .statement(
            `SELECT t.place, sum(iif(t.form <> 'bao', t.sessions, 0)) AS sessions, sum(iif(t.form <> 'bao', t.participants, 0)) AS participants
             FROM rollup_place_paths p JOIN rollup_day_totals t ON t.place = p.place
             WHERE p.ancestor = ? AND t.date BETWEEN ? AND ? GROUP BY t.place HAVING sum(iif(t.form <> 'bao', t.sessions, 0)) > 0`,
          )
          .all(scopeId, from, to) as { place: string; sessions: number; participants: number }[]).map((r) => ({ place: r.place, sessions: Number(r.sessions), participants: Number(r.participants) }));
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
        out.weekMix = (this.store
          .statement(
            `SELECT t.form, t.groups, sum(t.sessions) AS sessions, sum(t.participants) AS participants FROM rollup_place_paths p JOIN rollup_day_totals t ON t.place = p.place
             WHERE p.ancestor = ? AND t.date BETWEEN ? AND ? AND t.sessions > 0 GROUP BY t.form, t.groups ORDER BY t.form, t.groups`,
          )
          .all(scopeId, from, to) as { form: string; groups: string; sessions: number; participants: number }[]).map((r) => ({
          form: r.form as FormCode, groups: groupsOf(r.groups), sessions: Number(r.sessions), participants: Number(r.participants),
        }));
      }
      if (asked.silence && asked.silence.from <= asked.silence.to) {
        const { from, to } = asked.silence;
        out.recent = this.store
          .statement(
            `SELECT p.place FROM rollup_place_paths p WHERE p.ancestor = ?
             AND (EXISTS (SELECT 1 FROM rollup_day_totals t WHERE t.place = p.place AND t.date BETWEEN ? AND ? AND t.sessions > 0 AND t.form <> 'bao')
               OR EXISTS (SELECT 1 FROM rollup_splits s WHERE s.place = p.place AND s.date BETWEEN ? AND ? AND s.form <> 'bao'))`,
          )
          .pluck()
          .all(scopeId, from, to, from, to) as string[];
      }
      // Each month the window touches: every place's first day with a live log in it (a seek a place and table).
      const first = this.store.statement(
        `SELECT p.place, min(coalesce((SELECT min(t.date) FROM rollup_day_totals t WHERE t.place = p.place AND t.date BETWEEN ?1 AND ?2 AND t.sessions > 0), '9999'),
                             coalesce((SELECT min(s.date) FROM rollup_splits s WHERE s.place = p.place AND s.date BETWEEN ?1 AND ?2), '9999')) AS day
         FROM rollup_place_paths p WHERE p.ancestor = ?3`,
      );
      for (const month of monthsBetween(asked.from.slice(0, 7), asked.to.slice(0, 7))) {
        const bounds = keyBounds(month);
        const [from, to] = [bounds.from < asked.from ? asked.from : bounds.from, bounds.to > asked.to ? asked.to : bounds.to];
        for (const r of first.all(from, to, scopeId) as { place: string; day: string }[]) if (r.day !== '9999') out.firsts.push({ place: r.place, day: r.day });
      }
      return out;
    });
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
  }
}
