// Receipt ("Recibo") PDF of a charge's payments: one A4 page with the issuer, the payer, the charge,
// each payment (date, method, amount), the total paid and, for a partial payment, what is still open.
import { finished } from 'node:stream/promises';
import type PDFDocumentClass from 'pdfkit';
import { memoiseCurrentFont } from './fontCache.ts';
import { formatBRL, formatDateBR } from './format.ts';

export interface ReceiptDocument {
  issuer: { name: string; document: string; address: string };
  payer: { name: string; document: string };
  charge: { number: number; description: string | null; documentNumber: string; amountCents: number; dueDate: string; issueDate: string };
  /** Payments not reversed, oldest first. `refundedCents`: given back to the payer since. */
  payments: { paidOn: string; method: string; amountCents: number; refundedCents: number }[];
  totalPaidCents: number;
  /** What is still open on the charge (a partial payment). */
  openCents: number;
  /** The business day the receipt was printed. */
  issuedOn: string;
}

const METHOD: Record<string, string> = {
  boleto: 'Boleto',
  pix: 'Pix',
  cash: 'Dinheiro',
  transfer: 'Transferência',
  card: 'Cartão',
  other: 'Outro',
};

const MM = 72 / 25.4;
const mm = (v: number) => v * MM;

export async function renderReceiptPdf(r: ReceiptDocument, out: NodeJS.WritableStream): Promise<void> {
  const PDFDocument: typeof PDFDocumentClass = (await import('pdfkit')).default;
  const pdf = new PDFDocument({
    size: 'A4',
    margin: mm(20),
    info: { Title: `Recibo - cobrança nº ${r.charge.number}`, Producer: 'Cobre', Creator: 'Cobre' },
  });
  for (const name of ['Helvetica', 'Helvetica-Bold']) memoiseCurrentFont(pdf.font(name));
  const done = finished(out as NodeJS.WritableStream & import('node:stream').Writable);
  pdf.pipe(out);
  const left = mm(20);
  const width = mm(170);
  const partial = r.openCents > 0;

  pdf
    .font('Helvetica-Bold')
    .fontSize(16)
    .text(partial ? 'Recibo de pagamento parcial' : 'Recibo de pagamento', left, mm(20), { width });
  pdf
    .moveDown(0.3)
    .font('Helvetica')
    .fontSize(9)
    .text(`Cobrança nº ${r.charge.number}  ·  emitido em ${formatDateBR(r.issuedOn)}`);
  pdf
    .moveDown(1.2)
    .fontSize(11)
    .text(
      `Recebemos de ${r.payer.name}${r.payer.document ? ` (CPF/CNPJ ${r.payer.document})` : ''} a quantia de ${formatBRL(r.totalPaidCents)}, ` +
        `referente à cobrança nº ${r.charge.number}${r.charge.description ? ` (${r.charge.description})` : ''}, em favor de ${r.issuer.name}.`,
      { width, align: 'justify' },
    );

  pdf.moveDown(1.2).font('Helvetica-Bold').fontSize(10).text('Cobrança', { width });
  pdf.font('Helvetica').fontSize(9.5);
  const facts: [string, string][] = [
    ['Número', String(r.charge.number)],
    ['Nº do documento', r.charge.documentNumber],
    ['Descrição', r.charge.description ?? '-'],
    ['Data do documento', formatDateBR(r.charge.issueDate)],
    ['Vencimento', formatDateBR(r.charge.dueDate)],
    ['Valor', formatBRL(r.charge.amountCents)],
  ];
  for (const [k, v] of facts) pdf.text(`${k}: ${v}`, { width });

  pdf.moveDown(1.2).font('Helvetica-Bold').fontSize(10).text('Pagamentos', { width });
  const cols = [left, left + mm(40), left + mm(95)];
  const colW = [mm(40), mm(55), mm(75)];
  const row = (cells: string[], bold = false) => {
    const y = pdf.y;
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9.5);
    for (const [i, c] of cells.entries()) pdf.text(c, cols[i], y, { width: colW[i], align: i === 2 ? 'right' : 'left', lineBreak: false });
    pdf.x = left;
    pdf.y = y + mm(5.5);
  };
  row(['Data', 'Forma', 'Valor'], true);
  pdf
    .moveTo(left, pdf.y - mm(1.5))
    .lineTo(left + width, pdf.y - mm(1.5))
    .lineWidth(0.5)
    .stroke();
  for (const p of r.payments) {
    const refunded = p.refundedCents > 0 ? ` (devolvido ${formatBRL(p.refundedCents)})` : '';
    row([formatDateBR(p.paidOn), METHOD[p.method] ?? p.method, `${formatBRL(p.amountCents)}${refunded}`]);
  }
  pdf
    .moveTo(left, pdf.y - mm(1.5))
    .lineTo(left + width, pdf.y - mm(1.5))
    .stroke();
  row(['Total pago', '', formatBRL(r.totalPaidCents)], true);
  if (partial) row(['Saldo em aberto', '', formatBRL(r.openCents)], true);

  pdf.x = left;
  pdf.moveDown(2).font('Helvetica-Bold').fontSize(10).text('Emitente', { width });
  pdf.font('Helvetica').fontSize(9.5).text(r.issuer.name, { width });
  if (r.issuer.document) pdf.text(`CPF/CNPJ: ${r.issuer.document}`, { width });
  if (r.issuer.address) pdf.text(r.issuer.address, { width });
  pdf.end();
  await done;
}
