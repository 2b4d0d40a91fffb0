// Billing periods. Periods are a grid anchored on the contract's billing day: the first period starts on
// the billing day on or before the contract start, and each period lasts 1, 3, 6 or 12 months. Billing
// is in arrears: the run on a billing day bills the period that ended the day before (see docs/billing.md).

import { DomainError } from '../platform/errors.ts';
import { dateAtMonthIndex, fromDayNumber, monthIndex, parseIsoDate, toDayNumber } from '../platform/dates.ts';
import type { BillingPeriod, BillingPeriodUnit, ContractSnapshot } from './types.ts';

export const MONTHS_PER_PERIOD: Readonly<Record<BillingPeriodUnit, number>> = Object.freeze({
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  yearly: 12,
});

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

/**
 * The billing period of a contract: the one shared by all its items' services. Mixing periods in one
 * contract is refused (one contract, one invoice per period); put such services in separate contracts.
 * Null for a contract without items (nothing to bill).
 */
export function contractPeriodUnit(contract: Pick<ContractSnapshot, 'items'>): BillingPeriodUnit | null {
  let unit: BillingPeriodUnit | null = null;
  contract.items.forEach((item, i) => {
    const u = item.service.billingPeriod;
    if (!(u in MONTHS_PER_PERIOD)) {
      throw invalid(`items[${i}].service.billing_period`, `Unknown billing period "${u}".`, 'unknown billing period');
    }
    if (unit !== null && u !== unit) {
      throw invalid(
        `items[${i}].service.billing_period`,
        `All items of a contract must share one billing period (found ${unit} and ${u}).`,
        'mixed billing periods in one contract',
      );
    }
    unit = u;
  });
  return unit;
}

export function assertBillingDay(day: number): void {
  if (!Number.isInteger(day) || day < 1 || day > 28) {
    throw invalid('billing_day', 'The billing day must be an integer from 1 to 28.', 'must be 1–28');
  }
}

export function makePeriod(start: string, end: string): BillingPeriod {
  return { start, end, key: `${start}..${end}` };
}

/** Month index of the first anchor: the billing day on or before the contract start. */
function firstAnchorMonth(startDate: string, billingDay: number): number {
  const start = parseIsoDate(startDate, 'start_date');
  const m = monthIndex(start);
  return start.day >= billingDay ? m : m - 1;
}

/**
 * Last day of service (inclusive) from the end date and the cancellation, whichever comes first;
 * null when the contract runs indefinitely.
 */
export function serviceEndDate(contract: ContractSnapshot): string | null {
  const candidates: string[] = [];
  if (contract.endDate) candidates.push(contract.endDate);
  if (contract.cancellation) candidates.push(contract.cancellation.effectiveDate);
  if (contract.status === 'cancelled' && !contract.cancellation) {
    // Without the effective date we cannot know where billing stops; never guess (it could bill forever).
    throw new DomainError('unprocessable', 'A cancelled contract must have a cancellation effective date.', [
      { field: 'cancellation', issue: 'required when status is cancelled' },
    ]);
  }
  let end: string | null = null;
  for (const c of candidates) {
    toDayNumber(c, 'end_date');
    if (end === null || c < end) end = c;
  }
  if (contract.endDate && contract.endDate < contract.startDate) {
    throw invalid('end_date', 'The contract ends before it starts.', 'before start_date');
  }
  // A cancellation effective before the start is allowed: the contract simply never had service.
  return end;
}

/** Statuses that never bill: not started yet, or switched off. */
function isBillableStatus(status: ContractSnapshot['status']): boolean {
  return status === 'active' || status === 'suspended' || status === 'cancelled';
}

/** The grid period that contains `date`, or null if the date is before the contract's first period. */
export function periodContaining(contract: ContractSnapshot, date: string): BillingPeriod | null {
  const unit = contractPeriodUnit(contract);
  if (unit === null) return null;
  assertBillingDay(contract.billingDay);
  const n = MONTHS_PER_PERIOD[unit];
  const anchor0 = firstAnchorMonth(contract.startDate, contract.billingDay);
  const d = parseIsoDate(date, 'date');
  const onOrBefore = d.day >= contract.billingDay ? monthIndex(d) : monthIndex(d) - 1;
  if (onOrBefore < anchor0) return null;
  const startMonth = anchor0 + Math.floor((onOrBefore - anchor0) / n) * n;
  const start = dateAtMonthIndex(startMonth, contract.billingDay);
  const end = fromDayNumber(toDayNumber(dateAtMonthIndex(startMonth + n, contract.billingDay)) - 1);
  return makePeriod(start, end);
}

/**
 * The period a run on `referenceDate` must bill for this contract, or null if nothing is due that day.
 * Due when: the contract is active, suspended or cancelled; the reference date is a billing date on the
 * contract's grid (the day after a period ends); and that period overlaps the service (start date to
 * end/cancellation date). A cancelled contract is thus still billed once for its last, partial period.
 */
export function periodDueOn(contract: ContractSnapshot, referenceDate: string): BillingPeriod | null {
  const ref = parseIsoDate(referenceDate, 'reference_date');
  if (!isBillableStatus(contract.status)) return null;
  const unit = contractPeriodUnit(contract);
  if (unit === null) return null;
  assertBillingDay(contract.billingDay);
  if (ref.day !== contract.billingDay) return null;
  const n = MONTHS_PER_PERIOD[unit];
  const offset = monthIndex(ref) - firstAnchorMonth(contract.startDate, contract.billingDay);
  if (offset < n || offset % n !== 0) return null;
  const start = dateAtMonthIndex(monthIndex(ref) - n, contract.billingDay);
  const end = fromDayNumber(toDayNumber(referenceDate) - 1);
  const lastDay = serviceEndDate(contract);
  if (lastDay !== null && (start > lastDay || lastDay < contract.startDate)) return null;
  return makePeriod(start, end);
}

/** The date on which the run bills a period (in arrears: the day after it ends). */
export function billingDateOf(period: BillingPeriod): string {
  return fromDayNumber(toDayNumber(period.end) + 1);
}

/**
 * Every period due on a date in [from, to], in order, each with its billing date: the same answer as
 * calling periodDueOn for each day, without walking day by day. For previews and for catching up runs
 * that were missed.
 */
export function periodsBetween(contract: ContractSnapshot, from: string, to: string): { billingDate: string; period: BillingPeriod }[] {
  const fromYmd = parseIsoDate(from, 'from');
  const toYmd = parseIsoDate(to, 'to');
  if (!isBillableStatus(contract.status) || contractPeriodUnit(contract) === null) return [];
  assertBillingDay(contract.billingDay);
  const out: { billingDate: string; period: BillingPeriod }[] = [];
  for (let m = monthIndex(fromYmd); m <= monthIndex(toYmd); m++) {
    const date = dateAtMonthIndex(m, contract.billingDay);
    if (date < from || date > to) continue;
    const period = periodDueOn(contract, date);
    if (period) out.push({ billingDate: date, period });
  }
  return out;
}

/** Where a reference date falls on a contract's billing timeline (see billingTimeline). */
export interface BillingTimeline {
  /** Billable periods whose billing date is in [from, ref), oldest first. */
  past: { billingDate: string; period: BillingPeriod }[];
  /** The period due on `ref` itself (periodDueOn). */
  due: BillingPeriod | null;
  /** The first billing date after `ref` that still bills a period; null when the service is over. */
  nextBillingDate: string | null;
  /** The contract's first billing date (the end of its first period + 1); null if it never bills. */
  firstBillingDate: string | null;
  /** False for pending/inactive contracts and contracts without items: they never bill. */
  bills: boolean;
}

/**
 * The periods due on billing dates in [from, ref), the one due on `ref` and the next billing date, in
 * one pass over the grid (a run computes this for every contract, so it does not call periodDueOn for
 * each month). Same answers as periodsBetween/periodDueOn (tested).
 */
export function billingTimeline(contract: ContractSnapshot, from: string, ref: string): BillingTimeline {
  const fromYmd = parseIsoDate(from, 'from');
  parseIsoDate(ref, 'reference_date');
  const none: BillingTimeline = { past: [], due: null, nextBillingDate: null, firstBillingDate: null, bills: false };
  if (!isBillableStatus(contract.status)) return none;
  const unit = contractPeriodUnit(contract);
  if (unit === null) return none;
  assertBillingDay(contract.billingDay);
  const n = MONTHS_PER_PERIOD[unit];
  const day = contract.billingDay;
  const anchor0 = firstAnchorMonth(contract.startDate, day);
  const lastDay = serviceEndDate(contract);
  if (lastDay !== null && lastDay < contract.startDate) return { ...none, bills: true };
  // The period billed on grid month m (m = anchor0 + k·n, k ≥ 1), or null once past the service.
  const periodFor = (m: number): BillingPeriod | null => {
    const start = dateAtMonthIndex(m - n, day);
    if (lastDay !== null && start > lastDay) return null;
    return makePeriod(start, fromDayNumber(toDayNumber(dateAtMonthIndex(m, day)) - 1));
  };
  const out: BillingTimeline = { ...none, bills: true, firstBillingDate: dateAtMonthIndex(anchor0 + n, day) };
  let k = Math.max(1, Math.ceil((monthIndex(fromYmd) - anchor0) / n));
  for (; ; k++) {
    const m = anchor0 + k * n;
    const date = dateAtMonthIndex(m, day);
    if (date < from) continue;
    const period = periodFor(m);
    if (!period) break; // every later period starts later still
    if (date < ref) out.past.push({ billingDate: date, period });
    else if (date === ref) out.due = period;
    else {
      out.nextBillingDate = date;
      break;
    }
  }
  return out;
}
