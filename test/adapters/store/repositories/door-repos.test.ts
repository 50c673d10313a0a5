import type { DownloadRecord } from '../../../../bot/zalo/download-links';
import { describeOnBothStores } from './on-both-stores';

const file = (id: string, expiresAt: string): DownloadRecord => ({
  _id: id,
  personId: 'cb-1',
  filename: 'loa.xlsx',
  mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  content: Buffer.from('PK').toString('base64'),
  expiresAt,
  createdAt: '2026-11-20T03:00:00.000Z',
});

describeOnBothStores('the gateway devices repository', (storage) => {
  it('moves the times a phone was heard forward only, and records its first sighting once', async () => {
    const devices = storage().doors.gatewayDevices;
    await devices.seen('phone-1', { lastSeenAt: '2026-11-20T03:00:00.000Z', lastPingAt: '2026-11-20T03:00:00.000Z' }, '2026-11-20T03:00:00.000Z');
    await devices.seen('phone-1', { lastSeenAt: '2026-11-20T02:00:00.000Z', lastMessageAt: '2026-11-20T02:00:00.000Z' }, '2026-11-20T02:00:00.000Z');
    expect(await devices.get('phone-1')).toMatchObject({
      firstSeenAt: '2026-11-20T03:00:00.000Z',
      lastSeenAt: '2026-11-20T03:00:00.000Z',
      lastPingAt: '2026-11-20T03:00:00.000Z',
      lastMessageAt: '2026-11-20T02:00:00.000Z',
    });
  });

  it('lists the phones with a commune by id, and marks an outage reported only while the phone stayed silent', async () => {
    const devices = storage().doors.gatewayDevices;
    await devices.setCommune('phone-3', 'ke-sat', 'config', '2026-11-20T01:00:00.000Z');
    await devices.setCommune('phone-2', 'thuc-khang', 'roster', '2026-11-20T01:00:00.000Z');
    expect((await devices.withCommune()).map((d) => [d._id, d.communeId, d.communeSource])).toEqual([
      ['phone-2', 'thuc-khang', 'roster'],
      ['phone-3', 'ke-sat', 'config'],
    ]);
    expect(await devices.markAlerted('phone-3', '2026-11-19T00:00:00.000Z')).toBe(false);
    expect(await devices.markAlerted('phone-3', '2026-11-20T01:00:00.000Z')).toBe(true);
    expect((await devices.get('phone-3'))?.alertedSilenceSince).toBe('2026-11-20T01:00:00.000Z');
  });

  it('records a phone first named by the configuration as first and last seen then; its events move only its times', async () => {
    const devices = storage().doors.gatewayDevices;
    await devices.setCommune('phone-4', 'ke-sat', 'config', '2026-11-20T01:00:00.000Z');
    expect(await devices.get('phone-4')).toEqual({ _id: 'phone-4', firstSeenAt: '2026-11-20T01:00:00.000Z', lastSeenAt: '2026-11-20T01:00:00.000Z', communeId: 'ke-sat', communeSource: 'config' });
    await devices.seen('phone-4', { lastSeenAt: '2026-11-20T02:00:00.000Z', lastMessageAt: '2026-11-20T02:00:00.000Z' }, '2026-11-20T02:00:00.000Z');
    await devices.setCommune('phone-4', 'thuc-khang', 'roster', '2026-11-20T03:00:00.000Z');
    expect(await devices.get('phone-4')).toEqual({
      _id: 'phone-4', firstSeenAt: '2026-11-20T01:00:00.000Z', lastSeenAt: '2026-11-20T02:00:00.000Z', lastMessageAt: '2026-11-20T02:00:00.000Z', communeId: 'thuc-khang', communeSource: 'roster',
    });
    expect(await devices.get('phone-none')).toBeNull();
  });
});

describeOnBothStores('the download files repository', (storage) => {
  it('hands a file to one taker only', async () => {
    const files = storage().doors.downloadFiles;
    await files.insert(file('f-1', '2026-11-20T03:15:00.000Z'));
    expect((await files.get('f-1'))?.filename).toBe('loa.xlsx');
    const taken = await Promise.all([files.take('f-1'), files.take('f-1')]);
    expect(taken.filter(Boolean)).toHaveLength(1);
    expect(await files.get('f-1')).toBeNull();
  });

  it('sweeps the files that expired, and keeps the others', async () => {
    const files = storage().doors.downloadFiles;
    await files.insert(file('f-2', '2026-11-20T03:05:00.000Z'));
    await files.insert(file('f-3', '2026-11-20T03:20:00.000Z'));
    await files.sweepExpired('2026-11-20T03:10:00.000Z');
    expect(await files.get('f-2')).toBeNull();
    expect(await files.get('f-3')).not.toBeNull();
  });

  it('reads a file back as stored, its reuse flag only when it was given', async () => {
    const files = storage().doors.downloadFiles;
    await files.insert(file('f-4', '2026-11-20T03:15:00.000Z'));
    await files.insert({ ...file('f-5', '2026-11-20T03:15:00.000Z'), reusable: true });
    expect(await files.get('f-4')).toEqual(file('f-4', '2026-11-20T03:15:00.000Z'));
    expect(await files.get('f-5')).toEqual({ ...file('f-5', '2026-11-20T03:15:00.000Z'), reusable: true });
    await expect(files.insert(file('f-4', '2026-11-20T03:15:00.000Z'))).rejects.toMatchObject({ name: 'DuplicateKeyError' });
  });
});

describeOnBothStores('the web sessions repository', (storage) => {
  it('stores, reads and removes a session', async () => {
    const sessions = storage().doors.webSessions;
    await sessions.insert({ _id: 'h-1', personId: 'cb-1', createdAt: '2026-11-20T03:00:00.000Z', expiresAt: '2026-11-20T15:00:00.000Z' });
    expect(await sessions.get('h-1')).toEqual({ _id: 'h-1', personId: 'cb-1', createdAt: '2026-11-20T03:00:00.000Z', expiresAt: '2026-11-20T15:00:00.000Z' });
    await sessions.remove('h-1');
    expect(await sessions.get('h-1')).toBeNull();
  });

  it('gives every caller the secret made first', async () => {
    const sessions = storage().doors.webSessions;
    const [a, b] = await Promise.all([sessions.secret('csrf', () => 'made-by-a'), sessions.secret('csrf', () => 'made-by-b')]);
    expect(a).toBe(b);
    expect(await sessions.secret('csrf', () => 'made-later')).toBe(a);
  });
});
