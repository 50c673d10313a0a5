import { may } from '../core/access/policy';
import type { Person } from '../core/domain/people';
import type { Texts } from '../core/wording/texts';
import { maskPhone } from '../core/domain/phone';
import { LOG_PAGE_SIZE, type LogFilters, type LogTableResult } from '../core/usecases/log-table';
import { FORM_CODES, GROUP_CODES } from '../core/domain/vocabulary-codes';
import { dayText, sortByName } from './format';

/** The new-log form's fields as typed, kept to fill the form again after a refusal. */
export interface NewLogValues {
  village: string;
  date: string;
  participants: string;
  form: string;
  groups: string[];
  split: Record<string, string>;
  again: boolean;
}

type Loaded = Extract<LogTableResult, { ok: true }>;

/** The logs table in the viewer's language; who logged is a name, a phone only masked. */
export function logsModel(texts: Texts, result: Loaded, filters: LogFilters, viewer: Person, editing: string | null = null) {
  const { place, logs, villages, people } = result;
  const villageName = new Map(villages.map((v) => [v._id, v.name]));
  const nameOf = (id: string): string => {
    const person = people.get(id);
    if (!person) return id;
    return person.phone && !may(viewer, 'see_full_phone', place).allowed ? `${person.name} (${maskPhone(person.phone)})` : person.name;
  };
  const base = `/web/place/${place._id}/logs`;
  /** This page's address with the same filters, on page `page`. */
  const href = (page: number | undefined): string => {
    const query = new URLSearchParams(Object.entries({ ...filters, page: page && page > 1 ? String(page) : undefined }).filter(([, v]) => v !== undefined) as [string, string][]).toString();
    return `${base}${query ? `?${query}` : ''}`;
  };
  const back = href(result.page);
  return {
    title: texts.t('web:logs.title', { place: place.name }),
    place: { id: place._id, name: place.name },
    /** The new-session form lists villages: on a district or province page that would be thousands, so it is offered on a commune's page. */
    canLog: place.level === 'commune' || place.level === 'village',
    /** The viewer's own place (not a village) takes a press item or a training, as `TT 1 bao` does in the chat. */
    ownPlace: place._id === viewer.role.placeId && place.level !== 'village' ? { id: place._id, name: texts.t('web:logs.new.own_place', { place: place.name }) } : null,
    filters,
    back,
    villages: sortByName(villages, (v) => v.name).map((v) => ({ id: v._id, name: v.name })),
    forms: FORM_CODES.map((code) => ({ code, name: texts.formName(code) })),
    groups: GROUP_CODES.map((code) => ({ code, name: texts.groupName(code) })),
    pager: {
      page: result.page,
      from: (result.page - 1) * LOG_PAGE_SIZE + 1,
      to: (result.page - 1) * LOG_PAGE_SIZE + logs.length,
      previous: result.page > 1 ? href(result.page - 1) : null,
      next: result.hasNext ? href(result.page + 1) : null,
    },
    rows: logs.map((l) => ({
      id: l._id,
      code: l.code,
      /** `YYYY-MM-DD` for the correction form's date field; `day` is what the page shows. */
      date: l.date,
      day: dayText(l.date),
      village: villageName.get(l.villageId) ?? place.name,
      participants: l.participants,
      form: l.form,
      formName: texts.formName(l.form),
      /** People per group when the log was split: the correction form edits these instead of the total. */
      split: l.participantsByGroup ? (l.participantsByGroup as Record<string, number>) : null,
      groups: l.groups.map((g) => texts.groupName(g)).join(', '),
      who: nameOf(l.personId),
      // A door added since has no label of its own in the web's words: its name is shown.
      channel: texts.t(`web:logs.channels.${l.channel}`, { defaultValue: l.channel }),
      cancelled: l.cancelledAt !== null,
      editing: l._id === editing,
      /** Correcting is a link to this page with that log's form open (`edit=`): one correction form in the page, not one per row. */
      edit: `${back}${back.includes('?') ? '&' : '?'}edit=${encodeURIComponent(l._id)}#log-${l._id}`,
      history: (l.history ?? []).map((h) =>
        texts.t(`web:logs.history_${h.action}`, {
          who: nameOf(h.by),
          at: dayText(h.at.slice(0, 10)),
          participants: h.before.participants,
          form: texts.formName(h.before.form),
          date: dayText(h.before.date),
        }),
      ),
    })),
  };
}
