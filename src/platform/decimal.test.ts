import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import {
  addDecimal,
  compareDecimal,
  divideDecimal,
  divideRoundHalfUp,
  formatDecimal,
  multiplyToCents,
  parseDecimal,
  roundDecimal,
  roundToCents,
  subtractDecimal,
} from './decimal.ts';

const d = (s: string) => parseDecimal(s, 6, 'x', { allowNegative: true });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? `${e.code}:${e.details[0]?.field}` : 'not a DomainError';
  }
  return undefined;
}

describe('parseDecimal', () => {
  it('reads plain decimal strings exactly', () => {
    expect(parseDecimal('1234.5', 6)).toEqual({ units: 12345n, scale: 1 });
    expect(parseDecimal('0.000001', 6)).toEqual({ units: 1n, scale: 6 });
    expect(parseDecimal('42', 0)).toEqual({ units: 42n, scale: 0 });
    expect(parseDecimal('007.50', 6)).toEqual({ units: 750n, scale: 2 });
  });

  it('refuses negatives unless allowed', () => {
    expect(codeOf(() => parseDecimal('-0.25', 6, 'quantity'))).toBe('validation_failed:quantity');
    expect(parseDecimal('-0.25', 6, 'q', { allowNegative: true })).toEqual({ units: -25n, scale: 2 });
  });

  it('refuses more places than allowed, trailing zeros included', () => {
    expect(codeOf(() => parseDecimal('1.0000001', 6, 'quantity'))).toBe('validation_failed:quantity');
    expect(codeOf(() => parseDecimal('1.5000000', 6, 'quantity'))).toBe('validation_failed:quantity');
    expect(codeOf(() => parseDecimal('1.5', 0, 'n'))).toBe('validation_failed:n');
  });

  it.each(['', ' 1', '1 ', '.5', '5.', '+1', '1e3', '1,5', '0x10', 'NaN', '1.2.3', '--1'])('refuses %j', (s) => {
    expect(codeOf(() => parseDecimal(s, 6, 'f'))).toBe('validation_failed:f');
  });

  it('refuses non-strings and absurdly long numbers', () => {
    expect(codeOf(() => parseDecimal(12 as unknown as string, 6, 'f'))).toBe('validation_failed:f');
    expect(codeOf(() => parseDecimal('9'.repeat(31), 6, 'f'))).toBe('validation_failed:f');
    expect(parseDecimal('9'.repeat(30), 6, 'f').units).toBe(10n ** 30n - 1n);
  });
});

describe('arithmetic', () => {
  it('adds, subtracts and compares across scales', () => {
    expect(formatDecimal(addDecimal(d('0.1'), d('0.2')))).toBe('0.3');
    expect(formatDecimal(addDecimal(d('1.000001'), d('2')))).toBe('3.000001');
    expect(formatDecimal(subtractDecimal(d('1'), d('1.5')))).toBe('-0.5');
    expect(compareDecimal(d('1.50'), d('1.5'))).toBe(0);
    expect(compareDecimal(d('1.499999'), d('1.5'))).toBe(-1);
    expect(compareDecimal(d('-1'), d('-2'))).toBe(1);
  });

  it('rounds half away from zero', () => {
    expect(divideRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divideRoundHalfUp(-5n, 2n)).toBe(-3n);
    expect(divideRoundHalfUp(7n, 3n)).toBe(2n);
    expect(divideRoundHalfUp(-7n, 3n)).toBe(-2n);
    expect(divideRoundHalfUp(14999n, 10000n)).toBe(1n);
    expect(divideRoundHalfUp(15000n, 10000n)).toBe(2n);
  });

  it('multiplyToCents rounds the exact product once', () => {
    // 1.234567 kWh × 75.4321 ¢/kWh = 93.12607... ¢ → 93 ¢
    expect(multiplyToCents(d('1.234567'), d('75.4321'))).toBe(93);
    // 0.5 × 1 ¢ = 0.5 ¢ → 1 ¢ (half up); 0.499999 × 1 ¢ → 0 ¢
    expect(multiplyToCents(d('0.5'), d('1'))).toBe(1);
    expect(multiplyToCents(d('0.499999'), d('1'))).toBe(0);
    // 3 × 33.333333 ¢ = 99.999999 ¢ → 100 ¢ (rounding once, not per unit)
    expect(multiplyToCents(d('3'), d('33.333333'))).toBe(100);
    // 1000000 × 0.000001 ¢ = exactly 1 ¢
    expect(multiplyToCents(d('1000000'), d('0.000001'))).toBe(1);
  });

  it('roundToCents applies a ratio before the single rounding', () => {
    // 9990 ¢ × 18/30 = 5994 ¢ exactly; 9990 × 17/30 = 5661 ¢; 10000 × 1/3 = 3333.33 → 3333
    expect(roundToCents(d('9990'), { numerator: 18, denominator: 30 })).toBe(5994);
    expect(roundToCents(d('9990'), { numerator: 17, denominator: 30 })).toBe(5661);
    expect(roundToCents(d('10000'), { numerator: 1, denominator: 3 })).toBe(3333);
    expect(roundToCents(d('10000'), { numerator: 2, denominator: 3 })).toBe(6667);
  });

  it('refuses amounts beyond safe integers', () => {
    expect(codeOf(() => multiplyToCents(d('99999999999999999'), d('1'), 'amount'))).toBe('validation_failed:amount');
  });

  it('formats canonically', () => {
    expect(formatDecimal(d('1.500000'))).toBe('1.5');
    expect(formatDecimal(d('0.000'))).toBe('0');
    expect(formatDecimal(d('-0.25'))).toBe('-0.25');
    expect(formatDecimal(d('12'), 2)).toBe('12.00');
    expect(formatDecimal(d('0.000001'))).toBe('0.000001');
    expect(formatDecimal(roundDecimal({ units: 20000004n, scale: 7 }, 6))).toBe('2');
    expect(formatDecimal(roundDecimal({ units: 1234565n, scale: 7 }, 6))).toBe('0.123457');
    expect(formatDecimal(roundDecimal({ units: -1234565n, scale: 7 }, 6))).toBe('-0.123457');
    expect(formatDecimal(divideDecimal(d('10'), d('3'), 6))).toBe('3.333333');
    expect(formatDecimal(divideDecimal(d('20'), d('3'), 6))).toBe('6.666667');
  });
});

describe('properties', () => {
  const decStr = fc
    .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }))
    .map(([units, scale]) => formatDecimal({ units, scale }));

  it('format ∘ parse is the identity on canonical strings', () => {
    fc.assert(
      fc.property(decStr, (s) => formatDecimal(d(s)) === s),
      { numRuns: 500 },
    );
  });

  it('addition matches exact integer arithmetic at scale 6', () => {
    fc.assert(
      fc.property(decStr, decStr, (a, b) => {
        const sum = addDecimal(d(a), d(b));
        const at6 = (x: { units: bigint; scale: number }) => x.units * 10n ** BigInt(6 - x.scale);
        return at6(sum) === at6(d(a)) + at6(d(b)) && compareDecimal(subtractDecimal(sum, d(b)), d(a)) === 0;
      }),
      { numRuns: 500 },
    );
  });

  it('multiplyToCents is within half a cent of the exact product', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (q, p) => {
        const cents = BigInt(multiplyToCents({ units: q, scale: 6 }, { units: p, scale: 6 }));
        const exact12 = q * p; // scale 12
        const diff = cents * 10n ** 12n - exact12;
        // |diff| ≤ 0.5 ¢, and exactly half rounds up
        return 2n * diff <= 10n ** 12n && 2n * diff > -(10n ** 12n);
      }),
      { numRuns: 500 },
    );
  });
});
