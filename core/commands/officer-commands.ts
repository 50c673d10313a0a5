import type { Staff } from '../domain/people';
import type { Command } from '../language/commands';
import { createOfficerKit, type OfficerCommandsDeps, type OfficerKit } from '../officer/officer-kit';
import type { Reply } from '../reply';
import { draftReport } from './baocao';
import { targetsOf } from './chitieu';
import { quietVillages } from './chua';
import { remindQuiet } from './nhac';
import type { OfficerContext, OfficerRun } from './officer-scope';
import { summarize } from './tonghop';
import { viewPlace } from './xem';
import { exportWorkbook } from './xuat';

export type { OfficerCommandsDeps } from '../officer/officer-kit';

export type OfficerCommand = Extract<Command, { kind: 'summary' | 'quiet' | 'targets' | 'export' | 'report' | 'remind' | 'view' }>;

/** The officer commands' own work by kind, each from its module. */
const RUNS: { readonly [K in OfficerCommand['kind']]: OfficerRun<K> } = {
  summary: summarize,
  quiet: quietVillages,
  targets: targetsOf,
  export: exportWorkbook,
  report: draftReport,
  remind: remindQuiet,
  view: viewPlace,
};

/** The officer kit with one entry for tests and tools that run an officer command without the message entry (no access check: the caller is staff). */
export interface OfficerCommands extends OfficerKit {
  handle(command: OfficerCommand, person: Staff, context: OfficerContext): Promise<Reply>;
}

export function createOfficerCommands(deps: OfficerCommandsDeps): OfficerCommands {
  const kit = createOfficerKit(deps);
  return { ...kit, handle: (command, person, context) => (RUNS[command.kind] as OfficerRun<OfficerCommand['kind']>)(kit, command, person, context) };
}
