// Check-digit arithmetic used by FEBRABAN boletos and by each bank's nosso número.
// Every function takes a string of decimal digits (callers validate the alphabet) and is pure.

/** Sum of digit × weight, weights cycling from the rightmost digit (the usual bank convention). */
export function weightedSumFromRight(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += digit * weights[i % weights.length];
  }
  return sum;
}

/** Same, but weights cycle from the leftmost digit (Sicoob's 3-1-9-7 rule). */
export function weightedSumFromLeft(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i % weights.length];
  return sum;
}

/**
 * FEBRABAN modulo 10: weights 2,1,2,1… from the right; two-digit products contribute the sum of
 * their digits; DV = (10 − sum mod 10) mod 10. Used for the three linha-digitável fields and for
 * Itaú's nosso número / agency-account DACs.
 */
export function mod10(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let product = (digits.charCodeAt(digits.length - 1 - i) - 48) * (i % 2 === 0 ? 2 : 1);
    if (product > 9) product -= 9; // same as adding the two digits of a product ≤ 18
    sum += product;
  }
  return (10 - (sum % 10)) % 10;
}

export const WEIGHTS_2_TO_9 = [2, 3, 4, 5, 6, 7, 8, 9] as const;
export const WEIGHTS_9_TO_2 = [9, 8, 7, 6, 5, 4, 3, 2] as const;
export const WEIGHTS_2_TO_7 = [2, 3, 4, 5, 6, 7] as const;

/**
 * The general barcode check digit (position 5): weights 2..9 from the right, DV = 11 − (sum mod 11);
 * results 0, 10 and 11 become 1 (FEBRABAN layout, so the digit is never 0).
 */
export function barcodeMod11(digits43: string): number {
  const dv = 11 - (weightedSumFromRight(digits43, WEIGHTS_2_TO_9) % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

/**
 * The common "modulo 11, weights 2..9, 10 and 11 → 0" rule (Santander, Caixa, Sicredi nosso número
 * and campo-livre DVs).
 */
export function mod11ZeroOnHigh(digits: string): number {
  const dv = 11 - (weightedSumFromRight(digits, WEIGHTS_2_TO_9) % 11);
  return dv > 9 ? 0 : dv;
}

/**
 * Banrisul's "número de controle" (NC, two digits): D1 = mod10; D2 = 11 − ((digits+D1) weights 2..7
 * from the right, mod 11), remainder 0 → 0. A remainder of 1 is not allowed: D1 is bumped (9 → 0)
 * and D2 recomputed (Banrisul, "Cálculo dos números de controle (NC) do nosso número", 2015-12-11).
 * BRB's Chave BRB ends in the same double digit.
 */
export function banrisulNc(digits: string): string {
  let d1 = mod10(digits);
  for (;;) {
    const r = weightedSumFromRight(digits + d1, WEIGHTS_2_TO_7) % 11;
    if (r === 1) {
      d1 = (d1 + 1) % 10;
      continue;
    }
    return `${d1}${r === 0 ? 0 : 11 - r}`;
  }
}
