import { randomUUID } from 'node:crypto';
import { storedLogs } from '../support/stored';
import { DEMO } from '../support/test-core';
import { AUTH_TOKEN, BOT_TOKEN, createLoaUnderTest, GATEWAY_KEY, TELEGRAM_SECRET, type LoaUnderTest } from '../../tools/harness/loa-under-test';

/**
 * Logs are read by whoever runs the server: they must hold masked numbers
 * (`+8490****101`) and lengths, never a full phone number, a message body or
 * a secret. Everything pino writes at info level during a run through every
 * door is captured and searched.
 */
jest.setTimeout(60_000);

let loa: LoaUnderTest;
beforeAll(async () => {
  loa = await createLoaUnderTest();
});
afterAll(async () => {
  await loa?.close();
});

/** Every spelling of a number that would identify the person. */
function spellings(e164: string): string[] {
  const national = `0${e164.slice(3)}`;
  return [e164, e164.slice(1), national, national.slice(1), `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`];
}

const SECRET_NOTE = `bimat${randomUUID().slice(0, 8)}`;

describe('what the logs hold after traffic through every door', () => {
  it('never contains a full phone number, a message body or a secret at info level', async () => {
    const senders = [DEMO.collaboratorDong.phone, DEMO.collaboratorTay.phone, DEMO.officer.phone, DEMO.admin.phone, DEMO.unregisteredPhone];
    const bodies: string[] = [];
    let n = 0;
    for (const from of senders) {
      for (const text of [`TT ${300 + n} hop thon ${SECRET_NOTE}`, 'XEM', 'TONGHOP', `khong hieu ${SECRET_NOTE}`, 'HUY']) {
        n++;
        bodies.push(text);
        const res = await loa.postSms({ from, body: text });
        expect(res.status).toBe(200);
      }
    }
    // Refused and malformed requests log too.
    await loa.postSms({ from: `${DEMO.collaboratorDong.phone}x`, body: `TT 5 loa ${SECRET_NOTE}` });
    const forged = await loa.postTelegram({ update_id: 1 }, 'wrong-secret');
    expect(forged.status).toBe(401);

    // Telegram: share a contact (a phone number in the update), then log by text.
    const tgUser = 8_100_001;
    const base = { date: Math.floor(Date.now() / 1000), chat: { id: tgUser, type: 'private' }, from: { id: tgUser, is_bot: false, first_name: 'Binh', language_code: 'vi' } };
    await loa.postTelegram({ update_id: 5001, message: { ...base, message_id: 1, text: '/start' } });
    await loa.postTelegram({ update_id: 5002, message: { ...base, message_id: 2, contact: { phone_number: DEMO.collaboratorTay.phone.slice(1), first_name: 'Binh', user_id: tgUser } } });
    const tgText = `TT 777 loa ${SECRET_NOTE}`;
    bodies.push(tgText);
    const tg = await loa.postTelegram({ update_id: 5003, message: { ...base, message_id: 3, text: tgText } });
    expect(tg.status).toBe(200);

    // Android gateway: an SMS relayed by the commune's phone.
    const gatewayText = `TT 888 truong ${SECRET_NOTE}`;
    bodies.push(gatewayText);
    const envelope = JSON.stringify({ id: randomUUID(), deviceId: 'dev-privacy', event: 'sms:received', webhookId: 'w', payload: { messageId: 'm1', message: gatewayText, phoneNumber: DEMO.collaboratorDong.phone, simNumber: 1, receivedAt: new Date().toISOString() } });
    expect((await loa.postGateway(envelope)).status).toBe(200);

    // Each door really logged something, so the captured lines cover the handling paths.
    const logs = await storedLogs(loa.loa.storage);
    expect(logs.map((l) => `${l.channel}:${l.participants}`)).toEqual(expect.arrayContaining(['sms:300', 'sms:305', 'telegram:777', 'android:888']));

    const text = loa.log.text();
    const info = loa.log.entries().filter((e) => Number(e['level']) >= 30);
    expect(info.length).toBeGreaterThan(20);
    const infoText = info.map((e) => JSON.stringify(e)).join('\n');
    for (const phone of [...senders, DEMO.collaboratorAnNinh.phone]) for (const spelling of spellings(phone)) expect(infoText).not.toContain(spelling);
    expect(infoText).not.toContain(SECRET_NOTE);
    for (const body of bodies) expect(infoText).not.toContain(body);
    for (const secret of [AUTH_TOKEN, TELEGRAM_SECRET, GATEWAY_KEY, BOT_TOKEN, BOT_TOKEN.split(':')[1]!]) expect(text).not.toContain(secret);
    // The masked form is what identifies a sender in logs.
    expect(infoText).toMatch(/\+8490\*{4}101/);
  });
});
