
/** What we know about one phone running SMS Gateway for Android. Server times only: phone clocks drift. */
export interface GatewayDeviceRecord {
  _id: string;
  firstSeenAt: string;
  /** Last ping, message or status event from it: what the watchdog measures silence from. */
  lastSeenAt: string;
  lastPingAt?: string;
  lastMessageAt?: string;
  communeId?: string;
  /** `config`: named in the deployment's device map; `roster`: learnt from the first registered sender's commune. */
  communeSource?: 'config' | 'roster';
  /** The `lastSeenAt` of the outage the officers were already told about. */
  alertedSilenceSince?: string;
  [key: string]: unknown;
}

export type Activity = 'ping' | 'message' | 'status' | 'other';

/** When a device was last heard, by kind; each time only moves forward. */
export type SeenTimes = { lastSeenAt: string; lastPingAt?: string; lastMessageAt?: string };

/** The devices as stored (storage/repositories/gateway-devices-repo.ts), shared by every Loa process. */
export interface GatewayDevicesRepo {
  /** Moves the given times forward (never back); a new device gets `firstSeenAt`. */
  seen(deviceId: string, times: SeenTimes, firstSeenAt: string): Promise<void>;
  get(deviceId: string): Promise<GatewayDeviceRecord | null>;
  /** Sets the device's commune; a new device is recorded as first and last seen at `at`. */
  setCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: string): Promise<void>;
  /** Devices that have a commune, by id. */
  withCommune(): Promise<GatewayDeviceRecord[]>;
  /** Marks the outage that began at `silentSince` as reported, unless the device spoke since. */
  markAlerted(deviceId: string, silentSince: string): Promise<boolean>;
}

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
