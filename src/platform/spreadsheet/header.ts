// Matching the header row of a file against the column specs.

import { DomainError } from '../errors.ts';
import type { ColumnSpec, RawCell } from './types.ts';
import { rawCellText } from './convert-cell.ts';

/** Case-, accent- and whitespace-insensitive form of a header ('Data de Referência ' → 'datadereferencia'). */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s\u00a0\ufeff]+/g, '')
    .toLowerCase();
}

export interface HeaderMatch {
  /** The header row's texts, as in the file. */
  columns: string[];
  /** For each physical column (0-based), the spec it feeds, or null for a blank header cell. */
  specs: (ColumnSpec | null)[];
}

/**
 * Maps header cells to specs. Blank header cells are ignored (stray formatting in Excel often leaves
 * them); unknown, repeated and missing required columns are all reported at once.
 */
export function matchHeader(columnSpecs: ColumnSpec[], cells: RawCell[]): HeaderMatch {
  const byName = new Map<string, ColumnSpec>();
  for (const spec of columnSpecs) {
    for (const name of [spec.header, ...(spec.aliases ?? [])]) byName.set(normalizeHeader(name), spec);
  }
  const columns = cells.map((c) => rawCellText(c).trim());
  const specs: (ColumnSpec | null)[] = [];
  const seen = new Set<string>();
  const problems: { field: string; issue: string }[] = [];
  for (const text of columns) {
    if (text === '') {
      specs.push(null);
      continue;
    }
    const spec = byName.get(normalizeHeader(text)) ?? null;
    if (spec === null) {
      problems.push({ field: text, issue: 'Coluna desconhecida' });
    } else if (seen.has(spec.key)) {
      problems.push({ field: text, issue: `Coluna repetida (${spec.header})` });
    } else {
      seen.add(spec.key);
    }
    specs.push(spec); // any problem throws below, so a null here never reaches the rows
  }
  for (const spec of columnSpecs) {
    if (spec.required && !seen.has(spec.key)) problems.push({ field: spec.header, issue: 'Coluna obrigatória ausente' });
  }
  if (problems.length > 0) throw new DomainError('invalid_header', 'Cabeçalho inválido', problems);
  return { columns, specs };
}
