/**
 * Vietnamese phone numbers to E.164. Rosters come from spreadsheets typed by
 * hand, and older collaborators still write pre-2018 11-digit numbers, so we
 * accept every common spelling and convert the retired prefixes.
 */

/** Pre-2018 11-digit mobile prefixes and their 10-digit replacements (MIC, 2018). */
const OLD_PREFIXES: Record<string, string> = {
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0186': '056', '0188': '058', '0199': '059',
};

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: 'empty' | 'invalid' };

export function normalizePhone(input: string): PhoneResult {
  const raw = input.trim();
  if (raw.length === 0) return { ok: false, reason: 'empty' };
  if (!/^[+\d\s().\-]+$/.test(raw)) return { ok: false, reason: 'invalid' };
  // A plus sign leads the number, once: `++84…` or `84+9…` is not a spelling anyone means.
  if (!/^[^\d+]*\+?[^+]*$/.test(raw)) return { ok: false, reason: 'invalid' };
  const plus = raw.startsWith('+') || raw.startsWith('00');
  let digits = raw.replace(/\D/g, '');
  if (raw.startsWith('00')) digits = digits.slice(2);
  let national: string;
  if (digits.startsWith('84') && (plus || digits.length === 11 || digits.length === 12)) {
    national = '0' + digits.slice(2);
  } else if (plus) {
    // Another country: keep it if it looks like E.164.
    return /^[1-9]\d{6,14}$/.test(digits) ? { ok: true, e164: '+' + digits } : { ok: false, reason: 'invalid' };
  } else if (digits.startsWith('0')) {
    national = digits;
  } else if (digits.length === 9 || digits.length === 10) {
    national = '0' + digits;
  } else {
    return { ok: false, reason: 'invalid' };
  }
  if (national.length === 11 && national.startsWith('02')) {
    // Landlines: 0 + area code 2xx + 8 digits (since 2017). Kept for officers' office numbers.
    return { ok: true, e164: '+84' + national.slice(1) };
  }
  if (national.length === 11) {
    const replacement = OLD_PREFIXES[national.slice(0, 4)];
    if (!replacement) return { ok: false, reason: 'invalid' };
    national = replacement + national.slice(4);
  }
  // 10 digits: mobile 03/05/07/08/09, or a landline 02x.
  if (!/^0[235789]\d{8}$/.test(national)) return { ok: false, reason: 'invalid' };
  return { ok: true, e164: '+84' + national.slice(1) };
}

/** For logs: `+84905123456` → `+8490****456`. Never log a full number. */
export function maskPhone(e164: string): string {
  if (e164.length < 8) return '****';
  return e164.slice(0, 5) + '****' + e164.slice(-3);
}
