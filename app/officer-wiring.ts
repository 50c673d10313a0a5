import type { Core } from '../core/create-core';

/** Attaches officer commands to a core (filled in when the summaries module lands). */
export async function attachOfficerCommands(_core: Core): Promise<void> {
  // Officer commands answer "not available" until wired.
}
