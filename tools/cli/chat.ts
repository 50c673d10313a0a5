import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import pino from 'pino';
import { randomUUID } from 'node:crypto';
import { parseConfig } from '../../app/config';
import { buildRuntime, TERMINAL_CHANNEL } from '../../app/runtime';
import { runMain } from './run-main';
import type { Config } from '../../app/config';
import type { Core } from '../../core/create-core';
import type { Logger } from '../../core/logger';
import { normalizePhone } from '../../core/domain/phone';
import { smsSegments } from '../../core/i18n/gsm7';
import { createLogger } from '../../adapters/log/pino-logger';

const USAGE = 'usage: npm run chat -- --as <phone>   (e.g. --as 0905000101, a collaborator of the demo roster)';

/**
 * A terminal stand-in for an SMS phone: each line goes through the same core
 * entry as the SMS webhook and the exact SMS reply is printed. With a pipe on
 * stdin it prints one line per message (the reply alone, `\n` for line breaks),
 * so it can be scripted.
 */
/** The core the terminal chat talks to (the runtime's `chat` mode): no door out, so NHAC can only report whom it would remind. */
export async function openChatCore(config: Config, logger: Logger): Promise<Core> {
  return (await buildRuntime(config, 'chat', { logger })).core;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const asIndex = args.indexOf('--as');
  const rawPhone = asIndex >= 0 ? args[asIndex + 1] : undefined;
  if (!rawPhone) {
    console.error(USAGE);
    return 2;
  }
  const phone = normalizePhone(rawPhone);
  if (!phone.ok) {
    console.error(`"${rawPhone}" is not a phone number. ${USAGE}`);
    return 2;
  }
  const config = parseConfig();
  // Logs go to a file: the terminal shows the conversation only (stderr shares the screen, so NHAC's
  // "reminder not delivered" warnings would land in the chat as JSON lines).
  const logFile = path.join(config.dataDir, 'chat.log');
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn', pino.destination({ dest: logFile, append: true, sync: true }));
  const core = await openChatCore(config, logger);

  const interactive = process.stdin.isTTY === true;
  const person = await core.repos.people.findByPhone(phone.e164);
  if (interactive) {
    console.log(person ? `Chatting as ${person.name} (${person.role.kind}, ${person.role.placeId}). Ctrl+D to quit.` : `${phone.e164} is not on the roster: expect the "not registered" reply.`);
    console.log(`(Loa's own warnings go to ${path.relative(process.cwd(), logFile) || logFile}.)`);
  }
  const rl = readline.createInterface({ input: process.stdin, terminal: false });
  const prompt = () => interactive && process.stdout.write('> ');
  prompt();
  for await (const line of rl) {
    if (interactive && line.trim() === '') {
      prompt();
      continue;
    }
    const outcome = await core.handleInbound({
      channel: TERMINAL_CHANNEL,
      channelMessageId: randomUUID(),
      sender: { kind: 'phone', phone: phone.e164 },
      text: line,
      receivedAt: core.clock.now(),
    });
    const text = outcome.reply ? core.render(outcome.reply, outcome.lng, TERMINAL_CHANNEL) : '';
    if (interactive) {
      const info = smsSegments(text);
      console.log(text === '' ? '(no reply)' : text);
      console.log(`  [${info.units} chars, ${info.segments} segment${info.segments === 1 ? '' : 's'}, ${info.encoding}]`);
      prompt();
    } else {
      process.stdout.write(text.replace(/\r?\n/g, '\\n') + '\n');
    }
  }
  await core.storage.close();
  return 0;
}

runMain(module, main);
