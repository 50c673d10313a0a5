/** Sample values for the `plans` namespace (plan upload replies; Telegram in practice, but kept SMS-safe). */
export const samples: Record<string, Record<string, unknown>> = {
  loaded: { id: 'thai-nguyen-2021-2025', place: 'Tỉnh Thái Nguyên', targets: 9 },
  replaced: { id: 'thai-nguyen-2021-2025', place: 'Tỉnh Thái Nguyên', targets: 9 },
  invalid: { count: 3, problems: 'targets[2].percent: expected a number' },
  forbidden: {},
  outside: { place: 'Tỉnh Thái Nguyên' },
  too_big: { maxKb: 256 },
  not_a_plan: {},
};
