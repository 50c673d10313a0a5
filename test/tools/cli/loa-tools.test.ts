import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { echartsGridRenderer } from '../../../adapters/charts/echarts-grid';
import { COMMAND_NAMES } from '../../../tools/cli/loa';
import { PLAN_USAGE } from '../../../tools/cli/plan-command';
import { gridPicture, rosterList } from '../../../tools/cli/roster-grid';
import { decodePng } from '../../support/png';
import { createTestCore } from '../../support/test-core';
import { parseConfig } from '../../../app/config';
import { buildRuntime } from '../../../app/runtime';

const ROOT = path.join(__dirname, '../../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function setup() {
  const { core } = await createTestCore();
  const out: string[] = [];
  const err: string[] = [];
  const deps = { repos: core.repos, engine: core.engine, clock: core.clock, i18n: core.i18n, charts: echartsGridRenderer, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  return { core, out, err, deps };
}

describe('the newcomer\'s terminal commands', () => {
  it('`loa --help` lists every command, the plan subcommands too, and exits 0 without opening the store', () => {
    const run = spawnSync(TSX, ['tools/cli/loa.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const listed = run.stdout.split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter(Boolean);
    expect(COMMAND_NAMES.filter((name) => !listed.includes(name))).toEqual([]);
    const planCommands = PLAN_USAGE.split('\n').slice(1).map((l) => l.trim().split(' ')[0]);
    expect(planCommands.filter((sub) => !run.stdout.includes(`  plan ${sub} `))).toEqual([]);
  }, 30_000);

  it('`loa roster list` prints the demo roster as a tree and its people with masked phones, full only with --full', async () => {
    const { out, deps } = await setup();
    expect(await rosterList(deps, ['list'])).toBe(0);
    expect(out[0]).toBe('Thành phố Hải Phòng (hai-phong, province)');
    expect(out[1]).toBe('  Xã Kẻ Sắt (ke-sat, commune)');
    // Vietnamese order: Bắc, Cầu, Đông, Hạ, Mới, Nam, Ngọc, Tây, Thượng, Trung.
    expect(out.slice(2, 12).map((l) => l.trim().split(' (')[0])).toEqual(['Thôn Bắc', 'Thôn Cầu', 'Thôn Đông', 'Thôn Hạ', 'Thôn Mới', 'Thôn Nam', 'Thôn Ngọc', 'Thôn Tây', 'Thôn Thượng', 'Thôn Trung']);
    const an = out.find((l) => l.includes('Nguyễn Văn An'))!;
    expect(an).toContain('+8490****101');
    expect(out.join('\n')).not.toContain('+84905000101');
    out.length = 0;
    expect(await rosterList(deps, ['list', 'ke-sat.dong', '--full'])).toBe(0);
    expect(out).toEqual(['Thôn Đông (ke-sat.dong, village)', 'People (1):', '  Nguyễn Văn An\tcollaborator\tThôn Đông\t+84905000101\tSMS']);
  });

  it('`loa roster list` names every door a person is reached by, a chat door added later too', async () => {
    const { core, out, deps } = await setup();
    const an = (await core.repos.people.findByPhone('+84905000101'))!;
    await core.repos.people.linkAccount(an._id, 'zalo', 'zalo-an');
    await core.repos.people.linkAccount(an._id, 'signal', 'signal-an');
    expect(await rosterList(deps, ['list', 'ke-sat.dong', '--full'])).toBe(0);
    expect(out.at(-1)).toBe('  Nguyễn Văn An\tcollaborator\tThôn Đông\t+84905000101\tSMS, Zalo, Signal');
  });

  it('`loa roster` alone or with an unknown place says how to use it', async () => {
    const { err, deps } = await setup();
    expect(await rosterList(deps, [])).toBe(2);
    expect(await rosterList(deps, ['list', 'nowhere'])).toBe(1);
    expect(err).toEqual(['usage: npm run loa -- roster list [<place id>] [--full]', 'no place with id nowhere']);
  });

  it('`loa grid <place> [period] <file.png>` writes the chat picture', async () => {
    const { out, deps } = await setup();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'loa-grid-')), 'ke-sat.png');
    expect(await gridPicture(deps, ['ke-sat', '2026', file])).toBe(0);
    const png = decodePng(fs.readFileSync(file));
    expect(png.width).toBeGreaterThan(300);
    expect(out).toEqual([`Wrote ${file}: Xã Kẻ Sắt, 10 rows, 12 months.`]);
    expect(await gridPicture(deps, ['ke-sat', 'tháng 8', file])).toBe(2);
  });
});

describe('`loa unlink` (the admin CLI)', () => {
  it("removes a person's accounts on every door, or on the one door named, whatever the door", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-unlink-'));
    const config = parseConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
    const first = await buildRuntime(config, 'chat'); // the demo roster, as the terminal phone loads it
    const an = (await first.core.repos.people.findByPhone('+84905000101'))!;
    await first.core.repos.people.linkAccount(an._id, 'zalo', 'zalo-an');
    await first.core.repos.people.linkAccount(an._id, 'signal', 'signal-an');
    await first.close();
    const unlink = (...args: string[]) => spawnSync(TSX, ['tools/cli/loa.ts', 'unlink', '0905000101', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    const one = unlink('signal');
    expect([one.status, one.stdout.trim()]).toEqual([0, `Unlinked Nguyễn Văn An (${an._id}) from signal.`]);
    const rest = unlink();
    expect([rest.status, rest.stdout.trim()]).toEqual([0, `Unlinked Nguyễn Văn An (${an._id}) from zalo.`]);
    const after = await buildRuntime(config, 'cli');
    expect((await after.core.repos.people.get(an._id))?.accounts ?? []).toEqual([]);
    await after.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
});

describe('the terminal phone (npm run chat)', () => {
  it('prints only the reply to NHAC: the warnings about villages it could not remind go to data/chat.log, not into the chat', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-chat-'));
    const run = spawnSync(TSX, ['tools/cli/chat.ts', '--as', '0905000201'], { cwd: ROOT, input: 'NHAC\n', encoding: 'utf8', env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    expect(run.status).toBe(0);
    // One message in, one reply out: the demo officer's reminder summary, and nothing else on either stream.
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^Nhac thang \d+: /)]);
    expect(run.stderr).toBe('');
    expect(fs.readFileSync(path.join(dataDir, 'chat.log'), 'utf8')).toContain('reminder not delivered');
  }, 60_000);
});
