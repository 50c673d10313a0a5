import { fork, type ChildProcess } from 'node:child_process';
import { benchProfile } from './bench-profile';

/**
 * A server under load in its own process, so the load generator does not
 * share its event loop. The child (the same file, run with `args`) sends
 * `{port}` once listening and answers the message `count` with `{count}`.
 */
export interface BenchChild {
  port: number;
  /** `count`: what the child counts (stored logs); `cpu`: its process CPU time so far, in µs (user + system, every thread). */
  ask(question: 'count' | 'cpu'): Promise<number>;
  stop(): Promise<void>;
}

export function startBenchChild(file: string, args: string[]): Promise<BenchChild> {
  const child: ChildProcess = fork(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (msg: { port: number }) => {
      resolve({
        port: msg.port,
        ask: (question) =>
          new Promise((res) => {
            child.once('message', (answer: { count: number }) => res(answer.count));
            child.send(question);
          }),
        stop: () =>
          new Promise((res) => {
            child.once('exit', () => res());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * In the child: tells the parent the port, answers `count`, and on SIGTERM runs `stop` and exits.
 * With `BENCH_PROFILE` set (a path prefix), the child profiles from the first `cpu` question (after the warm-up) to SIGTERM.
 */
export function serveParent(port: number, count: () => Promise<number>, stop: () => Promise<void>): void {
  const target = process.env.BENCH_PROFILE;
  const profile = benchProfile(target ? `${target}-${process.argv[process.argv.indexOf('--serve') + 1] ?? 'child'}` : undefined);
  let profiling = false;
  process.send?.({ port });
  process.on('message', (question) => {
    if (question === 'count') void count().then((n) => process.send?.({ count: n }));
    if (question === 'cpu') {
      if (!profiling) {
        profiling = true;
        void profile.start();
      }
      const used = process.cpuUsage();
      process.send?.({ count: used.user + used.system });
    }
  });
  process.on('SIGTERM', () => {
    void (profiling ? profile.stop() : Promise.resolve()).then(stop).finally(() => process.exit(0));
  });
}

/** A bench file's entry: run with `--serve` it is the child server, otherwise the bench itself. */
export function benchEntry(module: NodeModule, main: () => Promise<void>, serve: () => Promise<void>): void {
  if (require.main !== module) return;
  const task = process.argv.includes('--serve') ? serve() : main();
  task.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
