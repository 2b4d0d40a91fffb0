// Banco Inter (077). Follows Inter's "Manual CNAB400 – v1.1 – 30/08/2021" (Conta Digital PJ Inter; kept in
// eduardokum/laravel-boleto@0081d095 as manuais/INTER/manual-remessa-inter.pdf), §6.1.3 "Preenchimento do
// Campo Livre": free (barcode 20–44) = código da agência '0001'(4, sem DV) carteira(3) número da
// operação(7) nosso número com DV(11). laravel-boleto src/Boleto/Banco/Inter.php builds the same.
//
// Inter numbers its boletos: the remessa sends the nosso número as zeros ("será preenchido pelo Inter no
// arquivo retorno", §4.2 positions 090–100) and the API returns it (laravel-boleto generates none). So Inter
// is not an issuing bank here (registry.ts): `sequence` is the nosso número Inter assigned (10 digits,
// without its DV), from which this layout rebuilds and checks the boleto Inter registered.
//
// NN DV (not in the manual): BoletoNet/BoletoNetCore@41e74401 CalcularDVBancoInter (Extensions/
// StringExtensions.cs, used by Banco/BancoInter/Carteiras/BancoInterCarteira110.cs and 112.cs) over
// agência(4)+carteira(3)+NN(10): weights 2,1,2,… from the left, products' digits summed, DV = (10 − sum mod 10)
// mod 10 — over 17 digits this is the FEBRABAN modulo 10. Checked by hand against numbers Inter assigned:
// 0071349137-3 (carteira 112, a sandbox response in renatojdev/bancointer-python tests/tests.py) and
// 3006100021-5 (carteira 110, a return file in BoletoNetCore's Inter test).
// Carteiras: 112 (the manual, laravel-boleto) and 110 (BoletoNetCore, and Inter's return files in its test).
// Printed nosso número 'AAAAD/CCC/NNNNNNNNNN-D', e.g. 00019/110/0004309540-1 (BoletoNetCore; laravel-boleto
// pads the number to 11 digits). The bank prints as 077-9 (BoletoNetCore).
// Agency 0001, digit 9; account digit: laravel-boleto's getAgenciaCodigoBeneficiario (Util::modulo11: weights
// 2..9 from the right, DV = (sum × 10) mod 11, 10 → 0 — the same number as mod11ZeroOnHigh), confirmed by
// the account 026245793-8 of that return file; computed here and checked when given.

import { DomainError, type ErrorDetail } from '../../platform/errors.ts';
import { mod10, mod11ZeroOnHigh } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

const AGENCY = '0001';
const CARTEIRAS = new Set(['110', '112']);

/** Inter's agency or account check digit (laravel-boleto Util::modulo11). */
export const interDigit = (digits: string): string => String(mod11ZeroOnHigh(digits));

/** The DV of the 10-digit nosso número, over agência + carteira + número (BoletoNetCore CalcularDVBancoInter). */
export function interNossoNumeroDv(carteira: string, nn10: string): number {
  return mod10(AGENCY + carteira + nn10);
}

/** Reads an Inter free field back (manual §6.1.3), refusing a nosso número whose DV is wrong. */
export function parseInterFreeField(freeField: string): {
  agency: string;
  carteira: string;
  operacao: string;
  nossoNumero: string;
  dv: string;
} {
  if (!/^\d{25}$/.test(freeField)) {
    throw new DomainError('invalid_boleto', 'an Inter free field has 25 digits', [{ field: 'code', issue: 'length' }]);
  }
  const out = {
    agency: freeField.slice(0, 4),
    carteira: freeField.slice(4, 7),
    operacao: freeField.slice(7, 14),
    nossoNumero: freeField.slice(14, 24),
    dv: freeField.slice(24),
  };
  if (String(mod10(freeField.slice(0, 7) + out.nossoNumero)) !== out.dv) {
    throw new DomainError('invalid_boleto', 'the check digit of the Inter nosso número is wrong', [
      { field: 'code', issue: 'nosso_numero_check_digit' },
    ]);
  }
  return out;
}

export const inter: BankLayout = {
  code: '077',
  name: 'Banco Inter',

  validate(account) {
    const issues: ErrorDetail[] = [];
    if (pad(account.agency, 4) !== AGENCY) issues.push({ field: 'agency', issue: 'must_be_0001' });
    checkDigits(issues, 'account', account.account, 9);
    if (!account.convenio) issues.push({ field: 'convenio', issue: 'required' });
    else if (!/^\d{1,7}$/.test(account.convenio)) issues.push({ field: 'convenio', issue: 'max_7_digits' });
    if (!CARTEIRAS.has(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_110_or_112' });
    const digitOk = (field: 'agencyDigit' | 'accountDigit', given: string | undefined, expected: () => string) => {
      if (given === undefined || given === '' || issues.some((i) => i.field === (field === 'agencyDigit' ? 'agency' : 'account'))) return;
      if (given !== expected()) issues.push({ field, issue: 'does_not_match_agency_account' });
    };
    digitOk('agencyDigit', account.agencyDigit, () => interDigit(AGENCY));
    digitOk('accountDigit', account.accountDigit, () => interDigit(pad(account.account, 9)));
    return issues;
  },

  maxSequence: () => 9_999_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 10);
    const dv = interNossoNumeroDv(account.carteira, nn);
    return {
      nossoNumero: `${AGENCY}${interDigit(AGENCY)}/${account.carteira}/${nn}-${dv}`,
      freeField: AGENCY + account.carteira + pad(account.convenio, 7) + nn + dv,
    };
  },
};
