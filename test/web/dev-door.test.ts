import { createLogger } from '../../adapters/log/pino-logger';
import type { Person } from '../../core/domain/people';
import type { Outbound } from '../../core/outbound/port';
import { printUnreachableCodes } from '../../web/dev-door';

const OANH = { _id: 'cb-ke-sat', name: 'Phan Thị Oanh', phone: '+84905000201' } as unknown as Person;
const nobody: Outbound = { send: async () => ({ ok: false, reason: 'no_channel' }) as never };

describe('the development sign-in code for a person with no door', () => {
  it('is printed on its own plain line, and the log says it happened without the code', async () => {
    const printed: string[] = [];
    const logged: string[] = [];
    const door = printUnreachableCodes(nobody, () => 'unused', createLogger('info', { write: (l: string) => void logged.push(l) }), (l) => printed.push(l));
    const result = await door.send({ person: OANH, reply: { key: 'codes:message.web-login', values: { code: '608173' } }, idempotencyKey: 'k' });
    expect(result).toEqual({ ok: true, status: 'sent', channel: 'chat' });
    expect(printed).toEqual(['Mã đăng nhập cho Phan Thị Oanh: 608173']);
    expect(logged).toHaveLength(1);
    expect(logged[0]).not.toContain('608173');
    expect(logged[0]).not.toContain('+84905000201');
  });
});
