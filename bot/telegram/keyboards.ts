import { Keyboard } from 'grammy';
import type { BotContext } from './context';

/** Asks for the user's own number: Telegram fills in a contact with their user id. */
export function contactKeyboard(ctx: BotContext): Keyboard {
  return new Keyboard().requestContact(ctx.t('link.button')).resized().oneTime();
}

/** Shown once linked: one tap starts the guided logging flow. */
export function mainKeyboard(ctx: BotContext): Keyboard {
  return new Keyboard().text(ctx.t('menu.log')).resized().persistent().placeholder(ctx.t('menu.placeholder'));
}
