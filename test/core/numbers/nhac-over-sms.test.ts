/**
 * Issue 11, observation 7 (last part): "with SMS sending on, NHAC over SMS sent
 * nothing". The whole service as `npm start` builds it, with a Twilio sender
 * pointed at a fake Twilio on loopback: an officer's NHAC by SMS reaches the
 * quiet villages' collaborators by SMS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildLoa, type Loa } from '../../../app/compose';
import { parseConfig } from '../../../app/config';
import { FakeClock } from '../../../core/clock';
import type { InboundMessage } from '../../../core/inbound';
import { silentLogger } from '../../../core/logger';
import { startFakeTwilio, type FakeTwilio } from '../../support/fake-twilio';
import { DEMO } from '../../support/test-core';

const TWILIO = { accountSid: 'AC' + '7'.repeat(32), authToken: 'nhac-test-twilio-auth-token-0123' };

describe('NHAC over SMS with Twilio configured', () => {
  let twilio: FakeTwilio;
  let loa: Loa;
  let dataDir: string;
  beforeEach(async () => {
    twilio = await startFakeTwilio(TWILIO);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-nhac-'));
    const config = parseConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      PUBLIC_URL: 'https://loa.example.org',
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_FROM: '+84900000000',
      TWILIO_API_BASE_URL: twilio.baseUrl,
    });
    // Friday 20/11/2026, 10:00 in Vietnam.
    loa = await buildLoa(config, silentLogger, { clock: new FakeClock(new Date('2026-11-20T03:00:00Z')) });
  });
  afterEach(async () => {
    await loa.stop();
    await twilio.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const sms = async (phone: string, text: string, id: string): Promise<string> => {
    const message: InboundMessage = { channel: 'sms', channelMessageId: id, sender: { kind: 'phone', phone }, text, receivedAt: new Date('2026-11-20T03:00:00Z') };
    const outcome = await loa.core.handleInbound(message);
    return loa.core.render(outcome.reply!, outcome.lng, 'sms');
  };

  it('when the officer texts NHAC, each quiet village with a collaborator gets a reminder SMS through Twilio, and the reply counts them as sent', async () => {
    // Demo roster: Kẻ Sắt has 10 villages, one collaborator each, no session yet; Đông logs one now, 9 stay quiet.
    expect(await sms(DEMO.collaboratorDong.phone, 'TT 45 hop thon', 'log-dong')).toMatch(/^Da ghi TT/);
    expect(twilio.messages).toHaveLength(0); // the confirmation is the webhook's answer, not an outgoing message

    expect(await sms(DEMO.officer.phone, 'NHAC', 'nhac-1')).toBe('Nhac thang 11: da nhac 9/9 thon (9 tin), truoc do trong tuan 0. Khong nhac duoc: khong co');
    const to = twilio.messages.map((m) => m.to).sort();
    expect(to).toHaveLength(9);
    expect(to).not.toContain(DEMO.collaboratorDong.phone);
    expect(to).toEqual(expect.arrayContaining([DEMO.collaboratorTay.phone, DEMO.collaboratorNgoc.phone, DEMO.collaboratorEnglish.phone]));
    expect(twilio.messages.find((m) => m.to === DEMO.collaboratorTay.phone)?.body).toBe(
      'Loa: Thon Tay chua co buoi tuyen truyen nao trong thang 11. Khi to chuc, nhan: TT 45 hop thon. Tat nhac: TAT NHAC',
    );

    // Asked again the same week: the 9 were reminded already, nothing more goes out.
    expect(await sms(DEMO.officer.phone, 'NHAC', 'nhac-2')).toBe('Nhac thang 11: da nhac 0/9 thon (0 tin), truoc do trong tuan 9. Khong nhac duoc: khong co');
    expect(twilio.messages).toHaveLength(9);
  });
});
