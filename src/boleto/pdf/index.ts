// Boleto PDF rendering (Recibo do Pagador + Ficha de Compensação, one page per boleto).
export { renderBoletoPdf, BARCODE } from './render.ts';
export type { BoletoDocument } from './render.ts';
export { formatBRL, formatDateBR } from './format.ts';
export { i2of5Widths } from './i2of5.ts';
