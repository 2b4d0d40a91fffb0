// The import template a clerk downloads, fills in and uploads back.

import type ExcelJS from 'exceljs';
import { loadExcel } from './load-excel.ts';
import type { Writable } from 'node:stream';
import { convertCell } from './convert-cell.ts';
import { columnWidth, DATE_FORMAT, MONEY_FORMAT } from './export-values.ts';
import { formatDescription } from './type-descriptions.ts';
import type { ColumnSpec } from './types.ts';
import { setExportCell } from './write-workbook.ts';

/**
 * Writes the template: a data sheet with the bold, frozen header, sized columns typed so Excel keeps
 * what is typed (text columns as '@', so a CPF keeps its leading zeros), example rows, Sim/Não lists on
 * yes/no columns, and an 'Instruções' sheet describing every column. Small, so built in memory.
 * Ends `out`.
 * The example rows are ordinary rows: the clerk must overwrite or delete them.
 */
export async function writeTemplate(
  columns: ColumnSpec[],
  out: NodeJS.WritableStream,
  opts: { sheetName?: string; exampleRows?: Record<string, string>[] } = {},
): Promise<void> {
  const Excel = await loadExcel();
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(opts.sheetName ?? 'Dados', { views: [{ state: 'frozen', ySplit: 1 }] });
  columns.forEach((spec, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = columnWidth(spec);
    if (spec.type === 'string') column.numFmt = '@';
    if (spec.type === 'money') column.numFmt = MONEY_FORMAT;
    if (spec.type === 'date') column.numFmt = DATE_FORMAT;
  });
  const header = sheet.getRow(1);
  columns.forEach((spec, i) => {
    const cell = header.getCell(i + 1);
    cell.value = spec.header;
    cell.numFmt = 'General';
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: spec.required ? 'FFFFE699' : 'FFDDEBF7' } };
    if (spec.help) cell.note = spec.help;
  });

  const examples =
    opts.exampleRows ??
    (columns.some((c) => c.example !== undefined) ? [Object.fromEntries(columns.map((c) => [c.key, c.example ?? '']))] : []);
  examples.forEach((example, r) => {
    const row = sheet.getRow(r + 2);
    columns.forEach((spec, i) => {
      const text = example[spec.key];
      if (text === undefined || text === '') return;
      const cell = row.getCell(i + 1);
      // Typed cells (a real date, a number with R$ format) show the clerk what the importer expects.
      const converted = convertCell({ ...spec, required: false }, text);
      if (!converted.ok || converted.value === null) cell.value = text;
      else setExportCell(cell, spec, spec.type === 'boolean' ? converted.value === 'true' : converted.value);
    });
  });

  columns.forEach((spec, i) => {
    if (spec.type !== 'boolean') return;
    const letter = sheet.getColumn(i + 1).letter;
    // (cast: Worksheet.dataValidations exists at runtime; exceljs's declarations omit it)
    (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(
      `${letter}2:${letter}1048576`,
      { type: 'list', allowBlank: !spec.required, formulae: ['"Sim,Não"'], showErrorMessage: true, error: 'Use Sim ou Não' },
    );
  });

  const help = workbook.addWorksheet('Instruções');
  help.columns = [
    { header: 'Coluna', width: 28 },
    { header: 'Obrigatória', width: 12 },
    { header: 'Formato', width: 48 },
    { header: 'Exemplo', width: 20 },
    { header: 'Observações', width: 60 },
  ];
  help.getRow(1).font = { bold: true };
  for (const spec of columns) {
    const names = [spec.header, ...(spec.aliases ?? [])].join(' ou ');
    help.addRow([names, spec.required ? 'Sim' : 'Não', formatDescription(spec), spec.example ?? '', spec.help ?? '']);
  }
  help.addRow([]);
  help.addRow(['Preencha uma linha por registro na aba ' + `"${sheet.name}"` + ', a partir da linha 2. Linhas vazias são ignoradas.']);
  help.addRow(['Os cabeçalhos não diferenciam maiúsculas, acentos ou espaços. Colunas desconhecidas recusam o arquivo.']);
  help.addRow(['As linhas de exemplo são importadas como qualquer outra: substitua-as ou apague-as.']);

  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  await new Promise<void>((resolve, reject) => {
    const w = out as Writable;
    w.once('error', reject);
    w.end(bytes, () => resolve());
  });
}
