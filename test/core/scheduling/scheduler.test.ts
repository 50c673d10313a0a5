import fs from 'node:fs';
import { openEmbeddedStorage } from '../../../adapters/store/open-storage';
import { onStore } from '../../../tools/harness/on-store';
import os from 'node:os';
import path from 'node:path';
import { FakeClock } from '../../../core/clock';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../adapters/cron/croner-schedule';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { buildWorld, RecordingOutbound } from '../officer/world';

const i18n = createI18n();
const MONDAY_7 = vn('2026-11-23', 7); // the Monday after the world's week 47
const OFFICERS_AND_ADMINS = ['admin-hai-phong', 'cb-ke-sat', 'cb-thuc-khang'];

function schedulerOn(store: OpenStorage, outbound: RecordingOutbound, clock: FakeClock, owner = 'test') {
  return createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock, i18n, owner });
}

describe('the Monday summary', () => {
  it('goes to each officer and admin at 07:00 Monday with last week, this month and the quiet villages', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const clock = new FakeClock(MONDAY_7);
    const report = await schedulerOn(store, outbound, clock).runDue(MONDAY_7);
    expect(report.summary).toMatchObject({ week: '2026-W48', recipients: 3, sent: 3, skipped: 0 });
    expect(outbound.sent.map((s) => s.person._id).sort()).toEqual(OFFICERS_AND_ADMINS);
    const officer = outbound.to('cb-ke-sat')[0]!;
    expect(officer.idempotencyKey).toBe('summary:2026-W48:cb-ke-sat');
    expect(renderReply(i18n, officer.reply, 'vi', 'full')).toContain('Tổng hợp Xã Kẻ Sắt – tuần 47 (16/11–22/11)');
    expect(renderReply(i18n, officer.reply, 'vi', 'sms')).toBe('Xa Ke Sat tuan 47 (16/11-22/11): 2 buoi, 150 luot nguoi. Thon co buoi thang 11: 2/3, chua: Nam');
    const admin = renderReply(i18n, outbound.to('admin-hai-phong')[0]!.reply, 'vi', 'full');
    expect(admin.indexOf('Xã Thực Khang')).toBeLessThan(admin.indexOf('Xã Kẻ Sắt: 2/3'));
  });

  it('sends nothing before its time and nothing on a Sunday', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const scheduler = schedulerOn(store, outbound, new FakeClock(vn('2026-11-23', 6, 59)));
    // The last slot (16 Nov) is more than 6 days old at 06:59 on the 23rd: it is not caught up.
    expect((await scheduler.runDue(vn('2026-11-23', 6, 59))).summary).toBeNull();
    expect(outbound.sent).toEqual([]);
  });

  it('is sent exactly once per recipient across a restart on the same data folder', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-sched-'));
    try {
      const outbound = new RecordingOutbound();
      const clock = new FakeClock(MONDAY_7);
      let store = await openEmbeddedStorage({ dataDir });
      await buildWorld(store);
      await schedulerOn(store, outbound, clock, 'first').runDue(MONDAY_7);
      await store.close();
      // A new process on the same folder; the outbox forgets nothing here, so count deliveries ourselves.
      const afterRestart = new RecordingOutbound();
      store = await openEmbeddedStorage({ dataDir });
      const second = createScheduler({ cron: cronerSchedule, ...onStore(store), outbound: afterRestart, clock, i18n, owner: 'second' });
      await second.start();
      const report = await second.runDue(vn('2026-11-23', 7, 5)).finally(() => second.stop());
      await store.close();
      expect(outbound.sent).toHaveLength(3);
      expect(afterRestart.sent).toEqual([]);
      expect(report.summary).toMatchObject({ sent: 0, skipped: 3 });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is sent exactly once per recipient when two schedulers share the store', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const clock = new FakeClock(MONDAY_7);
    const [a, b] = await Promise.all([schedulerOn(store, outbound, clock, 'a').runDue(MONDAY_7), schedulerOn(store, outbound, clock, 'b').runDue(MONDAY_7)]);
    expect(a.summary!.sent + b.summary!.sent).toBe(3);
    expect(a.summary!.skipped + b.summary!.skipped).toBe(3);
    expect(outbound.sent.map((s) => s.person._id).sort()).toEqual(OFFICERS_AND_ADMINS);
  });

  it('catches up a missed Monday once when Loa starts later that week, and sends the next Monday again', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const clock = new FakeClock(vn('2026-11-25', 9)); // Loa was down on Monday; it starts on Wednesday
    const scheduler = schedulerOn(store, outbound, clock);
    const summaries = () => outbound.sent.filter((s) => s.idempotencyKey.startsWith('summary:'));
    try {
      await scheduler.start();
      expect(summaries()).toHaveLength(3);
      expect(renderReply(i18n, outbound.to('cb-ke-sat')[0]!.reply, 'vi', 'full')).toContain('tuần 47');
      await scheduler.runDue(vn('2026-11-25', 10));
      await scheduler.runDue(vn('2026-11-28', 10));
      expect(summaries()).toHaveLength(3);
      await scheduler.runDue(vn('2026-11-30', 7));
    } finally {
      scheduler.stop();
    }
    expect(summaries()).toHaveLength(6);
    expect(outbound.to('cb-ke-sat').map((s) => s.idempotencyKey)).toEqual(['summary:2026-W48:cb-ke-sat', 'summary:2026-W49:cb-ke-sat']);
  });

  it('retries a recipient whose send failed on the next run, without resending to the others', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const scheduler = schedulerOn(store, outbound, new FakeClock(MONDAY_7));
    outbound.failNext = 1;
    expect((await scheduler.runDue(MONDAY_7)).summary).toMatchObject({ sent: 2, failed: 1 });
    expect((await scheduler.runDue(vn('2026-11-23', 7, 10))).summary).toMatchObject({ sent: 1, skipped: 2 });
    expect(outbound.sent.map((s) => s.person._id).sort()).toEqual(OFFICERS_AND_ADMINS);
  });
});

describe('reminders', () => {
  // Runs on Friday also catch up that week's Monday summary (nobody got it in these fixtures); look at reminders only.
  const reminders = (outbound: RecordingOutbound) => outbound.sent.filter((s) => s.idempotencyKey.startsWith('reminder:'));

  it('on Friday 16:00 text only collaborators of villages with no session this month, except those who asked to stop', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const friday = vn('2026-11-20', 16);
    const report = await schedulerOn(store, outbound, new FakeClock(friday)).runDue(friday);
    // Nam (Kẻ Sắt) and Một (Thực Khang) are quiet in November; Đông and Tây are covered; Nam's second collaborator opted out.
    expect(reminders(outbound).map((s) => s.person._id).sort()).toEqual(['ctv-mot', 'ctv-nam']);
    expect(report.reminders!.scopes[0]).toMatchObject({ quiet: 2, reminded: 2, sent: 2, skipped: 0 });
  });

  it('never reminds a village twice in one week, and reminds it again the next week if still quiet', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const outbound = new RecordingOutbound();
    const scheduler = schedulerOn(store, outbound, new FakeClock(vn('2026-11-20', 16)));
    await scheduler.runDue(vn('2026-11-20', 16));
    await scheduler.runDue(vn('2026-11-20', 18));
    await schedulerOn(store, outbound, new FakeClock(vn('2026-11-21', 9)), 'other').runDue(vn('2026-11-21', 9));
    expect(reminders(outbound)).toHaveLength(2);
    // A session in Một during the week: next Friday only Nam is still quiet.
    const f = new Fixture('late');
    const mot = (await store.repos.places.get('thuc-khang.mot'))!;
    f.log(mot, '2026-11-24');
    await f.insert(store);
    await scheduler.runDue(vn('2026-11-27', 16));
    expect(reminders(outbound).map((s) => s.idempotencyKey)).toEqual([
      'reminder:2026-W47:thuc-khang.mot:ctv-mot',
      'reminder:2026-W47:ke-sat.nam:ctv-nam',
      'reminder:2026-W48:ke-sat.nam:ctv-nam',
    ]);
  });
});

describe('the hourly pass', () => {
  it('deletes the counters whose window ended before the run, and keeps the others', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const { repos } = onStore(store);
    const run = vn('2026-11-25', 10, 15); // 03:15 UTC, the retry slot of the hour
    await repos.counters.increment('rate:phone:+84905000101:2026-11-25T03:13', new Date('2026-11-25T03:14:00Z'));
    await repos.counters.increment('unparsed:ctv-dong:2026-11-25T02', new Date('2026-11-25T03:00:00Z'));
    await repos.counters.increment('rate:phone:+84905000101:2026-11-25T03:15', new Date('2026-11-25T03:16:00Z'));
    await repos.counters.increment('unregistered:phone:+84905999999', new Date('2026-11-26T01:00:00Z'));
    const report = await schedulerOn(store, new RecordingOutbound(), new FakeClock(run)).runDue(run);
    expect(report.expiredCounters).toBe(2);
    expect(report.expiredCodes).toBe(0);
    const ids = ['rate:phone:+84905000101:2026-11-25T03:13', 'unregistered:phone:+84905999999', 'unparsed:ctv-dong:2026-11-25T02', 'rate:phone:+84905000101:2026-11-25T03:15'];
    const left = await Promise.all(ids.map((id) => repos.counters.get(id)));
    expect(left.filter((c) => c !== null).map((c) => c!._id).sort()).toEqual(['rate:phone:+84905000101:2026-11-25T03:15', 'unregistered:phone:+84905999999']);
  });
  it('deletes the one-time codes past their expiry, and keeps one still running', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const { repos } = onStore(store);
    const run = vn('2026-11-25', 10, 15); // 03:15 UTC
    const record = { purpose: 'link', personId: 'ctv-dong', salt: 's', hash: 'h', tries: 0, createdAt: '2026-11-25T02:50:00.000Z' } as const;
    await repos.oneTimeCodes.put({ ...record, _id: 'link:zalo:old', requester: 'zalo:old', expiresAt: '2026-11-25T03:00:00.000Z' });
    await repos.oneTimeCodes.put({ ...record, _id: 'link:zalo:new', requester: 'zalo:new', expiresAt: '2026-11-25T03:20:00.000Z' });
    const report = await schedulerOn(store, new RecordingOutbound(), new FakeClock(run)).runDue(run);
    expect(report.expiredCodes).toBe(1);
    expect(await repos.oneTimeCodes.get('link:zalo:old')).toBeNull();
    expect(await repos.oneTimeCodes.get('link:zalo:new')).not.toBeNull();
  });
});

describe('the daily backup', () => {
  it('is asked at every pass and reported; a failed one is logged and the other jobs still run', async () => {
    const store = await openEmbeddedStorage();
    await buildWorld(store);
    const asked: Date[] = [];
    const outbound = new RecordingOutbound();
    const clock = new FakeClock(MONDAY_7);
    const ok = createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock, i18n, owner: 'test', backupIfDue: async (now) => (asked.push(now), '/data/backups/loa-20261130-000000.db') });
    expect((await ok.runDue(MONDAY_7)).backup).toBe('/data/backups/loa-20261130-000000.db');
    expect(asked).toEqual([MONDAY_7]);
    const failing = createScheduler({ cron: cronerSchedule, ...onStore(store), outbound: new RecordingOutbound(), clock, i18n, owner: 'other', backupIfDue: () => Promise.reject(new Error('ENOSPC')) });
    const report = await failing.runDue(MONDAY_7);
    expect(report.backup).toBeNull();
    expect(report.summary).toMatchObject({ week: '2026-W48', recipients: 3 });
    await store.close();
  });
});
