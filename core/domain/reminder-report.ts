// What one NHAC run did, per quiet village: produced by scheduling/reminders.ts,
// worded by wording/replies.ts (declared here so the wording sits below scheduling).

/**
 * What happened to one quiet village: `sent` (a door accepted at least one
 * reminder), `failed` (every send refused or broke: no door, blocked…),
 * `no_collaborator`, `opted_out` (all its collaborators sent TAT NHAC),
 * `already` (reminded earlier this week).
 */
export type ReminderOutcome = 'sent' | 'failed' | 'no_collaborator' | 'opted_out' | 'already';

export interface VillageReminder {
  villageId: string;
  name: string;
  /** The alias collaborators use (`Nam` for `Thôn Nam`), for short lists. */
  shortName: string;
  outcome: ReminderOutcome;
  /** Reminders a door accepted for this village now. */
  accepted: number;
}

export interface ReminderReport {
  month: string;
  week: string;
  /** Villages with no session yet this month. */
  quiet: number;
  /** Quiet villages a door accepted a reminder for now. */
  reminded: number;
  /** Messages accepted by a door. */
  sent: number;
  /** Quiet villages already reminded this ISO week. */
  skipped: number;
  /** Quiet villages with nobody to text (no collaborator, or all asked to stop). */
  nobody: number;
  /** Quiet villages no reminder reached (no door, refused, broken). */
  failed: number;
  villages: VillageReminder[];
}
