import type { BotError } from 'grammy';
import { StoreUnavailableError } from '../../core/ports/store-errors';
import type { BotContext } from './context';

/**
 * The one place a failing handler ends up: the error is logged with the update
 * id, the user gets a short apology in their language, and the bot goes on.
 * A store outage is rethrown after the apology, so a webhook answers 500 and
 * Telegram delivers the update again later (the core dedupes it by id).
 */
export async function onUpdateError(err: BotError<BotContext>): Promise<void> {
  const { ctx, error } = err;
  const storeDown = error instanceof StoreUnavailableError;
  ctx.log.error({ err: error, updateId: ctx.update.update_id }, storeDown ? 'store unavailable' : 'update handler failed');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
    if (ctx.chat) await ctx.reply(ctx.t(storeDown ? 'busy' : 'apology'));
  } catch (replyError) {
    ctx.log.warn({ err: replyError }, 'apology could not be sent');
  }
  if (storeDown) throw error;
}
