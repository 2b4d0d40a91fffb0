// Boleto PDF rendering (Recibo do Pagador + Ficha de Compensação, one page per boleto).
export { renderBoletoPdf, BARCODE, SLIPS_PER_PAGE } from './render.ts';
export type { BoletoDocument, BoletoLayout } from './render.ts';
export { renderReceiptPdf, type ReceiptDocument } from './receipt.ts';
export { formatBRL, formatDateBR } from './format.ts';
export { i2of5Widths } from './i2of5.ts';
