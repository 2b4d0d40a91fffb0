// Banrisul (041). Banrisul's boleto manual was not available; the barcode follows kivanio/brcobranca@325e0eae
// lib/brcobranca/boleto/banrisul.rb (which transcribes the manual's positions) and Futura's Banrisul
// set-up page (futura.atlassian.net/wiki/spaces/SPT/pages/2878211214), which prints the same campo livre.
// free (barcode 20–44) = produto(1: 1 Cobrança Normal, boletos printed by Banrisul; 2 Cobrança
//   Direta, printed by the beneficiary) '1' agency(4, without NC) código do beneficiário(7, without
//   NC) nossoNúmero(8, without NC) '40' NC(2) over the first 23.
// NC (número de controle) = banrisulNc: mod 10 then mod 11 (weights 2..7) with the "remainder 1"
// adjustment, as Banrisul's "Cálculo dos números de controle (NC) do nosso número" (Word document of
// 2015-12-11, kept in brcobranca as docs/Banrisul/CÁLCULO DOS NÚMEROS DE CONTROLE.docx) defines it.
// The nosso número prints as NNNNNNNN-NC. The código do beneficiário (kept in `account`, 7 digits) and
// the agency carry their own NCs (`accountDigit`, `agencyDigit`, 2 digits each), computed and checked
// here: Banrisul's "Como é formado o código/número do Cedente" (2010-09-14, docs/Banrisul/ in
// brcobranca) writes agency 77 with its NC as 7781.

import type { ErrorDetail } from '../../platform/errors.ts';
import { banrisulNc } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout } from './types.ts';

export const banrisul: BankLayout = {
  code: '041',
  name: 'Banrisul',

  validate(account) {
    const issues: ErrorDetail[] = [];
    checkDigits(issues, 'agency', account.agency, 4);
    checkDigits(issues, 'account', account.account, 7);
    if (!['1', '2'].includes(account.carteira ?? '')) issues.push({ field: 'carteira', issue: 'must_be_1_or_2' });
    const agencyNc = account.agencyDigit;
    if (agencyNc !== undefined && agencyNc !== '' && !issues.some((i) => i.field === 'agency')) {
      if (agencyNc !== banrisulNc(pad(account.agency, 4))) issues.push({ field: 'agencyDigit', issue: 'does_not_match_agency_account' });
    }
    const given = account.accountDigit;
    if (given !== undefined && given !== '' && !issues.some((i) => i.field === 'account')) {
      if (given !== banrisulNc(pad(account.account, 7))) issues.push({ field: 'accountDigit', issue: 'does_not_match_agency_account' });
    }
    return issues;
  },

  maxSequence: () => 99_999_999,

  numbers({ account, sequence }) {
    const nn = padSequence(sequence, 8);
    const free23 = account.carteira + '1' + pad(account.agency, 4) + pad(account.account, 7) + nn + '40';
    return { nossoNumero: `${nn}-${banrisulNc(nn)}`, freeField: free23 + banrisulNc(free23) };
  },
};
