import type { i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import { isSmsLike, type Channel } from '../domain/session-log';
import type { Reply, ReplyValue } from '../reply';
import { stripDiacritics } from '../text';
import { fitsOneGsm7Segment, smsSegments, toGsm7 } from './gsm7';

/**
 * `full`: Telegram, Vietnamese with diacritics, longer forms allowed.
 * `sms`: the same `vi` text with diacritics removed, using a key's `_sms`
 * variant when one exists (a shorter wording), always GSM-7.
 */
export type RenderStyle = 'full' | 'sms';

/** A reply rendered for the door it goes out by. */
export type RenderFn = (reply: Reply, lng: Language, door: Channel) => string;

/** The style follows from the door, here and nowhere else: chat apps get `full`, every SMS-like door `sms`. */
export function replyStyleOf(door: Channel): RenderStyle {
  return isSmsLike(door) ? 'sms' : 'full';
}

/** The renderer every door and the outbox use. */
export function rendererFor(i18n: I18n): RenderFn {
  return (reply, lng, door) => renderReply(i18n, reply, lng, replyStyleOf(door));
}

export function renderReply(i18n: I18n, reply: Reply, lng: Language, style: RenderStyle): string {
  const values = reply.values ?? {};
  let text = renderOnce(i18n, reply, lng, style, values, false);
  if (style !== 'sms' || fitsOneGsm7Segment(text)) return text;
  // One segment, never a silently dropped field: first the vocabulary's short codes, then cut free text.
  let current = values;
  text = renderOnce(i18n, reply, lng, style, current, true);
  for (const field of SHORTENABLE) {
    for (let attempt = 0; attempt < 4 && !fitsOneGsm7Segment(text); attempt++) {
      const cut = shorten(current, field, smsSegments(text).units - SMS_UNITS);
      if (!cut) break;
      current = cut;
      text = renderOnce(i18n, reply, lng, style, current, true);
    }
  }
  return text;
}

/** `reply` with `values` in `style`; `short`: vocabulary as the codes people type. A module function, not a closure per reply (each closure tsx makes is named at run time). */
function renderOnce(i18n: I18n, reply: Reply, lng: Language, style: RenderStyle, values: Record<string, ReplyValue>, short: boolean): string {
  const text = i18n.t(reply.key, {
    ...enrich(i18n, values, lng, short),
    lng,
    ...(style === 'sms' ? { context: 'sms' } : {}),
  } as Record<string, unknown>) as string;
  return style === 'sms' ? toGsm7(stripDiacritics(text)) : text;
}

const SMS_UNITS = 160;
/** Free-text values, in the order they give way when an SMS is too long. */
const SHORTENABLE = ['note', 'village', 'places'] as const;
const ELLIPSIS = '...';

/** `values` with `field` (also inside `changes`) cut by `over` characters, marked with an ellipsis. */
function shorten(values: Record<string, ReplyValue>, field: string, over: number): Record<string, ReplyValue> | null {
  const cutText = (text: string): string => (text.length > over + ELLIPSIS.length ? text.slice(0, Math.max(1, text.length - over - ELLIPSIS.length)).trimEnd() + ELLIPSIS : text);
  const out: Record<string, ReplyValue> = { ...values };
  let changed = false;
  const current = values[field];
  if (typeof current === 'string' && current.length > ELLIPSIS.length + 1) {
    out[field] = cutText(current);
    changed = out[field] !== current;
  }
  if (Array.isArray(values.changes)) {
    out.changes = values.changes.map((c) => {
      const change = c as { field?: string; from?: ReplyValue; to?: ReplyValue };
      if (change.field !== field || typeof change.from !== 'string' || typeof change.to !== 'string') return c;
      changed = true;
      const half = Math.ceil(over / 2);
      const cutHalf = (t: string) => (t.length > half + ELLIPSIS.length ? t.slice(0, Math.max(1, t.length - half - ELLIPSIS.length)) + ELLIPSIS : t);
      return { ...change, from: cutHalf(change.from), to: cutHalf(change.to) } as ReplyValue;
    });
  }
  return changed ? out : null;
}

/**
 * Values that name vocabulary codes are rendered as words in the recipient's
 * language (`form` → `formLabel`, `groups` → `groupsLabel`), or as the short
 * codes people type when an SMS must be shortened; `note` → `noteLabel` (empty
 * when there is none); `changes` (a correction) → `changesLabel`; `dateWord` (a
 * weekday the sender dated a log with) → `dateWordLabel` (`thứ 7`, `Saturday`).
 */
function enrich(i18n: I18n, values: Record<string, ReplyValue>, lng: Language, short = false): Record<string, ReplyValue> {
  const out: Record<string, ReplyValue> = { ...values };
  const words: Words = { i18n, lng, short };
  if (typeof values.form === 'string') out.formLabel = labelOf(words, 'forms', values.form);
  // A split by group names each share (`30 thanh niên + 20 phụ nữ`; short: `30tn+20pn`); `+` because a group's label may hold a comma.
  if (isSplit(values.split)) out.groupsLabel = sharesOf(words, values.split);
  else if (Array.isArray(values.groups)) out.groupsLabel = groupsOf(words, values.groups);
  out.noteLabel = typeof values.note === 'string' && values.note.trim() ? (i18n.t('log.note_part', { lng, note: values.note }) as string) : '';
  if (Array.isArray(values.changes)) {
    out.changesLabel = values.changes
      .map((c) => {
        const { field, from, to } = c as { field: string; from: ReplyValue; to: ReplyValue };
        return `${i18n.t(`field.${field}`, { lng }) as string}: ${changedValue(words, field, from)} -> ${changedValue(words, field, to)}`;
      })
      .join('; ');
  }
  if (typeof values.dateWord === 'string') {
    out.dateWordLabel = vocabularyLabel(i18n, lng, `dates.weekdays.${values.dateWord}`, values.dateWord);
  }
  // `thứ 7 14/11` when the sender named a weekday, so a wrong "which Saturday" shows at once.
  if (typeof values.date === 'string') out.dateLabel = out.dateWordLabel ? `${String(out.dateWordLabel)} ${values.date}` : values.date;
  return out;
}

/** How {@link enrich} names vocabulary: in `lng`, or (`short`) as the codes people type. */
interface Words {
  i18n: I18n;
  lng: Language;
  short: boolean;
}

function labelOf(words: Words, kind: 'forms' | 'groups', code: string): string {
  return words.short ? code : vocabularyLabel(words.i18n, words.lng, `${kind}.${code}`, code);
}

function groupsOf(words: Words, list: ReplyValue[]): string {
  return list.map((g) => labelOf(words, 'groups', String(g))).join(words.short ? '+' : ', ');
}

function sharesOf(words: Words, split: Record<string, ReplyValue>): string {
  return Object.entries(split)
    .map(([g, n]) => (words.short ? `${String(n)}${g}` : `${String(n)} ${labelOf(words, 'groups', g)}`))
    .join(words.short ? '+' : ' + ');
}

function isSplit(v: ReplyValue | undefined): v is Record<string, ReplyValue> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One side of a correction (`changes`), as the field it changed is shown. */
function changedValue(words: Words, field: string, v: ReplyValue): string {
  if (field === 'form') return labelOf(words, 'forms', String(v));
  if (field === 'groups' && Array.isArray(v)) return groupsOf(words, v);
  if (field === 'participantsByGroup') return isSplit(v) ? sharesOf(words, v) : '-';
  return String(v);
}

/** Labels already looked up, per i18next instance; emptied when its resources change (a test adds one, a locale loads). */
const LABELS = new WeakMap<I18n, Map<string, string>>();

/**
 * A vocabulary entry's label in `lng` (`hop` → `họp thôn`), or `code` when
 * it has none. A pure lookup, so each is asked of i18next once: every
 * confirmation named its form and groups, ~4 µs of `t` each.
 */
function vocabularyLabel(i18n: I18n, lng: Language, entry: string, code: string): string {
  let labels = LABELS.get(i18n);
  if (!labels) {
    const known = (labels = new Map<string, string>());
    const forget = () => known.clear();
    i18n.store?.on('added', forget);
    i18n.store?.on('removed', forget);
    LABELS.set(i18n, labels);
  }
  const key = `${lng}|${entry}|${code}`;
  let text = labels.get(key);
  if (text === undefined) {
    text = i18n.t(`vocabulary:${entry}.label`, { lng, defaultValue: code }) as string;
    labels.set(key, text);
  }
  return text;
}
