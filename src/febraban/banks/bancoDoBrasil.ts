// Banco do Brasil (001). The convênio length selects the layout ("Especificações técnicas para
// confecção de boleto de cobrança do Banco do Brasil"):
//   convênio 4: free = convênio(4) seq(7) agency(4) account(8) carteira(2); NN = convênio+seq, DV mod 11
//   convênio 6: free = convênio(6) seq(5) agency(4) account(8) carteira(2); NN = convênio+seq, DV mod 11
//   convênio 6, NN of 17 (carteiras 16/18): free = convênio(6) seq(17) '21'; NN = seq, no DV
//   convênio 7: free = '000000' convênio(7) seq(10) carteira(2); NN = convênio+seq (17), no DV
//   convênio 8: free = '000000' convênio(8) seq(9) carteira(2); NN = convênio+seq (17), no DV
// DV: weights 9..2 from the right, DV = sum mod 11, 10 → 'X'.

import type { ErrorDetail } from '../../platform/errors.ts';
import { WEIGHTS_9_TO_2, weightedSumFromRight } from '../checkDigits.ts';
import { checkDigits, pad, padSequence } from './fields.ts';
import type { BankLayout, CollectionAccountData } from './types.ts';

export function bbMod11(digits: string): string {
  const r = weightedSumFromRight(digits, WEIGHTS_9_TO_2) % 11;
  return r === 10 ? 'X' : String(r);
}

const CONVENIO_LENGTHS = [4, 6, 7, 8];

function usesAgencyAccount(account: CollectionAccountData): boolean {
  const len = account.convenio?.length;
  return len === 4 || (len === 6 && !account.nossoNumero17);
}

export const bancoDoBrasil: BankLayout = {
  code: '001',
  name: 'Banco do Brasil',

  validate(account) {
    const issues: ErrorDetail[] = [];
    const convenio = account.convenio;
    if (!convenio) issues.push({ field: 'convenio', issue: 'required' });
    else if (!/^\d+$/.test(convenio)) issues.push({ field: 'convenio', issue: 'must_be_digits' });
    else if (!CONVENIO_LENGTHS.includes(convenio.length)) issues.push({ field: 'convenio', issue: 'must_have_4_6_7_or_8_digits' });
    if (!account.carteira || !/^\d{1,2}$/.test(account.carteira)) issues.push({ field: 'carteira', issue: 'must_be_2_digits' });
    const needsAgencyAccount = usesAgencyAccount(account);
    checkDigits(issues, 'agency', account.agency, 4, needsAgencyAccount);
    checkDigits(issues, 'account', account.account, 8, needsAgencyAccount);
    if (account.nossoNumero17) {
      if (convenio?.length !== 6) issues.push({ field: 'nossoNumero17', issue: 'only_with_6_digit_convenio' });
      if (!['16', '18'].includes(pad(account.carteira, 2)))
        issues.push({ field: 'carteira', issue: 'nosso_numero_17_needs_carteira_16_or_18' });
    }
    return issues;
  },

  maxSequence(account) {
    switch (account.convenio?.length) {
      case 4:
        return 9_999_999;
      case 6:
        return account.nossoNumero17 ? Number.MAX_SAFE_INTEGER : 99_999;
      case 7:
        return 9_999_999_999;
      default:
        return 999_999_999;
    }
  },

  // Banco do Brasil gives a "contra apresentação" boleto a due date instead of factor 0000: "Bloquetos
  // com vencimento “à vista” ou “na apresentação” – somam-se 15 dias corridos à “data do
  // processamento”. O resultado desta operação representa a data do vencimento, cujo fator
  // correspondente deve constar no código de barras" (BB, "Especificações Técnicas para Confecção de
  // Bloqueto de Cobrança", as quoted at mhemann.com.br/2011/06/a-linha-digitavel-do-boleto-bancario/);
  // BB's CNAB 240 note, transcribed in public remittance code: "Obs.: O prazo legal para vencimento
  // “a vista” ou “contra-apresentação” é de 15 dias da data do registro do bloqueto no banco."
  // So factor 0000 is refused here; the caller gives that date. No BB source for a zero amount was found.
  noDueDate: {
    allowed: false,
    source:
      'BB "Especificações Técnicas para Confecção de Bloqueto de Cobrança": à vista / na apresentação = data do processamento + 15 dias, whose factor goes in the barcode',
  },

  numbers({ account, sequence }) {
    const convenio = account.convenio!;
    const carteira = pad(account.carteira, 2);
    switch (convenio.length) {
      case 4:
      case 6: {
        if (account.nossoNumero17) {
          const seq = padSequence(sequence, 17);
          return { nossoNumero: seq, freeField: convenio + seq + '21' };
        }
        const seq = padSequence(sequence, 11 - convenio.length);
        const nn = convenio + seq;
        return { nossoNumero: `${nn}-${bbMod11(nn)}`, freeField: nn + pad(account.agency, 4) + pad(account.account, 8) + carteira };
      }
      default: {
        const nn = convenio + padSequence(sequence, 17 - convenio.length);
        return { nossoNumero: nn, freeField: '000000' + nn + carteira };
      }
    }
  },
};
