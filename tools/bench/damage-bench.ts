import fs from 'node:fs';
import { openEmbeddedStorage } from '../../adapters/store/open-storage';
import os from 'node:os';
import path from 'node:path';
import { inboundSmsParams, signedTwilioPost } from '../../sms/twilio/sign-request';
import { DATABASE_FILE, openEmbeddedStore } from '../../adapters/sqlite/embedded-store';
import { DEMO_COLLABORATORS } from '../harness/crash-run';
import { freePort, spawnLoa } from '../harness/loa-process';

/**
 * `npx tsx bench/damage-bench.ts`: Loa as `npm start` runs it (embedded
 * store), fed signed SMS, `kill -9`ed, its files damaged, started again. Two
 * damages: 64 bytes flipped in the middle of the WAL (one frame), and one byte
 * of one log row in loa.db (`,"form"` → `x"form"`). For each it prints how many
 * acknowledged logs came back, how many were lost, and what Loa said about it;
 * the goal is that no acknowledged log is lost without a line saying so.
 *
 *   DAMAGE_BENCH_ACKS=300 npx tsx bench/damage-bench.ts
 */
const ACKS = Number(process.env.DAMAGE_BENCH_ACKS ?? 300);
const AUTH_TOKEN = 'damage-bench-auth-token-0123456789';

interface Run {
  dataDir: string;
  port: number;
  env: Record<string, string>;
}

async function newRun(): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-damage-bench-'));
  const port = await freePort();
  return { dataDir, port, env: { DATA_DIR: dataDir, TWILIO_AUTH_TOKEN: AUTH_TOKEN, PUBLIC_URL: `http://127.0.0.1:${port}`, LOA_MESSAGES_PER_MINUTE: '10000', LOG_LEVEL: 'warn', LOA_BACKUP_KEEP: '0' } };
}

/** Posts `count` logs one after another; returns the participants of those acknowledged (each count is unique). */
async function feed(run: Run, from: number, count: number): Promise<number[]> {
  const acked: number[] = [];
  for (let n = from; n < from + count; n++) {
    const person = DEMO_COLLABORATORS[n % DEMO_COLLABORATORS.length]!;
    const url = `http://127.0.0.1:${run.port}/sms`;
    const signed = signedTwilioPost(AUTH_TOKEN, url, inboundSmsParams({ from: person.phone, body: `TT ${n} hop thon`, messageSid: `SMdamage${n}` }));
    const res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body });
    if (res.status === 200 && /#[A-Z0-9]{4,6}/.test(await res.text())) acked.push(n);
  }
  return acked;
}

async function storedParticipants(dataDir: string): Promise<Set<number>> {
  const store = await openEmbeddedStorage({ dataDir, onWalDamage: () => undefined, onQuarantine: () => undefined });
  try {
    return new Set((await store.admin.allLogs()).map((l) => l.participants));
  } finally {
    await store.close();
  }
}

function report(name: string, acked: number[], stored: Set<number>, said: string[]): void {
  const lost = acked.filter((n) => !stored.has(n)).length;
  console.log(`${name}: ${acked.length} acknowledged, ${acked.length - lost} read back, ${lost} lost${lost > 0 ? ` (participants ${acked.filter((n) => !stored.has(n)).join(', ')})` : ''}`);
  for (const line of said) console.log(`  Loa said: ${line.slice(0, 260)}`);
  console.log(`  ${lost === 0 || said.length > 0 ? 'OK: nothing acknowledged lost without a line saying so' : 'FAIL: acknowledged logs lost silently'}`);
}

/** kill -9 with the WAL holding the latest commits, then 64 bytes flipped in its middle. */
async function walFlip(): Promise<void> {
  const run = await newRun();
  try {
    const loa = spawnLoa(run.env, run.port);
    await loa.ready();
    const acked = await feed(run, 1, ACKS);
    await loa.kill9();
    const wal = path.join(run.dataDir, `${DATABASE_FILE}-wal`);
    const bytes = fs.readFileSync(wal);
    const middle = Math.floor(bytes.length / 2);
    for (let i = middle; i < middle + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    fs.writeFileSync(wal, bytes);
    const again = spawnLoa(run.env, run.port);
    await again.ready();
    await again.stop();
    const said = again.tail().split('\n').filter((l) => l.includes('write-ahead log'));
    report(`WAL frame flipped (${(bytes.length / 1024).toFixed(0)} KB WAL)`, acked, await storedParticipants(run.dataDir), said);
  } finally {
    fs.rmSync(run.dataDir, { recursive: true, force: true });
  }
}

/** kill -9, a restart that folds the WAL in, then one byte of one log row changed; the village keeps logging. */
async function rowFlip(): Promise<void> {
  const run = await newRun();
  try {
    const loa = spawnLoa(run.env, run.port);
    await loa.ready();
    const acked = await feed(run, 1, ACKS);
    await loa.kill9();
    await openEmbeddedStore({ dataDir: run.dataDir }).close(); // checkpointed into loa.db
    const file = path.join(run.dataDir, DATABASE_FILE);
    const bytes = fs.readFileSync(file);
    // The typed log row of `TT 150`: its message id, with its place path (JSON, CHECKed) a few columns before it.
    // The inbound record holds the same id but no path before it. Breaking the path's `[` breaks the row's CHECK.
    // Every copy: a page split leaves stale copies of a row in free space, and only the live one counts.
    let flipped = 0;
    for (let i = bytes.indexOf('SMdamage150'); i >= 0; i = bytes.indexOf('SMdamage150', i + 1)) {
      const pathStart = bytes.lastIndexOf('["', i);
      if (pathStart >= 0 && i - pathStart < 300) {
        bytes[pathStart] = 'x'.charCodeAt(0);
        flipped++;
      }
    }
    if (flipped === 0) throw new Error('the log row of TT 150 was not found in loa.db');
    fs.writeFileSync(file, bytes);
    const again = spawnLoa(run.env, run.port);
    await again.ready();
    const more = await feed(run, ACKS + 1, 24); // every collaborator, the damaged village's included
    await again.stop();
    const said = again.tail().split('\n').filter((l) => l.includes('damaged record'));
    report(`one log row flipped, then ${more.length}/24 more acknowledged`, [...acked, ...more], await storedParticipants(run.dataDir), said);
  } finally {
    fs.rmSync(run.dataDir, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  await walFlip();
  await rowFlip();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
