import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeText, isUtf8Prefix } from './text-decoding.ts';

async function decode(chunks: Uint8Array[]): Promise<string> {
  let text = '';
  for await (const t of decodeText(
    (async function* () {
      yield* chunks;
    })(),
  ))
    text += t;
  return text;
}

function splitAt(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(start, p));
    start = p;
  }
  return parts;
}

describe('decodeText', () => {
  const text = 'Nome;Endereço;Observação\nJoão;Praça da Sé, 1;€ pago à vista\n';

  it('decodes UTF-8 with and without BOM', async () => {
    expect(await decode([Buffer.from(text, 'utf8')])).toBe(text);
    expect(await decode([Buffer.from('\ufeff' + text, 'utf8')])).toBe(text);
  });

  it('falls back to Windows-1252 (Excel "CSV" on Windows), including the euro sign', async () => {
    const cp1252 = Buffer.from(text.replace('€', '\u0080'), 'latin1');
    cp1252[cp1252.indexOf(0x80)] = 0x80; // 0x80 is € in Windows-1252
    expect(await decode([cp1252])).toBe(text);
  });

  it('decodes UTF-16LE with BOM (Excel "Unicode text")', async () => {
    expect(await decode([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])])).toBe(text);
  });

  it('gives the same text however the bytes are split into chunks', async () => {
    const utf8 = Buffer.from('Cliente;Cidade\nAçaí;São Paulo\nJosé;Brasília\n', 'utf8');
    const latin = Buffer.from('Cliente;Cidade\nAçaí;São Paulo\nJosé;Brasília\n', 'latin1');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
        expect(await decode(splitAt(utf8, cuts))).toBe(utf8.toString('utf8'));
        expect(await decode(splitAt(latin, cuts))).toBe(latin.toString('latin1'));
      }),
      { numRuns: 300 },
    );
  });

  it('treats a lone high byte at the very end as Windows-1252', async () => {
    expect(await decode([Buffer.from('abc', 'latin1'), Buffer.from([0xe9])])).toBe('abcé');
  });

  it('refuses a file that turns out not to be UTF-8 after looking like it', async () => {
    await expect(decode([Buffer.from('ção\n', 'utf8'), Buffer.from('ç\n', 'latin1')])).rejects.toMatchObject({ code: 'invalid_encoding' });
  });
});

describe('isUtf8Prefix', () => {
  it('accepts a sequence cut at the end, refuses Latin-1 accents', () => {
    expect(isUtf8Prefix(Buffer.from('ação', 'utf8').subarray(0, 2))).toBe(true);
    expect(isUtf8Prefix(Buffer.from('ação', 'latin1'))).toBe(false);
    expect(isUtf8Prefix(Buffer.from([0xc0, 0x80]))).toBe(false); // overlong encoding
  });
});
