import type { OpenStorage } from '../../adapters/store/open-storage';

/**
 * The storage with a `down` switch: while true every store call fails with
 * StoreUnavailableError, like a database that went away (the admin port's outage).
 */
export function switchableStore(storage: OpenStorage): OpenStorage & { down: boolean } {
  let down = false;
  const switchable = Object.create(storage) as OpenStorage & { down: boolean };
  Object.defineProperty(switchable, 'down', {
    get: () => down,
    set: (value: boolean) => {
      down = value;
      storage.admin.setOutage(value);
    },
  });
  return switchable;
}
