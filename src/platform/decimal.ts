// Exact decimals on BigInt, for quantities and unit prices (decimal strings such as '1234.5' or
// '75.4321' cents). A value is an integer number of units at a given scale: value = units / 10^scale.
// Nothing here goes through a float; money leaves this module only as integer cents (a safe `number`),
// rounded once, half up (half away from zero), on the exact rational value.

import { DomainError } from './errors.ts';

export interface Decimal {
  /** The scaled integer: the value is units / 10^scale. */
  readonly units: bigint;
  /** Number of decimal places, 0 or more. */
  readonly scale: number;
}

export interface ParseDecimalOptions {
  /** Negative values are refused unless allowed: quantities and prices in Cobre are never negative. */
  allowNegative?: boolean;
}

// Plain positional notation only: no exponent, no '+', no '.5' or '5.', no grouping separators.
const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;
// 30 integer digits is far beyond any real quantity or price, and bounds the work done on hostile input.
const MAX_INTEGER_DIGITS = 30;

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

/**
 * Parses a decimal string with at most `maxScale` decimal places. Trailing zeros count as places
 * ('1.5000000' has 7), so what is accepted is exactly what the field's documented precision says.
 */
export function parseDecimal(input: string, maxScale: number, field = 'value', options: ParseDecimalOptions = {}): Decimal {
  if (typeof input !== 'string') {
    throw invalid(field, `${field} must be a decimal string (e.g. "12.5").`, 'must be a decimal string');
  }
  const m = DECIMAL_RE.exec(input);
  if (!m) {
    throw invalid(field, `"${input}" is not a decimal number (expected e.g. "1234.5").`, 'not a decimal number');
  }
  const [, sign, intPart, fracPart = ''] = m;
  if (intPart.replace(/^0+(?=\d)/, '').length > MAX_INTEGER_DIGITS) {
    throw invalid(field, `"${input}" is too large.`, 'too large');
  }
  if (fracPart.length > maxScale) {
    throw invalid(field, `"${input}" has more than ${maxScale} decimal places.`, `at most ${maxScale} decimal places`);
  }
  const units = BigInt(intPart + fracPart) * (sign === '-' ? -1n : 1n);
  if (units < 0n && !options.allowNegative) {
    throw invalid(field, `${field} must not be negative.`, 'must not be negative');
  }
  return { units, scale: fracPart.length };
}

export function decimalFromInteger(n: number | bigint): Decimal {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) {
    throw new RangeError(`decimalFromInteger: ${n} is not a safe integer`);
  }
  return { units: BigInt(n), scale: 0 };
}

export const ZERO: Decimal = Object.freeze({ units: 0n, scale: 0 });

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescale(a, scale), rescale(b, scale), scale];
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

/** Exact product (the scales add up). */
export function multiplyDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/** -1, 0 or 1, comparing values (so '1.50' equals '1.5'). */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return compareDecimal(a, b) <= 0 ? a : b;
}

export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return compareDecimal(a, b) >= 0 ? a : b;
}

export function isZeroDecimal(d: Decimal): boolean {
  return d.units === 0n;
}

/** Integer division rounded half away from zero. `denominator` must be positive. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('divideRoundHalfUp: denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

function toSafeNumber(n: bigint, field: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalid(field, 'The amount is too large to be represented in cents.', 'amount too large');
  }
  return Number(n);
}

/**
 * Rounds a value expressed in cents to an integer number of cents, optionally multiplied first by the
 * exact fraction ratio.numerator / ratio.denominator (e.g. billable days / days in the period).
 * The single rounding happens on the exact rational result.
 */
export function roundToCents(
  cents: Decimal,
  ratio: { numerator: bigint | number; denominator: bigint | number } = { numerator: 1n, denominator: 1n },
  field = 'amount',
): number {
  const num = cents.units * BigInt(ratio.numerator);
  const den = 10n ** BigInt(cents.scale) * BigInt(ratio.denominator);
  return toSafeNumber(divideRoundHalfUp(num, den), field);
}

/** quantity × unit price (in cents), exact, then rounded half up once to integer cents. */
export function multiplyToCents(quantity: Decimal, unitPriceCents: Decimal, field = 'amount'): number {
  return roundToCents(multiplyDecimal(quantity, unitPriceCents), undefined, field);
}

/**
 * Canonical string: no trailing fractional zeros beyond `minScale`, no leading zeros, '-' for negatives.
 * formatDecimal(parseDecimal('1.500', 6)) === '1.5'.
 */
export function formatDecimal(d: Decimal, minScale = 0): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const intPart = digits.slice(0, digits.length - d.scale);
  let frac = digits.slice(digits.length - d.scale);
  while (frac.length > minScale && frac.endsWith('0')) frac = frac.slice(0, -1);
  frac = frac.padEnd(minScale, '0');
  const text = frac ? `${intPart}.${frac}` : intPart;
  return negative ? `-${text}` : text;
}

/**
 * Rounds to at most `scale` decimal places, half away from zero (used for display-only values such
 * as an average unit price; amounts are never computed from the rounded value).
 */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return d;
  return { units: divideRoundHalfUp(d.units, 10n ** BigInt(d.scale - scale)), scale };
}

/** Exact a / b rounded half up to `scale` places; b must be non-zero. */
export function divideDecimal(a: Decimal, b: Decimal, scale: number): Decimal {
  if (b.units === 0n) throw new RangeError('divideDecimal: division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); target units = a/b * 10^scale.
  let num = a.units * 10n ** BigInt(scale + b.scale);
  let den = b.units * 10n ** BigInt(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  return { units: divideRoundHalfUp(num, den), scale };
}
