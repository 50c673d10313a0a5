import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FakeClock } from '../core/clock';
import { createCore } from '../core/create-core';
import { storageOn } from '../storage/open-storage';
import { loadDemoIfEmpty } from '../app/demo-roster';
import { openEmbeddedStore } from '../storage/sqlite/embedded-store';

const PHONES = ['+84905000101', '+84905000102', '+84905000103', '+84905000104', '+84905000105', '+84905000106', '+84905000107', '+84905000108'];

/**
 * Core entry throughput on the embedded store with durable acknowledgement
 * (fsync before each reply resolves): N concurrent senders, each text a new session.
 */
export async function main(): Promise<void> {
  for (const concurrency of [1, 16]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-core-'));
    const store = openEmbeddedStore({ dataDir: dir });
    const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
    // Throughput, not flood control: the clock stands still, so the per-sender limit would stop each phone after 10.
    const core = await createCore({ storage: await storageOn(store), clock, settings: { messagesPerMinute: 10_000_000 } });
    await loadDemoIfEmpty(core);
    const total = concurrency === 1 ? 500 : 3000;
    let next = 0;
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, lane) => {
        while (next < total) {
          const i = next++;
          const t0 = process.hrtime.bigint();
          const outcome = await core.handleInbound({
            channel: 'sms',
            channelMessageId: randomUUID(),
            sender: { kind: 'phone', phone: PHONES[(lane + i) % PHONES.length]! },
            // Distinct participants so no text is a re-send of another.
            text: `TT ${(i % 9000) + 1} hop thon`,
            receivedAt: clock.now(),
          });
          if (outcome.reply?.key !== 'log.saved' && outcome.reply?.key !== 'log.resent') throw new Error(`unexpected reply ${outcome.reply?.key}`);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(2);
    console.log(
      `core entry, embedded store, durable: ${total} logs with ${concurrency} concurrent sender(s): ${(total / seconds).toFixed(0)} logs/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
    );
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
