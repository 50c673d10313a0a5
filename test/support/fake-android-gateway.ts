import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signGatewayPayload } from '../../sms/android/signature';

export interface FakeGatewayMessage {
  id: string;
  message: string;
  phoneNumbers: string[];
  withDeliveryReport: boolean;
}

export interface FakeAndroidGateway {
  /** Give this to `createAndroidGatewaySender({ baseUrl })` (Local mode shape: `<base>/message`). */
  readonly baseUrl: string;
  /** Messages the phone accepted (answered 202), each id once. */
  readonly messages: FakeGatewayMessage[];
  /** Every `POST /message`, accepted or not. */
  readonly requests: number;
  /** The next `count` send requests answer `status` (500 by default) and queue nothing. */
  failNext(count: number, status?: number): void;
  /** Posts a signed `sms:sent` / `sms:delivered` / `sms:failed` envelope for a message to `webhookUrl`, like the app. */
  emitStatus(messageId: string, event: 'sms:sent' | 'sms:delivered' | 'sms:failed'): Promise<number>;
  close(): Promise<void>;
}

/**
 * A stand-in for the REST API of SMS Gateway for Android on loopback: Basic
 * auth, `POST /message` answering 202 with the message state, 409 for an id
 * it already has (what the app does), and failures on demand.
 */
export async function startFakeAndroidGateway(options: {
  username: string;
  password: string;
  deviceId?: string;
  webhookUrl?: string;
  signingKey?: string;
}): Promise<FakeAndroidGateway> {
  const messages: FakeGatewayMessage[] = [];
  const failures: number[] = [];
  let requests = 0;
  let events = 0;
  const expectedAuth = 'Basic ' + Buffer.from(`${options.username}:${options.password}`).toString('base64');

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/message') return json(404, { message: 'not found' });
      if (req.headers.authorization !== expectedAuth) return json(401, { message: 'Unauthorized' });
      requests++;
      const failure = failures.shift();
      if (failure !== undefined) return json(failure, { message: 'fake failure' });
      let body: Partial<FakeGatewayMessage>;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Partial<FakeGatewayMessage>;
      } catch {
        return json(400, { message: 'invalid JSON' });
      }
      if (typeof body.message !== 'string' || body.message.length === 0) return json(400, { message: 'Text message is empty' });
      if (!Array.isArray(body.phoneNumbers) || body.phoneNumbers.length === 0) return json(400, { message: 'phoneNumbers is empty' });
      const id = typeof body.id === 'string' ? body.id : `fake${messages.length}`;
      if (messages.some((m) => m.id === id)) return json(409, { message: 'Message with the same ID already exists' });
      messages.push({ id, message: body.message, phoneNumbers: body.phoneNumbers, withDeliveryReport: body.withDeliveryReport ?? true });
      json(202, {
        id,
        state: 'Pending',
        recipients: body.phoneNumbers.map((phoneNumber) => ({ phoneNumber, state: 'Pending', error: null })),
        isEncrypted: false,
        states: { Pending: new Date().toISOString() },
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
    failNext(count, status = 500) {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    async emitStatus(messageId, event) {
      if (!options.webhookUrl || !options.signingKey) throw new Error('fake gateway: webhookUrl and signingKey are needed to emit events');
      const message = messages.find((m) => m.id === messageId);
      if (!message) throw new Error(`fake gateway: no message ${messageId}`);
      const at = new Date().toISOString();
      const timeKey = event === 'sms:sent' ? 'sentAt' : event === 'sms:delivered' ? 'deliveredAt' : 'failedAt';
      const body = JSON.stringify({
        deviceId: options.deviceId ?? 'ffffffffceb0b1db0000018e937c815b',
        event,
        id: `evt-${++events}-${messageId}`,
        payload: { messageId, phoneNumber: message.phoneNumbers[0], simNumber: 1, [timeKey]: at, ...(event === 'sms:failed' ? { reason: 'RESULT_ERROR_GENERIC_FAILURE' } : {}) },
        webhookId: 'fake-webhook',
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signGatewayPayload(options.signingKey, body, timestamp), 'x-timestamp': timestamp },
        body,
      });
      return response.status;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}
