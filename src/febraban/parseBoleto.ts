// Reads a typed or scanned boleto de cobrança (47-digit linha digitável or 44-digit barcode),
// checking every check digit and naming the one that failed.

import { DomainError } from '../platform/errors.ts';
import { mod10 } from './checkDigits.ts';
import { barcodeCheckDigit, barcodeToLinhaDigitavel, linhaDigitavelToBarcode } from './barcode.ts';
import { dueDateFromFactor } from './dueDateFactor.ts';
import { bankName } from './banks/registry.ts';

export interface ParsedBoleto {
  barcode: string;
  linhaDigitavel: string;
  bankCode: string;
  bankName?: string;
  currency: string;
  /** 0 when the barcode's amount field is all zeros: see amountInformedAtPayment. */
  amountCents: number;
  /**
   * Present (true) only when the amount field is 0000000000: FEBRABAN's boleto whose amount the
   * payer or the cashier types at payment ("valor em branco"), not a boleto of R$ 0,00.
   */
  amountInformedAtPayment?: true;
  /** null when the factor is 0000: "contra apresentação", no due date (no cycle is chosen). */
  dueDate: string | null;
  dueDateFactor: string;
  freeField: string;
}

function invalid(issue: string, message: string): DomainError {
  return new DomainError('invalid_boleto', message, [{ field: 'code', issue }]);
}

/** `opts.today` is the reference date the due-date factor is read around (dueDateFromFactor): today, or an old boleto's issue date. */
export function parseBoleto(input: string, opts: { today: string }): ParsedBoleto {
  if (typeof input !== 'string') throw invalid('not_a_string', 'code must be a string');
  const digits = input.replace(/[\s.-]/g, '');
  if (!/^\d*$/.test(digits)) throw invalid('non_numeric', 'code must contain only digits, dots, dashes and spaces');

  if (digits.length === 48 || (digits.length === 44 && digits[0] === '8')) {
    throw new DomainError('unsupported_boleto', 'arrecadação/convênio codes (utility bills, taxes) are not boletos de cobrança', [
      { field: 'code', issue: 'arrecadacao_not_supported' },
    ]);
  }

  let barcode: string;
  if (digits.length === 47) {
    const fields: [string, number][] = [
      [digits.slice(0, 9), 9],
      [digits.slice(10, 20), 20],
      [digits.slice(21, 31), 31],
    ];
    fields.forEach(([payload, dvAt], i) => {
      if (mod10(payload) !== Number(digits[dvAt])) {
        throw invalid(`field${i + 1}_check_digit`, `check digit of field ${i + 1} of the linha digitável is wrong`);
      }
    });
    barcode = linhaDigitavelToBarcode(digits);
  } else if (digits.length === 44) {
    barcode = digits;
  } else {
    throw invalid('length', `expected 47 digits (linha digitável) or 44 (barcode), got ${digits.length}`);
  }

  if (barcodeCheckDigit(barcode) !== Number(barcode[4])) {
    throw invalid('general_check_digit', 'the general check digit (mod 11) is wrong');
  }
  const currency = barcode[3];
  if (currency !== '9') {
    throw new DomainError('unsupported_boleto', 'only boletos in reais (currency code 9) are supported', [
      { field: 'code', issue: 'unsupported_currency' },
    ]);
  }
  const factor = barcode.slice(5, 9);
  const factorNumber = Number(factor);
  if (factorNumber !== 0 && factorNumber < 1000) throw invalid('due_date_factor', 'due-date factor must be 0000 or 1000..9999');

  const bankCode = barcode.slice(0, 3);
  const name = bankName(bankCode);
  const amountCents = Number(barcode.slice(9, 19));
  return {
    barcode,
    linhaDigitavel: barcodeToLinhaDigitavel(barcode),
    bankCode,
    ...(name ? { bankName: name } : {}),
    currency,
    amountCents,
    ...(amountCents === 0 ? { amountInformedAtPayment: true as const } : {}),
    dueDate: factorNumber === 0 ? null : dueDateFromFactor(factor, opts.today),
    dueDateFactor: factor,
    freeField: barcode.slice(19),
  };
}
