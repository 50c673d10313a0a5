import { createIndicatorEngine, type IndicatorEngine } from '../../core/indicators/engine';
import type { Repositories } from '../../core/ports/storage';
import type { DocumentStore } from '../../adapters/store/document-store';
import { repositoriesOn } from '../../adapters/store/open-storage';

/** The repositories and the indicator engine on a test's store, for use-cases called directly. */
export function onStore(store: DocumentStore): { repos: Repositories; engine: IndicatorEngine } {
  const repos = repositoriesOn(store);
  return { repos, engine: createIndicatorEngine({ repos }) };
}
