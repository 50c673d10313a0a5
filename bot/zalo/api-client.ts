import { z } from 'zod';

/** The platform's own root; `ZALO_API_ROOT` points tests and the bench at a loopback fake instead. */
export const ZALO_API_ROOT = 'https://bot-api.zaloplatforms.com';

/** sendMessage and captions take 1 to 2000 characters. */
export const ZALO_TEXT_LIMIT = 2000;

/** The answer to "no update arrived during the long poll" (not an error for us). */
export const ZALO_NO_UPDATE = 408;

const Envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error_code: z.number().int().optional(), description: z.string().optional() }),
]);

export const ZaloUserSchema = z.object({ id: z.string().min(1) }).passthrough();

export const ZaloMessageSchema = z
  .object({
    message_id: z.string().min(1).max(200),
    from: ZaloUserSchema,
    chat: z.object({ id: z.string().min(1), chat_type: z.string().optional() }).passthrough(),
    /** Milliseconds since the epoch. */
    date: z.number().optional(),
    text: z.string().optional(),
  })
  .passthrough();

/**
 * One update, as `getUpdates` returns it in `result` and as the webhook posts
 * it (some deliveries wrap it as `{ok, result}`: unwrap with {@link unwrapUpdate}).
 * The docs' getUpdates sample has no `event_name`, so it is optional and a
 * message with text but no event name is read as a text message.
 */
export const ZaloUpdateSchema = z
  .object({
    event_name: z.string().optional(),
    message: ZaloMessageSchema.optional(),
  })
  .passthrough();
export type ZaloUpdate = z.infer<typeof ZaloUpdateSchema>;

const SentSchema = z.object({ message_id: z.string().optional(), date: z.number().optional() }).passthrough();
const BotInfoSchema = z.object({ id: z.string() }).passthrough();
const WebhookInfoSchema = z.object({ url: z.string().optional() }).passthrough();

/** A refusal from the platform (`ok: false`), with its code, or a transport failure (`errorCode` undefined, `status` set). */
export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  constructor(
    readonly method: string,
    /** The platform's `error_code`; undefined when no JSON answer came (network, 5xx page, bad JSON). */
    readonly errorCode: number | undefined,
    readonly description: string,
    /** HTTP status, when a response came at all. */
    readonly status?: number,
  ) {
    super(`Zalo ${method} failed: ${errorCode ?? status ?? 'no answer'} ${description}`);
  }
}

export interface ZaloApiOptions {
  token: string;
  /** Default {@link ZALO_API_ROOT}. */
  apiRoot?: string;
  /** Per-request limit in ms, beyond a long poll's own wait. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The few Bot API methods Loa uses. No well-kept Node library exists for this
 * API, so this is deliberately small: POST JSON to `/bot<TOKEN>/<method>`,
 * check the envelope and the result with zod, throw {@link ZaloApiError}.
 */
export class ZaloApi {
  private readonly base: string;
  private readonly timeoutMs: number;

  constructor(options: ZaloApiOptions) {
    this.base = `${(options.apiRoot ?? ZALO_API_ROOT).replace(/\/+$/, '')}/bot${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async call<T>(method: string, body: Record<string, unknown>, schema: z.ZodType<T>, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    let response: Response;
    try {
      response = await fetch(`${this.base}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      // The token is in the URL: never echo the request, only the cause.
      throw new ZaloApiError(method, undefined, (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message);
    }
    const json: unknown = await response.json().catch(() => undefined);
    const envelope = Envelope.safeParse(json);
    if (!envelope.success) throw new ZaloApiError(method, undefined, `unexpected answer (HTTP ${response.status})`, response.status);
    if (!envelope.data.ok) {
      const failure = envelope.data;
      throw new ZaloApiError(method, failure.error_code ?? response.status, failure.description ?? 'no description', response.status);
    }
    const result = schema.safeParse(envelope.data.result);
    if (!result.success) throw new ZaloApiError(method, undefined, `unexpected result shape: ${result.error.issues[0]?.message ?? ''}`, response.status);
    return result.data;
  }

  getMe(): Promise<z.infer<typeof BotInfoSchema>> {
    return this.call('getMe', {}, BotInfoSchema);
  }

  /** One long poll: an update, or null when none came within `timeoutSeconds` (error 408). */
  async getUpdate(timeoutSeconds: number, signal?: AbortSignal): Promise<ZaloUpdate | null> {
    try {
      const result = await this.call('getUpdates', { timeout: String(timeoutSeconds) }, z.unknown(), {
        timeoutMs: (timeoutSeconds + 10) * 1000,
        ...(signal ? { signal } : {}),
      });
      if (result === undefined || result === null) return null;
      const update = ZaloUpdateSchema.safeParse(result);
      if (!update.success) throw new ZaloApiError('getUpdates', undefined, 'an update of an unknown shape');
      return update.data;
    } catch (error) {
      if (error instanceof ZaloApiError && error.errorCode === ZALO_NO_UPDATE) return null;
      throw error;
    }
  }

  setWebhook(url: string, secretToken: string): Promise<unknown> {
    return this.call('setWebhook', { url, secret_token: secretToken }, WebhookInfoSchema);
  }

  deleteWebhook(): Promise<unknown> {
    return this.call('deleteWebhook', {}, z.unknown());
  }

  getWebhookInfo(): Promise<z.infer<typeof WebhookInfoSchema>> {
    return this.call('getWebhookInfo', {}, WebhookInfoSchema);
  }

  sendMessage(chatId: string, text: string): Promise<z.infer<typeof SentSchema>> {
    return this.call('sendMessage', { chat_id: chatId, text }, SentSchema);
  }

  sendPhoto(chatId: string, photoUrl: string, caption?: string): Promise<z.infer<typeof SentSchema>> {
    return this.call('sendPhoto', { chat_id: chatId, photo: photoUrl, ...(caption ? { caption } : {}) }, SentSchema);
  }

  sendChatAction(chatId: string, action: 'typing'): Promise<unknown> {
    return this.call('sendChatAction', { chat_id: chatId, action }, z.unknown());
  }
}

/** The webhook body is an update, sometimes wrapped as `{ok, result}`. */
export function unwrapUpdate(body: unknown): ZaloUpdate | null {
  const inner = body && typeof body === 'object' && 'result' in body && 'ok' in body ? (body as { result: unknown }).result : body;
  const parsed = ZaloUpdateSchema.safeParse(inner);
  return parsed.success ? parsed.data : null;
}
