import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import type { SessionLog } from '../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../core/domain/vocabulary-codes';
import { periodKeysOf } from '../../core/periods';
import type { Plan } from '../../core/plans/plan-schema';

/**
 * The national simulation's data, made by plain rules so a test can count
 * the expected figures by hand (test/tools/bench/national-bench.test.ts):
 *
 * - 34 provinces (roots; communes sit directly under them, as since 2025);
 *   commune `c` is in province `c mod P`, village `v` in commune `v mod C`.
 * - log `i` (0 ≤ i < L) is at village `i mod V`, on day `i mod 333` of 2026
 *   (1 January … 29 November), `10 + i mod 91` participants, form
 *   `hop/loa/ho` by `i mod 3`, group `nd/tn/hs/ld` by `i mod 4`; cancelled
 *   when `i mod 50 = 49`.
 * - one officer per commune, one admin per province, one collaborator per village.
 */
export const PROVINCES = 34;
export const FULL = { communes: 3_300, villages: 100_000, logs: 3_000_000 } as const;
export const DAYS_IN_DATA = 333;
export const FORMS: readonly FormCode[] = ['hop', 'loa', 'ho'];
export const GROUPS: readonly GroupCode[] = ['nd', 'tn', 'hs', 'ld'];
/** Monday 30 November 2026, 07:00 in Vietnam: the Monday run reports 23–29 November. */
export const NOW = new Date('2026-11-30T00:00:00Z');
const CREATED = '2025-12-01T00:00:00.000Z';

export interface NationalShape {
  provinces: number;
  communes: number;
  villages: number;
  logs: number;
}

/** The sizes at a scale (1: the full country); at least one commune per province and one village per commune. */
export function shapeAt(scale: number, logs?: number): NationalShape {
  const communes = Math.max(PROVINCES, Math.round(FULL.communes * scale));
  const villages = Math.max(communes, Math.round(FULL.villages * scale));
  return { provinces: PROVINCES, communes, villages, logs: logs ?? Math.round(FULL.logs * scale) };
}

export const provinceId = (p: number): string => `p${String(p).padStart(2, '0')}`;
export const communeId = (shape: NationalShape, c: number): string => `${provinceId(c % shape.provinces)}.c${String(c).padStart(4, '0')}`;
export const villageId = (shape: NationalShape, v: number): string => `${communeId(shape, v % shape.communes)}.v${String(v).padStart(6, '0')}`;

export function nationalPlaces(shape: NationalShape): { places: Place[]; provinces: Place[]; communes: Place[]; villages: Place[] } {
  const mk = (id: string, level: Place['level'], parent: Place | null, name: string, code: string): Place => ({
    _id: id, level, name, code, aliases: [], parentId: parent?._id ?? null, path: [...(parent?.path ?? []), id], createdAt: CREATED,
  });
  const provinces = Array.from({ length: shape.provinces }, (_, p) => mk(provinceId(p), 'province', null, `Tỉnh ${p}`, `T${p}`));
  const communes = Array.from({ length: shape.communes }, (_, c) => mk(communeId(shape, c), 'commune', provinces[c % shape.provinces]!, `Xã ${c}`, `X${c}`));
  const villages = Array.from({ length: shape.villages }, (_, v) => mk(villageId(shape, v), 'village', communes[v % shape.communes]!, `Thôn ${v}`, `V${v}`));
  return { places: [...provinces, ...communes, ...villages], provinces, communes, villages };
}

const person = (id: string, role: Person['role'], place: Place, phone?: string): Person => ({
  _id: id, name: id, role, placePath: place.path, lng: 'vi', remindersOff: false, createdAt: CREATED, ...(phone ? { phone } : {}),
});

/** Officers (one per commune, with a phone) and admins (one per province), then one collaborator per village (no chat link). */
export function nationalPeople(places: ReturnType<typeof nationalPlaces>): { staff: Person[]; collaborators: Person[] } {
  const officers = places.communes.map((c, i) => person(`o-${c._id}`, { kind: 'officer', placeId: c._id }, c, `+8490${String(i).padStart(7, '0')}`));
  const admins = places.provinces.map((p) => person(`a-${p._id}`, { kind: 'admin', placeId: p._id }, p));
  const collaborators = places.villages.map((v) => person(`ctv-${v._id}`, { kind: 'collaborator', placeId: v._id }, v));
  return { staff: [...officers, ...admins], collaborators };
}

/** A province's plan, as CHITIEU evaluates it: coverage of communes, press items, reach of youth, training. */
export function provincePlanOf(province: Place): Plan {
  return {
    id: `${province._id}-2026`, name: `${province.name} 2026`, place: province._id, period: { from: '2026-01', to: '2026-12' },
    targets: [
      { id: 'xa', kind: 'coverage', of: 'commune', percent: 70, regularly: 'quarter' },
      { id: 'bao', kind: 'frequency', form: 'bao', per: 'month', atLeast: 1 },
      { id: 'tn', kind: 'reach', group: 'tn', percent: 70, denominator: 500_000 },
      { id: 'th', kind: 'training', percent: 50, denominator: 2_000 },
    ],
  };
}

const DAYS: { date: string; periods: SessionLog['periods'] }[] = Array.from({ length: DAYS_IN_DATA }, (_, d) => {
  const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
  return { date, periods: periodKeysOf(date) };
});

/** The rules of one log, without building it: what the test counts from. */
export function logRule(i: number): { day: number; date: string; participants: number; form: FormCode; group: GroupCode; cancelled: boolean } {
  const day = i % DAYS_IN_DATA;
  return { day, date: DAYS[day]!.date, participants: 10 + (i % 91), form: FORMS[i % 3]!, group: GROUPS[i % 4]!, cancelled: i % 50 === 49 };
}

/** Log `i` at its village (`village` is place `i mod V`). */
export function logAt(i: number, village: Place): SessionLog {
  const rule = logRule(i);
  const code = i.toString(36).toUpperCase().padStart(6, '0').slice(-6);
  return {
    _id: `log-${i}`, code, villageId: village._id, placePath: village.path, date: rule.date, periods: DAYS[rule.day]!.periods,
    participants: rule.participants, form: rule.form, groups: [rule.group], note: '', personId: `ctv-${village._id}`, channel: 'sms',
    channelMessageId: `m-${i}`, contentKey: `k-${i}`, createdAt: `${rule.date}T03:00:00.000Z`, editedAt: null,
    cancelledAt: rule.cancelled ? `${rule.date}T04:00:00.000Z` : null,
  };
}

/**
 * The logs of villages `fromVillage` … `toVillage - 1`, village by village,
 * so each batch holds whole place-months (its rollups are complete).
 */
export function* logsOfVillages(shape: NationalShape, villages: Place[], fromVillage: number, toVillage: number): Generator<SessionLog> {
  for (let v = fromVillage; v < toVillage; v++) {
    for (let i = v; i < shape.logs; i += shape.villages) yield logAt(i, villages[v]!);
  }
}
