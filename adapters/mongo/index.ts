/** The MongoDB adapter of the storage port; see `mongo-store.ts`. */
export { createMongoStore, observeCommands, type CommandObserver, type MongoStoreOptions } from './mongo-store';
export { UNKNOWN_INDEX } from './duplicate-index';
