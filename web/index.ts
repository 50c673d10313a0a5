import type { Core } from '../core/create-core';
import type { UseCaseContext } from '../core/usecases/context';

/** The context the core's own use-cases run with (the web repairs logs through them). */
export function useCaseContextOf(core: Core): UseCaseContext {
  return core.useCases;
}

export { mountWeb, type WebOptions } from './web-app';
