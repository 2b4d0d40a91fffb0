import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.ts';
import { BR_UFS, PT_REGIONS, normalizePostalCode, normalizeUf } from './postal.ts';

function catchDomain(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('normalizePostalCode (BR)', () => {
  it.each(['95720-000', '95720000', '95.720-000', ' 95720-000 '])('accepts the CEP %s', (s) => {
    expect(normalizePostalCode('BR', s)).toEqual({ value: '95720000', formatted: '95720-000' });
  });

  it('accepts the lowest and highest CEPs and lowercase country', () => {
    expect(normalizePostalCode('br', '01000-000').formatted).toBe('01000-000');
    expect(normalizePostalCode('BR', '99999999').formatted).toBe('99999-999');
  });

  it.each(['', '9572-000', '957200000', '95720 000', '9572O-000', '95720--000', '00000-000', '00999-999', '95-720-000'])(
    'rejects the CEP "%s"',
    (s) => {
      const e = catchDomain(() => normalizePostalCode('BR', s, 'address.postal_code'));
      expect(e.code).toBe('validation_failed');
      expect(e.details).toEqual([{ field: 'address.postal_code', issue: expect.any(String) }]);
    },
  );
});

describe('normalizePostalCode (PT)', () => {
  it.each(PT_REGIONS)('accepts NNNN-NNN and 7 digits in %s', (region) => {
    expect(normalizePostalCode(region, '1000-001')).toEqual({ value: '1000-001', formatted: '1000-001' });
    expect(normalizePostalCode(region, '1000001')).toEqual({ value: '1000-001', formatted: '1000-001' });
    expect(normalizePostalCode(region.toLowerCase(), ' 9500 321 ').value).toBe('9500-321');
  });

  it.each(['1000', '1000-01', '10000-001', '1000-0011', 'A000-001', '100000'])('rejects "%s"', (s) => {
    expect(catchDomain(() => normalizePostalCode('PT', s)).code).toBe('validation_failed');
  });

  it('the format is the rule: DDDD-DDD, so the TOConline example 0000-000 is accepted; refusals state the format', () => {
    expect(normalizePostalCode('PT', '0000-000')).toEqual({ value: '0000-000', formatted: '0000-000' });
    expect(normalizePostalCode('PT-MA', '0999-001').value).toBe('0999-001');
    expect(catchDomain(() => normalizePostalCode('PT', '0000-00')).details[0].issue).toBe(
      'postal code must be DDDD-DDD (4 digits, a hyphen, 3 digits)',
    );
    // A CEP of the right shape below the lowest assigned one says so.
    expect(catchDomain(() => normalizePostalCode('BR', '00000-000')).details[0].issue).toBe(
      'CEP must be 8 digits (NNNNN-NNN), 01000-000 or above',
    );
  });
});

describe('normalizePostalCode (other countries)', () => {
  it('trims, uppercases and collapses spaces', () => {
    expect(normalizePostalCode('GB', ' sw1a   1aa ')).toEqual({ value: 'SW1A 1AA', formatted: 'SW1A 1AA' });
    expect(normalizePostalCode('US', '20500-0003').value).toBe('20500-0003');
    expect(normalizePostalCode('DE', '10115').value).toBe('10115');
  });

  it.each(['', 'x'.repeat(17), 'ABC#123', '-1234'])('rejects "%s"', (s) => {
    expect(catchDomain(() => normalizePostalCode('FR', s)).code).toBe('validation_failed');
  });

  it('accepts exactly 16 characters', () => {
    expect(normalizePostalCode('XX', 'A'.repeat(16)).value).toHaveLength(16);
  });
});

describe('normalizeUf', () => {
  it('lists the 27 units of the federation', () => {
    expect(BR_UFS).toHaveLength(27);
    expect(new Set(BR_UFS).size).toBe(27);
  });

  it('uppercases and trims', () => {
    expect(normalizeUf('rs')).toBe('RS');
    expect(normalizeUf(' sp ')).toBe('SP');
    for (const uf of BR_UFS) expect(normalizeUf(uf.toLowerCase())).toBe(uf);
  });

  it.each(['', 'XX', 'BR', 'R', 'RSS', 'Rio Grande do Sul'])('rejects "%s"', (s) => {
    const e = catchDomain(() => normalizeUf(s, 'address.state'));
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].field).toBe('address.state');
  });
});

describe('properties', () => {
  const digit = fc.constantFrom(...'0123456789');
  it('any 8-digit CEP from 01000-000 round-trips through its formatted form', () => {
    fc.assert(
      fc.property(fc.string({ unit: digit, minLength: 8, maxLength: 8 }), (v) => {
        fc.pre(v >= '01000000');
        const r = normalizePostalCode('BR', v);
        expect(r.value).toBe(v);
        expect(normalizePostalCode('BR', r.formatted)).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('only DomainError is ever thrown', () => {
    fc.assert(
      fc.property(fc.constantFrom('BR', 'PT', 'PT-AC', 'DE'), fc.string({ maxLength: 20 }), (c, s) => {
        try {
          normalizePostalCode(c, s);
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
