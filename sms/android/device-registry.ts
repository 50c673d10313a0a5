import type { GatewayDeviceRecord, SeenTimes, GatewayDevicesRepo } from '../../core/repos/gateway-devices-repo';
export type { GatewayDeviceRecord, SeenTimes, GatewayDevicesRepo } from '../../core/repos/gateway-devices-repo';

export type Activity = 'ping' | 'message' | 'status' | 'other';

/** The registry the webhook and the watchdog use: the stored devices, with the write throttle and the commune rule. */
export interface DeviceRegistry extends Pick<GatewayDevicesRepo, 'get' | 'withCommune' | 'markAlerted'> {
  /** Records that the device spoke; `lastSeenAt` only moves forward, written at most every {@link SEEN_WRITE_INTERVAL_MS}. Rejects with `StoreUnavailableError`. */
  seen(deviceId: string, activity: Activity, at: Date): Promise<void>;
  /** Sets the commune unless one is set already (`config` overrides `roster`). Returns whether it changed. */
  assignCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: Date): Promise<boolean>;
}

/**
 * A busy phone relays many SMS a minute; the watchdog counts silence in
 * minutes, so one durable write per device and activity per this interval is
 * enough (it saves an fsync per message on the embedded store).
 */
export const SEEN_WRITE_INTERVAL_MS = 30_000;

export function createDeviceRegistry(devices: GatewayDevicesRepo): DeviceRegistry {
  const lastWritten = new Map<string, number>();
  return {
    async seen(deviceId, activity, at) {
      const slot = `${deviceId}\u0000${activity}`;
      const previous = lastWritten.get(slot);
      if (previous !== undefined && at.getTime() - previous < SEEN_WRITE_INTERVAL_MS && at.getTime() >= previous) return;
      const iso = at.toISOString();
      const times: SeenTimes = { lastSeenAt: iso };
      if (activity === 'ping') times.lastPingAt = iso;
      if (activity === 'message') times.lastMessageAt = iso;
      await devices.seen(deviceId, times, iso);
      if (lastWritten.size > 10_000) lastWritten.clear();
      lastWritten.set(slot, at.getTime());
    },
    get: (deviceId) => devices.get(deviceId),
    async assignCommune(deviceId, communeId, source, at) {
      const current = await devices.get(deviceId);
      if (current?.communeId === communeId) return false;
      if (current?.communeId && !(source === 'config' && current.communeSource !== 'config')) return false;
      await devices.setCommune(deviceId, communeId, source, at.toISOString());
      return true;
    },
    withCommune: () => devices.withCommune(),
    markAlerted: (deviceId, silentSince) => devices.markAlerted(deviceId, silentSince),
  };
}
