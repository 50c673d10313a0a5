import { FakeClock } from '../../core/clock';
import { createCore, type Core, type CoreDeps } from '../../core/create-core';
import { isStaff, type Person, type Staff } from '../../core/domain/people';
import { loadDemoIfEmpty } from '../../app/demo-roster';
import { writeXlsx } from '../../adapters/office/exceljs-writer';
import { writeReportDocx } from '../../adapters/office/docx-report-writer';
import { openEmbeddedStorage, type OpenStorage } from '../../adapters/store/open-storage';
import { DEMO } from '../../tools/harness/demo-people';
import { commandRegistry } from '../../app/commands';

export { DEMO };

export interface TestCore {
  core: Core;
  /** The repositories under the core, and `admin` for what a test audits (every log, record counts, outages). */
  storage: OpenStorage;
  clock: FakeClock;
}

/**
 * A core on an in-memory embedded store with the demo roster, at a fixed time
 * (Friday 20 Nov 2026, 10:00 in Vietnam) unless told otherwise.
 */
export async function createTestCore(options: Omit<Partial<CoreDeps>, 'storage'> & { now?: Date; storage?: OpenStorage } = {}): Promise<TestCore> {
  const storage = options.storage ?? (await openEmbeddedStorage());
  const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock(options.now ?? new Date('2026-11-20T03:00:00Z'));
  const core = await createCore({ xlsx: writeXlsx, docx: writeReportDocx, ...options, commands: options.commands ?? commandRegistry(), storage, clock });
  await loadDemoIfEmpty(core);
  return { core, storage, clock };
}

/** The person as staff, for calling officer use-cases directly (the command table lets only staff through). */
export function asStaff(person: Person | null | undefined): Staff {
  if (!person || !isStaff(person)) throw new Error(`${person?._id ?? 'nobody'} is not an officer or admin`);
  return person;
}
