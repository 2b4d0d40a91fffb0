import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { openSpreadsheet } from './read-spreadsheet.ts';
import { writeCsv } from './write-csv.ts';
import { writeTemplate } from './write-template.ts';
import { writeWorkbook } from './write-workbook.ts';
import type { ColumnSpec, RowResult } from './types.ts';

const columns: ColumnSpec[] = [
  {
    key: 'name',
    header: 'Nome',
    type: 'string',
    required: true,
    maxLength: 60,
    example: 'Maria da Silva',
    help: 'Nome completo ou razão social',
  },
  { key: 'document', header: 'CPF/CNPJ', type: 'string', required: true, example: '01234567890' },
  { key: 'amount', header: 'Valor', type: 'money', example: '1.234,56' },
  { key: 'dueDate', header: 'Vencimento', type: 'date', example: '31/01/2025' },
  { key: 'quantity', header: 'Quantidade', type: 'decimal', example: '12,5' },
  { key: 'installments', header: 'Parcelas', type: 'integer', example: '3' },
  { key: 'active', header: 'Ativo', type: 'boolean', example: 'Sim' },
];

interface Record_ {
  name: string;
  document: string;
  amount: number | null;
  dueDate: string | null;
  quantity: string | null;
  installments: number | null;
  active: boolean | null;
}

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const decimalText = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 4 }))
  .map(([neg, digits, scale]) => {
    const s = String(digits).padStart(scale + 1, '0');
    const int = s.slice(0, s.length - scale).replace(/^0+(?=\d)/, '');
    const frac = s.slice(s.length - scale).replace(/0+$/, '');
    const body = frac ? `${int}.${frac}` : int;
    return neg && body !== '0' ? `-${body}` : body;
  });
const record: fc.Arbitrary<Record_> = fc.record({
  name: fc
    .string({ minLength: 1, maxLength: 30 })
    .map((s) => s.trim() || 'x')
    .map((s) => s.replace(/^'/, 'x')),
  document: fc.stringMatching(/^\d{11}$/),
  amount: fc.option(fc.integer({ min: -1e12, max: 1e12 })),
  dueDate: fc.option(isoDate),
  quantity: fc.option(decimalText),
  installments: fc.option(fc.integer({ min: -1e9, max: 1e9 })),
  active: fc.option(fc.boolean()),
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobre-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function toBuffer(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

async function collect(rows: AsyncIterable<RowResult>): Promise<RowResult[]> {
  const all: RowResult[] = [];
  for await (const r of rows) all.push(r);
  return all;
}

/** What our reader should give back for a record. */
function expectedValues(r: Record_): Record<string, string | null> {
  return {
    name: r.name,
    document: r.document,
    amount: r.amount === null ? null : String(r.amount),
    dueDate: r.dueDate,
    quantity: r.quantity,
    installments: r.installments === null ? null : String(r.installments),
    active: r.active === null ? null : String(r.active),
  };
}

describe('writeWorkbook', () => {
  it('exports typed cells that exceljs reads back exactly, with R$ and dd/mm/yyyy formats', async () => {
    const records = fc.sample(record, { numRuns: 300, seed: 42 });
    async function* rows() {
      yield* records;
    }
    const path = join(dir, 'export.xlsx');
    await writeWorkbook(columns, rows(), createWriteStream(path), { sheetName: 'Clientes' });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('Clientes')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = ws.getRow(1);
    expect(columns.map((_, i) => header.getCell(i + 1).value)).toEqual(columns.map((c) => c.header));
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(10);
    expect(ws.rowCount).toBe(records.length + 1);
    records.forEach((r, i) => {
      const row = ws.getRow(i + 2);
      const cell = (key: keyof Record_) => row.getCell(columns.findIndex((c) => c.key === key) + 1);
      expect(cell('name').value).toBe(r.name);
      expect(cell('document').value).toBe(r.document);
      if (r.amount === null) expect(cell('amount').value).toBeNull();
      else {
        expect(Math.round((cell('amount').value as number) * 100)).toBe(r.amount);
        expect(cell('amount').numFmt).toBe('"R$" #,##0.00');
      }
      if (r.dueDate === null) expect(cell('dueDate').value).toBeNull();
      else {
        expect((cell('dueDate').value as Date).toISOString().slice(0, 10)).toBe(r.dueDate);
        expect(cell('dueDate').numFmt).toBe('dd/mm/yyyy');
      }
      expect(cell('quantity').value).toBe(r.quantity === null ? null : Number(r.quantity));
      expect(cell('installments').value).toBe(r.installments);
      expect(cell('active').value).toBe(r.active === null ? null : r.active ? 'Sim' : 'Não');
    });

    // And our own reader turns every cell back into the domain value.
    const back = await collect((await openSpreadsheet(path, { columns })).rows);
    expect(back).toEqual(records.map((r, i) => ({ ok: true, rowNumber: i + 2, values: expectedValues(r) })));
  });

  it('refuses values of the wrong type and fails the destination', async () => {
    const out = new PassThrough();
    out.resume();
    await expect(writeWorkbook(columns, [{ name: 'a', document: '1', amount: 12.5 }], out)).rejects.toThrow(/amount.*integer cents/);
    expect(out.destroyed).toBe(true);
    const bad = [{ dueDate: '31/01/2025' }, { quantity: 'abc' }, { installments: 1.5 }, { active: 'Sim' }];
    for (const row of bad) {
      const o = new PassThrough();
      o.resume();
      await expect(writeWorkbook(columns, [{ name: 'a', document: '1', ...row }], o)).rejects.toThrow(TypeError);
    }
  });
});

describe('writeCsv', () => {
  it('round-trips through the reader (pt-BR formats, ; separator, BOM, formula-looking text neutralized)', async () => {
    const records = [
      ...fc.sample(record, { numRuns: 200, seed: 7 }),
      {
        name: '=HYPERLINK("http://x")',
        document: '00000000191',
        amount: 1,
        dueDate: '2024-02-29',
        quantity: '-0.5',
        installments: 0,
        active: false,
      },
      {
        name: 'Linha 1\nLinha 2; "aspas"',
        document: '12345678909',
        amount: null,
        dueDate: null,
        quantity: null,
        installments: null,
        active: null,
      },
    ];
    const bytes = await toBuffer((out) => writeCsv(columns, records, out));
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = bytes.toString('utf8');
    expect(text).toContain(`'=HYPERLINK(""http://x"")`);
    expect(text).toContain(';29/02/2024;-0,5;0;Não\r\n');
    const back = await collect((await openSpreadsheet(Readable.from([bytes]), { columns })).rows);
    expect(back.map((r) => r.values)).toEqual(records.map(expectedValues));
    expect(back.every((r) => r.ok)).toBe(true);
  });

  it('waits for a slow destination (backpressure)', async () => {
    let maxBuffered = 0;
    const out = new Writable({
      highWaterMark: 1024,
      write(_chunk, _enc, cb) {
        setImmediate(cb);
      },
    });
    const rows = Array.from({ length: 2000 }, (_, i) => ({ name: `Cliente ${i}`, document: String(i), amount: i }));
    const watch = setInterval(() => (maxBuffered = Math.max(maxBuffered, out.writableLength)), 0);
    await writeCsv(columns, rows, out);
    clearInterval(watch);
    expect(out.writableFinished).toBe(true);
    expect(maxBuffered).toBeLessThan(4096);
  });
});

describe('writeTemplate', () => {
  it('writes the header, typed example row, text-formatted columns and an instructions sheet', async () => {
    const path = join(dir, 'modelo.xlsx');
    await writeTemplate(columns, createWriteStream(path), { sheetName: 'Clientes' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(createReadStream(path));
    const ws = wb.getWorksheet('Clientes')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(columns.map((_, i) => ws.getRow(1).getCell(i + 1).value)).toEqual(columns.map((c) => c.header));
    expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.getColumn(2).numFmt).toBe('@'); // CPF typed by the clerk stays text, keeping its leading zero
    const example = ws.getRow(2);
    expect(example.getCell(2).value).toBe('01234567890');
    expect(example.getCell(3).value).toBe(1234.56);
    expect(example.getCell(3).numFmt).toBe('"R$" #,##0.00');
    expect((example.getCell(4).value as Date).toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(example.getCell(7).value).toBe('Sim');

    const help = wb.getWorksheet('Instruções')!;
    expect(help.getRow(1).values).toEqual([undefined, 'Coluna', 'Obrigatória', 'Formato', 'Exemplo', 'Observações']);
    expect(help.getRow(2).values).toEqual([
      undefined,
      'Nome',
      'Sim',
      'Texto (até 60 caracteres)',
      'Maria da Silva',
      'Nome completo ou razão social',
    ]);
    expect(help.getRow(4).getCell(3).value).toBe('Valor em reais, ex.: 1.234,56 (até 2 casas decimais)');

    // The template, uploaded as is, is accepted: its example row is a valid row.
    const rows = await collect((await openSpreadsheet(path, { columns })).rows);
    expect(rows).toEqual([
      {
        ok: true,
        rowNumber: 2,
        values: {
          name: 'Maria da Silva',
          document: '01234567890',
          amount: '123456',
          dueDate: '2025-01-31',
          quantity: '12.5',
          installments: '3',
          active: 'true',
        },
      },
    ]);
  });

  it('uses the given example rows', async () => {
    const bytes = await toBuffer((out) =>
      writeTemplate(columns, out, {
        exampleRows: [
          { name: 'A', document: '1' },
          { name: 'B', document: '2', amount: 'não sei' },
        ],
      }),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.read(Readable.from([bytes]));
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).getCell(1).value).toBe('A');
    expect(ws.getRow(3).getCell(3).value).toBe('não sei'); // not convertible: kept as typed
    expect(ws.rowCount).toBe(3);
  });
});
