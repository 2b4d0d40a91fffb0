// Agency and account check digits ("dígito da agência / da conta") for the banks whose rule is
// public and stable, so a typo is caught as the clerk types, with the digit the bank expects:
// - Itaú (341): the account DAC is mod 10 of agency(4)+account(5) (the same DAC the boleto's free
//   field carries); the agency has no digit.
// - Banco do Brasil (001): agency(4) weights 5,4,3,2 and account(8) weights 9..2, both
//   DV = 11 − (sum mod 11), 10 → 'X', 11 → '0'.
// - Banrisul (041): the account is the código do beneficiário (7 digits); its digit and the agency's are
//   2-digit NCs (mod 10 + mod 11, banrisulNc; Banrisul writes agency 77 as 7781).
// - Ailos (085): agency(4) and account(7) digits, weights 9..2 from the right, sum mod 11, 10 → 0.
// - Uniprime (084): agency(4) and account(7) digits by Bradesco's modulo 11 (weights 2..7 from the right,
//   11 − remainder, 10 → 'P', 11 → 0; uniprime.ts says why). A 'P' cannot be typed (digits and X only), so
//   an agency or account whose digit is P is not checked.
// - Banco Inter (077): agency 0001-9 and account (≤ 9) digits, weights 2..9 from the right, (sum × 10) mod 11,
//   10 → 0 (laravel-boleto's Util::modulo11; inter.ts says why). Inter accounts are not accepted for issuing
//   (Inter numbers its boletos), but a draft still gets the digits the bank expects.
// Other banks' rules (Bradesco's 'P', Santander's and Caixa's account-type digits) are not checked:
// a wrong "expected digit" would block a correct account.
import { ailosDigit, banrisulNc, interDigit, mod10, uniprimeDigit } from '../../febraban/index.ts';

export interface ExpectedDigits {
  agency_digit?: string;
  account_digit?: string;
}

function bbDigit(digits: string, weights: readonly number[]): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i];
  const dv = 11 - (sum % 11);
  return dv === 10 ? 'X' : dv === 11 ? '0' : String(dv);
}

const isDigits = (s: string | null | undefined, max: number): s is string => typeof s === 'string' && /^\d+$/.test(s) && s.length <= max;

/**
 * The digits the bank's rule gives for this agency and account; a field is absent when the bank
 * has no known rule for it or the agency/account are not (yet) valid digit strings.
 */
export function expectedDigits(bankCode: string, agency: string | null | undefined, account: string | null | undefined): ExpectedDigits {
  if (bankCode === '341') {
    return isDigits(agency, 4) && isDigits(account, 5)
      ? { account_digit: String(mod10(agency.padStart(4, '0') + account.padStart(5, '0'))) }
      : {};
  }
  if (bankCode === '041') {
    const out: ExpectedDigits = {};
    if (isDigits(agency, 4)) out.agency_digit = banrisulNc(agency.padStart(4, '0'));
    if (isDigits(account, 7)) out.account_digit = banrisulNc(account.padStart(7, '0'));
    return out;
  }
  if (bankCode === '085') {
    const out: ExpectedDigits = {};
    if (isDigits(agency, 4)) out.agency_digit = ailosDigit(agency.padStart(4, '0'));
    if (isDigits(account, 7)) out.account_digit = ailosDigit(account.padStart(7, '0'));
    return out;
  }
  if (bankCode === '077') {
    const out: ExpectedDigits = {};
    if (isDigits(agency, 4)) out.agency_digit = interDigit(agency.padStart(4, '0'));
    if (isDigits(account, 9)) out.account_digit = interDigit(account.padStart(9, '0'));
    return out;
  }
  if (bankCode === '084') {
    const out: ExpectedDigits = {};
    const agencyDigit = isDigits(agency, 4) ? uniprimeDigit(agency.padStart(4, '0')) : 'P';
    const accountDigit = isDigits(account, 7) ? uniprimeDigit(account.padStart(7, '0')) : 'P';
    if (agencyDigit !== 'P') out.agency_digit = agencyDigit; // 'P' here: not valid digits, or a P digit
    if (accountDigit !== 'P') out.account_digit = accountDigit;
    return out;
  }
  if (bankCode === '001') {
    const out: ExpectedDigits = {};
    if (isDigits(agency, 4)) out.agency_digit = bbDigit(agency.padStart(4, '0'), [5, 4, 3, 2]);
    if (isDigits(account, 8)) out.account_digit = bbDigit(account.padStart(8, '0'), [9, 8, 7, 6, 5, 4, 3, 2]);
    return out;
  }
  return {};
}

export interface DigitIssue {
  field: 'agency_digit' | 'account_digit';
  expected: string;
}

/** The given digits that differ from the expected ones (a digit left blank is not checked). */
export function digitMismatches(
  bankCode: string,
  v: { agency?: string | null; agency_digit?: string | null; account?: string | null; account_digit?: string | null },
): DigitIssue[] {
  const exp = expectedDigits(bankCode, v.agency, v.account);
  const out: DigitIssue[] = [];
  for (const field of ['agency_digit', 'account_digit'] as const) {
    const given = (v[field] ?? '').trim().toUpperCase();
    const want = exp[field];
    if (given !== '' && want !== undefined && given !== want) out.push({ field, expected: want });
  }
  return out;
}

/** The field issue written into a 400's details: keeps the layouts' stable code and adds the digit. */
export const mismatchIssue = (expected: string) => `does_not_match_agency_account; expected ${expected}`;
