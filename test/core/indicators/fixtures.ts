import { PersonSchema, type Person } from '../../../core/domain/people';
import { PlaceSchema, type Place, type PlaceLevel } from '../../../core/domain/places';
import { SessionLogSchema, type SessionLog } from '../../../core/domain/session-log';
import type { FormCode, GroupCode } from '../../../core/domain/vocabulary-codes';
import { periodKeysOf } from '../../../core/periods';
import type { OpenStorage } from '../../../adapters/store/open-storage';

/** Builds valid roster and log documents (checked against the domain schemas) for indicator tests. */
export class Fixture {
  readonly places: Place[] = [];
  readonly people: Person[] = [];
  readonly logs: SessionLog[] = [];
  private seq = 0;

  /** `prefix` keeps log ids apart when a second fixture adds to the same store. */
  constructor(private readonly prefix = 'log') {}

  place(id: string, level: PlaceLevel, parent: Place | null, name: string, createdAt = '2025-12-01T00:00:00.000Z', since?: string): Place {
    const place = PlaceSchema.parse({
      ...(since ? { since } : {}),
      _id: id,
      level,
      name,
      code: id.split('.').pop()!.toUpperCase().slice(0, 20),
      aliases: [],
      parentId: parent?._id ?? null,
      path: [...(parent?.path ?? []), id],
      createdAt,
    });
    this.places.push(place);
    return place;
  }

  person(id: string, kind: Person['role']['kind'], place: Place, extra: Partial<Person> = {}): Person {
    const person = PersonSchema.parse({
      _id: id,
      name: extra.name ?? `Người ${id}`,
      role: { kind, placeId: place._id },
      placePath: place.path,
      createdAt: '2025-12-01T00:00:00.000Z',
      ...extra,
    });
    this.people.push(person);
    return person;
  }

  log(
    village: Place,
    date: string,
    options: {
      participants?: number;
      form?: FormCode;
      groups?: GroupCode[];
      cancelled?: boolean;
      personId?: string;
      note?: string;
      participantsByGroup?: Partial<Record<GroupCode, number>>;
    } = {},
  ): SessionLog {
    this.seq += 1;
    const code = `${this.prefix.slice(0, 1).toUpperCase()}${String(this.seq).padStart(4, '0')}`.slice(-6);
    const log = SessionLogSchema.parse({
      _id: `${this.prefix}-${this.seq}`,
      code,
      villageId: village._id,
      placePath: village.path,
      date,
      periods: periodKeysOf(date),
      participants: options.participants ?? 20,
      form: options.form ?? 'hop',
      groups: options.groups ?? ['nd'],
      note: options.note ?? '',
      personId: options.personId ?? 'ctv',
      channel: 'sms',
      channelMessageId: `${this.prefix}-msg-${this.seq}`,
      contentKey: `k-${this.seq}`,
      createdAt: `${date}T03:00:00.000Z`,
      editedAt: null,
      cancelledAt: options.cancelled ? `${date}T04:00:00.000Z` : null,
      ...(options.participantsByGroup ? { participantsByGroup: options.participantsByGroup } : {}),
    });
    this.logs.push(log);
    return log;
  }

  /** Stores what was made since the last insert through the repositories (places first, parents before children). */
  async insert(storage: Pick<OpenStorage, 'repos'>): Promise<void> {
    const { repos } = storage;
    await repos.unit(async () => {
      for (const place of this.places.splice(0)) await repos.places.insert(place);
      for (const person of this.people.splice(0)) await repos.people.insert(person);
      for (const log of this.logs.splice(0)) await repos.logs.insert(log);
    });
    // Logs made cancelled, or dated before their place's data began, never went through a use-case: recount as a start does.
    await repos.rollups.rebuild();
  }
}

/** Instant of a local Vietnam date and hour (UTC+7, no daylight saving). */
export function vn(date: string, hour = 10, minute = 0): Date {
  return new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), hour - 7, minute));
}
