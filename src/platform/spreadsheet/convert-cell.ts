// One raw cell → the normalized text of its column type, or a pt-BR message for the clerk.

import type { CellType, ColumnSpec, RawCell } from './types.ts';
import { decimalToCents, decimalToInteger, fractionDigits, numberToDecimalText, parseNumberText } from './number-text.ts';
import { excelSerialToIso, MAX_EXCEL_SERIAL, parseDateText, utcDateToIso } from './date-text.ts';
import { parseBooleanText } from './boolean-text.ts';

export type CellConversion = { ok: true; value: string | null } | { ok: false; message: string };

const ok = (value: string | null): CellConversion => ({ ok: true, value });
const fail = (message: string): CellConversion => ({ ok: false, message });

/** Text shown for a raw cell in error reports. */
export function rawCellText(cell: RawCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return utcDateToIso(cell) ?? '';
  if (typeof cell === 'number') return numberToDecimalText(cell) ?? String(cell);
  if (typeof cell === 'object') return cell.error;
  return String(cell);
}

/** Trims ordinary and no-break spaces; an all-blank text is an empty cell. */
function cleanText(text: string): string | null {
  const t = text.replace(/^[\s\u00a0\ufeff]+|[\s\u00a0\ufeff]+$/g, '');
  return t === '' ? null : t;
}

const AMBIGUOUS =
  'Número ambíguo: com ponto e 3 casas não dá para saber se é milhar ou decimal. Escreva 1.234,00 para mil duzentos e trinta e quatro ou 1,234 para um vírgula dois três quatro';

function numberMessage(type: CellType, reason: 'invalid' | 'ambiguous'): string {
  if (reason === 'ambiguous') return AMBIGUOUS;
  if (type === 'money') return 'Valor inválido: use o formato 1.234,56';
  if (type === 'integer') return 'Número inteiro inválido: use o formato 1234';
  return 'Número inválido: use o formato 1.234,56';
}

function convertNumber(type: 'integer' | 'decimal' | 'money', cell: string | number): CellConversion {
  let decimal: string;
  const typed = typeof cell === 'number';
  if (typed) {
    const text = numberToDecimalText(cell);
    if (text === null) return fail(numberMessage(type, 'invalid'));
    decimal = text;
  } else {
    let text = cell;
    if (type === 'money') text = text.replace(/^([+\-\u2212]?)\s*R\$\s*/i, '$1'); // 'R$ 1.234,56', '-R$ 5,00'
    if (type === 'integer' && /^[+-]?[1-9]\d{0,2}\.\d{3}$/.test(text.trim())) {
      text = text.replace('.', ''); // an integer column can't hold 1.234 as a fraction: it is a thousand
    }
    const parsed = parseNumberText(text);
    if (!parsed.ok) return fail(numberMessage(type, parsed.reason));
    decimal = parsed.value;
  }
  if (type === 'decimal') return ok(decimal);
  if (type === 'integer') {
    const n = decimalToInteger(decimal);
    if (n === null) {
      return fail(fractionDigits(decimal) > 0 ? 'Deve ser um número inteiro, sem casas decimais' : 'Número grande demais');
    }
    return ok(String(n));
  }
  // Typed text with more than 2 decimals is probably a typo; a numeric cell may carry formula
  // precision the clerk never saw (R$ format shows 2 decimals), so it is rounded instead.
  if (!typed && fractionDigits(decimal) > 2) return fail('Valor com mais de 2 casas decimais');
  const cents = decimalToCents(decimal);
  if (cents === null) return fail('Valor grande demais');
  return ok(String(cents));
}

function convertDate(cell: Exclude<RawCell, null | { error: string }>): CellConversion {
  const message = 'Data inválida: use o formato dd/mm/aaaa';
  if (cell instanceof Date) {
    const iso = utcDateToIso(cell);
    return iso ? ok(iso) : fail(message);
  }
  if (typeof cell === 'number') {
    // A number in a date column can only be an Excel serial that lost its date format.
    const iso = Number.isInteger(cell) && cell <= MAX_EXCEL_SERIAL ? excelSerialToIso(cell) : null;
    return iso ? ok(iso) : fail(message);
  }
  if (typeof cell === 'boolean') return fail(message);
  const parsed = parseDateText(cell);
  if (parsed.ok) return ok(parsed.value);
  return fail(parsed.reason === 'nonexistent' ? 'Data inexistente (confira dia, mês e ano)' : message);
}

function convertBoolean(cell: Exclude<RawCell, null | { error: string }>): CellConversion {
  if (typeof cell === 'boolean') return ok(String(cell));
  const b =
    typeof cell === 'number' ? (cell === 1 ? true : cell === 0 ? false : null) : cell instanceof Date ? null : parseBooleanText(cell);
  return b === null ? fail('Valor inválido: use Sim ou Não') : ok(String(b));
}

function convertString(spec: ColumnSpec, cell: Exclude<RawCell, null | { error: string }>): CellConversion {
  let text: string;
  if (cell instanceof Date) text = utcDateToIso(cell) ?? '';
  else if (typeof cell === 'number') text = numberToDecimalText(cell) ?? '';
  else text = String(cell);
  // Undo the apostrophe writeCsv (like other exporters) puts before text that looks like a formula.
  const value = cleanText(text)?.replace(/^'(?=[=+\-@])/, '') ?? null;
  if (value !== null && spec.maxLength !== undefined && [...value].length > spec.maxLength) {
    return fail(`Texto longo demais: máximo de ${spec.maxLength} caracteres`);
  }
  return ok(value);
}

/** Converts one cell for its column; empty cells are null (or an error when the column is required). */
export function convertCell(spec: ColumnSpec, raw: RawCell): CellConversion {
  if (raw !== null && typeof raw === 'object' && !(raw instanceof Date)) {
    return fail(`Célula com erro do Excel (${raw.error})`);
  }
  let cell: Exclude<RawCell, null | { error: string }> | null = raw;
  if (typeof cell === 'string') cell = cleanText(cell);
  if (cell === null) return spec.required ? fail('Campo obrigatório') : ok(null);
  switch (spec.type) {
    case 'string':
      return convertString(spec, cell);
    case 'integer':
    case 'decimal':
    case 'money':
      if (cell instanceof Date || typeof cell === 'boolean') return fail(numberMessage(spec.type, 'invalid'));
      return convertNumber(spec.type, cell);
    case 'date':
      return convertDate(cell);
    case 'boolean':
      return convertBoolean(cell);
  }
}
