import { StoreUnavailableError } from '../../core/ports/store-errors';
import type { DocumentStore } from '../../adapters/store/document-store';

/** A store whose every call fails while `down` is true, like a database that went away. */
export function switchableStore(inner: DocumentStore): DocumentStore & { down: boolean } {
  const state = { down: false };
  const guard = <T>(fn: () => Promise<T>): Promise<T> =>
    state.down ? Promise.reject(new StoreUnavailableError('test: store is down')) : fn();
  const wrapper = {
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
      // SQLite's typed repositories call the store itself, not through this wrapper.
      if (inner.sqlite) inner.sqlite.outage = value;
      // ... and so do MongoDB's native repositories.
      if (inner.mongo) inner.mongo.outage = value;
    },
    sqlite: inner.sqlite,
    mongo: inner.mongo,
    kind: inner.kind,
    description: inner.description,
    collection(name: string) {
      const c = inner.collection(name);
      return new Proxy(c, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => guard(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
        },
      });
    },
    ensureIndexes: (collection: string, indexes: Parameters<DocumentStore['ensureIndexes']>[1]) => guard(() => inner.ensureIndexes(collection, indexes)),
    ping: () => guard(() => inner.ping()),
    close: () => inner.close(),
  };
  return wrapper as DocumentStore & { down: boolean };
}
