// Calendar dates as day numbers (days since 1970-01-01). Parsing by hand is both strict (no
// "2026-02-30" rolling over into March, as Date.parse does) and fast enough for the hot path.
import { DomainError } from '../../platform/errors.ts';

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumberOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000; // poisons the sum so the range checks fail
}

// The same few thousand dates recur across millions of charges; a bounded memo skips re-parsing them.
const PARSE_CACHE_MAX = 20_000;
const parseCache = new Map<string, number>();

/** 'YYYY-MM-DD' → day number; throws validation_failed for anything else or an impossible date. */
export function parseIsoDate(value: string, field: string): number {
  const hit = parseCache.get(value);
  if (hit !== undefined) return hit;
  const day = parseUncached(value, field);
  if (parseCache.size >= PARSE_CACHE_MAX) parseCache.clear();
  parseCache.set(value, day);
  return day;
}

function parseUncached(value: string, field: string): number {
  if (typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
    const y = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
    const m = digit(value, 5) * 10 + digit(value, 6);
    const d = digit(value, 8) * 10 + digit(value, 9);
    if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return dayNumberOf(y, m, d);
  }
  throw new DomainError('validation_failed', `Invalid value for ${field}: expected a date YYYY-MM-DD`, [
    { field, issue: 'expected a calendar date YYYY-MM-DD' },
  ]);
}

/** Day number → [year, month, day] (H. Hinnant's civil_from_days). */
export function civilFromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

export function isoFromDays(z: number): string {
  const [y, m, d] = civilFromDays(z);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** Day number → 'DD/MM/YYYY' (boleto instructions). */
export function brDateFromDays(z: number): string {
  const [y, m, d] = civilFromDays(z);
  return `${pad(d, 2)}/${pad(m, 2)}/${pad(y, 4)}`;
}
