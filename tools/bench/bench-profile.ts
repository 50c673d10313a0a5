import fs from 'node:fs';
import { Session } from 'node:inspector';

/**
 * A CPU profile of only the measured part of a bench (no start-up, no
 * warm-up), written where `BENCH_PROFILE` says, for `tools/bench/profile-summary.ts`.
 * Off (a no-op) unless that variable is set, so the bench's own figures are untouched.
 */
export interface BenchProfile {
  start(): Promise<void>;
  /** Stops and writes the profile (`suffix` goes before `.cpuprofile` when a bench measures several runs). */
  stop(suffix?: string): Promise<void>;
}

export function benchProfile(target = process.env.BENCH_PROFILE): BenchProfile {
  if (!target) return { start: async () => undefined, stop: async () => undefined };
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object): Promise<T> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));
  return {
    async start() {
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
    },
    async stop(suffix = '') {
      const { profile } = await post<{ profile: unknown }>('Profiler.stop');
      const file = target.replace(/(\.cpuprofile)?$/, `${suffix}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.error(`CPU profile of the measured run: ${file}`);
    },
  };
}
