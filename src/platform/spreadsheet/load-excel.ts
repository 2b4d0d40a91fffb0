import type ExcelJS from 'exceljs';

/** exceljs, loaded on first use: a server that never reads or writes a spreadsheet never pays for it. */
let excel: typeof ExcelJS | undefined;
export async function loadExcel(): Promise<typeof ExcelJS> {
  excel ??= (await import('exceljs')).default;
  return excel;
}
