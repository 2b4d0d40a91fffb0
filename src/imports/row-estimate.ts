// How many data rows a file holds, cheaply, so progress can say processed/total before the
// (much slower) row-by-row reading is over. XLSX: inflate the first worksheet of the ZIP with
// zlib and count its <row> elements; CSV: count line breaks. An estimate: blank rows, quoted line
// breaks and the header make it a little off; the final count is exact.
import { inflateRawSync } from 'node:zlib';
import type { SpreadsheetFormat } from '../platform/spreadsheet/index.ts';

const MAX_SHEET_BYTES = 400 * 1024 * 1024;

function countOccurrences(buf: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = buf.indexOf(needle); at !== -1; at = buf.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** The first worksheet entry of an XLSX (ZIP order, as the streaming reader meets it), inflated. */
function firstWorksheet(zip: Buffer): Buffer | null {
  const min = Math.max(0, zip.length - 65_557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= min; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let best: { offset: number; method: number; size: number } | null = null;
  for (let e = 0; e < entries && at + 46 <= zip.length; e++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) return null;
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name) && (best === null || offset < best.offset)) best = { offset, method, size };
    at += 46 + nameLength + extra + comment;
  }
  if (!best || best.offset + 30 > zip.length || zip.readUInt32LE(best.offset) !== 0x04034b50) return null;
  const start = best.offset + 30 + zip.readUInt16LE(best.offset + 26) + zip.readUInt16LE(best.offset + 28);
  const data = zip.subarray(start, start + best.size);
  if (best.method === 0) return data;
  if (best.method !== 8) return null;
  return inflateRawSync(data, { maxOutputLength: MAX_SHEET_BYTES });
}

export function estimateDataRows(file: Buffer, format: SpreadsheetFormat): number | null {
  try {
    if (format === 'csv') {
      let lines = countOccurrences(file, Buffer.from('\n'));
      if (file.length && file[file.length - 1] !== 0x0a) lines++;
      return Math.max(0, lines - 1);
    }
    const sheet = firstWorksheet(file);
    if (!sheet) return null;
    const rows = countOccurrences(sheet, Buffer.from('<row ')) + countOccurrences(sheet, Buffer.from('<row>'));
    return Math.max(0, rows - 1);
  } catch {
    return null; // a damaged file: the reader will say what is wrong with it
  }
}
