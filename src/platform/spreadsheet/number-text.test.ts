import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalDecimal, centsToPtBr, decimalToCents, numberToDecimalText, parseNumberText } from './number-text.ts';

describe('parseNumberText', () => {
  it.each([
    ['1.234,56', '1234.56'],
    ['1234,56', '1234.56'],
    ['1234.56', '1234.56'],
    ['1,234.56', '1234.56'],
    ['1.234.567', '1234567'],
    ['1,234,567', '1234567'],
    ['1.234.567,8', '1234567.8'],
    ['0,5', '0.5'],
    ['0.125', '0.125'],
    ['12.3456', '12.3456'],
    ['1234.567', '1234.567'],
    ['1,234', '1.234'],
    ['007', '7'],
    ['10,00', '10'],
    ['-1.234,50', '-1234.5'],
    ['\u22121,5', '-1.5'],
    ['+3', '3'],
    ['-0,00', '0'],
    ['1 234,56', '1234.56'],
    ['1\u00a0234,56', '1234.56'],
  ])('%s → %s', (text, expected) => {
    expect(parseNumberText(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['1.234', '12.500', '999.000', '-1.234'])('%s is ambiguous (thousands or decimal point)', (text) => {
    expect(parseNumberText(text)).toEqual({ ok: false, reason: 'ambiguous' });
  });

  it.each(['', 'abc', '1,2,3', '12.34.5', '1.23,4.5', ',5', '5,', '1..2', '1e5', 'R$ 10', '--1', '1.234,5,6', '12,34.567,8'])(
    '%j is invalid',
    (text) => {
      expect(parseNumberText(text)).toEqual({ ok: false, reason: 'invalid' });
    },
  );

  it('reads back any amount written in pt-BR with or without thousands separators', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), fc.boolean(), (cents, grouped) => {
        let text = centsToPtBr(cents);
        if (grouped) {
          const [int, frac] = text.replace('-', '').split(',') as [string, string];
          text = (cents < 0 ? '-' : '') + int.replace(/\B(?=(\d{3})+$)/g, '.') + ',' + frac;
        }
        const parsed = parseNumberText(text);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(decimalToCents(parsed.value)).toBe(cents);
      }),
      { numRuns: 500 },
    );
  });
});

describe('numberToDecimalText', () => {
  it.each([
    [0.1 + 0.2, '0.3'],
    [1.1 * 3, '3.3'],
    [1234.56, '1234.56'],
    [-0.000001, '-0.000001'],
    [1e-7, '0.0000001'],
    [1e21, '1000000000000000000000'],
    [12345678901, '12345678901'],
    [0, '0'],
    [-0, '0'],
  ])('%s → %s', (n, expected) => {
    expect(numberToDecimalText(n)).toBe(expected);
  });

  it('returns null for NaN and infinities', () => {
    expect(numberToDecimalText(NaN)).toBeNull();
    expect(numberToDecimalText(Infinity)).toBeNull();
  });

  it('gives back the decimal a number was typed as (up to 15 significant digits)', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 12n - 1n }), fc.integer({ min: 0, max: 3 }))
      .map(([neg, digits, scale]) => {
        const s = digits.toString().padStart(scale + 1, '0');
        return canonicalDecimal(neg, s.slice(0, s.length - scale), s.slice(s.length - scale));
      });
    fc.assert(
      fc.property(decimal, (text) => {
        expect(numberToDecimalText(Number(text))).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('decimalToCents', () => {
  it.each([
    ['10.005', 1001],
    ['10.004999', 1000],
    ['-10.005', -1001],
    ['0.5', 50],
    ['-0.001', 0],
    ['1234.56', 123456],
    ['90071992547409.91', 9007199254740991],
  ])('%s → %i (half away from zero)', (text, cents) => {
    expect(decimalToCents(text)).toBe(cents);
  });

  it('refuses amounts beyond safe integers', () => {
    expect(decimalToCents('90071992547409.92')).toBeNull();
  });
});

describe('centsToPtBr', () => {
  it.each([
    [123456, '1234,56'],
    [-5, '-0,05'],
    [0, '0,00'],
    [100, '1,00'],
  ])('%i → %s', (cents, text) => {
    expect(centsToPtBr(cents)).toBe(text);
  });
});
