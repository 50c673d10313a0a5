import type { OutboxMessageRecord } from '../../../../core/outbound/outbox-records';
import { describeOnBothStores } from './on-both-stores';

const record = (key: string, overrides: Partial<OutboxMessageRecord> = {}): OutboxMessageRecord => ({
  _id: key,
  personId: 'ctv-1',
  channel: 'telegram',
  state: 'pending',
  attempts: 0,
  textLength: 40,
  createdAt: '2026-11-20T03:00:00.000Z',
  updatedAt: '2026-11-20T03:00:00.000Z',
  ...overrides,
});

describeOnBothStores('the outbox repository', (storage) => {
  it('claims a key once; later claims get the record as it stands', async () => {
    const outbox = storage().repos.outbox;
    const results = await Promise.all([outbox.claim(record('k-1')), outbox.claim(record('k-1')), outbox.claim(record('k-1'))]);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.find((r) => !r.claimed)).toMatchObject({ claimed: false, existing: { _id: 'k-1', state: 'pending' } });
  });

  it('takes over a failed message only when it surely did not leave', async () => {
    const outbox = storage().repos.outbox;
    await outbox.claim(record('k-2'));
    await outbox.record('k-2', { state: 'failed', failure: { reason: 'failed', retryable: true }, attempts: 3 });
    expect(await outbox.claim(record('k-2', { channel: 'sms', updatedAt: '2026-11-20T04:00:00.000Z' }))).toEqual({ claimed: true });
    expect(await outbox.get('k-2')).toMatchObject({ state: 'pending', channel: 'sms', attempts: 3, updatedAt: '2026-11-20T04:00:00.000Z' });
    expect((await outbox.get('k-2'))?.failure).toBeUndefined();

    await outbox.claim(record('k-3'));
    await outbox.record('k-3', { state: 'failed', failure: { reason: 'blocked', retryable: false } });
    expect(await outbox.claim(record('k-3'))).toMatchObject({ claimed: false, existing: { state: 'failed' } });
  });

  it('hands a message to the next door: pending again on that door, the failure dropped', async () => {
    const outbox = storage().repos.outbox;
    await outbox.claim(record('k-4'));
    await outbox.record('k-4', { state: 'failed', failure: { reason: 'blocked', retryable: false }, attempts: 1 });
    await outbox.moveToDoor('k-4', 'sms', 120, '2026-11-20T05:00:00.000Z');
    const moved = await outbox.get('k-4');
    expect(moved).toMatchObject({ state: 'pending', channel: 'sms', textLength: 120, attempts: 1 });
    expect(moved?.failure).toBeUndefined();
  });

  it('moves a delivery status forward only', async () => {
    const outbox = storage().repos.outbox;
    expect(await outbox.deliveryStatus('SM1')).toBeNull();
    expect(await outbox.advanceStatus('SM1', 'sent', '2026-11-20T03:00:01.000Z')).toBe(true);
    expect(await outbox.advanceStatus('SM1', 'delivered', '2026-11-20T03:00:02.000Z')).toBe(true);
    expect(await outbox.advanceStatus('SM1', 'sent', '2026-11-20T03:00:03.000Z')).toBe(false);
    expect(await outbox.advanceStatus('SM1', 'failed', '2026-11-20T03:00:04.000Z')).toBe(false);
    expect(await outbox.deliveryStatus('SM1')).toBe('delivered');
  });

  it('records what an attempt did and reads it back as recorded, absent fields absent', async () => {
    const outbox = storage().repos.outbox;
    await outbox.claim(record('k-5'));
    expect(await outbox.get('k-5')).toEqual(record('k-5'));
    await outbox.record('k-5', { state: 'failed', attempts: 2, failure: { reason: 'invalid_recipient', retryable: false }, updatedAt: '2026-11-20T03:00:05.000Z' });
    expect(await outbox.get('k-5')).toEqual({ ...record('k-5'), state: 'failed', attempts: 2, failure: { reason: 'invalid_recipient', retryable: false }, updatedAt: '2026-11-20T03:00:05.000Z' });
    await outbox.record('k-5', { state: 'queued', providerId: 'SM5' });
    expect(await outbox.get('k-5')).toMatchObject({ state: 'queued', providerId: 'SM5' });
    expect(await outbox.get('k-missing')).toBeNull();
  });

  it('refuses a second message with the provider id of another', async () => {
    const outbox = storage().repos.outbox;
    await outbox.claim(record('k-6'));
    await outbox.claim(record('k-7'));
    await outbox.record('k-6', { state: 'sent', providerId: 'SM-dup' });
    await expect(outbox.record('k-7', { state: 'sent', providerId: 'SM-dup' })).rejects.toMatchObject({ name: 'DuplicateKeyError' });
  });
});
