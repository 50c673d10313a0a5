import { DoorNameSchema, E164Schema, PersonSchema, type Person, type SenderIdentity } from '../../../core/domain/people';
import type { PeopleRepo } from '../../../core/repos/people-repo';
import type { EmbeddedStore } from '../embedded-store';
import { INSERT_ACCOUNT, INSERT_PERSON } from '../migration-roster';
import { pathEnd, PERSON_COLUMNS, personFromRows, personToRows, type AccountRow, type PersonRow } from '../roster-rows';
import { decodedRows } from './decode-rows';
import { jsonRows } from './json-rows';

/** A person's row with their accounts as a JSON array of `[door, account_id, blocked_at]`. */
type JoinedRow = PersonRow & { accounts: string };

const SELECT = `SELECT ${PERSON_COLUMNS.map((c) => `p.${c}`).join(', ')},
  (SELECT json_group_array(json_array(a.door, a.account_id, a.blocked_at) ORDER BY a.rowid) FROM person_accounts a WHERE a.person_id = p.id) AS accounts`;
const UPSERT = `${INSERT_PERSON} ON CONFLICT (id) DO UPDATE SET ${PERSON_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;
const PATH_OF_PLACE = 'SELECT path FROM places WHERE id = ?';
/** People whose place path lies in `[?, ?)`: the range of one subtree ({@link pathEnd}). */
const IN_RANGE = 'p.place_path >= ? AND p.place_path < ?';
/** The same by scanning, for a scope that is not in the places table (never in production; a store holding only people). */
const CONTAINS = "instr(p.place_path, '/' || ? || '/') > 0";

/**
 * People and their chat accounts on typed SQLite tables (migration 7), on
 * prepared statements. A person and their accounts are written together in
 * one write; reads take both in one statement. Accounts are rows of
 * `person_accounts` keyed by door name, so a new door needs no new column. Reads trust the tables' CHECKs (no zod per row).
 */
export class SqlitePeopleRepo implements PeopleRepo {
  constructor(protected readonly sqlite: EmbeddedStore) {}

  async get(id: string): Promise<Person | null> {
    return this.one(`${SELECT} FROM people p WHERE p.id = ?`, id);
  }

  async byIds(ids: string[]): Promise<Person[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    return this.many(`${SELECT} FROM people p WHERE p.id IN (SELECT value FROM json_each(?))`, JSON.stringify(unique));
  }

  /** Looked up from validated primitives only, never from request objects. */
  async findByIdentity(identity: SenderIdentity): Promise<Person | null> {
    if (identity.kind === 'phone') {
      const phone = E164Schema.safeParse(identity.phone);
      return phone.success ? this.one(`${SELECT} FROM people p WHERE p.phone = ?`, phone.data) : null;
    }
    return this.findByAccount(identity.door, identity.id);
  }

  findByPhone(phone: string): Promise<Person | null> {
    return this.findByIdentity({ kind: 'phone', phone });
  }

  /** The person holding this account of `door`; an id no door could give (empty, too long) finds nobody. */
  async findByAccount(door: string, id: string): Promise<Person | null> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 100 || !DoorNameSchema.safeParse(door).success) return null;
    return this.one(`${SELECT} FROM person_accounts x JOIN people p ON p.id = x.person_id WHERE x.door = ? AND x.account_id = ?`, door, id);
  }

  async under(placeId: string, role?: Person['role']['kind']): Promise<Person[]> {
    const [where, params] = this.scope(placeId);
    return role
      ? this.many(`${SELECT} FROM people p WHERE ${where} AND p.role_kind = ? ORDER BY p.name, p.id`, ...params, role)
      : this.many(`${SELECT} FROM people p WHERE ${where} ORDER BY p.name, p.id`, ...params);
  }

  async collaboratorsOf(villageId: string): Promise<Person[]> {
    return this.many(`${SELECT} FROM people p WHERE p.role_place = ? AND p.role_kind = 'collaborator' ORDER BY p.name, p.id`, villageId);
  }

  /** One index range, covered by `people_path_place`: no person row is read. */
  async staffedPlaceIds(scopeId: string): Promise<string[]> {
    const [where, params] = this.scope(scopeId);
    // A place a row (a province staffs thousands): read as one JSON text.
    const rows = this.sqlite.read(() => jsonRows(this.sqlite, `SELECT DISTINCT p.role_place AS place FROM people p WHERE ${where}`, ['place'], params)) as [string][];
    return rows.map(([place]) => place);
  }

  async staff(placeId?: string): Promise<Person[]> {
    if (placeId === undefined) return this.many(`${SELECT} FROM people p WHERE p.role_kind IN ('officer', 'admin') ORDER BY p.id`);
    const [where, params] = this.scope(placeId);
    return this.many(`${SELECT} FROM people p WHERE p.role_kind IN ('officer', 'admin') AND ${where} ORDER BY p.id`, ...params);
  }

  async insert(person: Person): Promise<void> {
    const rows = personToRows(PersonSchema.parse(person));
    await this.sqlite.write('people', () => this.put(rows, false));
  }

  /** Many people in one write (one transaction): bulk loads (benches, tools); each is checked as {@link insert} checks it. */
  async insertMany(people: readonly Person[]): Promise<void> {
    const all = people.map((p) => personToRows(PersonSchema.parse(p)));
    await this.sqlite.write('people', () => {
      for (const rows of all) this.put(rows, false);
    });
  }

  /** As `$set` on MongoDB: the fields the new person lacks (their linked accounts, say) keep their stored values. */
  async upsert(person: Person): Promise<void> {
    const parsed = PersonSchema.parse(person);
    await this.sqlite.write('people', () => {
      const stored = this.readOne(`${SELECT} FROM people p WHERE p.id = ?`, parsed._id);
      this.put(personToRows(stored ? ({ ...stored, ...parsed } as Person) : parsed), true);
    });
  }

  /**
   * Sets the person's account on `door` (replacing their previous one there,
   * clearing a blocked mark). The unique (door, account_id) key makes a second
   * person's link a DuplicateKeyError, whoever races.
   */
  async linkAccount(personId: string, door: string, id: string): Promise<void> {
    DoorNameSchema.parse(door);
    await this.sqlite.write('people', () => {
      // Replaced, not updated: a relinked door goes last, as on MongoDB (accounts read in the order linked).
      this.sqlite.statement('DELETE FROM person_accounts WHERE person_id = ? AND door = ?').run(personId, door);
      this.sqlite.statement('INSERT INTO person_accounts (person_id, door, account_id, blocked_at) SELECT id, ?, ?, NULL FROM people WHERE id = ?').run(door, id, personId);
    });
  }

  async unlinkAccount(personId: string, door: string): Promise<boolean> {
    return this.sqlite.write('people', () => this.sqlite.statement('DELETE FROM person_accounts WHERE person_id = ? AND door = ?').run(personId, door).changes > 0);
  }

  async setAccountBlocked(personId: string, door: string, at: string | null): Promise<void> {
    await this.sqlite.write('people', () => {
      const changes = this.sqlite.statement('UPDATE person_accounts SET blocked_at = ? WHERE person_id = ? AND door = ? AND blocked_at IS NOT ?').run(at, personId, door, at).changes;
      return { modified: changes, upserted: false };
    });
  }

  /** Every message calls it: one statement that changes nothing (and invalidates no cache) when the door is the same. */
  async setLastChannel(personId: string, channel: string): Promise<void> {
    await this.sqlite.write('people', () => {
      const changes = this.sqlite.statement('UPDATE people SET last_channel = ? WHERE id = ? AND last_channel IS NOT ?').run(channel, personId, channel).changes;
      return { modified: changes, upserted: false };
    });
  }

  async setRemindersOff(personId: string, off: boolean): Promise<void> {
    await this.sqlite.write('people', () => void this.sqlite.statement('UPDATE people SET reminders_off = ? WHERE id = ?').run(off ? 1 : 0, personId));
  }

  async setFields(personId: string, fields: Partial<Omit<Person, '_id'>> & Record<string, unknown>): Promise<void> {
    await this.change(personId, (p) => ({ ...p, ...fields, _id: p._id }) as Person);
  }

  async remove(personId: string): Promise<boolean> {
    // The accounts go with the person (trigger people_accounts_del).
    return this.sqlite.write('people', () => this.sqlite.statement('DELETE FROM people WHERE id = ?').run(personId).changes > 0);
  }

  /** Reads, changes and writes one person in one write; `edit` returns null to leave them as they are. */
  private async change(personId: string, edit: (person: Person) => Person | null): Promise<boolean> {
    return this.sqlite.write('people', () => {
      const stored = this.readOne(`${SELECT} FROM people p WHERE p.id = ?`, personId);
      const next = stored ? edit(stored) : null;
      if (!next) return false;
      this.put(personToRows(next), true);
      return true;
    });
  }

  /** Writes a person's row and accounts (inside a write); `replace` replaces a stored person's row and all their accounts. */
  private put(rows: ReturnType<typeof personToRows>, replace: boolean): void {
    this.sqlite.statement(replace ? UPSERT : INSERT_PERSON).run(rows.person);
    if (replace) this.sqlite.statement('DELETE FROM person_accounts WHERE person_id = ?').run(rows.person.id);
    const account = this.sqlite.statement(INSERT_ACCOUNT);
    for (const a of rows.accounts) account.run(rows.person.id, a.door, a.account_id, a.blocked_at);
  }

  /** A WHERE clause for "under `placeId`" and its parameters: the path range of the place, or a scan when it is not a place. */
  private scope(placeId: string): [string, unknown[]] {
    const row = this.sqlite.read(() => this.sqlite.statement(PATH_OF_PLACE).get(placeId)) as { path: string } | undefined;
    return row ? [IN_RANGE, [row.path, pathEnd(row.path)]] : [CONTAINS, [placeId]];
  }

  private async one(sql: string, ...params: unknown[]): Promise<Person | null> {
    return this.many(sql, ...params)[0] ?? null;
  }

  private readOne(sql: string, ...params: unknown[]): Person | null {
    return this.many(sql, ...params)[0] ?? null;
  }

  /** Every row read goes through {@link personFromRows}; one whose JSON no longer parses is quarantined and left out. */
  private many(sql: string, ...params: unknown[]): Person[] {
    return decodedRows(this.sqlite, 'people', sql, params, (row: JoinedRow) => personFromRows(row, (JSON.parse(row.accounts) as [string, string, string | null][]).map(([door, account_id, blocked_at]): AccountRow => ({ door, account_id, blocked_at }))));
  }

}
