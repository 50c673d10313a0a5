import type { Staff } from '../domain/people';
import { createTexts } from '../wording/texts';
import { fullDate, keyBounds, localDate } from '../periods';
import { reply, type Reply } from '../reply';
import { draftCommandFor, offersFor, reportsOf } from '../scheduling/deadlines';
import type { UseCaseContext } from './context';

/** Who reads the export marks; claims record an owner, and only writers care which. */
const READER = 'han';

/**
 * HAN: the reports that are the sender's to send under the plans above their
 * place, overdue ones (XUAT not taken) first, each with its date, period and the
 * XUAT that gives its figures. A commune officer sees the commune's duties,
 * a district admin the district's.
 */
export async function listDeadlines(ctx: UseCaseContext, person: Staff): Promise<Reply> {
  const today = localDate(ctx.clock.now(), ctx.settings.timeZone);
  const place = await ctx.repos.places.get(person.role.placeId);
  if (!place) return reply('summary:no_place');
  const own = await reportsOf(ctx.repos, READER, person, today);
  if (own.length === 0) return reply('summary:deadlines_none', { place: place.name });
  const texts = createTexts(ctx.i18n, person.lng);
  const ordered = [...own.filter((r) => r.overdue), ...own.filter((r) => !r.overdue)];
  const item = (style: '' | '_sms') =>
    ordered.map(({ report, overdue }) => {
      const { from, to } = keyBounds(report.periodKey);
      return texts.t(`summary:deadlines_item${style}`, {
        due: fullDate(report.due),
        period: texts.period(report.deadline.covers, report.periodKey, from, to),
        command: offersFor(report.periodKey).join(' / '),
        draft: draftCommandFor(report.periodKey),
        state: overdue ? texts.t(`summary:deadlines_overdue${style}`) : '',
      });
    });
  const short = texts.fitList(item('_sms'), (list) => reply('summary:deadlines_list', { place: place.name, list: '', listShort: list }));
  return reply('summary:deadlines_list', { place: place.name, list: item('').join('\n'), listShort: short });
}
