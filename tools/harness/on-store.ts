import { createIndicatorEngine, type IndicatorEngine } from '../../core/indicators/engine';
import type { Repositories } from '../../core/ports/storage';
import type { OpenStorage } from '../../adapters/store/open-storage';

/** The repositories and the indicator engine on a test's storage, for use-cases called directly. */
export function onStore(storage: Pick<OpenStorage, 'repos'>): { repos: Repositories; engine: IndicatorEngine } {
  const repos = storage.repos;
  return { repos, engine: createIndicatorEngine({ repos }) };
}
