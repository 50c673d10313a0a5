import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStorage, type OpenStorage } from '../../../adapters/store/open-storage';
import { DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import type { SessionLog } from '../../../core/domain/session-log';
import type { QuarantineEvent } from '../../../adapters/store/record-check';
import { storedLogs } from '../../support/stored';
import { quarantined, rawMongo, rawSqlite, type RawStore } from './raw-stores';
import { DEMO } from '../../support/test-core';
import { createSmsHarness, twimlMessage } from '../../sms/twilio/helpers';

jest.setTimeout(60_000);
const dong = DEMO.collaboratorDong.phone;
const officer = DEMO.officer.phone;

/**
 * Changes one byte of one log row in the closed file: the `[` that opens its
 * place path (a JSON column) becomes `x`. A typed row's text columns lie side
 * by side, so code, village id and path are found together, in the row only.
 */
function flipByteInLog(dataDir: string, log: SessionLog): void {
  const file = path.join(dataDir, DATABASE_FILE);
  const bytes = fs.readFileSync(file);
  const start = bytes.indexOf(`${log.code}${log.villageId}["`);
  expect(start).toBeGreaterThan(0);
  const at = start + log.code.length + log.villageId.length;
  bytes[at] = 'x'.charCodeAt(0);
  fs.writeFileSync(file, bytes);
}

async function twoLogsThenDamage<S extends OpenStorage>(store: OpenStorage, damage: (log: SessionLog) => Promise<S>) {
  const before = await createSmsHarness({ store });
  await before.postSms({ from: dong, body: 'TT 45 hop thon' });
  before.clock.advance(60_000);
  await before.postSms({ from: dong, body: 'TT 30 loa thanh nien' });
  const [first, second] = await storedLogs(store);
  const reopened = await damage(first!);
  const after = await createSmsHarness({ store: reopened });
  after.clock.set(new Date(before.clock.now().getTime() + 120_000));
  return { after, damaged: first!, intact: second!, store: reopened };
}

describe('a damaged log row in the embedded store (issue 20 item 4)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-damage-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is moved to quarantine with one event naming table and id, and the collaborator still logs and the officer gets a refusal for it', async () => {
    const events: QuarantineEvent[] = [];
    const first = await openEmbeddedStorage({ dataDir });
    let raw: RawStore | null = null;
    const { after, damaged, intact, store } = await twoLogsThenDamage(first, async (log) => {
      await first.close(); // nothing else holds it
      flipByteInLog(dataDir, log);
      raw = await rawSqlite({ dataDir, durable: true, onQuarantine: (e) => events.push(e) });
      return raw.storage;
    });
    const logged = await after.postSms({ from: dong, body: 'TT 12 hop thon' });
    expect(logged.status).toBe(200);
    expect(twimlMessage(logged.text)).toMatch(/^Da ghi/);
    const cancel = await after.postSms({ from: officer, body: `HUY ${damaged.code}` });
    expect(cancel.status).toBe(200);
    expect(twimlMessage(cancel.text)).toContain(`#${damaged.code}`);
    expect(twimlMessage(cancel.text)).not.toMatch(/^Da huy/);
    const logs = await storedLogs(store);
    expect(logs.map((l) => l.participants)).toEqual([30, 12]);
    expect(logs[0]!._id).toBe(intact._id);
    expect(events).toEqual([{ table: 'logs', id: damaged._id, problem: { reason: 'unreadable' } }]);
    const kept = await quarantined(raw!);
    expect(kept.map((k) => [k.collection, k.id, k.problem.reason])).toEqual([['logs', damaged._id, 'unreadable']]);
    expect(kept[0]!.raw).toContain(`x\\"${damaged.placePath[0]}`);
    await raw!.close();
  });
});

type Listener = (e: QuarantineEvent) => void;
/** The damage each store can hold: SQLite's typed columns refuse a text in `participants`, so a group that is not a group code. */
interface Damage {
  write(store: RawStore, id: string): Promise<void>;
  fields: string[];
  shows: string;
}
const stores: [string, (onQuarantine: Listener) => Promise<RawStore>, Damage][] = [
  [
    'the embedded store',
    (onQuarantine) => rawSqlite({ onQuarantine }),
    { write: async (s, id) => void s.sql!((db) => db.prepare("UPDATE logs SET groups = 'không' WHERE id = ?").run(id)), fields: ['groups.0'], shows: 'không' },
  ],
  [
    'MongoDB',
    (onQuarantine) => rawMongo('loa_damage', { onQuarantine }),
    { write: async (s, id) => void (await s.mongo!.collection<{ _id: string }>('logs').updateOne({ _id: id }, { $set: { participants: 'bốn mươi' } })), fields: ['participants'], shows: 'bốn mươi' },
  ],
];

describe.each(stores)('a log that no longer fits its schema on %s', (_name, open, damage) => {
  it('is quarantined on the first read, kept whole with one event naming table and id, and the village keeps logging', async () => {
    const events: QuarantineEvent[] = [];
    const store = await open((e) => events.push(e));
    const { after, damaged } = await twoLogsThenDamage(store.storage, async (log) => {
      await damage.write(store, log._id);
      return store.storage;
    });
    const logged = await after.postSms({ from: dong, body: 'TT 12 hop thon' });
    expect(logged.status).toBe(200);
    expect(twimlMessage(logged.text)).toMatch(/^Da ghi/);
    const logs = await storedLogs(store.storage);
    expect(logs.map((l) => l.participants).sort()).toEqual([12, 30]);
    expect(logs.some((l) => l._id === damaged._id)).toBe(false);
    expect(events).toEqual([{ table: 'logs', id: damaged._id, problem: { reason: 'invalid', fields: damage.fields } }]);
    const kept = await quarantined(store);
    expect(kept.map((k) => [k.collection, k.id])).toEqual([['logs', damaged._id]]);
    expect(JSON.stringify(kept[0]!.raw)).toContain(damage.shows);
    await store.close();
  });
});
