import type { ClaimBook } from '../core/scheduling/claims';
import type { DocumentStore, IndexSpec } from './document-store';

/** Collection names and their indexes, declared once for both adapters. */
export const COLLECTIONS = {
  places: 'places',
  people: 'people',
  logs: 'logs',
  inbound: 'inbound',
  counters: 'counters',
  /** Per-place, per-day counts of live logs, one document per place and month (storage: core/repos/rollups-repo.ts). */
  rollups: 'rollups',
  plans: 'plans',
} as const;

/** One collection per book of claims (core/scheduling/claims.ts). */
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
    { name: 'people_telegram_unique', keys: { telegramId: 1 }, unique: true, sparse: true },
    { name: 'people_zalo_unique', keys: { zaloId: 1 }, unique: true, sparse: true },
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
  [COLLECTIONS.rollups]: [{ name: 'rollups_path_month', keys: { placePath: 1, month: 1 }, arrayKey: 'placePath' }],
  [COLLECTIONS.plans]: [
    { name: 'plans_place_path', keys: { placePath: 1 }, arrayKey: 'placePath' },
    { name: 'plans_place', keys: { placeId: 1 } },
  ],
  ...Object.fromEntries(
    Object.values(CLAIM_COLLECTIONS).map((name) => [name, [{ name: `${name}_subject_week_unique`, keys: { subject: 1, week: 1 }, unique: true }]]),
  ),
};

export async function ensureCoreIndexes(store: DocumentStore): Promise<void> {
  for (const [name, specs] of Object.entries(CORE_INDEXES)) await store.ensureIndexes(name, specs);
}
