/** What the doors keep beside the core's data: gateway phones (Android), download links (Zalo), web sessions and secrets. */
import type { Collection, UpdateFilter } from 'mongodb';
import { DuplicateKeyError } from '../../../core/ports/store-errors';
import type { DownloadFilesRepo, DownloadRecord } from '../../../core/repos/download-files-repo';
import type { GatewayDeviceRecord, GatewayDevicesRepo, SeenTimes } from '../../../core/repos/gateway-devices-repo';
import type { SessionRecord, WebSessionsRepo } from '../../../core/repos/web-sessions-repo';
import type { IndexDeclarations, MongoContext } from './context';

export const DOOR_COLLECTIONS = { gatewayDevices: 'gateway_devices', downloadLinks: 'download_links', webSessions: 'web_sessions', webSecrets: 'web_secrets' } as const;

export const DOOR_INDEXES: IndexDeclarations = {
  [DOOR_COLLECTIONS.gatewayDevices]: [{ name: 'gateway_devices_commune', key: { communeId: 1 } }],
  [DOOR_COLLECTIONS.downloadLinks]: [{ name: 'download_links_expires', key: { expiresAt: 1 } }],
};

export class MongoGatewayDevicesRepo implements GatewayDevicesRepo {
  private readonly devices: Collection<GatewayDeviceRecord>;
  constructor(private readonly ctx: MongoContext) {
    this.devices = ctx.collection(DOOR_COLLECTIONS.gatewayDevices);
  }

  /** Two first events from one new device can race on the insert; the loser updates the one that won. */
  private async upsert(deviceId: string, update: UpdateFilter<GatewayDeviceRecord>): Promise<void> {
    try {
      await this.ctx.run(this.devices, () => this.devices.updateOne({ _id: deviceId }, update, { upsert: true }));
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      const { $setOnInsert: _ignored, ...rest } = update;
      await this.ctx.run(this.devices, () => this.devices.updateOne({ _id: deviceId }, rest));
    }
  }

  seen(deviceId: string, times: SeenTimes, firstSeenAt: string): Promise<void> {
    return this.upsert(deviceId, { $max: times, $setOnInsert: { firstSeenAt } });
  }

  get(deviceId: string): Promise<GatewayDeviceRecord | null> {
    return this.ctx.findOne(this.devices, { _id: deviceId });
  }

  setCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: string): Promise<void> {
    return this.upsert(deviceId, { $set: { communeId, communeSource: source }, $setOnInsert: { firstSeenAt: at, lastSeenAt: at } });
  }

  /** A few phones per deployment: sorted here. */
  async withCommune(): Promise<GatewayDeviceRecord[]> {
    const found = await this.ctx.find(this.devices, { communeId: { $exists: true } });
    return found.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  async markAlerted(deviceId: string, silentSince: string): Promise<boolean> {
    const result = await this.ctx.run(this.devices, () => this.devices.updateOne({ _id: deviceId, lastSeenAt: silentSince }, { $set: { alertedSilenceSince: silentSince } }));
    return result.matchedCount === 1;
  }
}

export class MongoDownloadFilesRepo implements DownloadFilesRepo {
  private readonly files: Collection<DownloadRecord>;
  constructor(private readonly ctx: MongoContext) {
    this.files = ctx.collection(DOOR_COLLECTIONS.downloadLinks);
  }

  async insert(record: DownloadRecord): Promise<void> {
    await this.ctx.run(this.files, () => this.files.insertOne({ ...record }), { doc: record, insert: true });
  }

  get(id: string): Promise<DownloadRecord | null> {
    return this.ctx.findOne(this.files, { _id: id });
  }

  /** Single use: `deleteOne` answers one caller with a deletion. */
  async take(id: string): Promise<boolean> {
    return (await this.ctx.run(this.files, () => this.files.deleteOne({ _id: id }))).deletedCount > 0;
  }

  async sweepExpired(nowIso: string): Promise<void> {
    await this.ctx.run(this.files, () => this.files.deleteMany({ expiresAt: { $lt: nowIso } }));
  }
}

export class MongoWebSessionsRepo implements WebSessionsRepo {
  private readonly sessions: Collection<SessionRecord>;
  private readonly secrets: Collection<{ _id: string; value: string }>;
  constructor(private readonly ctx: MongoContext) {
    this.sessions = ctx.collection(DOOR_COLLECTIONS.webSessions);
    this.secrets = ctx.collection(DOOR_COLLECTIONS.webSecrets);
  }

  async insert(record: SessionRecord): Promise<void> {
    await this.ctx.run(this.sessions, () => this.sessions.insertOne({ ...record }), { doc: record, insert: true });
  }

  get(id: string): Promise<SessionRecord | null> {
    return this.ctx.findOne(this.sessions, { _id: id });
  }

  async remove(id: string): Promise<void> {
    await this.ctx.run(this.sessions, () => this.sessions.deleteOne({ _id: id }));
  }

  /** The first process to ask makes it (`$setOnInsert`); every other reads the same value back. */
  async secret(name: string, make: () => string): Promise<string> {
    const found = await this.ctx
      .run(this.secrets, () => this.secrets.findOneAndUpdate({ _id: name }, { $setOnInsert: { value: make() } }, { upsert: true, returnDocument: 'after' }))
      .catch((error: unknown) => {
        if (!(error instanceof DuplicateKeyError)) throw error;
        return this.ctx.run(this.secrets, () => this.secrets.findOne({ _id: name }));
      });
    return found!.value;
  }
}
