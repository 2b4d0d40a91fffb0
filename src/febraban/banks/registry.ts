// The bank registry: validate a collection account and turn (account, sequence, due date, amount)
// into the boleto's nosso número, free field, barcode and linha digitável.

import { DomainError, type ErrorDetail } from '../../platform/errors.ts';
import { assertAmountCents, assertSpecialRequests, barcodeToLinhaDigitavel, buildBarcode, formatLinhaDigitavel } from '../barcode.ts';
import { ailos } from './ailos.ts';
import { bancoDoBrasil } from './bancoDoBrasil.ts';
import { bancoDoNordeste } from './bancoDoNordeste.ts';
import { banrisul } from './banrisul.ts';
import { bradesco } from './bradesco.ts';
import { brb } from './brb.ts';
import { caixa } from './caixa.ts';
import { inter } from './inter.ts';
import { itau } from './itau.ts';
import { safra } from './safra.ts';
import { santander } from './santander.ts';
import { sicoob } from './sicoob.ts';
import { sicredi } from './sicredi.ts';
import { unicred } from './unicred.ts';
import { uniprime } from './uniprime.ts';
import type { BankLayout, BoletoNumbers, CollectionAccountData, GenerateInput, SpecialBarcodeSupport } from './types.ts';

const LAYOUTS: readonly BankLayout[] = [
  bancoDoBrasil,
  santander,
  caixa,
  bradesco,
  itau,
  sicoob,
  sicredi,
  banrisul,
  brb,
  bancoDoNordeste,
  safra,
  unicred,
  ailos,
  uniprime,
];
/**
 * Banks that number their boletos themselves (Inter: its API or its CNAB 400 return gives the nosso número).
 * Their layout rebuilds and checks a boleto from the bank's number (`sequence` = that number), but they are
 * not in SUPPORTED_BANKS: no collection account issues them on Cobre's own sequence.
 */
const BANK_NUMBERED: readonly BankLayout[] = [inter];
const BY_CODE = new Map([...LAYOUTS, ...BANK_NUMBERED].map((l) => [l.code, l]));

export const SUPPORTED_BANKS: readonly { code: string; name: string }[] = Object.freeze(
  LAYOUTS.map((l) => Object.freeze({ code: l.code, name: l.name })),
);

/** Names of banks whose boletos we may read but not issue (parseBoleto's bankName). */
const OTHER_BANK_NAMES: Record<string, string> = {
  '021': 'Banestes',
  '208': 'BTG Pactual',
  '212': 'Banco Original',
  '260': 'Nu Pagamentos',
  '290': 'PagSeguro',
  '336': 'C6 Bank',
  '380': 'PicPay',
  '623': 'Banco Pan',
  '655': 'Banco Votorantim',
  '745': 'Citibank',
};

export function bankName(code: string): string | undefined {
  return BY_CODE.get(code)?.name ?? OTHER_BANK_NAMES[code];
}

function layoutFor(account: CollectionAccountData): BankLayout {
  const layout = account && BY_CODE.get(account.bankCode);
  if (!layout) {
    throw new DomainError('validation_failed', `bank ${account?.bankCode} is not supported for boleto issuing`, [
      { field: 'bankCode', issue: 'unsupported_bank' },
    ]);
  }
  return layout;
}

export function validateCollectionAccount(account: CollectionAccountData): void {
  const layout = layoutFor(account);
  const issues = layout.validate(account);
  if (issues.length > 0) {
    throw new DomainError('validation_failed', `invalid collection account for ${layout.name}`, issues);
  }
}

/**
 * What a bank's layout declares about FEBRABAN's special barcodes (factor 0000 / amount all zeros),
 * with the source; null = not allowed (no source found). undefined for a bank Cobre has no layout for.
 */
export function specialBarcodeSupport(
  bankCode: string,
): { noDueDate: SpecialBarcodeSupport | null; openAmount: SpecialBarcodeSupport | null } | undefined {
  const layout = BY_CODE.get(bankCode);
  if (!layout) return undefined;
  return { noDueDate: layout.noDueDate ?? null, openAmount: layout.openAmount ?? null };
}

/** The largest nosso-número sequence the account's layout can hold. */
export function maxSequence(account: CollectionAccountData): number {
  validateCollectionAccount(account);
  return layoutFor(account).maxSequence(account);
}

/**
 * The explicit requests for a boleto without due date / with the amount informed at payment are
 * honoured only where the bank's layout declares them allowed (each with its source).
 */
function assertBankAllows(layout: BankLayout, input: GenerateInput): void {
  const refused: ErrorDetail[] = [];
  if (input.noDueDate === true && layout.noDueDate?.allowed !== true) refused.push({ field: 'noDueDate', issue: 'not_allowed_by_bank' });
  if (input.openAmount === true && layout.openAmount?.allowed !== true) refused.push({ field: 'openAmount', issue: 'not_allowed_by_bank' });
  if (refused.length > 0) {
    const what = refused.map((d) =>
      d.field === 'noDueDate' ? 'boletos without due date (fator 0000)' : 'boletos with the amount informed at payment (valor zerado)',
    );
    throw new DomainError('validation_failed', `${layout.name} does not issue ${what.join(' nor ')}`, refused);
  }
}

export function generateBoletoNumbers(input: GenerateInput): BoletoNumbers {
  const max = maxSequence(input.account);
  if (!Number.isSafeInteger(input.sequence) || input.sequence < 1 || input.sequence > max) {
    throw new DomainError('validation_failed', `sequence must be an integer from 1 to ${max}`, [
      { field: 'sequence', issue: 'out_of_range' },
    ]);
  }
  assertAmountCents(input.amountCents);
  assertSpecialRequests(input);
  const layout = layoutFor(input.account);
  assertBankAllows(layout, input);
  const { nossoNumero, freeField } = layout.numbers(input);
  const barcode = buildBarcode({
    bankCode: input.account.bankCode,
    dueDate: input.dueDate,
    amountCents: input.amountCents,
    freeField,
    noDueDate: input.noDueDate,
    openAmount: input.openAmount,
  });
  const linhaDigitavel = barcodeToLinhaDigitavel(barcode);
  return {
    nossoNumero,
    nossoNumeroDigits: nossoNumero.replace(/[^0-9A-Z]/g, ''),
    freeField,
    barcode,
    linhaDigitavel,
    linhaDigitavelFormatted: formatLinhaDigitavel(linhaDigitavel),
  };
}
