import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, type Composer } from 'grammy';
import { systemClock } from '../../core/clock';
import { rendererFor } from '../../core/i18n/render';
import { DEFAULT_TIME_ZONE } from '../../core/periods';
import type { BotContext, BotDeps } from './context';
import { createCoreBridge } from './core-bridge';
import { onUpdateError } from './error-boundary';
import { linkingFeature } from './features/linking';
import { messagesFeature } from './features/messages';
import { planUploadFeature } from './features/plan-upload';
import { guidedLogFeature } from './flow/guided-log';
import type { FlowSessions } from './flow/flow-sessions';
import { isTelegramBlocked, TELEGRAM_DOOR } from './people-port';

/** Updates the bot subscribes to (polling and webhook alike). */
export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

export type LoaBot = Bot<BotContext> & { readonly flowSessions: FlowSessions };

/**
 * Builds the bot; starts nothing (see `startPolling` / `mountTelegramWebhook`).
 * Order of the stack: per-update logger and language → error boundary →
 * private chats only → who is it → linking (and the gate) → guided logging →
 * everything else to the core.
 */
export function createBot(token: string, deps: BotDeps): LoaBot {
  const clock = deps.clock ?? systemClock;
  const render = deps.render ?? ((reply, lng) => rendererFor(deps.i18n)(reply, lng, 'telegram'));
  const bot = new Bot<BotContext>(token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    ...(deps.apiRoot ? { client: { apiRoot: deps.apiRoot } } : {}),
  });
  if (deps.autoRetry !== false) bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30 }));

  const bridge = createCoreBridge(deps.handleInbound, render, deps.replies);
  const flow = guidedLogFeature({
    i18n: deps.i18n,
    bridge,
    clock,
    timeZone: deps.timeZone ?? DEFAULT_TIME_ZONE,
    ttlMs: deps.flowTtlMs ?? 10 * 60_000,
  });

  bot.use(async (ctx, next) => {
    ctx.log = deps.logger.child({ updateId: ctx.update.update_id });
    ctx.person = null;
    ctx.lng = 'vi';
    ctx.t = (key, values) => deps.i18n.t(`bot:${key}`, { ...values, lng: ctx.lng }) as string;
    await next();
  });

  const features: Composer<BotContext>[] = [linkingFeature(deps.people, bridge), flow.composer];
  if (deps.plans) {
    const apiRoot = deps.apiRoot ?? 'https://api.telegram.org';
    const download =
      deps.downloadFile ??
      (async (filePath: string) => {
        const response = await fetch(`${apiRoot}/file/bot${token}/${filePath}`);
        if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status}`);
        return Buffer.from(await response.arrayBuffer());
      });
    features.push(planUploadFeature({ plans: deps.plans, download, render }));
  }
  features.push(messagesFeature(bridge, clock));
  bot.errorBoundary(onUpdateError).chatType('private').use(
    async (ctx, next) => {
      if (!ctx.from) return;
      const person = await deps.people.findByAccount(TELEGRAM_DOOR, String(ctx.from.id));
      if (person) {
        ctx.person = person;
        ctx.lng = person.lng;
        // Writing to us again means they unblocked the bot.
        if (isTelegramBlocked(person)) await deps.people.setAccountBlocked(person._id, TELEGRAM_DOOR, null);
      }
      await next();
    },
    ...features,
  );

  // Polling only (webhook errors go to the HTTP layer): log and keep polling.
  bot.catch((err) => deps.logger.error({ err: err.error, updateId: err.ctx.update.update_id }, 'telegram update failed'));
  return Object.assign(bot, { flowSessions: flow.sessions });
}
