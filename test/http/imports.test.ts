import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d, br, y } from '../support/app.ts';
import { makeContract, makeCustomer, makeService } from '../support/usage-fixtures.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { writeWorkbook, type ColumnSpec } from '../../src/platform/spreadsheet/index.ts';
import { CONSUMPTION_COLUMNS, CUSTOMER_COLUMNS } from '../../src/imports/columns.ts';
import { estimateDataRows } from '../../src/imports/row-estimate.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let ctx: TestContext;
let t: TestTenant;
let contract: { id: string; number: number; itemIds: string[] };
let twoItems: { id: string; number: number; itemIds: string[] };

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  const customerId = await makeCustomer(ctx.db, t.id, { document: '11222333000181' });
  const energy = await makeService(ctx.db, t.id, 'ENERGIA');
  const water = await makeService(ctx.db, t.id, 'AGUA');
  contract = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }], externalCode: 'CT-1' });
  twoItems = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }, { serviceId: water.id }] });
});
afterAll(() => ctx.close());

async function xlsx(
  columns: ColumnSpec[],
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  await writeWorkbook(columns, rows, out);
  await done;
  return Buffer.concat(chunks);
}

/** A sheet with the given header texts and raw cell values, like a clerk's file. */
async function rawXlsx(header: string[], rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Planilha1');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(body: Buffer, query: string, contentType = XLSX) {
  return ctx.app.inject({
    method: 'POST',
    url: `/v1/imports?${query}`,
    payload: body,
    headers: { authorization: `Bearer ${t.live}`, 'content-type': contentType },
  });
}

async function runJobs() {
  const failures: unknown[] = [];
  await runJobsUntilIdle(ctx.db, { clock: ctx.clock, onError: (err) => failures.push(err) });
  expect(failures).toEqual([]);
}

async function importFile(body: Buffer, query: string, contentType = XLSX) {
  const res = await upload(body, query, contentType);
  expect(res.statusCode, res.body).toBe(202);
  await runJobs();
  const got = await ctx.call(t.live, 'GET', `/v1/imports/${res.json().id}`);
  return got.json();
}

const usageCount = async () =>
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM usage_records WHERE tenant_id = $1', [t.id])).rows[0].n;

// Row 2 and 5 are good, 3 has a bad quantity and an unknown contract, 4 has an ambiguous contract.
const mixed = (prefix: string): [string[], ...unknown[][]] => [
  ['Contrato', 'Código do serviço', 'Quantidade', 'Data de referência', 'Descrição', 'ID externo'],
  [String(contract.number), '', '1.234,5', br('05/11/2026'), 'Leitura', `${prefix}-1`],
  ['999999', '', 'abc', br('05/11/2026'), '', `${prefix}-2`],
  [String(twoItems.number), '', '3', br('06/11/2026'), '', `${prefix}-3`],
  ['CT-1', '', 2.25, new Date(Date.UTC(y(2026), 10, 7)), 'Via código externo', `${prefix}-4`],
];

describe('templates', () => {
  it('serves XLSX templates with the Portuguese headers and an instructions sheet', async () => {
    for (const [file, columns] of [
      ['consumption.xlsx', CONSUMPTION_COLUMNS],
      ['customers.xlsx', CUSTOMER_COLUMNS],
    ] as const) {
      const res = await ctx.call(t.live, 'GET', `/v1/imports/templates/${file}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const header = (wb.worksheets[0].getRow(1).values as unknown[]).slice(1);
      expect(header).toEqual(columns.map((c) => c.header));
      expect(wb.getWorksheet('Instruções')).toBeTruthy();
    }
  });
});

describe('consumption import', () => {
  it('all_or_nothing: stores nothing when a row is bad, and reports every bad row with its column', async () => {
    const [header, ...rows] = mixed('aon');
    const before = await usageCount();
    const imp = await importFile(await rawXlsx(header, rows), 'entity=consumption&mode=all_or_nothing&filename=consumos.xlsx');
    expect(imp).toMatchObject({
      status: 'failed',
      failure: { code: 'invalid_rows' },
      counts: { valid_rows: 2, invalid_rows: 2, created: 2 },
      progress: { processed: 4, total: 4 },
    });
    expect(await usageCount()).toBe(before);
    expect(imp.first_errors).toEqual([
      { row: 3, column: 'Quantidade', message: expect.stringContaining('Número inválido'), value: 'abc' },
      { row: 4, column: 'Código do serviço', message: expect.stringContaining('contract items match'), value: null },
    ]);
  });

  it('valid_rows: stores the good rows, reports the bad ones; a re-import does not count them twice', async () => {
    const [header, ...rows] = mixed('vr');
    const file = await rawXlsx(header, rows);
    const before = await usageCount();
    const imp = await importFile(file, 'entity=consumption&mode=valid_rows');
    expect(imp).toMatchObject({
      status: 'completed',
      failure: null,
      counts: { valid_rows: 2, invalid_rows: 2, created: 2, errors: 2 },
      progress: { processed: 4, total: 4, percent: 100 },
    });
    expect(await usageCount()).toBe(before + 2);
    const stored = await ctx.call(t.live, 'GET', `/v1/consumption?external_id=vr-1`);
    expect(stored.json().data[0]).toMatchObject({
      contract_id: contract.id,
      quantity: '1234.5',
      reference_date: d('2026-11-05'),
      description: 'Leitura',
    });
    const again = await importFile(file, 'entity=consumption&mode=valid_rows');
    expect(again.counts).toMatchObject({ created: 0, unchanged: 2, invalid_rows: 2 });
    expect(await usageCount()).toBe(before + 2);
    // "Alterar Consumo via lote": the same ID externo with another quantity updates the record.
    const changed = await importFile(
      await rawXlsx(header, [[String(contract.number), '', '10', br('05/11/2026'), 'Leitura corrigida', 'vr-1']]),
      'entity=consumption&mode=valid_rows',
    );
    expect(changed.counts).toMatchObject({ updated: 1, created: 0 });
    expect((await ctx.call(t.live, 'GET', `/v1/consumption?external_id=vr-1`)).json().data[0]).toMatchObject({
      quantity: '10',
      description: 'Leitura corrigida',
    });
  });

  it('dry run: validates and counts, writes nothing', async () => {
    const [header, ...rows] = mixed('dry');
    const before = await usageCount();
    const imp = await importFile(await rawXlsx(header, rows), 'entity=consumption&mode=valid_rows&dry_run=true');
    expect(imp).toMatchObject({ status: 'completed', dry_run: true, counts: { valid_rows: 2, invalid_rows: 2, created: 2 } });
    expect(await usageCount()).toBe(before);
    const errors = await ctx.call(t.live, 'GET', `/v1/imports/${imp.id}/errors?page_size=1`);
    expect(errors.json()).toMatchObject({ total: 2, has_more: true, data: [{ row: 3, column: 'Quantidade' }] });
    const page2 = await ctx.call(t.live, 'GET', `/v1/imports/${imp.id}/errors?page_size=1&page=2`);
    expect(page2.json()).toMatchObject({ has_more: false, data: [{ row: 4 }] });
    const xlsxErrors = await ctx.call(t.live, 'GET', `/v1/imports/${imp.id}/errors.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsxErrors.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['Linha', 'Coluna', 'Mensagem', 'Valor']);
    expect((ws.getRow(2).values as unknown[]).slice(1, 3)).toEqual([3, 'Quantidade']);
  });

  it('reads CSV (semicolons, pt-BR numbers) the same way', async () => {
    const csv = `Contrato;Quantidade;Data de referência;ID externo\r\n${contract.number};1,5;${br('01/12/2026')};csv-1\r\n${contract.number};-2;${br('01/12/2026')};csv-2\r\n`;
    const imp = await importFile(Buffer.from(csv, 'utf8'), 'entity=consumption&mode=valid_rows', 'text/csv');
    expect(imp).toMatchObject({ status: 'completed', format: 'csv', counts: { created: 1, invalid_rows: 1 } });
    expect(imp.first_errors[0]).toMatchObject({ row: 3, column: 'Quantidade', message: 'must not be negative', value: '-2' });
  });

  it('refuses a wrong header, an empty file and a file that is not a spreadsheet', async () => {
    const wrong = await importFile(
      await rawXlsx(['Contrato', 'Qtd', 'Data de referência'], [['1', '2', br('01/01/2026')]]),
      'entity=consumption',
    );
    expect(wrong).toMatchObject({ status: 'failed', failure: { code: 'invalid_header' } });
    expect(wrong.failure.details).toEqual(
      expect.arrayContaining([
        { field: 'Qtd', issue: 'Coluna desconhecida' },
        { field: 'Quantidade', issue: 'Coluna obrigatória ausente' },
      ]),
    );
    const empty = await upload(Buffer.alloc(0), 'entity=consumption');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('empty_file');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const renamed = await upload(png, 'entity=consumption&filename=consumos.xlsx');
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().error).toMatchObject({ code: 'invalid_file', message: 'O arquivo não é uma planilha XLSX válida' });
    const headerOnly = await importFile(await rawXlsx(['Quantidade', 'Data de referência', 'Contrato'], []), 'entity=consumption');
    expect(headerOnly).toMatchObject({ status: 'completed', counts: { created: 0, valid_rows: 0 }, progress: { processed: 0 } });
    const json = await ctx.call(t.live, 'POST', '/v1/imports?entity=consumption', { a: 1 });
    expect(json.statusCode).toBe(415);
  });
});

describe('customers import', () => {
  it('creates new customers, updates existing ones by CPF/CNPJ or code, and reports bad rows', async () => {
    const existing = await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: 'Cliente Antigo',
      document: cpfFrom(7),
      emails: [{ email: 'antigo@example.com' }],
    });
    expect(existing.statusCode).toBe(201);
    const header = CUSTOMER_COLUMNS.map((c) => c.header);
    const row = (o: Record<string, unknown>) => CUSTOMER_COLUMNS.map((c) => o[c.key] ?? null);
    const file = await rawXlsx(header, [
      row({
        person_type: 'PJ',
        name: 'Empresa Nova Ltda',
        document: '58.009.342/0001-52',
        email: 'fin@nova.com.br',
        postal_code: '95720-000',
        street: 'Rua A',
        street_number: '1',
        city: 'Garibaldi',
        state: 'RS',
        external_code: 'N-1',
      }),
      row({ person_type: 'PF', name: 'Cliente Antigo Renomeado', document: cpfFrom(7), phone: '(54) 99999-0000' }),
      row({ person_type: 'PF', name: 'CPF Ruim', document: '123.456.789-00' }),
      row({ person_type: 'XX', name: 'Tipo ruim' }),
      row({ person_type: 'PJ', name: 'Sem UF', postal_code: '95720-000', city: 'Garibaldi' }),
    ]);
    const imp = await importFile(file, 'entity=customers&mode=valid_rows');
    expect(imp, JSON.stringify(imp.error)).toMatchObject({
      status: 'completed',
      counts: { created: 1, updated: 1, invalid_rows: 3, valid_rows: 2 },
    });
    expect(imp.first_errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [4, 'CPF/CNPJ'],
      [5, 'Tipo (PF/PJ)'],
      [6, 'UF'],
    ]);
    const updated = (await ctx.call(t.live, 'GET', `/v1/customers/${existing.json().id}`)).json();
    expect(updated).toMatchObject({
      name: 'Cliente Antigo Renomeado',
      primary_email: 'antigo@example.com',
      phones: [{ number: '+5554999990000' }],
    });
    const created = (await ctx.call(t.live, 'GET', '/v1/customers?external_code=N-1')).json().data[0];
    expect(created).toMatchObject({
      person_type: 'PJ',
      document: '58009342000152',
      primary_email: 'fin@nova.com.br',
      addresses: [{ city: 'Garibaldi', state: 'RS' }],
    });
    const events = await ctx.db.query<{ type: string }>(`SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`, [
      t.id,
      existing.json().id,
    ]);
    expect(events.rows.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
  });
});

describe('exports', () => {
  it('exports customers with the list filters and opens back with the same data', async () => {
    const res = await ctx.call(t.live, 'GET', '/v1/customers/export.xlsx?person_type=PJ');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(CUSTOMER_COLUMNS.map((c) => c.header));
    const listed = (await ctx.call(t.live, 'GET', '/v1/customers?person_type=PJ&page_size=100')).json().data;
    expect(ws.rowCount - 1).toBe(listed.length);
    const col = (key: string) => CUSTOMER_COLUMNS.findIndex((c) => c.key === key) + 1;
    const byNumber = new Map(listed.map((c: { number: number }) => [c.number, c]));
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const c = byNumber.get(row.getCell(col('number')).value as number) as {
        name: string;
        document_formatted: string | null;
        person_type: string;
      };
      expect(c).toBeTruthy();
      expect(row.getCell(col('name')).value).toBe(c.name);
      expect(row.getCell(col('person_type')).value).toBe('PJ');
      expect(row.getCell(col('document')).value ?? null).toBe(c.document_formatted);
    }
    // The export is an import file: uploading it back updates the same customers, creates none.
    const back = await importFile(res.rawPayload, 'entity=customers&mode=all_or_nothing');
    expect(back).toMatchObject({ status: 'completed', counts: { created: 0, updated: listed.length, invalid_rows: 0 } });
  });

  it('exports consumption with the list filters and opens back with the same data', async () => {
    for (const [quantity, reference_date] of [
      ['0.000001', d('2026-12-20')],
      ['123456.75', d('2026-12-21')],
    ]) {
      expect((await ctx.call(t.live, 'POST', '/v1/consumption', { contract_id: contract.id, quantity, reference_date })).statusCode).toBe(
        201,
      );
    }
    const listed = (await ctx.call(t.live, 'GET', `/v1/consumption?contract_id=${contract.id}&page_size=100`)).json().data;
    expect(listed.length).toBeGreaterThan(1);
    const res = await ctx.call(t.live, 'GET', `/v1/consumption/export.xlsx?contract_id=${contract.id}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const v = row.values as unknown[];
      rows.push({
        contract: v[1],
        quantity: v[4],
        reference_date: (v[5] as Date).toISOString().slice(0, 10),
        external_id: v[7] ?? null,
        id: v[9],
      });
    });
    expect(rows.map((r) => r.id).sort()).toEqual(listed.map((r: { id: string }) => r.id).sort());
    for (const r of rows) {
      const api = listed.find((x: { id: string }) => x.id === r.id);
      expect(r).toMatchObject({ contract: String(contract.number), quantity: Number(api.quantity), reference_date: api.reference_date });
    }
  });
});

describe('100,000 rows', () => {
  it('imports a 100k-row consumption XLSX streamed by the job, with progress totals estimated up front', async () => {
    const N = 100_000;
    const file = await xlsx(
      CONSUMPTION_COLUMNS,
      (function* () {
        for (let i = 0; i < N; i++)
          yield {
            contract: String(contract.number),
            quantity: `${i % 1000}.5`,
            reference_date: d(`2027-0${(i % 9) + 1}-15`),
            external_id: `big-${i}`,
          };
      })(),
    );
    expect(estimateDataRows(file, 'xlsx')).toBe(N);
    const before = await usageCount();
    const res = await upload(file, 'entity=consumption&mode=valid_rows');
    expect(res.json().progress).toMatchObject({ processed: 0, total: N });
    await runJobs();
    const imp = (await ctx.call(t.live, 'GET', `/v1/imports/${res.json().id}`)).json();
    expect(imp).toMatchObject({ status: 'completed', counts: { created: N, invalid_rows: 0 }, progress: { processed: N, total: N } });
    expect(await usageCount()).toBe(before + N);
  });
});

describe('import list', () => {
  it("lists the imports newest first, filtered by entity, and only the tenant's own", async () => {
    const all = (await ctx.call(t.live, 'GET', '/v1/imports?page_size=100')).json();
    expect(all.total).toBeGreaterThan(1);
    const dates = all.data.map((i: { created_at: string }) => i.created_at);
    expect([...dates].sort().reverse()).toEqual(dates);
    const customers = (await ctx.call(t.live, 'GET', '/v1/imports?entity=customers&page_size=100')).json();
    expect(customers.data.every((i: { entity: string }) => i.entity === 'customers')).toBe(true);
    const other = await ctx.newTenant();
    expect((await ctx.call(other.live, 'GET', '/v1/imports')).json().total).toBe(0);
    expect((await ctx.call(t.live, 'GET', '/v1/imports?status=bogus')).statusCode).toBe(400);
  });
});
