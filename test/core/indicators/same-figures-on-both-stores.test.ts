import { randomUUID } from 'node:crypto';
import { FakeClock } from '../../../core/clock';
import { createCore, type Core } from '../../../core/create-core';
import { openEmbeddedStorage, openMongoStorage } from '../../../adapters/store/open-storage';
import { loadDemoIfEmpty } from '../../../app/demo-roster';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { DEMO } from '../../support/test-core';
import { onStore } from '../../../tools/harness/on-store';
import { commandRegistry } from '../../../app/commands';

/** Distinct notes, so each day's texts are new sessions rather than re-sends. */
const DAY_WORDS = ['mot', 'hai', 'ba', 'bon', 'nam', 'sau', 'bay', 'tam', 'chin', 'muoi', 'mươi mot', 'mươi hai'];

/** The same month of texts, replayed into a store, as the core would store them. */
async function replay(store: OpenStorage): Promise<Core> {
  const clock = new FakeClock(new Date('2026-11-02T03:00:00Z'));
  const core = await createCore({ commands: commandRegistry(), storage: store, clock });
  await loadDemoIfEmpty(core);
  const texts: [string, string][] = [
    [DEMO.collaboratorDong.phone, 'TT 45 hop thon thanh nien'],
    [DEMO.collaboratorDong.phone, 'TT 120 truong hs'],
    [DEMO.collaboratorTay.phone, 'TT 30 loa'],
    [DEMO.collaboratorTay.phone, 'TT 12 tap huan can bo'],
    [DEMO.collaboratorNgoc.phone, 'TT 60 den ho gia dinh phu nu'],
    [DEMO.collaboratorAnNinh.phone, 'TT 25 hop thon'],
  ];
  for (let day = 0; day < 12; day++) {
    for (const [phone, text] of texts.slice(0, (day % texts.length) + 1)) {
      await core.handleInbound({ channel: 'sms', channelMessageId: randomUUID(), sender: { kind: 'phone', phone }, text: `${text} ${DAY_WORDS[day]}`, receivedAt: clock.now() });
      clock.advance(60_000);
    }
    clock.advance(24 * 60 * 60 * 1000);
  }
  // One cancelled log must count nowhere, on either store.
  await core.handleInbound({ channel: 'sms', channelMessageId: randomUUID(), sender: { kind: 'phone', phone: DEMO.collaboratorDong.phone }, text: 'HUY', receivedAt: clock.now() });
  return core;
}

describe('indicators on both stores', () => {
  let embedded: OpenStorage;
  let mongo: OpenStorage;
  beforeAll(async () => {
    embedded = await openEmbeddedStorage();
    mongo = await openMongoStorage(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_indicators')));
    await replay(embedded);
    await replay(mongo);
  });
  afterAll(async () => {
    await embedded.close();
    await mongo.close();
  });

  it.each([
    [DEMO.commune, 'week', true],
    [DEMO.commune, 'month', false],
    [DEMO.province, 'year', false],
  ] as const)('the %s report for the %s is the same on the embedded store and on MongoDB', async (scope, period, daily) => {
    const at = new Date('2026-11-14T03:00:00Z');
    const fromEmbedded = await onStore(embedded).engine.report(scope, at, { period, daily });
    const fromMongo = await onStore(mongo).engine.report(scope, at, { period, daily });
    expect(fromEmbedded).not.toBeNull();
    // Compared as plain data: key order and object prototypes differ between drivers, values must not.
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    expect(plain(fromMongo)).toEqual(plain(fromEmbedded));
    expect(fromEmbedded!.snapshot.period.participants).toBeGreaterThan(0);
  });
});
