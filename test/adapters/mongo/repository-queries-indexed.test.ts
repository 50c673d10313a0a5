/**
 * Every query the MongoDB repositories issue during the repository contract
 * suites and the rollup property test is served by an index they declare
 * (adapters/mongo/index-coverage.ts says what "served" means). The suites are
 * loaded into this file, so they run here with the driver's command
 * monitoring on; a test's own raw reads are left out (only commands sent
 * inside a repository call are recorded).
 */
import type { CommandStartedEvent } from 'mongodb';
import { observeCommands } from '../../../adapters/mongo';
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
require('../store/repositories/logs-repo.test');
require('../store/repositories/counters-repo.test');
require('../store/repositories/claims-repo.test');
require('../store/repositories/outbox-repo.test');
require('../store/repositories/one-time-codes-repo.test');
require('../store/repositories/door-repos.test');
require('../../core/storage/rollups.test');
// The inbound claims (one message, one run) through the core entry.
require('../../hardening/same-message.test');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('the queries the MongoDB repositories issued above', () => {
  afterAll(stop);

  it('are each served by an index the repositories declare (equality fields first, then sort, then range)', () => {
    const collections = new Set(shapes.map((s) => s.collection));
    // The suites reached every kind of repository (or this test would prove nothing).
    for (const name of ['places', 'people', 'logs', 'counters', 'inbound', 'rollup_month_counts', 'rollup_day_counts', 'rollup_marks', 'outbox_messages', 'one_time_codes', 'summary_claims', 'gateway_devices', 'download_links', 'web_sessions']) {
      expect([name, collections.has(name)]).toEqual([name, true]);
    }
    expect(unservedQueries(shapes, MONGO_INDEXES)).toEqual([]);
  });
});
