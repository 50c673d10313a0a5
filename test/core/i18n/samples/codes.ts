/** Realistic worst-case values for every `codes` key (long names, a typed number with spaces). */
const name = 'Nguyễn Thị Phương Thảo';
const phone = '0905 123 456';

export const samples: Record<string, Record<string, unknown>> = {
  'message.link': { code: '048213', minutes: 10 },
  'message.web-login': { code: '048213', minutes: 10 },
  'link.prompt': {},
  'link.sent': { phone: '090****456', minutes: 10 },
  'link.invalid_phone': { phone: '0905 123 456 789 12' },
  'link.not_on_roster': { phone },
  'link.rate_limited': {},
  'link.no_door': {},
  'link.wrong': { triesLeft: 4 },
  'link.expired': {},
  'link.too_many_tries': {},
  'link.none': {},
  'link.linked': { name },
  'link.already_linked': { name },
  'link.taken': { door: 'Telegram' },
  'unlink.done': { name, door: 'Telegram' },
  'unlink.nothing': { name },
  'unlink.not_found': { phone },
  'unlink.usage': {},
};
