import { isWorkingTime, workingMinutesBetween } from '../../../sms/android/working-hours';
import { signGatewayPayload, verifyGatewaySignature } from '../../../sms/android/signature';

describe('commune office hours (07:00–17:30 Asia/Ho_Chi_Minh, Monday–Saturday)', () => {
  it('is working time on Friday 10:00 and Saturday 07:00, not at 17:30, at night or on Sunday', () => {
    expect(isWorkingTime(new Date('2026-11-20T03:00:00Z'))).toBe(true); // Fri 10:00
    expect(isWorkingTime(new Date('2026-11-21T00:00:00Z'))).toBe(true); // Sat 07:00
    expect(isWorkingTime(new Date('2026-11-20T10:30:00Z'))).toBe(false); // Fri 17:30
    expect(isWorkingTime(new Date('2026-11-19T20:00:00Z'))).toBe(false); // Fri 03:00
    expect(isWorkingTime(new Date('2026-11-22T03:00:00Z'))).toBe(false); // Sun 10:00
  });

  it('counts a weekend and a night as nothing: Saturday 17:00 to Monday 08:30 is 120 minutes', () => {
    expect(workingMinutesBetween(new Date('2026-11-21T10:00:00Z'), new Date('2026-11-23T01:30:00Z'))).toBe(120);
    expect(workingMinutesBetween(new Date('2026-11-20T03:00:00Z'), new Date('2026-11-20T02:00:00Z'))).toBe(0);
  });
});

describe('gateway signature', () => {
  const key = 'k';
  const body = '{"deviceId":"d","event":"system:ping","id":"i","payload":{}}';

  it('accepts what the app signs (hex HMAC-SHA256 of body + timestamp), upper- or lower-case', () => {
    const signature = signGatewayPayload(key, body, '1700000000');
    const base = { signingKey: key, rawBody: Buffer.from(body), timestamp: '1700000000', now: new Date(1_700_000_000_000) };
    expect(verifyGatewaySignature({ ...base, signature })).toEqual({ ok: true });
    expect(verifyGatewaySignature({ ...base, signature: signature.toUpperCase() })).toEqual({ ok: true });
  });

  it('names why a request was refused: wrong key, truncated signature, a timestamp that is not a number, or too old', () => {
    const signature = signGatewayPayload(key, body, '1700000000');
    const base = { signingKey: key, rawBody: Buffer.from(body), timestamp: '1700000000', now: new Date(1_700_000_000_000) };
    expect(verifyGatewaySignature({ ...base, signingKey: 'other', signature })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyGatewaySignature({ ...base, signature: signature.slice(0, 40) })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyGatewaySignature({ ...base, timestamp: '17e8', signature })).toEqual({ ok: false, reason: 'bad_timestamp' });
    expect(verifyGatewaySignature({ ...base, signature, now: new Date(1_700_000_301_000) })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });
});
