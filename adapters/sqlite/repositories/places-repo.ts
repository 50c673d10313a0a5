import { PlaceSchema, type Place, type PlaceLevel } from '../../../core/domain/places';
import type { PlacesRepo } from '../../../core/repos/places-repo';
import type { EmbeddedStore } from '../embedded-store';
import { INSERT_PLACE } from '../migration-roster';
import { PLACE_COLUMNS, placeFromRow, placeToRow, type PlaceRow } from '../roster-rows';
import { decodedJsonRows, decodedRows } from './decode-rows';

const SELECT = `SELECT ${PLACE_COLUMNS.map((c) => `c.${c}`).join(', ')}`;
/** The places under `?` (itself included): one range of the path index, from the root's own path. */
const UNDER = `places r JOIN places c ON c.path >= r.path AND c.path < substr(r.path, 1, length(r.path) - 1) || '0' WHERE r.id = ?`;
/** As `$set` on MongoDB: every roster column replaced; `data_begins` (an admin's, not a roster column) only when the place names one. */
const UPSERT = `${INSERT_PLACE} ON CONFLICT (id) DO UPDATE SET ${PLACE_COLUMNS.filter((c) => c !== 'id' && c !== 'data_begins').map((c) => `${c} = excluded.${c}`).join(', ')},
  data_begins = coalesce(excluded.data_begins, data_begins)`;

/**
 * Places on their typed SQLite table (migration 7), on prepared statements.
 * Rows are checked by the table's CHECKs when written, not by zod when read
 * (a national subtree is 100,000 rows); a row whose JSON no longer parses is
 * quarantined and left out.
 */
export class SqlitePlacesRepo implements PlacesRepo {
  constructor(protected readonly sqlite: EmbeddedStore) {}

  async get(id: string): Promise<Place | null> {
    return this.many(`${SELECT} FROM places c WHERE c.id = ?`, id)[0] ?? null;
  }

  async subtree(rootId: string, level?: PlaceLevel): Promise<Place[]> {
    if (level) return this.manyAsJson(`${SELECT} FROM ${UNDER} AND c.level = ? ORDER BY c.name, c.id`, rootId, level);
    return this.manyAsJson(`${SELECT} FROM ${UNDER} ORDER BY c.name, c.id`, rootId);
  }

  async children(parentId: string): Promise<Place[]> {
    return this.many(`${SELECT} FROM places c WHERE c.parent = ? ORDER BY c.name, c.id`, parentId);
  }

  async roots(): Promise<Place[]> {
    return this.many(`${SELECT} FROM places c WHERE c.parent IS NULL ORDER BY c.id`);
  }

  async isEmpty(): Promise<boolean> {
    return this.sqlite.read(() => this.sqlite.statement('SELECT 1 AS y FROM places LIMIT 1').get() === undefined);
  }

  async insert(place: Place): Promise<void> {
    const row = placeToRow(PlaceSchema.parse(place));
    await this.sqlite.write('places', () => void this.sqlite.statement(INSERT_PLACE).run(row));
  }

  /** Many places in one write (one transaction): bulk loads (benches, tools); each is checked as {@link insert} checks it. */
  async insertMany(places: readonly Place[]): Promise<void> {
    const rows = places.map((p) => placeToRow(PlaceSchema.parse(p)));
    await this.sqlite.write('places', () => {
      const insert = this.sqlite.statement(INSERT_PLACE);
      for (const row of rows) insert.run(row);
    });
  }

  /** The roster is the truth for every column but `data_begins` (kept unless the place names one); a `since` left out is cleared. */
  async upsert(place: Place): Promise<void> {
    const row = placeToRow(PlaceSchema.parse(place));
    await this.sqlite.write('places', () => void this.sqlite.statement(UPSERT).run(row));
  }

  async setDataBegins(id: string, date: string | null): Promise<boolean> {
    return this.sqlite.write('places', () => this.sqlite.statement('UPDATE places SET data_begins = ? WHERE id = ?').run(date, id).changes === 1);
  }

  async remove(id: string): Promise<boolean> {
    return this.sqlite.write('places', () => this.sqlite.statement('DELETE FROM places WHERE id = ?').run(id).changes > 0);
  }

  /** Every row read goes through {@link placeFromRow}; one whose JSON no longer parses is quarantined and left out. */
  private many(sql: string, ...params: unknown[]): Place[] {
    return decodedRows(this.sqlite, 'places', sql, params, (row: PlaceRow) => placeFromRow(row));
  }

  /** {@link many} for a subtree (a province has a few thousand places, a nation 100,000): the rows as one JSON text. */
  private manyAsJson(sql: string, ...params: unknown[]): Place[] {
    return decodedJsonRows(this.sqlite, 'places', sql, PLACE_COLUMNS, params, (row: PlaceRow) => placeFromRow(row));
  }

}
