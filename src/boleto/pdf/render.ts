// Boleto PDF: one A4 page per boleto with the "Recibo do Pagador" on top and the "Ficha de
// Compensação" below (FEBRABAN / BACEN layout), the Interleaved 2 of 5 barcode drawn as rectangles at
// the standard's dimensions and, for a "bolepix", the PIX QR code. Pages are streamed to `out` as they
// are made, so a carnê of any length runs in constant memory.
import { finished } from 'node:stream/promises';
import type PDFDocumentClass from 'pdfkit';
import { DomainError } from '../../platform/errors.ts';
import { memoiseCurrentFont } from './fontCache.ts';
import { formatBRL, formatDateBR } from './format.ts';
import { i2of5Widths } from './i2of5.ts';
import { loadQrEncoder, qrMatrix } from './qr.ts';

export interface BoletoDocument {
  bank: { code: string; name: string; digit: string /* e.g. '001-9' */ };
  beneficiary: { name: string; document: string /* formatted */; address: string };
  /** 'Agência/Código do Beneficiário' as printed. */
  agencyAccount: string;
  nossoNumero: string;
  documentNumber: string;
  carteira: string;
  especieDoc: string;
  aceite: 'S' | 'N';
  issueDate: string;
  processingDate: string;
  dueDate: string | null;
  amountCents: number;
  payer: { name: string; document: string; address: string };
  /** Already in words, e.g. 'Até 10/12/2026, desconto de R$ 5,00'. */
  instructions: string[];
  localPagamento: string;
  linhaDigitavelFormatted: string;
  /** 44 digits. */
  barcode: string;
  pixPayload?: string;
  demonstrative?: string[];
  /**
   * A 2ª via (updated copy) of an overdue boleto: the amounts on `processingDate` go into the
   * (-) Desconto, (+) Mora/Multa and (=) Valor Cobrado boxes; the barcode keeps `amountCents`.
   */
  charged?: { discountCents: number; fineAndInterestCents: number; totalCents: number };
  /** A 2ª via whose amount, due date and barcode were recomputed for `updatedFor` (the captions say so). */
  secondCopy?: { updatedFor: string };
  /** The slip's place among the payer's slips of one carnê ("Parcela n/N" on the booklet's stub). */
  installment?: { n: number; total: number };
}

/** 'page': one boleto per A4 page (recibo + ficha). 'booklet': a carnê of three slips per A4 page, stub + ficha. */
export type BoletoLayout = 'page' | 'booklet';

const MM = 72 / 25.4;
const mm = (v: number) => v * MM;

/**
 * Barcode geometry. The FEBRABAN boleto barcode is 103 mm × 13 mm; 44 digits in I2of5 with a 1:3
 * narrow:wide ratio take 405 narrow modules, so the narrow element is 0.254 mm (0.010 in, exactly 3
 * dots at 300 dpi) and the symbol 102.87 mm long.
 */
export const BARCODE = { narrowMm: 0.254, wideRatio: 3, heightMm: 13 } as const;

const PAGE = { width: mm(210), height: mm(297) };
const LEFT = mm(10);
const WIDTH = mm(190);
const RIGHT_COL = mm(45); // the right-hand column of the ficha (Vencimento, Valores…)
const ROW = mm(8.5);
const LABEL_SIZE = 5.5;
const VALUE_SIZE = 8.5;
const FLUSH_BYTES = 1 << 20;

/** Renders every boleto on its own page and pipes the PDF to `out`; resolves once `out` has finished. */
export async function renderBoletoPdf(
  docs: Iterable<BoletoDocument> | AsyncIterable<BoletoDocument>,
  out: NodeJS.WritableStream,
  opts: { layout?: BoletoLayout } = {},
): Promise<void> {
  const layout = opts.layout ?? 'page';
  const iterator =
    Symbol.asyncIterator in docs
      ? (docs as AsyncIterable<BoletoDocument>)[Symbol.asyncIterator]()
      : (docs as Iterable<BoletoDocument>)[Symbol.iterator]();
  // Look at the first boleto before writing a byte: an empty input must not produce a broken PDF.
  let next = await iterator.next();
  if (next.done) throw new DomainError('validation_failed', 'No boleto to render', [{ field: 'boletos', issue: 'empty' }]);
  validate(next.value);

  // Loaded on first use: a server that never prints a boleto never pays for pdfkit's memory.
  const PDFDocument: typeof PDFDocumentClass = (await import('pdfkit')).default;
  await loadQrEncoder();
  const pdf = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    margin: 0,
    info: { Title: 'Boleto', Producer: 'Cobre', Creator: 'Cobre' },
  });
  for (const name of ['Helvetica', 'Helvetica-Bold']) memoiseCurrentFont(pdf.font(name));
  const done = finished(out as NodeJS.WritableStream & import('node:stream').Writable);
  pdf.pipe(out);
  try {
    for (let i = 0; !next.done; i++) {
      if (layout === 'booklet') drawSlip(pdf, next.value, i % SLIPS_PER_PAGE);
      else drawPage(pdf, next.value);
      // pdfkit pushes without regard to backpressure; wait while the reader lags behind.
      while (pdf.readableLength > FLUSH_BYTES) await new Promise((r) => setImmediate(r));
      next = await iterator.next();
    }
  } catch (error) {
    done.catch(() => {}); // the stream's own failure is this same error
    pdf.unpipe(out);
    (out as NodeJS.WritableStream & { destroy?: (e?: Error) => void }).destroy?.(error as Error);
    throw error;
  }
  pdf.end();
  await done;
}

// ---------------------------------------------------------------- drawing

type Doc = PDFKit.PDFDocument;

function validate(b: BoletoDocument): void {
  if (!/^\d{44}$/.test(b.barcode)) {
    throw new DomainError('validation_failed', 'A boleto barcode has 44 digits', [{ field: 'barcode', issue: 'must be 44 digits' }]);
  }
  if (!Number.isSafeInteger(b.amountCents) || b.amountCents < 0) {
    throw new DomainError('validation_failed', 'Invalid amount', [{ field: 'amountCents', issue: 'non-negative integer cents' }]);
  }
  if (
    b.charged &&
    ![b.charged.discountCents, b.charged.fineAndInterestCents, b.charged.totalCents].every((v) => Number.isSafeInteger(v) && v >= 0)
  ) {
    throw new DomainError('validation_failed', 'Invalid charged amounts', [{ field: 'charged', issue: 'non-negative integer cents' }]);
  }
}

/** The printed value of a 2ª via box: blank on an ordinary boleto, and for a zero discount or mora. */
function chargedValue(b: BoletoDocument, box: 'discount' | 'mora' | 'total'): string {
  if (!b.charged) return '';
  const v = box === 'discount' ? b.charged.discountCents : box === 'mora' ? b.charged.fineAndInterestCents : b.charged.totalCents;
  return box === 'total' || v > 0 ? formatBRL(v) : '';
}

function drawPage(pdf: Doc, b: BoletoDocument): void {
  validate(b);
  pdf.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
  pdf.lineWidth(0.5).strokeColor('#000').fillColor('#000');
  const afterReceipt = drawReceipt(pdf, b, mm(10));
  drawCutLine(pdf, afterReceipt + mm(4));
  drawFicha(pdf, b, afterReceipt + mm(11));
}

/** Truncates to the width available so nothing spills into the next cell. */
function fitWidth(pdf: Doc, text: string, width: number): string {
  if (pdf.widthOfString(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pdf.widthOfString(text.slice(0, mid) + '…') <= width) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + '…';
}

function put(
  pdf: Doc,
  text: string,
  x: number,
  y: number,
  width: number,
  opts: { size: number; bold?: boolean; align?: 'left' | 'right' | 'center' },
) {
  pdf.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size);
  const s = fitWidth(pdf, text, width);
  let dx = 0;
  if (opts.align && opts.align !== 'left') {
    const w = pdf.widthOfString(s);
    dx = opts.align === 'right' ? width - w : (width - w) / 2;
  }
  pdf.text(s, x + dx, y, { lineBreak: false });
}

/** A bordered cell with a small label on top and one value line. */
function cell(
  pdf: Doc,
  x: number,
  y: number,
  w: number,
  h: number,
  label: string,
  value = '',
  align: 'left' | 'right' = 'left',
  bold = false,
) {
  pdf.rect(x, y, w, h).stroke();
  put(pdf, label, x + mm(1), y + mm(0.8), w - mm(2), { size: LABEL_SIZE });
  if (value) put(pdf, value, x + mm(1), y + h - mm(4.2), w - mm(2), { size: VALUE_SIZE, bold, align });
}

/** Bank name (the logo area, as text), the code box and the right-hand caption. */
function bankHeader(pdf: Doc, b: BoletoDocument, y: number, caption: string, captionBold: boolean, captionSize: number) {
  const h = mm(9);
  put(pdf, b.bank.name, LEFT, y + mm(2.6), mm(48), { size: 11, bold: true });
  const codeX = LEFT + mm(50);
  pdf
    .moveTo(codeX, y + mm(1))
    .lineTo(codeX, y + h)
    .stroke();
  pdf
    .moveTo(codeX + mm(20), y + mm(1))
    .lineTo(codeX + mm(20), y + h)
    .stroke();
  put(pdf, b.bank.digit, codeX, y + mm(2.2), mm(20), { size: 14, bold: true, align: 'center' });
  put(pdf, caption, codeX + mm(22), y + mm(3), WIDTH - mm(72), { size: captionSize, bold: captionBold, align: 'right' });
  pdf
    .moveTo(LEFT, y + h)
    .lineTo(LEFT + WIDTH, y + h)
    .lineWidth(1.5)
    .stroke()
    .lineWidth(0.5);
  return y + h;
}

function due(b: BoletoDocument): string {
  return b.dueDate ? formatDateBR(b.dueDate) : 'Contra apresentação';
}

function drawReceipt(pdf: Doc, b: BoletoDocument, top: number): number {
  let y = bankHeader(pdf, b, top, b.charged || b.secondCopy ? 'Recibo do Pagador - 2ª via' : 'Recibo do Pagador', true, 10);
  const mid = mm(35);
  const wide = WIDTH - mid - mid;
  const x2 = LEFT + wide;
  const x3 = x2 + mid;
  const rows: Array<[string, string, string, string, string, string]> = [
    [
      'Beneficiário',
      `${b.beneficiary.name} - CNPJ/CPF: ${b.beneficiary.document}`,
      'Agência/Código do Beneficiário',
      b.agencyAccount,
      'Vencimento',
      due(b),
    ],
    ['Endereço do Beneficiário', b.beneficiary.address, 'Nosso Número', b.nossoNumero, 'Valor do Documento', formatBRL(b.amountCents)],
    [
      'Pagador',
      `${b.payer.name} - CNPJ/CPF: ${b.payer.document}`,
      'Nº do Documento',
      b.documentNumber,
      '(-) Desconto/Abatimento',
      chargedValue(b, 'discount'),
    ],
    ['Endereço do Pagador', b.payer.address, 'Data do Documento', formatDateBR(b.issueDate), '(+) Mora/Multa', chargedValue(b, 'mora')],
  ];
  for (const [l1, v1, l2, v2, l3, v3] of rows) {
    cell(pdf, LEFT, y, wide, ROW, l1, v1);
    cell(pdf, x2, y, mid, ROW, l2, v2, 'right');
    cell(pdf, x3, y, mid, ROW, l3, v3, 'right', l3 === 'Vencimento' || l3 === 'Valor do Documento');
    y += ROW;
  }
  const quarter = wide / 4;
  cell(pdf, LEFT, y, quarter, ROW, 'Espécie Doc.', b.especieDoc);
  cell(pdf, LEFT + quarter, y, quarter, ROW, 'Carteira', b.carteira);
  cell(pdf, LEFT + 2 * quarter, y, quarter, ROW, 'Espécie', 'R$');
  cell(pdf, LEFT + 3 * quarter, y, quarter, ROW, 'Data Processamento', formatDateBR(b.processingDate));
  cell(pdf, x2, y, mid, ROW, 'Aceite', b.aceite, 'right');
  cell(pdf, x3, y, mid, ROW, '(=) Valor Cobrado', chargedValue(b, 'total'), 'right', !!b.charged);
  y += ROW;

  // Demonstrative on the left, the PIX QR code (bolepix) on the right.
  const boxH = mm(34);
  const qrSide = b.pixPayload ? mm(27) : 0;
  const textW = b.pixPayload ? WIDTH - qrSide - mm(8) : WIDTH;
  pdf.rect(LEFT, y, WIDTH, boxH).stroke();
  put(pdf, 'Demonstrativo', LEFT + mm(1), y + mm(0.8), textW - mm(2), { size: LABEL_SIZE });
  const lines = [...(b.secondCopy ? [secondCopyCaption(b)] : []), ...(b.demonstrative ?? [])];
  for (const [i, line] of lines.slice(0, 9).entries()) put(pdf, line, LEFT + mm(1), y + mm(4) + i * mm(3.2), textW - mm(2), { size: 7.5 });
  if (b.pixPayload) {
    const qx = LEFT + WIDTH - qrSide - mm(3);
    drawQr(pdf, b.pixPayload, qx, y + mm(1.5), qrSide);
    put(pdf, 'Pague com Pix (QR Code)', qx - mm(4), y + mm(29.5), qrSide + mm(8), { size: 6.5, align: 'center', bold: true });
  }
  y += boxH;
  put(pdf, `Linha digitável: ${b.linhaDigitavelFormatted}`, LEFT, y + mm(1.5), mm(130), { size: 8 });
  put(pdf, 'Autenticação mecânica', LEFT + mm(130), y + mm(1.5), WIDTH - mm(130), { size: 6.5, align: 'right' });
  return y + mm(8);
}

function drawCutLine(pdf: Doc, y: number) {
  pdf
    .save()
    .dash(3, { space: 2 })
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .stroke()
    .restore();
  put(pdf, 'Corte na linha pontilhada', LEFT, y - mm(2.6), WIDTH, { size: 5.5, align: 'right' });
}

function drawFicha(pdf: Doc, b: BoletoDocument, top: number) {
  let y = bankHeader(pdf, b, top, b.linhaDigitavelFormatted, true, 11.5);
  const leftW = WIDTH - RIGHT_COL;
  const rx = LEFT + leftW;

  cell(pdf, LEFT, y, leftW, ROW, 'Local de Pagamento', b.localPagamento);
  cell(pdf, rx, y, RIGHT_COL, ROW, 'Vencimento', due(b), 'right', true);
  y += ROW;
  // Name, document and address of the beneficiary are all mandatory here: two value lines.
  const benH = ROW + mm(3.4);
  cell(pdf, LEFT, y, leftW, benH, 'Beneficiário', b.beneficiary.address);
  put(pdf, `${b.beneficiary.name} - CNPJ/CPF: ${b.beneficiary.document}`, LEFT + mm(1), y + mm(3.6), leftW - mm(2), { size: VALUE_SIZE });
  cell(pdf, rx, y, RIGHT_COL, benH, 'Agência/Código do Beneficiário', b.agencyAccount, 'right');
  y += benH;
  const c = leftW / 6;
  cell(pdf, LEFT, y, c, ROW, 'Data do Documento', formatDateBR(b.issueDate));
  cell(pdf, LEFT + c, y, c * 1.5, ROW, 'Nº do Documento', b.documentNumber);
  cell(pdf, LEFT + c * 2.5, y, c, ROW, 'Espécie Doc.', b.especieDoc);
  cell(pdf, LEFT + c * 3.5, y, c * 0.5, ROW, 'Aceite', b.aceite);
  cell(pdf, LEFT + c * 4, y, c * 2, ROW, 'Data Processamento', formatDateBR(b.processingDate));
  cell(pdf, rx, y, RIGHT_COL, ROW, 'Nosso Número', b.nossoNumero, 'right');
  y += ROW;
  cell(pdf, LEFT, y, c, ROW, 'Uso do Banco');
  cell(pdf, LEFT + c, y, c * 1.5, ROW, 'Carteira', b.carteira);
  cell(pdf, LEFT + c * 2.5, y, c, ROW, 'Espécie', 'R$');
  cell(pdf, LEFT + c * 3.5, y, c * 1.25, ROW, 'Quantidade');
  cell(pdf, LEFT + c * 4.75, y, c * 1.25, ROW, '(x) Valor');
  cell(pdf, rx, y, RIGHT_COL, ROW, '(=) Valor do Documento', formatBRL(b.amountCents), 'right', true);
  y += ROW;

  // Instructions span the five value rows of the right-hand column.
  const right: Array<[string, string]> = [
    ['(-) Desconto/Abatimento', chargedValue(b, 'discount')],
    ['(-) Outras Deduções', ''],
    ['(+) Mora/Multa', chargedValue(b, 'mora')],
    ['(+) Outros Acréscimos', ''],
    ['(=) Valor Cobrado', chargedValue(b, 'total')],
  ];
  for (const [i, [label, value]] of right.entries()) {
    cell(pdf, rx, y + i * ROW, RIGHT_COL, ROW, label, value, 'right', i === right.length - 1 && !!b.charged);
  }
  const instrH = ROW * right.length;
  pdf.rect(LEFT, y, leftW, instrH).stroke();
  put(pdf, 'Instruções (Texto de responsabilidade do beneficiário)', LEFT + mm(1), y + mm(0.8), leftW - mm(2), { size: LABEL_SIZE });
  drawInstructions(pdf, instructionsOf(b), LEFT + mm(1), y + mm(3.6), leftW - mm(2), instrH - mm(4), 8);
  y += instrH;

  const payerH = mm(14);
  pdf.rect(LEFT, y, WIDTH, payerH).stroke();
  put(pdf, 'Pagador', LEFT + mm(1), y + mm(0.8), mm(30), { size: LABEL_SIZE });
  put(pdf, `${b.payer.name} - CNPJ/CPF: ${b.payer.document}`, LEFT + mm(1), y + mm(3.6), WIDTH - mm(2), { size: VALUE_SIZE });
  put(pdf, b.payer.address, LEFT + mm(1), y + mm(7.2), WIDTH - mm(2), { size: VALUE_SIZE });
  put(pdf, 'Sacador/Avalista:', LEFT + mm(1), y + mm(11), mm(40), { size: LABEL_SIZE });
  y += payerH;

  put(pdf, 'Autenticação mecânica - Ficha de Compensação', LEFT + mm(100), y + mm(1), WIDTH - mm(100), {
    size: 6.5,
    align: 'right',
    bold: true,
  });
  drawBarcode(pdf, b.barcode, LEFT, y + mm(2)); // LEFT (10 mm) of blank paper is the quiet zone
}

const secondCopyCaption = (b: BoletoDocument) => `2ª via - valor atualizado para ${formatDateBR(b.secondCopy!.updatedFor)}`;

/** The instructions a ficha prints: a 2ª via says so first. */
function instructionsOf(b: BoletoDocument): string[] {
  return b.secondCopy ? [secondCopyCaption(b), ...b.instructions] : b.instructions;
}

/**
 * Word-wraps `text` to `width` at the current font. Words are never cut; only a single word wider
 * than the whole line (a long URL) is split, as nothing else can print it.
 */
function wrap(pdf: Doc, text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (pdf.widthOfString(word) > width) {
      if (row) {
        rows.push(row);
        row = '';
      }
      let k = word.length - 1;
      while (k > 1 && pdf.widthOfString(word.slice(0, k)) > width) k--;
      rows.push(word.slice(0, k));
      word = word.slice(k);
    }
    const candidate = row ? `${row} ${word}` : word;
    if (pdf.widthOfString(candidate) <= width) row = candidate;
    else {
      rows.push(row);
      row = word;
    }
  }
  if (row) rows.push(row);
  return rows;
}

const MIN_INSTRUCTION_SIZE = 6;

/**
 * Plans the "Instruções" box: every line word-wrapped to the width, at the largest font size from
 * `size` down to 6 pt at which all of them fit the height. When even 6 pt cannot hold them all,
 * whole instructions are printed in order while they fit and the rest are left out — a line is
 * never cut. The payment terms come before the account's free lines, so those go first.
 */
export function planInstructions(
  pdf: Doc,
  lines: string[],
  width: number,
  height: number,
  size: number,
): { size: number; lineHeight: number; rows: string[]; omitted: number } {
  for (let s = size; ; s = Math.max(MIN_INSTRUCTION_SIZE, s - 0.5)) {
    pdf.font('Helvetica').fontSize(s);
    const lineHeight = s * 1.18;
    const capacity = Math.floor(height / lineHeight);
    const wrapped = lines.map((l) => wrap(pdf, l, width));
    const total = wrapped.reduce((t, w) => t + w.length, 0);
    if (total <= capacity) return { size: s, lineHeight, rows: wrapped.flat(), omitted: 0 };
    if (s === MIN_INSTRUCTION_SIZE) {
      const rows: string[] = [];
      let omitted = 0;
      for (const w of wrapped) {
        if (!omitted && rows.length + w.length <= capacity) rows.push(...w);
        else omitted++;
      }
      return { size: s, lineHeight, rows, omitted };
    }
  }
}

function drawInstructions(pdf: Doc, lines: string[], x: number, y: number, width: number, height: number, size: number) {
  const plan = planInstructions(pdf, lines, width, height, size);
  pdf.font('Helvetica').fontSize(plan.size);
  for (const [i, row] of plan.rows.entries()) pdf.text(row, x, y + i * plan.lineHeight, { lineBreak: false });
}

// ---------------------------------------------------------------- booklet (carnê)
// Three slips per A4 page, each 99 mm high: the payer's stub (canhoto) on the left, the ficha de
// compensação on the right, dashed cut lines between slips and between stub and ficha. The barcode
// keeps the FEBRABAN dimensions (BARCODE) with more than 5 mm of blank paper on each side.

export const SLIPS_PER_PAGE = 3;
const SLIP_H = PAGE.height / SLIPS_PER_PAGE;
const STUB_W = mm(46);
const FICHA_X = LEFT + STUB_W + mm(4);
const FICHA_W = LEFT + WIDTH - FICHA_X;
const SROW = mm(6.6);

/** A slip's cell: smaller label and value than the page's, so both fit a 6.6 mm row. */
function scell(
  pdf: Doc,
  x: number,
  y: number,
  w: number,
  h: number,
  label: string,
  value = '',
  align: 'left' | 'right' = 'left',
  bold = false,
) {
  pdf.rect(x, y, w, h).stroke();
  put(pdf, label, x + mm(1), y + mm(0.5), w - mm(2), { size: 5 });
  if (value) put(pdf, value, x + mm(1), y + h - mm(3.6), w - mm(2), { size: 7.5, bold, align });
}

function drawSlip(pdf: Doc, b: BoletoDocument, slot: number) {
  validate(b);
  if (slot === 0) pdf.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
  pdf.lineWidth(0.5).strokeColor('#000').fillColor('#000');
  const top = slot * SLIP_H;
  // Cut lines: below each slip but the last, and between the stub and the ficha.
  if (slot < SLIPS_PER_PAGE - 1) {
    pdf
      .save()
      .dash(3, { space: 2 })
      .moveTo(mm(4), top + SLIP_H)
      .lineTo(PAGE.width - mm(4), top + SLIP_H)
      .stroke()
      .restore();
  }
  const cutX = LEFT + STUB_W + mm(2);
  pdf
    .save()
    .dash(3, { space: 2 })
    .moveTo(cutX, top + mm(4))
    .lineTo(cutX, top + SLIP_H - mm(4))
    .stroke()
    .restore();
  drawStub(pdf, b, top + mm(5));
  drawSlipFicha(pdf, b, top + mm(5));
}

function drawStub(pdf: Doc, b: BoletoDocument, top: number) {
  const x = LEFT;
  const w = STUB_W;
  put(pdf, `${b.bank.name} ${b.bank.digit}`, x, top, w, { size: 7.5, bold: true });
  put(pdf, b.secondCopy ? 'Recibo do Pagador - 2ª via' : 'Recibo do Pagador', x, top + mm(3.6), w, { size: 6.5, bold: true });
  let y = top + mm(7);
  const box = (label: string, value: string, bold = false, h = SROW) => {
    scell(pdf, x, y, w, h, label, value, 'left', bold);
    y += h;
  };
  const parcel = b.installment ? `${b.installment.n}/${b.installment.total}` : '1/1';
  const half = w / 2;
  scell(pdf, x, y, half, SROW, 'Parcela', parcel, 'left', true);
  scell(pdf, x + half, y, half, SROW, 'Vencimento', due(b), 'left', true);
  y += SROW;
  box('Valor do Documento', formatBRL(b.amountCents), true);
  box('Nosso Número', b.nossoNumero);
  box('Nº do Documento', b.documentNumber);
  // The beneficiary's name may need two lines.
  pdf.rect(x, y, w, SROW + mm(3)).stroke();
  put(pdf, 'Beneficiário', x + mm(1), y + mm(0.8), w - mm(2), { size: LABEL_SIZE });
  pdf.font('Helvetica').fontSize(7);
  for (const [i, row] of wrap(pdf, b.beneficiary.name, w - mm(2))
    .slice(0, 2)
    .entries()) {
    put(pdf, row, x + mm(1), y + mm(3.2) + i * mm(3), w - mm(2), { size: 7 });
  }
  y += SROW + mm(3);
  box('Agência/Código do Beneficiário', b.agencyAccount);
  box('Pagador', b.payer.name);
  if (b.secondCopy) box('2ª via: valor atualizado para', formatDateBR(b.secondCopy.updatedFor));
  put(pdf, 'Autenticação mecânica', x, y + mm(1.5), w, { size: 6, align: 'right' });
}

function drawSlipFicha(pdf: Doc, b: BoletoDocument, top: number) {
  const x = FICHA_X;
  const W = FICHA_W;
  const rightW = mm(36);
  const leftW = W - rightW;
  const rx = x + leftW;
  // Header: bank, code, linha digitável.
  const h = mm(7);
  put(pdf, b.bank.name, x, top + mm(1.6), mm(30), { size: 8.5, bold: true });
  const codeX = x + mm(31);
  pdf
    .moveTo(codeX, top + mm(0.5))
    .lineTo(codeX, top + h)
    .stroke();
  pdf
    .moveTo(codeX + mm(14), top + mm(0.5))
    .lineTo(codeX + mm(14), top + h)
    .stroke();
  put(pdf, b.bank.digit, codeX, top + mm(1.5), mm(14), { size: 11, bold: true, align: 'center' });
  put(pdf, b.linhaDigitavelFormatted, codeX + mm(15), top + mm(2.2), W - mm(46), { size: 9, bold: true, align: 'right' });
  pdf
    .moveTo(x, top + h)
    .lineTo(x + W, top + h)
    .lineWidth(1.5)
    .stroke()
    .lineWidth(0.5);
  let y = top + h;

  scell(pdf, x, y, leftW, SROW, 'Local de Pagamento', b.localPagamento);
  scell(pdf, rx, y, rightW, SROW, 'Vencimento', due(b), 'right', true);
  y += SROW;
  const benH = SROW + mm(3);
  scell(pdf, x, y, leftW, benH, 'Beneficiário');
  put(pdf, `${b.beneficiary.name} - CNPJ/CPF: ${b.beneficiary.document}`, x + mm(1), y + mm(2.6), leftW - mm(2), { size: 7.5 });
  put(pdf, b.beneficiary.address, x + mm(1), y + mm(5.9), leftW - mm(2), { size: 7.5 });
  scell(pdf, rx, y, rightW, benH, 'Agência/Código do Beneficiário', b.agencyAccount, 'right');
  y += benH;
  const c = leftW / 6;
  scell(pdf, x, y, c * 1.2, SROW, 'Data do Documento', formatDateBR(b.issueDate));
  scell(pdf, x + c * 1.2, y, c * 1.3, SROW, 'Nº do Documento', b.documentNumber);
  scell(pdf, x + c * 2.5, y, c, SROW, 'Espécie Doc.', b.especieDoc);
  scell(pdf, x + c * 3.5, y, c * 0.6, SROW, 'Aceite', b.aceite);
  scell(pdf, x + c * 4.1, y, c * 1.9, SROW, 'Data Processamento', formatDateBR(b.processingDate));
  scell(pdf, rx, y, rightW, SROW, 'Nosso Número', b.nossoNumero, 'right');
  y += SROW;
  scell(pdf, x, y, c * 1.2, SROW, 'Uso do Banco');
  scell(pdf, x + c * 1.2, y, c * 1.3, SROW, 'Carteira', b.carteira);
  scell(pdf, x + c * 2.5, y, c, SROW, 'Espécie', 'R$');
  scell(pdf, x + c * 3.5, y, c * 1.25, SROW, 'Quantidade');
  scell(pdf, x + c * 4.75, y, c * 1.25, SROW, '(x) Valor');
  scell(pdf, rx, y, rightW, SROW, '(=) Valor do Documento', formatBRL(b.amountCents), 'right', true);
  y += SROW;
  const right: Array<[string, string]> = [
    ['(-) Desconto/Abatimento', chargedValue(b, 'discount')],
    ['(+) Mora/Multa', chargedValue(b, 'mora')],
    ['(+) Outros Acréscimos', ''],
    ['(=) Valor Cobrado', chargedValue(b, 'total')],
  ];
  const instrH = mm(28);
  const rightH = instrH / right.length;
  for (const [i, [label, value]] of right.entries()) {
    scell(pdf, rx, y + i * rightH, rightW, rightH, label, value, 'right', i === right.length - 1 && !!b.charged);
  }
  pdf.rect(x, y, leftW, instrH).stroke();
  put(pdf, 'Instruções (Texto de responsabilidade do beneficiário)', x + mm(1), y + mm(0.8), leftW - mm(2), { size: LABEL_SIZE });
  drawInstructions(pdf, instructionsOf(b), x + mm(1), y + mm(3.2), leftW - mm(2), instrH - mm(3.6), 7);
  y += instrH;
  const payerH = mm(8.5);
  pdf.rect(x, y, W, payerH).stroke();
  put(pdf, 'Pagador', x + mm(1), y + mm(0.6), mm(30), { size: LABEL_SIZE });
  put(pdf, `${b.payer.name} - CNPJ/CPF: ${b.payer.document}`, x + mm(1), y + mm(2.8), W - mm(2), { size: 7 });
  put(pdf, b.payer.address, x + mm(1), y + mm(5.6), W - mm(2), { size: 7 });
  y += payerH;
  put(pdf, 'Ficha de Compensação', x + W - mm(40), y + mm(0.6), mm(40), { size: 6, align: 'right', bold: true });
  // Quiet zone: the barcode starts 7 mm right of the stub's cut line and ends 30 mm inside the page.
  drawBarcode(pdf, b.barcode, x + mm(5), y + mm(3));
}

/** Bars as filled rectangles; x is where the first bar starts (the margin to its left is the quiet zone). */
function drawBarcode(pdf: Doc, digits: string, x: number, y: number) {
  const narrow = mm(BARCODE.narrowMm);
  const height = mm(BARCODE.heightMm);
  let cursor = x;
  i2of5Widths(digits, BARCODE.wideRatio).forEach((modules, i) => {
    const w = modules * narrow;
    if (i % 2 === 0) pdf.rect(cursor, y, w, height);
    cursor += w;
  });
  pdf.fill('#000');
}

function drawQr(pdf: Doc, payload: string, x: number, y: number, side: number) {
  const { size, modules } = qrMatrix(payload);
  const cellSide = side / size;
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (modules[row * size + col] !== 1) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules[row * size + col] === 1) col++;
      pdf.rect(x + start * cellSide, y + row * cellSide, (col - start) * cellSide, cellSide);
    }
  }
  pdf.fill('#000');
}
