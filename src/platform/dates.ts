// Calendar-date arithmetic on business dates. Business dates are 'YYYY-MM-DD' strings (São Paulo calendar
// dates); all arithmetic runs on day numbers (days since 1970-01-01, via UTC) so that no time zone or
// DST rule can shift a date.

import { DomainError } from './errors.ts';

const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface YearMonthDay {
  year: number;
  month: number; // 1–12
  day: number;
}

export function parseIsoDate(value: string, field = 'date'): YearMonthDay {
  const m = typeof value === 'string' ? ISO_DATE_RE.exec(value) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new DomainError('validation_failed', `${field} must be a date in the form YYYY-MM-DD.`, [
    { field, issue: 'must be a valid date YYYY-MM-DD' },
  ]);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function toDayNumber(date: string, field = 'date'): number {
  const { year, month, day } = parseIsoDate(date, field);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** A month as one integer (year × 12 + month − 1), so that month differences are plain subtraction. */
export function monthIndex(ymd: { year: number; month: number }): number {
  return ymd.year * 12 + (ymd.month - 1);
}

/** The date on day `day` of the month `index` (as from monthIndex); `day` must exist in that month. */
export function dateAtMonthIndex(index: number, day: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' → 'DD/MM/YYYY', the Brazilian way of writing a date. */
export function formatDateBR(date: string): string {
  const { year, month, day } = parseIsoDate(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}
