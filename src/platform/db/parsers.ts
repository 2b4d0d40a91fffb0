// Type parsers shared by both engines, so rows look the same whatever the engine:
// int8 → number (always a safe integer: money is cents), numeric → string (exact decimals),
// date → 'YYYY-MM-DD' (never a JS Date: a business date has no time zone), timestamptz → ISO string.

export const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const;

export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
}

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

export function parseTimestamptz(value: string): string {
  // Postgres text: '2026-11-23 05:12:33.123456+00'. Keep milliseconds, always UTC 'Z'.
  // Sessions run in UTC, so the common case is rewritten as text (no Date: rows of 1000 records
  // carry three timestamps each); another offset goes through Date.
  const m = UTC_TIMESTAMP.exec(value);
  if (m) return `${m[1]}T${m[2]}.${m[3] === undefined ? '000' : m[3].length >= 3 ? m[3].slice(0, 3) : m[3].padEnd(3, '0')}Z`;
  const d = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

export const identity = (value: string): string => value;

export const PARSERS: Record<number, (value: string) => unknown> = {
  [OID.INT8]: parseInt8,
  [OID.NUMERIC]: identity,
  [OID.DATE]: identity,
  [OID.TIMESTAMP]: identity,
  [OID.TIMESTAMPTZ]: parseTimestamptz,
};
