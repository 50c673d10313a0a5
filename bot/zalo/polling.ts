import type { Logger } from '../../core/logger';
import type { ZaloApi } from './api-client';
import type { ZaloDoor } from './zalo-door';

export interface ZaloPolling {
  /** Ends the loop and waits for the update in hand to finish. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended (after stop, or never). */
  readonly done: Promise<void>;
}

export interface ZaloPollingOptions {
  /** Long-poll wait in seconds (the platform's default is 30). */
  timeoutSeconds?: number;
  /** Waits after consecutive failures: 1 s, 2 s, … up to this. */
  maxBackoffMs?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const abortableSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * Long polling, the default (no public URL needed). getUpdates answers one
 * update at a time and nothing to acknowledge it with, so an update that
 * failed here is not asked for again: failures are logged, and the sender
 * sees no answer and writes again. The webhook mode does better (500 → redelivery).
 * A webhook left registered makes getUpdates fail: it is deleted first.
 */
export async function startZaloPolling(api: ZaloApi, door: ZaloDoor, logger: Logger, options: ZaloPollingOptions = {}): Promise<ZaloPolling> {
  const log = logger.child({ component: 'zalo-polling' });
  const timeoutSeconds = options.timeoutSeconds ?? 30;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const sleep = options.sleep ?? abortableSleep;
  await api.getMe();
  await api.deleteWebhook();
  const controller = new AbortController();

  const loop = async (): Promise<void> => {
    let failures = 0;
    while (!controller.signal.aborted) {
      try {
        const update = await api.getUpdate(timeoutSeconds, controller.signal);
        failures = 0;
        if (!update) continue;
        await door.handleUpdate(update).catch((error: unknown) => log.error({ err: error }, 'a zalo update failed'));
      } catch (error) {
        if (controller.signal.aborted) break;
        failures += 1;
        const wait = Math.min(maxBackoffMs, 1000 * 2 ** Math.min(failures - 1, 10));
        log.warn({ err: error, failures, waitMs: wait }, 'zalo getUpdates failed; retrying');
        await sleep(wait, controller.signal);
      }
    }
  };
  const done = loop();
  log.info({ timeoutSeconds }, 'zalo bot: long polling started');
  return {
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}
