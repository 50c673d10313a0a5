import { DateTime } from 'luxon';
import { systemClock, type Clock } from '../../core/clock';
import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';
import { silentLogger, type Logger } from '../../core/logger';
import type { Outbound, OutboundResult } from '../../core/outbound/port';
import { reply } from '../../core/reply';
import { createDeviceRegistry, type DeviceRegistry, type GatewayDevicesRepo } from './device-registry';
import { COMMUNE_OFFICE_HOURS, isWorkingTime, workingMinutesBetween, type WorkingHours } from './working-hours';

export interface GatewayWatchdogDeps {
  /** The stored devices (`storage.doors.gatewayDevices`). */
  devices: GatewayDevicesRepo;
  /** `core.repos.people`: the commune's officers. */
  people: { under(placeId: string, role?: Person['role']['kind']): Promise<Person[]> };
  /** `core.repos.places`: the commune's name for the alert. */
  places: { get(id: string): Promise<Place | null> };
  /** The outbox; alerts are forced to Telegram (the SMS door is the thing that is down). */
  outbound: Outbound;
  /** `ANDROID_GATEWAY_SILENCE_MINUTES`: working minutes without a ping or message before officers are told. */
  silenceMinutes: number;
  hours?: WorkingHours;
  clock?: Clock;
  logger?: Logger;
}

export interface DeviceAlert {
  deviceId: string;
  communeId: string;
  silentSince: string;
  silentWorkingMinutes: number;
  /** Per officer: what the outbox answered (an officer without Telegram shows `no_channel`). */
  results: { personId: string; result: OutboundResult }[];
}

export interface WatchdogReport {
  /** False outside working hours: nothing is measured or sent then. */
  workingTime: boolean;
  devicesChecked: number;
  alerts: DeviceAlert[];
}

export interface GatewayWatchdog {
  check(now?: Date): Promise<WatchdogReport>;
  /** Runs `check` every `everyMs` (default 5 min) until the returned function is called. Errors are logged, not thrown. */
  start(everyMs?: number): () => void;
}

/**
 * Tells a commune's officers, once per outage, that the SMS phone in their
 * office went quiet: no ping, message or status for `silenceMinutes` of
 * working time. An outage is identified by the device's `lastSeenAt`; the
 * idempotency key `gateway-silent:<device>:<lastSeenAt>:<officer>` keeps it to
 * one message per officer across checks and restarts, and a device that
 * speaks again starts a new outage.
 */
export function createGatewayWatchdog(deps: GatewayWatchdogDeps): GatewayWatchdog {
  const clock = deps.clock ?? systemClock;
  const hours = deps.hours ?? COMMUNE_OFFICE_HOURS;
  const log = (deps.logger ?? silentLogger).child({ component: 'gateway-watchdog' });
  const devices: DeviceRegistry = createDeviceRegistry(deps.devices);

  async function alert(deviceId: string, communeId: string, silentSince: string, minutes: number): Promise<DeviceAlert> {
    const commune = await deps.places.get(communeId);
    const officers = (await deps.people.under(communeId, 'officer')).filter((p) => p.role.placeId === communeId);
    const since = DateTime.fromISO(silentSince, { zone: hours.zone }).toFormat('HH:mm dd/MM');
    const results: DeviceAlert['results'] = [];
    for (const officer of officers) {
      const result = await deps.outbound.send({
        person: officer,
        reply: reply('gateway:device_silent', { commune: commune?.name ?? communeId, since }),
        idempotencyKey: `gateway-silent:${deviceId}:${silentSince}:${officer._id}`,
        channel: 'telegram',
      });
      results.push({ personId: officer._id, result });
      if (!result.ok) log.warn({ device: deviceId, officer: officer._id, reason: result.reason }, 'officer not told about a silent gateway');
    }
    await devices.markAlerted(deviceId, silentSince);
    log.warn({ device: deviceId, commune: communeId, silentSince, minutes, officers: officers.length }, 'gateway device silent: officers alerted');
    return { deviceId, communeId, silentSince, silentWorkingMinutes: minutes, results };
  }

  async function check(now: Date = clock.now()): Promise<WatchdogReport> {
    const workingTime = isWorkingTime(now, hours);
    const watched = await devices.withCommune();
    const alerts: DeviceAlert[] = [];
    if (!workingTime) return { workingTime, devicesChecked: watched.length, alerts };
    for (const device of watched) {
      if (!device.communeId || device.alertedSilenceSince === device.lastSeenAt) continue;
      const minutes = workingMinutesBetween(new Date(device.lastSeenAt), now, hours);
      if (minutes < deps.silenceMinutes) continue;
      alerts.push(await alert(device._id, device.communeId, device.lastSeenAt, minutes));
    }
    return { workingTime, devicesChecked: watched.length, alerts };
  }

  return {
    check,
    start(everyMs = 5 * 60_000) {
      let running = false;
      const timer = setInterval(() => {
        if (running) return;
        running = true;
        check()
          .catch((error: unknown) => log.error({ err: error }, 'gateway watchdog check failed'))
          .finally(() => {
            running = false;
          });
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
