// Many payments at once (a bank return file's liquidations): the same rules as registerPayment —
// an external_id already registered is not counted twice (same content: the existing payment;
// different content: duplicate_external_id), a cancelled charge takes none, a future paid_on is
// refused — and the same settling of each charge (paid, fees, overpaid and status from its
// payments and its terms on the last payment's date), but in a fixed number of statements per
// batch instead of about eighteen per payment. A charge paid twice in one batch is settled once,
// with both payments: one status change, from where it was to where it ends.
import type { Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvents, type EventInput } from '../platform/events.ts';
import { uuidv7 } from '../platform/ids.ts';
import { amountsDueOn } from './amount-due.ts';
import { presentCharge, presentPayment, sameRequest, statusEventType } from './charges.ts';
import * as q from './queries.ts';
import type { Payment } from './schemas.ts';
import { deriveStatus } from './status.ts';

export interface BulkPaymentInput {
  charge_id: string;
  amount_cents: number;
  fee_cents: number;
  paid_on: string;
  method: q.PaymentRow['method'];
  external_id: string;
}

export type BulkPaymentOutcome =
  | { ok: true; payment: Payment; created: boolean; charge_status: string }
  | { ok: false; code: 'validation_failed' | 'duplicate_external_id' | 'charge_cancelled' | 'not_found'; message: string };

export async function registerPaymentsInBulk(
  tx: Tx,
  scope: Scope,
  items: readonly BulkPaymentInput[],
  opts: { today: string; source: q.PaymentRow['source'] },
): Promise<BulkPaymentOutcome[]> {
  const charges = new Map(
    (await q.lockChargesForUpdate(tx, scope.tenantId, [...new Set(items.map((i) => i.charge_id))])).map((c) => [c.id, c]),
  );
  const known = new Map(
    (await q.findPaymentsByExternalIds(tx, scope.tenantId, [...new Set(items.map((i) => i.external_id))])).map((p) => [p.external_id!, p]),
  );
  const out: (BulkPaymentOutcome | { pending: q.PaymentRow })[] = [];
  const fresh: q.PaymentRow[] = [];
  for (const i of items) {
    const charge = charges.get(i.charge_id);
    const existing = known.get(i.external_id);
    if (!charge) out.push({ ok: false, code: 'not_found', message: 'Charge not found' });
    else if (i.paid_on > opts.today) out.push({ ok: false, code: 'validation_failed', message: 'paid_on cannot be in the future' });
    else if (existing)
      out.push(
        sameRequest(existing, i, i.charge_id, i.paid_on)
          ? { ok: true, payment: presentPayment(existing), created: false, charge_status: charge.status }
          : {
              ok: false,
              code: 'duplicate_external_id',
              message: `A different payment with external_id ${i.external_id} is already registered`,
            },
      );
    else if (charge.status === 'cancelled')
      out.push({ ok: false, code: 'charge_cancelled', message: 'The charge is cancelled and takes no payments' });
    else {
      const p: q.PaymentRow = {
        id: uuidv7(),
        charge_id: i.charge_id,
        amount_cents: i.amount_cents,
        fee_cents: i.fee_cents,
        paid_on: i.paid_on,
        method: i.method,
        source: opts.source,
        external_id: i.external_id,
        notes: null,
        reversed_at: null,
        reversal_reason: null,
        refunded_cents: 0,
        created_at: scope.now.toISOString(),
      };
      // The same external_id again in the batch is the payment just made, as registerPayment would find it.
      known.set(i.external_id, p);
      fresh.push(p);
      out.push({ pending: p });
    }
  }

  const inserted = new Map(
    (
      await q.insertPaymentsInBulk(
        tx,
        scope.tenantId,
        fresh.map(({ reversed_at, reversal_reason, refunded_cents, created_at, ...p }) => p),
        scope.now,
      )
    ).map((p) => [p.id, p]),
  );
  const made = fresh.filter((p) => inserted.has(p.id)).map((p) => inserted.get(p.id)!);
  const events: EventInput[] = made.map((p) => ({ type: 'payment.created', resourceType: 'charge', resourceId: p.charge_id, after: p }));
  const reasons = new Map<string, string[]>();
  for (const p of made) reasons.set(p.charge_id, [...(reasons.get(p.charge_id) ?? []), p.id]);
  const status = await settleMany(
    tx,
    scope,
    [...reasons.keys()].map((id) => ({ row: charges.get(id)!, reason: `payment ${reasons.get(id)!.join(', ')}` })),
    opts.today,
    events,
  );
  await recordEvents(tx, scope, events);
  return out.map((o) => {
    if (!('pending' in o)) return o;
    if (!inserted.has(o.pending.id))
      return { ok: false, code: 'duplicate_external_id', message: 'This external_id was registered concurrently' } as const;
    return {
      ok: true,
      payment: presentPayment(inserted.get(o.pending.id)!),
      created: true,
      charge_status: status.get(o.pending.charge_id)!,
    };
  });
}

/** settle() of charges.ts for many charges: three reads, one update, one history insert; events appended. */
async function settleMany(
  tx: Tx,
  scope: Scope,
  settling: { row: q.ChargeRow; reason: string }[],
  today: string,
  events: EventInput[],
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (!settling.length) return result;
  const rows = settling.map((s) => s.row);
  const byCharge = new Map<string, q.PaymentRow[]>();
  for (const p of await q.listPaymentsOf(
    tx,
    scope.tenantId,
    rows.map((r) => r.id),
  ))
    if (!p.reversed_at) byCharge.set(p.charge_id, [...(byCharge.get(p.charge_id) ?? []), p]);
  const facts = settling.map(({ row, reason }) => {
    const payments = byCharge.get(row.id) ?? [];
    const paid = payments.reduce((s, p) => s + p.amount_cents - p.refunded_cents, 0);
    const fees = payments.reduce((s, p) => s + p.fee_cents, 0);
    // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max would turn into NaN
    const lastPaidOn = payments.reduce((d, p) => (p.paid_on > d ? p.paid_on : d), '');
    return { row, paid, fees, at: lastPaidOn || today, reason };
  });
  const owed = await amountsDueOn(
    tx,
    scope,
    facts.map((f) => ({ row: f.row, date: f.at, paidCents: 0 })),
  );
  const updates: Parameters<typeof q.updateChargeStatesInBulk>[2] = [];
  const history: Parameters<typeof q.insertStatusChangesInBulk>[2] = [];
  facts.forEach((f, i) => {
    const owedThen = owed[i].totalCents;
    const status = deriveStatus({
      cancelled: false,
      dueDate: f.row.due_date,
      today,
      paidCents: f.paid,
      remainingCents: Math.max(0, owedThen - f.paid),
    });
    const paidAt = status === 'paid' ? (f.row.status === 'paid' ? 'keep' : 'now') : null;
    updates.push({
      id: f.row.id,
      status,
      paid_cents: f.paid,
      fee_cents: f.fees,
      overpaid_cents: Math.max(0, f.paid - owedThen),
      paid_at: paidAt,
    });
    result.set(f.row.id, status);
    if (status !== f.row.status) {
      history.push({ id: uuidv7(), charge_id: f.row.id, from_status: f.row.status, to_status: status, reason: f.reason });
      const after: q.ChargeRow = {
        ...f.row,
        status,
        paid_cents: f.paid,
        fee_cents: f.fees,
        overpaid_cents: Math.max(0, f.paid - owedThen),
        paid_at: paidAt === 'now' ? (f.row.paid_at ?? scope.now.toISOString()) : paidAt === 'keep' ? f.row.paid_at : null,
        updated_at: scope.now.toISOString(),
      };
      events.push({
        type: statusEventType(status),
        resourceType: 'charge',
        resourceId: f.row.id,
        before: presentCharge(f.row),
        after: presentCharge(after),
      });
    }
  });
  await q.updateChargeStatesInBulk(tx, scope.tenantId, updates, scope.now);
  await q.insertStatusChangesInBulk(tx, scope.tenantId, history, scope.actor, scope.now);
  return result;
}
