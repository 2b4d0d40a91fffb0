import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, dueDateFactor, dueDateFromFactor, isoFromDayNumber } from './dueDateFactor.ts';

describe('dueDateFactor', () => {
  it('published vectors — kivanio/brcobranca@325e0eae spec/brcobranca/calculo_data_spec.rb', () => {
    const cases: [string, string][] = [
      ['2008-02-01', '3769'],
      ['2008-02-02', '3770'],
      ['2008-02-06', '3774'],
      ['2000-07-03', '1000'],
      ['2000-07-04', '1001'],
      ['2000-07-05', '1002'],
      ['2002-05-01', '1667'],
      ['2010-11-17', '4789'],
      ['2025-02-21', '9999'],
      ['2025-02-22', '1000'],
      ['2025-02-23', '1001'],
    ];
    for (const [date, factor] of cases) expect(dueDateFactor(date), date).toBe(factor);
  });

  it('second rollover comes 9000 days later', () => {
    expect(dueDateFactor(isoFromDayNumber(18_999))).toBe('9999');
    expect(dueDateFactor(isoFromDayNumber(19_000))).toBe('1000');
  });

  it('refuses dates before the factor range and malformed dates', () => {
    expect(() => dueDateFactor('2000-07-02')).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => dueDateFactor('2025-02-30')).toThrowError(
      expect.objectContaining({ details: [{ field: 'dueDate', issue: 'invalid_date' }] }),
    );
    expect(() => dueDateFactor('25-02-01')).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('dueDateFromFactor', () => {
  it('0000 means no due date', () => {
    expect(dueDateFromFactor('0000', '2025-06-01')).toBeNull();
  });

  it('picks the cycle around today (FEBRABAN window: 3000 factors back, 5500 ahead)', () => {
    expect(dueDateFromFactor('1000', '2025-03-01')).toBe('2025-02-22');
    expect(dueDateFromFactor('1000', '2001-01-01')).toBe('2000-07-03');
    expect(dueDateFromFactor('9999', '2025-03-01')).toBe('2025-02-21');
    expect(dueDateFromFactor('4789', '2010-11-01')).toBe('2010-11-17');
    // A 2008 factor read in 2026 is more than 3000 days old: it means the 2032 date of the new cycle.
    expect(dueDateFromFactor('3769', '2026-01-01')).toBe(isoFromDayNumber(3769 + 9000));
    // 2029-05-20 (factor 2548, new cycle) — the Itaú vector of kivanio/brcobranca spec/brcobranca/boleto/itau_spec.rb
    expect(dueDateFromFactor('2548', '2026-01-01')).toBe('2029-05-20');
  });

  it('reads a factor in the cycle of the reference date, on both sides of the 2025-02-22 reset', () => {
    const cases: [factor: string, reference: string, due: string][] = [
      // factor 1000: 1997-10-07 + 1000 days in the first cycle, 9000 days later in the second
      ['1000', '2000-07-03', '2000-07-03'],
      ['1000', '2025-03-01', '2025-02-22'],
      ['1000', '2025-02-21', '2025-02-22'], // the eve of the reset: 1000 is tomorrow, not 2000
      // factor 9999: the last day of the first cycle, read just before and just after the reset
      ['9999', '2025-02-21', '2025-02-21'],
      ['9999', '2025-02-22', '2025-02-21'],
      ['9999', '2024-12-01', '2025-02-21'],
      ['9999', isoFromDayNumber(18_999), isoFromDayNumber(18_999)], // the next cycle's 9999 (2049-10-13)
      // an old boleto: factor 3769 is 2008-02-01 when read near its issue date, 2032-09-22 when read in 2026
      ['3769', '2008-01-15', '2008-02-01'],
      ['3769', '2026-11-23', '2032-09-22'],
    ];
    for (const [factor, reference, due] of cases) expect(dueDateFromFactor(factor, reference), `${factor} @ ${reference}`).toBe(due);
  });

  it('names reference_date when the reference is not a date', () => {
    expect(() => dueDateFromFactor('1000', '2025-02-30')).toThrowError(
      expect.objectContaining({ code: 'validation_failed', details: [{ field: 'reference_date', issue: 'invalid_date' }] }),
    );
  });

  it('refuses factors 0001..0999 and non-digits', () => {
    expect(() => dueDateFromFactor('0999', '2025-01-01')).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => dueDateFromFactor('12a4', '2025-01-01')).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
  });

  it('property: round trip for any date inside the payment window of today', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 30_000 }), fc.integer({ min: -5500, max: 3000 }), (day, offset) => {
        const date = isoFromDayNumber(day);
        const today = isoFromDayNumber(day + offset);
        expect(dueDateFromFactor(dueDateFactor(date), today)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the chosen date always has the asked factor', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 30_000 }), (factor, todayDay) => {
        const date = dueDateFromFactor(String(factor), isoFromDayNumber(todayDay))!;
        expect(dueDateFactor(date)).toBe(String(factor));
        expect(dayNumber(date)).toBeGreaterThanOrEqual(1000);
      }),
      { numRuns: 300 },
    );
  });
});
