/**
 * Sends one SMS to a local Loa exactly as Twilio would: form-encoded, signed
 * with TWILIO_AUTH_TOKEN over PUBLIC_URL + /sms. Lets you try the SMS door
 * without a Twilio account or a phone.
 *
 *   TWILIO_AUTH_TOKEN=dev-token npx tsx scripts/send-test-sms.ts --from +84905000101 "TT 45 hop thon"
 */
import { parseArgs } from 'node:util';
import { inboundSmsParams, newMessageSid, signedTwilioPost } from '../../sms/twilio/sign-request';

const USAGE = `usage: npx tsx scripts/send-test-sms.ts --from <phone> [--sid <MessageSid>] [--target <url>] [--unsigned] "<text>"

  --from      sender phone (E.164 or Vietnamese spelling), e.g. +84905000101
  --sid       reuse a MessageSid to see how Loa treats a Twilio retry (default: a new one)
  --target    where to POST (default: http://127.0.0.1:$PORT/sms, PORT defaults to 3000)
  --unsigned  send without a signature (only a Loa started with SMS_ALLOW_UNSIGNED=true accepts it)

Reads TWILIO_AUTH_TOKEN (must equal Loa's) and PUBLIC_URL (what Loa checks signatures against).`;

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      from: { type: 'string' },
      sid: { type: 'string' },
      target: { type: 'string' },
      unsigned: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const text = positionals.join(' ');
  if (values.help || !values.from || text.length === 0) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const token = process.env.TWILIO_AUTH_TOKEN;
  if (!token && !values.unsigned) {
    console.error('TWILIO_AUTH_TOKEN is not set. Use the same value Loa runs with, or start Loa with SMS_ALLOW_UNSIGNED=true and pass --unsigned.');
    return 2;
  }
  const target = values.target ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}/sms`;
  const targetUrl = new URL(target);
  // Loa checks against PUBLIC_URL + path when it is set, else against the URL it was called on.
  const publicUrl = process.env.PUBLIC_URL?.trim();
  const signedUrl = (publicUrl ? publicUrl.replace(/\/+$/, '') : targetUrl.origin) + targetUrl.pathname + targetUrl.search;
  const sid = values.sid ?? newMessageSid();
  const params = inboundSmsParams({ from: values.from, body: text, messageSid: sid });
  const signed = signedTwilioPost(token ?? '', signedUrl, params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (!values.unsigned) headers['x-twilio-signature'] = signed.headers['x-twilio-signature'] as string;

  let response: Response;
  try {
    response = await fetch(target, { method: 'POST', headers, body: signed.body });
  } catch (error) {
    console.error(`Could not reach Loa at ${target}: ${(error as Error).message}. Is it running (npm start)?`);
    return 1;
  }
  const body = await response.text();
  console.log(`${response.status} ${response.statusText}  (MessageSid ${sid}, signed for ${values.unsigned ? 'nothing' : signedUrl})`);
  const message = /<Message>([\s\S]*?)<\/Message>/.exec(body)?.[1];
  if (message !== undefined) console.log(`Loa replies: ${decodeXml(message)}`);
  else if (response.ok) console.log('Loa replies nothing (empty TwiML).');
  else console.log(body);
  return response.ok ? 0 : 1;
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
