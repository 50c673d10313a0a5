/** Worst-case values for the BAOCAO replies: a long commune name, a half-year, 5–6 digit counts. */
export const samples: Record<string, Record<string, unknown>> = {
  ready: { place: 'Xã Đông Phong Thượng', period: '6 tháng cuối năm 2026', sessions: 12500, attendances: 456000 },
  sms: { period: '6 tháng cuối năm 2026' },
};
