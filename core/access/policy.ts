import type { Person, RoleKind } from '../domain/people';

/**
 * Everything a person may try to do to a place. Chat commands, web routes and
 * scheduled jobs name one of these and ask {@link may}; no other file reads a
 * role to decide who is let in.
 */
export const ACCESS_ACTIONS = [
  /** TT: a session at this place. */
  'log',
  /** HUY / the web's cancel of a log at this place (subject: the log's author). */
  'cancel',
  /** SUA / the web's correction of a log at this place (subject: the log's author). */
  'correct',
  /** XEM: a collaborator's village, an officer's or admin's place. */
  'view',
  /** A place's web pages (figures, logs table, roster): staff only. */
  'browse',
  /** TONGHOP, CHUA, CHITIEU: figures of a place. */
  'summary',
  /** XUAT and the web's download. */
  'export',
  /** NHAC: text the collaborators of quiet villages. */
  'remind',
  /** A roster file for this place's subtree (each row then asks write_place / write_person). */
  'upload_roster',
  /** One place a roster file writes or overwrites. */
  'write_place',
  /** One person a roster file writes or overwrites, at this place (subject: the role written, and the stored one). */
  'write_person',
  /** A plan's denominator, or a plan file, for this place. */
  'set_denominators',
  /** When a commune's data begins (`loa data-begins`): admins only, for a commune of their area. */
  'set_data_begins',
  /** The web sign-in (place: the person's own). */
  'sign_in',
  /** Link a chat account to oneself (place: the person's own), by a one-time code or a shared contact. */
  'link',
  /** Remove a chat link of a person at this place. */
  'unlink',
  /** Read a full phone number of a person at this place (else masked). */
  'see_full_phone',
] as const;

export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Why a request is refused: stable codes that doors turn into their own words. */
export type AccessRefusal = 'staff_only' | 'officer_only' | 'admin_only' | 'outside_scope' | 'own_village_only' | 'own_logs_only';

export type Access = { allowed: true } | { allowed: false; reason: AccessRefusal };

/** A place as the policy needs it: its id and its path from the root (itself last). */
export interface PlaceRef {
  _id: string;
  path: readonly string[];
}

/** What an action is done to, where the place alone does not say: a log's author, a person's role. */
export interface AccessSubject {
  /** The person who logged the session a cancel or correct is about. */
  author?: string;
  /** The role a roster row gives, and the role the stored person has (when overwriting). */
  kind?: RoleKind;
  storedKind?: RoleKind;
}

const ALLOWED: Access = { allowed: true };
const refuse = (reason: AccessRefusal): Access => ({ allowed: false, reason });

/** What a collaborator may do at all: only at their own village. */
const COLLABORATOR_ACTIONS: ReadonlySet<AccessAction> = new Set(['log', 'cancel', 'correct', 'view', 'link']);

/**
 * The one access rule. A collaborator acts on their own village (and changes
 * only their own logs); an officer or admin on their own place and everything
 * under it, never beside or above. A roster writes places strictly under the
 * uploader; officers write collaborators only and change no stored staff.
 * Full phone numbers are for the commune's officer; admins see them masked.
 */
export function may(person: Pick<Person, '_id' | 'role'>, action: AccessAction, place: PlaceRef, subject: AccessSubject = {}): Access {
  const { role } = person;
  if (role.kind === 'collaborator') {
    if (!COLLABORATOR_ACTIONS.has(action)) return refuse(action === 'see_full_phone' ? 'officer_only' : 'staff_only');
    if (place._id !== role.placeId) return refuse('own_village_only');
    if ((action === 'cancel' || action === 'correct') && subject.author !== undefined && subject.author !== person._id) return refuse('own_logs_only');
    return ALLOWED;
  }
  if (!place.path.includes(role.placeId)) return refuse('outside_scope');
  switch (action) {
    case 'see_full_phone':
      return role.kind === 'officer' ? ALLOWED : refuse('officer_only');
    case 'set_data_begins':
      return role.kind === 'admin' ? ALLOWED : refuse('admin_only');
    case 'write_place':
      return place._id === role.placeId ? refuse('outside_scope') : ALLOWED;
    case 'write_person':
      if (role.kind === 'officer' && subject.kind !== undefined && subject.kind !== 'collaborator') return refuse('admin_only');
      if (role.kind === 'officer' && subject.storedKind !== undefined && subject.storedKind !== 'collaborator') return refuse('admin_only');
      return ALLOWED;
    default:
      return ALLOWED;
  }
}

/** The place a person holds their role at, as the policy reads it (their place path ends there). */
export function ownPlaceOf(person: Pick<Person, 'role' | 'placePath'>): PlaceRef {
  return { _id: person.role.placeId, path: person.placePath };
}

/** True when allowed: for the callers that only branch. */
export const allowed = (access: Access): boolean => access.allowed;
