import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import { twimlReply } from '../../../sms/twilio/twiml';

/** What the Twilio SDK's builder writes for `text` (the reference the direct writer must match). */
function sdkTwiml(text: string | null): string {
  const twiml = new MessagingResponse();
  if (text !== null && text.length > 0) twiml.message(text);
  return twiml.toString();
}

describe('the TwiML answer to a Twilio webhook', () => {
  const samples: (string | null)[] = [
    null,
    '',
    'Da ghi TT #UH3F: 45 nguoi, hop thon, nhan dan, Thon Dong, 02/12. 1 buoi thang 12. Sai? Nhan HUY UH3F',
    'a & b < c > d " e \' f',
    'x\r\ny\tz',
    'Đã ghi ✓ 😀 Thôn Đông',
    '&amp; ]]> <![CDATA[ x ]]>',
    'line one\nline two',
  ];

  it.each(samples.map((s) => [JSON.stringify(s), s]))('is byte for byte what the SDK builder writes for %s', (_label, text) => {
    expect(twimlReply(text)).toBe(sdkTwiml(text));
  });

  it('drops characters XML forbids (a control character in an echoed note) instead of failing the answer', () => {
    expect(() => sdkTwiml('note\u0001x')).toThrow();
    expect(twimlReply('note\u0001x\uFFFF \uD800 ok 😀')).toBe(sdkTwiml('notex  ok 😀'));
  });
});
