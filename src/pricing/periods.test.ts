import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.ts';
import { fromDayNumber, toDayNumber } from '../platform/dates.ts';
import { billingDateOf, contractPeriodUnit, periodContaining, periodDueOn, periodsBetween } from './periods.ts';
import { contract, contractWithPeriod, item, service } from './test-fixtures.ts';
import type { BillingPeriodUnit, ContractSnapshot } from './types.ts';

const UNITS: BillingPeriodUnit[] = ['monthly', 'quarterly', 'semiannual', 'yearly'];

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** Which reference dates in [from, to] bill something, walking day by day like the daily run. */
function dueDates(c: ContractSnapshot, from: string, to: string): [string, string][] {
  const out: [string, string][] = [];
  for (let d = toDayNumber(from); d <= toDayNumber(to); d++) {
    const p = periodDueOn(c, fromDayNumber(d));
    if (p) out.push([fromDayNumber(d), p.key]);
  }
  return out;
}

describe('periodDueOn — monthly, in arrears', () => {
  it('a contract starting on the 17th with billing day 5 is first billed on the next 5th', () => {
    const c = contract({ startDate: '2026-11-17', billingDay: 5 });
    expect(periodContaining(c, '2026-11-17')?.key).toBe('2026-11-05..2026-12-04');
    expect(dueDates(c, '2026-11-01', '2027-01-31')).toEqual([
      ['2026-12-05', '2026-11-05..2026-12-04'],
      ['2027-01-05', '2026-12-05..2027-01-04'],
    ]);
  });

  it('a start before the billing day anchors on the previous month', () => {
    const c = contract({ startDate: '2026-11-03', billingDay: 5 });
    expect(periodContaining(c, '2026-11-03')?.key).toBe('2026-10-05..2026-11-04');
    expect(periodDueOn(c, '2026-11-05')?.key).toBe('2026-10-05..2026-11-04');
    expect(periodContaining(c, '2026-10-04')).toBeNull();
  });

  it('a start on the billing day itself bills a full period one period later', () => {
    const c = contract({ startDate: '2026-11-05', billingDay: 5 });
    expect(periodDueOn(c, '2026-11-05')).toBeNull();
    expect(periodDueOn(c, '2026-12-05')).toEqual({
      start: '2026-11-05',
      end: '2026-12-04',
      key: '2026-11-05..2026-12-04',
    });
  });

  it('nothing is due on other days of the month', () => {
    const c = contract({ startDate: '2026-01-01', billingDay: 10 });
    expect(periodDueOn(c, '2026-03-09')).toBeNull();
    expect(periodDueOn(c, '2026-03-11')).toBeNull();
    expect(periodDueOn(c, '2026-03-10')?.key).toBe('2026-02-10..2026-03-09');
  });

  it('a 31-day month with billing day 1', () => {
    const c = contract({ startDate: '2026-12-20', billingDay: 1 });
    expect(periodDueOn(c, '2027-02-01')?.key).toBe('2027-01-01..2027-01-31');
  });

  it('February in a non-leap year (2027) and a leap year (2028)', () => {
    const c = contract({ startDate: '2026-12-20', billingDay: 1 });
    expect(periodDueOn(c, '2027-03-01')?.key).toBe('2027-02-01..2027-02-28');
    expect(periodDueOn(c, '2028-03-01')?.key).toBe('2028-02-01..2028-02-29');
  });

  it('billing day 28 around February', () => {
    const c = contract({ startDate: '2026-12-28', billingDay: 28 });
    expect(periodDueOn(c, '2027-02-28')?.key).toBe('2027-01-28..2027-02-27');
    expect(periodDueOn(c, '2027-03-28')?.key).toBe('2027-02-28..2027-03-27');
    expect(periodDueOn(c, '2028-03-28')?.key).toBe('2028-02-28..2028-03-27');
    expect(periodDueOn(c, '2027-03-01')).toBeNull();
  });
});

describe('periodDueOn — longer periods', () => {
  it('quarterly: anchored on the start month, billed every third month', () => {
    const c = contractWithPeriod('quarterly', { startDate: '2026-11-17', billingDay: 5 });
    expect(dueDates(c, '2026-11-01', '2027-08-31')).toEqual([
      ['2027-02-05', '2026-11-05..2027-02-04'],
      ['2027-05-05', '2027-02-05..2027-05-04'],
      ['2027-08-05', '2027-05-05..2027-08-04'],
    ]);
  });

  it('semiannual', () => {
    const c = contractWithPeriod('semiannual', { startDate: '2026-03-10', billingDay: 10 });
    expect(dueDates(c, '2026-03-01', '2027-03-31')).toEqual([
      ['2026-09-10', '2026-03-10..2026-09-09'],
      ['2027-03-10', '2026-09-10..2027-03-09'],
    ]);
  });

  it('yearly, across a leap day', () => {
    const c = contractWithPeriod('yearly', { startDate: '2027-06-15', billingDay: 1 });
    expect(dueDates(c, '2027-06-01', '2029-06-30')).toEqual([
      ['2028-06-01', '2027-06-01..2028-05-31'],
      ['2029-06-01', '2028-06-01..2029-05-31'],
    ]);
  });
});

describe('periodDueOn — status, end and cancellation', () => {
  it('pending and inactive contracts are never due', () => {
    for (const status of ['pending', 'inactive'] as const) {
      expect(periodDueOn(contract({ status }), '2026-03-01')).toBeNull();
    }
  });

  it('suspended contracts are still due (the suspended days are removed by the calculation)', () => {
    const c = contract({ status: 'suspended', suspensions: [{ startDate: '2026-02-10' }] });
    expect(periodDueOn(c, '2026-03-01')?.key).toBe('2026-02-01..2026-02-28');
  });

  it('a cancellation on the 3rd bills the last partial period once, then nothing', () => {
    const c = contract({ status: 'cancelled', cancellation: { effectiveDate: '2026-12-03' } });
    expect(dueDates(c, '2026-11-15', '2027-03-31')).toEqual([
      ['2026-12-01', '2026-11-01..2026-11-30'],
      ['2027-01-01', '2026-12-01..2026-12-31'],
    ]);
  });

  it('a cancellation at the end of the period leaves no further period', () => {
    const c = contract({ status: 'cancelled', cancellation: { effectiveDate: '2026-12-31' } });
    expect(periodDueOn(c, '2027-01-01')?.key).toBe('2026-12-01..2026-12-31');
    expect(periodDueOn(c, '2027-02-01')).toBeNull();
  });

  it('an end date works like a cancellation; the earlier of the two wins', () => {
    const c = contract({ endDate: '2026-06-30', cancellation: { effectiveDate: '2026-08-15' } });
    expect(periodDueOn(c, '2026-07-01')?.key).toBe('2026-06-01..2026-06-30');
    expect(periodDueOn(c, '2026-08-01')).toBeNull();
    expect(periodDueOn(c, '2026-09-01')).toBeNull();
  });

  it('a contract cancelled before it started is never due', () => {
    const c = contract({ startDate: '2026-05-10', status: 'cancelled', cancellation: { effectiveDate: '2026-05-01' } });
    expect(dueDates(c, '2026-05-01', '2026-08-31')).toEqual([]);
  });

  it('a cancelled contract without a cancellation date is refused, not billed forever', () => {
    expect(errorOf(() => periodDueOn(contract({ status: 'cancelled' }), '2026-03-01')).code).toBe('unprocessable');
  });

  it('an end date before the start is refused', () => {
    const e = errorOf(() => periodDueOn(contract({ endDate: '2025-12-31' }), '2026-03-01'));
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].field).toBe('end_date');
  });
});

describe('contract shape', () => {
  it('refuses items with different billing periods', () => {
    const c = contract({
      items: [item(), item({ id: 'item-2', service: service({ id: 'svc-2', billingPeriod: 'yearly' }) })],
    });
    const e = errorOf(() => periodDueOn(c, '2026-03-01'));
    expect(e.code).toBe('validation_failed');
    expect(e.details[0].field).toBe('items[1].service.billing_period');
    expect(() => contractPeriodUnit(c)).toThrow(DomainError);
  });

  it('a contract without items has nothing due', () => {
    expect(contractPeriodUnit(contract({ items: [] }))).toBeNull();
    expect(periodDueOn(contract({ items: [] }), '2026-03-01')).toBeNull();
  });

  it.each([0, 29, 31, 1.5, Number.NaN])('refuses billing day %s', (billingDay) => {
    expect(errorOf(() => periodDueOn(contract({ billingDay }), '2026-03-01')).details[0].field).toBe('billing_day');
  });

  it('refuses a malformed reference date', () => {
    for (const bad of ['2026-02-30', '2026-3-01', '01/03/2026', '']) {
      expect(errorOf(() => periodDueOn(contract(), bad)).details[0].field).toBe('reference_date');
    }
  });

  it('billingDateOf is the day after the period ends', () => {
    expect(billingDateOf({ start: '2028-02-01', end: '2028-02-29', key: '2028-02-01..2028-02-29' })).toBe('2028-03-01');
  });
});

// Random contracts for the properties below.
const dayArb = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
const contractArb = fc
  .record({
    start: dayArb('2026-01-01', '2028-12-31'),
    billingDay: fc.integer({ min: 1, max: 28 }),
    unit: fc.constantFrom(...UNITS),
  })
  .map(({ start, billingDay, unit }) => contractWithPeriod(unit, { startDate: start, billingDay }));

describe('properties', () => {
  it('the periods of consecutive daily runs tile the timeline without gap or overlap (3 years)', () => {
    fc.assert(
      fc.property(contractArb, (c) => {
        const first = toDayNumber(c.startDate);
        const periods = [];
        for (let d = first; d <= first + 3 * 366; d++) {
          const p = periodDueOn(c, fromDayNumber(d));
          if (p) {
            // Billed in arrears: the run is the day after the period's end.
            expect(toDayNumber(p.end)).toBe(d - 1);
            periods.push(p);
          }
        }
        expect(periods.length).toBeGreaterThan(0);
        // The first period contains the start; each next one starts the day after the previous ends.
        expect(periods[0].start <= c.startDate && c.startDate <= periods[0].end).toBe(true);
        for (let i = 1; i < periods.length; i++) {
          expect(toDayNumber(periods[i].start)).toBe(toDayNumber(periods[i - 1].end) + 1);
        }
        // Each key once, each period the one periodContaining gives for its days.
        expect(new Set(periods.map((p) => p.key)).size).toBe(periods.length);
        for (const p of periods) {
          expect(periodContaining(c, p.start)).toEqual(p);
          expect(periodContaining(c, p.end)).toEqual(p);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with an end date, the last period billed contains it, and nothing is billed after', () => {
    fc.assert(
      fc.property(contractArb, fc.integer({ min: 0, max: 900 }), (base, length) => {
        const endDate = fromDayNumber(toDayNumber(base.startDate) + length);
        const c = { ...base, endDate };
        const due = periodsBetween(c, base.startDate, fromDayNumber(toDayNumber(endDate) + 400));
        const last = due[due.length - 1].period;
        expect(last.start <= endDate && endDate <= last.end).toBe(true);
        const covered = due.reduce((n, { period }) => n + toDayNumber(period.end) - toDayNumber(period.start) + 1, 0);
        expect(covered).toBe(toDayNumber(last.end) - toDayNumber(due[0].period.start) + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('periodsBetween gives exactly what the daily run gives', () => {
    fc.assert(
      fc.property(contractArb, dayArb('2026-01-01', '2029-12-31'), fc.integer({ min: 0, max: 500 }), (c, from, len) => {
        const to = fromDayNumber(toDayNumber(from) + len);
        const fast = periodsBetween(c, from, to).map(({ billingDate, period }) => [billingDate, period.key]);
        expect(fast).toEqual(dueDates(c, from, to));
      }),
      { numRuns: 100 },
    );
  });
});
