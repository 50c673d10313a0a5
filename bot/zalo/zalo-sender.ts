import type { Clock } from '../../core/clock';
import { accountOn, isBlockedOn, type Person } from '../../core/domain/people';
import type { Logger } from '../../core/logger';
import { TransientSendError, type MessageSender, type SenderResult } from '../../core/outbound/port';
import { splitMessage } from '../shared/reply-text';
import type { ReplyAttachment } from '../../core/reply';
import { scrubText } from '../../core/safe-error';
import { ZALO_TEXT_LIMIT, ZaloApiError, type ZaloApi } from './api-client';
import { sendPictureLink, type DownloadLinks } from './download-links';

export interface ZaloSenderDeps {
  api: ZaloApi;
  people: { setAccountBlocked(personId: string, door: string, at: string | null): Promise<void> };
  clock: Clock;
  logger: Logger;
  /** Pictures (the summary's grid) go as photos by URL; without it they are left out. */
  downloads?: DownloadLinks;
}

/** Zalo's door name: its accounts are stored under it (`accounts: [{ door: 'zalo', id: '<Zalo user id>' }]`). */
export const ZALO_DOOR = 'zalo';

export function isZaloBlocked(person: Person): boolean {
  return isBlockedOn(person, ZALO_DOOR);
}

/**
 * How a refusal is read. The Bot API docs list no error codes for sends, so
 * this follows HTTP's meaning of the numbers: 403 = the person blocked the bot
 * (marked, so the next message goes by SMS straight away), 400/404 = no such
 * chat for us, 429/5xx/no answer = try again later; anything else fails.
 */
export function classifyZaloError(error: ZaloApiError): 'blocked' | 'invalid_recipient' | 'transient' | 'failed' {
  const code = error.errorCode;
  if (code === undefined) return 'transient';
  if (code === 403) return 'blocked';
  if (code === 400 || code === 404) return 'invalid_recipient';
  if (code === 429 || code >= 500 || code === 408) return 'transient';
  return 'failed';
}

/** The outbound door for Zalo: weekly summaries, reminders and NHAC to people linked there. */
export function createZaloSender(deps: ZaloSenderDeps): MessageSender {
  return {
    channel: 'zalo',
    canReach: (person) => accountOn(person, ZALO_DOOR) !== undefined && !isZaloBlocked(person),
    async send(person: Person, text: string, idempotencyKey: string, attachment?: ReplyAttachment): Promise<SenderResult> {
      const chatId = accountOn(person, ZALO_DOOR)?.id;
      if (chatId === undefined) return { ok: false, reason: 'invalid_recipient', detail: 'no zalo id' };
      const log = deps.logger.child({ component: 'zalo-sender', personId: person._id, idempotencyKey });
      let providerId: string | undefined;
      try {
        for (const part of splitMessage(text, ZALO_TEXT_LIMIT)) {
          const sent = await deps.api.sendMessage(chatId, part);
          providerId = sent.message_id ?? providerId;
        }
        if (attachment && deps.downloads && attachment.mimeType.startsWith('image/')) {
          await sendPictureLink(deps.downloads, (url) => deps.api.sendPhoto(chatId, url), attachment, person._id, deps.clock.now());
        }
      } catch (error) {
        if (!(error instanceof ZaloApiError)) throw error;
        const kind = classifyZaloError(error);
        // The platform's description may echo our request (the text, a code): not carried into logs.
        if (kind === 'transient') throw new TransientSendError(`Zalo ${error.method} failed: ${error.errorCode ?? error.status ?? 'no answer'}`);
        if (kind === 'blocked') {
          await deps.people.setAccountBlocked(person._id, ZALO_DOOR, deps.clock.now().toISOString());
          log.info({ errorCode: error.errorCode }, 'zalo refused the person (blocked the bot?); marked');
        }
        return { ok: false, reason: kind, detail: `zalo ${error.errorCode}: ${scrubText(error.description, 120)}` };
      }
      return providerId === undefined ? { ok: true, status: 'sent' } : { ok: true, status: 'sent', providerId };
    },
  };
}
