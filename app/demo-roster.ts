import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../core/create-core';
import { importDemoIfEmpty } from './demo-import';

/** The demo roster (`demo/` at the repository root, `dist/demo` in the image). */
export const DEMO_ROSTER_PATH = path.join(__dirname, '../demo/roster-ke-sat.csv');

/** Loads the demo roster file into an empty store; returns whether it did. */
export function loadDemoIfEmpty(core: Pick<Core, 'repos' | 'clock'>): Promise<boolean> {
  return importDemoIfEmpty(core, () => fs.readFileSync(DEMO_ROSTER_PATH, 'utf8'));
}
