import { cancelLog } from '../usecases/session-logs';
import { defineCommand, everyone } from './command-module';

declare module '../language/commands' {
  interface CommandShapes {
    /** `HUY A7K2 trung buoi`: `reason` is what followed the code, as typed (absent without a code or words). */
    cancel: {
      kind: 'cancel';
      code: string | null;
      reason?: string;
      /** Where the code is looked for, under the sender's place (the web names the log's village; the parser never sets it). */
      placeId?: string;
    };
  }
}

/** Longest reason kept with a cancellation (`HUY A7K2 <why>`). */
const MAX_REASON_LENGTH = 200;

/** HUY: cancel the sender's last log, or the one with this code (`HUY A7K2 trung buoi`). */
export const huy = defineCommand<'cancel'>({
  kind: 'cancel',
  rank: 3,
  words: ['cancel'],
  example: 'HUY',
  menu: 'huy',
  grammar: ({ rest, read }) => {
    // Anything after HUY other than a code is refused, not read as "cancel my last":
    // `HUY A7K` (a mistyped code) must not cancel a different log.
    if (rest.length === 0) return { ok: true, command: { kind: 'cancel', code: null } };
    const code = read.code(rest);
    if (code === null) return { ok: false, error: { code: 'unknown' } };
    // `HUY A7K2 trung buoi`: the words after the code are why, kept for the record (XUAT lists it).
    const reason = code.rest.map((t) => t.text).join(' ').trim().slice(0, MAX_REASON_LENGTH);
    return { ok: true, command: reason ? { kind: 'cancel', code: code.code, reason } : { kind: 'cancel', code: code.code } };
  },
  action: 'cancel',
  ...everyone((ctx, person, command) => cancelLog(ctx, person, command.code, command.placeId, command.reason)),
  replies: ['cancel.done', 'cancel.last_cancelled', 'cancel.already_cancelled', 'cancel.ask_code', 'cancel.nothing', 'cancel.not_found', 'cancel.too_late', 'edit.code_ambiguous'],
});
