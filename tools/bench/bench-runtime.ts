import { parseConfig, type Config } from '../../app/config';
import { buildRuntime, type Runtime, type RuntimeOptions } from '../../app/runtime';
import type { OpenStorage } from '../../adapters/store/open-storage';

/** Throughput, not flood control: a bench's clock stands still, so the per-sender limit would stop each phone after 10. */
export const NO_SENDER_LIMIT = { messagesPerMinute: 10_000_000 };

/** A bench's config: the defaults, nothing loaded at start (a bench seeds what it measures). */
export function benchConfig(env: Record<string, string> = {}): Config {
  return parseConfig({ NODE_ENV: 'test', LOA_DEMO_DATA: 'false', ...env });
}

/**
 * The runtime (`bench` mode: no doors, no schedules) on storage the bench
 * opened; the bench closes that storage itself as before.
 */
export function benchRuntime(storage: OpenStorage, options: Omit<RuntimeOptions, 'storage'> & { env?: Record<string, string> } = {}): Promise<Runtime> {
  const { env, ...rest } = options;
  return buildRuntime(benchConfig(env), 'bench', { ...rest, storage });
}
