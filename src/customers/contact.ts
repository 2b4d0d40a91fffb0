// Phone numbers and e-mail addresses of customers. Phones are stored in E.164; Brazilian and
// Portuguese numbers are checked against their national numbering plans, others only by shape.

import { DomainError } from '../platform/errors.ts';
import { isPortugal } from '../platform/pt-regions.ts';

export interface NormalizedPhone {
  /** E.164, e.g. '+5554999999999'. */
  number: string;
  /** BR: '(54) 99999-9999' / '(54) 3462-1234'; PT: '+351 912 345 678'; others: the E.164 number. */
  formatted: string;
  /** Numbering plan the number was checked against: 'BR', 'PT', else the customer's country ('ZZ' if that was BR/PT). */
  country: string;
}

// Brazilian area codes (DDD) in use, per Anatel's national numbering plan: 67 codes.
const BR_DDDS = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '16',
  '17',
  '18',
  '19',
  '21',
  '22',
  '24',
  '27',
  '28',
  '31',
  '32',
  '33',
  '34',
  '35',
  '37',
  '38',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '53',
  '54',
  '55',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '67',
  '68',
  '69',
  '71',
  '73',
  '74',
  '75',
  '77',
  '79',
  '81',
  '82',
  '83',
  '84',
  '85',
  '86',
  '87',
  '88',
  '89',
  '91',
  '92',
  '93',
  '94',
  '95',
  '96',
  '97',
  '98',
  '99',
]);

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

/** `n` = DDD + subscriber number (10 or 11 digits). */
function brPhone(n: string, field: string): NormalizedPhone {
  if (n.length !== 10 && n.length !== 11) {
    throw invalid(
      field,
      'A Brazilian phone number has a 2-digit area code plus 8 (landline) or 9 (mobile) digits.',
      'must have 10 or 11 digits including the DDD',
    );
  }
  const ddd = n.slice(0, 2);
  const local = n.slice(2);
  if (!BR_DDDS.has(ddd)) throw invalid(field, `${ddd} is not a Brazilian area code (DDD).`, 'unknown DDD');
  if (local.length === 9 && local[0] !== '9') {
    throw invalid(field, 'A 9-digit Brazilian mobile number must start with 9.', 'mobile number must start with 9');
  }
  if (local.length === 8 && !/^[2-5]/.test(local)) {
    throw invalid(field, 'An 8-digit Brazilian landline number must start with 2, 3, 4 or 5.', 'landline must start with 2-5');
  }
  return {
    number: `+55${n}`,
    formatted: `(${ddd}) ${local.slice(0, -4)}-${local.slice(-4)}`,
    country: 'BR',
  };
}

/** `n` = 9-digit Portuguese national number. */
function ptPhone(n: string, field: string): NormalizedPhone {
  if (!/^[29]\d{8}$/.test(n)) {
    throw invalid(
      field,
      'A Portuguese phone number has 9 digits starting with 2 (landline) or 9 (mobile).',
      'must be 9 digits starting with 2 or 9',
    );
  }
  return { number: `+351${n}`, formatted: `+351 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, country: 'PT' };
}

/**
 * Accepts national or international notation (with '+' or the '00' international prefix), with spaces,
 * dots, hyphens and parentheses. An international number with +55/+351 is checked against the BR/PT plan
 * whatever the customer's country; any other one only needs 8..15 digits.
 */
export function normalizePhone(input: string, opts: { country?: string; field?: string } = {}): NormalizedPhone {
  const field = opts.field ?? 'phone';
  const country = (opts.country ?? 'BR').trim().toUpperCase() || 'BR';
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') throw invalid(field, 'The phone number is required.', 'required');
  if (!/^\+?[\d\s().-]+$/.test(raw)) {
    throw invalid(field, 'A phone number may only contain digits, spaces, ( ) . - and a leading +.', 'unexpected characters');
  }
  const digits = raw.replace(/\D/g, '');

  // The '00' international prefix is only unambiguous as such outside Brazil's '0'+DDD trunk form,
  // which can never start with '00' (no DDD starts with 0).
  const intl = raw.startsWith('+') ? digits : digits.startsWith('00') ? digits.slice(2) : undefined;
  if (intl !== undefined) {
    if (intl.startsWith('55')) return brPhone(intl.slice(2), field);
    if (intl.startsWith('351')) return ptPhone(intl.slice(3), field);
    if (!/^[1-9]\d{7,14}$/.test(intl)) {
      throw invalid(
        field,
        'An international phone number has a country code and 8 to 15 digits in total.',
        'must be + followed by 8 to 15 digits',
      );
    }
    const plan = country === 'BR' || isPortugal(country) ? 'ZZ' : country;
    return { number: `+${intl}`, formatted: `+${intl}`, country: plan };
  }

  if (country === 'BR') {
    // National forms: DDD+number, '0'+DDD+number (trunk prefix), or 55+DDD+number typed without '+'.
    let n = digits.startsWith('0') ? digits.slice(1) : digits;
    if ((n.length === 12 || n.length === 13) && n.startsWith('55')) n = n.slice(2);
    return brPhone(n, field);
  }
  if (isPortugal(country)) {
    const n = digits.length === 12 && digits.startsWith('351') ? digits.slice(3) : digits;
    return ptPhone(n, field);
  }
  throw invalid(
    field,
    'Phone numbers outside Brazil and Portugal must be written in international form (+ country code).',
    'must start with + and the country code',
  );
}

/** '(54)99999-9999': the notation of the Dezwork source API (no space after the DDD). BR numbers only. */
export function formatPhoneForDezwork(e164: string): string {
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(e164);
  if (!m) throw invalid('phone', `${e164} is not a Brazilian E.164 phone number.`, 'must be +55 followed by 10 or 11 digits');
  return `(${m[1]})${m[2]}-${m[3]}`;
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Trimmed and lowercased address. Deliberately narrower than RFC 5322 (no quoted local parts, no IP
 * literals, no dotless domains): those are legal but in practice typos, and invoices must reach people.
 */
export function normalizeEmail(input: string, field = 'email'): string {
  const v = typeof input === 'string' ? input.trim().toLowerCase() : '';
  const fail = (issue: string) =>
    invalid(field, `"${typeof input === 'string' ? input.trim() : ''}" is not a valid e-mail address.`, issue);
  if (v === '') throw invalid(field, 'The e-mail address is required.', 'required');
  if (v.length > 254) throw fail('must be at most 254 characters');
  const at = v.lastIndexOf('@');
  if (at <= 0 || v.indexOf('@') !== at) throw fail('must have the form local@domain.tld');
  const local = v.slice(0, at);
  const domain = v.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) throw fail('invalid local part');
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !TLD.test(labels[labels.length - 1])) {
    throw fail('invalid domain');
  }
  return v;
}
