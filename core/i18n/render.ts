import type { i18n as I18n } from 'i18next';
import type { Language } from '../domain/people';
import type { Reply, ReplyValue } from '../reply';
import { stripDiacritics } from '../text';
import { toGsm7 } from './gsm7';

/**
 * `full`: Telegram, Vietnamese with diacritics, longer forms allowed.
 * `sms`: the same `vi` text with diacritics removed, using a key's `_sms`
 * variant when one exists (a shorter wording), always GSM-7.
 */
export type RenderStyle = 'full' | 'sms';

export function renderReply(i18n: I18n, reply: Reply, lng: Language, style: RenderStyle): string {
  const values = enrich(i18n, reply.values ?? {}, lng);
  const text = i18n.t(reply.key, {
    ...values,
    lng,
    ...(style === 'sms' ? { context: 'sms' } : {}),
  } as Record<string, unknown>) as string;
  return style === 'sms' ? toGsm7(stripDiacritics(text)) : text;
}

/**
 * Values that name vocabulary codes are rendered as words in the recipient's
 * language: `form` → `formLabel`, `groups` → `groupsLabel`.
 */
function enrich(i18n: I18n, values: Record<string, ReplyValue>, lng: Language): Record<string, ReplyValue> {
  const out: Record<string, ReplyValue> = { ...values };
  const label = (kind: 'forms' | 'groups', code: string): string =>
    i18n.t(`vocabulary:${kind}.${code}.label`, { lng, defaultValue: code }) as string;
  if (typeof values.form === 'string') out.formLabel = label('forms', values.form);
  if (Array.isArray(values.groups)) out.groupsLabel = values.groups.map((g) => label('groups', String(g))).join(', ');
  return out;
}
