import { may, ownPlaceOf } from '../core/access/policy';
import type { Person } from '../core/domain/people';
import type { Repositories } from '../core/usecases/context';
import type { Texts } from '../core/wording/texts';
import type { RosterProblem } from '../core/roster/roster-problems';

const PLACE_KINDS = new Set(['province', 'district', 'commune', 'village']);

/** A refused roster row as the page shows it: its line, then what it is and why, in the page's words. */
export interface ProblemLine {
  line: number;
  text: string;
}

type Row = Record<string, string>;

/**
 * Names for the ids a roster problem carries, as the uploader may see them: a
 * place of the file by the name the file gives it, a stored place by its name
 * only when it lies in the uploader's area (else its code, quoted), an id
 * found nowhere as `mã "…" không có trong danh sách`. A name from outside the
 * uploader's area is never looked up into the page.
 */
class RosterNames {
  private readonly filePlaces = new Map<string, string>();

  constructor(
    private readonly repos: Pick<Repositories, 'places' | 'people'>,
    private readonly viewer: Person,
    private readonly texts: Texts,
    readonly rows: Map<number, Row>,
  ) {
    for (const row of rows.values()) {
      const id = (row.id ?? '').trim();
      if (PLACE_KINDS.has(row.kind ?? '') && id && !this.filePlaces.has(id)) this.filePlaces.set(id, (row.name ?? '').trim() || id);
    }
  }

  /** The place's name when the uploader may read it (from the file or their area); null otherwise. */
  async nameOf(id: string): Promise<string | null> {
    if (this.filePlaces.has(id)) return this.filePlaces.get(id)!;
    const stored = id ? await this.repos.places.get(id) : null;
    return stored && may(this.viewer, 'browse', stored).allowed ? stored.name : null;
  }

  /** The place in words: its name, else its code quoted, and `không có trong danh sách` when it is stored nowhere. */
  async place(id: string): Promise<string> {
    const name = await this.nameOf(id);
    if (name !== null) return name;
    const stored = id ? await this.repos.places.get(id) : null;
    return this.texts.t(stored ? 'web:roster.code_quoted' : 'web:roster.code_unknown', { code: id });
  }

  /** A stored person's name when in the uploader's area (a staff row they may not change), else `người này`. */
  async person(id: string): Promise<string> {
    const stored = await this.repos.people.get(id);
    return stored && may(this.viewer, 'browse', ownPlaceOf(stored)).allowed ? stored.name : this.texts.t('web:roster.this_person');
  }

  /** The name the file gives the row at `line`. */
  rowName(line: number): string {
    return (this.rows.get(line)?.name ?? '').trim();
  }

  /** `Dòng 7 – Trần Thị Hoa, Thôn Mít`: the line, the row's name and, for a person, the place they serve when it can be named. */
  async subject(line: number): Promise<string> {
    const row = this.rows.get(line);
    const name = this.rowName(line);
    if (!row || !name) return this.texts.t('web:roster.line', { line });
    const place = PLACE_KINDS.has(row.kind ?? '') ? null : await this.nameOf((row.parent ?? '').trim());
    return this.texts.t('web:roster.line_named', { line, name: place ? `${name}, ${place}` : name });
  }
}

/** A kind of place or person as a word of the page's language (`thôn`, `cán bộ xã`). */
const kindWord = (texts: Texts, kind: string): string => texts.t(`roster:kinds.${kind}`, { defaultValue: kind });

/** The problem's key under `web:roster.problems` and its values, ids turned into names the uploader may see. */
async function worded(p: RosterProblem, names: RosterNames, texts: Texts): Promise<{ key: string; values: Record<string, unknown> }> {
  const scopeName = async (scope: string) => (await names.nameOf(scope)) ?? scope;
  switch (p.code) {
    case 'unreadable_csv':
      return { key: p.code, values: { reason: texts.t(`roster:reason.${p.values.reason}`) } };
    case 'parent_required':
      return { key: p.code, values: { level: kindWord(texts, p.values.level) } };
    case 'place_id_twice':
      return { key: p.code, values: { ...p.values, other: names.rowName(p.values.first) } };
    case 'parent_unknown':
      return { key: p.code, values: { parent: await names.place(p.values.parent) } };
    case 'parent_cycle':
      return { key: p.code, values: { place: await names.place(p.values.id) } };
    case 'parent_wrong_level':
      return { key: p.code, values: { level: kindWord(texts, p.values.level), parent: await names.place(p.values.parent), parentLevel: kindWord(texts, p.values.parentLevel) } };
    case 'code_taken':
      return { key: p.code, values: { code: p.values.code, first: p.values.first, other: names.rowName(p.values.first), parent: await names.place(p.values.parent) } };
    case 'code_taken_stored':
      return { key: p.code, values: { code: p.values.code, other: await names.place(p.values.id), parent: await names.place(p.values.parent) } };
    case 'phone_twice':
    case 'telegram_id_twice':
      return { key: p.code, values: { ...p.values, other: names.rowName(p.values.first) } };
    case 'person_place_unknown':
      return p.values.value ? { key: p.code, values: { place: await names.place(p.values.value) } } : { key: 'person_place_missing', values: {} };
    case 'person_wrong_level':
      return {
        key: p.code,
        values: { kind: kindWord(texts, p.values.kind), levels: p.values.levels.map((l) => kindWord(texts, l)).join(texts.t('roster:or')), place: await names.place(p.values.place), level: kindWord(texts, p.values.level) },
      };
    case 'phone_taken':
      return { key: p.code, values: { phone: p.values.phone, holder: p.values.name } };
    case 'outside_scope': {
      const scope = await scopeName(p.values.scope);
      if (p.values.what === 'person') return { key: 'outside_scope_person', values: { scope } };
      if (p.values.id === p.values.scope) return { key: 'outside_scope_own', values: { scope } };
      return { key: `outside_scope_${p.values.what}`, values: { target: await names.place(p.values.id), scope } };
    }
    case 'admin_only':
      return { key: p.code, values: { kind: kindWord(texts, p.values.kind) } };
    case 'staff_change':
      return { key: p.code, values: { name: await names.person(p.values.id), kind: kindWord(texts, p.values.kind) } };
    default:
      return { key: p.code, values: { ...p.values } };
  }
}

/**
 * Every refused row of an upload in the page's language, each with its line
 * and the names of the row and of the places it points at (never a raw id
 * where a name may be shown, never a name from outside the uploader's area).
 */
export async function rosterProblemLines(
  problems: readonly RosterProblem[],
  context: { rows: Map<number, Row>; repos: Pick<Repositories, 'places' | 'people'>; viewer: Person; texts: Texts },
): Promise<ProblemLine[]> {
  const names = new RosterNames(context.repos, context.viewer, context.texts, context.rows);
  const lines: ProblemLine[] = [];
  for (const problem of problems) {
    const { key, values } = await worded(problem, names, context.texts);
    const why = context.texts.t(`web:roster.problems.${key}`, values);
    lines.push({ line: problem.line, text: `${await names.subject(problem.line)}: ${why}` });
  }
  return lines;
}
