import type { Person } from '../../../core/domain/people';
import type { Place } from '../../../core/domain/places';
import type { Outbound, OutboundRequest, OutboundResult } from '../../../core/outbound/port';
import type { OpenStorage } from '../../../adapters/store/open-storage';
import { Fixture } from '../indicators/fixtures';

/** Records what would be sent; every send succeeds unless `failNext` says otherwise. */
export class RecordingOutbound implements Outbound {
  readonly sent: OutboundRequest[] = [];
  private readonly keys = new Set<string>();
  failNext = 0;
  async send(request: OutboundRequest): Promise<OutboundResult> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('network down');
    }
    // Like the real outbox: one delivery per idempotency key.
    if (this.keys.has(request.idempotencyKey)) return { ok: true, status: 'already_sent', channel: 'telegram' };
    this.keys.add(request.idempotencyKey);
    this.sent.push(request);
    return { ok: true, status: 'sent', channel: request.person.accounts?.length ? 'telegram' : 'sms' };
  }
  to(personId: string): OutboundRequest[] {
    return this.sent.filter((r) => r.person._id === personId);
  }
}

export interface World {
  province: Place;
  keSat: Place;
  thucKhang: Place;
  dong: Place;
  tay: Place;
  nam: Place;
  mot: Place;
  people: Record<'ctvDong' | 'ctvTay' | 'ctvNam' | 'ctvNamOff' | 'ctvMot' | 'officer' | 'otherOfficer' | 'admin', Person>;
}

/**
 * Hải Phòng with two communes. On 20 Nov 2026: Kẻ Sắt's Đông held two
 * sessions in November and Tây one (plus a cancelled one); Nam none. Thực
 * Khang's Một held one in October only.
 */
export async function buildWorld(store: OpenStorage): Promise<World> {
  const f = new Fixture('world');
  const province = f.place('hai-phong', 'province', null, 'Thành phố Hải Phòng');
  const keSat = f.place('ke-sat', 'commune', province, 'Xã Kẻ Sắt');
  const thucKhang = f.place('thuc-khang', 'commune', province, 'Xã Thực Khang');
  const dong = f.place('ke-sat.dong', 'village', keSat, 'Thôn Đông');
  const tay = f.place('ke-sat.tay', 'village', keSat, 'Thôn Tây');
  const nam = f.place('ke-sat.nam', 'village', keSat, 'Thôn Nam');
  const mot = f.place('thuc-khang.mot', 'village', thucKhang, 'Thôn Một');
  for (const p of [keSat, thucKhang, dong, tay, nam, mot]) p.aliases.push(p.name.replace(/^(Xã|Thôn) /, ''));
  const people = {
    ctvDong: f.person('ctv-dong', 'collaborator', dong, { name: 'Nguyễn Văn An', phone: '+84905000101' }),
    ctvTay: f.person('ctv-tay', 'collaborator', tay, { name: 'Trần Thị Bình', phone: '+84905000102' }),
    ctvNam: f.person('ctv-nam', 'collaborator', nam, { name: 'Lê Văn Cường', phone: '+84905000103' }),
    ctvNamOff: f.person('ctv-nam-2', 'collaborator', nam, { name: 'Lê Thị Dung', phone: '+84905000104', remindersOff: true }),
    ctvMot: f.person('ctv-mot', 'collaborator', mot, { name: 'Phạm Văn Một', phone: '+84905000301' }),
    officer: f.person('cb-ke-sat', 'officer', keSat, { name: 'Cán bộ Kẻ Sắt', phone: '+84905000201', accounts: [{ door: 'telegram', id: '201' }] }),
    otherOfficer: f.person('cb-thuc-khang', 'officer', thucKhang, { name: 'Cán bộ Thực Khang', phone: '+84905000401' }),
    admin: f.person('admin-hai-phong', 'admin', province, { name: 'Quản trị Hải Phòng', phone: '+84905000901', accounts: [{ door: 'telegram', id: '901' }] }),
  };
  f.log(dong, '2026-11-03', { participants: 45, personId: 'ctv-dong' });
  f.log(dong, '2026-11-17', { participants: 120, form: 'truong', groups: ['hs'], personId: 'ctv-dong', note: 'trường THPT' });
  f.log(tay, '2026-11-18', { participants: 30, form: 'loa', personId: 'ctv-tay' });
  f.log(tay, '2026-11-19', { participants: 99, personId: 'ctv-tay', cancelled: true });
  f.log(tay, '2026-10-10', { participants: 25, personId: 'ctv-tay' });
  f.log(mot, '2026-10-05', { participants: 60, personId: 'ctv-mot' });
  await f.insert(store);
  return { province, keSat, thucKhang, dong, tay, nam, mot, people };
}
