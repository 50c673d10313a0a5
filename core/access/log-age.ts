import type { Person } from '../domain/people';

/**
 * How far back a person may date a session, in days: collaborators within
 * `maxLogAgeDays`; officers and admins repair the record, so they may go back
 * `officerMaxLogAgeDays` (never less than collaborators). The one place this
 * role rule lives: the chat's TT and the web's form both ask it.
 */
export function logAgeLimitDays(person: Pick<Person, 'role'>, limits: { maxLogAgeDays: number; officerMaxLogAgeDays: number }): number {
  return person.role.kind === 'collaborator' ? limits.maxLogAgeDays : Math.max(limits.maxLogAgeDays, limits.officerMaxLogAgeDays);
}
