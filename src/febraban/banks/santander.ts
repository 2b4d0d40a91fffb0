// Santander (033): free = '9' beneficiaryCode(7) nossoNúmero(12)+DV(1) IOF(1) carteira(3).
// NN DV: weights 2..9 from the right, DV = 11 − (sum mod 11); 10 and 11 → 0.

import type { ErrorDetail } from '../../platform/errors.ts';
import { mod11ZeroOnHigh } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export const santander: BankLayout = {
  code: '033',
  name: 'Banco Santander',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'convenio', account.convenio, 7);
    checkDigits(issues, 'agency', account.agency, 4, false);
    if (!/^\d{3}$/.test(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_3_digits' });
    if (account.iof !== undefined && !/^\d$/.test(account.iof)) issues.push({ field: 'iof', issue: 'must_be_1_digit' });
    return issues;
  },

  maxSequence: () => 999_999_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 12);
    const dv = mod11ZeroOnHigh(nn);
    return {
      nossoNumero: `${nn}-${dv}`,
      freeField: '9' + pad(account.convenio, 7) + nn + dv + (account.iof ?? '0') + account.carteira,
    };
  },
};
