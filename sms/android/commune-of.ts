import type { Person } from '../../core/domain/people';
import type { Place } from '../../core/domain/places';

/** The commune a person belongs to (a village's commune, an officer's own), or null for district and province people. */
export async function communeOf(person: Person, places: { get(id: string): Promise<Place | null> }): Promise<string | null> {
  for (const id of [...person.placePath].reverse()) {
    const place = await places.get(id);
    if (place?.level === 'commune') return place._id;
    if (place && place.level !== 'village') return null;
  }
  return null;
}
