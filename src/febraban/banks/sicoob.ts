// Sicoob (756): free = carteira(1) cooperativa(4) modalidade(2) clientCode(7) nossoNúmero(7)+DV(1) parcela(3 = 001).
// NN DV: cooperativa(4) + client code (10, zero-padded) + NN(7), weights 3,1,9,7 repeated from the
// left, DV = 11 − (sum mod 11); 10 and 11 → 0.

import type { ErrorDetail } from '../../platform/errors.ts';
import { weightedSumFromLeft } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export function sicoobNossoNumeroDv(cooperativa: string, clientCode: string, nn7: string): number {
  const dv = 11 - (weightedSumFromLeft(pad(cooperativa, 4) + pad(clientCode, 10) + nn7, [3, 1, 9, 7]) % 11);
  return dv > 9 ? 0 : dv;
}

export const sicoob: BankLayout = {
  code: '756',
  name: 'Sicoob',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'beneficiaryCode', account.beneficiaryCode, 7);
    if (!/^\d$/.test(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_1_digit' });
    if (account.variation !== undefined && !/^\d{2}$/.test(account.variation))
      issues.push({ field: 'variation', issue: 'must_be_2_digits' });
    return issues;
  },

  maxSequence: () => 9_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 7);
    const dv = sicoobNossoNumeroDv(account.agency, account.beneficiaryCode!, nn);
    return {
      nossoNumero: `${nn}-${dv}`,
      freeField:
        account.carteira + pad(account.agency, 4) + (account.variation ?? '01') + pad(account.beneficiaryCode, 7) + nn + dv + '001',
    };
  },
};
