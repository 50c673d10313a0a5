import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandRegistry } from '../../app/commands';
import type { CommandModule } from '../../core/commands/command-module';
import { DOORS, startDoorsWorld, type DoorsWorld, type FuzzDoor } from '../../tools/harness/door-fuzz';
import { DEMO } from '../support/test-core';

/**
 * Issue 22: every registered command is reachable from every door that takes
 * text, through the door's real entry (signed `/sms`, signed
 * `/gateway/android`, `/telegram` and `/zalo` webhooks on the whole service,
 * and the terminal phone `npm run chat` as a process), and a stranger gets
 * the door's one refusal whatever the command. What ran is read from the
 * core's own "message handled" log line: the command's kind and its reply key.
 */
jest.setTimeout(240_000);

/** The commands the runtime finds in `core/commands/`. */
const COMMAND_MODULES = commandRegistry().modules;

const ROOT = path.join(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** door-fuzz's senders: index 0 a collaborator, 1 or 2 staff, and a stranger, per door. */
const SENDER: Record<FuzzDoor, { collaborator: number; staff: number; stranger: number }> = {
  sms: { collaborator: 0, staff: 2, stranger: 4 },
  // Another unknown number: the SMS stranger's once-a-day notice is already spent.
  gateway: { collaborator: 0, staff: 2, stranger: 5 },
  telegram: { collaborator: 0, staff: 1, stranger: 2 },
  zalo: { collaborator: 0, staff: 1, stranger: 2 },
};
/** door-fuzz's Telegram user at index 2: linked to nobody. */
const TELEGRAM_STRANGER = 8_300_003;
const STRANGER_MESSAGE: Record<FuzzDoor, string> = {
  sms: 'message from an unregistered sender',
  gateway: 'message from an unregistered sender',
  telegram: 'message from an unlinked chat account',
  zalo: 'message from an unlinked chat account',
};

type Entry = Record<string, unknown>;
const roleFor = (module: CommandModule): 'collaborator' | 'staff' => (module.by.collaborator ? 'collaborator' : 'staff');
/** What ran, as `kind → reply key`, or why the reply is not one the module declares. */
const outcome = (module: CommandModule, entry: Entry | undefined): string => {
  if (!entry) return `${module.kind}: nothing handled`;
  const allowed = [...module.replies, ...(module.refusal ? [module.refusal] : [])];
  return `${String(entry['command'])}${allowed.includes(String(entry['reply'])) ? '' : ` (undeclared reply ${String(entry['reply'])})`}`;
};
/** The linking words are how a stranger gets in: they are not refused, they link. */
const refusable = COMMAND_MODULES.filter((m) => m.words.length > 0);

describe('every registered command through every door that takes text', () => {
  let world: DoorsWorld;
  beforeAll(async () => {
    world = await startDoorsWorld();
  });
  afterAll(() => world?.close());

  async function send(door: FuzzDoor, sender: number, text: string): Promise<Entry[]> {
    const before = world.loa.log.entries().length;
    const [status] = await world.send({ door, text, sender, date: 0, copy: false });
    expect(`${door} ${text}: ${status}`).toBe(`${door} ${text}: 200`);
    return world.loa.log.entries().slice(before);
  }

  it.each(DOORS.map((d) => [d]))('runs each command sent through %s', async (door) => {
    const ran: string[] = [];
    for (const module of COMMAND_MODULES) {
      const entries = await send(door, SENDER[door][roleFor(module)], module.example);
      ran.push(outcome(module, entries.find((e) => e['msg'] === 'message handled')));
    }
    expect(ran).toEqual(COMMAND_MODULES.map((m) => m.kind));
  });

  /** What the door answered a stranger: its one refusal, or '' where it stays silent (a notice at most once a day or a few times an hour). */
  async function strangerAnswer(door: FuzzDoor, text: string): Promise<{ handled: Entry[]; answer: string }> {
    const sentBefore = world.loa.botApi.sent.length;
    const entries = await send(door, SENDER[door].stranger, text);
    const handled = entries.filter((e) => e['msg'] === 'message handled');
    if (door === 'telegram') {
      // The Telegram door's own gate answers an unknown user before the core (linking by contact or DK).
      const texts = world.loa.botApi.sent.slice(sentBefore).filter((m) => m.method === 'sendMessage' && m.body['chat_id'] === TELEGRAM_STRANGER);
      return { handled, answer: texts.map((m) => String(m.body['text'])).join('\n') };
    }
    const refusal = entries.find((e) => e['msg'] === STRANGER_MESSAGE[door]);
    if (!refusal) return { handled, answer: `no refusal logged: ${JSON.stringify(entries)}` };
    return { handled, answer: door === 'zalo' ? String(refusal['reply'] ?? '') : refusal['replied'] ? 'unregistered' : '' };
  }

  it.each(DOORS.map((d) => [d]))('answers a stranger on %s with the same refusal whatever the command, and runs none', async (door) => {
    const answers: string[] = [];
    for (const module of refusable) {
      const { handled, answer } = await strangerAnswer(door, module.example);
      expect(handled).toEqual([]);
      answers.push(answer);
    }
    const said = [...new Set(answers.filter((a) => a !== ''))];
    expect(said).toHaveLength(1);
    expect(answers[0]).toBe(said[0]);
    if (door === 'zalo') expect(said).toEqual(['codes:link.prompt']);
    if (door === 'sms' || door === 'gateway') expect(said).toEqual(['unregistered']);
  });
});

describe('every registered command through the terminal phone (npm run chat)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-chat-commands-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  /** One `npm run chat -- --as <phone>` with these lines on stdin; its replies and the core's log lines for them. */
  function chat(phone: string, lines: string[]): { replies: string[]; entries: Entry[] } {
    const logFile = path.join(dataDir, 'chat.log');
    const before = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length : 0;
    const run = spawnSync(TSX, ['tools/cli/chat.ts', '--as', phone], {
      cwd: ROOT,
      input: lines.join('\n') + '\n',
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'info', LOA_DEMO_LOGS: 'false', LOA_MESSAGES_PER_MINUTE: '1000' },
    });
    expect(run.status).toBe(0);
    const entries = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).slice(before).map((l) => JSON.parse(l) as Entry);
    return { replies: run.stdout.split('\n').slice(0, lines.length), entries };
  }

  it('runs each command, and answers a stranger with the one "not registered" reply, running none', () => {
    const byRole = (role: 'collaborator' | 'staff') => COMMAND_MODULES.filter((m) => roleFor(m) === role);
    const ran: string[] = [];
    for (const [role, phone] of [['collaborator', DEMO.collaboratorDong.phone], ['staff', DEMO.officer.phone]] as const) {
      const modules = byRole(role);
      const { entries } = chat(phone, modules.map((m) => m.example));
      const handled = entries.filter((e) => e['msg'] === 'message handled');
      modules.forEach((m, i) => ran.push(outcome(m, handled[i])));
    }
    const order = [...byRole('collaborator'), ...byRole('staff')];
    expect(ran).toEqual(order.map((m) => m.kind));

    const stranger = chat(DEMO.unregisteredPhone, refusable.map((m) => m.example));
    expect(stranger.entries.filter((e) => e['msg'] === 'message handled')).toEqual([]);
    expect(stranger.entries.filter((e) => e['msg'] === 'message from an unregistered sender')).toHaveLength(refusable.length);
    // Once a day per number: the first text gets the reply, the rest silence (no money spent on a stranger).
    expect(stranger.replies[0]).toMatch(/^\S/);
    expect(stranger.replies.slice(1)).toEqual(Array(refusable.length - 1).fill(''));
  });
});
