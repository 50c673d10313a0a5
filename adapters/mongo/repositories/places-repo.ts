import type { Collection } from 'mongodb';
import { PlaceSchema, type Place, type PlaceLevel } from '../../../core/domain/places';
import type { PlacesRepo } from '../../../core/repos/places-repo';
import type { IndexDeclarations, MongoContext } from './context';

type PlaceDoc = Place & { [key: string]: unknown };

/** The place tree: a subtree is one equality on the multikey `path`. */
export const PLACES_INDEXES: IndexDeclarations = {
  places: [
    { name: 'places_parent_code_unique', key: { parentId: 1, code: 1 }, unique: true },
    { name: 'places_parent_name', key: { parentId: 1, name: 1 } },
    { name: 'places_path_name', key: { path: 1, name: 1 } },
    { name: 'places_path_level_name', key: { path: 1, level: 1, name: 1 } },
  ],
};

export class MongoPlacesRepo implements PlacesRepo {
  private readonly places: Collection<PlaceDoc>;
  constructor(private readonly ctx: MongoContext) {
    this.places = ctx.collection<PlaceDoc>('places');
  }

  get(id: string): Promise<Place | null> {
    return this.ctx.findOne(this.places, { _id: id });
  }

  subtree(rootId: string, level?: PlaceLevel): Promise<Place[]> {
    return this.ctx.find(this.places, level ? { path: rootId, level } : { path: rootId }, { sort: { name: 1 } });
  }

  children(parentId: string): Promise<Place[]> {
    return this.ctx.find(this.places, { parentId }, { sort: { name: 1 } });
  }

  /** A handful of provinces: sorted here, so the query is a plain equality on the `parentId` index. */
  async roots(): Promise<Place[]> {
    const roots = await this.ctx.find(this.places, { parentId: null });
    return roots.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  }

  async isEmpty(): Promise<boolean> {
    return (await this.ctx.run(this.places, () => this.places.findOne({}, { projection: { _id: 1 } }))) === null;
  }

  async insert(place: Place): Promise<void> {
    const doc = PlaceSchema.parse(place) as PlaceDoc;
    await this.ctx.run(this.places, () => this.places.insertOne({ ...doc }), { doc, insert: true });
  }

  async upsert(place: Place): Promise<void> {
    const { _id, ...rest } = PlaceSchema.parse(place);
    const update = rest.since === undefined ? { $set: rest, $unset: { since: '' as const } } : { $set: rest };
    await this.ctx.run(this.places, () => this.places.updateOne({ _id }, update, { upsert: true }), { doc: { _id, ...rest } });
  }

  async setDataBegins(id: string, date: string | null): Promise<boolean> {
    const update = date === null ? { $unset: { dataBegins: '' as const } } : { $set: { dataBegins: date } };
    return (await this.ctx.run(this.places, () => this.places.updateOne({ _id: id }, update))).matchedCount > 0;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.ctx.run(this.places, () => this.places.deleteOne({ _id: id }))).deletedCount > 0;
  }
}
