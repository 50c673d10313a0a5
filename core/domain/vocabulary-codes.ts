import { z } from 'zod';

/**
 * The fixed outreach vocabulary, as stable short codes. Display names and the
 * words people type live in `locales/<lng>/vocabulary.json`; stored data and
 * plan files only ever hold these codes, so renaming a word never rewrites history.
 */
export const FORM_CODES = [
  'hop', // họp thôn / họp dân
  'loa', // loa truyền thanh
  'ho', // đến hộ gia đình
  'toroi', // tờ rơi, pano, áp phích
  'sankhau', // sân khấu hóa
  'mxh', // mạng xã hội, Zalo
  'truong', // tại trường học
  'cskd', // tại cơ sở kinh doanh dịch vụ
  'nhatro', // khu nhà trọ công nhân
  'bao', // báo, đài, cổng thông tin
  'taphuan', // tập huấn cán bộ
] as const;
export type FormCode = (typeof FORM_CODES)[number];
export const FormCodeSchema = z.enum(FORM_CODES);

export const GROUP_CODES = [
  'nd', // nhân dân
  'tn', // thanh niên
  'hs', // học sinh, sinh viên
  'ld', // người lao động
  'kcn', // lao động khu công nghiệp
  'dv', // lao động tại cơ sở kinh doanh dịch vụ
  'pn', // phụ nữ
  'ncc', // nhóm nguy cơ cao
  'cb', // cán bộ
] as const;
export type GroupCode = (typeof GROUP_CODES)[number];
export const GroupCodeSchema = z.enum(GROUP_CODES);

/** Used when a log names no group: a village meeting speaks to the public. */
export const DEFAULT_GROUP: GroupCode = 'nd';

/** Forms whose audience goes without saying: a session at a school reaches students, a training reaches staff. */
const FORM_DEFAULT_GROUPS: Partial<Record<FormCode, GroupCode>> = { truong: 'hs', taphuan: 'cb', cskd: 'dv' };

export function defaultGroupFor(form: FormCode): GroupCode {
  return FORM_DEFAULT_GROUPS[form] ?? DEFAULT_GROUP;
}
