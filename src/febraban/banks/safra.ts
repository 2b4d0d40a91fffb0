// Banco Safra (422), cobrança registrada. Safra's "Manual de Transferência de Arquivos — Cobrança,
// Produto 001, Layout Padrão Safra 400" (version December 2016, kept in brcobranca as
// docs/Safra/safra_cobranca2016.pdf) has the barcode in §7.2, which could not be read as text here;
// the positions follow its transcription in kivanio/brcobranca@325e0eae lib/brcobranca/boleto/safra.rb:
// free (barcode 20–44) = sistema '7' (Safra's digit) agency(4) agencyDigit(1) account(8)
//   accountDigit(1) nossoNúmero(8) DV(1) tipo de cobrança '2' (registrada).
// NN DV: weights 2..9 from the right, DV = 11 − (sum mod 11); 10 → 0, 11 → 1. Printed NNNNNNNN-D.
// The agency and account digits are in the barcode, so they are required; no published rule or
// example for computing them was found, so they are not recomputed. The carteira is printed only.

import type { ErrorDetail } from '../../platform/errors.ts';
import { WEIGHTS_2_TO_9, weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export function safraNossoNumeroDv(nn8: string): number {
  const dv = 11 - (weightedSumFromRight(nn8, WEIGHTS_2_TO_9) % 11);
  return dv === 10 ? 0 : dv === 11 ? 1 : dv;
}

function checkOneDigit(issues: ErrorDetail[], field: string, value: string | undefined): void {
  if (value === undefined || value === '') issues.push({ field, issue: 'required' });
  else if (!/^\d$/.test(value)) issues.push({ field, issue: 'must_be_1_digit' });
}

export const safra: BankLayout = {
  code: '422',
  name: 'Banco Safra',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkOneDigit(issues, 'agencyDigit', account.agencyDigit);
    checkDigits(issues, 'account', account.account, 8);
    checkOneDigit(issues, 'accountDigit', account.accountDigit);
    checkDigits(issues, 'carteira', account.carteira, 2);
    return issues;
  },

  maxSequence: () => 99_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 8);
    const dv = safraNossoNumeroDv(nn);
    return {
      nossoNumero: `${nn}-${dv}`,
      freeField: '7' + pad(account.agency, 4) + account.agencyDigit + pad(account.account, 8) + account.accountDigit + nn + dv + '2',
    };
  },
};
