import { accountDoors, type Person } from '../domain/people';
import type { Channel } from '../domain/session-log';
import type { MessageSender } from './port';

export type SmsChannel = 'sms' | 'android';

export type DoorChoice =
  | { ok: true; sender: MessageSender }
  | { ok: false; reason: 'no_channel'; detail: string };

/**
 * The order doors are tried in when the person's own door is unknown or
 * fails: chat apps first (free, full text, no segment limit; Zalo before
 * Telegram because Telegram is blocked on Vietnam's networks), then the
 * configured SMS door, then the other. `LOA_DOOR_ORDER` replaces it.
 */
export function defaultDoorOrder(defaultSmsChannel: SmsChannel): Channel[] {
  return ['zalo', 'telegram', defaultSmsChannel, defaultSmsChannel === 'sms' ? 'android' : 'sms'];
}

export type DoorOrderResult = { ok: true; order: Channel[] } | { ok: false; problem: string };

/**
 * Reads `LOA_DOOR_ORDER` (`zalo,telegram,sms`): doors out, each once.
 * `doors`: the names it may use (app/config.ts passes the registered doors
 * that send); a door switched off for want of its settings is skipped when
 * sending, as one that cannot reach the person is.
 */
export function parseDoorOrder(text: string, doors: readonly Channel[]): DoorOrderResult {
  const names = text.split(/[\s,;]+/).filter((n) => n !== '');
  const order: Channel[] = [];
  for (const name of names) {
    const channel = doors.find((c) => c === name.toLowerCase());
    if (!channel) return { ok: false, problem: `unknown door "${name}" (use ${doors.join(', ')})` };
    if (order.includes(channel)) return { ok: false, problem: `door "${name}" is listed twice` };
    order.push(channel);
  }
  if (order.length === 0) return { ok: false, problem: 'no door listed' };
  return { ok: true, order };
}

/**
 * Every door that can reach the person, best first: the door they last wrote
 * from (they are known to read it), then `order`, then the doors of their chat
 * accounts that `order` leaves out (a door not named in `LOA_DOOR_ORDER`). A forced channel is the only candidate, never swapped.
 */
export function doorCandidates(person: Person, senders: ReadonlyMap<Channel, MessageSender>, order: readonly Channel[], forced?: Channel): MessageSender[] {
  const added = accountDoors(person).filter((door) => !order.includes(door));
  const names: Channel[] = forced !== undefined ? [forced] : [...(person.lastChannel ? [person.lastChannel as Channel] : []), ...order, ...added];
  const out: MessageSender[] = [];
  for (const name of names) {
    const sender = senders.get(name);
    if (sender && !out.includes(sender) && sender.canReach(person)) out.push(sender);
  }
  return out;
}

/** The first door of {@link doorCandidates}, or why there is none. */
export function chooseDoor(
  person: Person,
  senders: ReadonlyMap<Channel, MessageSender>,
  defaultSmsChannel: SmsChannel,
  forced?: Channel,
  order: readonly Channel[] = defaultDoorOrder(defaultSmsChannel),
): DoorChoice {
  const first = doorCandidates(person, senders, order, forced)[0];
  if (first) return { ok: true, sender: first };
  if (forced !== undefined) {
    const sender = senders.get(forced);
    return { ok: false, reason: 'no_channel', detail: sender ? `channel ${forced} cannot reach this person` : `no sender for channel ${forced}` };
  }
  return { ok: false, reason: 'no_channel', detail: 'no configured channel can reach this person' };
}
