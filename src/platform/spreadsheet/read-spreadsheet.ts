// Reading an uploaded spreadsheet (XLSX or CSV) as a stream of converted rows.

import { DomainError } from '../errors.ts';
import { openByteSource } from './byte-source.ts';
import { convertCell, rawCellText } from './convert-cell.ts';
import { csvRows } from './csv-source.ts';
import { detectFormat, DETECT_HEAD_BYTES, invalidXlsx } from './detect-format.ts';
import { matchHeader } from './header.ts';
import type { CellError, ColumnSpec, RawCell, RawRow, RowResult, RowValues, SpreadsheetFormat } from './types.ts';
import { xlsxRows } from './xlsx-source.ts';

export interface ReadSpreadsheetOptions {
  columns: ColumnSpec[];
  /** Expected format; by default it is detected from the content. */
  format?: SpreadsheetFormat;
  /** Original file name, only used to word errors (content decides the format). */
  filename?: string;
  /** XLSX sheet: 1-based position or name (case/accent-insensitive). Default: the first sheet. */
  sheet?: string | number;
  /** Data rows allowed (empty rows not counted); one more → DomainError('too_many_rows'). */
  maxRows?: number;
}

export interface SpreadsheetHeader {
  format: SpreadsheetFormat;
  /** Row number of the header (1 unless rows above it are empty). */
  rowNumber: number;
  /** The header row's texts as in the file. */
  columns: string[];
  /** For every spec key, the header to cite in messages: as in the file, or the spec's when absent. */
  headerOf: Record<string, string>;
}

export interface OpenedSpreadsheet {
  header: SpreadsheetHeader;
  /** Single-use: pulls rows from the file as it is iterated (stop early to abandon the file). */
  rows: AsyncIterable<RowResult>;
  /** Releases the input without reading the rows (e.g. a dry run that only checks the header). */
  close(): Promise<void>;
}

function isBlank(cell: RawCell | undefined): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * Opens the file, reads up to its header row and validates it. Resolves once the header is known
 * (throws 'empty_file' / 'invalid_header' / 'invalid_file' before any data row is read); the rows
 * are then pulled on demand, so the file is never held in memory.
 */
export async function openSpreadsheet(input: NodeJS.ReadableStream | string, opts: ReadSpreadsheetOptions): Promise<OpenedSpreadsheet> {
  const source = await openByteSource(input, DETECT_HEAD_BYTES);
  let raw: AsyncIterator<RawRow> | undefined;
  try {
    const filename = opts.filename ?? (typeof input === 'string' ? input : undefined);
    const format = detectFormat(source.head, filename);
    if (opts.format && opts.format !== format) {
      throw opts.format === 'xlsx' ? invalidXlsx() : new DomainError('invalid_file', 'O arquivo é uma planilha XLSX, não um CSV');
    }
    raw = (format === 'xlsx' ? xlsxRows(source.stream, opts.sheet) : csvRows(source.stream))[Symbol.asyncIterator]();
    let headerRow: RawRow | undefined;
    for (let next = await raw.next(); !next.done; next = await raw.next()) {
      if (!next.value.cells.every(isBlank)) {
        headerRow = next.value;
        break;
      }
    }
    if (!headerRow) throw new DomainError('empty_file', 'O arquivo está vazio');
    const match = matchHeader(opts.columns, headerRow.cells);
    const headerOf: Record<string, string> = {};
    for (const spec of opts.columns) headerOf[spec.key] = spec.header;
    match.specs.forEach((spec, i) => {
      if (spec) headerOf[spec.key] = match.columns[i]!;
    });
    const header: SpreadsheetHeader = { format, rowNumber: headerRow.rowNumber, columns: match.columns, headerOf };
    const absent = opts.columns.filter((spec) => !match.specs.includes(spec));
    let used = false;
    const rawRows = raw;
    const rows: AsyncIterable<RowResult> = {
      [Symbol.asyncIterator]() {
        if (used) throw new Error('The rows of a spreadsheet can only be iterated once');
        used = true;
        return convertRows(rawRows, match.specs, absent, headerOf, opts.maxRows, source.release);
      },
    };
    const close = async (): Promise<void> => {
      used = true;
      await rawRows.return?.(undefined);
      await source.release();
    };
    return { header, rows, close };
  } catch (err) {
    await raw?.return?.(undefined);
    await source.release();
    throw err;
  }
}

async function* convertRows(
  raw: AsyncIterator<RawRow>,
  specs: (ColumnSpec | null)[],
  absent: ColumnSpec[],
  headerOf: Record<string, string>,
  maxRows: number | undefined,
  release: () => Promise<void>,
): AsyncGenerator<RowResult> {
  let count = 0;
  try {
    for (let next = await raw.next(); !next.done; next = await raw.next()) {
      const { rowNumber, cells } = next.value;
      if (specs.every((spec, i) => spec === null || isBlank(cells[i]))) continue;
      if (maxRows !== undefined && ++count > maxRows) {
        throw new DomainError('too_many_rows', `O arquivo tem mais de ${maxRows} linhas`);
      }
      const values: RowValues = {};
      const errors: CellError[] = [];
      specs.forEach((spec, i) => {
        if (!spec) return;
        const cell = cells[i] ?? null;
        const converted = convertCell(spec, cell);
        if (converted.ok) {
          values[spec.key] = converted.value;
        } else {
          values[spec.key] = null;
          errors.push({ rowNumber, column: headerOf[spec.key]!, message: converted.message, value: rawCellText(cell) });
        }
      });
      for (const spec of absent) values[spec.key] = null;
      yield errors.length > 0 ? { ok: false, rowNumber, errors, values } : { ok: true, rowNumber, values };
    }
  } finally {
    await raw.return?.(undefined);
    await release();
  }
}

/**
 * The same as openSpreadsheet, shaped as { header, rows } without an await: iterating `rows` first
 * waits for the header (and throws its error). `header` never causes an unhandled rejection when unused.
 */
export function readSpreadsheet(
  input: NodeJS.ReadableStream | string,
  opts: ReadSpreadsheetOptions,
): { header: Promise<SpreadsheetHeader>; rows: AsyncIterable<RowResult> } {
  const opened = openSpreadsheet(input, opts);
  const header = opened.then((o) => o.header);
  header.catch(() => {});
  opened.catch(() => {});
  const rows: AsyncIterable<RowResult> = {
    async *[Symbol.asyncIterator]() {
      yield* (await opened).rows;
    },
  };
  return { header, rows };
}
