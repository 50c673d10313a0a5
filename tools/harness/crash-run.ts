import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inboundSmsParams, signedTwilioPost } from '../../sms/twilio/sign-request';
import { freePort, sleep, spawnLoa, type LoaProcess } from './loa-process';

/** Every collaborator with a phone in the demo roster (demo/roster-ke-sat.csv), with their person id. */
/** TT's largest participant count. */
const MAX_PARTICIPANTS = 10_000;

export const DEMO_COLLABORATORS: ReadonlyArray<{ id: string; phone: string }> = [
  { id: 'ctv-dong', phone: '+84905000101' },
  { id: 'ctv-tay', phone: '+84905000102' },
  { id: 'ctv-nam', phone: '+84905000103' },
  { id: 'ctv-bac', phone: '+84905000104' },
  { id: 'ctv-thuong', phone: '+84905000105' },
  { id: 'ctv-ha', phone: '+84905000106' },
  { id: 'ctv-trung', phone: '+84905000107' },
  { id: 'ctv-cau', phone: '+84905000108' },
  { id: 'ctv-ngoc', phone: '+84365000109' },
  { id: 'ctv-moi', phone: '+84905000110' },
  { id: 'ctv-an-ninh', phone: '+84905000301' },
  { id: 'ctv-phu-khe', phone: '+84905000302' },
];

/** Distinct messages the run can make: one participant count per person and message (each within TT's range). */
const MAX_MESSAGES = MAX_PARTICIPANTS * DEMO_COLLABORATORS.length;

const AUTH_TOKEN = 'crash-test-auth-token-0123456789';

export interface StoredLog {
  channel: string;
  channelMessageId: string;
  personId: string;
  participants: number;
  code: string;
}

export interface CrashRunOptions {
  /** Label for the figures line. */
  store: string;
  /** Extra environment for the child (`MONGODB_URI`, or nothing for the embedded store in a temp `DATA_DIR`). */
  env: Record<string, string>;
  /** Reads every stored log once all Loa processes are dead. */
  readLogs(dataDir: string): Promise<StoredLog[]>;
  clients?: number;
  minKills?: number;
  minAcknowledged?: number;
  /** A process lives this long (ms, uniform) after it is ready, then gets `kill -9`. */
  lifeMs?: [number, number];
  /** Traffic stops after this even if the goals are not met (the assertions then fail). */
  budgetMs?: number;
  seed?: number;
}

export interface CrashFigures {
  store: string;
  sent: number;
  requests: number;
  kills: number;
  starts: number;
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  /** Stored logs no sent message accounts for, or stored under another sender/count than sent. */
  phantom: number;
  /** 200s whose reply was not a "saved" confirmation, or a retried message answered with another code. */
  unexpectedReplies: string[];
  unacknowledgedAtEnd: number;
  statusCounts: Record<string, number>;
  seconds: number;
}

interface Message {
  sid: string;
  person: { id: string; phone: string };
  participants: number;
  code: string | null;
}

/**
 * The crash scenario: concurrent clients post signed SMS webhooks at a Loa
 * child process that is `kill -9`ed at random moments and restarted on the
 * same data. A client retries its message with the same MessageSid until it
 * gets a 200, like Twilio. At the end every acknowledged message must be
 * stored exactly once, with the code its confirmation named.
 */
export async function runCrashScenario(options: CrashRunOptions): Promise<CrashFigures> {
  const started = Date.now();
  const clients = options.clients ?? 8;
  const minKills = options.minKills ?? 6;
  const minAcknowledged = options.minAcknowledged ?? 1_200;
  const [lifeMin, lifeMax] = options.lifeMs ?? [300, 1_500];
  const budgetMs = options.budgetMs ?? 75_000;
  const random = mulberry32(options.seed ?? Date.now());

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-crash-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/sms`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOA_MESSAGES_PER_MINUTE: '10000',
    LOG_LEVEL: 'warn',
    LOA_DEMO_DATA: 'true',
    LOA_DEMO_LOGS: 'false', // every stored log must be one this run sent
    ...options.env,
  };

  const messages: Message[] = [];
  const acknowledged = new Set<string>();
  const unexpectedReplies: string[] = [];
  const statusCounts: Record<string, number> = {};
  let requests = 0;
  let kills = 0;
  let starts = 0;
  let generating = true;
  let aborted = false;
  let current: LoaProcess | null = null;

  const newMessage = (): Message => {
    const person = DEMO_COLLABORATORS[messages.length % DEMO_COLLABORATORS.length]!;
    // Participants double as the message's identity per person: distinct texts, so no 24 h re-send rule applies.
    // They stay within TT's 1–10,000 (a run that counted past 10,000 had every later message refused, answered 200).
    const participants = Math.floor(messages.length / DEMO_COLLABORATORS.length) + 1;
    const message: Message = { sid: `SM${String(messages.length).padStart(8, '0')}${Math.floor(random() * 1e12).toString(16)}`, person, participants, code: null };
    messages.push(message);
    return message;
  };

  const post = async (message: Message): Promise<boolean> => {
    const params = inboundSmsParams({ from: message.person.phone, body: `TT ${message.participants} hop thon`, messageSid: message.sid });
    const signed = signedTwilioPost(AUTH_TOKEN, url, params);
    requests++;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { method: 'POST', headers: signed.headers, body: signed.body, signal: AbortSignal.timeout(5_000) });
      status = res.status;
      text = await res.text();
    } catch (error) {
      // Refused: Loa is down. Anything else (reset, hang up): the request was in flight when it died.
      const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      const key = refused ? 'refused' : 'cut in flight';
      statusCounts[key] = (statusCounts[key] ?? 0) + 1;
      return false;
    }
    statusCounts[String(status)] = (statusCounts[String(status)] ?? 0) + 1;
    if (status !== 200) return false;
    const code = /#([A-Z0-9]{4,6})\b/.exec(text)?.[1] ?? null;
    if (!code) unexpectedReplies.push(`${message.sid}: ${text.slice(0, 200)}`);
    else if (message.code !== null && message.code !== code) unexpectedReplies.push(`${message.sid}: acknowledged as #${message.code}, then as #${code}`);
    message.code ??= code;
    acknowledged.add(message.sid);
    return true;
  };

  const client = async (): Promise<void> => {
    while (generating && messages.length < MAX_MESSAGES) {
      const message = newMessage();
      // Retry the same MessageSid until acknowledged, as Twilio does; the drain phase has its own deadline.
      while (!(await post(message))) {
        if (aborted || Date.now() - started > 2 * budgetMs + 30_000) return;
        await sleep(20 + random() * 30);
      }
    }
  };

  const supervisor = async (): Promise<void> => {
    while (generating) {
      current = spawnLoa(env, port);
      await current.ready();
      starts++;
      await sleep(lifeMin + random() * (lifeMax - lifeMin));
      const goalsMet = acknowledged.size >= minAcknowledged && kills >= minKills;
      // Past the budget, stop once the kills are in (a busy machine restarts slowly); never past twice the budget.
      const elapsed = Date.now() - started;
      if (goalsMet || (elapsed > budgetMs && kills >= minKills) || elapsed > 2 * budgetMs) {
        generating = false;
        return; // this one stays up while the clients drain their last messages
      }
      await current.kill9();
      kills++;
    }
  };

  try {
    await Promise.all([supervisor(), ...Array.from({ length: clients }, () => client())]);
    // Acknowledged writes must survive a crash too, not only a clean stop.
    if (current) {
      await (current as LoaProcess).kill9();
      kills++;
    }
    const stored = await options.readLogs(dataDir);
    return { ...tally(messages, acknowledged, stored, unexpectedReplies), store: options.store, requests, kills, starts, statusCounts, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    const tail = current ? (current as LoaProcess).tail() : '';
    throw new Error(`${(error as Error).message}${tail ? `\nlast output of Loa:\n${tail}` : ''}`);
  } finally {
    generating = false;
    aborted = true;
    if (current) await (current as LoaProcess).kill9();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function tally(messages: Message[], acknowledged: Set<string>, stored: StoredLog[], unexpectedReplies: string[]) {
  const bySid = new Map<string, StoredLog[]>();
  const byContent = new Map<string, number>();
  for (const log of stored) {
    if (log.channel !== 'sms') continue;
    bySid.set(log.channelMessageId, [...(bySid.get(log.channelMessageId) ?? []), log]);
    const content = `${log.personId}|${log.participants}`;
    byContent.set(content, (byContent.get(content) ?? 0) + 1);
  }
  const sent = new Map(messages.map((m) => [m.sid, m]));
  let lost = 0;
  const codeMismatches: string[] = [];
  for (const sid of acknowledged) {
    const logs = bySid.get(sid) ?? [];
    if (logs.length === 0) lost++;
    const message = sent.get(sid)!;
    if (logs.length === 1 && logs[0]!.code !== message.code) codeMismatches.push(`${sid}: acknowledged #${message.code}, stored #${logs[0]!.code}`);
  }
  let duplicated = 0;
  for (const logs of bySid.values()) if (logs.length > 1) duplicated += logs.length - 1;
  for (const count of byContent.values()) if (count > 1) duplicated += count - 1;
  let phantom = 0;
  for (const [sid, logs] of bySid) {
    const message = sent.get(sid);
    for (const log of logs) if (!message || log.personId !== message.person.id || log.participants !== message.participants) phantom++;
  }
  return {
    sent: messages.length,
    acknowledged: acknowledged.size,
    stored: stored.filter((l) => l.channel === 'sms').length,
    lost,
    duplicated,
    phantom,
    unexpectedReplies: [...unexpectedReplies, ...codeMismatches],
    unacknowledgedAtEnd: messages.length - acknowledged.size,
  };
}

export function formatFigures(f: CrashFigures): string {
  const statuses = Object.entries(f.statusCounts)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return (
    `crash test (${f.store}): ${f.sent} messages sent in ${f.requests} requests, ${f.kills} kill -9 over ${f.starts} starts, ` +
    `${f.acknowledged} acknowledged, ${f.stored} stored, ${f.lost} lost, ${f.duplicated} duplicated, ${f.phantom} phantom, ` +
    `${f.unacknowledgedAtEnd} never acknowledged, ${f.unexpectedReplies.length} unexpected replies; answers ${statuses}; ${f.seconds.toFixed(1)} s` +
    (f.unexpectedReplies.length > 0 ? `\n  first unexpected reply: ${f.unexpectedReplies[0]}` : '')
  );
}

/** A small seeded generator, so a failing run can be replayed with its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
