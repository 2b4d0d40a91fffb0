// Ailos (085), the cooperative system formerly Cecred. Ailos' boleto manual was not available (brcobranca
// keeps its CNAB 240 manual and a test boleto of Ailos, docs/AILOS/boleto teste.pdf, whose numbers are a
// test vector here); this layout follows kivanio/brcobranca@325e0eae lib/brcobranca/boleto/ailos.rb and
// eduardokum/laravel-boleto@0081d095 src/Boleto/Banco/Ailos.php, which agree with that boleto:
// free (barcode 20–44) = convênio(6) account(7) accountDigit(1) nossoNúmero(9) carteira(2).
// Nosso número (17, no DV of its own) = account(7) accountDigit(1) sequence(9), printed as is.
// Account and cooperativa (agency) digits: weights 9..2 from the right, sum mod 11, 10 → 0 (brcobranca's
// conta_corrente_dv; its agencia_dv is the same sum, with examples 0101-5, 0719-6, 0548-7). The
// account digit is computed here, so a typed one is checked against it. Carteira: 1 (both projects).

import type { ErrorDetail } from '../../platform/errors.ts';
import { WEIGHTS_9_TO_2, weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

/** Ailos' agency/account check digit; `digits` is already zero-padded (4 or 7). */
export function ailosDigit(digits: string): string {
  const r = weightedSumFromRight(digits, WEIGHTS_9_TO_2) % 11;
  return r === 10 ? '0' : String(r);
}

export const ailos: BankLayout = {
  code: '085',
  name: 'Ailos',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 7);
    if (!account.convenio) issues.push({ field: 'convenio', issue: 'required' });
    else if (!/^\d{1,6}$/.test(account.convenio)) issues.push({ field: 'convenio', issue: 'max_6_digits' });
    if (!['1', '01'].includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_1' });
    const digitOk = (field: string, given: string | undefined, expected: () => string) => {
      if (given !== undefined && given !== '' && !issues.some((i) => i.field === field.replace('Digit', '')) && given !== expected())
        issues.push({ field, issue: 'does_not_match_agency_account' });
    };
    digitOk('agencyDigit', account.agencyDigit, () => ailosDigit(pad(account.agency, 4)));
    digitOk('accountDigit', account.accountDigit, () => ailosDigit(pad(account.account, 7)));
    return issues;
  },

  maxSequence: () => 999_999_999,

  numbers({ account, sequence }) {
    const acct = pad(account.account, 7);
    const nn = acct + ailosDigit(acct) + padSequence(sequence, 9);
    return { nossoNumero: nn, freeField: pad(account.convenio, 6) + nn + pad(account.carteira, 2) };
  },
};
