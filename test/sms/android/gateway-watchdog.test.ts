import { silentLogger } from '../../../core/logger';
import { createOutbox } from '../../../core/outbound/outbox';
import { createDeviceRegistry } from '../../../sms/android/device-registry';
import { createGatewayWatchdog, type GatewayWatchdog } from '../../../sms/android/gateway-watchdog';
import { createTestCore, DEMO, type TestCore } from '../../support/test-core';
import { recordingSender, type SentMessage } from './helpers';

const DEVICE = 'ke-sat-office-phone';
const OFFICER_TELEGRAM_ID = 555_001;

interface World {
  test: TestCore;
  watchdog: GatewayWatchdog;
  sent: SentMessage[];
  seen(at: string): Promise<void>;
}

/** The Kẻ Sặt officer on Telegram, a gateway phone registered to Kẻ Sặt, 120 working minutes of allowed silence. */
async function world(options: { register?: boolean } = {}): Promise<World> {
  const test = await createTestCore();
  await test.core.repos.people.linkAccount(DEMO.officer.id, 'telegram', String(OFFICER_TELEGRAM_ID));
  const sent: SentMessage[] = [];
  const outbox = createOutbox({
    records: test.core.repos.outbox,
    senders: [recordingSender('telegram', sent), recordingSender('android', sent)],
    render: test.core.render,
    clock: test.clock,
    logger: silentLogger,
    defaultSmsChannel: 'android',
    sleep: async () => undefined,
  });
  const devices = createDeviceRegistry(test.storage.doors.gatewayDevices);
  if (options.register !== false) await devices.assignCommune(DEVICE, DEMO.commune, 'roster', new Date('2026-11-01T00:00:00Z'));
  const watchdog = createGatewayWatchdog({
    devices: test.storage.doors.gatewayDevices,
    people: test.core.repos.people,
    places: test.core.repos.places,
    outbound: outbox,
    silenceMinutes: 120,
    clock: test.clock,
  });
  return { test, watchdog, sent, seen: (at) => devices.seen(DEVICE, 'ping', new Date(at)) };
}

describe('gateway watchdog', () => {
  it('tells the commune officer on Telegram once when the phone is silent for two working hours, not twice', async () => {
    const w = await world();
    await w.seen('2026-11-20T01:00:00Z'); // Friday 08:00 in Vietnam
    const early = await w.watchdog.check(new Date('2026-11-20T02:59:00Z')); // 09:59: 119 minutes
    expect(early.alerts).toHaveLength(0);
    const report = await w.watchdog.check(new Date('2026-11-20T03:00:00Z')); // 10:00
    expect(report.alerts).toHaveLength(1);
    const again = await w.watchdog.check(new Date('2026-11-20T05:00:00Z'));
    expect(again.alerts).toHaveLength(0);
    expect(w.sent).toHaveLength(1);
    expect(w.sent[0]).toMatchObject({ channel: 'telegram', personId: DEMO.officer.id });
    expect(w.sent[0]!.text).toContain('Xã Kẻ Sắt');
    expect(w.sent[0]!.text).toContain('08:00 20/11');
  });

  it('does not tell the officer twice when two checks overlap or the process restarts (the outbox key is per outage)', async () => {
    const w = await world();
    await w.seen('2026-11-20T01:00:00Z');
    const at = new Date('2026-11-20T03:30:00Z');
    await Promise.all([w.watchdog.check(at), w.watchdog.check(at)]);
    const restarted = createGatewayWatchdog({
      devices: w.test.storage.doors.gatewayDevices,
      people: w.test.core.repos.people,
      places: w.test.core.repos.places,
      outbound: createOutbox({
        records: w.test.core.repos.outbox,
        senders: [recordingSender('telegram', w.sent)],
        render: w.test.core.render,
        clock: w.test.clock,
        logger: silentLogger,
        defaultSmsChannel: 'android',
      }),
      silenceMinutes: 120,
    });
    await restarted.check(new Date('2026-11-20T04:00:00Z'));
    expect(w.sent).toHaveLength(1);
  });

  it('alerts again for a new outage after the phone came back', async () => {
    const w = await world();
    await w.seen('2026-11-20T01:00:00Z');
    await w.watchdog.check(new Date('2026-11-20T03:00:00Z'));
    await w.seen('2026-11-20T03:10:00Z'); // the officer plugged it in
    expect((await w.watchdog.check(new Date('2026-11-20T04:00:00Z'))).alerts).toHaveLength(0);
    expect((await w.watchdog.check(new Date('2026-11-20T05:10:00Z'))).alerts).toHaveLength(1);
    expect(w.sent).toHaveLength(2);
  });

  it('counts only working hours: silent from Saturday 17:00, it alerts on Monday at 08:30, never on Sunday or at night', async () => {
    const w = await world();
    await w.seen('2026-11-21T10:00:00Z'); // Saturday 17:00 in Vietnam
    expect((await w.watchdog.check(new Date('2026-11-21T14:00:00Z'))).workingTime).toBe(false); // Saturday 21:00
    expect((await w.watchdog.check(new Date('2026-11-22T03:00:00Z'))).alerts).toHaveLength(0); // Sunday 10:00
    expect((await w.watchdog.check(new Date('2026-11-23T01:29:00Z'))).alerts).toHaveLength(0); // Monday 08:29: 119 minutes
    const monday = await w.watchdog.check(new Date('2026-11-23T01:30:00Z')); // Monday 08:30
    expect(monday.alerts.map((a) => a.silentWorkingMinutes)).toEqual([120]);
    expect(w.sent).toHaveLength(1);
  });

  it('ignores phones with no commune (none of their SMS came from a registered sender yet)', async () => {
    const w = await world({ register: false });
    await createDeviceRegistry(w.test.storage.doors.gatewayDevices).seen('stray-device', 'ping', new Date('2026-11-20T00:00:00Z'));
    w.test.clock.set(new Date('2026-11-20T01:00:00Z'));
    const report = await w.watchdog.check(new Date('2026-11-20T03:00:00Z'));
    expect(report.devicesChecked).toBe(0);
    expect(report.alerts).toEqual([]);
  });

  it('reports an officer without Telegram as unreachable instead of texting the silent phone', async () => {
    const w = await world();
    await w.test.core.repos.people.unlinkAccount(DEMO.officer.id, 'telegram');
    await w.seen('2026-11-20T01:00:00Z');
    const report = await w.watchdog.check(new Date('2026-11-20T03:00:00Z'));
    expect(report.alerts[0]!.results[0]!.result).toMatchObject({ ok: false, reason: 'no_channel' });
    expect(w.sent).toHaveLength(0);
  });
});
