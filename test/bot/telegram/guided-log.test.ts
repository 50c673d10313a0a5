import { DEMO } from '../../support/test-core';
import { createBotHarness, press, type BotHarness } from './harness';

const USER = 7001;

/** The parts of a log that describe the session (not ids, codes or timestamps). */
function essence(log: Awaited<ReturnType<BotHarness['logs']>>[number]) {
  const { villageId, placePath, date, periods, participants, form, groups, note, personId, channel, cancelledAt } = log;
  return { villageId, placePath, date, periods, participants, form, groups, note, personId, channel, cancelledAt };
}

async function guidedLog(h: BotHarness): Promise<void> {
  await h.send(h.updates.text(USER, '/tt'));
  await press(h, USER, 'họp thôn');
  await press(h, USER, 'thanh niên');
  await press(h, USER, 'Tiếp ▶');
  await press(h, USER, '50');
  await press(h, USER, /^Hôm qua/);
  await press(h, USER, '✅ Ghi');
}

describe('guided logging', () => {
  it('stores the same log as the typed command it stands for', async () => {
    const typed = await createBotHarness();
    await typed.link(DEMO.collaboratorDong.id, USER);
    await typed.send(typed.updates.text(USER, 'TT 50 hop thon thanh nien 19/11'));

    const guided = await createBotHarness();
    await guided.link(DEMO.collaboratorDong.id, USER);
    await guidedLog(guided);

    const [typedLog] = await typed.logs();
    const guidedLogs = await guided.logs();
    expect(guidedLogs).toHaveLength(1);
    expect(typedLog).toBeDefined();
    expect(essence(guidedLogs[0]!)).toEqual(essence(typedLog!));
    expect(guidedLogs[0]).toMatchObject({ participants: 50, form: 'hop', groups: ['tn'], date: '2026-11-19', channel: 'telegram' });
    expect(guided.api.lastText()).toMatch(/#[A-Z0-9]{4}/);
  });

  it('shows the equivalent text before saving, so people learn the short form', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '📝 Ghi buổi'));
    await press(h, USER, 'loa truyền thanh');
    await press(h, USER, 'Tiếp ▶');
    await press(h, USER, '100');
    await press(h, USER, /^Hôm nay/);
    const confirm = h.api.made('editMessageText').at(-1)?.text;
    expect(confirm).toContain('TT 100 loa 20/11/2026');
    expect(await h.logs()).toHaveLength(0);
  });

  it('accepts a typed number at the participants step', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, 'tt'));
    await press(h, USER, 'đến hộ gia đình');
    await press(h, USER, 'Tiếp ▶');
    await h.send(h.updates.text(USER, '37 người'));
    await press(h, USER, /^Hôm nay/);
    await press(h, USER, '✅ Ghi');
    expect(await h.logs()).toEqual([expect.objectContaining({ participants: 37, form: 'ho', date: '2026-11-20' })]);
  });

  it.each(['form', 'groups', 'participants', 'date', 'confirm'])('can be cancelled at the %s step and stores nothing', async (step) => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '/tt'));
    const path: Array<string | RegExp> = ['họp thôn', 'Tiếp ▶', '30', /^Hôm nay/];
    const steps = ['form', 'groups', 'participants', 'date', 'confirm'];
    for (const label of path.slice(0, steps.indexOf(step))) await press(h, USER, label);
    await press(h, USER, '✖ Hủy');
    expect(await h.logs()).toHaveLength(0);
    expect(h.api.made('editMessageText').at(-1)?.text).toBe('Đã hủy, chưa ghi gì.');
    expect(h.bot.flowSessions.size).toBe(0);
  });

  it('times out: a button pressed after the timeout says so and stores nothing', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '/tt'));
    await press(h, USER, 'họp thôn');
    h.clock.advance(11 * 60_000);
    await press(h, USER, 'Tiếp ▶');
    expect(h.api.made('answerCallbackQuery').at(-1)?.text).toMatch(/hết hạn/);
    expect(h.api.made('editMessageText').at(-1)?.text).toMatch(/hết hạn/);
    expect(await h.logs()).toHaveLength(0);
  });

  it('replaces the keyboard of an abandoned flow with an expiry note', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.link(DEMO.collaboratorTay.id, USER + 1);
    await h.send(h.updates.text(USER, '/tt'));
    h.clock.advance(11 * 60_000);
    await h.send(h.updates.text(USER + 1, 'XEM'));
    const edit = h.api.made('editMessageText').find((p) => p.chat_id === USER);
    expect(edit).toMatchObject({ text: expect.stringMatching(/hết hạn/) });
    expect(edit?.reply_markup).toBeUndefined();
    expect(h.bot.flowSessions.size).toBe(0);
  });

  it('saves once when "save" is tapped twice', async () => {
    const h = await createBotHarness();
    await h.link(DEMO.collaboratorDong.id, USER);
    await h.send(h.updates.text(USER, '/tt'));
    await press(h, USER, 'họp thôn');
    await press(h, USER, 'Tiếp ▶');
    await press(h, USER, '20');
    await press(h, USER, /^Hôm nay/);
    const save = h.api.buttons().get('✅ Ghi')!;
    await h.send(h.updates.callback(USER, save));
    await h.send(h.updates.callback(USER, save));
    expect(await h.logs()).toHaveLength(1);
  });
});
