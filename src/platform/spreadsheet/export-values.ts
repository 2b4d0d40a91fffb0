// Domain values → typed export cells. Inputs are what the domain holds: money as integer cents,
// dates as 'YYYY-MM-DD', decimals as canonical strings or numbers. A value of the wrong shape is a
// programming error (TypeError), not a clerk's mistake.

import type { ColumnSpec } from './types.ts';
import { isoToUtcDate, utcDateToIso } from './date-text.ts';
import { numberToDecimalText } from './number-text.ts';

export type ExportCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number; exact: string }
  | { kind: 'money'; cents: number }
  | { kind: 'date'; iso: string; date: Date }
  | { kind: 'boolean'; value: boolean };

export const MONEY_FORMAT = '"R$" #,##0.00';
export const DATE_FORMAT = 'dd/mm/yyyy';

function bad(spec: ColumnSpec, expected: string, value: unknown): TypeError {
  return new TypeError(`Column "${spec.key}" expects ${expected}, got ${typeof value} ${String(value)}`);
}

function toInteger(spec: ColumnSpec, value: unknown, what: string): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw bad(spec, what, value);
  return n;
}

export function exportCell(spec: ColumnSpec, value: unknown): ExportCell {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  switch (spec.type) {
    case 'string':
      if (value instanceof Date) return { kind: 'text', text: utcDateToIso(value) ?? '' };
      return { kind: 'text', text: String(value) };
    case 'integer': {
      const n = toInteger(spec, value, 'a safe integer');
      return { kind: 'number', value: n, exact: String(n) };
    }
    case 'decimal': {
      if (typeof value === 'number' && Number.isFinite(value)) return { kind: 'number', value, exact: numberToDecimalText(value)! };
      const text = typeof value === 'string' || typeof value === 'bigint' ? String(value) : null;
      if (text === null || !/^-?\d+(\.\d+)?$/.test(text)) throw bad(spec, "a number or a decimal string like '1234.56'", value);
      return { kind: 'number', value: Number(text), exact: text };
    }
    case 'money':
      return { kind: 'money', cents: toInteger(spec, value, 'integer cents') };
    case 'date': {
      const iso = value instanceof Date ? utcDateToIso(value) : typeof value === 'string' ? value : null;
      const date = iso === null ? null : isoToUtcDate(iso);
      if (iso === null || date === null) throw bad(spec, "a 'YYYY-MM-DD' date", value);
      return { kind: 'date', iso, date };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { kind: 'boolean', value };
      if (value === 'true' || value === 'false') return { kind: 'boolean', value: value === 'true' };
      throw bad(spec, 'a boolean', value);
  }
}

/** Column width in characters: fits the header and the type's usual content. */
export function columnWidth(spec: ColumnSpec): number {
  const typical = { string: Math.min(spec.maxLength ?? 30, 40), integer: 10, decimal: 14, money: 16, date: 12, boolean: 8 }[spec.type];
  return Math.max(typical, [...spec.header].length + 2, 8);
}
