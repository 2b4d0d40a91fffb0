// Small validation/padding helpers shared by the bank layouts.

import type { ErrorDetail } from '../../platform/errors.ts';

/**
 * Checks an optional/required digit string of at most `maxLength` digits; returns issues for it.
 * Padding happens in `pad` so validation and generation agree on the same rule.
 */
export function checkDigits(issues: ErrorDetail[], field: string, value: string | undefined, maxLength: number, required = true): void {
  if (value === undefined || value === '') {
    if (required) issues.push({ field, issue: 'required' });
    return;
  }
  if (typeof value !== 'string' || !/^\d+$/.test(value)) issues.push({ field, issue: 'must_be_digits' });
  else if (value.length > maxLength) issues.push({ field, issue: `max_${maxLength}_digits` });
}

export function pad(value: string | undefined, length: number): string {
  return (value ?? '').padStart(length, '0');
}

export function padSequence(sequence: number, length: number): string {
  return String(sequence).padStart(length, '0');
}
