import fs from 'node:fs';
import request from 'supertest';
import { DEMO_ROSTER_PATH } from '../../app/demo-roster';
import { importRoster } from '../../core/roster/import-roster';
import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import { csrfOf, webHarness, type WebHarness } from './harness';

/** The officer of Kẻ Sắt on the demo roster, signed in through the web door. */
const OFFICER = { id: 'cb-ke-sat', phone: '0905000201' };

/** A web harness on the demo roster (Hải Phòng: Kẻ Sắt and Thúc Kháng), nothing else. */
async function demo(): Promise<WebHarness> {
  const h = await webHarness({ seed: false });
  const loaded = await importRoster(fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'), h.core.repos, h.clock.now());
  expect(loaded.ok).toBe(true);
  return h;
}

async function signIn(h: WebHarness, person: { id: string; phone: string }) {
  const agent = request.agent(h.app);
  const form = await agent.get('/web/login');
  const sent = await agent.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: person.phone });
  await agent.post('/web/login/code').type('form').send({ _csrf: csrfOf(sent.text), phone: person.phone, code: h.door.codeFor(person.id) }).expect(303);
  return agent;
}

async function upload(h: WebHarness, csv: string) {
  const agent = await signIn(h, OFFICER);
  const page = await agent.get('/web/place/ke-sat/roster').expect(200);
  return agent.post('/web/place/ke-sat/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv');
}

/** Every place and person of the store, for a before/after comparison. */
async function everything(h: WebHarness): Promise<{ places: Place[]; people: Person[] }> {
  const places = await h.core.repos.places.subtree('hai-phong');
  const people = await h.core.repos.people.under('hai-phong');
  return { places, people };
}

describe('a roster upload by the Kẻ Sắt officer cannot reach beyond Kẻ Sắt', () => {
  it('refuses a file whose header names kind and parent twice, and nobody becomes admin of Hải Phòng', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = ['kind,id,name,code,parent,aliases,phone,telegram_id,language,kind,parent', 'collaborator,evil-admin,Evil,,ke-sat.dong,,0905000666,,vi,admin,hai-phong'].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Không nhập gì cả');
    expect(res.text).toContain('cột kind, parent có hai lần');
    expect(await h.core.repos.people.findByPhone('+84905000666')).toBeNull();
    expect(await everything(h)).toEqual(before);
    // The phone of the file cannot sign in at all: it is on no roster.
    const stranger = request.agent(h.app);
    const form = await stranger.get('/web/login');
    await stranger.post('/web/login').type('form').send({ _csrf: csrfOf(form.text), phone: '0905000666' });
    expect(h.door.sent.filter((r) => r.person._id === 'evil-admin')).toEqual([]);
  });

  it('refuses a duplicated id column that would take over the Thúc Kháng officer\'s record and phone', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = ['kind,id,name,code,parent,aliases,phone,telegram_id,language,id', 'collaborator,ctv-moi-2,Evil,,ke-sat.dong,,0905000666,,vi,cb-thuc-khang'].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect((await h.core.repos.people.get('cb-thuc-khang'))?.phone).toBe('+84905000401');
    expect(await everything(h)).toEqual(before);
  });

  it('refuses a duplicated id,parent pair that would move a Thúc Kháng village into Kẻ Sắt and rename the province', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = [
      'kind,id,name,code,parent,aliases,phone,telegram_id,language,kind,id,parent',
      'village,ke-sat.x1,Thôn Cướp,CUOP,ke-sat,,,,,village,thuc-khang.an-ninh,ke-sat',
      'village,ke-sat.x2,Thành phố Đổi Tên,HP,ke-sat,,,,,province,hai-phong,',
    ].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect((await h.core.repos.places.get('thuc-khang.an-ninh'))).toMatchObject({ name: 'Thôn An Ninh', parentId: 'thuc-khang' });
    expect((await h.core.repos.places.get('hai-phong'))?.name).toBe('Thành phố Hải Phòng');
    expect(await everything(h)).toEqual(before);
  });

  it('refuses, without a duplicated column, a row that takes an id of another commune\'s village or person', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = [
      'kind,id,name,code,parent,aliases,phone,telegram_id,language',
      'village,thuc-khang.an-ninh,Thôn Cướp,CUOP,ke-sat,,,,',
      'collaborator,cb-thuc-khang,Evil,,ke-sat.dong,,0905000666,,vi',
    ].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(await everything(h)).toEqual(before);
  });

  it('refuses to demote or rewrite an officer of the same commune (officers manage collaborators only)', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = ['kind,id,name,code,parent,aliases,phone,telegram_id,language', 'collaborator,cb-ke-sat,Phan Thị Oanh,,ke-sat.dong,,0905000201,,vi'].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(await everything(h)).toEqual(before);
  });

  it('answers a Telegram id already linked to someone else as a problem of its line and writes no new village', async () => {
    const h = await demo();
    await h.core.repos.people.linkAccount('cb-thuc-khang', 'telegram', String(777001));
    const before = await everything(h);
    const csv = [
      'kind,id,name,code,parent,aliases,phone,telegram_id,language',
      'village,ke-sat.song,Thôn Sông,SONG,ke-sat,,,,',
      'collaborator,ctv-song,Lò Văn Sông,,ke-sat.song,,0905000667,777001,vi',
    ].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Dòng 3 – Lò Văn Sông, Thôn Sông: mã Telegram 777001 đã thuộc về người khác.');
    expect(await h.core.repos.places.get('ke-sat.song')).toBeNull();
    expect(await everything(h)).toEqual(before);
  });

  it('answers a village code already used by a stored sibling as a problem of its line, not a server error', async () => {
    const h = await demo();
    const before = await everything(h);
    const csv = ['kind,id,name,code,parent,aliases,phone,telegram_id,language', 'village,ke-sat.dong2,Thôn Đông Hai,DONG,ke-sat,,,,'].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Dòng 2 – Thôn Đông Hai: mã viết tắt DONG đã dùng cho Thôn Đông dưới Xã Kẻ Sắt.');
    expect(await everything(h)).toEqual(before);
  });

  it('does not name who holds a phone of another commune: the roster of Thúc Kháng is not Kẻ Sắt\'s to read', async () => {
    const h = await demo();
    const csv = ['kind,id,name,code,parent,aliases,phone,telegram_id,language', 'collaborator,ctv-x,Dò Số,,ke-sat.dong,,0905000401,,vi'].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Dòng 2 – Dò Số, Thôn Đông: số +84905000401 đã thuộc về một người ngoài địa bàn bạn quản lý.');
    expect(res.text).not.toContain('Tạ Văn Sơn');
    expect(res.text).not.toContain('cb-thuc-khang');
  });

  it('still imports a good file of the officer\'s own commune', async () => {
    const h = await demo();
    const csv = [
      'kind,id,name,code,parent,aliases,phone,telegram_id,language',
      'village,ke-sat.song,Thôn Sông,SONG,ke-sat,,,,',
      'collaborator,ctv-song,Lò Văn Sông,,ke-sat.song,,0905000667,777002,vi',
      'collaborator,ctv-dong,Nguyễn Văn An,,ke-sat.dong,,0905000111,,vi',
    ].join('\n');
    const res = await upload(h, csv);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Đã nhập danh sách: 1 địa bàn, 2 người.');
    expect(await h.core.repos.people.findByAccount('telegram', String(777002))).toMatchObject({ _id: 'ctv-song', placePath: ['hai-phong', 'ke-sat', 'ke-sat.song'] });
    expect((await h.core.repos.people.get('ctv-dong'))?.phone).toBe('+84905000111');
  });
});
