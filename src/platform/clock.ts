// Time is injected so that tests can move it. Business dates are calendar dates in
// America/Sao_Paulo, whatever the server's time zone.

export interface Clock {
  now(): Date;
  /** Today's business date, 'YYYY-MM-DD' in America/Sao_Paulo. */
  today(): string;
}

const BUSINESS_TZ = 'America/Sao_Paulo';
const dateFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: BUSINESS_TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function businessDate(instant: Date): string {
  return dateFormatter.format(instant);
}

// The business date changes once a day; formatting it (Intl) once per second is enough.
let todayCache = { second: -1, date: '' };

export const systemClock: Clock = {
  now: () => new Date(),
  today: () => {
    const second = Math.floor(Date.now() / 1000);
    if (second !== todayCache.second) todayCache = { second, date: businessDate(new Date(second * 1000)) };
    return todayCache.date;
  },
};

export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    today: () => businessDate(current),
    set(d) {
      current = new Date(d);
    },
    advance(ms) {
      current = new Date(current.getTime() + ms);
    },
  };
}
