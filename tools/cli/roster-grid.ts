import fs from 'node:fs';
import { chartTexts } from '../../core/charts/grid-picture';
import type { GridChartRenderer } from '../../core/charts/chart-renderer';
import type { Clock } from '../../core/clock';
import { accountDoors, type Person } from '../../core/domain/people';
import { doorName } from '../../core/usecases/link-by-code';
import { maskPhone } from '../../core/domain/phone';
import type { Place } from '../../core/domain/places';
import type { IndicatorEngine } from '../../core/indicators/engine';
import { createTexts } from '../../core/wording/texts';
import type { Repositories } from '../../core/usecases/context';
import { loadDashboard, type DashboardPeriod } from '../../core/usecases/dashboard';
import type { i18n as I18n } from 'i18next';
import { sortByName } from '../../web/format';

/** What the two commands need; `out`/`err` are the terminal's two streams. */
export interface RosterGridDeps {
  repos: Pick<Repositories, 'places' | 'people'>;
  engine: IndicatorEngine;
  clock: Clock;
  i18n: I18n;
  charts: GridChartRenderer;
  out: (line: string) => void;
  err: (line: string) => void;
}

export const ROSTER_USAGE = 'usage: npm run loa -- roster list [<place id>] [--full]';
export const GRID_USAGE = 'usage: npm run loa -- grid <place id> [<period: 2026-08 | 2026-Q3 | 2026-H2 | 2026>] <file.png>';

/** The doors a person can be reached through, as stored (whether a door is switched on is the service's setting, not the roster's). */
const doorsOf = (p: Person): string => [...(p.phone ? ['SMS'] : []), ...accountDoors(p).map(doorName)].join(', ') || '-';

/**
 * `loa roster list [place] [--full]`: the places as a tree and the people
 * under them, phones masked unless `--full` (the terminal may be shared or
 * its scrollback kept).
 */
export async function rosterList(deps: RosterGridDeps, args: string[]): Promise<number> {
  const full = args.includes('--full');
  const rest = args.filter((a) => a !== '--full');
  if (rest[0] !== 'list' || rest.length > 2) {
    deps.err(ROSTER_USAGE);
    return 2;
  }
  const tops = rest[1] ? [await deps.repos.places.get(rest[1])] : await deps.repos.places.roots();
  if (tops.some((p) => p === null)) {
    deps.err(`no place with id ${rest[1]}`);
    return 1;
  }
  for (const top of tops as Place[]) {
    const places = await deps.repos.places.subtree(top._id);
    const byParent = new Map<string | null, Place[]>();
    for (const p of places) byParent.set(p.parentId ?? null, [...(byParent.get(p.parentId ?? null) ?? []), p]);
    const walk = (p: Place, depth: number): void => {
      deps.out(`${'  '.repeat(depth)}${p.name} (${p._id}, ${p.level})`);
      for (const child of sortByName(byParent.get(p._id) ?? [], (c) => c.name)) walk(child, depth + 1);
    };
    walk(top, 0);
    const names = new Map(places.map((p) => [p._id, p.name]));
    const people = sortByName(await deps.repos.people.under(top._id), (p) => p.name);
    deps.out(`People (${people.length}):`);
    for (const p of people) {
      const phone = p.phone ? (full ? p.phone : maskPhone(p.phone)) : '-';
      deps.out(`  ${p.name}\t${p.role.kind}\t${names.get(p.role.placeId) ?? p.role.placeId}\t${phone}\t${doorsOf(p)}`);
    }
  }
  return 0;
}

/** `2026-08`, `2026-Q3`, `2026-H2`, `2026` as the web page's period; null for anything else. */
export function periodArg(text: string): DashboardPeriod | null {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) return { kind: 'month', key: text };
  if (/^\d{4}-Q[1-4]$/.test(text)) return { kind: 'quarter', key: text };
  if (/^\d{4}-H[12]$/.test(text)) return { kind: 'half', key: text };
  if (/^\d{4}$/.test(text)) return { kind: 'year', key: text };
  return null;
}

/** `loa grid <place> [period] <file.png>`: the chat picture of a place's grid, as the page's "Tải ảnh PNG" draws it. */
export async function gridPicture(deps: RosterGridDeps, args: string[]): Promise<number> {
  const [placeId, ...rest] = args;
  const file = rest.at(-1);
  const period = rest.length === 2 ? periodArg(rest[0]!) : null;
  if (!placeId || !file || !file.endsWith('.png') || rest.length > 2 || (rest.length === 2 && !period)) {
    deps.err(GRID_USAGE);
    return 2;
  }
  const place = await deps.repos.places.get(placeId);
  if (!place) {
    deps.err(`no place with id ${placeId}`);
    return 1;
  }
  // The operator at the terminal sees every place: the page's own loader runs as an admin of the place's root.
  const operator = { _id: 'cli', name: 'cli', lng: 'vi', role: { kind: 'admin', placeId: place.path[0]! }, placePath: [place.path[0]!] } as unknown as Person;
  const result = await loadDashboard({ engine: deps.engine, repos: deps.repos }, { viewer: operator, placeId, period, now: deps.clock.now() });
  if (!result.ok) {
    deps.err(result.reason === 'bad_period' ? `the period ${rest[0]} has not begun` : `cannot draw ${placeId}: ${result.reason}`);
    return 1;
  }
  const texts = chartTexts(createTexts(deps.i18n, 'vi'), place.name, result.grid.kind);
  fs.writeFileSync(file, deps.charts.png(result.grid, texts));
  deps.out(`Wrote ${file}: ${place.name}, ${result.grid.rows.length} rows, ${result.grid.months.length} months.`);
  return 0;
}
