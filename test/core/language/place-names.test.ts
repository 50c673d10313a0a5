import fs from 'node:fs';
import path from 'node:path';
import { createI18n, LANGUAGES } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import type { ParseContext } from '../../../core/language/commands';
import { namesPlace, placeNameTest } from '../../../core/usecases/log-scope';
import { fold } from '../../../core/text';
import { shippedParser } from './shared-parser';

/**
 * Issue 21, observation 9: a village's name is matched before vocabulary words.
 * Every village of every roster shipped (demo/, plans/) and a few names built to
 * collide with the vocabulary round-trip through `TT @<name> 10 hop`, typed with
 * and without diacritics, and so does every example Loa's replies give.
 */
interface Village {
  name: string;
  code: string;
  aliases: string[];
  roster: string;
}

const ROOT = path.resolve(__dirname, '../../..');

function rosterFiles(): string[] {
  const inDir = (dir: string): string[] =>
    fs.existsSync(path.join(ROOT, dir))
      ? fs
          .readdirSync(path.join(ROOT, dir), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('.csv'))
          .map((f) => path.join(dir, f))
      : [];
  return [...inDir('demo'), ...inDir('plans')];
}

/** The villages of a roster CSV (`kind,id,name,code,parent,aliases,...`); names hold no comma in the shipped files. */
function villagesOf(file: string): Village[] {
  const [header, ...lines] = fs.readFileSync(path.join(ROOT, file), 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const at = (row: string[], column: string): string => row[columns.indexOf(column)] ?? '';
  return lines
    .map((line) => line.split(','))
    .filter((row) => at(row, 'kind') === 'village')
    .map((row) => ({ name: at(row, 'name'), code: at(row, 'code'), aliases: at(row, 'aliases').split(';').filter(Boolean), roster: file }));
}

/** Names that hold words of the vocabulary or its typos (`Tiến`, `Hợp`, `Thanh Niên`, `Chợ`, `Trường`). */
const COLLIDING: Village[] = [
  'Xóm Đồng Tiến',
  'Thôn Hợp Thành',
  'Thôn Thanh Niên',
  'Khu Chợ Mới',
  'Thôn Trường Xuân',
  'Bản Nà Tông',
  'Tổ dân phố 3',
  'Thôn Phú Nữ',
  'Thôn Báo Đáp',
].map((name, i) => ({ name, code: `X${i}`, aliases: [], roster: 'built' }));

const rosters = new Map<string, Village[]>();
for (const file of rosterFiles()) rosters.set(file, villagesOf(file));
rosters.set('built', COLLIDING);

const parser = shippedParser();
const ctxFor = (villages: readonly Village[]): ParseContext => ({
  receivedAt: new Date('2026-12-06T03:00:00Z'),
  timeZone: 'Asia/Ho_Chi_Minh',
  maxAgeDays: 400,
  isPlaceName: placeNameTest(villages),
});

/** The one village of the roster a parsed name points to, or what went wrong. */
function placeOf(text: string, villages: readonly Village[]): { ok: true; name: string; participants: number } | { ok: false; why: string } {
  const parsed = parser.parse(text, ctxFor(villages));
  if (!parsed.ok) return { ok: false, why: parsed.error.code };
  if (parsed.command.kind !== 'log' || parsed.command.placeName === undefined) return { ok: false, why: 'no place' };
  const typed = parsed.command.placeName;
  const found = villages.filter((v) => namesPlace(v, typed));
  return found.length === 1 ? { ok: true, name: found[0]!.name, participants: parsed.command.participants } : { ok: false, why: `"${typed}" matched ${found.length}` };
}

describe('every village name round-trips through TT @<name>', () => {
  it('finds the demo roster among the shipped rosters', () => {
    expect([...rosters.keys()]).toContain(path.join('demo', 'roster-ke-sat.csv'));
  });

  for (const [roster, villages] of rosters) {
    for (const village of villages) {
      it(`${roster}: TT @${village.name} 10 hop, with and without diacritics, logs 10 people at ${village.name}`, () => {
        for (const typed of [village.name, fold(village.name), village.code]) {
          expect({ typed, place: placeOf(`TT @${typed} 10 hop`, villages) }).toEqual({ typed, place: { ok: true, name: village.name, participants: 10 } });
        }
      });
    }
  }

  it('reads TT @Dong Tien 10 hop and TT @Xom Dong Tien 45 hop thon as Xóm Đồng Tiến (observation 9)', () => {
    expect(placeOf('TT @Dong Tien 10 hop', COLLIDING)).toEqual({ ok: true, name: 'Xóm Đồng Tiến', participants: 10 });
    expect(placeOf('TT @Xom Dong Tien 45 hop thon', COLLIDING)).toEqual({ ok: true, name: 'Xóm Đồng Tiến', participants: 45 });
  });
});

describe("every example of a village name in Loa's replies round-trips", () => {
  const i18n = createI18n();
  const KEYS = ['log.place_unknown', 'log.need_village'];
  for (const [roster, villages] of rosters) {
    for (const lng of LANGUAGES) {
      it(`${roster} (${lng}): the example of each of ${KEYS.join(', ')} logs at the village it names`, () => {
        for (const village of villages) {
          for (const key of KEYS) {
            const text = renderReply(i18n, { key, values: { name: 'x', place: 'Xã Kẻ Sắt', example: village.name } }, lng, 'sms');
            const example = /((?:TT|LOG) @.*?\d+ \w+(?: \w+)?)(?:\.|$| Bao| Press)/.exec(text)?.[1];
            expect({ key, example: example ?? text, place: example ? placeOf(example, villages) : null }).toEqual({ key, example, place: { ok: true, name: village.name, participants: 45 } });
          }
        }
      });
    }
  }
});

/**
 * Issue 21 (what was left): communes, districts and provinces after `@` in
 * XEM, TONGHOP, CHUA, CHITIEU and XUAT round-trip as villages do: every one of
 * every shipped roster, and Ba Tơ's and Thái Nguyên's (the seeds' districts),
 * typed with and without diacritics, with and without a period after it.
 */
interface Area {
  name: string;
  code: string;
  aliases: string[];
  level: 'province' | 'district' | 'commune' | 'village';
}

function areasOf(file: string): Area[] {
  const [header, ...lines] = fs.readFileSync(path.join(ROOT, file), 'utf8').trim().split(/\r?\n/);
  const columns = (header ?? '').split(',');
  const at = (row: string[], column: string): string => row[columns.indexOf(column)] ?? '';
  return lines
    .map((line) => line.split(','))
    .filter((row) => ['province', 'district', 'commune', 'village'].includes(at(row, 'kind')))
    .map((row) => ({ name: at(row, 'name'), code: at(row, 'code'), aliases: at(row, 'aliases').split(';').filter(Boolean), level: at(row, 'kind') as Area['level'] }));
}

const SEED_AREAS: Area[] = [
  ['Huyện Ba Tơ', 'district'],
  ['Xã Ba Dinh', 'commune'],
  ['Xã Ba Vì', 'commune'],
  ['Xã Ba Xa', 'commune'],
  ['Thị trấn Ba Tơ', 'commune'],
  ['Huyện Đại Từ', 'district'],
  ['Xã Hùng Sơn', 'commune'],
  ['Xã Đồng Tiến', 'commune'],
  ['Phường Phan Đình Phùng', 'commune'],
  ['Tỉnh Thái Nguyên', 'province'],
  ['Xóm Đồng Tiến', 'village'],
  ['Thôn Làng Mạ', 'village'],
].map(([name, level], i) => ({ name: name!, code: `S${i}`, aliases: [], level: level as Area['level'] }));

describe('every commune, district and province name round-trips after @ in the officer commands', () => {
  const areas = new Map<string, Area[]>();
  for (const file of rosterFiles()) areas.set(file, areasOf(file));
  areas.set('seeds', SEED_AREAS);

  /** The one place of the roster the typed name of a parsed officer command points to, or what went wrong. */
  function askedOf(text: string, places: readonly Area[]): { ok: true; name: string; kind: string } | { ok: false; why: string } {
    const parsed = parser.parse(text, { ...ctxFor([]), isPlaceName: placeNameTest(places) });
    if (!parsed.ok) return { ok: false, why: parsed.error.code };
    const typed = 'placeName' in parsed.command ? parsed.command.placeName : undefined;
    if (typed === undefined) return { ok: false, why: 'no place' };
    const found = places.filter((p) => namesPlace(p, typed));
    return found.length === 1 ? { ok: true, name: found[0]!.name, kind: parsed.command.kind } : { ok: false, why: `"${typed}" matched ${found.map((p) => p.name).join(', ')}` };
  }

  for (const [roster, places] of areas) {
    for (const place of places.filter((p) => p.level !== 'village')) {
      it(`${roster}: XEM, TONGHOP THANG 11, CHUA QUY 3, CHITIEU NAM 2026 and XUAT T10 @${place.name} ask about ${place.name}`, () => {
        for (const typed of [place.name, fold(place.name), place.code, ...place.aliases]) {
          for (const [text, kind] of [
            [`XEM @${typed}`, 'view'],
            [`TONGHOP @${typed} THANG 11`, 'summary'],
            [`CHUA @${typed} QUY 3`, 'quiet'],
            [`CHITIEU @${typed} NAM 2026`, 'targets'],
            [`XUAT @${typed} T10`, 'export'],
          ] as const) {
            expect({ text, asked: askedOf(text, places) }).toEqual({ text, asked: { ok: true, name: place.name, kind } });
          }
        }
      });
    }
  }
});
