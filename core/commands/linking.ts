import type { Person } from '../domain/people';
import { reply, type Reply } from '../reply';
import type { UseCaseContext } from '../usecases/context';
import { helpFor } from '../usecases/help';
import { defineCommand, everyone, staffOnly } from './command-module';
import type { LinkCommand } from '../language/link-commands';

declare module '../language/commands' {
  interface CommandShapes {
    register: Extract<LinkCommand, { kind: 'register' }>;
    verify: Extract<LinkCommand, { kind: 'verify' }>;
    unlink: Extract<LinkCommand, { kind: 'unlink' }>;
  }
}


// Linking words from someone already known: nothing to link (without linking, as in the terminal phone: help).
// From an unlinked chat account the entry runs linking itself, before any module.
const alreadyLinked = async (ctx: UseCaseContext, person: Person): Promise<Reply> => (ctx.linking ? ctx.linking.alreadyLinked(person) : helpFor(person));

/** DK 0905123456: link this chat to the roster person with that phone. Read before the vocabulary (`core/language/link-commands.ts`). */
export const dk = defineCommand<'register'>({
  kind: 'register',
  rank: 15,
  words: [],
  example: 'DK 0905000101',
  action: null,
  ...everyone(alreadyLinked),
  replies: ['codes:link.already_linked', 'help.collaborator', 'help.officer'],
});

/** A bare 6-digit number: the one-time code asked for with DK. */
export const maSo = defineCommand<'verify'>({
  kind: 'verify',
  rank: 16,
  words: [],
  example: '123456',
  action: null,
  ...everyone(alreadyLinked),
  replies: ['codes:link.already_linked', 'help.collaborator', 'help.officer'],
});

/** HUYLK 0905123456: an officer removes that person's chat links. */
export const huylk = defineCommand<'unlink'>({
  kind: 'unlink',
  rank: 17,
  words: [],
  example: 'HUYLK 0905999999',
  action: 'unlink',
  ...staffOnly(async (ctx, person, command) => (ctx.linking ? ctx.linking.unlink(person, command.phone) : reply('officer.unavailable'))),
  replies: ['codes:unlink.done', 'codes:unlink.not_found', 'codes:unlink.nothing', 'officer.unavailable'],
});
