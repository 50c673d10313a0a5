import { Composer } from 'grammy';
import { normalizePhone, maskPhone } from '../../../core/domain/phone';
import { linkByOwnPhone } from '../../../core/usecases/link-by-code';
import type { BotContext } from '../context';
import { contactKeyboard, mainKeyboard } from '../keyboards';
import { telegramAccount, type BotPeople } from '../people-port';
import type { CoreBridge } from '../core-bridge';
import { readLinkCommand } from '../../../core/language/link-commands';

/**
 * Who is who. Telegram tells us a user id, the roster knows phone numbers: the
 * user shares their own contact with the request-contact button, and a contact
 * whose `user_id` is the sender's (not forwarded, not someone else's card) and
 * whose number is on the roster links the account. Until then nothing else runs.
 */
export function linkingFeature(people: BotPeople, bridge?: CoreBridge): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.command('start', async (ctx, next) => {
    if (!ctx.person) return next();
    await ctx.reply(ctx.t('link.welcomeBack', { name: ctx.person.name }), { reply_markup: mainKeyboard(ctx) });
  });

  composer.on('message:contact', async (ctx) => {
    const message = ctx.message;
    const contact = message.contact;
    if (message.forward_origin !== undefined || contact.user_id !== ctx.from.id) {
      ctx.log.info({ forwarded: message.forward_origin !== undefined }, 'foreign contact refused');
      await ctx.reply(ctx.t('link.notOwn'), { reply_markup: contactKeyboard(ctx) });
      return;
    }
    if (ctx.person) {
      await ctx.reply(ctx.t('link.alreadyLinked', { name: ctx.person.name }), { reply_markup: mainKeyboard(ctx) });
      return;
    }
    // The rule of who may link to whom is the core's, the same as for linking by code.
    const linked = await linkByOwnPhone(people, telegramAccount(ctx.from.id), contact.phone_number);
    if (!linked.ok) {
      const phone = normalizePhone(contact.phone_number);
      ctx.log.info({ phone: phone.ok ? maskPhone(phone.e164) : 'invalid', reason: linked.reason }, 'contact not linked');
      const answer = linked.reason === 'taken' ? ctx.t('link.takenByOther') : ctx.t('link.notOnRoster', { phone: contact.phone_number });
      await ctx.reply(answer, { reply_markup: { remove_keyboard: true } });
      return;
    }
    const person = linked.person;
    ctx.person = person;
    ctx.lng = person.lng;
    ctx.log.info({ personId: person._id, role: person.role.kind }, 'telegram account linked');
    await ctx.reply(ctx.t('link.linked', { name: person.name }), { reply_markup: mainKeyboard(ctx) });
  });

  // The gate: an unknown user gets the linking prompt, whatever they sent, except
  // `DK <phone>` and the code it brings: the core's linking by one-time code, for
  // accounts whose Telegram hides or lacks their roster number.
  composer.use(async (ctx, next) => {
    if (ctx.person) return next();
    const text = ctx.message?.text;
    const link = text !== undefined && bridge ? readLinkCommand(text) : null;
    if (bridge && text !== undefined && (link?.kind === 'register' || link?.kind === 'verify')) {
      await bridge.submit(ctx, text, new Date((ctx.message?.date ?? 0) * 1000 || Date.now()));
      return;
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('link.prompt'), { reply_markup: contactKeyboard(ctx) });
  });

  return composer;
}
