import { z } from 'zod';
import { FormCodeSchema, GroupCodeSchema } from './vocabulary-codes';
import { PlaceIdSchema } from './places';

/**
 * A channel a message can arrive by: the name of the door it came through
 * (`sms`, `android` for SMS relayed by a phone in the commune office,
 * `telegram`, `zalo`, `web` for a log entered on the officers' logs page,
 * `chat` for the terminal phone). Core keeps no list of them: the runtime
 * passes the names of the doors registered in app/doors.ts to what lists
 * them (the web's logs filter, LOA_DOOR_ORDER), and each door says how it
 * shows text through {@link declareDoor}.
 */
export type Channel = string;
/** A channel name as stored on a log: a door's name (never migrated; a removed door's logs stay valid). */
export const ChannelSchema = z.string().regex(/^[a-z][a-z0-9-]{1,19}$/);

/** What core needs to know of a door: how it shows text. A door identified by phone needs no person field. */
export interface DoorTraits {
  channel: string;
  /** Full Vietnamese and long texts (chat apps, the web), or one diacritic-free SMS segment. */
  fullText: boolean;
}

/** Chat apps and the web page show full Vietnamese and long texts; everything else is SMS-like. */
export const FULL_TEXT_CHANNELS: readonly Channel[] = ['telegram', 'zalo', 'web'];
const declaredFullText = new Set<string>(FULL_TEXT_CHANNELS);

/**
 * A registered door says how it shows text (app/runtime.ts declares every door
 * of app/doors.ts at start), so a new door needs no line in core.
 */
export function declareDoor(traits: DoorTraits): void {
  if (traits.fullText) declaredFullText.add(traits.channel);
  else declaredFullText.delete(traits.channel);
}

/** SMS-like channels get the one-segment, diacritic-free rendering. */
export function isSmsLike(channel: Channel): boolean {
  return !declaredFullText.has(channel);
}

export const MAX_PARTICIPANTS = 10_000;

/** Local-date period keys, computed at write time so grouping needs no date operators. */
export const PeriodKeysSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  week: z.string().regex(/^\d{4}-W\d{2}$/),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
  year: z.string().regex(/^\d{4}$/),
});
export type PeriodKeys = z.infer<typeof PeriodKeysSchema>;

/** The fields a correction can change, as they were before it. */
export const LogValuesSchema = z.object({
  participants: z.number().int(),
  form: FormCodeSchema,
  groups: z.array(GroupCodeSchema),
  date: z.string(),
  note: z.string(),
  participantsByGroup: z.partialRecord(GroupCodeSchema, z.number().int()).optional(),
});
export type LogValues = z.infer<typeof LogValuesSchema>;

export const LogChangeSchema = z.object({
  action: z.enum(['correct', 'cancel']),
  /** Person id of who made the change. */
  by: z.string().min(1),
  role: z.enum(['collaborator', 'officer', 'admin']),
  at: z.string(),
  before: LogValuesSchema,
  /** Why, when the sender said (`HUY A7K2 trung buoi`): XUAT lists it with the cancelled log. */
  reason: z.string().max(200).optional(),
});
export type LogChange = z.infer<typeof LogChangeSchema>;

export const SessionLogSchema = z.object({
  _id: z.string().min(1),
  /** Short code shown in the confirmation (`A7K2`), unique within the village. */
  code: z.string().regex(/^[A-Z0-9]{4,6}$/),
  villageId: PlaceIdSchema,
  /** Path of the village, root first: rolls up to commune/district/province by equality match. */
  placePath: z.array(PlaceIdSchema).min(1),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  periods: PeriodKeysSchema,
  participants: z.number().int().min(1).max(MAX_PARTICIPANTS),
  form: FormCodeSchema,
  groups: z.array(GroupCodeSchema).min(1),
  note: z.string().max(500),
  personId: z.string().min(1),
  channel: ChannelSchema,
  channelMessageId: z.string().min(1).max(200),
  /** Normalised content + sender, to spot a re-send of the same text within 24 h. */
  contentKey: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /**
   * Every correction or cancellation after the log was made: who, when, and
   * the values before it, so the record can be repaired without losing what
   * was first reported (shown in XUAT as the audit column).
   */
  history: z.array(LogChangeSchema).optional(),
  /**
   * Participants split by group when the collaborator gave it (`hs 30 pn 20`);
   * absent for the bare form, where every group of `groups` is credited with
   * all `participants` (attendances, not people).
   */
  participantsByGroup: z.partialRecord(GroupCodeSchema, z.number().int().min(0).max(MAX_PARTICIPANTS)).optional(),
});
export type SessionLog = z.infer<typeof SessionLogSchema>;
