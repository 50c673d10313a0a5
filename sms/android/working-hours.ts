import { DateTime } from 'luxon';
import { DEFAULT_TIME_ZONE } from '../../core/periods';

/**
 * When someone is at the commune office to look at the SMS phone. Silence
 * outside these hours (night, Sunday) is not counted and never alerted:
 * an alert at 22:00 helps nobody, and offices often cut power at night.
 */
export interface WorkingHours {
  zone: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly number[];
  startMinute: number;
  endMinute: number;
}

/** 07:00–17:30 Monday to Saturday, Vietnam time: commune offices work Saturday mornings, and people log on Saturdays. */
export const COMMUNE_OFFICE_HOURS: WorkingHours = {
  zone: DEFAULT_TIME_ZONE,
  weekdays: [1, 2, 3, 4, 5, 6],
  startMinute: 7 * 60,
  endMinute: 17 * 60 + 30,
};

/** Beyond this a device is silent anyway; keeps the loop bounded for devices gone for months. */
const MAX_DAYS = 62;

export function isWorkingTime(at: Date, hours: WorkingHours = COMMUNE_OFFICE_HOURS): boolean {
  const local = DateTime.fromJSDate(at, { zone: hours.zone });
  const minute = local.hour * 60 + local.minute;
  return hours.weekdays.includes(local.weekday) && minute >= hours.startMinute && minute < hours.endMinute;
}

/** Minutes of working time between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours = COMMUNE_OFFICE_HOURS): number {
  if (to.getTime() <= from.getTime()) return 0;
  const end = DateTime.fromJSDate(to, { zone: hours.zone });
  let day = DateTime.fromJSDate(from, { zone: hours.zone }).startOf('day');
  const earliest = end.startOf('day').minus({ days: MAX_DAYS });
  if (day < earliest) day = earliest;
  let ms = 0;
  for (; day <= end; day = day.plus({ days: 1 })) {
    if (!hours.weekdays.includes(day.weekday)) continue;
    const open = Math.max(day.plus({ minutes: hours.startMinute }).toMillis(), from.getTime());
    const close = Math.min(day.plus({ minutes: hours.endMinute }).toMillis(), to.getTime());
    if (close > open) ms += close - open;
  }
  return Math.floor(ms / 60_000);
}
