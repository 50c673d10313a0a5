import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { i18n as I18n } from 'i18next';
import { MENU_WORDS } from '../../core/commands/registry';
import type { Language } from '../../core/domain/people';

/**
 * The slash menu: the commands whose module offers a menu word (`core/commands/`).
 * Names are the message language's own keywords (the core reads
 * `/tt 45 hop thon` like `TT 45 hop thon`), so the menu teaches the SMS syntax.
 */
export const MENU_COMMANDS: readonly string[] = MENU_WORDS;

export function menuCommands(i18n: I18n, lng: Language): BotCommand[] {
  return MENU_COMMANDS.map((command) => ({ command, description: i18n.t(`bot:commands.${command}`, { lng }) as string }));
}

/**
 * Registers the menu in Vietnamese (the default for every user) and in English
 * (users whose Telegram app is in English). Call once at start.
 */
export async function setBotCommands(api: Api, i18n: I18n): Promise<void> {
  await api.setMyCommands(menuCommands(i18n, 'vi'));
  await api.setMyCommands(menuCommands(i18n, 'en'), { language_code: 'en' });
}
