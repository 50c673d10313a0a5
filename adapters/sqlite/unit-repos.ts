import type { Repositories } from '../../core/ports/storage';
import type { EmbeddedStore, UnitScope } from './embedded-store';

/**
 * The repositories as one unit's code sees them on SQLite: each call runs
 * {@link EmbeddedStore.within} the unit, so its writes resolve in the open
 * transaction and the unit alone waits for the fsync, without
 * AsyncLocalStorage (see {@link EmbeddedStore.unitWith}). A SQLite
 * repository runs its statements before its first await, which is the part a
 * call binds; anything it writes after an await would be a lone write
 * (durable by itself, only slower). Built per message: a proxy per
 * repository, the repositories (and their caches) are shared.
 */
export function reposInUnit(repos: Repositories, store: EmbeddedStore, unit: UnitScope): Repositories {
  const bind = <T extends object>(repo: T): T =>
    new Proxy(repo, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => store.within(unit, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      },
    });
  return {
    ...repos,
    places: bind(repos.places),
    people: bind(repos.people),
    logs: bind(repos.logs),
    inbound: bind(repos.inbound),
    counters: bind(repos.counters),
    plans: bind(repos.plans),
    outbox: bind(repos.outbox),
    oneTimeCodes: bind(repos.oneTimeCodes),
    rollups: bind(repos.rollups),
    claims: (book, owner) => bind(repos.claims(book, owner)),
  };
}
