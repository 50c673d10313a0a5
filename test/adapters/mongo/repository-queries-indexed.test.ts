/**
 * Every query the MongoDB repositories issue during the repository contract
 * suites and the rollup property test is served by an index they declare
 * (adapters/mongo/index-coverage.ts says what "served" means). The suites are
 * loaded into this file, so they run here with the driver's command
 * monitoring on; a test's own raw reads are left out (only commands sent
 * inside a repository call are recorded).
 */
import type { CommandStartedEvent } from 'mongodb';
import { createMongoStore, observeCommands } from '../../../adapters/mongo';
import { storageOn } from '../../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../../tools/harness/mongo-server';
import { queryShapesOf, unservedQueries, type QueryShape } from '../../../adapters/mongo/index-coverage';
import { MONGO_INDEXES } from '../../../adapters/mongo/repositories';

jest.setTimeout(180_000);

const shapes: QueryShape[] = [];
const stop = observeCommands((event: CommandStartedEvent, repository) => {
  if (repository) shapes.push(...queryShapesOf(event.commandName, event.command));
});

/* eslint-disable @typescript-eslint/no-require-imports */
require('../store/repositories/places-repo.test');
require('../store/repositories/people-repo.test');
require('../store/repositories/plans-repo.test');
require('../store/repositories/logs-repo.test');
require('../store/repositories/counters-repo.test');
require('../store/repositories/claims-repo.test');
require('../store/repositories/outbox-repo.test');
require('../store/repositories/one-time-codes-repo.test');
require('../store/repositories/door-repos.test');
require('../../core/storage/rollups.test');
/* eslint-enable @typescript-eslint/no-require-imports */

// The inbound claims have no suite of their own above: one message claimed, answered, re-claimed, released.
describe('the inbound claims on MongoDB', () => {
  it('give one owner per message, the stored answer to the others, and drop pending claims on release', async () => {
    const storage = await storageOn(await createMongoStore(uriWithDatabase(testMongoUri(), randomTestDatabase('loa_inbound_ix'))));
    try {
      const { inbound } = storage.repos;
      const at = '2026-11-20T03:00:00.000Z';
      expect(await inbound.claim('sms', 'm1', at, 10_000)).toEqual({ owner: true });
      expect(await inbound.claim('sms', 'm1', at, 10_000)).toMatchObject({ owner: false, record: { state: 'pending' } });
      await inbound.complete({ _id: 'sms:m1', channel: 'sms', channelMessageId: 'm1', personId: null, reply: { key: 'unknown.sender' }, lng: 'vi', receivedAt: at, processedAt: at });
      expect(await inbound.get('sms', 'm1')).toMatchObject({ state: 'done', reply: { key: 'unknown.sender' } });
      expect(await inbound.claim('sms', 'm2', at, 10_000)).toEqual({ owner: true });
      await inbound.release('sms', 'm2');
      expect(await inbound.get('sms', 'm2')).toBeNull();
      expect(await inbound.claim('sms', 'm3', at, 10_000)).toEqual({ owner: true });
      expect(await inbound.releaseAllPending()).toBe(1);
    } finally {
      await storage.close();
    }
  });
});

describe('the queries the MongoDB repositories issued above', () => {
  afterAll(stop);

  it('are each served by an index the repositories declare (equality fields first, then sort, then range)', () => {
    const collections = new Set(shapes.map((s) => s.collection));
    // The suites reached every kind of repository (or this test would prove nothing).
    for (const name of ['places', 'people', 'logs', 'counters', 'inbound', 'rollup_month_counts', 'rollup_day_counts', 'rollup_marks', 'rollup_place_months', 'rollup_anchor_months', 'outbox_messages', 'one_time_codes', 'summary_claims', 'gateway_devices', 'download_links', 'web_sessions']) {
      expect([name, collections.has(name)]).toEqual([name, true]);
    }
    expect(unservedQueries(shapes, MONGO_INDEXES)).toEqual([]);
  });
});
