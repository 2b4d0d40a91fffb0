// Raw rows of a CSV, streamed through csv-parse with backpressure. The delimiter (';' as Brazilian
// Excel writes it, ',' or tab) is detected on the first line, unless that line is Excel's 'sep=X' hint.

import { parse, CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors.ts';
import { decodeText } from './text-decoding.ts';
import type { RawRow } from './types.ts';

const CANDIDATES = [';', ',', '\t'] as const;
export type CsvDelimiter = (typeof CANDIDATES)[number];

/** The candidate occurring most often outside quotes in the first line; ';' wins ties (pt-BR Excel). */
export function detectDelimiter(firstLine: string): CsvDelimiter {
  const counts = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: CsvDelimiter = ';';
  for (const c of CANDIDATES) if (counts.get(c)! > counts.get(best)!) best = c;
  return best;
}

const FIRST_LINE_LIMIT = 64 * 1024;

export async function* csvRows(stream: Readable): AsyncGenerator<RawRow> {
  const text = decodeText(stream)[Symbol.asyncIterator]();
  // Read just enough text to see the first line.
  const buffered: string[] = [];
  let seen = '';
  while (!seen.includes('\n') && seen.length < FIRST_LINE_LIMIT) {
    const next = await text.next();
    if (next.done) break;
    buffered.push(next.value);
    seen += next.value;
  }
  const firstLine = seen.split(/\r?\n|\r/, 1)[0] ?? '';
  // Excel honours (and hides) a first line 'sep=;' naming the delimiter; some exporters write one.
  const sepHint = /^sep=(.)\s*$/i.exec(firstLine.replace(/^\ufeff/, ''));
  const delimiter = sepHint ? sepHint[1]! : detectDelimiter(firstLine);
  async function* allText(): AsyncGenerator<string> {
    yield* buffered.splice(0);
    for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
  }
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: false, bom: true, from_line: sepHint ? 2 : 1 });
  const feeding = pipeline(Readable.from(allText()), parser);
  feeding.catch(() => {}); // the same error surfaces from the parser's iteration below
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      yield { rowNumber, cells: record };
    }
    await feeding;
  } catch (err) {
    if (err instanceof DomainError) throw err;
    if (err instanceof CsvError) {
      throw new DomainError('invalid_file', `CSV malformado perto da linha ${rowNumber + 1}: confira as aspas`, [
        { field: `linha ${rowNumber + 1}`, issue: err.message },
      ]);
    }
    throw err;
  } finally {
    parser.destroy();
  }
}
