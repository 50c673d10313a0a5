import { createLogger } from '../../../adapters/log/pino-logger';
import { CapturedLog } from '../../../tools/harness/loa-under-test';
import { DEMO } from '../../support/test-core';
import { zaloTextUpdate } from '../../../tools/harness/fake-zalo-api';
import { codeFrom, ZALO_SECRET, zaloWorld } from './harness';

describe('what the logs hold after Zalo traffic', () => {
  it('never a full phone number, a one-time code, a message body, the bot token or the webhook secret', async () => {
    const log = new CapturedLog();
    const w = await zaloWorld({}, createLogger('info', log));
    try {
      const note = 'ghichu-bimat-7731';
      await w.post(zaloTextUpdate('zalo-new', 'DK 0905 000 101'));
      const code = codeFrom(w.smsTo(DEMO.collaboratorDong.phone));
      await w.post(zaloTextUpdate('zalo-new', '000000' === code ? '111111' : '000000'));
      await w.post(zaloTextUpdate('zalo-new', code));
      await w.post(zaloTextUpdate('zalo-new', `TT 45 hop thon ${note}`));
      await w.post(zaloTextUpdate('zalo-stranger', 'DK 0905999999'));
      await w.post(zaloTextUpdate('zalo-new', 'TT 46 loa'), 'wrong-secret-000');
      w.zalo.failNext('sendMessage', { error_code: 403, description: 'Forbidden' });
      await w.post(zaloTextUpdate('zalo-new', 'XEM'));
      expect(log.lines.length).toBeGreaterThan(5);
      // Timestamps and pids are numbers too: a 6-digit code could match inside one by chance.
      const text = log.text().replace(/"(time|pid)":\d+/g, '');
      for (const secret of [DEMO.collaboratorDong.phone, '0905000101', '0905 000 101', '0905999999', code, note, w.zalo.token, ZALO_SECRET]) {
        expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
      }
      expect(text).toContain('chat account linked by code');
    } finally {
      await w.close();
    }
  });
});
