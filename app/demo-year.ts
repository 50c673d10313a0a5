import type { Place } from '../core/domain/places';
import type { SessionLog } from '../core/domain/session-log';
import type { FormCode, GroupCode } from '../core/domain/vocabulary-codes';
import { localDate, periodKeysOf } from '../core/periods';
import { monthsBetween } from '../core/indicators/buckets';
import { contentKeyOf } from '../core/usecases/session-logs';

/**
 * A year of plausible demo logs on the demo roster, so a first `npm start`
 * shows what Loa is for. Every demo log's `channelMessageId` starts with
 * `demo:` (the mark `loa demo clear` removes them by); nothing else about
 * them differs from a real log. Deterministic: the same day gives the same logs.
 *
 * The story, month by month over the twelve months to today:
 * - Đông, Tây, Nam, Bắc, Thượng, Hạ, Trung (Kẻ Sắt) and An Ninh (Thúc Kháng)
 *   hold one or two sessions every month;
 * - Cầu does too, except in October: its streak broke there;
 * - Mới and Phú Khê hold sessions some months only;
 * - Ngọc and Ngọc Cục never held one;
 * - every fifth session is split by group; Kẻ Sắt's officer logs a press
 *   item and a training at the commune.
 * This month, only villages whose session day has come have one yet.
 */
export const DEMO_MARK = 'demo:';

const REGULAR = ['ke-sat.dong', 'ke-sat.tay', 'ke-sat.nam', 'ke-sat.bac', 'ke-sat.thuong', 'ke-sat.ha', 'ke-sat.trung', 'thuc-khang.an-ninh'];
const BROKE_IN_OCTOBER = 'ke-sat.cau';
const NOW_AND_THEN = ['ke-sat.moi', 'thuc-khang.phu-khe'];
const FORMS: Array<{ form: FormCode; groups: GroupCode[] }> = [
  { form: 'hop', groups: ['nd'] },
  { form: 'hop', groups: ['nd'] },
  { form: 'loa', groups: ['nd'] },
  { form: 'ho', groups: ['nd'] },
  { form: 'truong', groups: ['hs'] },
  { form: 'hop', groups: ['tn'] },
];

/** A small deterministic number from a text (FNV-1a), so the demo looks varied without randomness. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Which villages hold a session in `month` (the month's index among the twelve decides the irregular ones). */
function activeIn(villageId: string, month: string, index: number): boolean {
  if (REGULAR.includes(villageId)) return true;
  if (villageId === BROKE_IN_OCTOBER) return month.slice(5) !== '10';
  if (NOW_AND_THEN.includes(villageId)) return index % 3 !== 1;
  return false;
}

export interface DemoPeople {
  /** The collaborator of each village (the person who sends TT). */
  collaboratorOf: Map<string, string>;
  /** Kẻ Sắt's officer, who logs the press item and the training. */
  officer: string;
}

/** The demo year as logs, oldest first; `places` are the demo roster's places by id. */
export function demoYear(places: Map<string, Place>, people: DemoPeople, now: Date, timeZone: string): SessionLog[] {
  const today = localDate(now, timeZone);
  const [year, month] = today.split('-').map(Number) as [number, number];
  const first = `${month === 12 ? year : year - 1}-${String((month % 12) + 1).padStart(2, '0')}`;
  const months = monthsBetween(first, today.slice(0, 7));
  const logs: SessionLog[] = [];
  const add = (place: Place, personId: string, date: string, participants: number, form: FormCode, groups: GroupCode[], split?: Partial<Record<GroupCode, number>>) => {
    const n = logs.length + 1;
    const base = { villageId: place._id, participants, form, groups, date, note: '', ...(split ? { participantsByGroup: split } : {}) };
    logs.push({
      ...base,
      _id: `demo-${n}`,
      code: `D${n.toString(36).toUpperCase().padStart(3, '0')}`,
      placePath: place.path,
      periods: periodKeysOf(date),
      personId,
      channel: 'sms',
      channelMessageId: `${DEMO_MARK}${n}`,
      contentKey: contentKeyOf(base),
      createdAt: new Date(`${date}T12:00:00+07:00`).toISOString(),
      editedAt: null,
      cancelledAt: null,
    });
  };
  months.forEach((m, index) => {
    for (const [villageId, personId] of people.collaboratorOf) {
      const village = places.get(villageId);
      if (!village || !activeIn(villageId, m, index)) continue;
      const sessions = 1 + (hash(`${villageId}|${m}`) % 2);
      for (let s = 0; s < sessions; s += 1) {
        const h = hash(`${villageId}|${m}|${s}`);
        const date = `${m}-${String(3 + s * 12 + (h % 10)).padStart(2, '0')}`;
        if (date > today) continue;
        const { form, groups } = FORMS[h % FORMS.length]!;
        const participants = 15 + (h % 46);
        if ((logs.length + 1) % 5 === 0) {
          const women = 5 + (h % 10);
          add(village, personId, date, participants, form, ['nd', 'pn'], { nd: participants - women, pn: women });
        } else add(village, personId, date, participants, form, groups);
      }
    }
  });
  const commune = places.get('ke-sat');
  const pressMonth = months.at(-3);
  const trainingMonth = months.at(-5);
  if (commune && pressMonth) add(commune, people.officer, `${pressMonth}-15`, 1, 'bao', ['nd']);
  if (commune && trainingMonth) add(commune, people.officer, `${trainingMonth}-20`, 32, 'taphuan', ['cb']);
  return logs.sort((a, b) => a.date.localeCompare(b.date));
}
