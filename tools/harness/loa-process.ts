import { spawn, type ChildProcess } from 'node:child_process';
import { SERVER_NODE_FLAGS } from '../../app/server-node-flags';
import net from 'node:net';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** A free loopback port; the child binds it right after, so the race window is tiny. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LoaProcess {
  readonly pid: number;
  readonly port: number;
  /** Resolves once `/healthz` answers; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<void>;
  /** `kill -9`: no shutdown hook runs, nothing gets flushed. */
  kill9(): Promise<void>;
  /** SIGTERM and wait (graceful path). */
  stop(): Promise<void>;
  /** Its last output lines, for a failure message. */
  tail(): string;
}

/**
 * Runs `app/main.ts` exactly as `npm start` does (through tsx), in its own
 * process, so a `kill -9` is a real crash of the whole service.
 */
export function spawnLoa(env: Record<string, string>, port: number): LoaProcess {
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, '-r', 'tsx/cjs', 'app/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const isDead = () => child.exitCode !== null || child.signalCode !== null;

  return {
    pid: child.pid ?? -1,
    port,
    async ready(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (isDead()) throw new Error(`Loa exited before it was ready (${child.signalCode ?? child.exitCode}):\n${lines.join('\n')}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
          if (res.ok) return;
        } catch {
          // not listening yet
        }
        await sleep(50);
      }
      throw new Error(`Loa was not ready within ${timeoutMs} ms:\n${lines.join('\n')}`);
    },
    async kill9() {
      if (isDead()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (isDead()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
    tail: () => lines.join('\n'),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
