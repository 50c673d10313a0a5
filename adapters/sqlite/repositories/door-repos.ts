/** What the doors keep beside the core's data, on typed SQLite tables (migration 5): gateway phones, download links, web sessions and secrets. */
import type { DownloadFilesRepo, DownloadRecord } from '../../../core/repos/download-files-repo';
import type { GatewayDeviceRecord, GatewayDevicesRepo, SeenTimes } from '../../../core/repos/gateway-devices-repo';
import type { SessionRecord, WebSessionsRepo } from '../../../core/repos/web-sessions-repo';
import type { EmbeddedStore } from '../embedded-store';

interface DeviceRow {
  id: string;
  first_seen_at: string;
  last_seen_at: string;
  last_ping_at: string | null;
  last_message_at: string | null;
  commune_id: string | null;
  commune_source: 'config' | 'roster' | null;
  alerted_silence_since: string | null;
}

const DEVICE_COLUMNS = 'id, first_seen_at, last_seen_at, last_ping_at, last_message_at, commune_id, commune_source, alerted_silence_since';
/** The later of the stored time and the given one (either may be missing): times only move forward. */
const later = (column: string) => `${column} = coalesce(max(${column}, excluded.${column}), ${column}, excluded.${column})`;

/** Each event is one upsert: a new phone is inserted, a known one has its times moved forward, in one statement. */
export class SqliteGatewayDevicesRepo implements GatewayDevicesRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async seen(deviceId: string, times: SeenTimes, firstSeenAt: string): Promise<void> {
    await this.store.write('gateway_devices', () =>
      this.store
        .statement(
          `INSERT INTO gateway_devices (id, first_seen_at, last_seen_at, last_ping_at, last_message_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET ${later('last_seen_at')}, ${later('last_ping_at')}, ${later('last_message_at')}`,
        )
        .run(deviceId, firstSeenAt, times.lastSeenAt, times.lastPingAt ?? null, times.lastMessageAt ?? null),
    );
  }

  async get(deviceId: string): Promise<GatewayDeviceRecord | null> {
    const row = this.store.read(() => this.store.statement(`SELECT ${DEVICE_COLUMNS} FROM gateway_devices WHERE id = ?`).get(deviceId) as DeviceRow | undefined);
    return row ? decodeDevice(row) : null;
  }

  async setCommune(deviceId: string, communeId: string, source: 'config' | 'roster', at: string): Promise<void> {
    await this.store.write('gateway_devices', () =>
      this.store
        .statement(
          `INSERT INTO gateway_devices (id, first_seen_at, last_seen_at, commune_id, commune_source) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET commune_id = excluded.commune_id, commune_source = excluded.commune_source`,
        )
        .run(deviceId, at, at, communeId, source),
    );
  }

  async withCommune(): Promise<GatewayDeviceRecord[]> {
    const rows = this.store.read(() => this.store.statement(`SELECT ${DEVICE_COLUMNS} FROM gateway_devices WHERE commune_id IS NOT NULL ORDER BY id`).all() as DeviceRow[]);
    return rows.map(decodeDevice);
  }

  async markAlerted(deviceId: string, silentSince: string): Promise<boolean> {
    const matched = await this.store.write('gateway_devices', () =>
      this.store.statement('UPDATE gateway_devices SET alerted_silence_since = ? WHERE id = ? AND last_seen_at = ?').run(silentSince, deviceId, silentSince).changes,
    );
    return matched === 1;
  }
}

/** The one place a device row becomes a record (absent times stay absent). */
export function decodeDevice(row: DeviceRow): GatewayDeviceRecord {
  return {
    _id: row.id,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    ...(row.last_ping_at !== null ? { lastPingAt: row.last_ping_at } : {}),
    ...(row.last_message_at !== null ? { lastMessageAt: row.last_message_at } : {}),
    ...(row.commune_id !== null ? { communeId: row.commune_id } : {}),
    ...(row.commune_source !== null ? { communeSource: row.commune_source } : {}),
    ...(row.alerted_silence_since !== null ? { alertedSilenceSince: row.alerted_silence_since } : {}),
  };
}

interface FileRow {
  id: string;
  person_id: string;
  filename: string;
  mime_type: string;
  content: string;
  expires_at: string;
  created_at: string;
  reusable: number | null;
}

const FILE_COLUMNS = 'id, person_id, filename, mime_type, content, expires_at, created_at, reusable';

export class SqliteDownloadFilesRepo implements DownloadFilesRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async insert(r: DownloadRecord): Promise<void> {
    await this.store.write('download_links', () =>
      this.store
        .statement(`INSERT INTO download_links (${FILE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(r._id, r.personId, r.filename, r.mimeType, r.content, r.expiresAt, r.createdAt, r.reusable === undefined ? null : r.reusable ? 1 : 0),
    );
  }

  async get(id: string): Promise<DownloadRecord | null> {
    const row = this.store.read(() => this.store.statement(`SELECT ${FILE_COLUMNS} FROM download_links WHERE id = ?`).get(id) as FileRow | undefined);
    return row ? decodeFile(row) : null;
  }

  /** Single use: of two takers, one deletes the row, the other deletes nothing. */
  async take(id: string): Promise<boolean> {
    return (await this.store.write('download_links', () => this.store.statement('DELETE FROM download_links WHERE id = ?').run(id).changes)) > 0;
  }

  async sweepExpired(nowIso: string): Promise<void> {
    await this.store.write('download_links', () => this.store.statement('DELETE FROM download_links WHERE expires_at < ?').run(nowIso));
  }
}

export function decodeFile(row: FileRow): DownloadRecord {
  return {
    _id: row.id,
    personId: row.person_id,
    filename: row.filename,
    mimeType: row.mime_type,
    content: row.content,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    ...(row.reusable !== null ? { reusable: Number(row.reusable) === 1 } : {}),
  };
}

interface SessionRow {
  id: string;
  person_id: string;
  created_at: string;
  expires_at: string;
}

export class SqliteWebSessionsRepo implements WebSessionsRepo {
  constructor(private readonly store: EmbeddedStore) {}

  async insert(r: SessionRecord): Promise<void> {
    await this.store.write('web_sessions', () =>
      this.store.statement('INSERT INTO web_sessions (id, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(r._id, r.personId, r.createdAt, r.expiresAt),
    );
  }

  async get(id: string): Promise<SessionRecord | null> {
    const row = this.store.read(() => this.store.statement('SELECT id, person_id, created_at, expires_at FROM web_sessions WHERE id = ?').get(id) as SessionRow | undefined);
    return row ? { _id: row.id, personId: row.person_id, createdAt: row.created_at, expiresAt: row.expires_at } : null;
  }

  async remove(id: string): Promise<void> {
    await this.store.write('web_sessions', () => this.store.statement('DELETE FROM web_sessions WHERE id = ?').run(id));
  }

  /** The first caller's insert wins (one writer at a time); every caller reads the stored value back in the same write. */
  async secret(name: string, make: () => string): Promise<string> {
    return this.store.write('web_secrets', () => {
      const found = this.store.statement('SELECT value FROM web_secrets WHERE name = ?').get(name) as { value: string } | undefined;
      if (found) return found.value;
      const value = make();
      this.store.statement('INSERT INTO web_secrets (name, value) VALUES (?, ?)').run(name, value);
      return value;
    });
  }
}
