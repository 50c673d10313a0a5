import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Update } from 'grammy/types';
import { createBot, type LoaBot } from '../../bot/telegram';
import { FakeClock } from '../../core/clock';
import type { Core } from '../../core/create-core';
import { benchRuntime, NO_SENDER_LIMIT } from './bench-runtime';
import { silentLogger } from '../../core/logger';
import { loadDemoIfEmpty } from '../../app/demo-roster';
import type { OpenStorage } from '../../adapters/store/open-storage';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import { RecordingBotApi, TEST_BOT_INFO, UpdateFactory } from '../harness/fake-bot-api';

interface Rig {
  core: Core;
  bot: LoaBot;
  api: RecordingBotApi;
  updates: UpdateFactory;
  users: number[];
  /** The store under the core, to count what it holds. */
  store: OpenStorage;
  close(): Promise<void>;
}

/** A bot on the embedded store in a temp folder (durable acks), every collaborator of Kẻ Sắt linked. */
async function rig(): Promise<Rig> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-bench-bot-'));
  const store = await openEmbeddedStorage({ dataDir: dir });
  const clock = new FakeClock(new Date('2026-11-20T03:00:00Z'));
  const { core } = await benchRuntime(store, { clock, settings: NO_SENDER_LIMIT });
  await loadDemoIfEmpty(core);
  const collaborators = await core.repos.people.under('ke-sat', 'collaborator');
  const users = collaborators.map((_, i) => 700_000 + i);
  await Promise.all(collaborators.map((p, i) => core.repos.people.linkAccount(p._id, 'telegram', String(users[i]!))));
  const bot = createBot('123456:BENCH', {
    handleInbound: core.handleInbound,
    i18n: core.i18n,
    people: core.repos.people,
    logger: silentLogger,
    clock,
    botInfo: TEST_BOT_INFO,
    autoRetry: false,
  });
  const api = new RecordingBotApi();
  api.install(bot.api);
  return {
    core,
    bot,
    api,
    updates: new UpdateFactory(() => clock.now()),
    users,
    store,
    close: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `total` jobs on `lanes` concurrent lanes; prints throughput and latency. */
async function measure(label: string, total: number, lanes: number, job: (i: number) => Promise<number>): Promise<void> {
  let next = 0;
  let updates = 0;
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = process.hrtime.bigint();
        const handled = await job(i);
        updates += handled;
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(46)} ${String(total).padStart(5)} jobs  ${(updates / seconds).toFixed(0).padStart(6)} updates/s` +
      `  p50 ${percentile(latencies, 50).toFixed(2)} ms  p99 ${percentile(latencies, 99).toFixed(2)} ms (per job)`,
  );
}

/**
 * Updates per second through `bot.handleUpdate` (grammY middleware, linking
 * lookup, core entry with fsync'd writes, reply through a recording transformer).
 * Lanes = 1 is long polling (updates handled one after another); 16 is a busy webhook.
 */
export async function main(): Promise<void> {
  const r = await rig();
  try {
    const send = (update: Update) => r.bot.handleUpdate(update);
    const user = (i: number) => r.users[i % r.users.length]!;
    // Every text distinct, so the core's re-send check never folds two together.
    let k = 0;
    const text = () => {
      const n = k++;
      return `TT ${1 + (n % 9_000)} hop thon ${20 - Math.floor(n / 9_000)}/11`;
    };
    const logs = () => r.store.admin.countRecords('logs');
    const expectLogs = async (expected: number) => {
      const stored = await logs();
      if (stored !== expected) throw new Error(`expected ${expected} logs, found ${stored}`);
    };

    await measure('typed log, 1 lane (polling)', 400, 1, async (i) => (await send(r.updates.text(user(i), text())), 1));
    await expectLogs(400);
    await measure('typed log, 16 lanes (webhook)', 2000, 16, async (i) => (await send(r.updates.text(user(i), text())), 1));
    await expectLogs(2400);

    const replay = Array.from({ length: 500 }, (_, i) => r.updates.text(user(i), text()));
    for (const u of replay) await send(u);
    await measure('re-delivered update (duplicate), 16 lanes', 2000, 16, async (i) => (await send(replay[i % replay.length]!), 1));
    await expectLogs(2900);

    await measure('guided log (6 updates each), 1 lane', 150, 1, async (i) => {
      const u = user(i);
      await send(r.updates.text(u, '/tt'));
      for (const step of ['fm:hop', 'g:tn', 'gn', `n:${5_000 + i}`, 'd:0', 'ok']) {
        const nonce = r.bot.flowSessions.size > 0 ? currentNonce(r) : '00000000';
        await send(r.updates.callback(u, `f:${nonce}:${step}`));
      }
      return 7;
    });
    await expectLogs(3050);
    await measure('unlinked user (linking prompt), 16 lanes', 2000, 16, async (i) => (await send(r.updates.text(900_000 + i, 'xin chao')), 1));

    console.log(`  logs stored: ${await logs()} (as expected); Bot API calls recorded: ${r.api.calls.length}`);
  } finally {
    await r.close();
  }
}

/** The nonce of the newest inline keyboard (what the user would tap). */
function currentNonce(r: Rig): string {
  const data = [...r.api.buttons().values()][0] ?? '';
  return data.split(':')[1] ?? '';
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
