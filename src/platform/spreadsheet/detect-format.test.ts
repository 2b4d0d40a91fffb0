import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { detectFormat } from './detect-format.ts';
import { DomainError } from '../errors.ts';

const PNG_HEAD = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  }
  return undefined;
}

describe('detectFormat', () => {
  it('recognizes a real XLSX by content, whatever its name', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x').addRow(['a']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(detectFormat(bytes, 'clientes.xlsx')).toBe('xlsx');
    expect(detectFormat(bytes, 'clientes.csv')).toBe('xlsx');
    expect(detectFormat(bytes)).toBe('xlsx');
  });

  it('reads text as CSV', () => {
    expect(detectFormat(Buffer.from('Nome;CPF\n'), 'a.csv')).toBe('csv');
    expect(detectFormat(Buffer.from('\ufeffNome;CPF\n'))).toBe('csv');
    expect(detectFormat(Buffer.from([0xff, 0xfe, 0x4e, 0x00]))).toBe('csv'); // UTF-16LE text
  });

  it('refuses a non-ZIP file named .xlsx with the clerk-facing message', () => {
    for (const head of [PNG_HEAD, Buffer.from('Nome;CPF\n')]) {
      try {
        detectFormat(head, 'Clientes.XLSX');
        expect.unreachable();
      } catch (err) {
        expect(err).toMatchObject({ code: 'invalid_file', message: 'O arquivo não é uma planilha XLSX válida' });
      }
    }
  });

  it('refuses binary files, .xls and .ods, and empty input', () => {
    expect(codeOf(() => detectFormat(PNG_HEAD, 'foto.png'))).toBe('invalid_file');
    expect(codeOf(() => detectFormat(PNG_HEAD))).toBe('invalid_file');
    expect(codeOf(() => detectFormat(Buffer.from('d0cf11e0a1b11ae1', 'hex'), 'velho.xls'))).toBe('unsupported_format');
    const ods = Buffer.concat([
      Buffer.from('504b0304', 'hex'),
      Buffer.alloc(26),
      Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet'),
    ]);
    expect(codeOf(() => detectFormat(ods, 'a.ods'))).toBe('unsupported_format');
    expect(codeOf(() => detectFormat(Buffer.alloc(0), 'a.xlsx'))).toBe('empty_file');
  });
});
