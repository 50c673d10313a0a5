import type { Clock } from '../../core/clock';
import type { Language } from '../../core/domain/people';
import type { RenderFn } from '../../core/i18n/render';
import type { InboundHandler } from '../../core/inbound';
import type { Logger } from '../../core/logger';
import { reply, type Reply } from '../../core/reply';
import { platformTime } from '../../core/door-time';
import { replyOnce, type ReplyClaims } from '../../core/reply-once';
import { splitMessage } from '../shared/reply-text';
import { ZALO_TEXT_LIMIT, ZaloApiError, type ZaloApi, type ZaloUpdate } from './api-client';
import { sendPictureLink, type DownloadLinks } from './download-links';
import { classifyZaloError, isZaloBlocked, ZALO_DOOR } from './zalo-sender';

export interface ZaloDoorDeps {
  api: ZaloApi;
  handleInbound: InboundHandler;
  render: RenderFn;
  /** Turns XUAT's file into a one-time link; without it XUAT on Zalo says why it cannot. */
  downloads?: DownloadLinks;
  /** Clears the "blocked" mark when a person writes again. */
  people?: { setAccountBlocked(personId: string, door: string, at: string | null): Promise<void> };
  /** Claims in the store so a redelivered message gets no second reply (`core.repos.counters`). */
  replies?: ReplyClaims;
  clock: Clock;
  logger: Logger;
}

export type ZaloUpdateOutcome =
  | { handled: true; duplicate: boolean; replied: boolean }
  | { handled: false; reason: 'no_message' | 'group' | 'not_text' };

export interface ZaloDoor {
  /**
   * One update from polling or the webhook. Resolves once the core has made
   * everything durable and the reply is sent; rejects (StoreUnavailableError,
   * ZaloApiError) when either failed, so the webhook answers non-2xx.
   */
  handleUpdate(update: ZaloUpdate): Promise<ZaloUpdateOutcome>;
}

/**
 * The Zalo door: turns an update into the core's `InboundMessage` (channel
 * `zalo`, keyed by `message_id`, which is unique per message: updates carry
 * no `update_id`) and sends the core's answer in full Vietnamese. Only
 * private chats: a group would show one person's logs to everyone in it.
 */
export function createZaloDoor(deps: ZaloDoorDeps): ZaloDoor {
  const log = deps.logger.child({ component: 'zalo' });

  async function send(chatId: string, text: string): Promise<void> {
    for (const part of splitMessage(text, ZALO_TEXT_LIMIT)) await deps.api.sendMessage(chatId, part);
  }

  /**
   * The answer to a message. A refusal that will not change on a retry (the
   * person blocked the bot meanwhile) is logged and swallowed: a 500 would only
   * make the platform deliver the message again, forever. Transient ones throw.
   */
  async function answer(chatId: string, outcome: Awaited<ReturnType<InboundHandler>>): Promise<boolean> {
    if (!outcome.reply) return false;
    try {
      await send(chatId, deps.render(outcome.reply, outcome.lng, 'zalo'));
      await sendAttachment(chatId, outcome);
      return true;
    } catch (error) {
      if (!(error instanceof ZaloApiError) || classifyZaloError(error) === 'transient') throw error;
      log.warn({ errorCode: error.errorCode }, 'zalo refused the reply; not retried');
      return false;
    }
  }

  async function sendAttachment(chatId: string, outcome: Awaited<ReturnType<InboundHandler>>): Promise<void> {
    const attachment = outcome.reply?.attachment;
    if (!attachment || !outcome.person) return;
    if (attachment.mimeType.startsWith('image/')) {
      // A summary's grid picture: shown in the chat, not offered as a download.
      if (deps.downloads) await sendPictureLink(deps.downloads, (url) => deps.api.sendPhoto(chatId, url), attachment, outcome.person._id, deps.clock.now());
      return;
    }
    const downloads = deps.downloads;
    const linkReply = downloads
      ? reply('zalo:export.link', { filename: attachment.filename, url: (await downloads.create(attachment, outcome.person._id, deps.clock.now())).url, minutes: downloads.ttlMinutes })
      : reply('zalo:export.no_link');
    await send(chatId, deps.render(linkReply, outcome.lng, 'zalo'));
  }

  return {
    async handleUpdate(update) {
      const message = update.message;
      if (!message) return { handled: false, reason: 'no_message' };
      const chatType = message.chat.chat_type;
      const isPrivate = chatType === undefined ? message.chat.id === message.from.id : chatType.toUpperCase() === 'PRIVATE';
      if (!isPrivate) {
        log.debug({ chatType }, 'group message ignored');
        return { handled: false, reason: 'group' };
      }
      const event = update.event_name;
      const isText = typeof message.text === 'string' && (event === undefined || event === 'message.text.received');
      if (!isText) {
        await send(message.chat.id, deps.render(reply('zalo:text_only'), 'vi', 'zalo'));
        return { handled: false, reason: 'not_text' };
      }
      const now = deps.clock.now();
      // Zalo's own time, only within the window every door shares (else a wrong or forged date would move the log).
      const time = platformTime(message.date, 1, now);
      if (!time.trusted && time.reason !== 'missing') log.warn({ reason: time.reason, zaloDate: message.date }, 'zalo message date not believable; dated by when Loa received it');
      const outcome = await deps.handleInbound({
        channel: 'zalo',
        channelMessageId: message.message_id,
        sender: { kind: 'account', door: ZALO_DOOR, id: message.from.id },
        text: message.text ?? '',
        receivedAt: time.at,
      });
      log.info({ textLength: message.text?.length ?? 0, duplicate: outcome.duplicate, replyKey: outcome.reply?.key ?? null }, 'zalo message handled');
      if (outcome.person && isZaloBlocked(outcome.person)) await deps.people?.setAccountBlocked(outcome.person._id, ZALO_DOOR, null);
      const replied = (await replyOnce(deps.replies, `zalo:${message.message_id}`, now, () => answer(message.chat.id, outcome))) ?? false;
      return { handled: true, duplicate: outcome.duplicate, replied };
    },
  };
}
