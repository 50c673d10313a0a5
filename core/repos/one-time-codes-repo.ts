export const CODE_PURPOSES = ['link', 'web-login'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

/** The stored code: never the code itself, only a salted hash. */
export interface OneTimeCodeRecord {
  /** `<purpose>:<requester>`: one live code per requester, a new one replaces the old. */
  _id: string;
  purpose: CodePurpose;
  requester: string;
  personId: string;
  salt: string;
  hash: string;
  tries: number;
  expiresAt: string;
  createdAt: string;
  [key: string]: unknown;
}

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
