/**
 * A real MongoDB-protocol server for tests, found or started without internet.
 * The order is the issue's: an explicit `MONGODB_URI` (a real MongoDB, e.g. from
 * docker compose), else FerretDB 1.x with SQLite built from `test/ferretdb/`,
 * else mongodb-memory-server (works only where mongod can be downloaded).
 * If none starts, it throws with what to install, so the suite fails instead of
 * quietly skipping the adapter that production runs on.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface TestMongo {
  /** Connection string without a database; each test file appends its own. */
  uri: string;
  /** Which server this is, for the run's first line. */
  name: string;
  stop(): Promise<void>;
}

export interface StartTestMongoOptions {
  /** Environment to read `MONGODB_URI` and the knobs below from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** The FerretDB build script (default `test/ferretdb/build.sh`). */
  ferretdbBuildScript?: string;
  /** Try mongodb-memory-server last (default true; `LOA_TEST_NO_MEMORY_SERVER=1` turns it off). */
  memoryServer?: boolean;
  /** Where progress goes (default stderr). */
  log?: (line: string) => void;
}

/** Raised when no server could be had; the message lists every attempt and the fix. */
export class NoTestMongoError extends Error {
  override readonly name = 'NoTestMongoError';
  constructor(readonly attempts: string[]) {
    super(
      'No MongoDB-protocol server for the MongoDB contract suite. Tried:\n' +
        attempts.map((a) => `  - ${a}`).join('\n') +
        '\nFix one of:\n' +
        '  - install Go >= 1.24 (apt-get install golang-go, or go.dev) and run `bash test/ferretdb/build.sh` (needs the Go module proxy once);\n' +
        '  - set MONGODB_URI to a running MongoDB (e.g. `docker compose up -d mongo`, then MONGODB_URI=mongodb://localhost:27017/?directConnection=true);\n' +
        '  - on a machine with internet, mongodb-memory-server-core downloads mongod by itself.',
    );
  }
}

const repoRoot = path.resolve(__dirname, '..', '..');
const READY_PREFIX = 'FERRETDB_READY ';

/** Starts (or finds) one server; see the module comment for the order. */
export async function startTestMongo(options: StartTestMongoOptions = {}): Promise<TestMongo> {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const attempts: string[] = [];

  if (env['MONGODB_URI']) {
    return { uri: env['MONGODB_URI'], name: 'MongoDB from MONGODB_URI', stop: async () => undefined };
  }
  attempts.push('MONGODB_URI: not set');

  const buildScript = options.ferretdbBuildScript ?? path.join(repoRoot, 'test', 'ferretdb', 'build.sh');
  try {
    const binary = findFerretdbBinary(buildScript, env, log);
    const server = await startFerretdb(binary, log);
    return server;
  } catch (error) {
    attempts.push(`FerretDB (${buildScript}): ${(error as Error).message}`);
  }

  const memoryServer = options.memoryServer ?? env['LOA_TEST_NO_MEMORY_SERVER'] !== '1';
  if (memoryServer) {
    try {
      return await startMemoryServer();
    } catch (error) {
      attempts.push(`mongodb-memory-server-core: ${firstLine((error as Error).message)}`);
    }
  } else {
    attempts.push('mongodb-memory-server-core: turned off');
  }

  throw new NoTestMongoError(attempts);
}

/** `LOA_FERRETDB_BIN` if set, else whatever build.sh prints (it reuses its cache when warm). */
function findFerretdbBinary(buildScript: string, env: NodeJS.ProcessEnv, log: (line: string) => void): string {
  const preset = env['LOA_FERRETDB_BIN'];
  if (preset) {
    if (!fs.existsSync(preset)) throw new Error(`LOA_FERRETDB_BIN=${preset} does not exist`);
    return preset;
  }
  if (!fs.existsSync(buildScript)) throw new Error('build script not found');
  log(`test mongo: running ${path.relative(repoRoot, buildScript) || buildScript} (a cold build takes a few minutes)`);
  const result = spawnSync('bash', [buildScript], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20 * 60_000 });
  if (result.stderr) log(result.stderr.trimEnd());
  const binary = result.stdout?.trim().split('\n').pop();
  if (result.status !== 0 || !binary) {
    throw new Error(`build.sh failed (${result.error?.message ?? `exit ${result.status}`}): ${tail(result.stderr ?? '', 3)}`);
  }
  return binary;
}

function ferretdbVersion(): string {
  try {
    const goMod = fs.readFileSync(path.join(repoRoot, 'test', 'ferretdb', 'go.mod'), 'utf8');
    return /github\.com\/FerretDB\/FerretDB (v\S+)/.exec(goMod)?.[1] ?? '1.x';
  } catch {
    return '1.x';
  }
}

/** Runs the binary on a free loopback port (it binds port 0 itself, so no race) in a temp folder. */
async function startFerretdb(binary: string, log: (line: string) => void): Promise<TestMongo> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-ferretdb-'));
  const logFile = path.join(dir, 'ferretdb.log');
  const errFd = fs.openSync(logFile, 'a');
  const child = spawn(binary, ['-port', '0', '-dir', path.join(dir, 'data')], {
    stdio: ['ignore', 'pipe', errFd],
    env: { ...process.env, DO_NOT_TRACK: '1' },
  });
  fs.closeSync(errFd);
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const uri = await waitForReady(child, 20_000);
    log(`test mongo: FerretDB ${ferretdbVersion()} (SQLite) pid ${child.pid} at ${uri}, data in ${dir}`);
    return {
      uri,
      name: `FerretDB ${ferretdbVersion()} (SQLite backend, embedded Go build)`,
      stop: async () => {
        await stopChild(child);
        cleanup();
      },
    };
  } catch (error) {
    await stopChild(child);
    const detail = fs.existsSync(logFile) ? tail(fs.readFileSync(logFile, 'utf8'), 5) : '';
    cleanup();
    throw new Error(`${(error as Error).message}${detail ? `; its log: ${detail}` : ''}`);
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => finish(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | null, uri?: string) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      if (error) reject(error);
      else resolve(uri!);
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`exited early (${signal ?? `code ${code}`})`));
    const onError = (error: Error) => finish(error);
    child.once('exit', onExit);
    child.once('error', onError);
    lines.on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) finish(null, line.slice(READY_PREFIX.length).trim());
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function startMemoryServer(): Promise<TestMongo> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create();
  const version = server.opts.binary?.version ?? 'default version';
  return {
    uri: server.getUri(),
    name: `mongod ${version} (mongodb-memory-server-core)`,
    stop: async () => {
      await server.stop();
    },
  };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function tail(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/** Environment variables through which global setup hands the server to test workers. */
export const TEST_MONGO_ENV = {
  uri: 'LOA_TEST_MONGODB_URI',
  name: 'LOA_TEST_MONGODB_NAME',
  error: 'LOA_TEST_MONGODB_ERROR',
} as const;

/**
 * The run's server URI for a test file, or an Error saying why there is none.
 * Throwing (not skipping) is the point: a missing server must turn CI red.
 */
export function testMongoUri(env: NodeJS.ProcessEnv = process.env): string {
  const uri = env[TEST_MONGO_ENV.uri];
  if (uri) return uri;
  const reason = env[TEST_MONGO_ENV.error];
  throw new Error(
    reason ?? `${TEST_MONGO_ENV.uri} is not set: run the tests through jest so test/global-setup.ts starts a server`,
  );
}

/** The same server with another database in the path, keeping hosts and parameters. */
export function uriWithDatabase(uri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!match) throw new Error(`not a MongoDB URI: ${uri}`);
  return `${match[1]}/${database}${match[2] ?? ''}`;
}

/** A database name no other test file uses (MongoDB limits names to 63 bytes). */
export function randomTestDatabase(prefix = 'loa_test'): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`.slice(0, 63);
}
