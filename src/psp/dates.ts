// Calendar arithmetic on business dates ('YYYY-MM-DD', America/Sao_Paulo) for the Pix rules.

/** date + n days, on the calendar (UTC arithmetic on a date has no DST to trip on). */
export function addDaysIso(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The instant a business date starts in America/Sao_Paulo (UTC−3 since Brazil dropped DST in 2019). */
export function startOfBusinessDay(date: string): Date {
  return new Date(`${date}T03:00:00Z`);
}
