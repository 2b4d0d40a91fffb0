import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compoundMonthlyLinear, mulDivFloor, mulDivRound, percentToUnits, simpleMonthly } from './arithmetic.ts';
import { brDateFromDays, dayNumberOf, isoFromDays, parseIsoDate } from './dates.ts';

describe('arithmetic', () => {
  it('parses percentages into 0.0001 % units', () => {
    expect(percentToUnits('2')).toBe(20_000);
    expect(percentToUnits('2.5')).toBe(25_000);
    expect(percentToUnits('0.0333')).toBe(333);
    expect(percentToUnits('100')).toBe(1_000_000);
    for (const bad of ['', '.5', '2.', '-1', '1e2', '2,5', '100.0001', ' 1']) expect(percentToUnits(bad)).toBeNull();
  });

  it('rounds half up and floors exactly, also past 2^53 (checked against BigInt)', () => {
    expect(mulDivRound(5, 1, 10)).toBe(1); // 0,5 → 1
    expect(mulDivRound(4, 1, 10)).toBe(0);
    expect(mulDivFloor(9, 1, 10)).toBe(0);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 1, max: 30_000_000 }),
        (a, b, den) => {
          const num = BigInt(a) * BigInt(b);
          const d = BigInt(den);
          const q = num / d;
          const rounded = 2n * (num - q * d) >= d ? q + 1n : q;
          const r = mulDivRound(a, b, den);
          if (Number.isSafeInteger(Number(rounded))) expect(BigInt(r)).toBe(rounded);
          else expect(r).toBe(Infinity);
          const f = mulDivFloor(a, b, den);
          if (Number.isSafeInteger(Number(q))) expect(BigInt(f)).toBe(q);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('monthly interest: simple and linear-convention compound', () => {
    expect(simpleMonthly(100_000, 10_000, 1)).toBe(33); // 33,33
    expect(simpleMonthly(100_000, 10_000, 2)).toBe(67); // 66,67
    expect(compoundMonthlyLinear(100_000, 10_000, 30)).toBe(1000);
    // 365 days = 12 months + 5 days: 1,01^12 × (1 + 0,01 × 5/30) − 1 = 1,1268250301 × 1,0016667 − 1 = 0,128703072… → 12870,3 → 12870
    expect(compoundMonthlyLinear(100_000, 10_000, 365)).toBe(12_870);
  });
});

describe('dates', () => {
  it('parses strictly and counts days across leap years', () => {
    expect(parseIsoDate('1970-01-01', 'd')).toBe(0);
    expect(parseIsoDate('2028-03-01', 'd') - parseIsoDate('2028-02-28', 'd')).toBe(2);
    expect(parseIsoDate('2100-03-01', 'd') - parseIsoDate('2100-02-28', 'd')).toBe(1); // 2100 is not leap
    expect(parseIsoDate('2000-03-01', 'd') - parseIsoDate('2000-02-28', 'd')).toBe(2); // 2000 is
    for (const bad of ['2026-02-29', '2026-04-31', '2026-00-10', '2026-1-10', '26-01-10', '2026/01/10', '2026-01-1a']) {
      expect(() => parseIsoDate(bad, 'd')).toThrow();
    }
  });

  it('agrees with Date.UTC and round-trips', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2200, 11, 31)), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const n = parseIsoDate(iso, 'd');
        expect(n).toBe(Math.floor(d.getTime() / 86_400_000));
        expect(n).toBe(dayNumberOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
        expect(isoFromDays(n)).toBe(iso);
      }),
      { numRuns: 500 },
    );
    expect(brDateFromDays(parseIsoDate('2026-12-05', 'd'))).toBe('05/12/2026');
  });
});
