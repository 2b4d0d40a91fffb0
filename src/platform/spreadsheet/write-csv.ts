// Streaming CSV export the way Brazilian Excel opens it by double-click: UTF-8 with BOM (or Excel
// guesses Windows-1252 and mangles accents), ';' separators, CRLF, pt-BR numbers and dd/mm/aaaa dates.

import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { exportCell } from './export-values.ts';
import { centsToPtBr } from './number-text.ts';
import { isoToPtBr } from './date-text.ts';
import type { ColumnSpec } from './types.ts';

/**
 * Quotes a field when needed, and neutralizes text that a spreadsheet would run as a formula
 * ('=', '+', '-', '@', tab, CR at the start: OWASP "CSV injection") by prefixing an apostrophe.
 */
export function csvField(text: string, delimiter: string, isText: boolean): string {
  const safe = isText && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvCellText(spec: ColumnSpec, value: unknown): { text: string; isText: boolean } {
  const c = exportCell(spec, value);
  switch (c.kind) {
    case 'empty':
      return { text: '', isText: false };
    case 'text':
      return { text: c.text, isText: true };
    case 'number':
      return { text: c.exact.replace('.', ','), isText: false };
    case 'money':
      return { text: centsToPtBr(c.cents), isText: false };
    case 'date':
      return { text: isoToPtBr(c.iso), isText: false };
    case 'boolean':
      return { text: c.value ? 'Sim' : 'Não', isText: false };
  }
}

async function write(out: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out as Writable, 'drain');
}

/** Writes `rows` as CSV to `out`, honouring backpressure; ends `out` (destroys it on error). */
export async function writeCsv<T extends object>(
  columns: ColumnSpec[],
  rows: AsyncIterable<T> | Iterable<T>,
  out: NodeJS.WritableStream,
  opts: { delimiter?: ';' | ','; bom?: boolean } = {},
): Promise<void> {
  const delimiter = opts.delimiter ?? ';';
  try {
    await write(
      out,
      (opts.bom === false ? '' : '\ufeff') + columns.map((c) => csvField(c.header, delimiter, true)).join(delimiter) + '\r\n',
    );
    for await (const record of rows) {
      const line = columns.map((spec) => {
        const { text, isText } = csvCellText(spec, (record as Record<string, unknown>)[spec.key]);
        return csvField(text, delimiter, isText);
      });
      await write(out, line.join(delimiter) + '\r\n');
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
  } catch (err) {
    (out as Partial<Writable>).destroy?.(err as Error);
    throw err;
  }
}
