import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBRL, formatDateBR } from './format.ts';
import { i2of5Widths } from './i2of5.ts';

describe('formatBRL / formatDateBR', () => {
  it.each([
    [0, 'R$ 0,00'],
    [5, 'R$ 0,05'],
    [123456, 'R$ 1.234,56'],
    [100000000, 'R$ 1.000.000,00'],
    [-1999, '-R$ 19,99'],
  ])('%i cents → %s', (cents, text) => expect(formatBRL(cents)).toBe(text));

  it('refuses non-integer cents', () => expect(() => formatBRL(1.5)).toThrow(RangeError));

  it('formats ISO dates as dd/mm/aaaa', () => expect(formatDateBR('2026-04-10')).toBe('10/04/2026'));
});

/** Reads widths back into digits (the inverse of the encoder), written independently of it. */
function decodeI2of5(widths: number[]): string {
  const table: Record<string, string> = {
    '00110': '0',
    '10001': '1',
    '01001': '2',
    '11000': '3',
    '00101': '4',
    '10100': '5',
    '01100': '6',
    '00011': '7',
    '10010': '8',
    '01010': '9',
  };
  const body = widths.slice(4, -3);
  let digits = '';
  for (let i = 0; i < body.length; i += 10) {
    const chunk = body.slice(i, i + 10).map((w) => (w > 1 ? '1' : '0'));
    digits += table[chunk.filter((_, k) => k % 2 === 0).join('')] + table[chunk.filter((_, k) => k % 2 === 1).join('')];
  }
  return digits;
}

describe('i2of5Widths', () => {
  it('44 digits at 1:3 take 405 narrow modules (103 mm at 0.254 mm)', () => {
    const w = i2of5Widths('34196790600001000002220000005566385101214000');
    expect(w.reduce((a, b) => a + b, 0)).toBe(405);
    expect(w.slice(0, 4)).toEqual([1, 1, 1, 1]); // start
    expect(w.slice(-3)).toEqual([3, 1, 1]); // stop
    expect(w.length % 2).toBe(1); // starts and ends with a bar
  });

  it('encodes the pair "12": bars of 1 (wnnnw) interleaved with spaces of 2 (nwnnw)', () => {
    expect(i2of5Widths('12').slice(4, 14)).toEqual([3, 1, 1, 3, 1, 1, 1, 1, 3, 3]);
  });

  it('refuses an odd number of digits', () => expect(() => i2of5Widths('123')).toThrow(RangeError));

  it('property: decoding the widths gives the digits back', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(\d\d){1,30}$/), (digits) => {
        expect(decodeI2of5(i2of5Widths(digits))).toBe(digits);
      }),
      { numRuns: 300 },
    );
  });
});
