import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '../../core/inbound';
import { openEmbeddedStorage, openMongoStorage, type OpenStorage } from '../../adapters/store/open-storage';
import { randomTestDatabase, testMongoUri, uriWithDatabase } from '../../tools/harness/mongo-server';
import type { TestCore } from './test-core';

/** The two stores every core-entry test runs on, for `describe.each`; each MongoDB test gets its own database. */
export function bothStores(databasePrefix: string): [string, () => Promise<OpenStorage>][] {
  return [
    ['the embedded store', () => openEmbeddedStorage()],
    ['MongoDB', () => openMongoStorage(uriWithDatabase(testMongoUri(), randomTestDatabase(databasePrefix)))],
  ];
}

/** Texts into the core entry as SMS, and the reply rendered as the SMS would be. */
export function smsInto(core: () => TestCore) {
  const sms = (phone: string, text: string, id: string = randomUUID()): InboundMessage => ({
    channel: 'sms',
    channelMessageId: id,
    sender: { kind: 'phone', phone },
    text,
    receivedAt: core().clock.now(),
  });
  const send = async (phone: string, text: string, id?: string) => {
    const t = core();
    const outcome = await t.core.handleInbound(sms(phone, text, id));
    return { ...outcome, text: outcome.reply ? t.core.render(outcome.reply, outcome.lng, 'sms') : null };
  };
  return { sms, send };
}
