// Telling XLSX from CSV by content. The extension is only used to word the error: a clerk who renames
// a PNG (or an .xls) to .xlsx gets told the file is not a valid spreadsheet.

import { DomainError } from '../errors.ts';
import type { SpreadsheetFormat } from './types.ts';

/** How many bytes of the file's start detectFormat wants to see. */
export const DETECT_HEAD_BYTES = 4096;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function invalidXlsx(): DomainError {
  return new DomainError('invalid_file', 'O arquivo não é uma planilha XLSX válida');
}

/**
 * XLSX is a ZIP package. Its [Content_Types].xml may come last in the ZIP (streaming writers, exceljs
 * included, put it after the sheets), so the head can only prove "ZIP"; the reader then refuses a ZIP
 * without a worksheet (a .docx, a zipped folder) with the same 'invalid_file' error.
 */
export function detectFormat(head: Buffer, filename?: string): SpreadsheetFormat {
  if (head.length === 0) throw new DomainError('empty_file', 'O arquivo está vazio');
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument')) {
      throw new DomainError('unsupported_format', 'Planilhas ODS não são aceitas: salve como XLSX ou CSV');
    }
    return 'xlsx';
  }
  if (head.subarray(0, 8).equals(OLE2_MAGIC)) {
    throw new DomainError('unsupported_format', 'Planilhas .xls (Excel 97-2003) não são aceitas: salve como XLSX ou CSV');
  }
  if (ext === 'xlsx' || ext === 'xlsm') throw invalidXlsx();
  if (looksBinary(head)) throw new DomainError('invalid_file', 'O arquivo não é uma planilha XLSX nem CSV');
  return 'csv';
}

/** NUL bytes never occur in 8-bit text; UTF-16 text (with its BOM) is the one exception. */
function looksBinary(head: Buffer): boolean {
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  return !utf16 && head.includes(0);
}
