import ExcelJS from 'exceljs';
import { storedLogs } from '../support/stored';
import { loadDemoPlan } from '../../app/plans-at-start';
import type { Channel, SessionLog } from '../../core/domain/session-log';
import type { RoleKind } from '../../core/domain/people';
import type { CommandKind } from '../../core/language/commands';
import { commandRegistry, createParser } from '../../app/commands';
import { loadVocabulary } from '../../core/language/vocabulary';
import { silentLogger } from '../../core/logger';
import { DEFAULT_TIME_ZONE } from '../../core/periods';
import type { Outbound, OutboundRequest } from '../../core/outbound/port';
import type { Reply } from '../../core/reply';
import { createTestCore, DEMO, type TestCore } from '../support/test-core';

/**
 * Every command against every role, on the core with officer commands
 * attached as `buildRuntime` does. Each row starts from the same world: the demo
 * roster and plan, one log by each collaborator of villages A (Đông) and B
 * (Tây) of commune X (Kẻ Sắt), and one in commune Y (Thúc Kháng).
 */

const ROLES = ['unregistered', 'collaborator A', 'collaborator B', 'officer X', 'officer Y', 'admin'] as const;
type Role = (typeof ROLES)[number];

const PERSON: Record<Role, { id: string | null; phone: string; telegramId: number }> = {
  unregistered: { id: null, phone: DEMO.unregisteredPhone, telegramId: 7_000_001 },
  'collaborator A': { id: DEMO.collaboratorDong.id, phone: DEMO.collaboratorDong.phone, telegramId: 7_000_002 },
  'collaborator B': { id: DEMO.collaboratorTay.id, phone: DEMO.collaboratorTay.phone, telegramId: 7_000_003 },
  'officer X': { id: DEMO.officer.id, phone: DEMO.officer.phone, telegramId: 7_000_004 },
  'officer Y': { id: DEMO.otherOfficer.id, phone: DEMO.otherOfficer.phone, telegramId: 7_000_005 },
  admin: { id: DEMO.admin.id, phone: DEMO.admin.phone, telegramId: 7_000_006 },
};

/** Seeded logs: participants double as markers that must not leak across subtrees. */
const SEED = { A: 41, B: 52, Y: 63 } as const;

/** Words and figures that belong outside a role's subtree (SMS style, no diacritics). */
const FOREIGN: Record<Role, RegExp | null> = {
  unregistered: /\b(41|52|63|93)\b|Dong|Thon Tay|An Ninh|Ke Sat|Thuc Khang/,
  'collaborator A': /\b(52|63|93)\b|Thon Tay|An Ninh|Phu Khe|Thuc Khang/,
  'collaborator B': /\b(41|63|93)\b|Thon Dong|An Ninh|Phu Khe|Thuc Khang/,
  'officer X': /\b63\b|An Ninh|Phu Khe|Ngoc Cuc|Thuc Khang/,
  'officer Y': /\b(41|52|93)\b|Ke Sat|\bDong\b|\bTay\b|Thuong|Trung|\bCau\b/,
  admin: null,
};

type Expect = string | null;

/** The roster role behind each row role (the unregistered sender has none). */
const PERSON_ROLE: Record<Role, RoleKind | null> = {
  unregistered: null,
  'collaborator A': 'collaborator',
  'collaborator B': 'collaborator',
  'officer X': 'officer',
  'officer Y': 'officer',
  admin: 'admin',
};
type Row = { command: string; channel?: Channel; expect: Record<Role, Expect> };

const OFFICER_ONLY = 'officer.only';
const LINKED = 'codes:link.already_linked';

/**
 * The access table. `{A}` / `{B}` / `{Y}` stand for the short codes of the
 * seeded logs. A value is the reply key the role gets; `null` means no reply.
 */
export const ACCESS_TABLE: Row[] = [
  { command: 'TT 45 hop thon', expect: { unregistered: 'unregistered', 'collaborator A': 'log.saved', 'collaborator B': 'log.saved', 'officer X': 'log.need_village', 'officer Y': 'log.need_village', admin: 'log.need_village' } },
  { command: 'TT 45 hop thon thon Tay', expect: { unregistered: 'unregistered', 'collaborator A': 'log.saved', 'collaborator B': 'log.saved', 'officer X': 'log.need_village', 'officer Y': 'log.need_village', admin: 'log.need_village' } },
  { command: 'HUY', expect: { unregistered: 'unregistered', 'collaborator A': 'cancel.done', 'collaborator B': 'cancel.done', 'officer X': 'cancel.nothing', 'officer Y': 'cancel.nothing', admin: 'cancel.nothing' } },
  { command: 'HUY {A}', expect: { unregistered: 'unregistered', 'collaborator A': 'cancel.done', 'collaborator B': 'cancel.not_found', 'officer X': 'cancel.done', 'officer Y': 'cancel.not_found', admin: 'cancel.done' } },
  { command: 'HUY {Y}', expect: { unregistered: 'unregistered', 'collaborator A': 'cancel.not_found', 'collaborator B': 'cancel.not_found', 'officer X': 'cancel.not_found', 'officer Y': 'cancel.done', admin: 'cancel.done' } },
  { command: 'SUA {A} 50', expect: { unregistered: 'unregistered', 'collaborator A': 'correct.done', 'collaborator B': 'correct.not_found', 'officer X': 'correct.done', 'officer Y': 'correct.not_found', admin: 'correct.done' } },
  { command: 'SUA {B} hop', expect: { unregistered: 'unregistered', 'collaborator A': 'correct.not_found', 'collaborator B': 'correct.done', 'officer X': 'correct.done', 'officer Y': 'correct.not_found', admin: 'correct.done' } },
  { command: 'XEM', expect: { unregistered: 'unregistered', 'collaborator A': 'view.covered', 'collaborator B': 'view.covered', 'officer X': 'summary:view', 'officer Y': 'summary:view', admin: 'summary:view' } },
  { command: 'TONGHOP', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:commune', 'officer Y': 'summary:commune', admin: 'summary:rollup' } },
  { command: 'TONGHOP NAM', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:commune_long', 'officer Y': 'summary:commune_long', admin: 'summary:rollup' } },
  { command: 'CHUA', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:quiet', 'officer Y': 'summary:quiet', admin: 'summary:quiet' } },
  { command: 'CHITIEU', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:targets', 'officer Y': 'summary:targets_none', admin: 'summary:targets' } },
  { command: 'NHAC', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:remind_done', 'officer Y': 'summary:remind_done', admin: 'summary:remind_done' } },
  { command: 'XUAT', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:export_needs_telegram', 'officer Y': 'summary:export_needs_telegram', admin: 'summary:export_needs_telegram' } },
  { command: 'XUAT', channel: 'telegram', expect: { unregistered: 'codes:link.prompt', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:export_ready', 'officer Y': 'summary:export_ready', admin: 'summary:export_ready' } },
  { command: 'HAN', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'summary:deadlines_none', 'officer Y': 'summary:deadlines_none', admin: 'summary:deadlines_none' } },
  { command: 'BAOCAO', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'baocao:sms', 'officer Y': 'baocao:sms', admin: 'baocao:sms' } },
  { command: 'BAOCAO NAM', channel: 'telegram', expect: { unregistered: 'codes:link.prompt', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'baocao:ready', 'officer Y': 'baocao:ready', admin: 'baocao:ready' } },
  { command: 'HD', expect: { unregistered: 'unregistered', 'collaborator A': 'help.collaborator', 'collaborator B': 'help.collaborator', 'officer X': 'help.officer', 'officer Y': 'help.officer', admin: 'help.officer' } },
  { command: 'TAT NHAC', expect: { unregistered: 'unregistered', 'collaborator A': 'reminders.off', 'collaborator B': 'reminders.off', 'officer X': 'reminders.off', 'officer Y': 'reminders.off', admin: 'reminders.off' } },
  { command: 'BAT NHAC', expect: { unregistered: 'unregistered', 'collaborator A': 'reminders.on', 'collaborator B': 'reminders.on', 'officer X': 'reminders.on', 'officer Y': 'reminders.on', admin: 'reminders.on' } },
  { command: 'DK 0905000102', expect: { unregistered: 'unregistered', 'collaborator A': LINKED, 'collaborator B': LINKED, 'officer X': LINKED, 'officer Y': LINKED, admin: LINKED } },
  { command: '123456', expect: { unregistered: 'unregistered', 'collaborator A': LINKED, 'collaborator B': LINKED, 'officer X': LINKED, 'officer Y': LINKED, admin: LINKED } },
  { command: 'HUYLK 0905000102', expect: { unregistered: 'unregistered', 'collaborator A': OFFICER_ONLY, 'collaborator B': OFFICER_ONLY, 'officer X': 'codes:unlink.done', 'officer Y': 'codes:unlink.not_found', admin: 'codes:unlink.done' } },
];

interface World extends TestCore {
  codes: { A: string; B: string; Y: string };
  reminders: OutboundRequest[];
  say(role: Role, text: string, channel?: Channel): Promise<{ reply: Reply | null; text: string }>;
  logs(): Promise<SessionLog[]>;
}

let messageNo = 0;

async function createWorld(): Promise<World> {
  const reminders: OutboundRequest[] = [];
  const outbound: Outbound = {
    send: async (request) => {
      reminders.push(request);
      return { ok: true, status: 'sent', channel: 'sms' };
    },
  };
  const test = await createTestCore({ outbound });
  const { core } = test;
  await loadDemoPlan(core, silentLogger);
  for (const role of ROLES) {
    const { id, telegramId } = PERSON[role];
    if (id) await core.repos.people.linkAccount(id, 'telegram', String(telegramId));
  }
  const say = async (role: Role, text: string, channel: Channel = 'sms') => {
    const { phone, telegramId } = PERSON[role];
    const outcome = await core.handleInbound({
      channel,
      channelMessageId: `access-${++messageNo}`,
      sender: channel === 'telegram' ? { kind: 'account', door: 'telegram', id: String(telegramId) } : { kind: 'phone', phone },
      text,
      receivedAt: core.clock.now(),
    });
    return { reply: outcome.reply, text: outcome.reply ? core.render(outcome.reply, outcome.lng, 'sms') : '' };
  };
  const codeOf = async (role: Role, text: string) => {
    const { reply } = await say(role, text);
    if (reply?.key !== 'log.saved') throw new Error(`seeding "${text}" as ${role} answered ${reply?.key}`);
    return String(reply.values?.['code']);
  };
  const codes = {
    A: await codeOf('collaborator A', `TT ${SEED.A} hop thon`),
    B: await codeOf('collaborator B', `TT ${SEED.B} loa`),
    Y: '',
  };
  const y = await core.handleInbound({ channel: 'sms', channelMessageId: 'seed-y', sender: { kind: 'phone', phone: DEMO.collaboratorAnNinh.phone }, text: `TT ${SEED.Y} hop thon`, receivedAt: core.clock.now() });
  codes.Y = String(y.reply?.values?.['code']);
  return { ...test, codes, reminders, say, logs: () => storedLogs(test.storage) };
}

async function xlsxText(content: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const cells: string[] = [];
  workbook.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text))));
  });
  return cells.join('\n');
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

afterAll(() => {
  const header = ['command', ...ROLES].join(' | ');
  const lines = ACCESS_TABLE.map((r) => [`${r.command}${r.channel ? ` (${r.channel})` : ''}`, ...ROLES.map((role) => r.expect[role] ?? '-')].join(' | '));
  process.stdout.write(`access table (${ACCESS_TABLE.length} commands x ${ROLES.length} roles):\n${header}\n${lines.join('\n')}\n`);
});

describe('the access table: every command from every role', () => {
  const cases = ACCESS_TABLE.flatMap((row) => ROLES.map((role) => ({ row, role })));
  it.each(cases.map((c) => [`${c.row.command}${c.row.channel ? ` on ${c.row.channel}` : ''}`, c.role, c] as const))('%s from %s gets the expected answer and nothing outside its subtree', async (_command, role, { row }) => {
    const world = await createWorld();
    const before = await world.logs();
    const text = row.command.replace('{A}', world.codes.A).replace('{B}', world.codes.B).replace('{Y}', world.codes.Y);
    const { reply, text: rendered } = await world.say(role, text, row.channel);

    expect(reply?.key ?? null).toBe(row.expect[role]);
    const foreign = FOREIGN[role];
    if (foreign) expect(rendered).not.toMatch(foreign);
    if (reply?.attachment) {
      const sheet = fold(await xlsxText(reply.attachment.content));
      if (foreign) expect(sheet).not.toMatch(foreign);
      expect(sheet).not.toMatch(/(\+84|\b0)\d{9}\b/);
    }

    // Writes land only in one's own subtree: a collaborator's in their own village and of their own logs;
    // an officer's or admin's under their place, with the change recorded as theirs.
    const after = await world.logs();
    const changed = after.filter((log) => JSON.stringify(log) !== JSON.stringify(before.find((b) => b._id === log._id)));
    const own = PERSON[role].id;
    for (const log of changed) {
      if (role === 'collaborator A' || role === 'collaborator B') {
        expect(log.personId).toBe(own);
        expect(log.villageId).toBe(role === 'collaborator A' ? DEMO.villageDong : DEMO.villageTay);
      } else {
        expect(log.placePath).toContain(role === 'officer X' ? DEMO.commune : role === 'officer Y' ? DEMO.otherCommune : DEMO.province);
        expect(log.history?.at(-1)?.by).toBe(own);
      }
    }
    if (row.expect[role] === 'log.saved' || row.expect[role] === 'cancel.done' || row.expect[role] === 'correct.done') expect(changed).toHaveLength(1);
    else expect(changed).toHaveLength(0);

    // NHAC reaches only collaborators inside the sender's subtree.
    const scope = role === 'officer X' ? DEMO.commune : role === 'officer Y' ? DEMO.otherCommune : DEMO.province;
    for (const sent of world.reminders) expect(sent.person.placePath).toContain(scope);
  });
});

describe('what each officer sees', () => {
  it('counts only its own commune in summaries and lists only its own villages', async () => {
    const world = await createWorld();
    const x = await world.say('officer X', 'TONGHOP');
    expect(x.text).toMatch(/\b2 buoi, 93 luot nguoi/);
    const y = await world.say('officer Y', 'TONGHOP');
    expect(y.text).toMatch(/\b1 buoi, 63 luot nguoi/);
    const quietY = await world.say('officer Y', 'CHUA');
    expect(quietY.text).toMatch(/Ngoc Cuc, Phu Khe/);
    const admin = await world.say('admin', 'CHUA');
    expect(admin.text).toMatch(/Ngoc Cuc/);
    expect(admin.text).toMatch(/Trung/);
  });

  it('exports only its own commune, with the seeded sessions and no phone numbers', async () => {
    const world = await createWorld();
    const x = await world.say('officer X', 'XUAT', 'telegram');
    const sheet = fold(await xlsxText(x.reply!.attachment!.content));
    expect(sheet).toMatch(/Dong/);
    expect(sheet).toMatch(/\b41\b/);
    expect(sheet).toMatch(/\b52\b/);
    expect(sheet).not.toMatch(/An Ninh|\b63\b/);
    for (const phone of Object.values(PERSON).map((p) => p.phone)) {
      expect(sheet).not.toContain(phone);
      expect(sheet).not.toContain(`0${phone.slice(3)}`);
    }
    const y = await world.say('officer Y', 'XUAT', 'telegram');
    const sheetY = fold(await xlsxText(y.reply!.attachment!.content));
    expect(sheetY).toMatch(/An Ninh/);
    expect(sheetY).not.toMatch(/Thon Dong|\b41\b|\b52\b/);
  });

  it('reminds only the quiet villages of its own commune', async () => {
    const world = await createWorld();
    await world.say('officer Y', 'NHAC');
    expect(world.reminders.length).toBeGreaterThan(0);
    for (const sent of world.reminders) expect(sent.person.placePath).toContain(DEMO.otherCommune);
  });
});

describe('the command table of the core', () => {
  const parser = createParser([loadVocabulary('vi'), loadVocabulary('en')]);
  const kindOf = (row: Row): CommandKind => {
    const parsed = parser.parse(row.command.replace(/\{[ABY]\}/, 'K7M2'), { receivedAt: new Date('2026-11-20T03:00:00Z'), timeZone: DEFAULT_TIME_ZONE, maxAgeDays: 14 });
    if (!parsed.ok) throw new Error(`"${row.command}" does not parse: ${parsed.error.code}`);
    return parsed.command.kind;
  };

  it('has a row of the access table above for every command it dispatches', () => {
    const covered = new Set(ACCESS_TABLE.map(kindOf));
    expect(commandRegistry().modules.map((m) => m.kind).filter((kind) => !covered.has(kind))).toEqual([]);
  });

  it('refuses every role it names no use-case for with its own refusal, as the access table expects', () => {
    for (const row of ACCESS_TABLE) {
      const entry = commandRegistry().module(kindOf(row))!;
      for (const role of ROLES) {
        const kind = PERSON_ROLE[role];
        if (kind && !entry.by[kind]) expect(`${row.command} from ${role}: ${row.expect[role]}`).toBe(`${row.command} from ${role}: ${entry.refusal}`);
      }
    }
  });
});
