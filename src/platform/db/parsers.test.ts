import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTimestamptz } from './parsers.ts';

const viaDate = (v: string) => new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();

describe('parseTimestamptz', () => {
  it.each([
    ['2026-11-23 05:12:33.123456+00', '2026-11-23T05:12:33.123Z'],
    ['2026-11-23 05:12:33+00', '2026-11-23T05:12:33.000Z'],
    ['2026-11-23 05:12:33.1+00', '2026-11-23T05:12:33.100Z'],
    ['2026-11-23 05:12:33.12+00', '2026-11-23T05:12:33.120Z'],
    ['2026-11-23 05:12:33.999999+00', '2026-11-23T05:12:33.999Z'],
    ['2026-11-23 02:12:33.5-03', '2026-11-23T05:12:33.500Z'],
  ])('%s → %s', (pg, iso) => expect(parseTimestamptz(pg)).toBe(iso));

  it('gives what Date gives for any UTC timestamp Postgres prints', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2999-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (d, micros) => {
          const iso = d.toISOString();
          const frac = `${iso.slice(20, 23)}${String(micros).padStart(3, '0')}`.replace(/0+$/, '');
          const pg = `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac ? `.${frac}` : ''}+00`;
          expect(parseTimestamptz(pg)).toBe(viaDate(pg));
        },
      ),
    );
  });
});
