/**
 * `npx tsx tools/bench/ops-repos-bench.ts [messages]`: the outbox and claim
 * writes of one sent message (outbox claim, its result, the provider's
 * status; a scheduled-message claim and its finish) on SQLite, through the
 * typed tables' repositories (migration 5) and, as the baseline in the same
 * run, through the document layer's repositories on JSON tables (what
 * af354c5 did). 16 concurrent senders, durable (fsync) and in memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStore, type EmbeddedStore } from '../../adapters/sqlite/embedded-store';
import { TYPED_TABLES } from '../../adapters/sqlite/migrations';
import { OPS_TABLES } from '../../adapters/sqlite/migration-ops';
import { ensureCoreIndexes } from '../../adapters/store/collections';
import { DocumentClaimsRepo } from '../../adapters/store/repositories/claims-repo';
import { DocumentOutboxRepo } from '../../adapters/store/repositories/outbox-repo';
import { SqliteClaimsRepo } from '../../adapters/sqlite/repositories/claims-repo';
import { SqliteOutboxRepo } from '../../adapters/sqlite/repositories/outbox-repo';
import type { OutboxRepo } from '../../core/outbound/outbox-records';
import type { ClaimsRepo } from '../../core/ports/claims';

const MESSAGES = Number(process.argv[2] ?? 2000);
const SENDERS = 16;

interface Repos {
  outbox: OutboxRepo;
  claims: ClaimsRepo;
}

/** The JSON layout of af354c5 on a store of today: the typed tables dropped, the document layer allowed on their names again. */
function documentLayout(store: EmbeddedStore): Promise<Repos> {
  for (const table of OPS_TABLES) {
    store.execRaw(`DROP TABLE IF EXISTS "${table}"`);
    TYPED_TABLES.delete(table);
  }
  const durable = store.eachWriteDurable();
  return ensureCoreIndexes(store).then(() => ({ outbox: new DocumentOutboxRepo(durable), claims: new DocumentClaimsRepo(durable, 'summaries', 'bench') }));
}

async function typedLayout(store: EmbeddedStore): Promise<Repos> {
  return { outbox: new SqliteOutboxRepo(store), claims: new SqliteClaimsRepo(store, 'summaries', 'bench') };
}

async function run(label: string, durable: boolean, layout: (s: EmbeddedStore) => Promise<Repos>): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-ops-bench-'));
  let flushes = 0;
  const store = durable ? openEmbeddedStore({ dataDir: dir, flushWal: (fd) => (flushes++, new Promise<void>((ok, ko) => fs.fdatasync(fd, (e) => (e ? ko(e) : ok())))) }) : openEmbeddedStore();
  const { outbox, claims } = await layout(store);
  const now = new Date('2026-11-23T01:00:00.000Z');
  const iso = now.toISOString();
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let i = next++; i < MESSAGES; i = next++) {
        const key = `summary:cb-${i}:2026-W48`;
        await claims.claim(`cb-${i}`, '2026-W48', now);
        await outbox.claim({ _id: key, personId: `cb-${i}`, channel: 'sms', state: 'pending', attempts: 0, textLength: 140, createdAt: iso, updatedAt: iso });
        await outbox.record(key, { state: 'queued', attempts: 1, providerId: `SM${i}`, updatedAt: iso });
        await outbox.advanceStatus(`SM${i}`, 'sent', iso);
        await claims.finish(`cb-${i}`, '2026-W48', 'sent', 'via sms');
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const rate = MESSAGES / seconds;
  console.log(`${label.padEnd(34)} ${durable ? 'fsync ' : 'memory'} ${rate.toFixed(0).padStart(7)} messages/s (5 writes each), ${flushes} fsyncs`);
  return rate;
}

(async () => {
  console.log(`${MESSAGES} messages, ${SENDERS} concurrent senders; load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  // Warm-up (JIT), not counted.
  await run('warm-up (typed)', false, typedLayout);
  for (const durable of [true, false]) {
    // Alternated, best of three each: the machine is shared, and one slow fsync skews a run.
    const typed: number[] = [];
    const documents: number[] = [];
    for (let round = 0; round < 3; round++) {
      documents.push(await run('JSON documents (baseline, af354c5)', durable, documentLayout));
      typed.push(await run('typed tables (migration 5)', durable, typedLayout));
    }
    const best = (xs: number[]) => Math.max(...xs);
    console.log(`  ${durable ? 'fsync' : 'memory'}: best typed ${best(typed).toFixed(0)}/s, best documents ${best(documents).toFixed(0)}/s, ratio ${(best(typed) / best(documents)).toFixed(2)}`);
  }
})();
