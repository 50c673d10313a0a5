import { SCENARIO } from './scenario';
import { csrfOf, signedIn, webHarness } from './harness';

const HEADER = 'kind,id,name,code,parent,aliases,phone,telegram_id,language';

describe('web roster upload', () => {
  it('imports an officer\'s file for their commune and lists the new people', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const csv = [HEADER, 'village,x.f,Thôn F,F,x,,,,', 'collaborator,,Trần Văn Phong,,x.f,,0905 000 106,,vi'].join('\n');
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(200);
    expect(res.text).toContain('Đã nhập danh sách: 1 địa bàn, 1 người.');
    expect(res.text).toContain('Trần Văn Phong');
    expect(res.text).toContain('+84905000106'); // the commune's own officer sees the full number
    expect((await h.core.repos.people.findByPhone('+84905000106'))?.role).toEqual({ kind: 'collaborator', placeId: 'x.f' });
  });

  it('writes nothing and lists the lines when a row lies outside the officer\'s commune or adds an officer', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const page = await agent.get('/web/place/x/roster').expect(200);
    const csv = [HEADER, 'village,x.g,Thôn G,G,x,,,,', 'village,y.b,Thôn Y Hai,YB,y,,,,', 'officer,,Cán Bộ Mới,,x,,0905 000 777,,vi'].join('\n');
    const res = await agent.post('/web/place/x/roster').field('_csrf', csrfOf(page.text)).attach('file', Buffer.from(csv), 'roster.csv').expect(400);
    expect(res.text).toContain('Không nhập gì cả');
    expect(res.text).toMatch(/Dòng 3: parent y is outside x/);
    expect(res.text).toMatch(/Dòng 4: kind: only an admin adds officers/);
    expect(await h.core.repos.places.get('x.g')).toBeNull();
  });

  it('refuses an upload without the CSRF token', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    const csv = [HEADER, 'village,x.h,Thôn H,H,x,,,,'].join('\n');
    await agent.post('/web/place/x/roster').attach('file', Buffer.from(csv), 'roster.csv').expect(403);
    expect(await h.core.repos.places.get('x.h')).toBeNull();
  });

  it('does not let a multipart body slip past the CSRF check of any other form', async () => {
    const h = await webHarness();
    const agent = await signedIn(h, SCENARIO.officer);
    await agent.post('/web/logs/log-8/cancel').field('back', '/web/place/x/logs').expect(403);
    await agent.post('/web/logout').field('x', '1').expect(403);
    expect((await h.core.repos.logs.byId('log-8'))?.cancelledAt).toBeNull();
  });
});
