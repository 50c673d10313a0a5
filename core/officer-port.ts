import type { Channel } from './domain/session-log';
import type { Person } from './domain/people';
import type { Command } from './language/commands';
import type { Reply } from './reply';

export type OfficerCommand = Extract<Command, { kind: 'summary' | 'quiet' | 'targets' | 'export' | 'remind' | 'view' }>;

/**
 * Officer and admin commands (TONGHOP, CHUA, CHITIEU, XUAT, NHAC, and XEM for
 * officers). The core checks the sender is an officer or admin and hands the
 * command over; the implementation scopes everything to the person's subtree.
 */
export interface OfficerCommands {
  handle(command: OfficerCommand, person: Person, context: { channel: Channel; now: Date }): Promise<Reply>;
}
