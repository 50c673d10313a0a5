import fs from 'node:fs';
import path from 'node:path';
import { createParser } from '../../app/commands';
import { DEFAULT_TIME_ZONE } from '../../core/periods';
import { DOORS, startDoorsWorld, type DoorsWorld, type FuzzDoor } from '../../tools/harness/door-fuzz';
import { DEMO } from '../support/test-core';

/**
 * Issue 22: adding a command touches its module, its locale strings and its
 * tests only. The command here lives in `test/fixtures/fake-command/` (its
 * module, its shape, its words and reply in that folder's `locales/`); the
 * runtime finds it by file name beside `core/commands/`, exactly as it finds
 * the shipped ones, and it is exchanged through every door that takes text,
 * on the whole service, with no other file changed.
 */
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const FIXTURE = path.join(ROOT, 'test/fixtures/fake-command');
type Entry = Record<string, unknown>;

let world: DoorsWorld;

beforeAll(async () => {
  world = await startDoorsWorld({ commandFolders: [{ dir: FIXTURE }] });
});
afterAll(() => world?.close());

/** Sends as door-fuzz's first sender (on the roster, or linked, on every door) and returns what the core logged as handled. */
async function handled(door: FuzzDoor, text: string): Promise<Entry | undefined> {
  const before = world.loa.log.entries().length;
  const [status] = await world.send({ door, text, sender: 0, date: 0, copy: false });
  expect(status).toBe(200);
  return world.loa.log.entries().slice(before).find((e) => e['msg'] === 'message handled');
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.(ts|json|md)$/.test(e.name) ? [rel] : [];
  });
}

describe('a command added as one module with its own strings', () => {
  it.each(DOORS.map((d) => [d]))('runs through %s and answers with its own reply', async (door) => {
    const entry = await handled(door, 'NOILAI xin chao');
    expect({ command: entry?.['command'], reply: entry?.['reply'] }).toEqual({ command: 'echo', reply: 'fakecommand:said' });
  });

  it("says the words back in the sender's SMS, from its own locale string", async () => {
    const res = await world.loa.postSms({ from: DEMO.collaboratorDong.phone, body: 'NOILAI xin chao' });
    expect(res.text).toContain('Loa noi lai: xin chao');
  });

  it('is read in every vocabulary the folder gives words for (ECHO in English)', async () => {
    const entry = await handled('sms', 'ECHO hello');
    expect(entry?.['command']).toBe('echo');
  });

  it('is unknown to a runtime without its folder: the shipped parser does not read it', () => {
    const parsed = createParser().parse('NOILAI xin chao', { receivedAt: new Date('2026-11-20T03:00:00Z'), timeZone: DEFAULT_TIME_ZONE, maxAgeDays: 14 });
    expect(parsed).toEqual({ ok: false, error: { code: 'unknown' } });
  });

  it('needed no other file: nothing outside its folder and this test names it', () => {
    const named = ['app', 'core', 'bot', 'sms', 'web', 'adapters', 'locales', 'tools'].flatMap(sourceFiles).filter((file) => /fakecommand|fake-command|\bnoilai\b/i.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
    expect(named).toEqual([]);
  });
});
