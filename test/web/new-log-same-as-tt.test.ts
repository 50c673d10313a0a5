import { logForVillage, repairLog } from '../../core/commands/web-forms';
import type { Command } from '../../core/language/commands';
import type { FormCode } from '../../core/domain/vocabulary-codes';
import { SCENARIO } from './scenario';
import { webHarness, type WebHarness } from './harness';

/**
 * Issue 22: the web's new-log form and a typed `TT @thon …` are one command
 * with one set of checks: the same sender and the same session give the same
 * answer (stored where, or refused why) by SMS and from the page. Each path
 * runs on its own fresh service, so neither sees the other's log as a re-send.
 */
interface Case {
  who: 'officer' | 'admin';
  /** The page's choice (a place id) and the same place as typed after `@` (none: the sender's own place). */
  placeId: string;
  typed: string | null;
  form: FormCode;
}

const CASES: Case[] = [
  { who: 'officer', placeId: 'x.b', typed: 'Thon B', form: 'hop' },
  // A village of the commune beside: not theirs.
  { who: 'officer', placeId: 'y.a', typed: 'Thon Y Mot', form: 'hop' },
  // Their own commune: a training yes, a village meeting no (it happened in some village).
  { who: 'officer', placeId: 'x', typed: null, form: 'taphuan' },
  { who: 'officer', placeId: 'x', typed: null, form: 'hop' },
  { who: 'admin', placeId: 'y.a', typed: 'Thon Y Mot', form: 'ho' },
  // A commune under the admin's province is not a village: no log there.
  { who: 'admin', placeId: 'y', typed: 'Xa Y', form: 'bao' },
  { who: 'admin', placeId: 'tinh', typed: null, form: 'bao' },
];

const SAVED = new Set(['log.saved', 'log.saved_item', 'log.saved_split_needed']);

async function bySms(h: WebHarness, c: Case, i: number): Promise<string> {
  const person = SCENARIO[c.who];
  const text = `TT ${c.typed ? `@${c.typed} ` : ''}12 ${c.form} 19/08/2026`;
  const done = await h.core.handleInbound({ channel: 'sms', channelMessageId: `parity-${i}`, sender: { kind: 'phone', phone: person.phone }, text, receivedAt: h.clock.now() });
  const key = done.reply?.key ?? 'none';
  const log = SAVED.has(key) ? await h.core.repos.logs.byChannelMessage('sms', `parity-${i}`) : null;
  return `${key}${log ? ` at ${log.villageId}` : ''}`;
}

async function byWeb(h: WebHarness, c: Case, i: number): Promise<string> {
  const viewer = (await h.core.repos.people.get(SCENARIO[c.who].id))!;
  const result = await logForVillage(h.core.useCases, { viewer, placeId: c.placeId, date: '2026-08-19', participants: 12, form: c.form, groups: [], again: false, formId: `parity-${i}` });
  if (!result.ok && 'reason' in result) return result.reason;
  return `${result.reply.key}${result.ok ? ` at ${result.placeId}` : ''}`;
}

describe('the web new-log form and TT from a phone', () => {
  it('store or refuse the same session the same way, for an officer and an admin, at a village, beside it and at their own place', async () => {
    const sms = await webHarness();
    const web = await webHarness();
    const bySmsAll: string[] = [];
    const byWebAll: string[] = [];
    for (const [i, c] of CASES.entries()) {
      bySmsAll.push(`${c.who} ${c.placeId} ${c.form}: ${await bySms(sms, c, i)}`);
      byWebAll.push(`${c.who} ${c.placeId} ${c.form}: ${await byWeb(web, c, i)}`);
    }
    expect(byWebAll).toEqual(bySmsAll);
    // And what that is, by hand: stored at the village or the own place where the policy and TT's own-place rule allow.
    expect(bySmsAll).toEqual([
      'officer x.b hop: log.saved at x.b',
      'officer y.a hop: log.place_unknown',
      'officer x taphuan: log.saved at x',
      'officer x hop: log.need_village',
      'admin y.a ho: log.saved at y.a',
      'admin y bao: log.place_unknown',
      'admin tinh bao: log.saved_item at tinh',
    ]);
  });

  it('hands TT, HUY and SUA their commands through the one command entry, each naming the place the page chose', async () => {
    const h = await webHarness();
    const ran: Command[] = [];
    const ctx = { ...h.core.useCases, runCommand: (person: Parameters<typeof h.core.useCases.runCommand>[0], command: Command, message: Parameters<typeof h.core.useCases.runCommand>[2]) => (ran.push(command), h.core.useCases.runCommand(person, command, message)) };
    const viewer = (await h.core.repos.people.get(SCENARIO.officer.id))!;
    const logged = await logForVillage(ctx, { viewer, placeId: 'x.b', date: '2026-08-19', participants: 12, form: 'hop', groups: [], again: false, formId: 'entry-1' });
    expect(logged.ok).toBe(true);
    const log = (await h.core.repos.logs.byChannelMessage('web', `${viewer._id}:entry-1`))!;
    await repairLog(ctx, { viewer, logId: log._id, action: 'correct', changes: { participants: 13 } });
    await repairLog(ctx, { viewer, logId: log._id, action: 'cancel' });
    expect(ran).toEqual([
      { kind: 'log', participants: 12, form: 'hop', groups: [], date: '2026-08-19', note: '', again: false, placeId: 'x.b' },
      { kind: 'correct', code: log.code, changes: { participants: 13 }, placeId: 'x.b' },
      { kind: 'cancel', code: log.code, placeId: 'x.b' },
    ]);
    expect((await h.core.repos.logs.byId(log._id))).toMatchObject({ participants: 13, cancelledAt: expect.any(String) });
  });
});
