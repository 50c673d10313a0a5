import type { Logger } from '../core/logger';
import type { Outbound } from '../core/outbound/port';

/**
 * Development only: a demo officer on a fresh `npm start` has no door (no SMS
 * gateway, no chat linked), so a web sign-in code that reaches nobody is
 * printed in the terminal instead. Never wired in production.
 */
export function printUnreachableCodes(outbound: Outbound, render: (key: string, values: Record<string, unknown>) => string, logger: Logger): Outbound {
  return {
    async send(request) {
      const result = await outbound.send(request);
      if (result.ok || result.reason !== 'no_channel' || !request.reply.key.startsWith('codes:message.web-login')) return result;
      const text = render(request.reply.key, (request.reply.values ?? {}) as Record<string, unknown>);
      logger.warn(`development only: ${request.person.name} has no door, the web sign-in message is printed here: ${text}`);
      return { ok: true, status: 'sent', channel: 'chat' };
    },
  };
}
