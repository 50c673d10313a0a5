/**
 * Transitional: the indicator read path (engine, scope-data, place-tree,
 * log-facts) and core/repos/rollups-repo.ts still query documents; they are
 * being moved onto repositories. Nothing else in core/ may import this; the
 * document layer lives in storage/document-store.ts.
 */
export type { Collection, DocumentStore, Update } from '../../storage/document-store';
