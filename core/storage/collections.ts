import type { DocumentStore, IndexSpec } from './port';

/** Collection names and their indexes, declared once for both adapters. */
export const COLLECTIONS = {
  places: 'places',
  people: 'people',
  logs: 'logs',
  inbound: 'inbound',
  counters: 'counters',
  /** Month totals of live logs, one document per place and year (core/repos/rollups-repo.ts). */
  rollups: 'rollups',
  /** Per-day counts of live logs, one document per place and month. */
  rollupDays: 'rollup_days',
  /** Log writes in progress: the place-months to recount if the process dies before their refresh. */
  rollupMarks: 'rollup_marks',
} as const;

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
  // Rollup ids lead with the period: a scope's documents of some months are one _id range.
  [COLLECTIONS.rollups]: [{ name: 'rollups_path_id', keys: { placePath: 1, _id: 1 }, arrayKey: 'placePath' }],
  [COLLECTIONS.rollupDays]: [{ name: 'rollup_days_path_id', keys: { placePath: 1, _id: 1 }, arrayKey: 'placePath' }],
};

export async function ensureCoreIndexes(store: DocumentStore): Promise<void> {
  for (const [name, specs] of Object.entries(CORE_INDEXES)) await store.ensureIndexes(name, specs);
}
