import type { ClaimBook } from '../../core/ports/claims';

/** Collection (table) names Loa keeps, named once for both stores; each store's repositories declare their own indexes. */
export const COLLECTIONS = {
  places: 'places',
  people: 'people',
  logs: 'logs',
  inbound: 'inbound',
  counters: 'counters',
  /** Log writes in progress: the place-months to recount if the process dies before their refresh. */
  rollupMarks: 'rollup_marks',
  plans: 'plans',
  oneTimeCodes: 'one_time_codes',
} as const;

/** Collections the outbox owns; the `outbox` prefix keeps them apart from the core's. */
export const OUTBOX_COLLECTIONS = {
  messages: 'outbox_messages',
  statuses: 'outbox_statuses',
} as const;

/** What the doors keep: Android gateway phones, Zalo download links, web sessions and secrets. */
export const DOOR_COLLECTIONS = {
  gatewayDevices: 'gateway_devices',
  downloadLinks: 'download_links',
  webSessions: 'web_sessions',
  webSecrets: 'web_secrets',
} as const;

/** One collection per book of claims (core/ports/claims.ts). */
export const CLAIM_COLLECTIONS: Record<ClaimBook, string> = {
  summaries: 'summary_claims',
  reminders: 'reminder_claims',
  undelivered_reports: 'summary_undelivered_reports',
  deadlines: 'deadline_claims',
};
