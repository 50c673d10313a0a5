/** Transitional, for core/repos/rollups-repo.ts only (see ./port.ts); the collections are declared in storage/collections.ts. */
export { COLLECTIONS } from '../../storage/collections';
