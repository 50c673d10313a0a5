import { CLAIM_LEASE_MS } from '../../../../core/ports/claims';
import { describeOnBothStores } from './on-both-stores';

const NOW = new Date('2026-11-23T00:00:00Z');
const later = (ms: number): Date => new Date(NOW.getTime() + ms);

describeOnBothStores('the claims repository', (storage) => {
  it('lets one claim per subject and week through, in any process', async () => {
    const first = storage().repos.claims('summaries', 'host:1');
    const second = storage().repos.claims('summaries', 'host:2');
    const results = await Promise.all([first.claim('cb-1', '2026-W48', NOW), second.claim('cb-1', '2026-W48', NOW)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await second.claim('cb-1', '2026-W49', NOW)).toEqual({ ok: true, retaken: false });
  });

  it('keeps each book apart: a reminder claim does not block a summary claim', async () => {
    expect((await storage().repos.claims('reminders', 'h').claim('s-1', '2026-W48', NOW)).ok).toBe(true);
    expect((await storage().repos.claims('deadlines', 'h').claim('s-1', '2026-W48', NOW)).ok).toBe(true);
    expect((await storage().repos.claims('undelivered_reports', 'h').claim('s-1', '2026-W48', NOW)).ok).toBe(true);
  });

  it('lets a claim left sending past its lease be taken over once, and never a finished one', async () => {
    const dead = storage().repos.claims('summaries', 'dead');
    const alive = storage().repos.claims('summaries', 'alive');
    await dead.claim('cb-2', '2026-W48', NOW);
    expect(await alive.claim('cb-2', '2026-W48', later(CLAIM_LEASE_MS - 1))).toEqual({ ok: false, reason: 'taken' });
    expect(await alive.claim('cb-2', '2026-W48', later(CLAIM_LEASE_MS + 1))).toEqual({ ok: true, retaken: true });
    await alive.finish('cb-2', '2026-W48', 'sent', 'via sms');
    expect(await dead.claim('cb-2', '2026-W48', later(10 * CLAIM_LEASE_MS))).toEqual({ ok: false, reason: 'taken' });
    expect(await alive.get('cb-2', '2026-W48')).toMatchObject({ status: 'sent', detail: 'via sms', owner: 'alive' });
  });

  it('gives a claim back only to its owner, so the next run tries again', async () => {
    const mine = storage().repos.claims('reminders', 'me');
    await mine.claim('v-1', '2026-W48', NOW);
    await storage().repos.claims('reminders', 'other').release('v-1', '2026-W48');
    expect(await mine.get('v-1', '2026-W48')).not.toBeNull();
    await mine.release('v-1', '2026-W48');
    expect(await mine.get('v-1', '2026-W48')).toBeNull();
    expect((await mine.claim('v-1', '2026-W48', NOW)).ok).toBe(true);
  });

  it('keeps the detail of a claim finished earlier when a later finish gives none', async () => {
    const book = storage().repos.claims('summaries', 'h');
    await book.claim('cb-3', '2026-W48', NOW);
    await book.finish('cb-3', '2026-W48', 'failed', 'no door reaches cb-3');
    await book.finish('cb-3', '2026-W48', 'sent');
    expect(await book.get('cb-3', '2026-W48')).toEqual({ _id: '2026-W48:cb-3', subject: 'cb-3', week: '2026-W48', status: 'sent', claimedAt: NOW.toISOString(), owner: 'h', detail: 'no door reaches cb-3' });
  });
});
