/**
 * Issue 21, observation 15: the same data gives the same totals in TONGHOP and
 * XEM, and NHAC says what each number counts. Figures by hand.
 */
import type { i18n as I18n } from 'i18next';
import { onStore } from '../../../tools/harness/on-store';
import type { Person } from '../../../core/domain/people';
import { createI18n } from '../../../core/i18n/i18n';
import { renderReply } from '../../../core/i18n/render';
import { createOfficerCommands, type OfficerCommand } from '../../../core/commands/officer-commands';
import { asStaff } from '../../support/test-core';
import type { Reply } from '../../../core/reply';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture, vn } from '../indicators/fixtures';
import { RecordingOutbound } from '../officer/world';
import { STORES } from './stores';

const i18n: I18n = createI18n();
const full = (r: Reply): string => renderReply(i18n, r, 'vi', 'full');

function ask(store: OpenStorage, command: OfficerCommand, person: Person, at: Date): Promise<Reply> {
  return createOfficerCommands({ ...onStore(store), i18n, outbound: new RecordingOutbound() }).handle(command, asStaff(person), { channel: 'telegram', now: at });
}

describe.each(STORES)('one answer per question, on %s', (_name, openStore) => {
  let store: OpenStorage;
  beforeEach(async () => {
    store = await openStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('observation 15: TONGHOP and XEM give the same session totals for the month and the year, the commune’s own sessions included', async () => {
    const f = new Fixture('a15');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    const [a, b] = ['A', 'B'].map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`));
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    // Year: A 3 (one in December), B 1, the commune itself 2 (one in December) = 6; December: A 1 + commune 1 = 2.
    f.log(a!, '2026-03-05');
    f.log(a!, '2026-07-05');
    f.log(a!, '2026-12-02');
    f.log(b!, '2026-05-05');
    f.log(commune, '2026-04-05', { personId: 'cb-ke-sat' });
    f.log(commune, '2026-12-03', { personId: 'cb-ke-sat' });
    await f.insert(store);
    const at = vn('2026-12-06');
    const year = full(await ask(store, { kind: 'summary', period: { kind: 'year' } }, officer, at));
    const month = full(await ask(store, { kind: 'summary', period: { kind: 'month' } }, officer, at));
    expect(year).toContain('Số buổi tuyên truyền: 6,');
    expect(month).toContain('Số buổi tuyên truyền: 2,');
    const view = full(await ask(store, { kind: 'view' }, officer, at));
    expect(view).toContain('tháng 12: 2 buổi');
    expect(view).toContain('năm 2026: 6 buổi');
  });

  it('observation 14: CHUA QUY answers for the quarter’s own dates and villages, not the month’s', async () => {
    const f = new Fixture('a14');
    const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
    const commune = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
    const [a, b, c] = ['A', 'B', 'C'].map((l) => f.place(`ke-sat.${l.toLowerCase()}`, 'village', commune, `Thôn ${l}`));
    const officer = f.person('cb-ke-sat', 'officer', commune, { phone: '+84905000201' });
    // Q4 so far (01/10–06/12): A in October, B in December; C none. December alone: A and C quiet.
    f.log(a!, '2026-10-05');
    f.log(b!, '2026-12-02');
    await f.insert(store);
    const text = full(await ask(store, { kind: 'quiet', period: { kind: 'quarter' } }, officer, vn('2026-12-06')));
    expect(text.split('\n')[0]).toBe('Thôn chưa có buổi tuyên truyền trong quý 4/2026 (01/10–06/12/2026), 1/3 thôn:');
    expect(text).toContain('Thôn C');
    expect(text).not.toContain('Thôn A');
    expect(c).toBeDefined();
  });
});
