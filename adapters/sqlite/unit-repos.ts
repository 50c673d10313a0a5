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
  const bind = binder(store, unit);
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
    claims: claimsIn(repos, bind),
  };
}

// Closures made per message are returned, never named: tsx names every named closure it creates at run time (~1 µs each).
function binder(store: EmbeddedStore, unit: UnitScope): <T extends object>(repo: T) => T {
  return (repo) => new Proxy(repo, new BindToUnit(store, unit));
}

function claimsIn(repos: Repositories, bind: ReturnType<typeof binder>): Repositories['claims'] {
  return (book, owner) => bind(repos.claims(book, owner));
}

/**
 * A repository's methods, each made once per message on first use (a message
 * calls a few, several times): a closure per property access, and the name
 * tsx's keep-names gives every closure it creates, were ~1% of a message's CPU.
 */
class BindToUnit<T extends object> implements ProxyHandler<T> {
  private readonly methods = new Map<PropertyKey, { of: unknown; bound: unknown }>();

  constructor(
    private readonly store: EmbeddedStore,
    private readonly unit: UnitScope,
  ) {}

  get(target: T, property: PropertyKey): unknown {
    const value: unknown = Reflect.get(target, property, target);
    if (typeof value !== 'function') return value;
    const made = this.methods.get(property);
    if (made?.of === value) return made.bound;
    const bound = callWithin(this.store, this.unit, value as (...a: unknown[]) => unknown, target);
    this.methods.set(property, { of: value, bound });
    return bound;
  }
}

function callWithin(store: EmbeddedStore, unit: UnitScope, fn: (...a: unknown[]) => unknown, target: object): (...args: unknown[]) => unknown {
  return (...args) => store.within(unit, () => fn.apply(target, args));
}
