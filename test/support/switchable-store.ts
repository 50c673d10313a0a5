import type { OpenStorage } from '../../adapters/store/open-storage';

/**
 * The storage with a `down` switch: while true every store call fails with
 * StoreUnavailableError, like a database that went away (the admin port's outage).
 */
export function switchableStore(storage: OpenStorage): OpenStorage & { down: boolean } {
  let down = false;
  return Object.assign(Object.create(storage) as OpenStorage, {
    get down() {
      return down;
    },
    set down(value: boolean) {
      down = value;
      storage.admin.setOutage(value);
    },
  });
}
