// The status of a charge follows from its facts; this is the one place that says how.
export type ChargeStatus = 'open' | 'partially_paid' | 'paid' | 'overdue' | 'cancelled';

export interface StatusFacts {
  cancelled: boolean;
  dueDate: string;
  today: string;
  paidCents: number;
  /** What remains to pay, per the payment terms, at the date of the last payment (or today). */
  remainingCents: number;
}

/**
 * - cancelled stays cancelled;
 * - nothing remains → paid;
 * - past the due date with something left → overdue (even when partly paid: overdue is what a
 *   finance clerk must act on; `paid_cents` shows the partial payment);
 * - something paid, not yet due → partially_paid;
 * - otherwise open.
 */
export function deriveStatus(f: StatusFacts): ChargeStatus {
  if (f.cancelled) return 'cancelled';
  if (f.remainingCents <= 0 && f.paidCents > 0) return 'paid';
  if (f.today > f.dueDate) return 'overdue';
  if (f.paidCents > 0) return 'partially_paid';
  return 'open';
}

export const OPEN_STATUSES: readonly ChargeStatus[] = ['open', 'partially_paid', 'overdue'];
