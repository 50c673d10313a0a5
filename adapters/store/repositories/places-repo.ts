import type { Collection, DocumentStore } from '../document-store';
import { COLLECTIONS } from '../collections';
import { PlaceSchema, type Place, type PlaceLevel } from '../../../core/domain/places';
import type { PlacesRepo } from '../../../core/repos/places-repo';

export class DocumentPlacesRepo implements PlacesRepo {
  private readonly places: Collection<Place>;
  constructor(store: DocumentStore) {
    this.places = store.collection<Place>(COLLECTIONS.places);
  }

  get(id: string): Promise<Place | null> {
    return this.places.findOne({ _id: id });
  }

  subtree(rootId: string, level?: PlaceLevel): Promise<Place[]> {
    return this.places.find(level ? { path: rootId, level } : { path: rootId }, { sort: { name: 1 } });
  }

  children(parentId: string): Promise<Place[]> {
    return this.places.find({ parentId }, { sort: { name: 1 } });
  }

  roots(): Promise<Place[]> {
    return this.places.find({ parentId: null }, { sort: { _id: 1 } });
  }

  async isEmpty(): Promise<boolean> {
    return (await this.places.countDocuments({})) === 0;
  }

  async insert(place: Place): Promise<void> {
    await this.places.insertOne(PlaceSchema.parse(place));
  }

  async upsert(place: Place): Promise<void> {
    const { _id, ...rest } = PlaceSchema.parse(place);
    await this.places.updateOne({ _id }, rest.since === undefined ? { $set: rest, $unset: { since: '' } } : { $set: rest }, { upsert: true });
  }

  async setDataBegins(id: string, date: string | null): Promise<boolean> {
    if (!(await this.places.findOne({ _id: id }))) return false;
    await this.places.updateOne({ _id: id }, date === null ? { $unset: { dataBegins: '' } } : { $set: { dataBegins: date } });
    return true;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.places.deleteMany({ _id: id })) > 0;
  }
}
