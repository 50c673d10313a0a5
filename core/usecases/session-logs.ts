import { randomUUID } from 'node:crypto';
import { DuplicateKeyError } from '../storage/port';
import { defaultGroupFor } from '../domain/vocabulary-codes';
import type { Person } from '../domain/people';
import type { SessionLog } from '../domain/session-log';
import type { Command, LogChanges } from '../language/commands';
import type { InboundMessage } from '../inbound';
import { reply, type Reply } from '../reply';
import { fold } from '../text';
import { daysBetween, localDate, periodKeysOf, shortDate } from '../periods';
import { newShortCode } from './short-code';
import type { UseCaseContext } from './context';

type LogCommand = Extract<Command, { kind: 'log' }>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Same person + same content within 24 h is a re-send, not a second session. */
export function contentKeyOf(log: Pick<SessionLog, 'participants' | 'form' | 'groups' | 'date' | 'note'>): string {
  return [log.participants, log.form, [...log.groups].sort().join(','), log.date, fold(log.note).replace(/\s+/g, ' ').trim()].join('|');
}

export async function logSession(ctx: UseCaseContext, person: Person, command: LogCommand, message: InboundMessage): Promise<Reply> {
  if (person.role.kind !== 'collaborator') return reply('log.not_collaborator');
  const village = await ctx.repos.places.get(person.role.placeId);
  if (!village || village.level !== 'village') return reply('log.no_village');

  const retried = await ctx.repos.logs.byChannelMessage(message.channel, message.channelMessageId);
  if (retried) return savedReply(ctx, retried, village.name);

  const groups = command.groups.length > 0 ? [...new Set(command.groups)] : [defaultGroupFor(command.form)];
  const contentKey = contentKeyOf({ ...command, groups });
  const now = ctx.clock.now();
  if (!command.again) {
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const resent = await ctx.repos.logs.recentSameContent(person._id, contentKey, since);
    // The same message racing in twice finds its own twin here: that is a retry, not a re-send.
    if (resent && resent.channel === message.channel && resent.channelMessageId === message.channelMessageId) return savedReply(ctx, resent, village.name);
    if (resent) return reply('log.resent', { code: resent.code, village: village.name, date: shortDate(resent.date) });
  }

  for (let attempt = 0; attempt < 8; attempt++) {
    const log: SessionLog = {
      _id: randomUUID(),
      code: newShortCode(),
      villageId: village._id,
      placePath: village.path,
      date: command.date,
      periods: periodKeysOf(command.date),
      participants: command.participants,
      form: command.form,
      groups,
      note: command.note.slice(0, 500),
      personId: person._id,
      channel: message.channel,
      channelMessageId: message.channelMessageId,
      contentKey,
      createdAt: now.toISOString(),
      editedAt: null,
      cancelledAt: null,
    };
    try {
      await ctx.repos.logs.insert(log);
      return savedReply(ctx, log, village.name);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // Either the same message raced in twice (answer with the stored log) or the code clashed (draw again).
      const stored = await ctx.repos.logs.byChannelMessage(message.channel, message.channelMessageId);
      if (stored) return savedReply(ctx, stored, village.name);
    }
  }
  throw new Error(`could not draw a free short code in village ${village._id}`);
}

async function savedReply(ctx: UseCaseContext, log: SessionLog, villageName: string): Promise<Reply> {
  const monthCount = await ctx.repos.logs.countLive(log.villageId, 'month', log.periods.month);
  return reply('log.saved', {
    code: log.code,
    participants: log.participants,
    form: log.form,
    groups: log.groups,
    village: villageName,
    date: shortDate(log.date),
    month: log.periods.month.slice(5),
    monthCount,
    note: log.note,
  });
}

/** The log a HUY/SUA refers to, if the sender may still change it. */
async function ownEditableLog(
  ctx: UseCaseContext,
  person: Person,
  code: string | null,
  verb: 'cancel' | 'correct',
): Promise<{ ok: true; log: SessionLog } | { ok: false; reply: Reply }> {
  const log = code ? await ctx.repos.logs.ownByCode(person._id, code) : await ctx.repos.logs.lastOwnActive(person._id);
  if (!log) return { ok: false, reply: reply(code ? `${verb}.not_found` : `${verb}.nothing`, { code: code ?? '' }) };
  if (log.cancelledAt) return { ok: false, reply: reply(`${verb}.already_cancelled`, { code: log.code }) };
  const today = localDate(ctx.clock.now(), ctx.settings.timeZone);
  const age = daysBetween(localDate(new Date(log.createdAt), ctx.settings.timeZone), today);
  if (age > ctx.settings.editWindowDays) {
    return { ok: false, reply: reply(`${verb}.too_late`, { code: log.code, days: ctx.settings.editWindowDays }) };
  }
  return { ok: true, log };
}

export async function cancelLog(ctx: UseCaseContext, person: Person, code: string | null): Promise<Reply> {
  if (person.role.kind !== 'collaborator') return reply('log.not_collaborator');
  const found = await ownEditableLog(ctx, person, code, 'cancel');
  if (!found.ok) return found.reply;
  const { log } = found;
  await ctx.repos.logs.cancel(log._id, ctx.clock.now().toISOString());
  const village = await ctx.repos.places.get(log.villageId);
  const monthCount = await ctx.repos.logs.countLive(log.villageId, 'month', log.periods.month);
  return reply('cancel.done', {
    code: log.code,
    date: shortDate(log.date),
    village: village?.name ?? log.villageId,
    month: log.periods.month.slice(5),
    monthCount,
  });
}

export async function correctLog(ctx: UseCaseContext, person: Person, code: string, changes: LogChanges): Promise<Reply> {
  if (person.role.kind !== 'collaborator') return reply('log.not_collaborator');
  const found = await ownEditableLog(ctx, person, code, 'correct');
  if (!found.ok) return found.reply;
  const before = found.log;
  const date = changes.date ?? before.date;
  const edited: SessionLog = {
    ...before,
    participants: changes.participants ?? before.participants,
    form: changes.form ?? before.form,
    groups: changes.groups && changes.groups.length > 0 ? [...new Set(changes.groups)] : before.groups,
    note: changes.note ?? before.note,
    date,
    periods: periodKeysOf(date),
    editedAt: ctx.clock.now().toISOString(),
  };
  edited.contentKey = contentKeyOf(edited);
  await ctx.repos.logs.replace(edited);
  const village = await ctx.repos.places.get(edited.villageId);
  return reply('correct.done', {
    code: edited.code,
    participants: edited.participants,
    form: edited.form,
    groups: edited.groups,
    date: shortDate(edited.date),
    village: village?.name ?? edited.villageId,
  });
}

/** XEM for a collaborator: their village this month and this year. */
export async function viewVillage(ctx: UseCaseContext, person: Person): Promise<Reply> {
  if (person.role.kind !== 'collaborator') return reply('log.not_collaborator');
  const village = await ctx.repos.places.get(person.role.placeId);
  if (!village) return reply('log.no_village');
  const periods = periodKeysOf(localDate(ctx.clock.now(), ctx.settings.timeZone));
  const logs = await ctx.repos.logs.find(
    { placePath: village._id, 'periods.year': periods.year, cancelledAt: null },
    { projection: { participants: 1, periods: 1 } },
  );
  const month = logs.filter((l) => l.periods.month === periods.month);
  const values = {
    village: village.name,
    month: periods.month.slice(5),
    year: periods.year,
    monthCount: month.length,
    monthPeople: month.reduce((sum, l) => sum + l.participants, 0),
    yearCount: logs.length,
    yearPeople: logs.reduce((sum, l) => sum + l.participants, 0),
  };
  return reply(month.length > 0 ? 'view.covered' : 'view.quiet', values);
}
