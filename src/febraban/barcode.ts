// The 44-digit barcode of a "boleto de cobrança" and its 47-digit linha digitável (FEBRABAN layout):
//   barcode: bank(3) currency(1) DV(1) factor(4) amount(10) freeField(25)
//   linha:   bank+currency+free[0..5) DV1 | free[5..15) DV2 | free[15..25) DV3 | DV | factor+amount

import { DomainError } from '../platform/errors.ts';
import { barcodeMod11, mod10 } from './checkDigits.ts';
import { dueDateFactor } from './dueDateFactor.ts';

/** 99,999,999.99: the largest amount 10 digits of cents can hold. */
export const MAX_AMOUNT_CENTS = 9_999_999_999;

export interface BuildBarcodeInput {
  bankCode: string;
  currency?: string;
  /** null = no due date (factor 0000, "contra-apresentação"). */
  dueDate: string | null;
  amountCents: number;
  freeField: string;
  /** The caller asks for factor 0000 on purpose: dueDate must be null. */
  noDueDate?: boolean;
  /** The caller asks for an amount informed at payment (amount field all zeros): amountCents must be 0. */
  openAmount?: boolean;
}

/**
 * Consistency of the explicit requests for FEBRABAN's special barcodes: factor 0000 only with a null
 * due date, amount 0000000000 only with amountCents 0 (a date or an amount given with them is a
 * contradiction, never silently dropped).
 */
export function assertSpecialRequests(input: {
  dueDate: string | null;
  amountCents: number;
  noDueDate?: boolean;
  openAmount?: boolean;
}): void {
  if (input.noDueDate === true && input.dueDate !== null) {
    throw new DomainError('validation_failed', 'a boleto without due date (noDueDate) takes dueDate null', [
      { field: 'dueDate', issue: 'must_be_null_with_no_due_date' },
    ]);
  }
  if (input.openAmount === true && input.amountCents !== 0) {
    throw new DomainError('validation_failed', 'a boleto whose amount is informed at payment (openAmount) takes amountCents 0', [
      { field: 'amountCents', issue: 'must_be_zero_with_open_amount' },
    ]);
  }
}

export function assertAmountCents(amountCents: number, field = 'amountCents'): void {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new DomainError('amount_out_of_range', 'amount must be whole cents between 0 and 99,999,999.99', [
      { field, issue: 'amount_out_of_range' },
    ]);
  }
}

function assertDigits(value: string, length: number, field: string): void {
  if (typeof value !== 'string' || value.length !== length || !/^\d+$/.test(value)) {
    throw new DomainError('validation_failed', `${field} must be ${length} digits`, [{ field, issue: `must_be_${length}_digits` }]);
  }
}

export function buildBarcode(input: BuildBarcodeInput): string {
  const currency = input.currency ?? '9';
  assertDigits(input.bankCode, 3, 'bankCode');
  assertDigits(currency, 1, 'currency');
  assertDigits(input.freeField, 25, 'freeField');
  assertAmountCents(input.amountCents);
  assertSpecialRequests(input);
  const factor = input.dueDate === null ? '0000' : dueDateFactor(input.dueDate);
  const amount = String(input.amountCents).padStart(10, '0');
  const withoutDv = input.bankCode + currency + factor + amount + input.freeField;
  return withoutDv.slice(0, 4) + barcodeMod11(withoutDv) + withoutDv.slice(4);
}

/** The general check digit a 44-digit barcode should carry at position 5. */
export function barcodeCheckDigit(barcode: string): number {
  return barcodeMod11(barcode.slice(0, 4) + barcode.slice(5));
}

export function barcodeToLinhaDigitavel(barcode: string): string {
  assertDigits(barcode, 44, 'barcode');
  const free = barcode.slice(19);
  const f1 = barcode.slice(0, 4) + free.slice(0, 5);
  const f2 = free.slice(5, 15);
  const f3 = free.slice(15, 25);
  return f1 + mod10(f1) + f2 + mod10(f2) + f3 + mod10(f3) + barcode[4] + barcode.slice(5, 19);
}

/** Rebuilds the barcode; does not validate check digits (parseBoleto does). */
export function linhaDigitavelToBarcode(linha: string): string {
  const digits = linha.replace(/[\s.-]/g, '');
  assertDigits(digits, 47, 'linhaDigitavel');
  return digits.slice(0, 4) + digits[32] + digits.slice(33) + digits.slice(4, 9) + digits.slice(10, 20) + digits.slice(21, 31);
}

/** '00190.00009 01234.567004 00000.001180 7 55650000001050' */
export function formatLinhaDigitavel(linha: string): string {
  const d = linha.replace(/[\s.-]/g, '');
  assertDigits(d, 47, 'linhaDigitavel');
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
}
