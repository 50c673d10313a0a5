import type { Person } from '../domain/people';
import type { Channel } from '../domain/session-log';
import type { MessageSender } from './port';

export type SmsChannel = 'sms' | 'android';

export type DoorChoice =
  | { ok: true; sender: MessageSender }
  | { ok: false; reason: 'no_channel'; detail: string };

/**
 * Which door a message goes out of. A forced channel is obeyed or refused,
 * never swapped. Otherwise: the door the person last wrote from (they are
 * known to read it), then Telegram (free, full text, no segment limit), then
 * the configured SMS door, then the other SMS door.
 */
export function chooseDoor(
  person: Person,
  senders: ReadonlyMap<Channel, MessageSender>,
  defaultSmsChannel: SmsChannel,
  forced?: Channel,
): DoorChoice {
  if (forced !== undefined) {
    const sender = senders.get(forced);
    if (!sender) return { ok: false, reason: 'no_channel', detail: `no sender for channel ${forced}` };
    if (!sender.canReach(person)) return { ok: false, reason: 'no_channel', detail: `channel ${forced} cannot reach this person` };
    return { ok: true, sender };
  }
  const otherSms: SmsChannel = defaultSmsChannel === 'sms' ? 'android' : 'sms';
  const order: string[] = [person.lastChannel ?? '', 'telegram', defaultSmsChannel, otherSms];
  for (const channel of order) {
    const sender = senders.get(channel as Channel);
    if (sender && sender.canReach(person)) return { ok: true, sender };
  }
  return { ok: false, reason: 'no_channel', detail: 'no configured channel can reach this person' };
}
