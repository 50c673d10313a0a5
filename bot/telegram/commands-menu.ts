import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { i18n as I18n } from 'i18next';
import type { Language } from '../../core/domain/people';

/**
 * The slash menu: the commands whose module offers a menu word (the core's
 * registry gives them: `core.commands.menuWords`). Names are the message
 * language's own keywords (the core reads `/tt 45 hop thon` like
 * `TT 45 hop thon`), so the menu teaches the SMS syntax.
 */
export function menuCommands(i18n: I18n, lng: Language, words: readonly string[]): BotCommand[] {
  return words.map((command) => ({ command, description: i18n.t(`bot:commands.${command}`, { lng }) as string }));
}

/**
 * Registers the menu in Vietnamese (the default for every user) and in English
 * (users whose Telegram app is in English). Call once at start.
 */
export async function setBotCommands(api: Api, i18n: I18n, words: readonly string[]): Promise<void> {
  await api.setMyCommands(menuCommands(i18n, 'vi', words));
  await api.setMyCommands(menuCommands(i18n, 'en', words), { language_code: 'en' });
}
