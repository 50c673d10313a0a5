import { DuplicateKeyError } from '../../../core/ports/store-errors';
import type { GatewayDeviceRecord, GatewayDevicesRepo, SeenTimes } from '../../../core/repos/gateway-devices-repo';
import { DOOR_COLLECTIONS } from '../collections';
import type { Collection, DocumentStore, Update } from '../document-store';

export class DocumentGatewayDevicesRepo implements GatewayDevicesRepo {
  private readonly devices: Collection<GatewayDeviceRecord>;

  constructor(store: DocumentStore) {
    this.devices = store.collection(DOOR_COLLECTIONS.gatewayDevices);
  }

  private async upsert(deviceId: string, update: Update): Promise<void> {
    try {
      await this.devices.updateOne({ _id: deviceId }, update, { upsert: true });
    } catch (error) {
      // Two first events from one new device raced on the insert; the second now finds it.
      if (!(error instanceof DuplicateKeyError)) throw error;
      const { $setOnInsert: _ignored, ...rest } = update;
      await this.devices.updateOne({ _id: deviceId }, rest);
    }
  }

  seen(deviceId: string, times: SeenTimes, firstSeenAt: string): Promise<void> {
    return this.upsert(deviceId, { $max: times, $setOnInsert: { firstSeenAt } });
  }

  get(deviceId: string): Promise<GatewayDeviceRecord | null> {
    return this.devices.findOne({ _id: deviceId });
  }

  setCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: string): Promise<void> {
    return this.upsert(deviceId, { $set: { communeId, communeSource: source }, $setOnInsert: { firstSeenAt: at, lastSeenAt: at } });
  }

  withCommune(): Promise<GatewayDeviceRecord[]> {
    return this.devices.find({ communeId: { $exists: true } }, { sort: { _id: 1 } });
  }

  async markAlerted(deviceId: string, silentSince: string): Promise<boolean> {
    const result = await this.devices.updateOne({ _id: deviceId, lastSeenAt: silentSince }, { $set: { alertedSilenceSince: silentSince } });
    return result.matched === 1;
  }
}
