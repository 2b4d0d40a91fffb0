import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.ts';
import { formatPhoneForDezwork, normalizeEmail, normalizePhone } from './contact.ts';

function catchDomain(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const MOBILE = { number: '+5554999999999', formatted: '(54) 99999-9999', country: 'BR' };
const LANDLINE = { number: '+555434621234', formatted: '(54) 3462-1234', country: 'BR' };

describe('normalizePhone (BR)', () => {
  it.each([
    '54 999999999',
    '(54)99999-9999',
    '(54) 99999-9999',
    '+55 54 99999-9999',
    '+55 (54) 99999-9999',
    '+5554999999999',
    '055 54 99999 9999',
    '0055 54 99999-9999',
    '054 99999-9999',
    '5554999999999',
    '54.99999.9999',
  ])('accepts the mobile shape %s', (s) => {
    expect(normalizePhone(s)).toEqual(MOBILE);
  });

  it.each(['(54) 3462-1234', '5434621234', '+55 54 3462-1234', '054 3462 1234', '055 54 3462 1234', '555434621234'])(
    'accepts the landline shape %s',
    (s) => {
      expect(normalizePhone(s)).toEqual(LANDLINE);
    },
  );

  it('reads 0 + DDD 55 (Santa Maria, RS) as a national number, not the country code', () => {
    expect(normalizePhone('055 3222-1234').number).toBe('+555532221234');
    expect(normalizePhone('(55) 99123-4567').number).toBe('+5555991234567');
  });

  it('accepts landlines starting 2-5 in every assigned DDD', () => {
    expect(normalizePhone('(11) 2345-6789').formatted).toBe('(11) 2345-6789');
    expect(normalizePhone('(99) 5432-1098').formatted).toBe('(99) 5432-1098');
  });

  it.each([
    '10',
    '20',
    '23',
    '25',
    '26',
    '29',
    '30',
    '36',
    '39',
    '40',
    '50',
    '52',
    '56',
    '57',
    '58',
    '59',
    '60',
    '70',
    '72',
    '76',
    '78',
    '80',
    '90',
  ])('rejects the unassigned DDD %s', (ddd) => {
    const e = catchDomain(() => normalizePhone(`(${ddd}) 99999-9999`));
    expect(e.code).toBe('validation_failed');
    expect(e.details).toEqual([{ field: 'phone', issue: 'unknown DDD' }]);
  });

  it.each([
    ['too short', '54 9999-999'],
    ['too short (no DDD)', '99999-9999'],
    ['too long', '54 99999-99999'],
    ['too long international', '+55 54 99999-99999'],
    ['11 digits not starting with 9', '54 89999-9999'],
    ['10 digits starting with 9 (old mobile)', '54 9999-9999'],
    ['10 digits starting with 6', '54 6999-9999'],
    ['letters', '54 9999X-9999'],
    ['empty', '   '],
    ['extension text', '(54) 3462-1234 ramal 12'],
  ])('rejects %s: %s', (_label, s) => {
    const e = catchDomain(() => normalizePhone(s, { field: 'contacts[0].phone' }));
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].field).toBe('contacts[0].phone');
  });
});

describe('normalizePhone (PT and others)', () => {
  it.each(['912 345 678', '912345678', '+351 912 345 678', '00351 912345678', '351912345678'])('accepts the PT mobile %s', (s) => {
    expect(normalizePhone(s, { country: 'PT' })).toEqual({ number: '+351912345678', formatted: '+351 912 345 678', country: 'PT' });
  });

  it('accepts PT landlines and the Azores/Madeira regions', () => {
    expect(normalizePhone('213 456 789', { country: 'PT' }).formatted).toBe('+351 213 456 789');
    expect(normalizePhone('296 123 456', { country: 'PT-AC' }).number).toBe('+351296123456');
    expect(normalizePhone('291 123 456', { country: 'pt-ma' }).number).toBe('+351291123456');
  });

  it.each(['812 345 678', '12345678', '9123456789', '+351 812 345 678'])('rejects the PT number %s', (s) => {
    expect(catchDomain(() => normalizePhone(s, { country: 'PT' })).code).toBe('validation_failed');
  });

  it('checks +55/+351 numbers against their own plan whatever the customer country', () => {
    expect(normalizePhone('+351 912 345 678').country).toBe('PT');
    expect(normalizePhone('+55 54 99999-9999', { country: 'PT' })).toEqual(MOBILE);
    expect(() => normalizePhone('+55 20 99999-9999', { country: 'US' })).toThrow(DomainError);
  });

  it('accepts other countries as + and 8..15 digits', () => {
    expect(normalizePhone('+1 (202) 555-0123', { country: 'US' })).toEqual({
      number: '+12025550123',
      formatted: '+12025550123',
      country: 'US',
    });
    expect(normalizePhone('0049 30 1234567', { country: 'de' }).number).toBe('+49301234567');
    expect(normalizePhone('+44 20 7946 0958').country).toBe('ZZ'); // a BR customer with a UK phone
  });

  it.each(['+1 234 567', '+1234567890123456', '+0 123 456 789', '202 555 0123'])('rejects the foreign number %s', (s) => {
    expect(catchDomain(() => normalizePhone(s, { country: 'US' })).code).toBe('validation_failed');
  });
});

describe('formatPhoneForDezwork', () => {
  it('writes the DDD in parentheses with no space', () => {
    expect(formatPhoneForDezwork('+5554999999999')).toBe('(54)99999-9999');
    expect(formatPhoneForDezwork('+555434621234')).toBe('(54)3462-1234');
  });

  it('rejects non-Brazilian numbers', () => {
    expect(() => formatPhoneForDezwork('+351912345678')).toThrow(DomainError);
    expect(() => formatPhoneForDezwork('5554999999999')).toThrow(DomainError);
  });
});

describe('normalizeEmail', () => {
  it('trims and lowercases', () => {
    expect(normalizeEmail('  Financeiro@Empresa.COM.br ')).toBe('financeiro@empresa.com.br');
    expect(normalizeEmail("o'neil+billing@sub.example-mail.pt")).toBe("o'neil+billing@sub.example-mail.pt");
    expect(normalizeEmail('user@xn--mller-kva.de')).toBe('user@xn--mller-kva.de');
  });

  it.each([
    '',
    'plainaddress',
    '@example.com',
    'user@',
    'user@localhost',
    'user@example',
    'user@@example.com',
    'a@b@example.com',
    '.user@example.com',
    'user.@example.com',
    'us..er@example.com',
    'user name@example.com',
    'user@-example.com',
    'user@example-.com',
    'user@exa_mple.com',
    'user@example.c',
    'user@example.123',
    'user@example..com',
    'usér@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.${'e'.repeat(60)}.com`,
  ])('rejects %s', (s) => {
    const e = catchDomain(() => normalizeEmail(s, 'billing_email'));
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].field).toBe('billing_email');
  });

  it('accepts exactly 254 characters and rejects 255', () => {
    const at254 = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
    expect(at254.length).toBe(254);
    expect(normalizeEmail(at254)).toBe(at254);
    expect(() => normalizeEmail(`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(58)}.com`)).toThrow(DomainError);
  });
});

describe('properties', () => {
  const ddd = fc.constantFrom('11', '21', '31', '41', '47', '51', '54', '55', '61', '71', '81', '91', '99');
  const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const mobile = fc.tuple(ddd, digits(8)).map(([d, r]) => `${d}9${r}`);
  const landline = fc.tuple(ddd, fc.constantFrom('2', '3', '4', '5'), digits(7)).map(([d, f, r]) => `${d}${f}${r}`);

  it('every accepted BR notation of a number gives the same E.164, and formatted re-normalizes to it', () => {
    fc.assert(
      fc.property(fc.oneof(mobile, landline), (n) => {
        const expected = `+55${n}`;
        const ddd2 = n.slice(0, 2);
        const rest = n.slice(2);
        const shapes = [n, `(${ddd2}) ${rest}`, `+55 ${ddd2} ${rest}`, `0${n}`, `055${n}`, `0055 ${n}`, `55${n}`];
        for (const s of shapes) expect(normalizePhone(s).number).toBe(expected);
        const p = normalizePhone(n);
        expect(normalizePhone(p.formatted)).toEqual(p);
        expect(normalizePhone(p.number)).toEqual(p);
        expect(normalizePhone(formatPhoneForDezwork(p.number))).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });

  it('normalizePhone and normalizeEmail only ever throw DomainError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('BR', 'PT', 'US'), (s, country) => {
        for (const f of [() => normalizePhone(s, { country }), () => normalizeEmail(s)]) {
          try {
            f();
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
