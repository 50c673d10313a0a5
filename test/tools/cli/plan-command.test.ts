import path from 'node:path';
import { PRESETS_DIR } from '../../../app/plan-files';
import { createTestCore } from '../../support/test-core';
import { PLAN_USAGE, runPlanCommand } from '../../../tools/cli/plan-command';

/** On the demo roster (Xã Kẻ Sắt is there): a plan is stored only for a known place. */
async function setup() {
  const { core, clock } = await createTestCore();
  const lines: string[] = [];
  const deps = {
    plans: core.repos.plans,
    engine: core.engine,
    clock,
    out: (l: string) => lines.push(l),
    err: (l: string) => lines.push(`ERR ${l}`),
  };
  return { lines, run: (...args: string[]) => runPlanCommand(args, deps) };
}

describe('loa plan', () => {
  it('lists the four shipped presets with their plan ids', async () => {
    const { lines, run } = await setup();
    expect(await run('presets')).toBe(0);
    expect(lines.map((l) => l.split('\t')[1])).toEqual(['ba-to-2021-2025', 'ke-sat-2026', 'lai-chau-2022', 'thai-nguyen-2021-2025']);
  });

  it('loads, lists, shows and removes a plan, and says so for a plan that is not there', async () => {
    const { lines, run } = await setup();
    expect(await run('list')).toBe(0);
    expect(lines.splice(0)).toEqual(['No plans stored.']);
    expect(await run('load', path.join(PRESETS_DIR, 'ke-sat-2026.yaml'))).toBe(0);
    expect(lines.splice(0)[0]).toMatch(/^Loaded plan ke-sat-2026 for ke-sat \(\d+ targets\)\.$/);
    expect(await run('list')).toBe(0);
    expect(lines.splice(0).map((l) => l.split('\t').slice(0, 2))).toEqual([['ke-sat-2026', 'ke-sat']]);
    expect(await run('show', 'ke-sat-2026')).toBe(0);
    expect(lines.splice(0).slice(0, 2)).toEqual([expect.stringMatching(/^ke-sat-2026: /), 'place ke-sat, 2026-01..2026-12, as of 2026-11-20 (running)']);
    expect(await run('remove', 'ke-sat-2026')).toBe(0);
    expect(lines.splice(0)).toEqual(['Removed plan ke-sat-2026.']);
    expect(await run('remove', 'ke-sat-2026')).toBe(1);
    expect(await run('show', 'ke-sat-2026')).toBe(1);
    expect(lines.splice(0)).toEqual(['ERR no plan with id ke-sat-2026', 'ERR no plan with id ke-sat-2026']);
  });

  it('prints the usage with exit code 2 for an unknown or incomplete command', async () => {
    const { lines, run } = await setup();
    expect(await run('frobnicate')).toBe(2);
    expect(await run('toString')).toBe(2);
    expect(await run('set', 'ke-sat-2026')).toBe(2);
    expect(await run()).toBe(2);
    expect(lines).toEqual(Array(4).fill(`ERR ${PLAN_USAGE}`));
  });
});
