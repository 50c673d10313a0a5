import request from 'supertest';
import { DEMO } from '../support/test-core';
import { zaloTextUpdate } from '../../tools/harness/fake-zalo-api';
import { zaloWorld, type ZaloWorld } from '../bot/zalo/harness';
import { openDocx } from './docx-reader';

const OFFICER_ZALO = 'zalo-officer-ke-sat';

describe('BAOCAO on Zalo', () => {
  let w: ZaloWorld;
  beforeEach(async () => {
    w = await zaloWorld();
    await w.loa.core.repos.people.linkAccount(DEMO.officer.id, 'zalo', OFFICER_ZALO);
  });
  afterEach(() => w.close());

  it('sends a one-time link to the Word draft, named in Vietnamese with an ASCII fallback', async () => {
    await w.post(zaloTextUpdate(OFFICER_ZALO, 'BAOCAO THANG'));
    const texts = w.zalo.texts(OFFICER_ZALO).join('\n');
    expect(texts).toContain('Bản thảo báo cáo tháng');
    const path = /https:\/\/loa\.example\.org(\/files\/\S+)/.exec(texts)?.[1];
    expect(path).toBeDefined();
    const file = await request(w.loa.app).get(path!).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="Bao cao tuyen truyen .*\.docx"; filename\*=UTF-8''B%C3%A1o%20c%C3%A1o%20/);
    const docx = await openDocx(file.body as Buffer);
    expect(docx.paragraphs).toContain('BÁO CÁO');
    expect((await request(w.loa.app).get(path!)).status).toBe(410);
  });
});
