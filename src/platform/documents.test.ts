import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import { formatDocument, isValidCnpj, isValidCpf, isValidNif, normalizeDocument } from './documents.ts';

// --- Independent oracles (written from the published algorithms, not from the library) ---------------

// CPF: DV1 = mod 11 of digits 1..9 weighted 10..2, DV2 = digits 1..10 weighted 11..2; remainder < 2 → 0.
function cpfCheckDigits(base9: string): string {
  const dv = (s: string) => {
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += Number(s[i]) * (s.length + 1 - i);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(base9);
  return `${d1}${dv(base9 + d1)}`;
}

// CNPJ (IN RFB 2.229/2024): each char is worth its ASCII code minus 48 (digits 0-9, 'A' = 17 ... 'Z' = 42);
// weights 2..9 cycling from the right; remainder < 2 → 0.
function cnpjCheckDigits(base12: string): string {
  const dv = (s: string) => {
    let sum = 0;
    for (let i = 0; i < s.length; i++) {
      const weight = ((s.length - 1 - i) % 8) + 2;
      sum += (s.charCodeAt(i) - 48) * weight;
    }
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(base12);
  return `${d1}${dv(base12 + d1)}`;
}

const oracleCpf = (v: string) =>
  /^\d{11}$/.test(v) && !/^(\d)\1{10}$/.test(v) && v !== '12345678909' && cpfCheckDigits(v.slice(0, 9)) === v.slice(9);
const oracleCnpj = (v: string) =>
  /^[0-9A-Z]{12}\d{2}$/.test(v) && !/^(\d)\1{13}$/.test(v) && cnpjCheckDigits(v.slice(0, 12)) === v.slice(12);

function catchDomain(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

// --- Published vectors -----------------------------------------------------------------------------

// Sources:
//  [stdnum-cpf]  arthurdejong/python-stdnum stdnum/br/cpf.py (module docstring)
//  [stella-cpf]  caelum/caelum-stella stella-core/src/test/java/br/com/caelum/stella/validation/CPFValidatorTest.java
//  [bu-cpf]      brazilian-utils/javascript src/is-valid-cpf/is-valid-cpf.test.ts
const VALID_CPFS = [
  '390.533.447-05', // [stdnum-cpf]
  '88641577947',
  '34608514300',
  '47393545608',
  '356.296.825-63', // [stella-cpf] shouldValidateValidCPF / ...FormattedCPF
  '248.438.034-80',
  '099.075.865-60', // [stella-cpf] "VALID CPF" comments
  '40364478829',
  '962.718.458-60',
  '28001238938',
  '280.012.389-38', // [bu-cpf] (assertions only, not its benchmark inputs)
];
const INVALID_CPFS = [
  '231.002.999-00', // [stdnum-cpf] invalid checksum
  '111.111.111-12',
  '24843803470',
  '09907586561',
  '1234567890',
  '123456789012',
  '1111111a111', // [stella-cpf]
  '11257245286',
  '40364478837',
  'abcabcabcde',
  '123456',
  '!40364478829', // [bu-cpf]
];

// Sources:
//  [stdnum-cnpj]  arthurdejong/python-stdnum tests/test_br_cnpj.doctest and stdnum/br/cnpj.py (docstring)
//  [bu-cnpj]      brazilian-utils/javascript src/is-valid-cnpj/is-valid-cnpj.test.ts
const VALID_NUMERIC_CNPJS = [
  '07.195.358/0001-66',
  '08.807.432/0001-10',
  '11.015.248/0001-42',
  '11.017.153/0001-68',
  '11.017.153/0002-49',
  '11.017.153/0003-20',
  '11.017.153/0005-91',
  '11.980.459/0001-15',
  '14.847.283/0001-16',
  '14.847.283/0002-05',
  '14.847.283/0003-88',
  '14.847.283/0004-69',
  '14.847.283/0005-40',
  '16.727.230.0001-97',
  '18.090.575/0001-08',
  '18.090.575/0002-99',
  '18.090.575/0003-70',
  '18.090.575/0004-50',
  '18.090.575/0005-31',
  '22.610.961/0001-50',
  '44.407.989/0001-28',
  '47.080.619/0001-17',
  '53.612.734/0001-98',
  '61882613000194',
  '69.435.154/0001-02', // [stdnum-cnpj]
  '16.727.230/0001-97', // [stdnum-cnpj] docstring
  '13723705000189',
  '60.391.947/0001-00',
  '11 222 333 0001 81', // [bu-cnpj] (assertions only)
];
// The Receita Federal's alphanumeric CNPJ examples (RFB reference code / Q&A), as reproduced in [bu-cnpj];
// '12.ABC.345/01DE-35' is also in [stdnum-cnpj]'s docstring.
const VALID_ALNUM_CNPJS = [
  '12.ABC.345/01DE-35',
  'ABCDEFGHIJKL80',
  'AA345678/000A-29',
  '12.345.678/000A-08',
  'AA345678/0003-86',
  'q0slfmbd7vx439',
  '1z000000000039',
  '1Z 000 000 0000 39',
];
const INVALID_CNPJS = [
  '16.727.230.0001-98', // [stdnum-cnpj] invalid checksum
  '11257245286531',
  '12312312312',
  'ababcabcabcdab',
  '12.ABC.345/01DE-99',
  'ABCDEFGHIJKL81',
  'AA345678/0003-29',
  'AB.1C2.D3E/4F5G-3',
  'AB.1C2.D3E/4F5G-356',
  '13723705000189!',
  'Q0SLFMBD7VX400', // [bu-cnpj]
];

// Sources:
//  [stdnum-nif]   arthurdejong/python-stdnum stdnum/pt/nif.py (docstring) and tests/test_eu_vat.doctest (PT lines)
//  [respect-nif]  Respect/Validation tests/unit/Rules/PortugueseNifTest.php
const VALID_NIFS = [
  'PT 501 964 843',
  'PT 500 019 720',
  'PT 500135.495',
  'PT 501 507 930',
  'PT 501 519 246',
  'PT 502448911',
  'PT 502971142',
  'PT 504141066',
  'PT 506 030 636',
  'PT 506835669',
  'PT 507 223 730',
  'PT 507 757 505',
  'PT 507 859 146',
  'PT 507297687',
  'PT 508 081 327',
  'PT 509 250 505',
  'PT 509284930',
  'PT-505 856 468',
  'PT503038083', // [stdnum-nif]
  '124885446',
  '296981079',
  '372697216',
  '452536910',
  '547512104',
  '600481093',
  '709060548',
  '748501746',
  '755231872',
  '712993010',
  '726086193',
  '774001437',
  '787667560',
  '796553823',
  '839697350',
  '909339260',
  '912534087',
  '982150148',
  '990402509', // [respect-nif]
];
const INVALID_NIFS = [
  'PT 501 964 842', // [stdnum-nif] invalid check digit
  '129468882',
  '220005245',
  '389684008',
  '454438148',
  '504116863',
  '671236496',
  '703830557',
  '743373410',
  '750701191',
  '710147053',
  '725277167',
  '777722796',
  '784431824',
  '798137629',
  '801391192',
  '907147885',
  '911864617',
  '983401988',
  '995934101',
  'ABC885446',
  '29698107',
  '3726972165', // [respect-nif]
];

describe('CPF', () => {
  it.each(VALID_CPFS)('accepts published valid CPF %s', (s) => {
    expect(isValidCpf(s)).toBe(true);
    const d = normalizeDocument(s);
    expect(d.kind).toBe('cpf');
    expect(d.value).toBe(s.replace(/\D/g, ''));
    expect(d.formatted).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
  });

  it.each(INVALID_CPFS)('rejects published invalid CPF %s', (s) => {
    expect(isValidCpf(s)).toBe(false);
    const e = catchDomain(() => normalizeDocument(s, { personType: 'PF' }));
    expect(e.code).toBe('invalid_document');
    expect(e.details).toEqual([{ field: 'document', issue: expect.any(String) }]);
  });

  it('formats the documented example', () => {
    expect(normalizeDocument('00857893050')).toEqual({ kind: 'cpf', value: '00857893050', formatted: '008.578.930-50' });
    expect(formatDocument('cpf', '00857893050')).toBe('008.578.930-50');
  });

  it('rejects every repeated-digit CPF although their check digits compute', () => {
    for (let d = 0; d <= 9; d++) {
      const v = String(d).repeat(11);
      expect(cpfCheckDigits(v.slice(0, 9))).toBe(v.slice(9)); // mathematically "valid"...
      expect(isValidCpf(v)).toBe(false); // ...but never issued
      expect(() => normalizeDocument(v)).toThrow(DomainError);
    }
    expect(() => normalizeDocument('000.000.000-00')).toThrow(DomainError);
  });

  it('rejects the dummy 123.456.789-09 (cpf-cnpj-validator blacklist; brazilian-utils accepts it)', () => {
    expect(cpfCheckDigits('123456789')).toBe('09');
    expect(isValidCpf('123.456.789-09')).toBe(false);
  });

  it('accepts spaces, dots, hyphens and slashes but not other characters', () => {
    expect(normalizeDocument(' 390 533 447 05 ').value).toBe('39053344705');
    expect(normalizeDocument('390/533/447-05').value).toBe('39053344705');
    expect(() => normalizeDocument('390_533_447_05')).toThrow(DomainError);
    // The library's loose mode would drop the letters and accept this; we must not.
    expect(isValidCpf('foo390.533.447-05')).toBe(false);
    expect(catchDomain(() => normalizeDocument('foo390.533.447-05')).code).toBe('invalid_document');
  });
});

describe('CNPJ', () => {
  it.each(VALID_NUMERIC_CNPJS)('accepts published valid numeric CNPJ %s', (s) => {
    expect(isValidCnpj(s)).toBe(true);
    const d = normalizeDocument(s);
    expect(d.kind).toBe('cnpj');
    expect(d.value).toBe(s.replace(/\D/g, ''));
    expect(d.formatted).toMatch(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
  });

  it.each(VALID_ALNUM_CNPJS)('accepts Receita Federal alphanumeric example %s', (s) => {
    expect(isValidCnpj(s)).toBe(true);
    const d = normalizeDocument(s, { personType: 'PJ' });
    expect(d.kind).toBe('cnpj');
    expect(d.value).toBe(s.replace(/[^0-9A-Za-z]/g, '').toUpperCase());
  });

  it.each(INVALID_CNPJS)('rejects published invalid CNPJ %s', (s) => {
    expect(isValidCnpj(s)).toBe(false);
    const e = catchDomain(() => normalizeDocument(s, { personType: 'PJ', field: 'tax_id' }));
    expect(e.code).toBe('invalid_document');
    expect(e.details[0].field).toBe('tax_id');
  });

  it('formats the documented examples', () => {
    expect(normalizeDocument('58009342000152')).toEqual({ kind: 'cnpj', value: '58009342000152', formatted: '58.009.342/0001-52' });
    expect(normalizeDocument('12abc34501de35')).toEqual({ kind: 'cnpj', value: '12ABC34501DE35', formatted: '12.ABC.345/01DE-35' });
    expect(formatDocument('cnpj', '12ABC34501DE35')).toBe('12.ABC.345/01DE-35');
  });

  it('rejects repeated-digit CNPJs', () => {
    for (let d = 0; d <= 9; d++) expect(isValidCnpj(String(d).repeat(14))).toBe(false);
    expect(() => normalizeDocument('00.000.000/0000-00')).toThrow(DomainError);
  });

  it('rejects letters in the check digits', () => {
    expect(isValidCnpj('12ABC34501DE3A')).toBe(false);
  });
});

describe('person type and length inference (BR)', () => {
  it('infers CPF from 11 and CNPJ from 14 characters', () => {
    expect(normalizeDocument('39053344705').kind).toBe('cpf');
    expect(normalizeDocument('16727230000197').kind).toBe('cnpj');
  });

  it('requires a CPF for PF and a CNPJ for PJ', () => {
    expect(catchDomain(() => normalizeDocument('16727230000197', { personType: 'PF' })).code).toBe('invalid_document');
    expect(catchDomain(() => normalizeDocument('39053344705', { personType: 'PJ' })).code).toBe('invalid_document');
  });

  it('rejects other lengths and empty input, reporting the given field', () => {
    for (const s of ['', '   ', '123', '1234567890123', '123456789012345']) {
      const e = catchDomain(() => normalizeDocument(s, { field: 'customer.document' }));
      expect(e.code).toBe('invalid_document');
      expect(e.details[0].field).toBe('customer.document');
    }
  });

  it('defaults to BR when the country is absent or BR in any case', () => {
    expect(normalizeDocument('39053344705', { country: 'br' }).kind).toBe('cpf');
  });
});

describe('Portuguese NIF', () => {
  it.each(VALID_NIFS)('accepts published valid NIF %s', (s) => {
    expect(isValidNif(s)).toBe(true);
    const d = normalizeDocument(s, { country: 'PT' });
    expect(d).toEqual({ kind: 'nif', value: s.replace(/\D/g, ''), formatted: s.replace(/\D/g, '') });
  });

  it.each(INVALID_NIFS)('rejects published invalid NIF %s', (s) => {
    expect(isValidNif(s)).toBe(false);
    expect(catchDomain(() => normalizeDocument(s, { country: 'PT' })).code).toBe('invalid_document');
  });

  it('treats the Azores and Madeira as Portugal', () => {
    expect(normalizeDocument('501 964 843', { country: 'PT-AC' }).value).toBe('501964843');
    expect(normalizeDocument('pt501964843', { country: 'pt-ma' }).value).toBe('501964843');
    expect(() => normalizeDocument('501964842', { country: 'PT-MA' })).toThrow(DomainError);
  });

  it('rejects unassigned leading digits even with a correct check digit', () => {
    // Build numbers with a correct check digit for each unassigned prefix.
    const withCheck = (first8: string) => {
      let sum = 0;
      for (let i = 0; i < 8; i++) sum += (9 - i) * Number(first8[i]);
      return first8 + String(((11 - (sum % 11)) % 11) % 10);
    };
    for (const prefix of ['0', '40', '41', '44', '46', '49', '73', '76', '92', '93', '95', '97']) {
      const n = withCheck((prefix + '1234567').slice(0, 8));
      expect(isValidNif(n)).toBe(false);
    }
    // ...while assigned ones with the same construction pass.
    for (const prefix of ['1', '2', '3', '45', '5', '6', '70', '78', '8', '90', '99']) {
      expect(isValidNif(withCheck((prefix + '1234567').slice(0, 8)))).toBe(true);
    }
  });
});

describe('foreign tax ids (kind "nif" outside BR/PT)', () => {
  it('keeps uppercase alphanumerics', () => {
    expect(normalizeDocument(' de 123.456/78 ', { country: 'DE' })).toEqual({ kind: 'nif', value: 'DE12345678', formatted: 'DE12345678' });
    expect(normalizeDocument('12-3456789', { country: 'us' }).value).toBe('123456789');
  });

  it('does not apply Brazilian checks abroad', () => {
    expect(normalizeDocument('11111111111', { country: 'AR' }).value).toBe('11111111111');
  });

  it('rejects values outside 3..32 characters of [A-Za-z0-9 .-/]', () => {
    for (const s of ['ab', 'x'.repeat(33), 'abc_123', 'ação123', '---']) {
      expect(catchDomain(() => normalizeDocument(s, { country: 'FR' })).code).toBe('invalid_document');
    }
  });
});

describe('formatDocument', () => {
  it('returns NIF / foreign values as-is', () => {
    expect(formatDocument('nif', '501964843')).toBe('501964843');
  });
});

// --- Properties ------------------------------------------------------------------------------------

const digit = fc.constantFrom(...'0123456789');
const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const cpfArb = fc
  .string({ unit: digit, minLength: 9, maxLength: 9 })
  .map((b) => b + cpfCheckDigits(b))
  .filter((v) => oracleCpf(v));
const cnpjArb = fc
  .string({ unit: alnum, minLength: 12, maxLength: 12 })
  .map((b) => b + cnpjCheckDigits(b))
  .filter((v) => oracleCnpj(v));
const numericCnpjArb = fc
  .string({ unit: digit, minLength: 12, maxLength: 12 })
  .map((b) => b + cnpjCheckDigits(b))
  .filter((v) => oracleCnpj(v));

describe('properties', () => {
  it('a generated CPF normalizes, formats and round-trips', () => {
    fc.assert(
      fc.property(cpfArb, (v) => {
        const d = normalizeDocument(v);
        expect(d).toEqual({ kind: 'cpf', value: v, formatted: `${v.slice(0, 3)}.${v.slice(3, 6)}.${v.slice(6, 9)}-${v.slice(9)}` });
        expect(normalizeDocument(d.formatted, { personType: 'PF' })).toEqual(d);
      }),
      { numRuns: 500 },
    );
  });

  it('a generated CNPJ (numeric or alphanumeric, any case) normalizes, formats and round-trips', () => {
    fc.assert(
      fc.property(fc.oneof(cnpjArb, numericCnpjArb), fc.boolean(), (v, lower) => {
        const d = normalizeDocument(lower ? v.toLowerCase() : v);
        const formatted = `${v.slice(0, 2)}.${v.slice(2, 5)}.${v.slice(5, 8)}/${v.slice(8, 12)}-${v.slice(12)}`;
        expect(d).toEqual({ kind: 'cnpj', value: v, formatted });
        expect(normalizeDocument(d.formatted, { personType: 'PJ' })).toEqual(d);
        expect(formatDocument('cnpj', v)).toBe(formatted);
      }),
      { numRuns: 500 },
    );
  });

  // Mod 11 with "remainder 0 or 1 → 0" maps two remainders to one digit, so a few single-digit changes
  // keep both check digits right; the oracle decides, and a changed check digit is always caught.
  it('changing one CPF digit invalidates it unless the independent oracle says otherwise', () => {
    fc.assert(
      fc.property(cpfArb, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (v, pos, delta) => {
        const changed = v.slice(0, pos) + String((Number(v[pos]) + delta) % 10) + v.slice(pos + 1);
        expect(isValidCpf(changed)).toBe(oracleCpf(changed));
        if (pos >= 9) expect(isValidCpf(changed)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('changing one CNPJ character invalidates it unless the independent oracle says otherwise', () => {
    fc.assert(
      fc.property(cnpjArb, fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1, max: 35 }), (v, pos, delta) => {
        const set = pos >= 12 ? '0123456789' : '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
        const next = set[(set.indexOf(v[pos]) + delta) % set.length];
        fc.pre(next !== v[pos]);
        const changed = v.slice(0, pos) + next + v.slice(pos + 1);
        expect(isValidCnpj(changed)).toBe(oracleCnpj(changed));
        if (pos >= 12) expect(isValidCnpj(changed)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('isValid* never throw on arbitrary strings and normalizeDocument only throws DomainError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('BR', 'PT', 'US'), (s, country) => {
        expect(typeof isValidCpf(s)).toBe('boolean');
        expect(typeof isValidCnpj(s)).toBe('boolean');
        expect(typeof isValidNif(s)).toBe('boolean');
        try {
          normalizeDocument(s, { country });
        } catch (e) {
          expect(e).toBeInstanceOf(DomainError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
