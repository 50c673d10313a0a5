import type { Place, PlaceLevel } from '../domain/places';

/** The place tree (province, district, commune, village). */
export interface PlacesRepo {
  get(id: string): Promise<Place | null>;
  /** Every place under `rootId` (included), optionally of one level, ordered by name. */
  subtree(rootId: string, level?: PlaceLevel): Promise<Place[]>;
  children(parentId: string): Promise<Place[]>;
  /** The top places (no parent), by id: one scheduler round each. */
  roots(): Promise<Place[]>;
  isEmpty(): Promise<boolean>;
  insert(place: Place): Promise<void>;
  /** The roster is the truth: a `since` date left out of a re-import is removed, not kept from before. */
  upsert(place: Place): Promise<void>;
  /** Sets (or, with null, clears) the date an admin says a commune's data begins; false when there is no such place. */
  setDataBegins(id: string, date: string | null): Promise<boolean>;
  /** Deletes one place (only to undo a roster import that could not finish); its children and people are the caller's business. */
  remove(id: string): Promise<boolean>;
}
