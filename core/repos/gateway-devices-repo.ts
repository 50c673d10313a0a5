/** The phones running SMS Gateway for Android, as the Android door stores them: the port, implemented in adapters/. */

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

/** When a device was last heard, by kind; each time only moves forward. */
export type SeenTimes = { lastSeenAt: string; lastPingAt?: string; lastMessageAt?: string };

/** The devices as stored (implemented in adapters/store/repositories/gateway-devices-repo.ts), shared by every Loa process. */
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
