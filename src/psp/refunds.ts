// Refunds (devoluções) of a received Pix: asked through the API or the console, sent through the
// outbox with an id of ours (so a resend never refunds twice), applied to the charge when the PSP
// reports them returned (received.ts finishRefund).
import { randomBytes } from 'node:crypto';
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import type { RefundCreate } from './schemas.ts';
import * as q from './queries.ts';

export function presentRefund(r: q.RefundRow) {
  return {
    id: r.id,
    end_to_end_id: r.end_to_end_id,
    charge_id: r.charge_id,
    amount_cents: r.amount_cents,
    reason: r.reason,
    status: r.status,
    rtr_id: r.rtr_id,
    psp_status: r.psp_status,
    status_reason: r.status_reason,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

export async function presentReceived(db: Queryable, tenantId: string, rows: q.ReceivedRow[]) {
  const refunds = await q.refundsOf(
    db,
    tenantId,
    rows.map((r) => r.end_to_end_id),
  );
  return rows.map((r) => ({
    end_to_end_id: r.end_to_end_id,
    connection_id: r.connection_id,
    txid: r.txid,
    charge_id: r.charge_id,
    amount_cents: r.amount_cents,
    paid_at: r.paid_at,
    expected_cents: r.expected_cents,
    outcome: r.outcome,
    payment_id: r.payment_id,
    source: r.source,
    payer: r.payer,
    refunded_cents: r.refunded_cents,
    received_at: r.received_at,
    refunds: refunds.filter((f) => f.end_to_end_id === r.end_to_end_id).map(presentRefund),
  }));
}

const E2E = /^[a-zA-Z0-9]{32}$/;

/** Our devolução id: 35 letters and digits, random (the spec's pattern [a-zA-Z0-9]{1,35}). */
const newRefundId = () =>
  `D${randomBytes(26)
    .toString('base64url')
    .replace(/[^a-zA-Z0-9]/g, '')
    .padEnd(34, '0')
    .slice(0, 34)}`;

export async function requestRefund(tx: Tx, scope: Scope, e2eid: string, input: RefundCreate) {
  if (!E2E.test(e2eid)) throw notFound('Pix');
  const received = await q.findReceived(tx, scope.tenantId, e2eid, { forUpdate: true });
  if (!received) throw notFound('Pix');
  const open = (await q.refundsOf(tx, scope.tenantId, [e2eid]))
    .filter((f) => f.status === 'requested' || f.status === 'processing')
    .reduce((s, f) => s + f.amount_cents, 0);
  const available = received.amount_cents - received.refunded_cents - open;
  const amount = input.amount_cents ?? available;
  if (available <= 0)
    throw new DomainError('conflict', 'Everything this Pix brought has been refunded (or is being refunded) already', [], {
      reason: 'nothing_to_refund',
    });
  if (amount > available) {
    throw new DomainError('validation_failed', `At most ${available} cents of this Pix can still be refunded`, [
      { field: 'amount_cents', issue: `must be at most ${available}` },
    ]);
  }
  const refund = await q.insertRefund(
    tx,
    {
      tenant_id: scope.tenantId,
      id: newRefundId(),
      end_to_end_id: e2eid,
      charge_id: received.charge_id,
      amount_cents: amount,
      reason: input.reason.trim(),
      status: 'requested',
    },
    scope.now,
  );
  await q.insertOperations(
    tx,
    scope.tenantId,
    [
      {
        id: uuidv7(),
        connection_id: received.connection_id,
        kind: 'refund',
        intent_key: `refund:${refund.id}`,
        charge_id: received.charge_id,
        payload: { refund_id: refund.id, end_to_end_id: e2eid },
        not_before: scope.now,
      },
    ],
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'pix_refund.requested',
    resourceType: 'charge',
    resourceId: received.charge_id ?? e2eid,
    after: presentRefund(refund),
  });
  return presentRefund(refund);
}
