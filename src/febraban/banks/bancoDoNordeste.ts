// Banco do Nordeste (004). Manual: "Cobrança Eletrônica BNB — Padrão FEBRABAN/CNAB Cobrança BNB 400
// posições", July 2011 (kept in kivanio/brcobranca@325e0eae as docs/BNB/Novo Manual Leiaute CNAB400
// v2 0.pdf): Nota 01 gives the nosso-número DV with a worked example, Nota 02 the "tipo de operação"
// codes used in the barcode. It has no barcode table; the free field follows brcobranca
// lib/brcobranca/boleto/banco_nordeste.rb and eduardokum/laravel-boleto@0081d095
// src/Boleto/Banco/Bnb.php, which agree on it:
// free (barcode 20–44) = agency(4) account(7) accountDigit(1) nossoNúmero(7) DV(1) carteira(2) '000'.
// NN DV (Nota 01) = 11 − (sum with weights 2..8 from the right, mod 11); remainders 0 and 1 → 0.
// Printed NNNNNNN-D. Carteira = tipo de operação (Nota 02): 21 cobrança simples, 41 vinculada,
// 51 simplificada (sem registro); laravel-boleto also lists 31, which the manual does not.
// The account digit is part of the barcode, so it is required; it is not recomputed: laravel-boleto's
// rule (mod 11 over a renumbered 3-digit agency + account) gives 7 and 6 for brcobranca's published
// accounts 0259/0008549-3 and 0275/0000253-5, so no rule could be confirmed.

import type { ErrorDetail } from '../../platform/errors.ts';
import { weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

const WEIGHTS_2_TO_8 = [2, 3, 4, 5, 6, 7, 8] as const;
const CARTEIRAS = ['21', '41', '51'];

export function bnbNossoNumeroDv(nn7: string): number {
  const dv = 11 - (weightedSumFromRight(nn7, WEIGHTS_2_TO_8) % 11);
  return dv > 9 ? 0 : dv;
}

export const bancoDoNordeste: BankLayout = {
  code: '004',
  name: 'Banco do Nordeste',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 7);
    if (account.accountDigit === undefined || account.accountDigit === '') issues.push({ field: 'accountDigit', issue: 'required' });
    else if (!/^\d$/.test(account.accountDigit)) issues.push({ field: 'accountDigit', issue: 'must_be_1_digit' });
    if (!CARTEIRAS.includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_21_41_or_51' });
    return issues;
  },

  maxSequence: () => 9_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 7);
    const dv = bnbNossoNumeroDv(nn);
    return {
      nossoNumero: `${nn}-${dv}`,
      freeField: pad(account.agency, 4) + pad(account.account, 7) + account.accountDigit + nn + dv + account.carteira + '000',
    };
  },
};
