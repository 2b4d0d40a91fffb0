import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, fromDayNumber, toDayNumber } from '../platform/dates.ts';
import { billingTimeline, periodDueOn, periodsBetween } from './periods.ts';
import { contract, contractWithPeriod } from './test-fixtures.ts';
import type { BillingPeriodUnit } from './types.ts';

const UNITS: BillingPeriodUnit[] = ['monthly', 'quarterly', 'semiannual', 'yearly'];
const dayArb = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);

describe('billingTimeline', () => {
  it('a backdated contract: two past billing dates, nothing due on the reference date, the next one', () => {
    const c = contract({ startDate: '2026-10-05', billingDay: 5 });
    const t = billingTimeline(c, '2025-12-01', '2026-12-07');
    expect(t.past.map((p) => [p.billingDate, p.period.key])).toEqual([
      ['2026-11-05', '2026-10-05..2026-11-04'],
      ['2026-12-05', '2026-11-05..2026-12-04'],
    ]);
    expect(t).toMatchObject({ due: null, nextBillingDate: '2027-01-05', firstBillingDate: '2026-11-05', bills: true });
  });

  it('a cancelled contract has no next billing date once its last period is billed', () => {
    const c = contract({ startDate: '2026-01-01', billingDay: 1, status: 'cancelled', cancellation: { effectiveDate: '2026-03-10' } });
    const t = billingTimeline(c, '2026-01-01', '2026-05-01');
    expect(t.past.map((p) => p.billingDate)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(t.nextBillingDate).toBeNull();
    expect(billingTimeline({ ...c, status: 'pending', cancellation: null }, '2026-01-01', '2026-05-01').bills).toBe(false);
  });

  it('gives the same answers as periodsBetween and periodDueOn, and the next billing date', () => {
    const contractArb = fc
      .record({
        start: dayArb('2026-01-01', '2028-12-31'),
        billingDay: fc.integer({ min: 1, max: 28 }),
        unit: fc.constantFrom(...UNITS),
        end: fc.option(fc.integer({ min: -30, max: 900 }), { nil: null }),
      })
      .map(({ start, billingDay, unit, end }) =>
        contractWithPeriod(unit, {
          startDate: start,
          billingDay,
          ...(end === null
            ? {}
            : end < 0
              ? { status: 'cancelled' as const, cancellation: { effectiveDate: addDays(start, end) } }
              : { endDate: addDays(start, end) }),
        }),
      );
    fc.assert(
      fc.property(contractArb, dayArb('2026-01-01', '2030-12-31'), fc.integer({ min: 0, max: 800 }), (c, ref, back) => {
        const from = addDays(ref, -back);
        const t = billingTimeline(c, from, ref);
        const slow = periodsBetween(c, from, addDays(ref, -1)).map(({ billingDate, period }) => [billingDate, period.key]);
        expect(t.past.map(({ billingDate, period }) => [billingDate, period.key])).toEqual(slow);
        expect(t.due?.key ?? null).toBe(periodDueOn(c, ref)?.key ?? null);
        const next = periodsBetween(c, addDays(ref, 1), addDays(ref, 1500))[0]?.billingDate ?? null;
        expect(t.nextBillingDate).toBe(next);
      }),
      { numRuns: 300 },
    );
  });
});
