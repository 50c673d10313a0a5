import { z } from 'zod';
import { FormCodeSchema, GroupCodeSchema } from '../domain/vocabulary-codes';
import { LOCALE_RESOURCES } from '../i18n/locales';
import { phraseWords } from './tokens';

/**
 * The words of the message language for one locale, as kept in
 * `locales/<lng>/vocabulary.json` (the i18next namespace `vocabulary`).
 * Keeping them as data lets a locale add a synonym without touching the parser;
 * the schema keeps a typo in that file from silently disabling a command.
 */

/** Something a person types: one word or several, matched after folding. */
const PhraseSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .refine((phrase) => phraseWords(phrase).length > 0, 'must contain at least one word or "?"');

const PhrasesSchema = z.array(PhraseSchema);
const KeywordsSchema = PhrasesSchema.min(1);

/** A form or group: how replies name it, and what people type for it. */
const EntrySchema = z.strictObject({
  /** Short display name with full diacritics; SMS replies fold it. 20 chars keeps replies one segment. */
  label: z.string().trim().min(1).max(20),
  synonyms: KeywordsSchema,
});

export const VocabularySchema = z.strictObject({
  /**
   * First words of a message, by the key a command module names
   * (`core/commands/<verb>.ts` `words`); the longest phrase that fits wins
   * (`TAT NHAC` before `NHAC`). A key no module names stops the parser at
   * start-up, so a typo in this file cannot silently disable a command.
   */
  commands: z.record(z.string().regex(/^[a-z][A-Za-z]*$/), KeywordsSchema),
  /** Words after a summary or export keyword. */
  periods: z.strictObject({
    week: KeywordsSchema,
    month: KeywordsSchema,
    quarter: KeywordsSchema,
    /** The six-monthly report (`6 THANG`, `6T`, `nua nam`). */
    half: KeywordsSchema,
    year: KeywordsSchema,
    /** The one before the current one (`TRUOC`). */
    previous: KeywordsSchema,
    /** Filler for the current one (`nay`). */
    current: KeywordsSchema,
  }),
  forms: z.record(FormCodeSchema, EntrySchema),
  groups: z.record(GroupCodeSchema, EntrySchema),
  dates: z.strictObject({
    today: KeywordsSchema,
    yesterday: KeywordsSchema,
    dayBeforeYesterday: KeywordsSchema,
    /** A word that makes the number after it a day of the month (`ngay 18`). */
    dayOfMonth: PhrasesSchema,
    /**
     * Weekday names (`thu 7`, `CN`, `T7`), read as the most recent such day. The
     * label is how a confirmation echoes the day.
     */
    weekdays: z.strictObject({
      monday: EntrySchema,
      tuesday: EntrySchema,
      wednesday: EntrySchema,
      thursday: EntrySchema,
      friday: EntrySchema,
      saturday: EntrySchema,
      sunday: EntrySchema,
    }),
    /** A word that makes the number after it a weekday (`thu 2` … `thu 7`); any other number after it is refused. */
    weekdayNumber: PhrasesSchema,
    /** Date words that name no single day (`tuan truoc`): the sender is asked for the date. */
    vague: PhrasesSchema,
  }),
  /** Words after a count that say "people"; dropped. */
  participantUnits: PhrasesSchema,
  /**
   * Words after a count that say "sessions" (`3 buoi`, `2 lan`): such a count is
   * refused, since a log is one session. Elsewhere they are glue words (`buoi sang`).
   */
  sessionUnits: PhrasesSchema,
  /** Glue words dropped when next to a recognised item, kept inside a note. */
  fillers: PhrasesSchema,
  /** Words naming a place (`thon`, `xom`): a number right after one is a village name, not a count. */
  placeWords: PhrasesSchema,
  /**
   * Words that make a clause (`rat`, `den`, `co`): a group word right beside one
   * belongs to a free sentence (`nguoi dan rat dong`) and goes to the note,
   * unless a number binds it (`30 tn`). Matched as typed (folded), never as a typo;
   * a word whose folded letters are also a common other word (`cung`: with/also, `ma`: ma tuy) is left out.
   */
  sentenceWords: PhrasesSchema.default([]),
  /**
   * Real words one typo away from a keyword (`xuan` vs `xuat`, `trung` vs `truong`):
   * never corrected, so a name or an ordinary word does not turn into a command.
   */
  keepAsTyped: PhrasesSchema,
});

export type Vocabulary = z.infer<typeof VocabularySchema>;

/** Locales shipped with Loa; every sender's messages are read with all of them at once. */
export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Where a locale's vocabulary lives in the repository (errors name it). */
export function vocabularyPath(lng: string): string {
  return `locales/${lng}/vocabulary.json`;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/**
 * Checks one shipped locale's vocabulary (bundled with the locales). A broken
 * file is a deployment mistake, so this throws, naming the file and the path
 * of each bad entry (`locales/vi/vocabulary.json: forms.hop.label: Too big ...`).
 */
export function loadVocabulary(lng: string): Vocabulary {
  const file = vocabularyPath(lng);
  const raw = (LOCALE_RESOURCES as Record<string, Record<string, unknown> | undefined>)[lng]?.['vocabulary'];
  if (raw === undefined) throw new Error(`No vocabulary ${file}: Loa ships ${Object.keys(LOCALE_RESOURCES).join(', ')}`);
  return parseVocabulary(raw, file);
}

/** Checks vocabulary data already in memory; `source` names it in the error. */
export function parseVocabulary(raw: unknown, source: string): Vocabulary {
  const result = VocabularySchema.safeParse(raw);
  if (!result.success) throw new Error(`Invalid vocabulary ${source}: ${describeIssues(result.error)}`);
  return result.data;
}

/** All shipped locales, in the order the parser should prefer them. */
export function loadVocabularies(lngs: readonly string[] = LANGUAGES): Vocabulary[] {
  return lngs.map(loadVocabulary);
}
