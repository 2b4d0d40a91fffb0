// When a business date ('YYYY-MM-DD', America/Sao_Paulo) starts, for the Pix Automático window.

/** The instant a business date starts in America/Sao_Paulo (UTC−3 since Brazil dropped DST in 2019). */
export function startOfBusinessDay(date: string): Date {
  return new Date(`${date}T03:00:00Z`);
}
