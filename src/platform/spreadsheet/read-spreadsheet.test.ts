import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openSpreadsheet, readSpreadsheet } from './read-spreadsheet.ts';
import { writeWorkbook } from './write-workbook.ts';
import type { ColumnSpec, RowResult } from './types.ts';
import { waitFor } from '../../../test/support/wait.ts';

const customerColumns: ColumnSpec[] = [
  { key: 'name', header: 'Nome', type: 'string', required: true, maxLength: 20 },
  { key: 'document', header: 'CPF/CNPJ', aliases: ['Documento'], type: 'string', required: true },
  { key: 'amount', header: 'Valor', type: 'money' },
  { key: 'referenceDate', header: 'Data de referência', type: 'date' },
  { key: 'quantity', header: 'Quantidade', type: 'decimal' },
  { key: 'units', header: 'Unidades', type: 'integer' },
  { key: 'active', header: 'Ativo', type: 'boolean' },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobre-sheet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function xlsxFile(name: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(dir, name);
  await writeFile(path, Buffer.from(await wb.xlsx.writeBuffer()));
  return path;
}

async function collect(rows: AsyncIterable<RowResult>): Promise<RowResult[]> {
  const all: RowResult[] = [];
  for await (const r of rows) all.push(r);
  return all;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('reading an XLSX', () => {
  it('converts good rows and reports each bad cell with its row number and header', async () => {
    const path = await xlsxFile('mixed.xlsx', (wb) => {
      const ws = wb.addWorksheet('Clientes');
      ws.addRow(['nome', 'Documento', 'VALOR', 'Data de Referencia', 'Quantidade', 'Unidades', 'Ativo']);
      ws.addRow(['Ana', '01234567890', 1234.56, new Date(Date.UTC(2025, 0, 31)), 0.1 + 0.2, 3, true]); // row 2
      ws.addRow(['Bruno', { richText: [{ text: '123.456.789-' }, { text: '09' }] }, 'R$ 10,50', '05/02/2025', '1.234,5', '1.500', 'Não']); // row 3
      ws.addRow([]); // row 4: empty, skipped
      ws.addRow(['Carla', '', 'dez', '31/02/2025', { error: '#N/A' }, 1.5, 'talvez']); // row 5
      ws.addRow(['Daniel', '98765432100', { formula: 'B1*2', result: 0.1 * 3 }, 45658, null, null, 'S']); // row 6
      ws.getCell('D2').numFmt = 'dd/mm/yyyy';
      ws.getCell('D6').numFmt = 'General';
    });
    const opened = await openSpreadsheet(path, { columns: customerColumns });
    expect(opened.header).toMatchObject({
      format: 'xlsx',
      rowNumber: 1,
      columns: ['nome', 'Documento', 'VALOR', 'Data de Referencia', 'Quantidade', 'Unidades', 'Ativo'],
    });
    const rows = await collect(opened.rows);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 3, 5, 6]);
    expect(rows[0]).toEqual({
      ok: true,
      rowNumber: 2,
      values: {
        name: 'Ana',
        document: '01234567890',
        amount: '123456',
        referenceDate: '2025-01-31',
        quantity: '0.3',
        units: '3',
        active: 'true',
      },
    });
    expect(rows[1]).toEqual({
      ok: true,
      rowNumber: 3,
      values: {
        name: 'Bruno',
        document: '123.456.789-09',
        amount: '1050',
        referenceDate: '2025-02-05',
        quantity: '1234.5',
        units: '1500',
        active: 'false',
      },
    });
    expect(rows[2]).toEqual({
      ok: false,
      rowNumber: 5,
      values: { name: 'Carla', document: null, amount: null, referenceDate: null, quantity: null, units: null, active: null },
      errors: [
        { rowNumber: 5, column: 'Documento', message: 'Campo obrigatório', value: '' },
        { rowNumber: 5, column: 'VALOR', message: 'Valor inválido: use o formato 1.234,56', value: 'dez' },
        { rowNumber: 5, column: 'Data de Referencia', message: 'Data inexistente (confira dia, mês e ano)', value: '31/02/2025' },
        { rowNumber: 5, column: 'Quantidade', message: 'Célula com erro do Excel (#N/A)', value: '#N/A' },
        { rowNumber: 5, column: 'Unidades', message: 'Deve ser um número inteiro, sem casas decimais', value: '1.5' },
        { rowNumber: 5, column: 'Ativo', message: 'Valor inválido: use Sim ou Não', value: 'talvez' },
      ],
    });
    expect(rows[3]).toEqual({
      ok: true,
      rowNumber: 6,
      values: {
        name: 'Daniel',
        document: '98765432100',
        amount: '30',
        referenceDate: '2025-01-01',
        quantity: null,
        units: null,
        active: 'true',
      },
    });
  });

  it('reads Excel date cells with built-in and custom date formats, and float-noise numbers as typed', async () => {
    const cols: ColumnSpec[] = [
      { key: 'd', header: 'Data', type: 'date', required: true },
      { key: 'q', header: 'Quantidade', type: 'decimal', required: true },
      { key: 'm', header: 'Valor', type: 'money', required: true },
    ];
    const samples = [
      [new Date(Date.UTC(2024, 1, 29)), 'mm-dd-yy', 0.1 + 0.2, 1.1 * 3, '0.3', '330', '2024-02-29'], // 'mm-dd-yy' is built-in id 14
      [new Date(Date.UTC(1999, 11, 31, 18, 0)), 'dd/mm/yyyy hh:mm', 1 - 0.9, 0.29 * 100, '0.1', '2900', '1999-12-31'],
      [new Date(Date.UTC(2025, 6, 4)), 'd/m/yyyy', 123456.789, 1234.5, '123456.789', '123450', '2025-07-04'],
    ] as const;
    const path = await xlsxFile('dates.xlsx', (wb) => {
      const ws = wb.addWorksheet('Consumo');
      ws.addRow(['Data', 'Quantidade', 'Valor']);
      for (const [date, fmt, q, m] of samples) {
        const row = ws.addRow([date, q, m]);
        row.getCell(1).numFmt = fmt;
      }
    });
    const rows = await collect((await openSpreadsheet(path, { columns: cols })).rows);
    expect(rows).toEqual(samples.map(([, , , , q, m, d], i) => ({ ok: true, rowNumber: i + 2, values: { d, q, m } })));
  });

  it('accepts a header-only file (no rows) but refuses a file without header as empty', async () => {
    const headerOnly = await xlsxFile('header-only.xlsx', (wb) => wb.addWorksheet('Dados').addRow(['Nome', 'CPF/CNPJ']));
    const opened = await openSpreadsheet(headerOnly, { columns: customerColumns });
    expect(opened.header.columns).toEqual(['Nome', 'CPF/CNPJ']);
    expect(await collect(opened.rows)).toEqual([]);

    const blank = await xlsxFile('blank.xlsx', (wb) => wb.addWorksheet('Dados'));
    expect(await rejection(openSpreadsheet(blank, { columns: customerColumns }))).toMatchObject({ code: 'empty_file' });
  });

  it('finds the header below empty rows and keeps sheet row numbers', async () => {
    const path = await xlsxFile('offset.xlsx', (wb) => {
      const ws = wb.addWorksheet('Dados');
      ws.getCell('A3').value = 'Nome';
      ws.getCell('B3').value = 'CPF/CNPJ';
      ws.getCell('A5').value = 'Ana';
      ws.getCell('B5').value = '1';
    });
    const opened = await openSpreadsheet(path, { columns: customerColumns });
    expect(opened.header.rowNumber).toBe(3);
    expect((await collect(opened.rows)).map((r) => r.rowNumber)).toEqual([5]);
  });

  it('refuses a wrong header before reading any row, listing every problem', async () => {
    const path = await xlsxFile('bad-header.xlsx', (wb) => {
      const ws = wb.addWorksheet('Dados');
      ws.addRow(['Nome', 'Telefone', 'Valor']);
      ws.addRow(['Ana', '11 9999-9999', '10,00']);
    });
    const err = await rejection(openSpreadsheet(path, { columns: customerColumns }));
    expect(err).toMatchObject({
      code: 'invalid_header',
      message: 'Cabeçalho inválido',
      details: [
        { field: 'Telefone', issue: 'Coluna desconhecida' },
        { field: 'CPF/CNPJ', issue: 'Coluna obrigatória ausente' },
      ],
    });
  });

  it('picks a sheet by name or position', async () => {
    const path = await xlsxFile('two-sheets.xlsx', (wb) => {
      wb.addWorksheet('Leia-me').addRow(['Instruções']);
      const ws = wb.addWorksheet('Clientes Março');
      ws.addRow(['Nome', 'CPF/CNPJ']);
      ws.addRow(['Ana', '1']);
    });
    for (const sheet of ['clientes marco', 2]) {
      const rows = await collect((await openSpreadsheet(path, { columns: customerColumns, sheet })).rows);
      expect(rows).toHaveLength(1);
    }
    expect(await rejection(openSpreadsheet(path, { columns: customerColumns, sheet: 'Outra' }))).toMatchObject({ code: 'sheet_not_found' });
    expect(await rejection(openSpreadsheet(path, { columns: customerColumns }))).toMatchObject({ code: 'invalid_header' });
  });
});

describe('refusing files that are not spreadsheets', () => {
  it('0-byte file → empty_file, from a path or a stream', async () => {
    const path = join(dir, 'vazio.xlsx');
    await writeFile(path, Buffer.alloc(0));
    expect(await rejection(openSpreadsheet(path, { columns: customerColumns }))).toMatchObject({
      code: 'empty_file',
      message: 'O arquivo está vazio',
    });
    expect(await rejection(openSpreadsheet(Readable.from([]), { columns: customerColumns }))).toMatchObject({ code: 'empty_file' });
    const whitespace = Readable.from([Buffer.from('\r\n;;\r\n')]);
    expect(await rejection(openSpreadsheet(whitespace, { columns: customerColumns }))).toMatchObject({ code: 'empty_file' });
  });

  it('a PNG or a text file renamed .xlsx → invalid_file', async () => {
    const png = join(dir, 'foto.xlsx');
    await writeFile(png, Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(200, 7)]));
    const text = join(dir, 'texto.xlsx');
    await writeFile(text, 'Nome;CPF/CNPJ\nAna;1\n');
    for (const path of [png, text]) {
      expect(await rejection(openSpreadsheet(path, { columns: customerColumns }))).toMatchObject({
        code: 'invalid_file',
        message: 'O arquivo não é uma planilha XLSX válida',
      });
    }
    // Same bytes arriving as an upload stream, with the file name passed along.
    const upload = Readable.from([Buffer.from('Nome;CPF/CNPJ\n')]);
    expect(await rejection(openSpreadsheet(upload, { columns: customerColumns, filename: 'clientes.xlsx' }))).toMatchObject({
      code: 'invalid_file',
    });
  });

  it('a truncated XLSX → invalid_file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Dados');
    ws.addRow(['Nome', 'CPF/CNPJ']);
    for (let i = 0; i < 200; i++) ws.addRow([`Cliente ${i}`, String(i)]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const err = await rejection(
      (async () => {
        const opened = await openSpreadsheet(Readable.from([bytes.subarray(0, Math.floor(bytes.length / 2))]), {
          columns: customerColumns,
        });
        await collect(opened.rows);
      })(),
    );
    expect(err).toMatchObject({ code: 'invalid_file' });
  });

  it('an expected format that does not match the content → invalid_file', async () => {
    const csv = Readable.from([Buffer.from('Nome;CPF/CNPJ\nAna;1\n')]);
    expect(await rejection(openSpreadsheet(csv, { columns: customerColumns, format: 'xlsx' }))).toMatchObject({ code: 'invalid_file' });
  });
});

describe('reading a CSV', () => {
  const cols: ColumnSpec[] = [
    { key: 'name', header: 'Nome', type: 'string', required: true },
    { key: 'city', header: 'Município', type: 'string' },
    { key: 'amount', header: 'Valor', type: 'money' },
    { key: 'date', header: 'Vencimento', type: 'date' },
  ];
  const expected = [
    { ok: true, rowNumber: 2, values: { name: 'João; o "Jota"', city: 'São Paulo', amount: '123456', date: '2025-01-31' } },
    { ok: true, rowNumber: 4, values: { name: 'Açaí\nLtda', city: 'Belém', amount: '-500', date: '2025-12-01' } },
  ];

  it.each([
    [
      'semicolon, UTF-8 with BOM, CRLF',
      '\ufeffNome;Município;Valor;Vencimento\r\n"João; o ""Jota""";São Paulo;1.234,56;31/01/2025\r\n;;;\r\n"Açaí\nLtda";Belém;-5,00;2025-12-01\r\n',
      'utf8',
    ],
    [
      'comma, UTF-8 without BOM',
      'Nome,Município,Valor,Vencimento\n"João; o ""Jota""",São Paulo,"1.234,56",31/01/2025\n\n"Açaí\nLtda",Belém,"-5,00",2025-12-01\n',
      'utf8',
    ],
    [
      'semicolon, Windows-1252 (latin1) accents',
      'NOME;municipio;VALOR;vencimento\r\n"João; o ""Jota""";São Paulo;R$ 1.234,56;31/01/2025\r\n\r\n"Açaí\nLtda";Belém;-R$ 5,00;01/12/2025\r\n',
      'latin1',
    ],
    [
      'tab, UTF-16LE with BOM',
      '\ufeffNome\tMunicípio\tValor\tVencimento\r\n"João; o ""Jota"""\tSão Paulo\t1234,56\t31/01/2025\r\n\t\t\t\r\n"Açaí\nLtda"\tBelém\t-5\t1/12/2025\r\n',
      'utf16le',
    ],
  ] as const)('%s', async (_name, text, encoding) => {
    // Split into small chunks so that multi-byte characters straddle chunk boundaries.
    const bytes = Buffer.from(text, encoding);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const opened = await openSpreadsheet(Readable.from(chunks), { columns: cols, filename: 'clientes.csv' });
    expect(opened.header.format).toBe('csv');
    expect(await collect(opened.rows)).toEqual(expected);
  });

  it("honours Excel's 'sep=' first line, which Excel hides (the header stays row 1)", async () => {
    const csv = 'sep=,\r\nNome,Valor\r\n"Ana",10\r\n';
    const opened = await openSpreadsheet(Readable.from([Buffer.from(csv)]), { columns: cols });
    expect(opened.header.rowNumber).toBe(1);
    expect(await collect(opened.rows)).toEqual([
      { ok: true, rowNumber: 2, values: { name: 'Ana', city: null, amount: '1000', date: null } },
    ]);
  });

  it('reports bad cells of a CSV with row and header', async () => {
    const csv = 'Nome;Valor\nAna;10\n;abc\n';
    const rows = await collect((await openSpreadsheet(Readable.from([Buffer.from(csv)]), { columns: cols })).rows);
    expect(rows[1]).toMatchObject({
      ok: false,
      rowNumber: 3,
      errors: [
        { rowNumber: 3, column: 'Nome', message: 'Campo obrigatório' },
        { rowNumber: 3, column: 'Valor', message: 'Valor inválido: use o formato 1.234,56' },
      ],
    });
  });

  it('a malformed quote → invalid_file', async () => {
    const csv = 'Nome;Valor\n"Ana;10\nBia";"5"x\n';
    const err = await rejection(
      (async () => collect((await openSpreadsheet(Readable.from([Buffer.from(csv)]), { columns: cols })).rows))(),
    );
    expect(err).toMatchObject({ code: 'invalid_file' });
  });
});

describe('stream handling', () => {
  it('readSpreadsheet: header promise and rows; header errors surface from the rows too', async () => {
    const good = readSpreadsheet(Readable.from([Buffer.from('Nome;CPF/CNPJ\nAna;1\n')]), { columns: customerColumns });
    expect((await good.header).columns).toEqual(['Nome', 'CPF/CNPJ']);
    expect((await collect(good.rows)).map((r) => r.ok)).toEqual([true]);

    const bad = readSpreadsheet(Readable.from([Buffer.from('Telefone\n1\n')]), { columns: customerColumns });
    expect(await rejection(collect(bad.rows))).toMatchObject({ code: 'invalid_header' });
    // `bad.header` is left unawaited on purpose: it must not raise an unhandled rejection.
  });

  it('maxRows stops a file that is too long', async () => {
    const csv = 'Nome;CPF/CNPJ\n' + 'Ana;1\n'.repeat(5);
    const opened = await openSpreadsheet(Readable.from([Buffer.from(csv)]), { columns: customerColumns, maxRows: 4 });
    expect(await rejection(collect(opened.rows))).toMatchObject({ code: 'too_many_rows' });
  });

  it('breaking out of the rows releases the input stream; rows are single-use', async () => {
    const input = Readable.from(
      (function* () {
        yield Buffer.from('Nome;CPF/CNPJ\n');
        for (let i = 0; i < 10_000; i++) yield Buffer.from(`Cliente ${i};${i}\n`);
      })(),
      { objectMode: false },
    );
    const opened = await openSpreadsheet(input, { columns: customerColumns });
    for await (const row of opened.rows) {
      expect(row.rowNumber).toBe(2);
      break;
    }
    expect(input.destroyed).toBe(true);
    expect(() => opened.rows[Symbol.asyncIterator]()).toThrow(/once/);
  });

  it('close() releases the input when the rows are not wanted', async () => {
    const input = Readable.from([Buffer.from('Nome;CPF/CNPJ\n'), Buffer.from('Ana;1\n')], { objectMode: false });
    const opened = await openSpreadsheet(input, { columns: customerColumns });
    await opened.close();
    expect(input.destroyed).toBe(true);
  });

  it('leaves no temporary files behind, whether the rows are read, abandoned or never read', async () => {
    // exceljs spools a worksheet that precedes the shared strings (or has none) to a 'tmp-<pid>-*' file.
    const path = join(dir, 'spooled.xlsx');
    const out = createWriteStream(path);
    await writeWorkbook(
      customerColumns,
      Array.from({ length: 3000 }, (_, i) => ({ name: `C${i}`, document: String(i) })),
      out,
    );
    // Baseline: a truncated XLSX (test above) can leave one behind — exceljs loses track of it on that
    // error path; tmp's exit handler removes it (documented in docs/spreadsheets.md).
    const before = new Set((await readdir(tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`)));
    const ours = async () => (await readdir(tmpdir())).filter((f) => f.startsWith(`tmp-${process.pid}-`) && !before.has(f));
    const settled = async () => {
      await waitFor('the temporary files to be removed', async () => (await ours()).length === 0, { everyMs: 20 });
      return ours();
    };

    const full = await openSpreadsheet(path, { columns: customerColumns });
    expect(await ours()).toHaveLength(1);
    expect(await collect(full.rows)).toHaveLength(3000);
    expect(await settled()).toEqual([]);

    const abandoned = await openSpreadsheet(path, { columns: customerColumns });
    for await (const _row of abandoned.rows) break;
    expect(await settled()).toEqual([]);

    const unread = await openSpreadsheet(path, { columns: customerColumns });
    await unread.close();
    expect(await settled()).toEqual([]);
  });

  it('a refused file releases its input stream', async () => {
    const input = Readable.from([Buffer.from('Telefone\n'), Buffer.from('1\n')], { objectMode: false });
    await rejection(openSpreadsheet(input, { columns: customerColumns }));
    expect(input.destroyed).toBe(true);
  });
});
