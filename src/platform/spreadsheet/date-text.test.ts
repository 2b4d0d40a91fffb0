import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { excelSerialToIso, isoToPtBr, isoToUtcDate, parseDateText, utcDateToIso } from './date-text.ts';

describe('parseDateText', () => {
  it.each([
    ['31/01/2025', '2025-01-31'],
    ['1/2/2025', '2025-02-01'],
    ['29/02/2024', '2024-02-29'],
    ['31-12-1999', '1999-12-31'],
    ['31.12.1999', '1999-12-31'],
    ['2025-01-31', '2025-01-31'],
    ['2025-01-31T13:45:00Z', '2025-01-31'],
    ['2025-01-31 08:00', '2025-01-31'],
    ['31/01/2025 08:00:00', '2025-01-31'],
    [' 05/06/2025 ', '2025-06-05'],
  ])('%j → %s', (text, iso) => {
    expect(parseDateText(text)).toEqual({ ok: true, value: iso });
  });

  it.each(['29/02/2025', '31/04/2025', '00/01/2025', '2025-13-01', '01/01/1899'])('%s does not exist', (text) => {
    expect(parseDateText(text)).toEqual({ ok: false, reason: 'nonexistent' });
  });

  it.each(['31/01/25', '2025/01/31', '31/01-2025', 'amanhã', '', '20250131', '01/31/2025x'])('%j is not a date', (text) => {
    expect(parseDateText(text)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('reads back every valid date written as dd/mm/aaaa', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = utcDateToIso(d)!;
        expect(parseDateText(isoToPtBr(iso))).toEqual({ ok: true, value: iso });
        expect(utcDateToIso(isoToUtcDate(iso)!)).toBe(iso);
      }),
      { numRuns: 500 },
    );
  });
});

describe('excelSerialToIso', () => {
  // Microsoft's DATE function documentation (support.microsoft.com, "DATE function"): "January 1, 1900
  // is serial number 1, and January 1, 2008 is serial number 39448 because it is 39,447 days after
  // January 1, 1900." Serial 60 is Excel's nonexistent 1900-02-29 (kept for Lotus 1-2-3 compatibility).
  it.each([
    [1, '1900-01-01'],
    [39448, '2008-01-01'],
    [59, '1900-02-28'],
    [61, '1900-03-01'],
    [45658.75, '2025-01-01'],
    [2958465, '9999-12-31'],
  ])('%s → %s', (serial, iso) => {
    expect(excelSerialToIso(serial)).toBe(iso);
  });

  it('refuses serials out of Excel range', () => {
    expect(excelSerialToIso(0)).toBeNull();
    expect(excelSerialToIso(2958466)).toBeNull();
    expect(excelSerialToIso(NaN)).toBeNull();
  });
});
