export { createBot, ALLOWED_UPDATES, type LoaBot } from './create-bot';
export type { BotContext, BotDeps } from './context';
export type { BotPeople, BlockMarker } from './people-port';
export { setBotCommands, menuCommands } from './commands-menu';
export { startPolling, type PollingHandle } from './delivery/polling';
export { mountTelegramWebhook, setTelegramWebhook, webhookSecret, TELEGRAM_WEBHOOK_PATH } from './delivery/webhook';
export { createTelegramSender, type TelegramSenderDeps } from './sender/telegram-sender';
export { TELEGRAM_LIMITS, type RateLimits } from './sender/rate-limiter';
