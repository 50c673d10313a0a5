/** Stored sign-in sessions of the web door and its shared secrets: the port the web door uses, implemented in adapters/. */

export interface SessionRecord {
  /** SHA-256 of the cookie's token: a leaked store holds no usable session. */
  _id: string;
  personId: string;
  createdAt: string;
  expiresAt: string;
  [key: string]: unknown;
}

/** Stored sign-in sessions and the web's shared secrets (implemented in adapters/store/repositories/web-sessions-repo.ts). */
export interface WebSessionsRepo {
  insert(record: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | null>;
  remove(id: string): Promise<void>;
  /** The secret kept under `name`, made by `make` the first time; every process gets the same one. */
  secret(name: string, make: () => string): Promise<string>;
}
