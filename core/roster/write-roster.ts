import type { Person } from '../domain/people';
import type { Place } from '../domain/places';
import { DuplicateKeyError } from '../ports/store-errors';
import type { RosterImportResult, RosterPlan, RosterRepos } from './import-roster';

/**
 * Writes a checked plan all-or-nothing. Neither store offers a transaction
 * both can run (FerretDB 1.x has none, the embedded store's units are group
 * commits), so the import takes what it overwrites first and, if any write
 * fails, puts every record back as it was (a new one is removed). A unique
 * index refusing a write (someone linked the same chat meanwhile) is a
 * problem of that line; any other failure is thrown after the undo.
 * Limit: a process killed mid-write leaves the rows written so far (they are
 * upserts of a valid file: importing it again finishes it).
 */
export async function writeRoster(plan: RosterPlan, repos: RosterRepos): Promise<RosterImportResult> {
  // Parents before children, so a crash mid-import never leaves an orphan.
  const places = [...plan.places].sort((a, b) => a.place.path.length - b.place.path.length);
  const priorPlaces = new Map<string, Place | null>();
  for (const { place } of places) priorPlaces.set(place._id, await repos.places.get(place._id));
  const priorPeople = new Map<string, Person | null>(plan.people.map(({ person }) => [person._id, null]));
  for (const person of await repos.people.byIds([...priorPeople.keys()])) priorPeople.set(person._id, person);

  const done: Array<() => Promise<void>> = [];
  let line = 0;
  try {
    for (const entry of places) {
      line = entry.line;
      const prior = priorPlaces.get(entry.place._id)!;
      await repos.places.upsert(entry.place);
      done.push(async () => void (prior ? await repos.places.upsert(prior) : await repos.places.remove(entry.place._id)));
    }
    for (const entry of plan.people) {
      line = entry.line;
      const prior = priorPeople.get(entry.person._id)!;
      await repos.people.upsert(entry.person);
      // An upsert keeps fields the row did not name, so a person is put back whole.
      done.push(async () => {
        await repos.people.remove(entry.person._id);
        if (prior) await repos.people.insert(prior);
      });
    }
  } catch (error) {
    for (const undo of done.reverse()) await undo();
    if (error instanceof DuplicateKeyError) return { ok: false, problems: [{ line, code: 'taken_meanwhile', values: {} }] };
    throw error;
  }
  return { ok: true, places: places.length, people: plan.people.length };
}
