import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import { normalizeQuantity, normalizeUsage } from './normalize-usage.ts';

const base = { contract_id: '01a20702-02a5-73ec-8b1e-353181bf1e0a', quantity: '1' };

describe('normalizeQuantity', () => {
  it.each([
    ['12', '12'],
    ['007.250', '7.25'],
    ['0.000', '0'],
    ['0', '0'],
    [' 3.5 ', '3.5'],
    ['12345678901234.123456', '12345678901234.123456'],
  ])('%j → %j', (input, out) => expect(normalizeQuantity(input, [])).toBe(out));

  it('spells every plain decimal exactly as the exact decimal parser does', () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    fc.assert(
      fc.property(digits(1, 14), fc.option(digits(1, 6), { nil: undefined }), (int, frac) => {
        const text = frac === undefined ? int : `${int}.${frac}`;
        expect(normalizeQuantity(text, [])).toBe(formatDecimal(parseDecimal(text, 6)));
      }),
    );
  });

  it('refuses more than 6 decimal places or 14 integer digits', () => {
    for (const bad of ['1.1234567', '123456789012345']) {
      const details: { field: string; issue: string }[] = [];
      expect(normalizeQuantity(bad, details)).toBeNull();
      expect(details[0].field).toBe('quantity');
    }
  });
});

describe('normalizeUsage reference_date', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['1899-12-31', false],
    ['3000-01-01', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-1-01', false],
  ])('%s valid: %s', (date, ok) => {
    const r = normalizeUsage({ ...base, reference_date: date });
    expect(r.ok).toBe(ok);
  });
});
