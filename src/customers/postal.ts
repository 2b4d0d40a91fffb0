// Postal codes and Brazilian states. Brazil and Portugal get real shape checks; other countries only
// a sanity limit, since we have no reliable per-country rules.

import { DomainError } from '../platform/errors.ts';
import { PT_REGIONS } from '../platform/pt-regions.ts';

/** The 26 Brazilian states plus the Federal District. */
export const BR_UFS: readonly string[] = Object.freeze([
  'AC',
  'AL',
  'AM',
  'AP',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MG',
  'MS',
  'MT',
  'PA',
  'PB',
  'PE',
  'PI',
  'PR',
  'RJ',
  'RN',
  'RO',
  'RR',
  'RS',
  'SC',
  'SE',
  'SP',
  'TO',
]);

export { PT_REGIONS };

const UF_SET = new Set(BR_UFS);
const PT_SET = new Set(PT_REGIONS);

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

export function normalizePostalCode(country: string, input: string, field = 'postal_code'): { value: string; formatted: string } {
  const c = (country ?? '').trim().toUpperCase();
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') throw invalid(field, 'The postal code is required.', 'required');

  if (c === 'BR') {
    // CEP: 8 digits, typed as '95720-000', '95.720-000' or '95720000'. The lowest assigned CEP is 01000-000.
    const m = /^(\d{2})\.?(\d{3})-?(\d{3})$/.exec(raw);
    const value = m ? m[1] + m[2] + m[3] : '';
    if (!m || value < '01000000') {
      // Say the whole rule: '00000-000' has the shape NNNNN-NNN and is still refused.
      throw invalid(
        field,
        `"${raw}" is not a valid CEP (expected 8 digits from 01000-000 up, e.g. 95720-000).`,
        'CEP must be 8 digits (NNNNN-NNN), 01000-000 or above',
      );
    }
    return { value, formatted: `${value.slice(0, 5)}-${value.slice(5)}` };
  }

  if (PT_SET.has(c)) {
    // Código postal: 4 digits + 3-digit street code, written 'DDDD-DDD'. The format is the rule, as
    // the TOConline API states it: assigned CP4s run 1000-9999, yet its own example is '0000-000'.
    const m = /^(\d{4})[-\s]?(\d{3})$/.exec(raw);
    if (!m) {
      throw invalid(
        field,
        `"${raw}" is not a valid Portuguese postal code (expected DDDD-DDD: 4 digits, a hyphen and 3 digits, e.g. 1000-001).`,
        'postal code must be DDDD-DDD (4 digits, a hyphen, 3 digits)',
      );
    }
    const value = `${m[1]}-${m[2]}`;
    return { value, formatted: value };
  }

  const value = raw.replace(/\s+/g, ' ').toUpperCase();
  if (value.length > 16 || !/^[A-Z0-9][A-Z0-9 -]*$/.test(value)) {
    throw invalid(
      field,
      'A postal code may have at most 16 letters, digits, spaces or hyphens.',
      'postal code must be up to 16 characters of [A-Z0-9 -]',
    );
  }
  return { value, formatted: value };
}

export function normalizeUf(input: string, field = 'state'): string {
  const v = typeof input === 'string' ? input.trim().toUpperCase() : '';
  if (!UF_SET.has(v)) throw invalid(field, `"${input}" is not a Brazilian state (UF), e.g. RS, SP.`, 'unknown UF');
  return v;
}
