// Raw rows of one worksheet of an XLSX, streamed with exceljs's WorkbookReader.
//
// Memory: rows are parsed one SAX chunk at a time and dropped once yielded. exceljs keeps the shared
// strings table in memory (it is needed to resolve every string cell) and, when a worksheet comes
// before the shared strings in the ZIP (as Excel and exceljs itself write them), spools that worksheet
// to a temporary file first — disk, not heap.

import { loadExcel } from './load-excel.ts';
import type { Readable } from 'node:stream';
import { DomainError } from '../errors.ts';
import { invalidXlsx } from './detect-format.ts';
import { normalizeHeader } from './header.ts';
import type { RawCell, RawRow } from './types.ts';

/** An exceljs cell value (ExcelJS.CellValue plus the reader's shapes), flattened to a RawCell. */
export function toRawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in v || 'sharedFormula' in v) return toRawCell(v.result); // the value Excel last computed
    if (typeof v.error === 'string') return { error: v.error };
    if ('text' in v) return toRawCell(v.text); // hyperlink cells
  }
  return String(value);
}

interface WorksheetLike extends AsyncIterable<{ number: number; values: unknown }> {
  name?: string;
  /** exceljs internals: the sheet's XML source, an fs.ReadStream (with `path`) when it was spooled. */
  iterator?: { destroy?: () => void; path?: unknown };
}

function sheetMatches(ws: WorksheetLike, position: number, wanted: string | number | undefined): boolean {
  if (wanted === undefined) return true;
  if (typeof wanted === 'number') return position === wanted;
  return ws.name !== undefined && normalizeHeader(ws.name) === normalizeHeader(wanted);
}

const isSpooled = (ws: WorksheetLike): boolean => typeof ws.iterator?.path === 'string';

/**
 * Streams the rows of the chosen sheet (by 1-based position or name; the first one by default).
 *
 * exceljs deletes a spooled sheet's temporary file only when its own iteration moves past that sheet,
 * so the workbook iteration is always taken to its end (skipped sheets are not parsed, just closed) —
 * also when the consumer stops early, as long as the chosen sheet was spooled (the ZIP is then fully
 * read already and finishing costs nothing). Otherwise the temporary files would pile up until exit.
 */
/**
 * Moves past a sheet that is not read. A spooled sheet is read to its end: destroying its read stream
 * while the file's open is still pending lets exceljs delete the temporary file first, and the late
 * open then fails with an ENOENT nobody listens to (an uncaught error in the process). exceljs
 * drains an in-ZIP sheet itself once its iterator is closed.
 */
async function skipSheet(ws: WorksheetLike): Promise<void> {
  if (!isSpooled(ws)) {
    ws.iterator?.destroy?.();
    return;
  }
  for await (const _row of ws) {
    // drained, not used
  }
}

export async function* xlsxRows(stream: Readable, sheet?: string | number): AsyncGenerator<RawRow> {
  const Excel = await loadExcel();
  const reader = new Excel.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: 'cache',
    styles: 'cache', // needed to know which numeric cells are dates
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // (cast: exceljs's WorkbookReader is an async iterable of worksheets; its declarations omit it)
  const sheets = (reader as unknown as AsyncIterable<WorksheetLike>)[Symbol.asyncIterator]();
  let position = 0;
  let selected: WorksheetLike | null = null;
  let finished = false;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      const ws = next.value;
      position++;
      if (selected !== null || !sheetMatches(ws, position, sheet)) {
        await skipSheet(ws);
        continue;
      }
      selected = ws;
      for await (const row of ws) {
        const values = row.values as unknown[]; // 1-based, sparse
        const cells: RawCell[] = [];
        for (let col = 1; col < values.length; col++) cells.push(toRawCell(values[col]));
        yield { rowNumber: row.number, cells };
      }
    }
    finished = true;
  } catch (err) {
    finished = true;
    if (err instanceof DomainError) throw err;
    throw Object.assign(invalidXlsx(), { cause: err });
  } finally {
    if (!finished && selected !== null && isSpooled(selected)) {
      selected.iterator?.destroy?.();
      try {
        for (let next = await sheets.next(); !next.done; next = await sheets.next()) await skipSheet(next.value);
      } catch {
        // best effort: the consumer already left
      }
    }
  }
  if (selected === null) {
    if (position === 0) throw invalidXlsx();
    throw new DomainError('sheet_not_found', `A aba "${String(sheet)}" não existe na planilha`, [
      { field: 'sheet', issue: `A planilha tem ${position} aba(s)` },
    ]);
  }
}
