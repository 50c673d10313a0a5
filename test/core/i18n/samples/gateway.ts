/** Worst-case values for the `gateway` namespace (the officer alert; Telegram first, but it must also fit one SMS). */
export const samples: Record<string, Record<string, unknown>> = {
  device_silent: { commune: 'Xã Tân Phước Khánh Thượng', since: '07:45 21/11' },
};
