import type { OneTimeCodeRecord } from '../usecases/one-time-codes';

/** Live one-time codes, one per purpose and requester (`_id`); each a salted hash, never the code. */
export interface OneTimeCodesRepo {
  /** Stores the requester's live code; a new one replaces the old. */
  put(record: OneTimeCodeRecord): Promise<void>;
  get(id: string): Promise<OneTimeCodeRecord | null>;
  /** Spends one try on this code (the same salt) while fewer than `maxTries` were spent; atomic, so parallel guesses cannot exceed it. */
  spendTry(id: string, salt: string, maxTries: number): Promise<boolean>;
  /** Removes this code (the same salt): true only for the one caller whose removal took it. */
  remove(id: string, salt: string): Promise<boolean>;
  /** Deletes the codes whose expiry passed before `now` (a code nobody tried again); returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
