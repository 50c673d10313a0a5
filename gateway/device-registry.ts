import { DuplicateKeyError } from '../core/ports/store-errors';
import type { Collection, DocumentStore } from '../storage/document-store';

export const GATEWAY_DEVICES = 'gateway_devices';

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

export interface DeviceRegistry {
  /** Records that the device spoke; `lastSeenAt` only moves forward, written at most every {@link SEEN_WRITE_INTERVAL_MS}. Rejects with `StoreUnavailableError`. */
  seen(deviceId: string, activity: Activity, at: Date): Promise<void>;
  get(deviceId: string): Promise<GatewayDeviceRecord | null>;
  /** Sets the commune unless one is set already (`config` overrides `roster`). Returns whether it changed. */
  assignCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: Date): Promise<boolean>;
  withCommune(): Promise<GatewayDeviceRecord[]>;
  /** Marks the outage that began at `silentSince` as reported, unless the device spoke since. */
  markAlerted(deviceId: string, silentSince: string): Promise<boolean>;
}

/**
 * A busy phone relays many SMS a minute; the watchdog counts silence in
 * minutes, so one durable write per device and activity per this interval is
 * enough (it saves an fsync per message on the embedded store).
 */
export const SEEN_WRITE_INTERVAL_MS = 30_000;

export function createDeviceRegistry(store: DocumentStore): DeviceRegistry {
  const lastWritten = new Map<string, number>();
  const devices: Collection<GatewayDeviceRecord> = store.collection(GATEWAY_DEVICES);
  let indexes: Promise<void> | null = null;
  const ready = (): Promise<void> => {
    indexes ??= store.ensureIndexes(GATEWAY_DEVICES, [{ name: 'gateway_devices_commune', keys: { communeId: 1 } }]).catch((error: unknown) => {
      indexes = null;
      throw error;
    });
    return indexes;
  };

  async function upsert(deviceId: string, update: Record<string, Record<string, unknown>>): Promise<void> {
    try {
      await devices.updateOne({ _id: deviceId }, update, { upsert: true });
    } catch (error) {
      // Two first events from one new device raced on the insert; the second now finds it.
      if (!(error instanceof DuplicateKeyError)) throw error;
      const { $setOnInsert: _ignored, ...rest } = update;
      await devices.updateOne({ _id: deviceId }, rest);
    }
  }

  return {
    async seen(deviceId, activity, at) {
      const slot = `${deviceId}\u0000${activity}`;
      const previous = lastWritten.get(slot);
      if (previous !== undefined && at.getTime() - previous < SEEN_WRITE_INTERVAL_MS && at.getTime() >= previous) return;
      await ready();
      const iso = at.toISOString();
      const max: Record<string, string> = { lastSeenAt: iso };
      if (activity === 'ping') max.lastPingAt = iso;
      if (activity === 'message') max.lastMessageAt = iso;
      await upsert(deviceId, { $max: max, $setOnInsert: { firstSeenAt: iso } });
      if (lastWritten.size > 10_000) lastWritten.clear();
      lastWritten.set(slot, at.getTime());
    },
    async get(deviceId) {
      await ready();
      return devices.findOne({ _id: deviceId });
    },
    async assignCommune(deviceId, communeId, source, at) {
      await ready();
      const current = await devices.findOne({ _id: deviceId });
      if (current?.communeId === communeId) return false;
      if (current?.communeId && !(source === 'config' && current.communeSource !== 'config')) return false;
      const iso = at.toISOString();
      await upsert(deviceId, { $set: { communeId, communeSource: source }, $setOnInsert: { firstSeenAt: iso, lastSeenAt: iso } });
      return true;
    },
    async withCommune() {
      await ready();
      return devices.find({ communeId: { $exists: true } }, { sort: { _id: 1 } });
    },
    async markAlerted(deviceId, silentSince) {
      await ready();
      const result = await devices.updateOne({ _id: deviceId, lastSeenAt: silentSince }, { $set: { alertedSilenceSince: silentSince } });
      return result.matched === 1;
    },
  };
}
