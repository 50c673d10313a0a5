import type { Update } from 'grammy/types';
import { storedLogs } from '../../support/stored';
import type { InboundHandler } from '../../../core/inbound';
import { silentLogger, type Logger } from '../../../core/logger';
import type { SessionLog } from '../../../core/domain/session-log';
import { createBot, type BotDeps, type LoaBot } from '../../../bot/telegram';
import { createTestCore, type TestCore } from '../../support/test-core';
import { RecordingBotApi, TEST_BOT_INFO, UpdateFactory } from '../../../tools/harness/fake-bot-api';

export interface BotHarness extends TestCore {
  bot: LoaBot;
  api: RecordingBotApi;
  updates: UpdateFactory;
  send(update: Update): Promise<void>;
  /** Links `telegramId` to a roster person directly (tests that are not about linking). */
  link(personId: string, telegramId: number): Promise<void>;
  logs(): Promise<SessionLog[]>;
}

export async function createBotHarness(
  options: { core?: Parameters<typeof createTestCore>[0]; handleInbound?: (core: TestCore) => InboundHandler; logger?: Logger; bot?: Partial<BotDeps> | ((test: TestCore) => Partial<BotDeps>) } = {},
): Promise<BotHarness> {
  const test = await createTestCore(options.core);
  const { core, storage, clock } = test;
  const bot = createBot('123456:TEST-TOKEN', {
    handleInbound: options.handleInbound ? options.handleInbound(test) : core.handleInbound,
    i18n: core.i18n,
    people: core.repos.people,
    logger: options.logger ?? silentLogger,
    clock,
    timeZone: core.settings.timeZone,
    botInfo: TEST_BOT_INFO,
    autoRetry: false,
    ...(typeof options.bot === 'function' ? options.bot(test) : options.bot),
  });
  const api = new RecordingBotApi().install(bot.api);
  return {
    ...test,
    bot,
    api,
    updates: new UpdateFactory(() => clock.now()),
    send: (update) => bot.handleUpdate(update),
    link: (personId, telegramId) => core.repos.people.linkAccount(personId, 'telegram', String(telegramId)),
    logs: () => storedLogs(storage),
  };
}

/** Presses the button labelled `label` on the newest inline keyboard. */
export async function press(h: BotHarness, userId: number, label: string | RegExp): Promise<void> {
  const buttons = h.api.buttons();
  const match = [...buttons.entries()].find(([text]) => (typeof label === 'string' ? text === label : label.test(text)));
  if (!match) throw new Error(`no button ${String(label)} among: ${[...buttons.keys()].join(' | ')}`);
  await h.send(h.updates.callback(userId, match[1]));
}
