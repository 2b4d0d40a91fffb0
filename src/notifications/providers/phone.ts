// Phone numbers as customers type them ("(11) 98765-4321", "+351 912 345 678", "0xx21 2345-6789")
// turned into the digits of E.164 (country code + national number, no "+"), which is what the SMS
// and WhatsApp APIs take. The outbox stores "+" + these digits.

/** Country calling codes and the national number lengths we know how to check. */
const COUNTRIES: Record<string, { code: string; national: (n: string) => boolean }> = {
  // Brazil: 2-digit area code (DDD, 11..99, no zero) + 8 digits (landline) or 9 digits starting
  // with 9 (mobile).
  BR: { code: '55', national: (n) => /^[1-9][1-9](?:9\d{8}|[2-8]\d{7})$/.test(n) },
  // Portugal: 9 digits; 9x mobile, 2x landline, 3x/7x/8x other services.
  PT: { code: '351', national: (n) => /^[2-9]\d{8}$/.test(n) },
};

/** What we check on a number given in international form, by its country code. */
function validInternational(digits: string): boolean {
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return false;
  for (const c of Object.values(COUNTRIES)) {
    if (digits.startsWith(c.code)) return c.national(digits.slice(c.code.length));
  }
  return true; // another country: E.164's length rules only
}

/**
 * The E.164 digits of `raw` ("5511987654321"), or null when it is not a usable phone number.
 *
 * - "+…" or "00…" is taken as international, whatever `country` says.
 * - Otherwise the number is national to `country` ('BR' → 55, 'PT' → 351): a Brazilian number may
 *   carry the trunk prefix 0 and a carrier code ("0 21 11 98765-4321", "(011) 98765-4321"), and a
 *   number that already starts with the country code and has the right length is accepted as is.
 * - For another country only the international forms are understood.
 */
export function phoneToE164Digits(raw: string, country: 'BR' | 'PT' | string): string | null {
  // "0xx21 …": the old Brazilian way to write "trunk prefix + any carrier + area code".
  const text = raw.trim().replace(/^(\(?)\s*0?\s*xx\s*/i, '$1');
  if (!text || /[a-z]/i.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (!digits) return null;

  if (text.startsWith('+')) return validInternational(digits) ? digits : null;
  if (digits.startsWith('00')) {
    const intl = digits.slice(2);
    return validInternational(intl) ? intl : null;
  }

  const c = COUNTRIES[country.toUpperCase()];
  if (!c) return null;

  if (digits.startsWith(c.code) && c.national(digits.slice(c.code.length))) return digits;

  let national = digits;
  if (country.toUpperCase() === 'BR' && national.startsWith('0')) {
    national = national.slice(1);
    // "0 XX DD NNNNNNNN": a 2-digit carrier selection code before the area code.
    if (!c.national(national) && c.national(national.slice(2))) national = national.slice(2);
  }
  return c.national(national) ? c.code + national : null;
}
