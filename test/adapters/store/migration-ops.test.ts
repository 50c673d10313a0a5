import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import { storageOn } from '../../../adapters/store/open-storage';
import { QUARANTINE } from '../../../adapters/store/record-check';
import { CLAIM_LEASE_MS } from '../../../core/ports/claims';

/**
 * `fixtures/json-layout-ops-af354c5.db` was made by Loa at commit af354c5
 * (the outbox, the claim books, one-time codes and the doors' records still
 * tables of JSON documents) with `fixtures/make-ops-layout.ts.txt`.
 */
const FIXTURE = path.join(__dirname, 'fixtures', 'json-layout-ops-af354c5.db');
const OPS_TABLES = ['outbox_messages', 'outbox_statuses', 'claims', 'one_time_codes', 'gateway_devices', 'download_links', 'web_sessions', 'web_secrets'];
const OLD_CLAIM_TABLES = ['summary_claims', 'reminder_claims', 'summary_undelivered_reports', 'deadline_claims'];
const at = (m: number) => `2026-11-20T03:0${m}:00.000Z`;

function copyOfFixture(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-migrate-ops-'));
  fs.copyFileSync(FIXTURE, path.join(dir, DATABASE_FILE));
  return dir;
}

function raw<T>(dir: string, fn: (db: InstanceType<typeof Database>) => T): T {
  const db = new Database(path.join(dir, DATABASE_FILE));
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('migration 5: the outbox, claims, one-time codes and the doors records as typed tables', () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfFixture();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves every record of the JSON layout once at open, each read back whole through its repository', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const { outbox, claims, oneTimeCodes } = storage.repos;
    expect(await outbox.get('reply:sms:SM-1')).toEqual({ _id: 'reply:sms:SM-1', personId: 'ctv-dong', channel: 'sms', state: 'pending', attempts: 0, textLength: 42, createdAt: at(0), updatedAt: at(0) });
    expect(await outbox.get('reply:sms:SM-2')).toMatchObject({ state: 'sent', attempts: 1, providerId: 'SMout-2', updatedAt: at(1) });
    expect(await outbox.get('summary:cb-1:2026-W47')).toMatchObject({ state: 'failed', attempts: 3, failure: { reason: 'failed', detail: 'timeout', retryable: true } });
    expect(await outbox.deliveryStatus('SMout-2')).toBe('delivered');
    expect(await claims('summaries', 'h').get('cb-1', '2026-W47')).toEqual({ _id: '2026-W47:cb-1', subject: 'cb-1', week: '2026-W47', status: 'sent', claimedAt: at(0), owner: 'host:1', detail: 'via sms' });
    expect(await claims('deadlines', 'h').get('ctv-dong', 'tonghop:2026-11')).toMatchObject({ status: 'sending', owner: 'host:1' });
    expect(await oneTimeCodes.get('link:zalo:42')).toEqual({ _id: 'link:zalo:42', purpose: 'link', requester: 'zalo:42', personId: 'ctv-dong', salt: 's1', hash: 'h1', tries: 2, expiresAt: at(9), createdAt: at(0) });
    expect(await storage.doors.gatewayDevices.get('phone-1')).toEqual({
      _id: 'phone-1', firstSeenAt: at(0), lastSeenAt: at(4), lastPingAt: at(4), communeId: 'ke-sat', communeSource: 'config', alertedSilenceSince: at(4),
    });
    expect(await storage.doors.downloadFiles.get('file-1')).toMatchObject({ filename: 'loa.xlsx', content: 'UEs=', reusable: true });
    expect(await storage.doors.webSessions.get('sess-hash-1')).toEqual({ _id: 'sess-hash-1', personId: 'cb-1', createdAt: at(0), expiresAt: '2026-11-20T15:00:00.000Z' });
    // The secret made before the upgrade is kept: sessions and forms signed with it stay valid.
    expect(await storage.doors.webSessions.secret('csrf', () => 'made-after')).toBe('secret-made-at-af354c5');
    await storage.close();
  });

  it('keeps what each record promised: a taken claim stays taken, a surely-unsent failure can be sent again, a used key is not', async () => {
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const { outbox, claims } = storage.repos;
    const later = new Date(new Date(at(0)).getTime() + CLAIM_LEASE_MS + 1);
    expect(await claims('summaries', 'h2').claim('cb-1', '2026-W47', later)).toEqual({ ok: false, reason: 'taken' });
    // The reminder left `sending` by its process: re-taken once after the lease.
    expect(await claims('reminders', 'h2').claim('ke-sat.dong', '2026-W47', later)).toEqual({ ok: true, retaken: true });
    const message = { _id: 'summary:cb-1:2026-W47', personId: 'ctv-dong', channel: 'telegram' as const, state: 'pending' as const, attempts: 0, textLength: 50, createdAt: at(5), updatedAt: at(5) };
    expect(await outbox.claim(message)).toEqual({ claimed: true });
    expect(await outbox.claim({ ...message, _id: 'reply:sms:SM-2' })).toMatchObject({ claimed: false, existing: { state: 'sent' } });
    expect(await outbox.advanceStatus('SMout-2', 'sent', at(6))).toBe(false);
    await storage.close();
  });

  it('leaves typed STRICT tables and no JSON tables behind', async () => {
    await (await storageOn(openEmbeddedStore({ dataDir: dir }))).close();
    raw(dir, (db) => {
      for (const table of OPS_TABLES) {
        const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
        expect({ table, doc: columns.includes('doc') }).toEqual({ table, doc: false });
        expect((db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql).toMatch(/STRICT/);
      }
      const left = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%__documents' OR name IN (${OLD_CLAIM_TABLES.map(() => '?').join(', ')}))`).all(...OLD_CLAIM_TABLES);
      expect(left).toEqual([]);
    });
  });

  it('moves a record that is not JSON, or that the typed table refuses, to the quarantine whole, and moves the others', async () => {
    raw(dir, (db) => {
      // A torn document as damage leaves it (its expression indexes would refuse to index it, so they go first: the migration drops them too).
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox_messages' AND sql IS NOT NULL").all() as { name: string }[]) db.exec(`DROP INDEX "${name}"`);
      db.prepare("INSERT INTO outbox_messages (id, doc) VALUES ('torn', '{\"_id\":\"torn\",\"state\":\"pen')").run();
      db.prepare(`INSERT INTO summary_claims (id, doc) VALUES ('2026-W47:cb-9', json_object('_id', '2026-W47:cb-9', 'subject', 'cb-9', 'week', '2026-W47', 'status', 'lost', 'claimedAt', '${at(0)}', 'owner', 'h'))`).run();
    });
    const storage = await storageOn(openEmbeddedStore({ dataDir: dir }));
    const quarantined = raw(dir, (db) => (db.prepare(`SELECT doc FROM "${QUARANTINE}"`).all() as { doc: string }[]).map((r) => JSON.parse(r.doc)));
    const kept = (quarantined as { _id: string; collection: string; id: string; raw: string; problem: { reason: string } }[]).map((r) => ({
      collection: r.collection,
      id: r.id,
      reason: r.problem.reason,
      whole: typeof r.raw === 'string' && r.raw.length > 20,
    }));
    expect(kept.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { collection: 'summary_claims', id: '2026-W47:cb-9', reason: 'invalid', whole: true },
      { collection: 'outbox_messages', id: 'torn', reason: 'unreadable', whole: true },
    ]);
    expect(await storage.repos.outbox.get('reply:sms:SM-1')).not.toBeNull();
    expect(await storage.repos.claims('summaries', 'h').get('cb-1', '2026-W47')).not.toBeNull();
    await storage.close();
  });

  it('the typed tables refuse what must not hold: an unknown state, a time that is not ISO, negative tries, a second claim of one key', async () => {
    await openEmbeddedStore({ dataDir: dir }).close();
    raw(dir, (db) => {
      const refused = (sql: string): string => {
        try {
          db.exec(sql);
          return 'accepted';
        } catch (error) {
          return /constraint failed/.test((error as Error).message) ? 'refused' : (error as Error).message;
        }
      };
      expect({
        outboxState: refused(`INSERT INTO outbox_messages (id, person_id, channel, state, attempts, text_length, created_at, updated_at) VALUES ('x', 'p', 'sms', 'lost', 0, 1, '${at(0)}', '${at(0)}')`),
        outboxTime: refused(`INSERT INTO outbox_messages (id, person_id, channel, state, attempts, text_length, created_at, updated_at) VALUES ('x', 'p', 'sms', 'pending', 0, 1, '20/11/2026', '${at(0)}')`),
        failureHalf: refused(`INSERT INTO outbox_messages (id, person_id, channel, state, attempts, failure_reason, text_length, created_at, updated_at) VALUES ('x', 'p', 'sms', 'failed', 0, 'failed', 1, '${at(0)}', '${at(0)}')`),
        statusRank: refused(`INSERT INTO outbox_statuses (provider_id, status, rank, updated_at) VALUES ('S', 'sent', 9, '${at(0)}')`),
        claimTwice: refused(`INSERT INTO claims (book, week, subject, status, claimed_at, owner) VALUES ('summaries', '2026-W47', 'cb-1', 'sending', '${at(0)}', 'h')`),
        claimBook: refused(`INSERT INTO claims (book, week, subject, status, claimed_at, owner) VALUES ('birthdays', '2026-W47', 'cb-1', 'sending', '${at(0)}', 'h')`),
        codeTries: refused(`INSERT INTO one_time_codes VALUES ('link:a', 'link', 'a', 'p', 's', 'h', -1, '${at(9)}', '${at(0)}')`),
        communeSource: refused(`INSERT INTO gateway_devices (id, first_seen_at, last_seen_at, commune_id, commune_source) VALUES ('ph', '${at(0)}', '${at(0)}', 'c', 'guess')`),
      }).toEqual({
        outboxState: 'refused', outboxTime: 'refused', failureHalf: 'refused', statusRank: 'refused', claimTwice: 'refused', claimBook: 'refused', codeTries: 'refused', communeSource: 'refused',
      });
    });
  });
});

/** Holds every fdatasync of the WAL until released, to see what resolves before the disk has it. */
function heldFlushes() {
  const pending: (() => void)[] = [];
  const state = { holding: true };
  return {
    state,
    flushWal: (): Promise<void> => (state.holding ? new Promise((resolve) => pending.push(resolve)) : Promise.resolve()),
    releaseAll: () => pending.splice(0).forEach((release) => release()),
  };
}

const turns = async (n = 10) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('the outbox and claim writes on SQLite are on disk before they resolve', () => {
  it('inside a unit, each outbox and claim write waits for its own fsync (it guards a send)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-ops-durable-'));
    const flushes = heldFlushes();
    const storage = await storageOn(openEmbeddedStore({ dataDir, flushWal: flushes.flushWal }));
    const { outbox, claims, unit } = storage.repos;
    const message = { _id: 'k-1', personId: 'p', channel: 'sms' as const, state: 'pending' as const, attempts: 0, textLength: 1, createdAt: at(0), updatedAt: at(0) };
    const writes: [string, () => Promise<unknown>][] = [
      ['outbox claim', () => outbox.claim(message)],
      ['outbox record', () => outbox.record('k-1', { state: 'sent', providerId: 'S1' })],
      ['delivery status', () => outbox.advanceStatus('S1', 'sent', at(1))],
      ['summary claim', () => claims('summaries', 'h').claim('cb-1', '2026-W48', new Date(at(0)))],
      ['claim finished', () => claims('summaries', 'h').finish('cb-1', '2026-W48', 'sent')],
    ];
    const resolvedBeforeFsync: string[] = [];
    for (const [name, write] of writes) {
      let done = false;
      const running = unit(async () => {
        await write();
        done = true;
      });
      await turns();
      if (done) resolvedBeforeFsync.push(name);
      flushes.state.holding = false;
      flushes.releaseAll();
      await running;
      flushes.state.holding = true;
    }
    expect(resolvedBeforeFsync).toEqual([]);
    await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('the outbox and claims on SQLite cost one statement per write', () => {
  it('a sent message is three statements in the outbox (claim, result, provider status) and two in its book (claim, finish)', async () => {
    const store = openEmbeddedStore();
    const storage = await storageOn(store);
    const { outbox, claims } = storage.repos;
    const statements: string[] = [];
    store.traceStatements((sql) => {
      if (!/^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)/i.test(sql)) statements.push(sql.trim().split(/\s+/)[0]!);
    });
    await claims('summaries', 'h').claim('cb-1', '2026-W48', new Date(at(0)));
    await outbox.claim({ _id: 'summary:cb-1:2026-W48', personId: 'cb-1', channel: 'sms', state: 'pending', attempts: 0, textLength: 140, createdAt: at(0), updatedAt: at(0) });
    await outbox.record('summary:cb-1:2026-W48', { state: 'queued', attempts: 1, providerId: 'SM1', updatedAt: at(1) });
    await outbox.advanceStatus('SM1', 'sent', at(2));
    await claims('summaries', 'h').finish('cb-1', '2026-W48', 'sent');
    store.traceStatements(null);
    expect(statements).toEqual(['INSERT', 'INSERT', 'UPDATE', 'INSERT', 'UPDATE']);
    await storage.close();
  });

  it('after close, every outbox, claim, code and door call fails with the store-closed error', async () => {
    const storage = await storageOn(openEmbeddedStore());
    await storage.close();
    const calls: Promise<unknown>[] = [
      storage.repos.outbox.get('k'),
      storage.repos.outbox.advanceStatus('S', 'sent', at(0)),
      storage.repos.claims('summaries', 'h').claim('s', 'w', new Date(at(0))),
      storage.repos.oneTimeCodes.get('c'),
      storage.doors.gatewayDevices.withCommune(),
      storage.doors.downloadFiles.take('f'),
      storage.doors.webSessions.secret('csrf', () => 'x'),
    ];
    const names = (await Promise.allSettled(calls)).map((r) => (r.status === 'rejected' ? (r.reason as Error).name : 'resolved'));
    expect(new Set(names)).toEqual(new Set(['StoreClosedError']));
  });
});
