import type { i18n as I18n } from 'i18next';
import { accountDoors, type Person } from '../domain/people';
import type { Place, PlaceLevel } from '../domain/places';
import { silentLogger, type Logger } from '../logger';
import { createTexts } from '../wording/texts';
import type { Outbound } from '../outbound/port';
import { daysBetween, keyBounds, localDate, minusDays, periodKeyOf, shortDate } from '../periods';
import type { Deadline, Plan } from '../plans/plan-schema';
import { reply, type Reply } from '../reply';
import type { Repositories } from '../ports/storage';
import type { ClaimBooks } from '../ports/claims';

export const DEFAULT_REPORT_REMINDER_DAYS = 7;
/** An overdue report is reminded once, on a pass in this many days after its day; later it is only listed by HAN. */
export const OVERDUE_WINDOW_DAYS = 30;

/** The reminders of one report: days before, on the day, and once when overdue (until its XUAT is taken). */
export type DeadlineStage = 'before' | 'day' | 'overdue';

/** What a reminder offers to send for a period (`XUAT H1/2026`); helper report adds `BAOCAO <period>` here. */
export type ReportOffers = (periodKey: string) => string[];

export interface DeadlineDeps {
  repos: Pick<Repositories, 'people' | 'places' | 'plans' | 'claims'>;
  outbound: Outbound;
  i18n: I18n;
  owner: string;
  timeZone: string;
  /** How many days before a report deadline officers are reminded (`LOA_REPORT_REMINDER_DAYS`). */
  daysBefore: number;
  logger?: Logger;
  /** The commands a reminder offers; {@link offersFor} when absent. */
  offers?: ReportOffers;
}

/** One report due on a date, for one plan. */
export interface DueReport {
  plan: Plan;
  deadline: Deadline;
  /** Local date it is due. */
  due: string;
  /** Key of the period the report covers (`2026-H1`, `2026`). */
  periodKey: string;
}

/** Every occurrence of every deadline due from `from` to `to` (inclusive), inside its plan's years. */
export function reportsBetween(plans: readonly Plan[], from: string, to: string): DueReport[] {
  const out: DueReport[] = [];
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y += 1) years.push(y);
  for (const plan of plans) {
    for (const deadline of plan.deadlines ?? []) {
      const [dd, mm] = deadline.due.split('/');
      for (const year of years) {
        const due = `${year}-${mm}-${dd}`;
        if (due < from || due > to) continue;
        if (due.slice(0, 7) < plan.period.from || due.slice(0, 7) > plan.period.to) continue;
        out.push({ plan, deadline, due, periodKey: periodKeyOf(due, deadline.covers) });
      }
    }
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.plan.id.localeCompare(b.plan.id));
}

/** Reports due in the `daysBefore` days from `today` (inclusive), for plans running that year. */
export function reportsDueSoon(plans: Plan[], today: string, daysBefore: number): DueReport[] {
  return reportsBetween(plans, today, minusDays(today, -daysBefore));
}

/** Which reminder a report gets on `today`, if any: `daysBefore` days ahead up to the eve, the day itself, or overdue. */
export function stageOn(due: string, today: string, daysBefore: number): DeadlineStage | null {
  const ahead = daysBetween(today, due);
  if (ahead === 0) return 'day';
  if (ahead > 0) return ahead <= daysBefore ? 'before' : null;
  return -ahead <= OVERDUE_WINDOW_DAYS ? 'overdue' : null;
}

/** The `XUAT` text that exports a period: what the officer attaches to the report. */
export function exportCommandFor(periodKey: string): string {
  if (/^\d{4}$/.test(periodKey)) return `XUAT NAM ${periodKey}`;
  const half = /^(\d{4})-H([12])$/.exec(periodKey);
  if (half) return `XUAT H${half[2]}/${half[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  if (quarter) return `XUAT Q${quarter[2]}/${quarter[1]}`;
  return `XUAT ${Number(periodKey.slice(5, 7))}/${periodKey.slice(0, 4)}`;
}

/** What a reminder and HAN offer for a period's figures: the XUAT file (every style, SMS included). */
export function offersFor(periodKey: string): string[] {
  return [exportCommandFor(periodKey)];
}

/** The Word draft of that period's report (`BAOCAO`, same period words), offered in full-text replies only: SMS cannot carry it. */
export function draftCommandFor(periodKey: string): string {
  return exportCommandFor(periodKey).replace(/^XUAT/, 'BAOCAO');
}

const EXPORT_SUBJECT = 'export:';

/**
 * Notes that the XUAT of `periodKey` was taken for `placeId` (chat or web), so
 * an overdue reminder for that report is not sent. Kept in the deadlines book
 * under a subject no person id can take (`export:<place>`).
 */
export async function recordExportTaken(claims: ClaimBooks, owner: string, placeId: string, periodKey: string, now: Date): Promise<void> {
  const book = claims('deadlines', owner);
  const taken = await book.claim(`${EXPORT_SUBJECT}${placeId}`, periodKey, now);
  if (taken.ok) await book.finish(`${EXPORT_SUBJECT}${placeId}`, periodKey, 'sent');
}

async function exportTaken(claims: ClaimBooks, owner: string, placeId: string, periodKey: string): Promise<boolean> {
  return (await claims('deadlines', owner).get(`${EXPORT_SUBJECT}${placeId}`, periodKey)) !== null;
}

/** The level that sends a report: the deadline's `by`, else the plan's own place. */
function reporterLevel(deadline: Deadline, planPlace: Place | null): PlaceLevel | null {
  return deadline.by ?? planPlace?.level ?? null;
}

/**
 * The people a report is theirs to send: officers and admins at a place of
 * the reporting level under the plan's place (the plan's place itself when the
 * plan's own level reports). A commune officer is never reminded of the district's report.
 */
async function reportersOf(repos: DeadlineDeps['repos'], report: DueReport, places: Map<string, Place | null>): Promise<Array<{ person: Person; place: Place }>> {
  const placeOf = async (id: string): Promise<Place | null> => {
    if (!places.has(id)) places.set(id, await repos.places.get(id));
    return places.get(id) ?? null;
  };
  const level = reporterLevel(report.deadline, await placeOf(report.plan.place));
  const out: Array<{ person: Person; place: Place }> = [];
  for (const person of await repos.people.staff(report.plan.place)) {
    const place = await placeOf(person.role.placeId);
    if (place && place.level === level && place.path.includes(report.plan.place)) out.push({ person, place });
  }
  return out;
}

/**
 * The door a reminder names: a chat door the person is linked on (Zalo before
 * Telegram, as the outbox prefers it; else the first they linked), else the
 * web page; never Telegram by default.
 */
export function doorFor(person: Person, worded: (door: string) => boolean = () => true): string {
  const doors = accountDoors(person).filter(worded);
  return doors.find((d) => d === 'zalo') ?? doors[0] ?? 'web';
}

/** The reminder of one report at one stage, for one person at their own place. */
export function deadlineReply(i18n: I18n, person: Person, place: Place, report: DueReport, stage: DeadlineStage, offers: ReportOffers): Reply {
  const texts = createTexts(i18n, person.lng);
  const { from, to } = keyBounds(report.periodKey);
  return reply(`summary:deadline_${stage}`, {
    due: shortDate(report.due),
    place: place.name,
    period: texts.period(report.deadline.covers, report.periodKey, from, to),
    // A door without its own wording (a new chat door's `summary:door.<door>`) is not named: the web page is.
    door: texts.t(`summary:door.${doorFor(person, (door) => i18n.exists(`summary:door.${door}`))}`, { command: offers(report.periodKey).join(' / ') }),
    draft: draftCommandFor(report.periodKey),
  });
}

/**
 * Reminds each report's own senders (see {@link reportersOf}) `daysBefore`
 * days ahead, on the day, and once when overdue unless the period's XUAT has
 * been taken for their place: once per person, report and stage, across
 * restarts; a reminder that found no door is tried again on the next pass.
 */
export async function sendDeadlineReminders(deps: DeadlineDeps, now: Date): Promise<{ due: number; sent: number; failed: number }> {
  const logger = deps.logger ?? silentLogger;
  const today = localDate(now, deps.timeZone);
  const plans = (await deps.repos.plans.list()).map((s) => s.plan);
  const reports = reportsBetween(plans, minusDays(today, OVERDUE_WINDOW_DAYS), minusDays(today, -deps.daysBefore));
  const result = { due: reports.length, sent: 0, failed: 0 };
  if (reports.length === 0) return result;
  const claims = deps.repos.claims('deadlines', deps.owner);
  const offers = deps.offers ?? offersFor;
  const places = new Map<string, Place | null>();
  for (const report of reports) {
    const stage = stageOn(report.due, today, deps.daysBefore);
    if (stage === null) continue;
    const occurrence = `${report.plan.id}:${report.deadline.id}:${report.due}${stage === 'before' ? '' : `:${stage}`}`;
    for (const { person, place } of await reportersOf(deps.repos, report, places)) {
      if (stage === 'overdue' && (await exportTaken(deps.repos.claims, deps.owner, place._id, report.periodKey))) continue;
      const claim = await claims.claim(person._id, occurrence, now);
      if (!claim.ok) continue;
      const sent = await deps.outbound.send({ person, reply: deadlineReply(deps.i18n, person, place, report, stage, offers), idempotencyKey: `deadline:${occurrence}:${person._id}` });
      if (sent.ok) {
        await claims.finish(person._id, occurrence, 'sent');
        result.sent += 1;
      } else {
        await claims.release(person._id, occurrence);
        result.failed += 1;
        logger.warn({ person: person._id, report: occurrence, reason: sent.reason }, 'report deadline reminder not delivered');
      }
    }
  }
  return result;
}

/** A report a person must send, as HAN lists it. */
export interface OwnReport {
  report: DueReport;
  place: Place;
  overdue: boolean;
}

/**
 * HAN: the reports that are the sender's to send, from the plans above their
 * place: those overdue whose XUAT has not been taken, then the next one of
 * each deadline within a year. Oldest first.
 */
export async function reportsOf(repos: DeadlineDeps['repos'], owner: string, person: Person, today: string): Promise<OwnReport[]> {
  const own = await repos.places.get(person.role.placeId);
  if (!own) return [];
  const plans = (await Promise.all(own.path.map((id) => repos.plans.forPlace(id)))).flat();
  const places = new Map<string, Place | null>();
  const out: OwnReport[] = [];
  const nextSeen = new Set<string>();
  for (const report of reportsBetween(plans, minusDays(today, OVERDUE_WINDOW_DAYS), minusDays(today, -366))) {
    if (!(await reportersOf(repos, report, places)).some((r) => r.person._id === person._id)) continue;
    const key = `${report.plan.id}:${report.deadline.id}`;
    if (report.due < today) {
      if (!(await exportTaken(repos.claims, owner, own._id, report.periodKey))) out.push({ report, place: own, overdue: true });
    } else if (!nextSeen.has(key)) {
      nextSeen.add(key);
      out.push({ report, place: own, overdue: false });
    }
  }
  return out;
}
