// Exact money arithmetic. Rates are integers in units of 0.0001 % ("2.5" % → 25000), so a rate is
// the fraction p / RATE_DEN. Every component is an exact rational rounded ONCE, half up, to the cent;
// products that could leave the exact range of a double fall back to BigInt.
import { DomainError } from '../../platform/errors.ts';

/** 100 % expressed in rate units (4 decimal places of a percent). */
export const RATE_DEN = 1_000_000;
export const RATE_DEN_BIG = 1_000_000n;

// Below 2^52 a product of integers is exact in a double, and q × den (≤ num + den) stays exact too.
const FAST_LIMIT = 2 ** 52;

const PERCENT_SHAPE = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** '2.5' → 25000. Returns null for a malformed string or a value above 100 %. */
export function percentToUnits(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = PERCENT_SHAPE.exec(value);
  if (!m) return null;
  const units = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  return units <= RATE_DEN ? units : null;
}

function roundHalfUpNumber(num: number, den: number): number {
  let q = Math.floor(num / den);
  let r = num - q * den;
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  return 2 * r >= den ? q + 1 : q;
}

function floorNumber(num: number, den: number): number {
  let q = Math.floor(num / den);
  const r = num - q * den;
  if (r < 0) q -= 1;
  else if (r >= den) q += 1;
  return q;
}

/**
 * round_half_up(num / den). A result beyond the safe integer range saturates to Infinity rather
 * than throwing: a rule's cap may still bring it back, and checkedCents rejects it otherwise.
 */
export function roundHalfUpBig(num: bigint, den: bigint): number {
  // ⌊(2·num + den) / (2·den)⌋ is num/den rounded half up, in a single division.
  const n = Number((2n * num + den) / (2n * den));
  return Number.isSafeInteger(n) ? n : Infinity;
}

/** round_half_up(a × b / den) for non-negative safe integers a, b and positive den. */
export function mulDivRound(a: number, b: number, den: number): number {
  const prod = a * b;
  if (prod < FAST_LIMIT) return roundHalfUpNumber(prod, den);
  return roundHalfUpBig(BigInt(a) * BigInt(b), BigInt(den));
}

/** floor(a × b / den): for caps, which are legal/contractual ceilings a rounding must not exceed. */
export function mulDivFloor(a: number, b: number, den: number): number {
  const prod = a * b;
  if (prod < FAST_LIMIT) return floorNumber(prod, den);
  const n = Number((BigInt(a) * BigInt(b)) / BigInt(den));
  return Number.isSafeInteger(n) ? n : Infinity;
}

/** Sum of safe integers, refusing to leave the safe range. */
export function checkedCents(v: number): number {
  if (!Number.isSafeInteger(v)) {
    throw new DomainError('unprocessable', 'Amount too large to represent in cents', [
      { issue: 'the total exceeds the safe integer range' },
    ]);
  }
  return v;
}

// Powers of (RATE_DEN + p), cached per rate: compound amounts need (1 + i)^n exactly, and the same
// few rates and day counts recur across millions of charges.
const POWER_CACHE_MAX_N = 1500;
const powerCache = new Map<number, bigint[]>();

/** (RATE_DEN + p)^n as a BigInt. p = 0 gives RATE_DEN^n. */
export function ratePower(p: number, n: number): bigint {
  let table = powerCache.get(p);
  if (table === undefined) {
    table = [1n];
    powerCache.set(p, table);
  }
  if (n < table.length) return table[n];
  const base = BigInt(RATE_DEN + p);
  if (n > POWER_CACHE_MAX_N) return base ** BigInt(n);
  let last = table[table.length - 1];
  for (let k = table.length; k <= n; k++) {
    last *= base;
    table.push(last);
  }
  return table[n];
}

/** Surcharge compounded per period: base × ((1 + i)^n − 1), i = p / RATE_DEN. */
export function compoundGrowth(base: number, p: number, n: number): number {
  if (n === 0 || base === 0 || p === 0) return 0;
  if (n === 1) return mulDivRound(base, p, RATE_DEN);
  const grown = ratePower(p, n);
  const den = ratePower(0, n);
  return roundHalfUpBig(BigInt(base) * (grown - den), den);
}

/** Rational compound discount (present value): base × (1 − 1/(1 + i)^n). Never exceeds base. */
export function compoundPresentValueDiscount(base: number, p: number, n: number): number {
  if (n === 0 || base === 0 || p === 0) return 0;
  const grown = ratePower(p, n);
  const den = ratePower(0, n);
  return roundHalfUpBig(BigInt(base) * (grown - den), grown);
}

/**
 * Interest at a monthly rate for `days` days, 30-day months, compound by the linear convention:
 * whole months compound, the remaining days are simple on the compounded amount:
 * base × ((1 + i)^m × (1 + i × d / 30) − 1), m = ⌊days / 30⌋, d = days mod 30.
 * Under one month this is exactly simple interest.
 */
export function compoundMonthlyLinear(base: number, p: number, days: number): number {
  const m = Math.floor(days / 30);
  if (m === 0) return mulDivRound(base, p * days, 30 * RATE_DEN);
  const [num, den] = linearFactor(p, m, days - m * 30);
  return roundHalfUpBig(BigInt(base) * num, den);
}

// The factor (num/den) of compoundMonthlyLinear depends only on the rate and the delay, which recur
// across charges; memoised, bounded so a long-running process cannot grow it without limit.
const LINEAR_CACHE_MAX = 50_000;
const linearCache = new Map<number, [bigint, bigint]>();

function linearFactor(p: number, m: number, d: number): [bigint, bigint] {
  const key = p * 1_000_000 + m * 30 + d; // p ≤ 10^6 and days < 10^6 keep the key exact
  const hit = linearCache.get(key);
  if (hit !== undefined) return hit;
  const den = ratePower(0, m) * 30n;
  const factor: [bigint, bigint] = [ratePower(p, m) * BigInt(30 * RATE_DEN + p * d) - den * RATE_DEN_BIG, den * RATE_DEN_BIG];
  if (linearCache.size >= LINEAR_CACHE_MAX) linearCache.clear();
  linearCache.set(key, factor);
  return factor;
}

/** Simple interest at a monthly rate, pro rata per day over 30-day months: base × i × days / 30. */
export function simpleMonthly(base: number, p: number, days: number): number {
  return mulDivRound(base, p * days, 30 * RATE_DEN);
}
