import { ACCESS_ACTIONS, may, type AccessAction, type PlaceRef } from '../../../core/access/policy';
import type { Person } from '../../../core/domain/people';

/**
 * The tree of the matrix: province P; districts D and D2; communes C (in D)
 * and C2 (in D); villages V and V2 (in C). Each role is held at one place and
 * tried at its own place, a child, a sibling and its parent.
 */
const path = (...ids: string[]): PlaceRef => ({ _id: ids[ids.length - 1]!, path: ids });
const P = path('p');
const D = path('p', 'd');
const D2 = path('p', 'd2');
const C = path('p', 'd', 'c');
const C2 = path('p', 'd', 'c2');
const V = path('p', 'd', 'c', 'v');
const V2 = path('p', 'd', 'c', 'v2');

const collaborator: Pick<Person, '_id' | 'role'> = { _id: 'ctv', role: { kind: 'collaborator', placeId: 'v' } };
const officer: Pick<Person, '_id' | 'role'> = { _id: 'cb', role: { kind: 'officer', placeId: 'c' } };
const admin: Pick<Person, '_id' | 'role'> = { _id: 'qt', role: { kind: 'admin', placeId: 'd' } };

type Where = 'own' | 'child' | 'sibling' | 'parent';
const PLACES: Record<string, Partial<Record<Where, PlaceRef>>> = {
  collaborator: { own: V, sibling: V2, parent: C },
  officer: { own: C, child: V, sibling: C2, parent: D },
  admin: { own: D, child: C, sibling: D2, parent: P },
};
const PEOPLE = { collaborator, officer, admin };

/**
 * What each role may do where, written out by hand from the product's rules
 * (not computed from the policy): a collaborator acts at their own village
 * only; staff at their place and below; a roster writes places strictly
 * below; full phones are the officer's; when a commune's data begins is an admin's.
 */
const ALL = [...ACCESS_ACTIONS];
const EXPECTED: Record<string, Partial<Record<Where, AccessAction[]>>> = {
  collaborator: { own: ['log', 'cancel', 'correct', 'view', 'link'], sibling: [], parent: [] },
  officer: { own: ALL.filter((a) => a !== 'write_place' && a !== 'set_data_begins'), child: ALL.filter((a) => a !== 'set_data_begins'), sibling: [], parent: [] },
  admin: { own: ALL.filter((a) => a !== 'write_place' && a !== 'see_full_phone'), child: ALL.filter((a) => a !== 'see_full_phone'), sibling: [], parent: [] },
};

describe('the access policy, every role × every action × own place, child, sibling and parent', () => {
  for (const [role, wheres] of Object.entries(PLACES)) {
    for (const [where, place] of Object.entries(wheres) as [Where, PlaceRef][]) {
      it(`lets ${role === "admin" ? "an" : "a"} ${role} do at their ${where} place exactly: ${EXPECTED[role]![where]!.join(', ') || 'nothing'}`, () => {
        const person = PEOPLE[role as keyof typeof PEOPLE];
        const got = ALL.filter((action) => may(person, action, place).allowed);
        expect(got).toEqual(EXPECTED[role]![where]);
      });
    }
  }

  it('gives a stable reason for each refusal', () => {
    expect(may(collaborator, 'summary', V)).toEqual({ allowed: false, reason: 'staff_only' });
    expect(may(collaborator, 'see_full_phone', V)).toEqual({ allowed: false, reason: 'officer_only' });
    expect(may(collaborator, 'log', V2)).toEqual({ allowed: false, reason: 'own_village_only' });
    expect(may(officer, 'view', C2)).toEqual({ allowed: false, reason: 'outside_scope' });
    expect(may(officer, 'write_place', C)).toEqual({ allowed: false, reason: 'outside_scope' });
    expect(may(admin, 'see_full_phone', C)).toEqual({ allowed: false, reason: 'officer_only' });
  });

  it('lets a collaborator cancel or correct only their own logs, and staff anyone\'s under their place', () => {
    expect(may(collaborator, 'cancel', V, { author: 'ctv' }).allowed).toBe(true);
    expect(may(collaborator, 'cancel', V, { author: 'ctv-2' })).toEqual({ allowed: false, reason: 'own_logs_only' });
    expect(may(collaborator, 'correct', V, { author: 'cb' })).toEqual({ allowed: false, reason: 'own_logs_only' });
    expect(may(officer, 'cancel', V, { author: 'ctv' }).allowed).toBe(true);
    expect(may(admin, 'correct', V, { author: 'ctv' }).allowed).toBe(true);
  });

  it('lets an officer write collaborators only, and change no stored officer or admin; an admin writes any role under them', () => {
    expect(may(officer, 'write_person', V, { kind: 'collaborator' }).allowed).toBe(true);
    expect(may(officer, 'write_person', C, { kind: 'officer' })).toEqual({ allowed: false, reason: 'admin_only' });
    expect(may(officer, 'write_person', C, { kind: 'admin' })).toEqual({ allowed: false, reason: 'admin_only' });
    expect(may(officer, 'write_person', V, { kind: 'collaborator', storedKind: 'officer' })).toEqual({ allowed: false, reason: 'admin_only' });
    expect(may(admin, 'write_person', C, { kind: 'officer' }).allowed).toBe(true);
    expect(may(admin, 'write_person', D, { kind: 'admin' }).allowed).toBe(true);
    // Nobody is written above the uploader: the parent is outside whatever the role.
    expect(may(admin, 'write_person', P, { kind: 'admin' })).toEqual({ allowed: false, reason: 'outside_scope' });
  });
});
