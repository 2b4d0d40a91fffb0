// Uniprime (084), Bradesco's layout under its own bank code. Uniprime's boleto manual was not available;
// this follows BoletoNet/BoletoNetCore@41e74401 BoletoNetCore/Banco/UniprimeNortePR/ (Carteiras/
// BancoUniprimeNortePRCarteira09.cs, and CalcularDVUniprimeNortePR in Extensions/StringExtensions.cs), whose
// test BoletoNetCore.Testes/BancoUniprimeNortePRCarteira09Tests.cs prints twelve boletos of one account,
// and eduardokum/laravel-boleto@3cb54b55 src/Boleto/Banco/Uniprime.php, which agree:
// free (barcode 20–44) = agency(4) carteira(2) nossoNúmero(11) account(7) '0' (no digits in it).
// NN DV over carteira+NN: Bradesco's — weights 2..7 from the right, DV = 11 − (sum mod 11); 10 → 'P',
// 11 → 0. Printed 'CC/NNNNNNNNNNN-D' (BoletoNetCore; laravel-boleto puts spaces around the '/').
// Carteira: 09 (com registro), the only one both projects know. The bank prints as 084-1 (BoletoNetCore).
// Agency and account digits: Bradesco's rule — the same weights 2..7 from the right over the agency(4)
// and the account(7), 10 → 'P', 11 → 0 — computed here and checked when given. No Uniprime document states
// it; BoletoNetCore's test account 0012-4 / 47744-3 (the one its twelve boletos use) agrees with it on both.

import type { ErrorDetail } from '../../platform/errors.ts';
import { bradescoNossoNumeroDv } from './bradesco.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

/** Uniprime's agency (4) or account (7) check digit, Bradesco's modulo 11 ('P' for 10); `digits` zero-padded. */
export const uniprimeDigit = (digits: string): string => bradescoNossoNumeroDv(digits);

export const uniprime: BankLayout = {
  code: '084',
  name: 'Uniprime',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 7);
    if (!['09', '9'].includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_09' });
    // A digit P cannot be typed through the API (digits and X), so such an agency/account is not checked.
    const digitOk = (field: 'agencyDigit' | 'accountDigit', given: string | undefined, expected: () => string) => {
      if (given === undefined || given === '' || issues.some((i) => i.field === (field === 'agencyDigit' ? 'agency' : 'account'))) return;
      const want = expected();
      if (want !== 'P' && given.toUpperCase() !== want) issues.push({ field, issue: 'does_not_match_agency_account' });
    };
    digitOk('agencyDigit', account.agencyDigit, () => uniprimeDigit(pad(account.agency, 4)));
    digitOk('accountDigit', account.accountDigit, () => uniprimeDigit(pad(account.account, 7)));
    return issues;
  },

  maxSequence: () => 99_999_999_999,

  numbers({ account, sequence }) {
    const carteira = pad(account.carteira, 2);
    const nn = padSequence(sequence, 11);
    return {
      nossoNumero: `${carteira}/${nn}-${bradescoNossoNumeroDv(carteira + nn)}`,
      freeField: pad(account.agency, 4) + carteira + nn + pad(account.account, 7) + '0',
    };
  },
};
