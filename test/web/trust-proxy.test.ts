import request from 'supertest';
import { parseConfig } from '../../app/config';
import { csrfOf, webHarness } from './harness';

/** Statuses of sign-in attempts, each from a fresh browser, alternating between two client addresses behind the proxy. */
async function attempts(trustProxy: false | number | string[] | undefined): Promise<Record<string, number[]>> {
  const h = await webHarness({ loginsPerAddress: 2, ...(trustProxy !== undefined ? { trustProxy } : {}) });
  const statuses: Record<string, number[]> = { '203.0.113.7': [], '198.51.100.9': [] };
  for (let i = 0; i < 3; i++) {
    for (const client of Object.keys(statuses)) {
      const agent = request.agent(h.app);
      const form = await agent.get('/web/login');
      const res = await agent.post('/web/login').set('X-Forwarded-For', client).type('form').send({ _csrf: csrfOf(form.text), phone: '0905999001' });
      statuses[client]!.push(res.status);
    }
  }
  return statuses;
}

describe('the web sign-in limit behind a reverse proxy (TRUST_PROXY)', () => {
  it('limits two clients separately when the proxy is trusted: each gets its own 2 attempts', async () => {
    // supertest connects from the loopback, where the proxy would be.
    const statuses = await attempts(parseConfig({ TRUST_PROXY: 'loopback' }).TRUST_PROXY);
    // 200: an unknown number gets the answer every number gets, after the limit check; 429: over the limit.
    expect(statuses).toEqual({ '203.0.113.7': [200, 200, 429], '198.51.100.9': [200, 200, 429] });
  });

  it('counts both clients as the proxy\'s one address when it is not set, and ignores X-Forwarded-For', async () => {
    const statuses = await attempts(parseConfig({}).TRUST_PROXY);
    expect(statuses).toEqual({ '203.0.113.7': [200, 429, 429], '198.51.100.9': [200, 429, 429] });
  });

  it('reads hops, addresses, subnets and named ranges, and refuses "true" and anything else', () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).TRUST_PROXY).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: expected a number of proxy hops/);
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => parseConfig({ TRUST_PROXY: 'proxy.example.org' })).toThrow(/TRUST_PROXY/);
  });
});
