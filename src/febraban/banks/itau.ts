// Itaú (341), the common layout: free = carteira(3) nossoNúmero(8) DAC(1) agency(4) account(5) DAC(1) '000'.
// NN DAC (mod 10): over agency+account+carteira+NN, except carteiras 126, 131, 146, 150 and 168
// where it is over carteira+NN only (Itaú's "Anexo 4"). The agency/account DAC = mod 10 of
// agency+account. Carteiras 106/107/122/142/143/195/196/198 use a different layout (seu número +
// client code) and are refused.

import type { ErrorDetail } from '../../platform/errors.ts';
import { mod10 } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export const ITAU_CARTEIRA_ONLY_DAC = new Set(['126', '131', '146', '150', '168']);
const ITAU_OTHER_LAYOUT = new Set(['106', '107', '122', '142', '143', '195', '196', '198']);

export function itauNossoNumeroDac(agency: string, account: string, carteira: string, nn: string): number {
  return ITAU_CARTEIRA_ONLY_DAC.has(carteira) ? mod10(carteira + nn) : mod10(agency + account + carteira + nn);
}

export const itau: BankLayout = {
  code: '341',
  name: 'Itaú Unibanco',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 5);
    if (!/^\d{3}$/.test(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_3_digits' });
    else if (ITAU_OTHER_LAYOUT.has(account.carteira)) issues.push({ field: 'carteira', issue: 'carteira_layout_not_supported' });
    if (issues.length === 0 && account.accountDigit !== undefined && account.accountDigit !== '') {
      const expected = String(mod10(pad(account.agency, 4) + pad(account.account, 5)));
      if (account.accountDigit !== expected) issues.push({ field: 'accountDigit', issue: 'does_not_match_agency_account' });
    }
    return issues;
  },

  maxSequence: () => 99_999_999,

  numbers({ account, sequence }) {
    const agency = pad(account.agency, 4);
    const acct = pad(account.account, 5);
    const nn = padSequence(sequence, 8);
    const dac = itauNossoNumeroDac(agency, acct, account.carteira, nn);
    return {
      nossoNumero: `${account.carteira}/${nn}-${dac}`,
      freeField: account.carteira + nn + dac + agency + acct + mod10(agency + acct) + '000',
    };
  },
};
