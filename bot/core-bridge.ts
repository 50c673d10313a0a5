import { InputFile } from 'grammy';
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types';
import type { Language } from '../core/domain/people';
import type { Reply } from '../core/reply';
import type { InboundHandler } from '../core/inbound';
import type { BotContext } from './context';
import { splitMessage } from './reply-text';

export interface CoreBridge {
  /**
   * Sends `text` through the core exactly as a typed message would go, keyed by
   * this update's id (so a re-delivered update is processed once), and sends
   * the reply back. A duplicate gets its stored reply again: Telegram only
   * re-delivers when we did not acknowledge, so the first reply may be lost.
   */
  submit(ctx: BotContext, text: string, receivedAt: Date): Promise<void>;
}

export function createCoreBridge(handleInbound: InboundHandler, render: (reply: Reply, lng: Language) => string): CoreBridge {
  return {
    async submit(ctx, text, receivedAt) {
      const from = ctx.from;
      if (!from) return;
      const outcome = await handleInbound({
        channel: 'telegram',
        channelMessageId: String(ctx.update.update_id),
        sender: { kind: 'telegram', userId: from.id },
        text,
        receivedAt,
      });
      ctx.log.info(
        { textLength: text.length, duplicate: outcome.duplicate, replyKey: outcome.reply?.key ?? null },
        'telegram message handled',
      );
      if (!outcome.reply) return;
      await sendText(ctx, render(outcome.reply, outcome.lng));
      const attachment = outcome.reply.attachment;
      if (attachment) await ctx.replyWithDocument(new InputFile(attachment.content, attachment.filename));
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
