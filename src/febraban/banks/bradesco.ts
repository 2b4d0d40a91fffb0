// Bradesco (237): free = agency(4) carteira(2) nossoNúmero(11) account(7) '0'.
// NN DV over carteira+NN: weights 2..7 from the right, DV = 11 − (sum mod 11); 10 → 'P', 11 → 0.

import type { ErrorDetail } from '../../platform/errors.ts';
import { WEIGHTS_2_TO_7, weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export function bradescoNossoNumeroDv(carteiraAndNumber: string): string {
  const dv = 11 - (weightedSumFromRight(carteiraAndNumber, WEIGHTS_2_TO_7) % 11);
  return dv === 10 ? 'P' : dv === 11 ? '0' : String(dv);
}

export const bradesco: BankLayout = {
  code: '237',
  name: 'Banco Bradesco',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 7);
    checkDigits(issues, 'carteira', account.carteira, 2);
    return issues;
  },

  maxSequence: () => 99_999_999_999,

  // A Bradesco barcode with factor 0000 and amount 0000000000 ("Boleto de Cartão de Crédito": no due
  // date, the amount is typed at payment), published in mrmgomes/boleto-utils@c59337cc test/test.js
  // (23797000000000000004150090019801673500021140): Bradesco issues both. No Bradesco manual text was
  // found in the sources searched; this real boleto is the evidence.
  noDueDate: {
    allowed: true,
    source:
      'mrmgomes/boleto-utils@c59337cc test/test.js, Bradesco "Boleto de Cartão de Crédito" 23797000000000000004150090019801673500021140 (fator 0000)',
  },
  openAmount: {
    allowed: true,
    source:
      'mrmgomes/boleto-utils@c59337cc test/test.js, Bradesco "Boleto de Cartão de Crédito" 23797000000000000004150090019801673500021140 (valor 0000000000)',
  },

  numbers({ account, sequence }) {
    const carteira = pad(account.carteira, 2);
    const nn = padSequence(sequence, 11);
    return {
      nossoNumero: `${carteira}/${nn}-${bradescoNossoNumeroDv(carteira + nn)}`,
      freeField: pad(account.agency, 4) + carteira + nn + pad(account.account, 7) + '0',
    };
  },
};
