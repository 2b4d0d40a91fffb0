// Test helpers for the bank vector files (not imported by production code).

import { generateBoletoNumbers } from './registry.ts';
import type { BoletoNumbers, CollectionAccountData } from './types.ts';

export function gen(
  account: CollectionAccountData,
  sequence: number,
  dueDate: string | null,
  amountCents: number,
  issueDate?: string,
): BoletoNumbers {
  return generateBoletoNumbers({ account, sequence, dueDate, amountCents, issueDate });
}

/** Stella prints the linha with two spaces between groups; the digits are what matters. */
export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}
