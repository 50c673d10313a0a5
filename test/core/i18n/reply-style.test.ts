/** The doors Loa ships (app/doors.ts) and the terminal phone. */
const CHANNELS = ['sms', 'telegram', 'android', 'chat', 'zalo', 'web'];
import { replyStyleOf } from '../../../core/i18n/render';

describe('the reply style of a door', () => {
  it('is full Vietnamese for the chat apps and the web page, and one GSM-7 segment for every SMS-like door, the terminal chat included', () => {
    expect(Object.fromEntries(CHANNELS.map((door) => [door, replyStyleOf(door)]))).toEqual({
      sms: 'sms',
      telegram: 'full',
      android: 'sms',
      chat: 'sms',
      zalo: 'full',
      web: 'full',
    });
  });
});
