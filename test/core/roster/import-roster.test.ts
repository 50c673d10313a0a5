import { repositoriesOn } from '../../../adapters/store/open-storage';
import fs from 'node:fs';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { importRoster } from '../../../core/roster/import-roster';
import { rosterProblemText } from '../../../core/roster/roster-problems';
import { createI18n } from '../../../core/i18n/i18n';
import { DEMO_ROSTER_PATH, loadDemoIfEmpty } from '../../../app/demo-roster';

async function repos() {
  const store = await openEmbeddedStorage();
  return { places: store.repos.places, people: store.repos.people };
}

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language\n';

describe('importRoster', () => {
  it('loads the demo roster: two communes with their villages, collaborators, officers and an admin', async () => {
    const r = await repos();
    const result = await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), r);
    expect(result).toEqual({ ok: true, places: 16, people: 15 });
    expect((await r.places.subtree('ke-sat', 'village')).length).toBe(10);
    const dong = await r.places.get('ke-sat.dong');
    expect(dong?.path).toEqual(['hai-phong', 'ke-sat', 'ke-sat.dong']);
    const an = await r.people.findByPhone('+84905000101');
    expect(an?.role).toEqual({ kind: 'collaborator', placeId: 'ke-sat.dong' });
    expect(an?.placePath).toEqual(['hai-phong', 'ke-sat', 'ke-sat.dong']);
  });

  it('reads the optional since column as the date a place came into being, and refuses one that is not a date', async () => {
    const r = await repos();
    const csv =
      'kind,id,name,code,parent,phone,since\n' +
      'commune,x,Xã X,X,,,\n' +
      'village,x.a,Thôn A,A,x,,01/07/2026\n' +
      'village,x.b,Thôn B,B,x,,8/2026\n' +
      'village,x.c,Thôn C,C,x,,\n';
    expect(await importRoster(csv, r)).toEqual({ ok: true, places: 4, people: 0 });
    expect((await r.places.get('x.a'))?.since).toBe('2026-07-01');
    expect((await r.places.get('x.b'))?.since).toBe('2026-08-01');
    expect((await r.places.get('x.c'))?.since).toBeUndefined();
    // Imported again without a date: the roster no longer says when Thôn A came into being.
    expect(await importRoster('kind,id,name,code,parent,phone,since\nvillage,x.a,Thôn A,A,x,,\n', r)).toEqual({ ok: true, places: 1, people: 0 });
    expect((await r.places.get('x.a'))?.since).toBeUndefined();
    const bad = await importRoster('kind,id,name,code,parent,phone,since\nvillage,x.d,Thôn D,D,x,,31/02/2026\n', r);
    expect(bad).toEqual({ ok: false, problems: [{ line: 2, code: 'since_invalid', values: { value: '31/02/2026' } }] });
  });

  it('stores an old 11-digit number in its new E.164 form', async () => {
    const r = await repos();
    await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), r);
    expect((await r.people.findByPhone('+84365000109'))?._id).toBe('ctv-ngoc');
  });

  it('when some rows are bad, it reports each with its line number and imports nothing', async () => {
    const r = await repos();
    const csv =
      HEADER +
      'commune,xa-a,Xã A,XA,,,,,\n' +
      'village,xa-a.mot,Thôn Một,MOT,xa-a,,,,\n' +
      'village,xa-a.hai,Thôn Hai,HAI,xa-khong-co,,,,\n' +
      'collaborator,,Người Một,,xa-a.mot,,0905 12,,\n' +
      'collaborator,,Người Hai,,xa-a.mot,,0905111222,,\n' +
      'collaborator,,Người Ba,,xa-a.mot,,0905 111 222,,\n' +
      'officer,,Cán bộ,,xa-a.mot,,0905333444,,\n' +
      'thing,,X,,,,,,\n';
    const result = await importRoster(csv, r);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.line)).toEqual([4, 5, 7, 8, 9]);
    expect(result.problems[0]).toEqual({ line: 4, code: 'parent_unknown', values: { parent: 'xa-khong-co' } });
    expect(result.problems[2]).toEqual({ line: 7, code: 'phone_twice', values: { phone: '+84905111222', first: 6 } });
    expect(await r.places.isEmpty()).toBe(true);
    expect(await r.people.findByPhone('+84905111222')).toBeNull();
  });

  it('names every kind of problem with its line: bad id, duplicate id, missing or wrong parent, duplicate code, duplicate Telegram id, no contact', async () => {
    const r = await repos();
    const csv =
      HEADER +
      'province,tinh,Tỉnh,T,,,,,\n' +
      'commune,Xa B,Xã B,XB,tinh,,,,\n' +
      'commune,xa-a,Xã A,XA,tinh,,,,\n' +
      'commune,xa-a,Xã A lần hai,XA2,tinh,,,,\n' +
      'village,xa-a.mot,Thôn Một,MOT,xa-a,,,,\n' +
      'village,xa-a.mot2,Thôn Một bis,MOT,xa-a,,,,\n' +
      'village,vong-1,Vòng 1,V1,vong-2,,,,\n' +
      'village,vong-2,Vòng 2,V2,vong-1,,,,\n' +
      'village,mo-coi,Mồ côi,MC,,,,,\n' +
      'village,sai-cap,Sai cấp,SC,tinh,,,,\n' +
      'collaborator,,Tg Một,,xa-a.mot,,,777,\n' +
      'collaborator,,Tg Hai,,xa-a.mot,,,777,\n' +
      'collaborator,,Không liên lạc,,xa-a.mot,,,,\n' +
      'officer,,Cán bộ sai chỗ,,xa-a.mot,,0905333444,,\n' +
      'admin,,Quản trị,,khong-co,,0905333555,,\n';
    const result = await importRoster(csv, r);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { line: 3, code: 'place_id_invalid', values: { value: 'Xa B' } },
      { line: 5, code: 'place_id_twice', values: { id: 'xa-a', first: 4 } },
      { line: 7, code: 'code_taken', values: { code: 'MOT', parent: 'xa-a', first: 6 } },
      { line: 8, code: 'parent_wrong_level', values: { level: 'village', parent: 'vong-2', parentLevel: 'village' } },
      { line: 9, code: 'parent_wrong_level', values: { level: 'village', parent: 'vong-1', parentLevel: 'village' } },
      { line: 10, code: 'parent_required', values: { level: 'village' } },
      { line: 11, code: 'parent_wrong_level', values: { level: 'village', parent: 'tinh', parentLevel: 'province' } },
      { line: 13, code: 'telegram_id_twice', values: { telegramId: 777, first: 12 } },
      { line: 14, code: 'contact_missing', values: {} },
      { line: 15, code: 'person_wrong_level', values: { kind: 'officer', levels: ['commune'], place: 'xa-a.mot', level: 'village' } },
      { line: 16, code: 'person_place_unknown', values: { kind: 'admin', value: 'khong-co' } },
    ]);
    // The CLI says them in English, the web page in Vietnamese, each with the file's own values.
    const i18n = createI18n();
    const say = (lng: 'vi' | 'en') => result.problems.map((p) => `${p.line}: ${rosterProblemText(i18n, p, lng)}`);
    expect(say('en')).toEqual([
      '3: id: a place needs an id of lowercase letters, digits, ".", "_" or "-" (got "Xa B")',
      '5: id: xa-a appears twice (first on line 4)',
      '7: code: MOT is already used under xa-a (line 6)',
      '8: parent: a village cannot sit under a village (vong-2)',
      '9: parent: a village cannot sit under a village (vong-1)',
      '10: parent: a village needs a parent',
      '11: parent: a village cannot sit under a province (tinh)',
      '13: telegram_id: 777 is already on line 12',
      '14: phone: a person needs a phone number or a telegram_id',
      '15: parent: a officer serves a commune, xa-a.mot is a village',
      '16: parent: admin needs the id of a place in the file or already stored (got "khong-co")',
    ]);
    expect(say('vi')).toEqual([
      '3: cột id: địa bàn cần mã gồm chữ thường không dấu, chữ số, ".", "_" hoặc "-" (đang là "Xa B").',
      '5: cột id: xa-a xuất hiện hai lần (lần đầu ở dòng 4).',
      '7: cột code: mã MOT đã dùng dưới xa-a (dòng 6).',
      '8: cột parent: thôn không thể nằm dưới thôn (vong-2).',
      '9: cột parent: thôn không thể nằm dưới thôn (vong-1).',
      '10: cột parent: thôn cần có địa bàn cấp trên.',
      '11: cột parent: thôn không thể nằm dưới tỉnh (tinh).',
      '13: cột telegram_id: 777 đã có ở dòng 12.',
      '14: cột phone: mỗi người cần số điện thoại hoặc telegram_id.',
      '15: cột parent: cán bộ xã phụ trách xã, còn xa-a.mot là thôn.',
      '16: cột parent: quản trị viên cần mã của một địa bàn có trong tệp hoặc đã lưu (đang là "khong-co").',
    ]);
  });

  it('names a column that breaks the row format by its code, with the value the file holds', async () => {
    const csv = HEADER + 'thing,,X,,,,,,\n' + 'village,x.a,,A,x,,,,\n' + 'village,x.b,Thôn B,B,x,,,12a,\n' + 'village,x.c,Thôn C,C,x,,,,fr\n' + 'village,x.d,Thôn D,' + 'D'.repeat(21) + ',x,,,,\n';
    const result = await importRoster(csv, await repos());
    expect(result).toEqual({
      ok: false,
      problems: [
        { line: 2, code: 'bad_kind', values: { value: 'thing' } },
        { line: 3, code: 'name_missing', values: {} },
        { line: 4, code: 'telegram_id_digits', values: { value: '12a' } },
        { line: 5, code: 'bad_language', values: { value: 'fr' } },
        { line: 6, code: 'too_long', values: { column: 'code', max: 20 } },
      ],
    });
  });

  it('an unreadable CSV is one problem at the line where reading stopped, said in words rather than the parser\'s', async () => {
    const result = await importRoster(HEADER + 'village,x.a,"Thôn A,A,x,,,,\n', await repos());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.code, p.values])).toEqual([['unreadable_csv', { reason: 'quote' }]]);
    expect(rosterProblemText(createI18n(), result.problems[0]!, 'vi')).toBe('không đọc được tệp CSV: một dấu ngoặc kép (") chưa đóng hoặc đặt sai chỗ.');
  });

  it('keeps the chat accounts linked since the last import when the file is imported again, and sets a Telegram id it names beside them', async () => {
    const r = await repos();
    const csv = HEADER + 'commune,x,Xã X,X,,,,,\nvillage,x.a,Thôn A,A,x,,,,\ncollaborator,ctv-a,Người A,,x.a,,0905000771,,vi\n';
    expect((await importRoster(csv, r)).ok).toBe(true);
    await r.people.linkAccount('ctv-a', 'zalo', 'zalo-a');
    await r.people.linkAccount('ctv-a', 'signal', 'signal-a');
    expect((await importRoster(csv, r)).ok).toBe(true);
    expect((await r.people.get('ctv-a'))?.accounts).toEqual([{ door: 'zalo', id: 'zalo-a' }, { door: 'signal', id: 'signal-a' }]);
    // The same row with a Telegram id: one more account, the others kept.
    expect((await importRoster(csv.replace('0905000771,,vi', '0905000771,777123,vi'), r)).ok).toBe(true);
    expect((await r.people.get('ctv-a'))?.accounts).toEqual([{ door: 'zalo', id: 'zalo-a' }, { door: 'signal', id: 'signal-a' }, { door: 'telegram', id: '777123' }]);
    expect((await r.people.findByAccount('telegram', '777123'))?._id).toBe('ctv-a');
  });

  it('importing the same file twice changes nothing the second time', async () => {
    const r = await repos();
    const csv = fs.readFileSync(DEMO_ROSTER_PATH, 'utf8');
    await importRoster(csv, r);
    const again = await importRoster(csv, r);
    expect(again).toEqual({ ok: true, places: 16, people: 15 });
    expect((await r.people.under('hai-phong')).length).toBe(15);
  });

  it('a file without the required columns is refused with the missing names', async () => {
    const result = await importRoster('name,phone\nAn,0905000101\n', await repos());
    expect(result).toEqual({ ok: false, problems: [{ line: 1, code: 'missing_columns', values: { columns: 'kind, id, code, parent' } }] });
  });

  it('a first start that died mid-import of the demo finishes it at the next start, and a real roster is never topped up with the demo', async () => {
    const store = await openEmbeddedStorage();
    const r = { places: store.repos.places, people: store.repos.people };
    const clock = { now: () => new Date('2026-11-20T03:00:00Z') };
    await r.places.upsert({ _id: 'hai-phong', level: 'province', name: 'Thành phố Hải Phòng', code: 'HP', aliases: [], parentId: null, path: ['hai-phong'], createdAt: 'x' });
    expect(await loadDemoIfEmpty({ repos: r as never, clock })).toBe(true);
    expect((await r.people.under('hai-phong')).length).toBe(15);
    expect(await loadDemoIfEmpty({ repos: r as never, clock })).toBe(false);

    const real = await openEmbeddedStorage();
    const rr = { places: real.repos.places, people: real.repos.people };
    await importRoster(HEADER + 'commune,xa-a,Xã A,XA,,,,,\n', rr);
    expect(await loadDemoIfEmpty({ repos: rr as never, clock })).toBe(false);
    expect(await rr.places.get('hai-phong')).toBeNull();
  });
});
