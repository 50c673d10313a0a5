import { Composer, GrammyError, type InlineKeyboard } from 'grammy';
import type { i18n as I18n } from 'i18next';
import type { Clock } from '../../../core/clock';
import type { Language } from '../../../core/domain/people';
import { MAX_PARTICIPANTS } from '../../../core/domain/session-log';
import { FORM_CODES, GROUP_CODES, type FormCode, type GroupCode } from '../../../core/domain/vocabulary-codes';
import { fullDate, localDate, shortDate } from '../../../core/periods';
import { fold } from '../../../core/text';
import type { BotContext } from '../context';
import type { CoreBridge } from '../core-bridge';
import {
  confirmKeyboard,
  dateKeyboard,
  FLOW_DATA,
  formKeyboard,
  groupsKeyboard,
  participantsKeyboard,
  type FlowLabels,
} from './flow-keyboards';
import { FlowSessions, type FlowSession } from './flow-sessions';
import { buildLogText, daysBefore, type VocabularyWord } from './flow-text';

export interface GuidedLogOptions {
  i18n: I18n;
  bridge: CoreBridge;
  clock: Clock;
  timeZone: string;
  ttlMs: number;
  /** The word the parser reads for a vocabulary code; the code itself by default. */
  word?: VocabularyWord;
}

/** `/tt` or `TT` alone, with or without the bot's name. */
const LOG_ALONE = /^\/?tt(?:@\w+)?$/i;
/** A typed head count at the participants step: `45`, `45 nguoi`. */
const TYPED_COUNT = /^(\d{1,6})(?: nguoi)?$/;

/**
 * Guided logging for people who do not remember the syntax: form → groups →
 * participants → date → confirm on one message's inline keyboard. Saving
 * builds the equivalent text command and hands it to the core under this
 * update's id, so the stored log is the one typing would have made.
 */
export function guidedLogFeature(options: GuidedLogOptions): { composer: Composer<BotContext>; sessions: FlowSessions } {
  const { i18n, clock } = options;
  const flow: Flow = {
    options,
    sessions: new FlowSessions(options.ttlMs, () => clock.now().getTime()),
    menuLabels: new Set((['vi', 'en'] as const).map((lng) => i18n.t('bot:menu.log', { lng }) as string)),
  };
  const composer = new Composer<BotContext>();
  // Sessions nobody finished: their keyboard is replaced by a short "expired" note.
  composer.use(async (ctx, next) => {
    for (const old of flow.sessions.sweep()) {
      await quietly(ctx.api.editMessageText(old.chatId, old.messageId, labelsFor(flow, old.lng).t('flow.expired')));
    }
    return next();
  });
  composer.on('message:text', (ctx, next) => onText(flow, ctx, next));
  composer.callbackQuery(FLOW_DATA, (ctx) => onButton(flow, ctx, ctx.match));
  return { composer, sessions: flow.sessions };
}

/** What the flow's handlers share. */
interface Flow {
  options: GuidedLogOptions;
  sessions: FlowSessions;
  /** The menu button's label in each language: pressing it starts a flow like `/tt`. */
  menuLabels: Set<string>;
}

function labelsFor(flow: Flow, lng: Language): FlowLabels {
  const { i18n } = flow.options;
  return {
    t: (key, values) => i18n.t(`bot:${key}`, { ...values, lng }) as string,
    vocabulary: (kind, code) => i18n.t(`vocabulary:${kind}.${code}.label`, { lng, defaultValue: code }) as string,
  };
}

const today = (flow: Flow): string => localDate(flow.options.clock.now(), flow.options.timeZone);

/** Today, yesterday and the day before, as the date buttons show them. */
function shownDates(flow: Flow): [string, string, string] {
  const d = today(flow);
  return [shortDate(d), shortDate(daysBefore(d, 1)), shortDate(daysBefore(d, 2))];
}

/** The prompt and keyboard of the session's step. */
function screen(flow: Flow, session: FlowSession): { text: string; keyboard?: InlineKeyboard } {
  const labels = labelsFor(flow, session.lng);
  switch (session.step) {
    case 'form':
      return { text: labels.t('flow.chooseForm'), keyboard: formKeyboard(session, labels) };
    case 'groups':
      return { text: labels.t('flow.chooseGroups', { form: labels.vocabulary('forms', session.form ?? '') }), keyboard: groupsKeyboard(session, labels) };
    case 'participants':
      return { text: labels.t('flow.chooseParticipants'), keyboard: participantsKeyboard(session, labels) };
    case 'date':
      return { text: labels.t('flow.chooseDate'), keyboard: dateKeyboard(session, labels, shownDates(flow)) };
    case 'confirm': {
      const entry = entryOf(session);
      if (!entry) return { text: labels.t('flow.expired') };
      return {
        text: labels.t('flow.confirm', {
          participants: entry.participants,
          form: labels.vocabulary('forms', entry.form),
          groups: entry.groups.length > 0 ? entry.groups.map((g) => labels.vocabulary('groups', g)).join(', ') : labels.t('flow.defaultGroups'),
          date: fullDate(entry.date),
          text: buildLogText(entry, flow.options.word),
        }),
        keyboard: confirmKeyboard(session, labels),
      };
    }
  }
}

async function start(flow: Flow, ctx: BotContext): Promise<void> {
  const from = ctx.from;
  const chat = ctx.chat;
  if (!from || !chat) return;
  const draft = flow.sessions.start({ userId: from.id, chatId: chat.id, messageId: 0, lng: ctx.lng });
  const view = screen(flow, draft);
  const sent = await ctx.reply(view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
  draft.messageId = sent.message_id;
  ctx.log.info({ flow: draft.nonce }, 'guided logging started');
}

/** `/tt` (or the menu button) starts a flow; a number typed at the participants step answers it; anything else goes on. */
async function onText(flow: Flow, ctx: BotContext & { message: { text: string }; from: { id: number } }, next: () => Promise<void>): Promise<void> {
  const text = ctx.message.text.trim();
  if (LOG_ALONE.test(text) || flow.menuLabels.has(text)) return start(flow, ctx);
  const session = flow.sessions.active(ctx.from.id);
  const typed = session?.step === 'participants' ? TYPED_COUNT.exec(fold(text)) : null;
  if (!session || !typed) return next();
  const count = Number(typed[1]);
  if (count < 1 || count > MAX_PARTICIPANTS) {
    await ctx.reply(ctx.t('flow.badNumber', { max: MAX_PARTICIPANTS }));
    return;
  }
  session.participants = count;
  session.step = 'date';
  // The number sits below the old prompt now: move the flow to a fresh message.
  await quietly(ctx.api.editMessageReplyMarkup(session.chatId, session.messageId));
  const view = screen(flow, session);
  const sent = await ctx.reply(view.text, view.keyboard ? { reply_markup: view.keyboard } : {});
  session.messageId = sent.message_id;
}

/** A button of the flow's keyboard: `[data, nonce, op, arg]`. A button of an older flow is answered "expired". */
async function onButton(flow: Flow, ctx: BotContext & { from: { id: number } }, match: RegExpMatchArray | string): Promise<void> {
  const [, nonce = '', op = '', arg = ''] = typeof match === 'string' ? [] : match;
  const userId = ctx.from.id;
  const session = flow.sessions.active(userId);
  if (!session || session.nonce !== nonce) {
    await ctx.answerCallbackQuery({ text: ctx.t('flow.expired') });
    await quietly(ctx.editMessageText(ctx.t('flow.expired')));
    return;
  }
  if (op === 'x') {
    flow.sessions.take(userId, nonce);
    await ctx.answerCallbackQuery({ text: ctx.t('flow.cancelled') });
    await quietly(ctx.editMessageText(ctx.t('flow.cancelled')));
    ctx.log.info({ flow: nonce }, 'guided logging cancelled');
    return;
  }
  if (op === 'ok') {
    const taken = flow.sessions.take(userId, nonce);
    const entry = taken && entryOf(taken);
    await ctx.answerCallbackQuery();
    if (!entry) return;
    await quietly(ctx.editMessageReplyMarkup());
    await flow.options.bridge.submit(ctx, buildLogText(entry, flow.options.word), flow.options.clock.now());
    return;
  }
  choose(flow, session, op, arg);
  await ctx.answerCallbackQuery();
  const view = screen(flow, session);
  await quietly(ctx.api.editMessageText(session.chatId, session.messageId, view.text, view.keyboard ? { reply_markup: view.keyboard } : {}));
}

/** Applies one choice to the session; a choice that does not fit its step changes nothing (the screen is shown again). */
function choose(flow: Flow, session: FlowSession, op: string, arg: string): void {
  switch (op) {
    case 'fm':
      if (!isForm(arg)) return;
      session.form = arg;
      session.step = 'groups';
      return;
    case 'g':
      if (!isGroup(arg) || session.step !== 'groups') return;
      session.groups = session.groups.includes(arg) ? session.groups.filter((g) => g !== arg) : [...session.groups, arg];
      return;
    case 'gn':
      if (session.form) session.step = 'participants';
      return;
    case 'n': {
      const count = Number(arg);
      if (!Number.isInteger(count) || count < 1 || count > MAX_PARTICIPANTS) return;
      session.participants = count;
      session.step = 'date';
      return;
    }
    case 'd': {
      const offset = Number(arg);
      if (![0, 1, 2].includes(offset) || session.participants === undefined) return;
      session.date = daysBefore(today(flow), offset);
      session.step = 'confirm';
      return;
    }
  }
}

function entryOf(session: FlowSession) {
  const { form, participants, date, groups } = session;
  if (!form || participants === undefined || !date) return undefined;
  return { form, participants, date, groups: GROUP_CODES.filter((g) => groups.includes(g)) };
}

const isForm = (value: string): value is FormCode => (FORM_CODES as readonly string[]).includes(value);
const isGroup = (value: string): value is GroupCode => (GROUP_CODES as readonly string[]).includes(value);

/** Editing a message can fail harmlessly (deleted, too old, unchanged); the flow goes on. */
async function quietly(edit: Promise<unknown>): Promise<void> {
  try {
    await edit;
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
  }
}
