// Renders real PDFs and reads them back with Debian's poppler-utils (pdftoppm, pdftotext, pdfinfo) and
// zbar-tools (zbarimg): the barcode must scan to the 44 digits and the QR code to the PIX payload.
// Without those packages the checks that need them skip (test/support/tools.ts).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../platform/errors.ts';
import { renderBoletoPdf, type BoletoDocument } from './index.ts';
import { systemTools } from '../../../test/support/tools.ts';

const tools = systemTools('the boleto PDF scan and text checks', ['pdftoppm', 'pdftotext', 'pdfinfo', 'zbarimg']);

// Published valid boletos:
// - Itaú: barcode and linha digitável from the README of the npm package @mrmgomes/boleto-utils
//   (github.com/mrmgomes/boleto-utils, README.md, "validarBoleto('34196790600001000002220000005566385101214000', …)").
// - Caixa: from the same project's test/test.js ("10499898100000214032006561000100040099726390" and its
//   linha digitável "10492006506100010004200997263900989810000021403").
const ITAU = {
  barcode: '34196790600001000002220000005566385101214000',
  linha: '34192.22009 00005.566385 51012.140003 6 79060000100000',
};
const CAIXA = {
  barcode: '10499898100000214032006561000100040099726390',
  linha: '10492.00650 61000.100042 00997.263900 9 89810000021403',
};
// PIX "copia e cola" (static BR Code, "Fulano de Tal / BRASILIA") as printed in the examples of the BCB
// "Manual de Padrões para Iniciação do Pix"; only its round trip through the QR code matters here.
const PIX =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

function boleto(over: Partial<BoletoDocument> = {}): BoletoDocument {
  return {
    bank: { code: '341', name: 'Banco Itaú S.A.', digit: '341-7' },
    beneficiary: {
      name: 'Padaria São João Ltda',
      document: '11.222.333/0001-81',
      address: 'Rua das Flores, 10 - Centro - São Paulo/SP - 01001-000',
    },
    agencyAccount: '0730/03511-0',
    nossoNumero: '109/00000123-4',
    documentNumber: 'FAT-2026-001',
    carteira: '109',
    especieDoc: 'DM',
    aceite: 'N',
    issueDate: '2026-03-10',
    processingDate: '2026-03-11',
    dueDate: '2026-04-10',
    amountCents: 123456,
    payer: { name: 'José da Conceição', document: '123.456.789-09', address: 'Rua das Acácias, 100 - Centro - São Paulo/SP - 01310-100' },
    instructions: ['Até 05/04/2026, desconto de R$ 5,00', 'Após o vencimento, multa de 2,00% e juros de R$ 0,41 ao dia'],
    localPagamento: 'Pagável em qualquer banco até o vencimento',
    linhaDigitavelFormatted: ITAU.linha,
    barcode: ITAU.barcode,
    ...over,
  };
}

async function render(docs: Iterable<BoletoDocument> | AsyncIterable<BoletoDocument>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await renderBoletoPdf(docs, out);
  return Buffer.concat(chunks);
}

const dir = mkdtempSync(join(tmpdir(), 'boleto-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Writes the PDF, rasterises page 1 at 300 dpi and returns every symbol zbarimg decodes. */
function scanPage1(pdf: Buffer): string[] {
  const base = join(dir, `b${++n}`);
  writeFileSync(`${base}.pdf`, pdf);
  tools.run('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, base]);
  const out = tools.run('zbarimg', ['--nodbus', '--quiet', '--raw', '-Si25.enable', `${base}.png`]);
  return out.split('\n').filter((l) => l !== '');
}

function pdfText(pdf: Buffer): string {
  const file = join(dir, `t${++n}.pdf`);
  writeFileSync(file, pdf);
  return tools.run('pdftotext', ['-layout', file, '-']);
}

function pageCount(pdf: Buffer): number {
  const file = join(dir, `c${++n}.pdf`);
  writeFileSync(file, pdf);
  const info = tools.run('pdfinfo', [file]);
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

describe('renderBoletoPdf', () => {
  it.skipIf(!tools.has('pdftoppm', 'zbarimg'))(
    'the barcode scans back to the 44 digits (Itaú) and there is no QR without a PIX payload',
    async () => {
      const symbols = scanPage1(await render([boleto()]));
      expect(symbols).toEqual([ITAU.barcode]);
    },
  );

  it.skipIf(!tools.has('pdftoppm', 'zbarimg', 'pdftotext'))(
    'a second published barcode (Caixa) scans too; the bolepix QR decodes to the PIX payload',
    async () => {
      const pdf = await render([
        boleto({
          bank: { code: '104', name: 'Caixa Econômica Federal', digit: '104-0' },
          barcode: CAIXA.barcode,
          linhaDigitavelFormatted: CAIXA.linha,
          pixPayload: PIX,
        }),
      ]);
      expect(scanPage1(pdf).sort()).toEqual([PIX, CAIXA.barcode].sort());
      expect(pdfText(pdf)).toContain('Pague com Pix');
    },
  );

  it.skipIf(!tools.has('pdftotext'))('prints the linha digitável, the mandatory labels and pt-BR values', async () => {
    const text = pdfText(await render([boleto({ demonstrative: ['Mensalidade março/2026'] })]));
    for (const label of [
      'Recibo do Pagador',
      'Local de Pagamento',
      'Vencimento',
      'Beneficiário',
      'CNPJ/CPF',
      'Agência/Código do Beneficiário',
      'Data do Documento',
      'Nº do Documento',
      'Espécie Doc.',
      'Aceite',
      'Data Processamento',
      'Nosso Número',
      'Carteira',
      'Espécie',
      'Valor do Documento',
      '(-) Desconto/Abatimento',
      '(+) Mora/Multa',
      '(=) Valor Cobrado',
      'Instruções',
      'Pagador',
      'Autenticação mecânica',
      'Ficha de Compensação',
    ]) {
      expect(text).toContain(label);
    }
    expect(text).toContain(ITAU.linha);
    expect(text).toContain('R$ 1.234,56');
    expect(text).toContain('10/04/2026');
    expect(text).toContain('11/03/2026');
    expect(text).toContain('Rua das Flores, 10 - Centro - São Paulo/SP - 01001-000');
    expect(text).toContain('123.456.789-09');
    expect(text).toContain('Até 05/04/2026, desconto de R$ 5,00');
    expect(text).toContain('Mensalidade março/2026');
    expect(text).toContain('341-7');
  });

  it.skipIf(!tools.has('pdftotext'))('a boleto without due date says "Contra apresentação"', async () => {
    expect(pdfText(await render([boleto({ dueDate: null })]))).toContain('Contra apresentação');
  });

  it.skipIf(!tools.has('pdfinfo'))('a 3-boleto carnê has 3 pages, from a sync or an async iterable', async () => {
    expect(pageCount(await render([boleto(), boleto({ nossoNumero: '2' }), boleto({ nossoNumero: '3' })]))).toBe(3);
    async function* gen() {
      for (let i = 0; i < 3; i++) yield boleto({ documentNumber: `P-${i}` });
    }
    expect(pageCount(await render(gen()))).toBe(3);
  });

  it('streams: bytes reach the output before the input is exhausted', async () => {
    let received = 0;
    let receivedWhenHalfway = -1;
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        cb();
      },
    });
    async function* gen() {
      for (let i = 0; i < 200; i++) {
        if (i === 100) {
          await new Promise((r) => setImmediate(r));
          receivedWhenHalfway = received;
        }
        yield boleto({ documentNumber: `P-${i}` });
      }
    }
    await renderBoletoPdf(gen(), out);
    expect(receivedWhenHalfway).toBeGreaterThan(0);
    expect(received).toBeGreaterThan(receivedWhenHalfway);
  });

  it('refuses an empty input and a barcode that is not 44 digits, before writing anything', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await expect(renderBoletoPdf([], out)).rejects.toBeInstanceOf(DomainError);
    expect(chunks).toHaveLength(0);
    await expect(render([boleto({ barcode: '123' })])).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it.skipIf(!tools.has('pdfinfo'))('writes a file that poppler reads without complaint', async () => {
    const pdf = await render([boleto()]);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'ok.pdf');
    writeFileSync(file, pdf);
    expect(readFileSync(file).length).toBe(pdf.length);
    expect(tools.run('pdfinfo', [file], { stdio: ['ignore', 'pipe', 'pipe'] })).toContain('Page size:');
  });
});
