import pino from 'pino';
import { Writable } from 'node:stream';
import { setBotCommands } from '../../../bot/telegram';
import { reply } from '../../../core/reply';
import { DEMO } from '../../support/test-core';
import { createBotHarness } from './harness';

const USER = 6301;

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('the error boundary', () => {
  it('apologises in the user\'s language, logs the error with the update id, and keeps working', async () => {
    const { logger, lines } = capturingLogger();
    let calls = 0;
    const h = await createBotHarness({
      logger,
      handleInbound: ({ core }) => (message) => {
        calls++;
        if (calls === 1) throw new Error('handler exploded');
        return core.handleInbound(message);
      },
    });
    await h.link(DEMO.collaboratorDong.id, USER);
    const failing = h.updates.text(USER, 'TT 45 hop thon');

    await expect(h.send(failing)).resolves.toBeUndefined();
    expect(h.api.lastText()).toBe('Xin lỗi, Loa gặp lỗi khi xử lý tin nhắn này. Bạn vui lòng thử lại sau ít phút.');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, updateId: failing.update_id, err: expect.objectContaining({ message: 'handler exploded' }) }));
    expect(JSON.stringify(lines)).not.toContain('hop thon');

    await h.send(h.updates.text(USER, 'TT 30 loa'));
    expect(await h.logs()).toEqual([expect.objectContaining({ participants: 30, form: 'loa' })]);
  });

  it('apologises in English to a collaborator whose language is English', async () => {
    const h = await createBotHarness({ handleInbound: () => () => Promise.reject(new Error('boom')) });
    await h.link(DEMO.collaboratorEnglish.id, USER);
    await h.send(h.updates.text(USER, 'XEM'));
    expect(h.api.lastText()).toMatch(/^Sorry, Loa hit an error/);
  });

  it('still apologises when a button handler fails, and stops the button spinner', async () => {
    const h = await createBotHarness({ handleInbound: () => () => Promise.reject(new Error('boom')) });
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '/tt'));
    for (const label of ['họp thôn', 'Tiếp ▶', '20']) {
      const data = h.api.buttons().get(label)!;
      await h.send(h.updates.callback(USER, data));
    }
    const today = [...h.api.buttons().entries()].find(([text]) => text.startsWith('Hôm nay'))![1];
    await h.send(h.updates.callback(USER, today));
    await h.send(h.updates.callback(USER, h.api.buttons().get('✅ Ghi')!));
    expect(h.api.lastText()).toMatch(/^Xin lỗi/);
    expect(h.api.made('answerCallbackQuery').length).toBeGreaterThanOrEqual(5);
  });
});

describe('the message language on Telegram', () => {
  it('reads a slash command addressed to the bot like the same SMS', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '/tt@LoaTestBot 45 hop thon'));
    expect(await h.logs()).toEqual([expect.objectContaining({ participants: 45, form: 'hop' })]);
    expect(h.api.lastText()).toMatch(/[ạảãáàâăđêôơư]/);
  });

  it('sends an attachment from the core as a document', async () => {
    const xlsx = { filename: 'ke-sat-2026-11.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', content: Buffer.from('PK') };
    const h = await createBotHarness({
      handleInbound: () => async () => ({ reply: { ...reply('help.officer'), attachment: xlsx }, lng: 'vi', person: null, duplicate: false }),
    });
    await h.link(DEMO.officer.id, USER);
    await h.send(h.updates.text(USER, 'XUAT'));
    expect(h.api.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendDocument']);
    expect(h.api.made('sendDocument')[0]).toMatchObject({ chat_id: USER });
  });

  it('sends nothing when the core has nothing to say', async () => {
    const h = await createBotHarness({ handleInbound: () => async () => ({ reply: null, lng: 'vi', person: null, duplicate: false }) });
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, 'blah'));
    expect(h.api.calls).toEqual([]);
  });

  it('answers a photo with a hint that only text is read', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.photo(USER));
    expect(h.api.lastText()).toMatch(/chỉ đọc tin nhắn chữ/);
  });

  it('registers the command menu in Vietnamese and in English', async () => {
    const h = await createBotHarness();
    await setBotCommands(h.bot.api, h.core.i18n, h.core.commands.menuWords);
    const [vi, en] = h.api.made('setMyCommands');
    expect(vi?.language_code).toBeUndefined();
    expect(en?.language_code).toBe('en');
    expect(vi?.commands).toContainEqual({ command: 'tt', description: 'Ghi một buổi tuyên truyền (vd: /tt 45 hop thon)' });
    expect(en?.commands).toContainEqual({ command: 'tt', description: 'Log an outreach session (e.g. /tt 45 hop thon)' });
  });

  it('ignores group chats', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    const update = h.updates.text(USER, 'TT 45 hop thon');
    Object.assign(update.message!.chat, { id: -100, type: 'group', title: 'Xã Kẻ Sắt' });
    await h.send(update);
    expect(h.api.calls).toEqual([]);
    expect(await h.logs()).toEqual([]);
  });

  it('clears the blocked mark when a person writes to the bot again', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.core.repos.people.setAccountBlocked(DEMO.collaboratorDong.id, 'telegram', '2026-11-01T00:00:00Z');
    await h.send(h.updates.text(USER, 'XEM'));
    expect((await h.core.repos.people.get(DEMO.collaboratorDong.id))?.accounts).toEqual([{ door: 'telegram', id: String(USER) }]);
  });
});
