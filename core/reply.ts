/**
 * What the core answers: a message key and its values, never rendered text.
 * Each channel renders it with `renderReply` in the recipient's language and
 * style (full Vietnamese on Telegram, one GSM-7 segment on SMS).
 */
export interface Reply {
  /** i18next key in the `translation` namespace, e.g. `log.saved`. */
  key: string;
  values?: Record<string, ReplyValue>;
  /** A file to send along (Telegram only), e.g. the XUAT export. */
  attachment?: ReplyAttachment;
}

export type ReplyValue = string | number | boolean | null | ReplyValue[] | { [k: string]: ReplyValue };

export interface ReplyAttachment {
  filename: string;
  mimeType: string;
  content: Buffer;
}

export function reply(key: string, values?: Record<string, ReplyValue>): Reply {
  return values ? { key, values } : { key };
}
