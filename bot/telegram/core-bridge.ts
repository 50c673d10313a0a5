import { InputFile } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { Language } from '../../core/domain/people';
import type { Reply } from '../../core/reply';
import type { InboundHandler } from '../../core/inbound';
import { replyOnce, type ReplyClaims } from '../../core/reply-once';
import type { BotContext } from './context';
import { splitMessage } from '../shared/reply-text';
import { telegramAccount } from './people-port';

export interface CoreBridge {
  /**
   * Sends `text` through the core exactly as a typed message would go, keyed by
   * this update's id (so a re-delivered update is processed once), and sends
   * the reply back. A duplicate gets the stored reply only if no copy has
   * sent it yet (a copy whose send failed gives its claim back).
   */
  submit(ctx: BotContext, text: string, receivedAt: Date): Promise<void>;
}

export function createCoreBridge(handleInbound: InboundHandler, render: (reply: Reply, lng: Language) => string, replies?: ReplyClaims): CoreBridge {
  return {
    async submit(ctx, text, receivedAt) {
      const from = ctx.from;
      if (!from) return;
      const outcome = await handleInbound({
        channel: 'telegram',
        channelMessageId: String(ctx.update.update_id),
        sender: telegramAccount(from.id),
        text,
        receivedAt,
      });
      ctx.log.info(
        { textLength: text.length, duplicate: outcome.duplicate, replyKey: outcome.reply?.key ?? null },
        'telegram message handled',
      );
      const answer = outcome.reply;
      if (!answer) return;
      // One reply per update, however many copies Telegram delivers.
      await replyOnce(replies, `telegram:${ctx.update.update_id}`, receivedAt, async () => {
        await sendText(ctx, render(answer, outcome.lng));
        if (answer.attachment) await ctx.replyWithDocument(new InputFile(answer.attachment.content, answer.attachment.filename));
      });
    },
  };
}

/** Replies in as many messages as Telegram's length limit needs. */
export async function sendText(
  ctx: BotContext,
  text: string,
  markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup,
): Promise<void> {
  const parts = splitMessage(text);
  for (const [i, part] of parts.entries()) {
    await ctx.reply(part, i === parts.length - 1 && markup ? { reply_markup: markup } : {});
  }
}
