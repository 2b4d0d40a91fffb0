// Parsing of numbers as finance clerks type them (pt-BR first), and exact decimal helpers.
// Results are canonical decimal strings: optional '-', no leading zeros, '.' as decimal point,
// no trailing fraction zeros ('1234.5', '0', '-0.25').

export type NumberParse = { ok: true; value: string } | { ok: false; reason: 'invalid' | 'ambiguous' };

// Spaces clerks (and Excel's pt-BR formats) put inside numbers: normal, no-break, thin, narrow no-break.
const INNER_SPACES = /[\s\u00a0\u2007\u2009\u202f]/g;

/** Canonical form of sign + integer digits + fraction digits. */
export function canonicalDecimal(negative: boolean, intDigits: string, fracDigits: string): string {
  const int = intDigits.replace(/^0+(?=\d)/, '') || '0';
  const frac = fracDigits.replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : int;
  return negative && body !== '0' ? `-${body}` : body;
}

/**
 * Parses a typed number. Rules (see docs/spreadsheets.md):
 * - both '.' and ',' present: the last one is the decimal separator, the other groups thousands;
 * - only ',': one comma is the decimal separator ('1234,56'); several group thousands ('1,234,567');
 * - only '.': several group thousands ('1.234.567'); one is the decimal point ('1234.56'), except
 *   '1.234' (1-3 digits, a dot, exactly 3 digits), which a Brazilian clerk means as 1234 and an
 *   en-US file means as 1.234 — reported as ambiguous rather than guessed, since a money value off by
 *   a factor of 1000 is worse than asking the clerk to retype it.
 */
export function parseNumberText(text: string): NumberParse {
  let s = text.replace(INNER_SPACES, '').replace(/\u2212/g, '-');
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return { ok: false, reason: 'invalid' };
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let intPart: string;
  let fracPart = '';
  let groupSep: string | null = null;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalAt = Math.max(lastDot, lastComma);
    groupSep = decimalAt === lastDot ? ',' : '.';
    intPart = s.slice(0, decimalAt);
    fracPart = s.slice(decimalAt + 1);
    if (!/^\d+$/.test(fracPart)) return { ok: false, reason: 'invalid' };
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const parts = s.split(sep);
    if (parts.length > 2) {
      groupSep = sep;
      intPart = s;
    } else {
      [intPart, fracPart] = parts as [string, string];
      if (!/^\d+$/.test(intPart) || !/^\d+$/.test(fracPart)) return { ok: false, reason: 'invalid' };
      if (sep === '.' && /^[1-9]\d{0,2}$/.test(intPart) && fracPart.length === 3) {
        return { ok: false, reason: 'ambiguous' };
      }
    }
  } else {
    intPart = s;
  }
  if (groupSep !== null) {
    const esc = groupSep === '.' ? '\\.' : ',';
    if (!new RegExp(`^[1-9]\\d{0,2}(${esc}\\d{3})+$|^\\d{1,3}$`).test(intPart)) return { ok: false, reason: 'invalid' };
    intPart = intPart.split(groupSep).join('');
  }
  if (!/^\d+$/.test(intPart)) return { ok: false, reason: 'invalid' };
  return { ok: true, value: canonicalDecimal(negative, intPart, fracPart) };
}

/**
 * Decimal text of a binary double as Excel shows it: Excel keeps 15 significant digits, so rounding
 * to 15 removes float noise (0.1+0.2 stored as 0.30000000000000004 → '0.3'). Never uses exponents.
 */
export function numberToDecimalText(n: number): string | null {
  if (!Number.isFinite(n)) return null;
  if (n === 0) return '0';
  const [mantissa, expText] = Math.abs(n).toExponential(14).split('e') as [string, string];
  const exp = Number(expText);
  const digits = mantissa.replace('.', ''); // 15 digits, the first one is the units digit at 10^exp
  let intDigits: string;
  let fracDigits: string;
  if (exp >= 0) {
    const padded = digits.padEnd(exp + 1, '0');
    intDigits = padded.slice(0, exp + 1);
    fracDigits = padded.slice(exp + 1);
  } else {
    intDigits = '0';
    fracDigits = '0'.repeat(-exp - 1) + digits;
  }
  return canonicalDecimal(n < 0, intDigits, fracDigits);
}

/** Splits a canonical decimal into sign, integer digits and fraction digits. */
function splitDecimal(value: string): { negative: boolean; int: string; frac: string } {
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.') as [string, string?];
  return { negative, int, frac };
}

/**
 * Canonical decimal → integer cents, rounding half away from zero on the exact decimal digits
 * (the project's single rounding rule). Returns null when the result is not a safe integer.
 */
export function decimalToCents(value: string): number | null {
  const { negative, int, frac } = splitDecimal(value);
  let cents = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  if ((frac[2] ?? '0') >= '5') cents += 1n;
  const n = Number(negative ? -cents : cents);
  return Number.isSafeInteger(n) ? (Object.is(n, -0) ? 0 : n) : null;
}

/** Number of fraction digits of a canonical decimal. */
export function fractionDigits(value: string): number {
  return splitDecimal(value).frac.length;
}

/** Canonical decimal → safe integer, or null when it has a fraction or is too large. */
export function decimalToInteger(value: string): number | null {
  const { frac } = splitDecimal(value);
  if (frac) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** Integer cents → pt-BR text without thousands separators ('-1234,05'), for CSV export. */
export function centsToPtBr(cents: number): string {
  const abs = Math.abs(cents);
  const text = `${Math.trunc(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}
