import type { OpenStorage } from '../../../adapters/store/open-storage';
import { bothStores } from '../../support/core-entry';
import { createTestCore, DEMO } from '../../support/test-core';
import { recordingCodes, type RecordingCodes } from '../../support/recording-codes';

const MINUTE = 60_000;
const start = new Date('2026-11-20T03:00:00Z');

interface Harness extends RecordingCodes {
  storage: OpenStorage;
}

async function harness(storage: OpenStorage): Promise<Harness> {
  const { core } = await createTestCore({ storage, now: start });
  return { ...recordingCodes(core), storage };
}

const stores = bothStores('loa_otc');

describe.each(stores)('one-time codes on %s', (_name, open) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(await open());
  });
  afterEach(async () => {
    await h.storage.close();
  });

  const issue = (requester: string, phone: string, now = start) => h.codes.issueCode({ purpose: 'link', requester, phone, now });
  const verify = (requester: string, code: string, now = start) => h.codes.verifyCode({ purpose: 'link', requester, code, now });

  it('sends a 6-digit code to a roster phone and the right code returns that person', async () => {
    const issued = await issue('zalo:u1', '0905 000 101');
    expect(issued).toEqual({ ok: true, via: 'sms', personId: DEMO.collaboratorDong.id, expiresAt: new Date(start.getTime() + 10 * MINUTE), reused: false });
    expect(h.sent).toHaveLength(1);
    expect(h.sent[0]!.person._id).toBe(DEMO.collaboratorDong.id);
    expect(h.sent[0]!.reply.key).toBe('codes:message.link');
    expect(h.lastCode()).toMatch(/^\d{6}$/);

    const verified = await verify('zalo:u1', h.lastCode(), new Date(start.getTime() + 9 * MINUTE));
    expect(verified.ok && verified.person._id).toBe(DEMO.collaboratorDong.id);
  });

  it('stores only a salted hash of the code, never the code itself', async () => {
    await issue('zalo:u1', DEMO.collaboratorDong.phone);
    // The requester's code and the person's live code (what a second requester is given instead of a new SMS).
    const codes = h.storage.repos.oneTimeCodes;
    const stored = [await codes.get('link:@ctv-dong'), await codes.get('link:zalo:u1')];
    expect(stored.map((s) => s?._id)).toEqual(['link:@ctv-dong', 'link:zalo:u1']);
    expect(JSON.stringify(stored)).not.toContain(h.lastCode());
    expect(stored[1]).toMatchObject({ purpose: 'link', requester: 'zalo:u1', personId: DEMO.collaboratorDong.id, tries: 0 });
  });

  it('a code works once: the second use of the right code finds none', async () => {
    await issue('zalo:u1', DEMO.collaboratorDong.phone);
    const code = h.lastCode();
    expect((await verify('zalo:u1', code)).ok).toBe(true);
    expect(await verify('zalo:u1', code)).toEqual({ ok: false, reason: 'none' });
  });

  it('five wrong codes use up the tries: then even the right code is refused', async () => {
    await issue('zalo:u1', DEMO.collaboratorDong.phone);
    const right = h.lastCode();
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await verify('zalo:u1', wrong));
    expect(answers).toEqual([4, 3, 2, 1, 0].map((triesLeft) => ({ ok: false, reason: 'wrong', triesLeft })));
    expect(await verify('zalo:u1', right)).toEqual({ ok: false, reason: 'too_many_tries' });
  });

  it('a code typed after 10 minutes has expired', async () => {
    await issue('zalo:u1', DEMO.collaboratorDong.phone);
    expect(await verify('zalo:u1', h.lastCode(), new Date(start.getTime() + 10 * MINUTE))).toEqual({ ok: false, reason: 'expired' });
  });

  it('a phone not on the roster gets no code', async () => {
    expect(await issue('zalo:u1', DEMO.unregisteredPhone)).toEqual({ ok: false, reason: 'not_on_roster' });
    expect(await issue('zalo:u1', 'abc')).toEqual({ ok: false, reason: 'invalid_phone' });
    expect(h.sent).toEqual([]);
  });

  it('a code works only in the chat that asked for it, not in the chat of the phone that received it', async () => {
    await issue('zalo:attacker', DEMO.collaboratorDong.phone);
    const code = h.lastCode();
    expect(await verify('zalo:owner', code)).toEqual({ ok: false, reason: 'none' });
    await issue('zalo:owner', DEMO.collaboratorTay.phone);
    const other = await verify('zalo:owner', code);
    expect(other.ok).toBe(false);
  });

  it('verifying with a named person refuses a code issued for someone else', async () => {
    await h.codes.issueCode({ purpose: 'web-login', requester: 'web:a1', phone: DEMO.officer.phone, now: start });
    const code = h.lastCode();
    expect(await h.codes.verifyCode({ purpose: 'web-login', requester: 'web:a1', code, now: start, target: { phone: DEMO.collaboratorDong.phone } })).toEqual({
      ok: false,
      reason: 'none',
    });
    // Purposes are apart: a web-login code does not link a chat.
    expect(await h.codes.verifyCode({ purpose: 'link', requester: 'web:a1', code, now: start })).toEqual({ ok: false, reason: 'none' });
    const ok = await h.codes.verifyCode({ purpose: 'web-login', requester: 'web:a1', code, now: start, target: { phone: '0905000201' } });
    expect(ok.ok && ok.person._id).toBe(DEMO.officer.id);
  });

  it('sends one code per person while it lives: other requesters get the same code, and every one of them can use it', async () => {
    for (let i = 0; i < 5; i++) expect(await issue(`zalo:r${i}`, DEMO.collaboratorDong.phone)).toMatchObject({ ok: true, reused: i > 0 });
    expect(h.sent).toHaveLength(1);
    expect((await verify('zalo:r3', h.lastCode())).ok).toBe(true);
    // Used: the next request sends a new code.
    expect(await issue('zalo:r5', DEMO.collaboratorDong.phone, new Date(start.getTime() + MINUTE))).toMatchObject({ ok: true, reused: false });
    expect(h.sent).toHaveLength(2);
  });

  it('sends at most 5 new codes an hour to one phone, and one requester may ask 5 times an hour, across phones', async () => {
    for (let i = 0; i < 5; i++) expect((await issue(`zalo:r${i}`, DEMO.collaboratorDong.phone, new Date(start.getTime() + i * 11 * MINUTE))).ok).toBe(true);
    expect(h.sent).toHaveLength(5);
    expect(await issue('zalo:r9', DEMO.collaboratorDong.phone, new Date(start.getTime() + 56 * MINUTE))).toEqual({ ok: false, reason: 'target_limited' });
    expect(h.sent).toHaveLength(5);

    const phones = [DEMO.collaboratorTay.phone, DEMO.collaboratorNgoc.phone, DEMO.officer.phone, DEMO.unregisteredPhone, DEMO.admin.phone];
    for (const phone of phones) await issue('zalo:prober', phone);
    // The sixth ask in the hour is refused before the roster is looked at, so it cannot tell who is on it.
    expect(await issue('zalo:prober', DEMO.unregisteredPhone)).toEqual({ ok: false, reason: 'rate_limited' });
    // The next hour, the phone may get a code again.
    expect((await issue('zalo:r9', DEMO.collaboratorDong.phone, new Date(start.getTime() + 60 * MINUTE))).ok).toBe(true);
  });

  it('a code nobody can be sent is dropped and the requester told there is no door', async () => {
    h.answer.next = { ok: false, reason: 'no_channel', detail: 'no configured channel can reach this person' };
    expect(await issue('zalo:u1', DEMO.collaboratorDong.phone)).toEqual({ ok: false, reason: 'no_door' });
    expect(await verify('zalo:u1', h.lastCode())).toEqual({ ok: false, reason: 'none' });
  });

  it('a new code replaces the earlier one of the same requester once the earlier one expired', async () => {
    await issue('zalo:u1', DEMO.collaboratorDong.phone);
    const first = h.lastCode();
    await issue('zalo:u1', DEMO.collaboratorDong.phone, new Date(start.getTime() + 11 * MINUTE));
    const second = h.lastCode();
    const later = new Date(start.getTime() + 12 * MINUTE);
    if (first !== second) expect(await verify('zalo:u1', first, later)).toMatchObject({ ok: false, reason: 'wrong' });
    expect((await verify('zalo:u1', second, later)).ok).toBe(true);
  });
});
