import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

export interface FakeMessage {
  sid: string;
  accountSid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body: string;
  statusCallback?: string;
}

export interface FakeTwilio {
  /** Give this to `createTwilioSender({ apiBaseUrl })`. */
  readonly baseUrl: string;
  /** Messages Twilio accepted (answered 201). */
  readonly messages: FakeMessage[];
  /** Every Messages.json request, accepted or not. */
  readonly requests: number;
  /** The next `count` create requests answer `status` (500 by default) and create nothing. */
  failNext(count: number, status?: number, code?: number): void;
  /** Posts a signed status callback for `sid` to its StatusCallback URL, like Twilio does. */
  sendStatus(sid: string, status: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A small stand-in for Twilio's Messages API on loopback that the real SDK
 * talks to: checks Basic auth, parses the form like Twilio, answers like it.
 */
export async function startFakeTwilio(options: { accountSid: string; authToken: string }): Promise<FakeTwilio> {
  const messages: FakeMessage[] = [];
  const failures: { status: number; code: number }[] = [];
  let requests = 0;
  const expectedAuth = 'Basic ' + Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64');

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return json(404, { status: 404, message: 'not found', code: 20404 });
      if (req.headers.authorization !== expectedAuth || match[1] !== options.accountSid) {
        return json(401, { status: 401, message: 'Authenticate', code: 20003 });
      }
      requests++;
      const failure = failures.shift();
      if (failure) return json(failure.status, { status: failure.status, message: 'fake failure', code: failure.code });
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      const body = form.get('Body');
      if (!to || body === null || (!form.get('From') && !form.get('MessagingServiceSid'))) {
        return json(400, { status: 400, message: 'A To, a Body and a From or MessagingServiceSid are required', code: 21604 });
      }
      const message: FakeMessage = {
        sid: 'SM' + randomBytes(16).toString('hex'),
        accountSid: options.accountSid,
        to,
        body,
        ...(form.get('From') ? { from: form.get('From') as string } : {}),
        ...(form.get('MessagingServiceSid') ? { messagingServiceSid: form.get('MessagingServiceSid') as string } : {}),
        ...(form.get('StatusCallback') ? { statusCallback: form.get('StatusCallback') as string } : {}),
      };
      messages.push(message);
      json(201, {
        sid: message.sid,
        account_sid: message.accountSid,
        to: message.to,
        from: message.from ?? null,
        messaging_service_sid: message.messagingServiceSid ?? null,
        body: message.body,
        status: 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        api_version: '2010-04-01',
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages,
    get requests() {
      return requests;
    },
    failNext(count, status = 500, code = 20500) {
      for (let i = 0; i < count; i++) failures.push({ status, code });
    },
    async sendStatus(sid, status) {
      const message = messages.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`no status callback for ${sid}`);
      const params = { MessageSid: sid, MessageStatus: status, AccountSid: options.accountSid, To: message.to };
      const signature = twilio.getExpectedTwilioSignature(options.authToken, message.statusCallback, params);
      const response = await fetch(message.statusCallback, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
        body: new URLSearchParams(params).toString(),
      });
      return response.status;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
