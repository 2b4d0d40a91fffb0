// Calendar dates as clerks type them, and conversions between ISO dates, UTC Date objects and
// Excel serial numbers. Dates are calendar days: all Date objects here are UTC midnight.

const DAY_MS = 86_400_000;
// Excel's 1900 date system: serial 25569 is 1970-01-01 (it counts the fictitious 1900-02-29).
const EXCEL_EPOCH_OFFSET = 25569;
/** Serial of 9999-12-31, the last date Excel can show. */
export const MAX_EXCEL_SERIAL = 2958465;

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type DateParse = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'nonexistent' };

/**
 * 'dd/mm/aaaa' (also with '-' or '.', one-digit day/month allowed), 'aaaa-mm-dd', optionally followed
 * by a time of day, which is ignored (exports of other systems often carry one).
 * Two-digit years are refused: the century would be a guess.
 */
export function parseDateText(text: string): DateParse {
  const s = text.trim();
  const time = '(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?';
  const dmy = new RegExp(`^(\\d{1,2})([/.-])(\\d{1,2})\\2(\\d{4})${time}$`).exec(s);
  const ymd = dmy ? null : new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${time}$`).exec(s);
  let year: number, month: number, day: number;
  if (dmy) {
    [day, month, year] = [Number(dmy[1]), Number(dmy[3]), Number(dmy[4])];
  } else if (ymd) {
    [year, month, day] = [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])];
  } else {
    return { ok: false, reason: 'invalid' };
  }
  if (!isValidCalendarDate(year, month, day)) return { ok: false, reason: 'nonexistent' };
  return { ok: true, value: iso(year, month, day) };
}

/** ISO date of a Date's UTC calendar day (exceljs builds date cells as UTC instants). */
export function utcDateToIso(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const year = d.getUTCFullYear();
  if (year < 1900 || year > 9999) return null;
  return iso(year, d.getUTCMonth() + 1, d.getUTCDate());
}

/** Excel serial (1900 system) → ISO date; the fraction (time of day) is dropped. */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_EXCEL_SERIAL + 1) return null;
  // Serials up to 60 sit before Excel's phantom 1900-02-29; shift them by one day.
  const days = Math.floor(serial) - EXCEL_EPOCH_OFFSET + (serial < 61 ? 1 : 0);
  return utcDateToIso(new Date(days * DAY_MS));
}

/** ISO date → Date at UTC midnight, or null if it is not a valid 'YYYY-MM-DD'. */
export function isoToUtcDate(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidCalendarDate(year, month, day)) return null;
  return new Date(Date.UTC(year, month - 1, day));
}

/** ISO date → 'dd/mm/aaaa'. */
export function isoToPtBr(value: string): string {
  const [y, m, d] = value.split('-');
  return `${d}/${m}/${y}`;
}
