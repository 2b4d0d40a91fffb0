// Streaming text decoding for CSV: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode
// text"), and Windows-1252 for files saved by older Excel/Windows tools. The choice is made on the
// first chunk holding a non-ASCII byte: until then both encodings decode identically.

import { DomainError } from '../errors.ts';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** True if `bytes` is valid UTF-8, allowing a sequence cut off at the very end (it continues in the next chunk). */
export function isUtf8Prefix(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return false;
    for (let k = 1; k <= need; k++) {
      if (i + k >= bytes.length) return true; // truncated at the chunk's end
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += need + 1;
  }
  return true;
}

/** Index where an incomplete UTF-8 sequence starts among the last 3 bytes, or the length if none. */
function trailingLeadByteStart(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + length > bytes.length ? i : bytes.length;
    }
  }
  return bytes.length;
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * Decodes a byte stream into text chunks. Throws DomainError('invalid_encoding') if a file that looked
 * like UTF-8 later holds bytes that are not (a file mixing encodings cannot be decoded honestly).
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let first = true;
  let pending: Uint8Array | null = null;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    if (first) {
      first = false;
      if (chunk[0] === 0xff && chunk[1] === 0xfe) decoder = new TextDecoder('utf-16le');
      else if (chunk[0] === 0xfe && chunk[1] === 0xff) decoder = new TextDecoder('utf-16be');
      else if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) decoder = new TextDecoder('utf-8', { fatal: true });
    }
    let bytes: Uint8Array = chunk;
    if (decoder === null) {
      if (pending) bytes = Buffer.concat([pending, chunk]);
      pending = null;
      // A lead byte cut off at the chunk's end cannot tell UTF-8 from Windows-1252 yet: keep it for later.
      const tail = trailingLeadByteStart(bytes);
      if (!hasHighByte(bytes.subarray(0, tail))) {
        if (tail < bytes.length) pending = bytes.slice(tail);
        if (tail > 0) yield Buffer.from(bytes.subarray(0, tail)).toString('latin1'); // ASCII: same in every candidate
        continue;
      }
      decoder = isUtf8Prefix(bytes) ? new TextDecoder('utf-8', { fatal: true }) : new TextDecoder('windows-1252');
    }
    try {
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield text;
    } catch {
      throw new DomainError('invalid_encoding', 'O arquivo mistura codificações de texto: salve-o novamente como CSV UTF-8');
    }
  }
  if (decoder === null && pending) {
    // The file's only non-ASCII byte is its last one: a lone lead byte is not UTF-8.
    yield new TextDecoder('windows-1252').decode(pending);
  }
  if (decoder) {
    try {
      const rest = decoder.decode();
      if (rest) yield rest;
    } catch {
      throw new DomainError('invalid_encoding', 'O arquivo termina com um caractere incompleto: salve-o novamente como CSV UTF-8');
    }
  }
}
