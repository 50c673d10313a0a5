import { helpFor } from '../usecases/help';
import { defineCommand, everyone } from './command-module';
import { bare } from './officer-scope';

declare module '../language/commands' {
  interface CommandShapes {
    help: { kind: 'help' };
  }
}

/** HD: the one-segment list of the sender's own commands (collaborators and staff have different ones). */
export const hd = defineCommand<'help'>({
  kind: 'help',
  rank: 5,
  words: ['help'],
  example: 'HD',
  menu: 'hd',
  grammar: bare('help'),
  action: null,
  ...everyone(async (_ctx, person) => helpFor(person)),
  replies: ['help.collaborator', 'help.officer'],
});
