// FEBRABAN "boleto de cobrança": check digits, due-date factor, barcode/linha digitável, parsing,
// and the per-bank nosso número / free field.

export { mod10, barcodeMod11, banrisulNc, mod11ZeroOnHigh, weightedSumFromLeft, weightedSumFromRight } from './checkDigits.ts';
export { dueDateFactor, dueDateFromFactor } from './dueDateFactor.ts';
export {
  MAX_AMOUNT_CENTS,
  barcodeCheckDigit,
  barcodeToLinhaDigitavel,
  buildBarcode,
  formatLinhaDigitavel,
  linhaDigitavelToBarcode,
} from './barcode.ts';
export type { BuildBarcodeInput } from './barcode.ts';
export { parseBoleto } from './parseBoleto.ts';
export type { ParsedBoleto } from './parseBoleto.ts';
export {
  SUPPORTED_BANKS,
  bankName,
  generateBoletoNumbers,
  maxSequence,
  specialBarcodeSupport,
  validateCollectionAccount,
} from './banks/registry.ts';
export { ailosDigit } from './banks/ailos.ts';
export { uniprimeDigit } from './banks/uniprime.ts';
export { interDigit, interNossoNumeroDv, parseInterFreeField } from './banks/inter.ts';
export type { BoletoNumbers, CollectionAccountData, GenerateInput, SpecialBarcodeSupport } from './banks/types.ts';
