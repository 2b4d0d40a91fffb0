// Bulk actions of Contas a Receber: cancel many charges, register many payments. Each item runs in
// a savepoint of the request's one transaction, so a charge the rules refuse (already paid, not
// found, cancelled…) is rolled back alone and reported with its DomainError code, and the others
// are written. An unexpected (non-domain) error still fails the whole request: nothing half-written.
import type { Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { cancelCharge, registerPayment } from './charges.ts';
import type { BulkCancelBody, BulkPaymentsBody } from './schemas.ts';

export interface BulkItemError {
  code: string;
  message: string;
  details: { field?: string; issue: string }[];
}

export interface BulkCancelResult {
  charge_id: string;
  ok: boolean;
  number: number | null;
  status: string | null;
  error: BulkItemError | null;
}

export interface BulkPaymentResult extends BulkCancelResult {
  payment_id: string | null;
  /** False when the item's external_id had already been registered (nothing new counted). */
  created: boolean;
  amount_cents: number;
}

async function inSavepoint<T>(tx: Tx, fn: () => Promise<T>): Promise<{ value: T } | { error: BulkItemError }> {
  await tx.query('SAVEPOINT charges_bulk_item');
  try {
    const value = await fn();
    await tx.query('RELEASE SAVEPOINT charges_bulk_item');
    return { value };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT charges_bulk_item');
    return { error: { code: err.code, message: err.message, details: err.details } };
  }
}

export async function bulkCancel(tx: Tx, scope: Scope, input: BulkCancelBody) {
  const reason = input.reason.trim();
  if (!reason) throw new DomainError('validation_failed', 'reason must not be blank', [{ field: 'reason', issue: 'blank' }]);
  const results: BulkCancelResult[] = [];
  for (const ref of input.charge_ids) {
    const r = await inSavepoint(tx, () => cancelCharge(tx, scope, ref, reason));
    results.push(
      'value' in r
        ? { charge_id: r.value.id, ok: true, number: r.value.number, status: r.value.status, error: null }
        : { charge_id: ref, ok: false, number: null, status: null, error: r.error },
    );
  }
  return summarize(results);
}

export async function bulkPayments(tx: Tx, scope: Scope, input: BulkPaymentsBody, opts: { today: string }) {
  const results: BulkPaymentResult[] = [];
  for (const p of input.payments) {
    const { charge_id, ...payment } = p;
    const r = await inSavepoint(tx, () => registerPayment(tx, scope, charge_id, payment, { today: opts.today }));
    results.push(
      'value' in r
        ? {
            charge_id: r.value.charge.id,
            ok: true,
            number: r.value.charge.number,
            status: r.value.charge.status,
            error: null,
            payment_id: r.value.payment.id,
            created: r.value.created,
            amount_cents: p.amount_cents,
          }
        : {
            charge_id,
            ok: false,
            number: null,
            status: null,
            error: r.error,
            payment_id: null,
            created: false,
            amount_cents: p.amount_cents,
          },
    );
  }
  return summarize(results);
}

function summarize<R extends { ok: boolean }>(results: R[]) {
  const ok = results.filter((r) => r.ok).length;
  return { ok_count: ok, failed_count: results.length - ok, results };
}
