import type { PlacesRepo } from '../repos/places-repo';
import type { PeopleRepo } from '../repos/people-repo';
import type { LogsRepo } from '../repos/logs-repo';
import type { CountersRepo, InboundRepo } from '../repos/inbound-repo';
import type { RollupsRepo } from '../repos/rollups-repo';
import type { PlansRepo } from '../plans/plans-repo';
import type { ClaimBooks } from './claims';
import type { OutboxRepo } from '../outbound/outbox-records';
import type { OneTimeCodesRepo } from '../repos/one-time-codes-repo';

/** The repositories the core works with, named in the domain's words; storage/ implements them for both stores. */
export interface Repositories {
  places: PlacesRepo;
  people: PeopleRepo;
  logs: LogsRepo;
  inbound: InboundRepo;
  counters: CountersRepo;
  plans: PlansRepo;
  /** At-most-once claims of scheduled messages, shared by every process on the store. */
  claims: ClaimBooks;
  outbox: OutboxRepo;
  oneTimeCodes: OneTimeCodesRepo;
  /** What reports read; repaired at the server's start (what a crash left marked), rebuilt from the logs on an admin's command. */
  rollups: RollupsRepo;
  /**
   * Runs `fn` as one durable unit: its writes may resolve before they are on
   * disk, and the unit resolves only once every write it made or read is. Act
   * on its outcome (acknowledge, reply) only after it resolves.
   */
  unit<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * The same unit, with the repositories `fn` must use for its calls to count
   * as the unit's (others are lone writes: durable each, slower). A store
   * offers it when it can tell a unit's calls apart without async context
   * (SQLite: no AsyncLocalStorage on the message path); callers fall back to
   * {@link unit} without it.
   */
  unitWith?<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
}

/** An open store as the core sees it: its repositories, whether it answers, and how to close it. */
export interface Storage {
  readonly kind: 'embedded' | 'mongodb';
  /** A human-readable description for logs (never contains credentials). */
  readonly description: string;
  readonly repos: Repositories;
  /** Resolves when the store can serve requests; rejects with StoreUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
