// Shared types of the spreadsheet toolkit. Everything here is plain data so that import jobs and
// export endpoints can build column specs as constants.

export type CellType = 'string' | 'integer' | 'decimal' | 'money' | 'date' | 'boolean';

export interface ColumnSpec {
  /** Stable key used in row values (e.g. 'document'). */
  key: string;
  /** Header as a clerk writes it, in pt-BR (e.g. 'CPF/CNPJ', 'Data de referência'). */
  header: string;
  /** Other accepted spellings of the header. */
  aliases?: string[];
  required?: boolean;
  type: CellType;
  /** Maximum length of a 'string' cell, in characters. */
  maxLength?: number;
  /** Example value as a clerk would type it (pt-BR), shown in the template. */
  example?: string;
  /** pt-BR help text for the template's instructions sheet. */
  help?: string;
}

/** Normalized text values, by column key (see docs/spreadsheets.md for each type's format). */
export type RowValues = Record<string, string | null>;

export interface SheetRow {
  ok: true;
  /** 1-based row in the sheet (the header is usually row 1). */
  rowNumber: number;
  values: RowValues;
}

export interface CellError {
  rowNumber: number;
  /** The column's header text as written in the file (what the clerk will look for). */
  column: string;
  /** pt-BR message for the clerk. */
  message: string;
  /** The cell's content as read, to echo back in error reports. */
  value?: string;
}

export interface RowFailure {
  ok: false;
  rowNumber: number;
  errors: CellError[];
  /** The cells that did convert (bad ones are null), for error reports. */
  values: RowValues;
}

export type RowResult = SheetRow | RowFailure;

export type SpreadsheetFormat = 'xlsx' | 'csv';

/**
 * A cell as it comes out of a file, before conversion: text (CSV, XLSX strings), or a typed XLSX value.
 * `{ error }` is an Excel error cell such as '#N/A'.
 */
export type RawCell = string | number | boolean | Date | null | { error: string };

/** A physical row of a sheet: 0-based cells in column order. */
export interface RawRow {
  rowNumber: number;
  cells: RawCell[];
}
