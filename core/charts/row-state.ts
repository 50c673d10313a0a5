import type { GridRow } from './grid-model';
import type { Texts } from '../wording/texts';

/**
 * A row's state in words that are true of its months:
 * - `never`: not one session since it joined Loa;
 * - `broken`: a month since it joined with no session (for a commune: a
 *   month in which not every village held one), named by the first such month;
 * - `regular`: every month so far had one.
 * The running month does not break anything until it is over: a village with
 * no session yet this month is "to act on", not interrupted. The web page and
 * the chat picture both say it, so the rule lives here, once.
 */
export type RowState = { kind: 'regular' } | { kind: 'never' } | { kind: 'broken'; since: string };

export function rowState(row: Pick<GridRow, 'cells'>, thisMonth: string): RowState {
  const counted = row.cells.filter((c) => c.status !== 'future' && c.month <= thisMonth);
  if (counted.every((c) => c.value === 0)) return { kind: 'never' };
  const missed = counted.find((c) => c.month < thisMonth && (c.of === undefined ? c.value === 0 : c.value < c.of));
  return missed ? { kind: 'broken', since: missed.month } : { kind: 'regular' };
}

/** The state's words: `đang duy trì`, `gián đoạn từ T10` (with the year when it is not this one), `chưa có buổi nào`. */
export function rowStateLabel(texts: Texts, state: RowState, thisMonth: string): string {
  if (state.kind !== 'broken') return texts.t(`web:state.${state.kind}`);
  const month = Number(state.since.slice(5, 7));
  const sameYear = state.since.slice(0, 4) === thisMonth.slice(0, 4);
  return texts.t(sameYear ? 'web:state.broken' : 'web:state.broken_year', { month, year: state.since.slice(0, 4) });
}
