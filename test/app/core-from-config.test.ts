import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../app/config';
import { buildRuntime } from '../../app/runtime';
import { openChatCore } from '../../tools/cli/chat';
import { openAdminCore } from '../../tools/cli/loa';
import { silentLogger } from '../../core/logger';
import type { CoreSettings } from '../../core/usecases/context';

/** Every setting away from its default, so a process that drops one shows. */
const ENV = {
  NODE_ENV: 'test',
  PORT: '0',
  HOST: '127.0.0.1',
  LOA_DEMO_DATA: 'false',
  LOA_TIME_ZONE: 'Asia/Bangkok',
  LOA_MAX_LOG_AGE_DAYS: '9',
  LOA_OFFICER_MAX_LOG_AGE_DAYS: '100',
  LOA_EDIT_WINDOW_DAYS: '3',
  LOA_UNPARSED_REPLIES_PER_HOUR: '5',
  LOA_MESSAGES_PER_MINUTE: '7',
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Each process on its own data folder (one process holds a folder at a time). */
function config() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'loa-settings-'));
  dirs.push(dir);
  return parseConfig({ ...ENV, DATA_DIR: dir });
}

describe('the core settings of the server, the terminal chat and the admin CLI', () => {
  it('are the same, all read from config', async () => {
    const expected: CoreSettings = { timeZone: 'Asia/Bangkok', maxLogAgeDays: 9, officerMaxLogAgeDays: 100, editWindowDays: 3, unparsedRepliesPerHour: 5, messagesPerMinute: 7 };
    const server = await buildRuntime(config(), 'test', { logger: silentLogger });
    const chat = await openChatCore(config(), silentLogger);
    const admin = await openAdminCore(config(), silentLogger);
    try {
      expect(server.core.settings).toEqual(expected);
      expect(chat.settings).toEqual(expected);
      expect(admin.settings).toEqual(expected);
    } finally {
      await server.close();
      await chat.storage.close();
      await admin.storage.close();
    }
  });
});
