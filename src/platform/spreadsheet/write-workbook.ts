// Streaming XLSX export ("Baixar como Excel").

import type ExcelJS from 'exceljs';
import { loadExcel } from './load-excel.ts';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { columnWidth, DATE_FORMAT, exportCell, MONEY_FORMAT } from './export-values.ts';
import type { ColumnSpec } from './types.ts';

const BATCH = 500;

/** Puts one export value in an exceljs cell with the type's format. */
export function setExportCell(cell: ExcelJS.Cell, spec: ColumnSpec, value: unknown): void {
  const c = exportCell(spec, value);
  switch (c.kind) {
    case 'empty':
      return;
    case 'text':
      cell.value = c.text;
      return;
    case 'number':
      cell.value = c.value;
      return;
    case 'money':
      cell.value = c.cents / 100; // the double nearest to the exact amount: Excel shows it exactly
      cell.numFmt = MONEY_FORMAT;
      return;
    case 'date':
      cell.value = c.date; // exceljs turns UTC midnight into the day's serial number
      cell.numFmt = DATE_FORMAT;
      return;
    case 'boolean':
      cell.value = c.value ? 'Sim' : 'Não'; // what clerks read (and type back) more easily than VERDADEIRO
      return;
  }
}

/** Waits while `out` has a full buffer, and yields to the event loop so the ZIP can be compressed. */
export async function relieve(out: NodeJS.WritableStream): Promise<void> {
  const w = out as Partial<Writable>;
  if (w.writableNeedDrain && !w.destroyed) await once(out as Writable, 'drain');
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Writes `rows` (objects keyed by column key) as an XLSX to `out`, row by row: nothing but the current
 * batch is held in memory (no shared strings table; strings are written inline). Ends `out`; on error
 * (e.g. a value of the wrong type) destroys it.
 */
export async function writeWorkbook<T extends object>(
  columns: ColumnSpec[],
  rows: AsyncIterable<T> | Iterable<T>,
  out: NodeJS.WritableStream,
  opts: { sheetName?: string } = {},
): Promise<void> {
  const Excel = await loadExcel();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({
    // (cast: exceljs declares its own Stream type; a Node PassThrough is what it writes to)
    stream: out as unknown as import('node:stream').Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(opts.sheetName ?? 'Planilha1', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((spec) => ({ key: spec.key, width: columnWidth(spec) }));
  const header = sheet.getRow(1);
  for (const [i, spec] of columns.entries()) header.getCell(i + 1).value = spec.header;
  header.font = { bold: true };
  header.commit();
  let rowNumber = 1;
  try {
    for await (const record of rows) {
      const row = sheet.getRow(++rowNumber);
      for (const [i, spec] of columns.entries()) setExportCell(row.getCell(i + 1), spec, (record as Record<string, unknown>)[spec.key]);
      row.commit();
      if (rowNumber % BATCH === 0) await relieve(out);
    }
    sheet.commit();
    await workbook.commit();
  } catch (err) {
    // A half-written ZIP is garbage: fail the destination rather than let it look complete.
    (out as Partial<Writable>).destroy?.(err as Error);
    throw err;
  }
}
