/**
 * Migration 9: a log's insert, cheaper (issue 23, CPU per message).
 *
 * - The place-month row of a new live log (`rollup_place_months`) is counted
 *   by a BEFORE INSERT trigger, split from migration 6's AFTER trigger (which
 *   keeps the anchor rows). SQLite runs BEFORE triggers ahead of the row's
 *   insert and the RETURNING clause after it, so the insert can return its
 *   village-month's live count as one seek on that row. It returned a
 *   `count(*)` over the village-month's logs: a busy village paid for each of
 *   its logs on every message. If the insert fails (a unique key, a CHECK), the
 *   statement is undone whole, the trigger's increment with it.
 * - `logs_village_month` goes: only that count used it. Reads of a village's
 *   logs by period seek on `logs_village_date` (same first column) instead.
 *
 * The SQL is written out here, not built from migration 6's helpers, so this
 * migration stays what it was when later code changes.
 */
import type { MigrationDb } from './migrations';

const PLACE_MONTH_BEFORE_INSERT = `
  CREATE TRIGGER logs_place_month_ins BEFORE INSERT ON logs WHEN NEW.cancelled_at IS NULL BEGIN
    INSERT INTO rollup_place_months (place, month, sessions, participants, items)
      SELECT NEW.village_id, NEW.month, NEW.form <> 'bao', iif(NEW.form <> 'bao', NEW.participants, 0), NEW.form = 'bao'
      ON CONFLICT DO UPDATE SET sessions = sessions + excluded.sessions, participants = participants + excluded.participants, items = items + excluded.items;
  END;`;

const ANCHOR_AFTER_INSERT = `
  CREATE TRIGGER logs_anchor_ins AFTER INSERT ON logs WHEN NEW.cancelled_at IS NULL AND NEW.split IS NULL BEGIN
    INSERT INTO rollup_anchor_months (anchor, month, depth, form, groups, sessions, participants)
      SELECT a.value, NEW.month, json_array_length(NEW.place_path), NEW.form, NEW.groups, 1, NEW.participants FROM json_each(NEW.place_path) a WHERE true
      ON CONFLICT DO UPDATE SET sessions = sessions + 1, participants = participants + excluded.participants;
  END;`;

export function cheaperLogInsert(db: MigrationDb): void {
  db.exec(`DROP TRIGGER logs_anchor_ins; ${PLACE_MONTH_BEFORE_INSERT} ${ANCHOR_AFTER_INSERT} DROP INDEX IF EXISTS logs_village_month;`);
}
