import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSpreadsheet } from './read-spreadsheet.ts';
import { writeWorkbook } from './write-workbook.ts';
import type { ColumnSpec } from './types.ts';

const columns: ColumnSpec[] = [
  { key: 'name', header: 'Nome', type: 'string', required: true },
  { key: 'document', header: 'CPF/CNPJ', type: 'string', required: true },
  { key: 'amount', header: 'Valor', type: 'money' },
  { key: 'referenceDate', header: 'Data de referência', type: 'date' },
  { key: 'consumption', header: 'Consumo (kWh)', type: 'decimal' },
  { key: 'active', header: 'Ativo', type: 'boolean' },
];
const ROWS = 100_000;
const MB = 1024 * 1024;

function* records() {
  for (let i = 0; i < ROWS; i++) {
    yield {
      name: `Cliente número ${i} da Silva Comércio de Alimentos Ltda`,
      document: String(10_000_000_000 + i),
      amount: i * 37,
      referenceDate: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      consumption: `${i}.25`,
      active: i % 2 === 0,
    };
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cobre-big-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The property is memory, not speed: the heap is sampled per 1,000 rows, so the check holds however
// long a loaded machine takes (the test waits for the last row under vitest's hang limit).
describe('100,000 rows', () => {
  it('are written and read back end to end without holding them in memory', async () => {
    const path = join(dir, 'big.xlsx');
    let base = process.memoryUsage().heapUsed;
    let peakWrite = 0;
    let produced = 0;
    function* watched() {
      for (const r of records()) {
        if (++produced % 1000 === 0) peakWrite = Math.max(peakWrite, process.memoryUsage().heapUsed - base);
        yield r;
      }
    }
    await writeWorkbook(columns, watched(), createWriteStream(path));
    expect((await stat(path)).size).toBeGreaterThan(1 * MB);
    expect(peakWrite).toBeLessThan(150 * MB);

    base = process.memoryUsage().heapUsed;
    let peakRead = 0;
    let count = 0;
    let sumCents = 0;
    const opened = await openSpreadsheet(createReadStream(path), { columns, filename: 'consumo.xlsx' });
    for await (const row of opened.rows) {
      if (!row.ok) throw new Error(`unexpected bad row ${JSON.stringify(row)}`);
      count++;
      sumCents += Number(row.values.amount);
      if (count === 1)
        expect(row).toMatchObject({
          rowNumber: 2,
          values: { document: '10000000000', referenceDate: '2025-01-01', consumption: '0.25', active: 'true' },
        });
      if (count % 1000 === 0) peakRead = Math.max(peakRead, process.memoryUsage().heapUsed - base);
    }
    expect(count).toBe(ROWS);
    expect(sumCents).toBe((37 * ROWS * (ROWS - 1)) / 2);
    expect(peakRead).toBeLessThan(150 * MB);
  });
});
