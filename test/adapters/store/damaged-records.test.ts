import fs from 'node:fs';
import { storageOn } from '../../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import { createMongoStore } from '../../../adapters/mongo';
import { openEmbeddedStore, DATABASE_FILE } from '../../../adapters/sqlite/embedded-store';
import type { DocumentStore } from '../../../adapters/store/document-store';
import type { SessionLog } from '../../../core/domain/session-log';
import { QUARANTINE, type QuarantinedRecord, type QuarantineEvent } from '../../../adapters/store/record-check';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
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

async function twoLogsThenDamage(store: DocumentStore, damage: (log: SessionLog) => Promise<DocumentStore>) {
  const before = await createSmsHarness({ store: await storageOn(store) });
  await before.postSms({ from: dong, body: 'TT 45 hop thon' });
  before.clock.advance(60_000);
  await before.postSms({ from: dong, body: 'TT 30 loa thanh nien' });
  const [first, second] = await store.collection<SessionLog>('logs').find({}, { sort: { createdAt: 1 } });
  const reopened = await damage(first!);
  const after = await createSmsHarness({ store: await storageOn(reopened) });
  after.clock.set(new Date(before.clock.now().getTime() + 120_000));
  return { after, damaged: first!, intact: second!, store: reopened };
}

describe('a damaged log row in the embedded store (issue 20 item 4)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-damage-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is moved to quarantine with one event naming table and id, and the collaborator still logs and the officer gets a refusal for it', async () => {
    const events: QuarantineEvent[] = [];
    const { after, damaged, intact, store } = await twoLogsThenDamage(openEmbeddedStore({ dataDir }), async (log) => {
      await (await openEmbeddedStore({ dataDir })).close(); // nothing else holds it
      flipByteInLog(dataDir, log);
      return openEmbeddedStore({ dataDir, onQuarantine: (e) => events.push(e) });
    });
    const logged = await after.postSms({ from: dong, body: 'TT 12 hop thon' });
    expect(logged.status).toBe(200);
    expect(twimlMessage(logged.text)).toMatch(/^Da ghi/);
    const cancel = await after.postSms({ from: officer, body: `HUY ${damaged.code}` });
    expect(cancel.status).toBe(200);
    expect(twimlMessage(cancel.text)).toContain(`#${damaged.code}`);
    expect(twimlMessage(cancel.text)).not.toMatch(/^Da huy/);
    const logs = await store.collection<SessionLog>('logs').find({}, { sort: { createdAt: 1 } });
    expect(logs.map((l) => l.participants)).toEqual([30, 12]);
    expect(logs[0]!._id).toBe(intact._id);
    expect(events).toEqual([{ table: 'logs', id: damaged._id, problem: { reason: 'unreadable' } }]);
    const kept = await store.collection<QuarantinedRecord>(QUARANTINE).find({});
    expect(kept.map((k) => [k.collection, k.id, k.problem.reason])).toEqual([['logs', damaged._id, 'unreadable']]);
    expect(kept[0]!.raw).toContain(`x\\"${damaged.placePath[0]}`);
    await store.close();
  });
});

type Listener = (e: QuarantineEvent) => void;
/** The damage each store can hold: SQLite's typed columns refuse a text in `participants`, so a group that is not a group code. */
interface Damage {
  set: Record<string, unknown>;
  fields: string[];
  shows: string;
}
const stores: [string, (onQuarantine: Listener) => Promise<DocumentStore>, Damage][] = [
  ['the embedded store', async (onQuarantine) => openEmbeddedStore({ onQuarantine }), { set: { groups: 'không' }, fields: ['groups.0'], shows: 'không' }],
  ['MongoDB', (onQuarantine) => createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_damage')), { onQuarantine }), { set: { participants: 'bốn mươi' }, fields: ['participants'], shows: 'bốn mươi' }],
];

describe.each(stores)('a log that no longer fits its schema on %s', (_name, open, damage) => {
  it('is quarantined on the first read, kept whole with one event naming table and id, and the village keeps logging', async () => {
    const events: QuarantineEvent[] = [];
    const store = await open((e) => events.push(e));
    const { after, damaged } = await twoLogsThenDamage(store, async (log) => {
      await store.collection('logs').updateOne({ _id: log._id }, { $set: damage.set });
      return store;
    });
    const logged = await after.postSms({ from: dong, body: 'TT 12 hop thon' });
    expect(logged.status).toBe(200);
    expect(twimlMessage(logged.text)).toMatch(/^Da ghi/);
    const logs = await store.collection<SessionLog>('logs').find({});
    expect(logs.map((l) => l.participants).sort()).toEqual([12, 30]);
    expect(logs.some((l) => l._id === damaged._id)).toBe(false);
    expect(events).toEqual([{ table: 'logs', id: damaged._id, problem: { reason: 'invalid', fields: damage.fields } }]);
    const kept = await store.collection<QuarantinedRecord>(QUARANTINE).find({});
    expect(kept.map((k) => [k.collection, k.id])).toEqual([['logs', damaged._id]]);
    expect(JSON.stringify(kept[0]!.raw)).toContain(damage.shows);
    await store.close();
  });
});
