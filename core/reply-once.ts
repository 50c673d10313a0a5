import type { CountersRepo } from './repos/inbound-repo';
import { MAX_RELAY_DELAY_MS } from './door-time';

/** The store's atomic claim (the counters repo), shared by every process. */
export type ReplyClaims = Pick<CountersRepo, 'claim'>;

/**
 * Sends a door's reply to one platform message at most once, however many
 * times the platform delivers it (Telegram and Zalo redeliver what was not
 * acknowledged, and a retry storm may send copies at once). The first caller
 * claims the message id; a failed send gives the claim back so the
 * redelivery that follows the 500 replies. Returns null when another copy
 * already replied or is replying. Without claims (tests, benches) it just sends.
 */
export async function replyOnce<T>(claims: ReplyClaims | undefined, key: string, now: Date, send: () => Promise<T>): Promise<T | null> {
  if (!claims) return send();
  const id = `reply-once:${key}`;
  const expiresAt = new Date(now.getTime() + MAX_RELAY_DELAY_MS);
  if (!(await claims.claim(id, 'state', 'sending', expiresAt))) return null;
  try {
    return await send();
  } catch (error) {
    await claims.claim(id, 'state', 'failed', expiresAt).catch(() => undefined);
    throw error;
  }
}
