import type { Person } from '../domain/people';
import { reply, type Reply } from '../reply';

/** Help in the sender's role: collaborators and staff have different commands. */
export function helpFor(person: Person): Reply {
  return reply(person.role.kind === 'collaborator' ? 'help.collaborator' : 'help.officer');
}
