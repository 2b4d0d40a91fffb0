// Streaming spreadsheet toolkit: XLSX/CSV import with per-cell validation, XLSX/CSV export and
// import templates. See docs/spreadsheets.md.

export * from './types.ts';
export { detectFormat } from './detect-format.ts';
export { normalizeHeader } from './header.ts';
export { convertCell } from './convert-cell.ts';
export { openSpreadsheet, readSpreadsheet } from './read-spreadsheet.ts';
export type { ReadSpreadsheetOptions, SpreadsheetHeader, OpenedSpreadsheet } from './read-spreadsheet.ts';
export { writeWorkbook } from './write-workbook.ts';
export { writeTemplate } from './write-template.ts';
export { writeCsv } from './write-csv.ts';
export { MONEY_FORMAT, DATE_FORMAT } from './export-values.ts';
export { formatDescription } from './type-descriptions.ts';
