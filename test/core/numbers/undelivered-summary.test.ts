/**
 * Issue 11, observation 8: a first boot with no door marked every weekly
 * summary "failed" and the week was used up; after a restart with doors
 * configured nothing went out.
 */
import { FakeClock } from '../../../core/clock';
import { onStore } from '../../../tools/harness/on-store';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import type { Outbound, OutboundRequest, OutboundResult } from '../../../core/outbound/port';
import { createScheduler } from '../../../core/scheduling/scheduler';
import { cronerSchedule } from '../../../adapters/cron/croner-schedule';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { vn } from '../indicators/fixtures';
import { buildWorld, RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n = createI18n();

/** Like the outbox with no sender configured (or none for some people): every send has no door. */
class NoDoorFor implements Outbound {
  readonly inner = new RecordingOutbound();
  constructor(private readonly unreachable: (personId: string) => boolean) {}
  async send(request: OutboundRequest): Promise<OutboundResult> {
    if (this.unreachable(request.person._id)) return { ok: false, reason: 'no_channel', detail: 'no sender configured' };
    return this.inner.send(request);
  }
}

describe.each(STORES)('a weekly summary that could not go out, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
    await buildWorld(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('is not used up by a run with no door: the next run after a restart with doors sends it', async () => {
    const monday = vn('2026-11-23', 7);
    const noDoors = new NoDoorFor(() => true);
    const first = await createScheduler({ cron: cronerSchedule, ...onStore(store), outbound: noDoors, clock: new FakeClock(monday), i18n, owner: 'first-boot' }).runDue(monday);
    expect(first.summary).toMatchObject({ week: '2026-W48', sent: 0, failed: 3 });

    const later = vn('2026-11-23', 9);
    const withDoors = new RecordingOutbound();
    const second = await createScheduler({ cron: cronerSchedule, ...onStore(store), outbound: withDoors, clock: new FakeClock(later), i18n, owner: 'restarted' }).runDue(later);
    expect(second.summary).toMatchObject({ week: '2026-W48', sent: 3, failed: 0, skipped: 0 });
    expect(withDoors.sent.filter((r) => r.idempotencyKey.startsWith('summary:')).map((r) => r.person._id).sort()).toEqual([
      'admin-hai-phong',
      'cb-ke-sat',
      'cb-thuc-khang',
    ]);
    // A third run sends nothing again.
    const third = await createScheduler({ cron: cronerSchedule, ...onStore(store), outbound: withDoors, clock: new FakeClock(later), i18n, owner: 'restarted' }).runDue(vn('2026-11-23', 10));
    expect(third.summary).toMatchObject({ sent: 0, skipped: 3 });
  });

  it('reports a recipient with no door to their admin once, and keeps trying them', async () => {
    const monday = vn('2026-11-23', 7);
    const outbound = new NoDoorFor((id) => id === 'cb-thuc-khang');
    const scheduler = createScheduler({ cron: cronerSchedule, ...onStore(store), outbound, clock: new FakeClock(monday), i18n, owner: 'p' });
    const run = await scheduler.runDue(monday);
    expect(run.summary).toMatchObject({ sent: 2, failed: 1, undelivered: ['cb-thuc-khang'] });
    const notes = outbound.inner.to('admin-hai-phong').filter((r) => r.idempotencyKey.startsWith('summary-undelivered:'));
    expect(notes.map((n) => renderReply(i18n, n.reply, 'vi', 'full'))).toEqual([
      'Loa chưa gửi được tổng hợp tuần cho Cán bộ Thực Khang (Xã Thực Khang): chưa có cách gửi tin tới người này. Loa sẽ thử lại.',
    ]);
    // An hour later: tried again (still no door), not reported twice.
    const again = await scheduler.runDue(vn('2026-11-23', 8));
    expect(again.summary).toMatchObject({ sent: 0, failed: 1, skipped: 2 });
    expect(outbound.inner.to('admin-hai-phong').filter((r) => r.idempotencyKey.startsWith('summary-undelivered:'))).toHaveLength(1);
  });
});
