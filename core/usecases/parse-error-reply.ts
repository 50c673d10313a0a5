import type { ParseError } from '../language/commands';
import { reply, type Reply } from '../reply';
import { logDay } from './log-dates';

/** The reply to a command the language refuses (`error.<code>`), for a text and for a web form alike. */
export function parseErrorReply(error: ParseError, today: string): Reply {
  return reply(`error.${error.code}`, flattenError(error, today));
}

/** An error's values for its reply; a date shows its year when it is not the current one (`30/12/2026` asked in 2027). */
export function flattenError(error: ParseError, today: string): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key === 'code') continue;
    if (Array.isArray(value)) value.forEach((v, i) => (values[`${key}${i + 1}`] = v));
    else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) values[key] = logDay(value, today);
    else if (typeof value === 'string') values[key] = clipEcho(value);
    else if (typeof value === 'number') values[key] = value;
  }
  return values;
}

/** The sender's own words quoted back: clipped, so the reply stays one SMS segment whatever was typed (the samples' longest is 24). */
const ECHO_MAX = 24;
function clipEcho(text: string): string {
  return text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX - 3)}...` : text;
}

