// Shared shapes of the per-bank "boleto de cobrança" layouts.

import type { ErrorDetail } from '../../platform/errors.ts';

/**
 * The beneficiary's collection agreement with one bank. Every numeric field is a string of digits
 * (shorter values are left-padded with zeros). Which fields each bank needs:
 *
 * | bank | agency | account | carteira | convenio | beneficiaryCode | variation | other |
 * |------|--------|---------|----------|----------|-----------------|-----------|-------|
 * | 001 Banco do Brasil | ≤4 (conv. 4 and 6) | ≤8 (conv. 4 and 6) | 2 digits | 4, 6, 7 or 8 digits | – | – | nossoNumero17 (conv. 6 only) |
 * | 033 Santander | ≤4 (printed only) | – | 101/102/104/201 | código do beneficiário ≤7 | – | – | iof (insurers; default 0) |
 * | 104 Caixa (SIGCB) | ≤4 (printed only) | – | RG or SR | – | ≤6 digits, or 7 digits > 1100000 | – | – |
 * | 237 Bradesco | ≤4 | ≤7 | ≤2 digits | – | – | – | – |
 * | 341 Itaú | ≤4 | ≤5 | 3 digits | – | – | – | accountDigit checked if given |
 * | 756 Sicoob | cooperativa ≤4 | – | 1 digit (1) | – | código do cliente ≤7 | modalidade 2 digits (default 01) | – |
 * | 748 Sicredi | cooperativa ≤4 | – | 1 (com registro) or 3 (sem registro) | – | código do beneficiário ≤5 | – | post (posto, ≤2), byteIdt (2..9, default 2); issueDate on generation |
 * | 041 Banrisul | ≤4 | código do beneficiário ≤7 | 1 or 2 (produto) | – | – | – | accountDigit and agencyDigit = 2-digit NCs, checked if given |
 * | 070 BRB | ≤3 | ≤7 | modalidade 1, 2 or 3 | – | – | – | – |
 * | 004 Banco do Nordeste | ≤4 | ≤7 | 21, 41 or 51 | – | – | – | accountDigit required (in the barcode) |
 * | 422 Banco Safra | ≤4 | ≤8 | ≤2 digits (printed only) | – | – | – | agencyDigit and accountDigit required (in the barcode) |
 * | 136 Unicred | ≤4 | ≤9 | 21 | – | – | – | accountDigit required (in the barcode) |
 * | 085 Ailos | cooperativa ≤4 | ≤7 | 1 | ≤6 digits | – | – | agencyDigit and accountDigit checked if given |
 */
export interface CollectionAccountData {
  bankCode: string;
  agency: string;
  agencyDigit?: string;
  account: string;
  accountDigit?: string;
  carteira: string;
  convenio?: string;
  beneficiaryCode?: string;
  variation?: string;
  /** Banco do Brasil, convênio of 6 digits: nosso número of 17 free digits (service code 21, carteiras 16/18). */
  nossoNumero17?: boolean;
  /** Santander: IOF rate digit for insurers (0..9); everybody else 0. */
  iof?: string;
  /** Sicredi: posto (branch) of the cooperativa, ≤2 digits. */
  post?: string;
  /** Sicredi: nosso-número generation byte, 2..9 when the beneficiary numbers the boleto (default 2). */
  byteIdt?: string;
}

export interface BoletoNumbers {
  /** As the bank prints it, with DV, e.g. '109/00000001-8' or '12345600001-7'. */
  nossoNumero: string;
  /** The same without punctuation (may end in X for Banco do Brasil or P for Bradesco). */
  nossoNumeroDigits: string;
  freeField: string;
  barcode: string;
  linhaDigitavel: string;
  linhaDigitavelFormatted: string;
}

export interface GenerateInput {
  account: CollectionAccountData;
  /** The allocated nosso-número sequence (1..maxSequence(account)). */
  sequence: number;
  /** YYYY-MM-DD; null only for a boleto without due date (see noDueDate). A missing date is refused. */
  dueDate: string | null;
  amountCents: number;
  /** Emission date; needed by Sicredi, whose nosso número starts with the 2-digit year. */
  issueDate?: string;
  /**
   * Ask for a "contra apresentação" boleto: due-date factor 0000. dueDate must then be null, and
   * the bank must declare `noDueDate.allowed` (else validation_failed).
   */
  noDueDate?: boolean;
  /**
   * Ask for a boleto whose amount the payer/cashier fills in at payment: amount field all zeros.
   * amountCents must then be 0, and the bank must declare `openAmount.allowed` (else validation_failed).
   */
  openAmount?: boolean;
}

/**
 * Whether a bank issues one of FEBRABAN's special barcodes (factor 0000 = no due date; amount
 * 0000000000 = amount informed at payment), with the manual or open-source file that says so.
 * A bank without the entry does not allow it: no source was found.
 */
export interface SpecialBarcodeSupport {
  allowed: boolean;
  source: string;
}

/** One bank's layout: pure functions over already-validated data. */
export interface BankLayout {
  code: string;
  name: string;
  /** Problems with the account, as field/issue pairs (empty = valid). */
  validate(account: CollectionAccountData): ErrorDetail[];
  maxSequence(account: CollectionAccountData): number;
  numbers(input: GenerateInput): { nossoNumero: string; freeField: string };
  /** Due-date factor 0000 ("contra apresentação", "sem vencimento"); absent = not allowed. */
  noDueDate?: SpecialBarcodeSupport;
  /** Amount field all zeros ("valor em branco", informed at payment); absent = not allowed. */
  openAmount?: SpecialBarcodeSupport;
}
