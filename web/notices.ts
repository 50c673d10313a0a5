import type { Request } from 'express';
import type { SessionLog } from '../core/domain/session-log';
import type { Texts } from '../core/wording/texts';
import { dayText } from './format';

/**
 * What a page may announce after a form did its work. A redirect carries one
 * of these keys and the id of what was done (`?notice=log_saved&log=…`); the
 * page builds the words itself from the store. Free text in the address (the
 * old `?notice=Đã …`) let any link put a sentence on a trusted page.
 */
export const NOTICE_KEYS = ['log_saved', 'log_cancelled', 'log_corrected', 'log_unchanged', 'denominator_saved'] as const;
export type NoticeKey = (typeof NOTICE_KEYS)[number];

const ID = /^[A-Za-z0-9._:-]{1,80}$/;
/** The only parameters a notice may carry, each an id checked for shape. */
const PARAMS = ['log', 'plan', 'target'] as const;
export type NoticeRef = { key: NoticeKey } & Partial<Record<(typeof PARAMS)[number], string>>;

/** `back` with a notice key and the ids it names appended. */
export function withNotice(back: string, ref: NoticeRef): string {
  const query = new URLSearchParams({ notice: ref.key });
  for (const p of PARAMS) if (ref[p] !== undefined) query.set(p, ref[p]!);
  return `${back}${back.includes('?') ? '&' : '?'}${query.toString()}`;
}

/** The notice a request names, or null for none, an unknown key or a malformed id. */
export function noticeRefOf(req: Request): NoticeRef | null {
  const key = req.query.notice;
  if (typeof key !== 'string' || !(NOTICE_KEYS as readonly string[]).includes(key)) return null;
  const ref: NoticeRef = { key: key as NoticeKey };
  for (const p of PARAMS) {
    const value = req.query[p];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !ID.test(value)) return null;
    ref[p] = value;
  }
  return ref;
}

/** A log notice in the page's words, from the log as it is stored now. */
export function logNoticeText(texts: Texts, key: NoticeKey, log: SessionLog, village: string): string {
  const groups = log.participantsByGroup
    ? Object.entries(log.participantsByGroup).map(([g, n]) => `${texts.groupName(g)} ${n}`).join(', ')
    : log.groups.map((g) => texts.groupName(g)).join(', ');
  return texts.t(`web:notice.${key}`, { code: log.code, participants: log.participants, form: texts.formName(log.form), groups, village, date: dayText(log.date) });
}
