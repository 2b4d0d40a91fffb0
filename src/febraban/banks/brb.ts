// BRB — Banco de Brasília (070). Manual: "BRB Cobrança – Manual e Leiautes", Maio/2017 (versão 077),
// kept in kivanio/brcobranca@325e0eae as docs/BRB/ (an .xls read as text here): "Composição da Chave
// BRB", "Cálculo dos Dígitos do Nosso Número" and its worked examples; lib/brcobranca/boleto/
// banco_brasilia.rb transcribes the same table.
// free (barcode 20–44) = the Chave BRB: incremento(3) agency(3) account(7) modalidade(1)
//   sequencial(6) '070' D1 D2, where incremento(3)+sequencial(6) number the boleto (the incremento
//   is optional and "concatenated with positions 2–7 of the nosso número", so it widens the
//   sequence to 9 digits) and D1 D2 = the same mod 10 + mod 11 (weights 2..7, remainder 1 adjusts
//   D1) double digit as Banrisul's NC, over the first 23.
// Nosso número (12) = modalidade(1) sequencial(6) '070' D1 D2, printed as is.
// Modalidade (carteira): 1 and 2 = "cobrança direta" printed by the beneficiary, 3 = printed by BRB.
// BRB's account has no check digit in the chave; no published rule for one was found, so none is checked.

import type { ErrorDetail } from '../../platform/errors.ts';
import { banrisulNc } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export const brb: BankLayout = {
  code: '070',
  name: 'BRB',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 3);
    checkDigits(issues, 'account', account.account, 7);
    if (!['1', '2', '3'].includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_1_2_or_3' });
    return issues;
  },

  maxSequence: () => 999_999_999,

  numbers({ account, sequence }) {
    const seq9 = padSequence(sequence, 9);
    const free23 = seq9.slice(0, 3) + pad(account.agency, 3) + pad(account.account, 7) + account.carteira + seq9.slice(3) + '070';
    const dd = banrisulNc(free23);
    return { nossoNumero: `${account.carteira}${seq9.slice(3)}070${dd}`, freeField: free23 + dd };
  },
};
