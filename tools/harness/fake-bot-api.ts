import type { Api, Transformer } from 'grammy';
import type { Update, UserFromGetMe } from 'grammy/types';

/** The bot as `getMe` would describe it; passed as `botInfo` so nothing goes online. */
export const TEST_BOT_INFO: UserFromGetMe = {
  id: 42_000_001,
  is_bot: true,
  first_name: 'Loa',
  username: 'LoaTestBot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** Whether the fake answered with an error. */
  failed: boolean;
  /** When the call arrived, by the clock given to the fake (ms). */
  at: number;
}

export interface FakeFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

/**
 * A recording API transformer: every Bot API call is kept, none leaves the
 * process, and answers are plausible enough for grammY (messages get ids).
 * Failures can be queued for a method, optionally only for one chat.
 */
export class RecordingBotApi {
  readonly calls: ApiCall[] = [];
  private readonly failures: Array<{ method: string; chatId?: number; failure: FakeFailure }> = [];
  private nextMessageId = 500;
  /** What `getUpdates` hands out next (long polling tests). */
  readonly pendingUpdates: Update[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** Records only; `prev` is never called. */
  readonly transformer: Transformer = async (_prev, method, payload) => {
    const body = (payload ?? {}) as Record<string, unknown>;
    const index = this.failures.findIndex((f) => f.method === method && (f.chatId === undefined || f.chatId === body.chat_id));
    if (index >= 0) {
      const failure = this.failures.splice(index, 1)[0]!.failure;
      this.calls.push({ method, payload: body, failed: true, at: this.now() });
      return { ok: false, ...failure } as never;
    }
    this.calls.push({ method, payload: body, failed: false, at: this.now() });
    if (method === 'getUpdates') return { ok: true, result: await this.takeUpdates(body) } as never;
    return { ok: true, result: this.result(method, body) } as never;
  };

  install(api: Api): this {
    api.config.use(this.transformer);
    return this;
  }

  /** The next call of `method` (to `chatId`, if given) fails with `failure`. */
  failNext(method: string, failure: FakeFailure, chatId?: number): void {
    this.failures.push({ method, failure, ...(chatId === undefined ? {} : { chatId }) });
  }

  /** Successful calls of one method. */
  made(method: string): Array<Record<string, unknown>> {
    return this.calls.filter((c) => c.method === method && !c.failed).map((c) => c.payload);
  }

  /** Texts the bot sent with `sendMessage`, in order. */
  texts(chatId?: number): string[] {
    return this.made('sendMessage')
      .filter((p) => chatId === undefined || p.chat_id === chatId)
      .map((p) => String(p.text));
  }

  lastText(): string {
    const texts = this.texts();
    return texts[texts.length - 1] ?? '';
  }

  /** The newest `reply_markup` sent or edited in. */
  lastMarkup(): Record<string, unknown> | undefined {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const markup = this.calls[i]!.payload.reply_markup;
      if (markup && !this.calls[i]!.failed) return markup as Record<string, unknown>;
    }
    return undefined;
  }

  /** Callback data of the newest inline keyboard, by button label. */
  buttons(): Map<string, string> {
    const keyboard = (this.lastMarkup()?.inline_keyboard ?? []) as Array<Array<{ text: string; callback_data?: string }>>;
    return new Map(keyboard.flat().map((b) => [b.text, b.callback_data ?? '']));
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Like Telegram: confirmed updates (below `offset`) go away; an empty poll waits a little instead of spinning. */
  private async takeUpdates(body: Record<string, unknown>): Promise<Update[]> {
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    while (this.pendingUpdates.length > 0 && this.pendingUpdates[0]!.update_id < offset) this.pendingUpdates.shift();
    if (this.pendingUpdates.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.pendingUpdates.slice(0, 100);
  }

  private result(method: string, body: Record<string, unknown>): unknown {
    switch (method) {
      case 'getMe':
        return TEST_BOT_INFO;
      case 'sendMessage':
      case 'sendDocument':
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return {
          message_id: method.startsWith('edit') ? Number(body.message_id ?? 1) : this.nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(body.chat_id ?? 0), type: 'private', first_name: 'User' },
          ...(typeof body.text === 'string' ? { text: body.text } : {}),
        };
      case 'getFile':
        return { file_id: String(body.file_id), file_unique_id: `u-${String(body.file_id)}`, file_path: `documents/${String(body.file_id)}` };
      default:
        return true;
    }
  }
}

/** Builds the updates Telegram would send, with increasing update ids. */
export class UpdateFactory {
  private nextUpdateId = 10_000;
  private nextMessageId = 1;

  constructor(private readonly now: () => Date) {}

  private user(userId: number, languageCode = 'vi') {
    return { id: userId, is_bot: false, first_name: `User${userId}`, language_code: languageCode };
  }

  private base(userId: number) {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(this.now().getTime() / 1000),
      chat: { id: userId, type: 'private' as const, first_name: `User${userId}` },
      from: this.user(userId),
    };
  }

  text(userId: number, text: string, updateId: number = this.nextUpdateId++): Update {
    const entities = text.startsWith('/') ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]!.length }] : undefined;
    return { update_id: updateId, message: { ...this.base(userId), text, ...(entities ? { entities } : {}) } };
  }

  contact(userId: number, contact: { phone: string; userId?: number }, options: { forwarded?: boolean } = {}): Update {
    return {
      update_id: this.nextUpdateId++,
      message: {
        ...this.base(userId),
        contact: { phone_number: contact.phone, first_name: 'Contact', ...(contact.userId === undefined ? {} : { user_id: contact.userId }) },
        ...(options.forwarded ? { forward_origin: { type: 'user' as const, date: 1, sender_user: this.user(contact.userId ?? 1) } } : {}),
      },
    } as Update;
  }

  document(userId: number, fileName: string, fileSize = 1024): Update {
    return {
      update_id: this.nextUpdateId++,
      message: { ...this.base(userId), document: { file_id: `file-${fileName}`, file_unique_id: `u-${fileName}`, file_name: fileName, file_size: fileSize } },
    } as Update;
  }

  photo(userId: number): Update {
    return { update_id: this.nextUpdateId++, message: { ...this.base(userId), photo: [{ file_id: 'f', file_unique_id: 'u', width: 1, height: 1 }] } } as Update;
  }

  callback(userId: number, data: string, messageId = 1): Update {
    return {
      update_id: this.nextUpdateId++,
      callback_query: {
        id: String(this.nextUpdateId),
        from: this.user(userId),
        chat_instance: 'ci',
        data,
        message: { message_id: messageId, date: Math.floor(this.now().getTime() / 1000), chat: { id: userId, type: 'private', first_name: 'U' }, text: 'x' },
      },
    } as Update;
  }
}
