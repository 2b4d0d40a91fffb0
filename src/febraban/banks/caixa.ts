// Caixa Econômica Federal (104), SIGCB layout. Nosso número (17) = modality (1 = registered "RG",
// 2 = unregistered "SR") + emission (4 = beneficiary) + sequence(15), DV = mod 11 (2..9, >9 → 0).
// free = beneficiary(6)+DV or beneficiary(7) | NN[3..5] | modality | NN[6..8] | 4 | NN[9..17] | DV
// (positions 1-based), DV of the free field = same mod 11.

import type { ErrorDetail } from '../../platform/errors.ts';
import { mod11ZeroOnHigh } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout, CollectionAccountData } from './types.ts';

const MODALITY: Record<string, string> = { RG: '1', SR: '2', '1': '1', '2': '2' };

/** 7-digit beneficiary codes (the newer range) start above 1100000; 1000000..1100000 do not exist. */
function beneficiaryField(code: string): string {
  if (code.length === 7) return code;
  const six = pad(code, 6);
  return six + mod11ZeroOnHigh(six);
}

function beneficiaryIssue(account: CollectionAccountData): ErrorDetail | null {
  const code = account.beneficiaryCode;
  if (code && /^\d{7}$/.test(code) && Number(code) <= 1_100_000) {
    return { field: 'beneficiaryCode', issue: 'seven_digit_code_must_exceed_1100000' };
  }
  return null;
}

export const caixa: BankLayout = {
  code: '104',
  name: 'Caixa Econômica Federal',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'beneficiaryCode', account.beneficiaryCode, 7);
    const rangeIssue = beneficiaryIssue(account);
    if (rangeIssue) issues.push(rangeIssue);
    checkDigits(issues, 'agency', account.agency, 4, false);
    if (!MODALITY[account.carteira ?? '']) issues.push({ field: 'carteira', issue: 'must_be_RG_or_SR' });
    return issues;
  },

  maxSequence: () => 999_999_999_999_999,

  numbers({ account, sequence }) {
    const modality = MODALITY[account.carteira];
    const nn = modality + '4' + padSequence(sequence, 15);
    const free24 = beneficiaryField(account.beneficiaryCode!) + nn.slice(2, 5) + modality + nn.slice(5, 8) + '4' + nn.slice(8, 17);
    return { nossoNumero: `${nn}-${mod11ZeroOnHigh(nn)}`, freeField: free24 + mod11ZeroOnHigh(free24) };
  },
};
