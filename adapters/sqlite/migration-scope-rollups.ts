/**
 * Migration 6: rollups a report reads instead of every place's rows of
 * `rollup_month_totals` (which holds a row per place, month, form and exact
 * groups: at 300,000 logs over 1,800 villages, 146,000 rows, ×5 the rows at
 * 30,000). Kept by triggers on `logs`, like migration 4's, inside the
 * statement that writes the log.
 *
 * - `rollup_place_months`: one row per place-month (sessions, their
 *   participants, press items): coverage, the village grid, per-place totals.
 * - `rollup_anchor_months`: for each place on a log's path (itself included),
 *   the month, the depth of the log's place, form and exact groups: a scope's
 *   totals by form and group, and a plan's press, training and reach targets,
 *   read from rows bounded by the vocabulary, not by the places or the logs.
 *   A log's path is the one it was written with (a log moved by an UPDATE of
 *   its `place_path` moves its counts).
 * The daily figures (the Monday summary's week, silent villages, first days)
 * are sums and seeks per place over `rollup_day_totals` in SQL: a few rows
 * come back per place, never a row per place-day.
 * Split logs stay in `rollup_splits` (one row each), as for the other rollups.
 */
import { FORMS_V3, ISO_MONTH } from './migration-logs';
import type { MigrationDb } from './migrations';

type Bucket = 'month' | 'date';

/**
 * A log's path, or, when its JSON is damaged (a flipped byte: the row is on
 * its way to the quarantine), its place's path as the rollups know it, so a
 * damaged row still leaves the counts it added.
 */
const PATH = (x: 'NEW' | 'OLD') =>
  `coalesce(CASE WHEN json_valid(${x}.place_path) THEN ${x}.place_path END, (SELECT path FROM rollup_places WHERE place = ${x}.village_id), '[]')`;
/** By month only: the daily figures are sums and seeks over `rollup_day_totals` per place (a day table here doubled the triggers' work). */
const PERIODS: readonly [Bucket, string][] = [['month', 'months']];

/** Adds one live log (`x`) to the rollups by `b`; `when` narrows it (an update adds only a log live after it). */
const addTo = (b: Bucket, t: string, x: 'NEW' | 'OLD', when: string) => `
    INSERT INTO rollup_place_${t} (place, ${b}, sessions, participants, items)
      SELECT ${x}.village_id, ${x}.${b}, ${x}.form <> 'bao', iif(${x}.form <> 'bao', ${x}.participants, 0), ${x}.form = 'bao' WHERE ${when}
      ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions, participants = participants + excluded.participants, items = items + excluded.items;
    INSERT INTO rollup_anchor_${t} (anchor, ${b}, depth, form, groups, sessions, participants)
      SELECT a.value, ${x}.${b}, json_array_length(${x}.place_path), ${x}.form, ${x}.groups, 1, ${x}.participants FROM json_each(${x}.place_path) a
      WHERE ${x}.split IS NULL AND ${when}
      ON CONFLICT DO UPDATE SET sessions = sessions + 1, participants = participants + excluded.participants;`;

/** Takes one live log (`x`) away from them (a row left empty goes); `when` as for {@link addTo}. */
const takeFrom = (b: Bucket, t: string, x: 'NEW' | 'OLD', when: string) => `
    UPDATE rollup_place_${t} SET sessions = sessions - (${x}.form <> 'bao'), participants = participants - iif(${x}.form <> 'bao', ${x}.participants, 0),
      items = items - (${x}.form = 'bao')
      WHERE ${when} AND place = ${x}.village_id AND ${b} = ${x}.${b};
    DELETE FROM rollup_place_${t} WHERE place = ${x}.village_id AND ${b} = ${x}.${b} AND sessions = 0 AND items = 0;
    UPDATE rollup_anchor_${t} SET sessions = sessions - 1, participants = participants - ${x}.participants
      WHERE ${x}.split IS NULL AND ${when} AND anchor IN (SELECT value FROM json_each(${PATH(x)})) AND ${b} = ${x}.${b}
        AND depth = json_array_length(${PATH(x)}) AND form = ${x}.form AND groups = ${x}.groups;
    DELETE FROM rollup_anchor_${t} WHERE anchor IN (SELECT value FROM json_each(${PATH(x)})) AND ${b} = ${x}.${b}
      AND depth = json_array_length(${PATH(x)}) AND form = ${x}.form AND groups = ${x}.groups AND sessions = 0;`;

const addLog = (x: 'NEW' | 'OLD', when = 'true') => PERIODS.map(([b, t]) => addTo(b, t, x, when)).join('');
const takeLog = (x: 'NEW' | 'OLD', when = 'true') => PERIODS.map(([b, t]) => takeFrom(b, t, x, when)).join('');

const COUNTED = 'cancelled_at, village_id, place_path, date, month, form, groups, participants, split';

const tables = (b: Bucket, t: string, check: string) => `
  CREATE TABLE rollup_place_${t} (
    place TEXT NOT NULL,
    ${b} TEXT NOT NULL CHECK (${check}),
    sessions INTEGER NOT NULL CHECK (sessions >= 0),
    participants INTEGER NOT NULL CHECK (participants >= 0),
    items INTEGER NOT NULL CHECK (items >= 0),
    PRIMARY KEY (place, ${b})
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE rollup_anchor_${t} (
    anchor TEXT NOT NULL,
    ${b} TEXT NOT NULL CHECK (${check}),
    depth INTEGER NOT NULL CHECK (depth >= 1),
    form TEXT NOT NULL CHECK (form IN (${FORMS_V3})),
    groups TEXT NOT NULL,
    sessions INTEGER NOT NULL CHECK (sessions >= 0),
    participants INTEGER NOT NULL CHECK (participants >= 0),
    PRIMARY KEY (anchor, ${b}, depth, form, groups)
  ) STRICT, WITHOUT ROWID;`;

const TABLES = `${tables('month', 'months', ISO_MONTH('month'))}
  CREATE TRIGGER logs_anchor_ins AFTER INSERT ON logs WHEN NEW.cancelled_at IS NULL BEGIN ${addLog('NEW')} END;
  CREATE TRIGGER logs_anchor_del AFTER DELETE ON logs WHEN OLD.cancelled_at IS NULL BEGIN ${takeLog('OLD')} END;
  CREATE TRIGGER logs_anchor_upd AFTER UPDATE OF ${COUNTED} ON logs WHEN OLD.cancelled_at IS NULL OR NEW.cancelled_at IS NULL BEGIN
    ${takeLog('OLD', 'OLD.cancelled_at IS NULL')} ${addLog('NEW', 'NEW.cancelled_at IS NULL')}
  END;`;

/** {@link PATH} for the recount's rows (`l`): a damaged row is counted as its delete will take it away. */
const LOG_PATH = `coalesce(CASE WHEN json_valid(l.place_path) THEN l.place_path END, (SELECT path FROM rollup_places WHERE place = l.village_id), '[]')`;

/** Empties both rollups and fills them again from the live logs (migration 5, and `loa rollups rebuild`). */
export function recountAnchorRollups(db: Pick<MigrationDb, 'exec'>): void {
  db.exec(
    PERIODS.map(
      ([b, t]) => `
    DELETE FROM rollup_place_${t}; DELETE FROM rollup_anchor_${t};
    INSERT INTO rollup_place_${t} (place, ${b}, sessions, participants, items)
      SELECT village_id, ${b}, sum(form <> 'bao'), sum(iif(form <> 'bao', participants, 0)), sum(form = 'bao') FROM logs WHERE cancelled_at IS NULL GROUP BY 1, 2;
    INSERT INTO rollup_anchor_${t} (anchor, ${b}, depth, form, groups, sessions, participants)
      SELECT a.value, l.${b}, json_array_length(${LOG_PATH}), l.form, l.groups, count(*), sum(l.participants)
      FROM logs l, json_each(${LOG_PATH}) a WHERE l.cancelled_at IS NULL AND l.split IS NULL GROUP BY 1, 2, 3, 4, 5;`,
    ).join(''),
  );
}

/** Migration 5's work: the tables, their triggers, a recount of the logs already there. */
export function anchorRollups(db: MigrationDb): void {
  db.exec(TABLES);
  recountAnchorRollups(db);
}
