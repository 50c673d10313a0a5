import type { ClaimBook } from '../../core/ports/claims';
import type { DocumentStore, IndexSpec } from './document-store';

/** Collection names and their indexes, declared once for both adapters. */
export const COLLECTIONS = {
  places: 'places',
  people: 'people',
  logs: 'logs',
  inbound: 'inbound',
  counters: 'counters',
  /** Month totals of live logs, one document per place and year (storage/repositories/rollups-repo.ts). */
  rollups: 'rollups',
  /** Per-day counts of live logs, one document per place and month. */
  rollupDays: 'rollup_days',
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

export const CORE_INDEXES: Record<string, IndexSpec[]> = {
  [COLLECTIONS.places]: [
    { name: 'places_parent_code_unique', keys: { parentId: 1, code: 1 }, unique: true },
    { name: 'places_path', keys: { path: 1 }, arrayKey: 'path' },
  ],
  [COLLECTIONS.people]: [
    { name: 'people_phone_unique', keys: { phone: 1 }, unique: true, sparse: true },
    // Chat accounts (`<door>:<id>`, any door): the lookup of every chat message. One person per account is the repository's rule.
    { name: 'people_account_keys', keys: { accountKeys: 1 }, arrayKey: 'accountKeys' },
    { name: 'people_place_path', keys: { placePath: 1 }, arrayKey: 'placePath' },
  ],
  [COLLECTIONS.logs]: [
    // A retried webhook or re-delivered update can never make a second log.
    { name: 'logs_channel_message_unique', keys: { channel: 1, channelMessageId: 1 }, unique: true },
    { name: 'logs_village_code_unique', keys: { villageId: 1, code: 1 }, unique: true },
    { name: 'logs_person_created', keys: { personId: 1, createdAt: -1 } },
    { name: 'logs_path_month', keys: { placePath: 1, 'periods.month': 1 }, arrayKey: 'placePath' },
    { name: 'logs_path_year', keys: { placePath: 1, 'periods.year': 1 }, arrayKey: 'placePath' },
    // A rollup refresh reads one place-month.
    { name: 'logs_village_month', keys: { villageId: 1, 'periods.month': 1 } },
  ],
  // The scheduler's hourly pass deletes expired counters.
  [COLLECTIONS.counters]: [{ name: 'counters_expires', keys: { expiresAt: 1 } }],
  // ... and the one-time codes nobody tried again.
  [COLLECTIONS.oneTimeCodes]: [{ name: 'one_time_codes_expires', keys: { expiresAt: 1 } }],
  // Rollup ids lead with the period: a scope's documents of some months are one _id range.
  [COLLECTIONS.rollups]: [{ name: 'rollups_path_id', keys: { placePath: 1, _id: 1 }, arrayKey: 'placePath' }],
  [COLLECTIONS.rollupDays]: [{ name: 'rollup_days_path_id', keys: { placePath: 1, _id: 1 }, arrayKey: 'placePath' }],
  [COLLECTIONS.plans]: [
    { name: 'plans_place_path', keys: { placePath: 1 }, arrayKey: 'placePath' },
    { name: 'plans_place', keys: { placeId: 1 } },
  ],
  [DOOR_COLLECTIONS.gatewayDevices]: [{ name: 'gateway_devices_commune', keys: { communeId: 1 } }],
  // `_id` is the idempotency key: its built-in unique index is the claim.
  [OUTBOX_COLLECTIONS.messages]: [
    { name: 'outbox_messages_provider_unique', keys: { providerId: 1 }, unique: true, sparse: true },
    { name: 'outbox_messages_state_updated', keys: { state: 1, updatedAt: 1 } },
  ],
  // `_id` is the provider's message id (Twilio MessageSid).
  [OUTBOX_COLLECTIONS.statuses]: [{ name: 'outbox_statuses_updated', keys: { updatedAt: 1 } }],
  ...Object.fromEntries(
    Object.values(CLAIM_COLLECTIONS).map((name) => [name, [{ name: `${name}_subject_week_unique`, keys: { subject: 1, week: 1 }, unique: true }]]),
  ),
};

export async function ensureCoreIndexes(store: DocumentStore): Promise<void> {
  for (const [name, specs] of Object.entries(CORE_INDEXES)) await store.ensureIndexes(name, specs);
}
