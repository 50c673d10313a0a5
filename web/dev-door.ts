import type { Logger } from '../core/logger';
import type { Outbound } from '../core/outbound/port';

/**
 * Development only: a demo officer on a fresh `npm start` has no door (no SMS
 * gateway, no chat linked), so a web sign-in code that reaches nobody is
 * printed on the terminal, on its own plain line a person can read among the
 * logs (`Mã đăng nhập cho Phan Thị Oanh: 608173`). The log line says that it
 * happened, never the code. Never wired in production.
 */
export function printUnreachableCodes(
  outbound: Outbound,
  _render: (key: string, values: Record<string, unknown>) => string,
  logger: Logger,
  print: (line: string) => void = (line) => void process.stdout.write(`${line}\n`),
): Outbound {
  return {
    async send(request) {
      const result = await outbound.send(request);
      if (result.ok || result.reason !== 'no_channel' || !request.reply.key.startsWith('codes:message.web-login')) return result;
      print(`Mã đăng nhập cho ${request.person.name}: ${String(request.reply.values?.code ?? '')}`);
      logger.warn({ person: request.person._id }, 'development only: the person has no door, their web sign-in code is printed on the terminal');
      return { ok: true, status: 'sent', channel: 'chat' };
    },
  };
}
