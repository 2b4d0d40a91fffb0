// The 4-digit "fator de vencimento": days since 1997-10-07, valid range 1000..9999. FEBRABAN's
// rollover rule: the day after factor 9999 (2025-02-21) restarts at 1000 (2025-02-22), so the factor
// repeats every 9000 days; reading it back needs a reference date (today, or the boleto's issue date
// for an old one) to pick the cycle. Vectors: kivanio/brcobranca spec/brcobranca/calculo_data_spec.rb.

import { DomainError } from '../platform/errors.ts';

const MS_PER_DAY = 86_400_000;
const BASE_DAY = Date.UTC(1997, 9, 7) / MS_PER_DAY; // 1997-10-07, factor 0 of the first cycle
const FIRST_VALID_DAY = 1000; // 2000-07-03, factor 1000: the first factor FEBRABAN ever used
const CYCLE = 9000;
/** FEBRABAN: a boleto is payable from 3000 factors before the reference date up to 5500 after. */
export const FACTOR_WINDOW_PAST = 3000;
export const FACTOR_WINDOW_FUTURE = 5500;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1997-10-07 of an ISO calendar date; throws validation_failed for malformed dates. */
export function dayNumber(isoDate: string, field = 'dueDate'): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new DomainError('validation_failed', `${field} must be a YYYY-MM-DD date`, [{ field, issue: 'invalid_date' }]);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCFullYear() !== Number(m[1]) || back.getUTCMonth() !== Number(m[2]) - 1 || back.getUTCDate() !== Number(m[3])) {
    throw new DomainError('validation_failed', `${field} is not a calendar date`, [{ field, issue: 'invalid_date' }]);
  }
  return ms / MS_PER_DAY - BASE_DAY;
}

export function isoFromDayNumber(day: number): string {
  return new Date((day + BASE_DAY) * MS_PER_DAY).toISOString().slice(0, 10);
}

function factorOfDay(day: number): number {
  return ((day - FIRST_VALID_DAY) % CYCLE) + FIRST_VALID_DAY;
}

/** '1000'..'9999' for a due date on or after 2000-07-03. */
export function dueDateFactor(dueDate: string): string {
  const day = dayNumber(dueDate);
  if (day < FIRST_VALID_DAY) {
    throw new DomainError('validation_failed', 'dueDate before 2000-07-03 has no due-date factor', [
      { field: 'dueDate', issue: 'before_factor_range' },
    ]);
  }
  return String(factorOfDay(day));
}

/**
 * The date a factor stands for, chosen around `reference` (today, or a date the boleto belongs near
 * such as its issue date): the one occurrence of the factor in the FEBRABAN payment window
 * [reference − 3000, reference + 5500] (8501 days < one 9000-day cycle, so there is at most one).
 * For the 499 factors that fall in no window (far outside it), the nearest occurrence.
 * '0000' means "no due date" and gives null.
 */
export function dueDateFromFactor(factor: string, reference: string): string | null {
  if (!/^\d{4}$/.test(factor)) {
    throw new DomainError('validation_failed', 'factor must be 4 digits', [{ field: 'factor', issue: 'invalid_factor' }]);
  }
  const f = Number(factor);
  if (f === 0) return null;
  if (f < FIRST_VALID_DAY) {
    throw new DomainError('validation_failed', 'factor must be 0000 or 1000..9999', [{ field: 'factor', issue: 'invalid_factor' }]);
  }
  const refDay = dayNumber(reference, 'reference_date');
  // Occurrences are f + k·9000 (k ≥ 0). Take the first one ≥ window start, then compare with the previous.
  const windowStart = refDay - FACTOR_WINDOW_PAST;
  const k = Math.max(0, Math.ceil((windowStart - f) / CYCLE));
  const after = f + k * CYCLE;
  if (after <= refDay + FACTOR_WINDOW_FUTURE) return isoFromDayNumber(after);
  const before = after - CYCLE;
  if (before < f) return isoFromDayNumber(after); // no earlier cycle exists
  return isoFromDayNumber(refDay - before <= after - refDay ? before : after);
}
