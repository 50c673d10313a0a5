import { randomUUID } from 'node:crypto';
import { DuplicateKeyError } from '../ports/store-errors';
import { defaultGroupFor } from '../domain/vocabulary-codes';
import type { Person } from '../domain/people';
import type { LogChange, SessionLog } from '../domain/session-log';
import type { Command, LogChanges, Weekday } from '../language/commands';
import type { InboundMessage } from '../inbound';
import { reply, type Reply, type ReplyValue } from '../reply';
import { fold } from '../text';
import { daysBetween, localDate, periodKeysOf } from '../periods';
import { newShortCode } from './short-code';
import { logDay, logMonth } from './log-dates';
import type { UseCaseContext } from './context';
import { logPlaceFor, mayRepair } from './log-scope';

type LogCommand = Extract<Command, { kind: 'log' }>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Same person + same place + same content within 24 h is a re-send, not a second session. */
export function contentKeyOf(log: Pick<SessionLog, 'participants' | 'form' | 'groups' | 'date' | 'note' | 'villageId' | 'participantsByGroup'>): string {
  const split = Object.entries(log.participantsByGroup ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, n]) => `${group}=${n}`)
    .join(',');
  return [log.participants, log.form, [...log.groups].sort().join(','), log.date, fold(log.note).replace(/\s+/g, ' ').trim(), log.villageId, split].join('|');
}

/**
 * TT. A collaborator logs for their own village; an officer or admin for a
 * village they name under their place, or at their own place for a press item
 * or a training (see {@link logPlaceFor}). The log's `personId` is whoever sent it.
 */
export async function logSession(ctx: UseCaseContext, person: Person, command: LogCommand, message: InboundMessage): Promise<Reply> {
  const target = await logPlaceFor(ctx, person, command.form, command);
  if (!target.ok) return target.reply;
  const place = target.place;

  const groups = command.groups.length > 0 ? [...new Set(command.groups)] : [defaultGroupFor(command.form)];
  const contentKey = contentKeyOf({ ...command, groups, villageId: place._id });
  const now = ctx.clock.now();
  if (!command.again) {
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const resent = await ctx.repos.logs.recentSameContent(person._id, contentKey, since);
    if (resent) {
      // This very message, run again (its claim taken over after a crash): the log it made is its answer.
      // Looked up only here: a new message with no twin costs no lookup; one with no log of its own falls to the insert's duplicate check.
      const own = resent.channel === message.channel && resent.channelMessageId === String(message.channelMessageId) ? resent : await ctx.repos.logs.byChannelMessage(message.channel, message.channelMessageId);
      if (own) return savedReply(ctx, own, place.name, command.dateWord);
      return reply('log.resent', { code: resent.code, village: place.name, date: logDay(resent.date, today(ctx)) });
    }
  }

  for (let attempt = 0; attempt < 8; attempt++) {
    const log: SessionLog = {
      _id: randomUUID(),
      code: newShortCode(),
      villageId: place._id,
      placePath: place.path,
      date: command.date,
      periods: periodKeysOf(command.date),
      participants: command.participants,
      form: command.form,
      groups,
      note: command.note.slice(0, 500),
      ...(command.participantsByGroup ? { participantsByGroup: command.participantsByGroup } : {}),
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
      return savedReply(ctx, log, place.name, command.dateWord);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      // A message whose claim was taken over after a crash finds its own log here; else the code clashed (draw again).
      const stored = await ctx.repos.logs.byChannelMessage(message.channel, message.channelMessageId);
      if (stored) {
        await ctx.repos.logs.refreshRollups(stored);
        return savedReply(ctx, stored, place.name, command.dateWord);
      }
    }
  }
  throw new Error(`could not draw a free short code in place ${place._id}`);
}

/** The confirmation names every stored field: the split by group when there is one, and the weekday the sender dated it with. */
async function savedReply(ctx: UseCaseContext, log: SessionLog, placeName: string, dateWord?: Weekday): Promise<Reply> {
  const tracked = await trackedGroupsWithoutSplit(ctx, log);
  if (tracked.length >= 2) {
    // Stored all the same; the question replaces the confirmation so it stays one segment.
    return reply('log.saved_split_needed', { code: log.code, participants: log.participants, village: placeName, date: logDay(log.date, today(ctx)), example: splitExample(log) });
  }
  const monthCount = await ctx.repos.logs.countLive(log.villageId, 'month', log.periods.month);
  // A press item is an item, never people at a session (`1 tin bai`).
  return reply(log.form === 'bao' ? 'log.saved_item' : 'log.saved', {
    code: log.code,
    participants: log.participants,
    form: log.form,
    groups: log.groups,
    ...(log.participantsByGroup ? { split: log.participantsByGroup as Record<string, number> } : {}),
    ...(dateWord ? { dateWord } : {}),
    village: placeName,
    date: logDay(log.date, today(ctx)),
    month: logMonth(log.periods.month, today(ctx)),
    monthCount,
    note: log.note,
  });
}

/** The local day now, `YYYY-MM-DD`. */
function today(ctx: UseCaseContext): string {
  return localDate(ctx.clock.now(), ctx.settings.timeZone);
}

/**
 * The groups of an unsplit log that a reach target of a plan above its village
 * counts. With two or more, the log counts for no single group's target
 * (one meeting of 150 is not 150 of each), so Loa asks for the split.
 */
async function trackedGroupsWithoutSplit(ctx: UseCaseContext, log: SessionLog): Promise<string[]> {
  if (log.participantsByGroup || log.groups.length < 2) return [];
  const plans = (await Promise.all(log.placePath.map((id) => ctx.repos.plans.forPlace(id)))).flat();
  const tracked = new Set(plans.flatMap((plan) => plan.targets.flatMap((target) => (target.kind === 'reach' ? [target.group] : []))));
  return log.groups.filter((group) => tracked.has(group));
}

/** `SUA A7K2 38tn 38dv 38kcn 36hs`: the log's own groups sharing its total, as the sender would type a split. */
function splitExample(log: SessionLog): string {
  const n = log.groups.length;
  const share = Math.max(1, Math.floor(log.participants / n));
  const shares = log.groups.map((group, i) => `${i === n - 1 ? Math.max(1, log.participants - share * (n - 1)) : share}${group}`);
  return `SUA ${log.code} ${shares.join(' ')}`;
}

type Found = { ok: true; log: SessionLog } | { ok: false; reply: Reply };

/**
 * The log a HUY/SUA refers to, if the sender may change it. Collaborators:
 * their own logs, within the edit window. Officers and admins: any log under
 * their place, at any age (they repair the record; the history keeps what it was).
 */
async function editableLog(ctx: UseCaseContext, person: Person, code: string | null, verb: 'cancel' | 'correct', within?: string): Promise<Found> {
  const found = code ? await logByCode(ctx, person, code, verb, within) : await bareCancelTarget(ctx, person);
  if (!found.ok) return found;
  const { log } = found;
  if (log.cancelledAt) {
    // A retry after a failure between the cancel and its rollup refresh ends here: finish the refresh.
    await ctx.repos.logs.refreshRollups(log);
    return { ok: false, reply: reply(`${verb}.already_cancelled`, { code: log.code }) };
  }
  if (person.role.kind === 'collaborator') {
    const today = localDate(ctx.clock.now(), ctx.settings.timeZone);
    const age = daysBetween(localDate(new Date(log.createdAt), ctx.settings.timeZone), today);
    if (age > ctx.settings.editWindowDays) {
      return { ok: false, reply: reply(`${verb}.too_late`, { code: log.code, days: ctx.settings.editWindowDays }) };
    }
  }
  return { ok: true, log };
}

/** `within`: a place under the sender's where the code is looked for (the web names the log's village); default their own place. */
async function logByCode(ctx: UseCaseContext, person: Person, code: string, verb: 'cancel' | 'correct', within?: string): Promise<Found> {
  if (person.role.kind === 'collaborator') {
    const log = await ctx.repos.logs.ownByCode(person._id, code);
    return log ? { ok: true, log } : { ok: false, reply: reply(`${verb}.not_found`, { code }) };
  }
  const logs = (await ctx.repos.logs.byCodeUnder(within ?? person.role.placeId, code)).filter((l) => mayRepair(person, l.placePath, verb));
  if (logs.length === 1) return { ok: true, log: logs[0]! };
  if (logs.length === 0) return { ok: false, reply: reply(`${verb}.not_found`, { code }) };
  // Codes are unique per village only: two villages may share one. Never pick.
  const names = await Promise.all(logs.map(async (l) => (await ctx.repos.places.get(l.villageId))?.name ?? l.villageId));
  return { ok: false, reply: reply('edit.code_ambiguous', { code: code.toUpperCase(), places: names.join(', ') }) };
}

/**
 * A bare HUY cancels only the sender's most recent log, made in the last
 * 24 hours, with nothing of theirs cancelled since: a second HUY (or a HUY
 * the next day) never reaches back to an older log. Otherwise the answer
 * names the last code and asks for `HUY <ma>`.
 */
async function bareCancelTarget(ctx: UseCaseContext, person: Person): Promise<Found> {
  const last = await ctx.repos.logs.lastOwn(person._id);
  if (!last) return { ok: false, reply: reply('cancel.nothing') };
  const values = { code: last.code, date: logDay(last.date, today(ctx)) };
  if (last.cancelledAt) {
    await ctx.repos.logs.refreshRollups(last);
    return { ok: false, reply: reply('cancel.last_cancelled', values) };
  }
  const fresh = ctx.clock.now().getTime() - new Date(last.createdAt).getTime() <= DAY_MS;
  if (!fresh || (await ctx.repos.logs.ownCancelledSince(person._id, last.createdAt))) return { ok: false, reply: reply('cancel.ask_code', values) };
  return { ok: true, log: last };
}

function changeOf(person: Person, log: SessionLog, action: LogChange['action'], at: string, reason?: string): LogChange {
  return {
    action,
    ...(reason ? { reason } : {}),
    by: person._id,
    role: person.role.kind,
    at,
    before: {
      participants: log.participants,
      form: log.form,
      groups: log.groups,
      date: log.date,
      note: log.note,
      ...(log.participantsByGroup ? { participantsByGroup: log.participantsByGroup } : {}),
    },
  };
}

/** `within`: the place the web names the log's village by; `reason`: what the sender gave after the code (kept in the history). */
export async function cancelLog(ctx: UseCaseContext, person: Person, code: string | null, within?: string, reason?: string): Promise<Reply> {
  const found = await editableLog(ctx, person, code, 'cancel', within);
  if (!found.ok) return found.reply;
  const { log } = found;
  const at = ctx.clock.now().toISOString();
  if (!(await ctx.repos.logs.cancel(log._id, at, changeOf(person, log, 'cancel', at, reason)))) {
    await ctx.repos.logs.refreshRollups(log);
    return reply('cancel.already_cancelled', { code: log.code });
  }
  const village = await ctx.repos.places.get(log.villageId);
  const monthCount = await ctx.repos.logs.countLive(log.villageId, 'month', log.periods.month);
  return reply('cancel.done', {
    code: log.code,
    date: logDay(log.date, today(ctx)),
    village: village?.name ?? log.villageId,
    month: logMonth(log.periods.month, today(ctx)),
    monthCount,
  });
}

/** The order fields are listed in a correction's reply. */
const CHANGE_FIELDS = ['participants', 'form', 'groups', 'participantsByGroup', 'date', 'note'] as const;

export async function correctLog(ctx: UseCaseContext, person: Person, code: string, changes: LogChanges, within?: string): Promise<Reply> {
  const found = await editableLog(ctx, person, code, 'correct', within);
  if (!found.ok) return found.reply;
  const before = found.log;
  // A new total or new groups alone would leave the old split wrong; Loa asks for the split rather than guess it.
  if (before.participantsByGroup && !changes.participantsByGroup && (changes.participants !== undefined || (changes.groups?.length ?? 0) > 0)) {
    return reply('correct.split_needed', { code: before.code });
  }
  const date = changes.date ?? before.date;
  const at = ctx.clock.now().toISOString();
  const split = changes.participantsByGroup;
  const edited: SessionLog = {
    ...before,
    participants: changes.participants ?? before.participants,
    form: changes.form ?? before.form,
    groups: changes.groups && changes.groups.length > 0 ? [...new Set(changes.groups)] : before.groups,
    note: changes.note ?? before.note,
    date,
    periods: periodKeysOf(date),
    editedAt: at,
  };
  if (split) {
    edited.participantsByGroup = split;
    edited.participants = Object.values(split).reduce((sum, n) => sum + (n ?? 0), 0);
    edited.groups = Object.keys(split) as SessionLog['groups'];
  }
  const changed: ReplyValue[] = [];
  for (const field of CHANGE_FIELDS) {
    const from = before[field];
    const to = edited[field];
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (field === 'participantsByGroup') changed.push({ field, from: (from ?? null) as ReplyValue, to: (to ?? null) as ReplyValue });
    else changed.push(field === 'date' ? { field, from: logDay(from as string, today(ctx)), to: logDay(to as string, today(ctx)) } : { field, from: from as ReplyValue, to: to as ReplyValue });
  }
  // A new split names the groups; the total is said all the same (15 -> 50 is what a signing officer checks).
  const shown = split ? changed.filter((c) => (c as { field: string }).field !== 'groups') : changed;
  if (shown.length === 0) {
    await ctx.repos.logs.refreshRollups(before);
    return reply('correct.unchanged', { code: before.code });
  }
  edited.history = [...(before.history ?? []), changeOf(person, before, 'correct', at)];
  edited.contentKey = contentKeyOf(edited);
  await ctx.repos.logs.replace(edited);
  const village = await ctx.repos.places.get(edited.villageId);
  return reply('correct.done', { code: edited.code, village: village?.name ?? edited.villageId, changes: shown });
}

/** XEM for a collaborator: their village this month and this year. */
export async function viewVillage(ctx: UseCaseContext, person: Person): Promise<Reply> {
  if (person.role.kind !== 'collaborator') return reply('log.not_collaborator');
  const village = await ctx.repos.places.get(person.role.placeId);
  if (!village) return reply('log.no_village');
  const periods = periodKeysOf(localDate(ctx.clock.now(), ctx.settings.timeZone));
  const logs = await ctx.repos.logs.liveInPeriod(village._id, 'year', periods.year);
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
