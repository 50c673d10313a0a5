import { Composer } from 'grammy';
import type { Clock } from '../../../core/clock';
import { platformTime } from '../../../core/door-time';
import type { BotContext } from '../context';
import type { CoreBridge } from '../core-bridge';

/**
 * Everything typed goes to the core as is (`/tt@LoaBot 45 hop thon` and
 * `TT 45 hop thon` are the same message there). Stickers, photos and the like
 * get a short hint; buttons from old messages are acknowledged so they stop spinning.
 */
export function messagesFeature(bridge: CoreBridge, clock: Clock): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('message:text', (ctx) => {
    // Telegram's own time, only within the window every door shares (else the receive time).
    const time = platformTime(ctx.message.date, 1000, clock.now());
    if (!time.trusted && time.reason !== 'missing') ctx.log.warn({ reason: time.reason }, 'telegram message date not believable; dated by when Loa received it');
    return bridge.submit(ctx, ctx.message.text, time.at);
  });
  composer.on('message', (ctx) => ctx.reply(ctx.t('textOnly')));
  composer.on('callback_query', (ctx) => ctx.answerCallbackQuery());
  return composer;
}
