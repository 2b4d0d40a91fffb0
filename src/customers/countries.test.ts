import { describe, it, expect } from 'vitest';
import { COUNTRIES, countryByCode, isKnownCountry } from './countries.ts';
import { PT_REGIONS } from './postal.ts';

describe('COUNTRIES', () => {
  it('has the 249 ISO 3166-1 alpha-2 countries plus PT-AC and PT-MA', () => {
    expect(COUNTRIES).toHaveLength(251);
    const iso = COUNTRIES.filter((c) => /^[A-Z]{2}$/.test(c.iso_alpha_2));
    expect(iso).toHaveLength(249);
    expect(COUNTRIES.slice(249).map((c) => c.iso_alpha_2)).toEqual(['PT-AC', 'PT-MA']);
    for (const r of PT_REGIONS) expect(isKnownCountry(r)).toBe(true);
  });

  it('numbers ids 1..251: alphabetical alpha-2 order, then the Portuguese regions', () => {
    expect(COUNTRIES.map((c) => c.id)).toEqual(Array.from({ length: 251 }, (_, i) => i + 1));
    const codes = COUNTRIES.slice(0, 249).map((c) => c.iso_alpha_2);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(COUNTRIES.map((c) => c.iso_alpha_2)).size).toBe(251);
  });

  // These ids are public API: if this test fails, an id was renumbered.
  it.each([
    ['AD', 1],
    ['AR', 10],
    ['BR', 31],
    ['DE', 57],
    ['ES', 68],
    ['FR', 75],
    ['GB', 77],
    ['PT', 184],
    ['US', 233],
    ['ZW', 249],
    ['PT-AC', 250],
    ['PT-MA', 251],
  ] as const)('keeps the id of %s at %i', (code, id) => {
    expect(countryByCode(code)?.id).toBe(id);
  });

  it('has Portuguese and English names for every entry', () => {
    for (const c of COUNTRIES) {
      expect(c.name_pt.trim()).not.toBe('');
      expect(c.name_en.trim()).not.toBe('');
    }
    expect(countryByCode('BR')).toEqual({ id: 31, iso_alpha_2: 'BR', name_pt: 'Brasil', name_en: 'Brazil' });
    expect(countryByCode('DE')?.name_pt).toBe('Alemanha');
    expect(countryByCode('PT-AC')).toEqual({ id: 250, iso_alpha_2: 'PT-AC', name_pt: 'Portugal - Açores', name_en: 'Portugal - Azores' });
  });

  it('is immutable', () => {
    expect(Object.isFrozen(COUNTRIES)).toBe(true);
    expect(Object.isFrozen(COUNTRIES[0])).toBe(true);
  });
});

describe('countryByCode / isKnownCountry', () => {
  it('is case-insensitive and ignores surrounding spaces', () => {
    expect(countryByCode('br')?.iso_alpha_2).toBe('BR');
    expect(countryByCode(' pt-ma ')?.iso_alpha_2).toBe('PT-MA');
    expect(isKnownCountry('Pt')).toBe(true);
  });

  it('rejects unknown, reserved and malformed codes', () => {
    for (const c of ['', 'XX', 'UK', 'EU', 'XK', 'BRA', 'PT-XX', 'PT-', '-AC', 'B']) {
      expect(isKnownCountry(c)).toBe(false);
      expect(countryByCode(c)).toBeUndefined();
    }
  });
});
