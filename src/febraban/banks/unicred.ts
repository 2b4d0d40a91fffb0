// Unicred (136). Unicred's boleto manual was not available; this layout follows
// kivanio/brcobranca@325e0eae lib/brcobranca/boleto/unicred.rb (which transcribes the manual's
// barcode table) and eduardokum/laravel-boleto@0081d095 src/Boleto/Banco/Unicred.php, which agree:
// free (barcode 20–44) = agency(4, without digit) account(9) accountDigit(1) nossoNúmero(10) DV(1).
// NN DV: weights 2..9 from the right, DV = 11 − (sum mod 11) mod 11, 10 → 0 (brcobranca writes it
// as sum mod 11 with weights 9..2, the same number). Printed NNNNNNNNNN-D. Carteira: 21 only.
// The account digit is in the barcode, so it is required; it is not recomputed: laravel-boleto's
// CalculoDV::unicredContaCorrente (the same mod 11) gives 0 and 5 for brcobranca's example accounts
// 61900-7 and 12345-7, so no rule could be confirmed.

import type { ErrorDetail } from '../../platform/errors.ts';
import { WEIGHTS_2_TO_9, weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export function unicredNossoNumeroDv(nn10: string): number {
  const dv = (11 - (weightedSumFromRight(nn10, WEIGHTS_2_TO_9) % 11)) % 11;
  return dv === 10 ? 0 : dv;
}

export const unicred: BankLayout = {
  code: '136',
  name: 'Unicred',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 9);
    if (account.accountDigit === undefined || account.accountDigit === '') issues.push({ field: 'accountDigit', issue: 'required' });
    else if (!/^\d$/.test(account.accountDigit)) issues.push({ field: 'accountDigit', issue: 'must_be_1_digit' });
    if (account.carteira !== '21') issues.push({ field: 'carteira', issue: 'must_be_21' });
    return issues;
  },

  maxSequence: () => 9_999_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 10);
    const dv = unicredNossoNumeroDv(nn);
    return { nossoNumero: `${nn}-${dv}`, freeField: pad(account.agency, 4) + pad(account.account, 9) + account.accountDigit + nn + dv };
  },
};
