// A Pix received by a PSP connection, however Cobre learnt of it (the PSP's webhook, the
// reconciliation that lists what the webhook missed, a Pix Automático cobr notification):
// registered once per endToEndId, as a payment of the charge its txid belongs to, with the amount
// compared to what Cobre computes as due on the day of the Pix. Refunds (devoluções) that reached
// a final status are applied to the payment here too.
import type { Db, Tx } from '../platform/db/types.ts';
import { businessDate } from '../platform/clock.ts';
import { systemScope, type Scope } from '../platform/scope.ts';
import { DomainError } from '../platform/errors.ts';
import { refundPayment, registerPayment } from '../charges/charges.ts';
import { valorToCents } from './pix-api.ts';
import * as q from './queries.ts';

/** A Pix as the API Pix gives it (webhook, GET /pix, cobr notification). */
export interface PixItem {
  endToEndId: string;
  txid?: string | null;
  valor: string;
  horario: string;
  infoPagador?: string;
  pagador?: Record<string, unknown>;
  devolucoes?: { id: string; rtrId?: string; valor?: string; status?: string; motivo?: string }[];
  [k: string]: unknown;
}

export interface RegisterSummary {
  received: number;
  registered: number;
  duplicates: number;
  unmatched: number;
  refunds_settled: number;
  invalid: string[];
}

const E2E = /^[a-zA-Z0-9]{32}$/;

/** Checks one item's shape; returns why it cannot be used, or null. */
function problemOf(p: PixItem): string | null {
  if (!p || typeof p !== 'object') return 'not an object';
  if (typeof p.endToEndId !== 'string' || !E2E.test(p.endToEndId)) return 'endToEndId must be 32 letters and digits';
  if (p.txid !== undefined && p.txid !== null && (typeof p.txid !== 'string' || !/^[a-zA-Z0-9]{1,35}$/.test(p.txid)))
    return 'txid must be up to 35 letters and digits';
  if (typeof p.valor !== 'string') return 'valor must be a string like "123.45"';
  try {
    if (valorToCents(p.valor) <= 0) return 'valor must be positive';
  } catch {
    return 'valor must be a string like "123.45"';
  }
  if (typeof p.horario !== 'string' || Number.isNaN(Date.parse(p.horario))) return 'horario must be an RFC 3339 timestamp';
  return null;
}

/** Registers each Pix once (one transaction per Pix, so one bad item never undoes the others). */
export async function registerReceivedPix(
  db: Db,
  tenantId: string,
  connection: Pick<q.ConnectionRow, 'id'>,
  items: PixItem[],
  source: q.ReceivedRow['source'],
  now: Date,
): Promise<RegisterSummary> {
  const summary: RegisterSummary = { received: items.length, registered: 0, duplicates: 0, unmatched: 0, refunds_settled: 0, invalid: [] };
  for (const [i, p] of items.entries()) {
    const problem = problemOf(p);
    if (problem) {
      summary.invalid.push(`pix[${i}]: ${problem}`);
      continue;
    }
    await db.transaction(async (tx) => {
      const scope = systemScope(tenantId, now);
      const outcome = await registerOne(tx, scope, connection.id, p, source);
      if (outcome === 'duplicate') summary.duplicates++;
      else if (outcome === 'unmatched') summary.unmatched++;
      else summary.registered++;
      summary.refunds_settled += await settleRefunds(tx, scope, p);
    });
  }
  return summary;
}

async function registerOne(
  tx: Tx,
  scope: Scope,
  connectionId: string,
  p: PixItem,
  source: q.ReceivedRow['source'],
): Promise<'registered' | 'duplicate' | 'unmatched'> {
  const amount = valorToCents(p.valor);
  const today = businessDate(scope.now);
  // The PSP's clock may run a little ahead of ours: a Pix is never dated after today.
  const paidOn = [businessDate(new Date(p.horario)), today].sort()[0];
  const pixCharge = p.txid ? await q.findPixCharge(tx, scope.tenantId, p.txid) : null;
  const base = {
    tenant_id: scope.tenantId,
    end_to_end_id: p.endToEndId,
    connection_id: connectionId,
    txid: p.txid ?? null,
    amount_cents: amount,
    paid_at: new Date(p.horario).toISOString(),
    source,
    payer: (p.pagador as Record<string, unknown>) ?? (p.infoPagador ? { info: p.infoPagador } : null),
    raw: p as Record<string, unknown>,
    received_at: scope.now.toISOString(),
  };
  if (!pixCharge) {
    const fresh = await q.insertReceived(tx, { ...base, charge_id: null, expected_cents: null, outcome: 'unmatched', payment_id: null });
    return fresh ? 'unmatched' : 'duplicate';
  }
  // Claim the endToEndId first: a second notification of the same Pix stops here. The outcome is
  // known once the payment is counted (the charges capability says what was due that day).
  const fresh = await q.insertReceived(tx, {
    ...base,
    charge_id: pixCharge.charge_id,
    expected_cents: null,
    outcome: 'exact',
    payment_id: null,
  });
  if (!fresh) return 'duplicate';
  let result: Awaited<ReturnType<typeof registerPayment>>;
  try {
    result = await registerPayment(
      tx,
      scope,
      pixCharge.charge_id,
      // (cast: the TypeBox type of the date-formatted paid_on does not infer as a plain string)
      {
        amount_cents: amount,
        paid_on: paidOn,
        method: 'pix',
        external_id: `pix:${p.endToEndId}`,
        notes: `Pix ${p.endToEndId} (txid ${p.txid})`,
      } as unknown as Parameters<typeof registerPayment>[3],
      { today, source: 'pix' },
    );
  } catch (err) {
    // A cancelled charge takes no payment: the money is kept aside for a refund.
    if (!(err instanceof DomainError) || err.code !== 'charge_cancelled') throw err;
    await q.settleReceived(tx, scope.tenantId, p.endToEndId, { outcome: 'charge_closed', expected_cents: 0, payment_id: null });
    return 'registered';
  }
  const expected = result.due_before_cents ?? amount;
  const outcome: q.ReceivedRow['outcome'] = amount === expected ? 'exact' : amount < expected ? 'underpaid' : 'overpaid';
  await q.settleReceived(tx, scope.tenantId, p.endToEndId, { outcome, expected_cents: expected, payment_id: result.payment.id });
  return 'registered';
}

/** Devoluções of this Pix that the PSP reports final: apply the returned ones once, fail the others. */
async function settleRefunds(tx: Tx, scope: Scope, p: PixItem): Promise<number> {
  let n = 0;
  for (const d of p.devolucoes ?? []) {
    if (!d?.id || (d.status !== 'DEVOLVIDO' && d.status !== 'NAO_REALIZADO')) continue;
    n += (await finishRefund(tx, scope, d.id, d.status, { rtrId: d.rtrId ?? null, reason: d.motivo ?? null })) ? 1 : 0;
  }
  return n;
}

/** A refund's final status from the PSP; true when this call applied it. */
export async function finishRefund(
  tx: Tx,
  scope: Scope,
  refundId: string,
  pspStatus: string,
  o: { rtrId: string | null; reason: string | null },
): Promise<boolean> {
  const refund = await q.findRefund(tx, scope.tenantId, refundId, { forUpdate: true });
  if (!refund || refund.status === 'returned' || refund.status === 'failed') return false;
  if (pspStatus === 'NAO_REALIZADO') {
    await q.updateRefund(
      tx,
      scope.tenantId,
      refund.id,
      { status: 'failed', psp_status: pspStatus, rtr_id: o.rtrId, status_reason: o.reason ?? 'the PSP did not return the money' },
      scope.now,
    );
    return true;
  }
  if (pspStatus !== 'DEVOLVIDO') {
    await q.updateRefund(tx, scope.tenantId, refund.id, { status: 'processing', psp_status: pspStatus, rtr_id: o.rtrId }, scope.now);
    return false;
  }
  const received = await q.findReceived(tx, scope.tenantId, refund.end_to_end_id, { forUpdate: true });
  if (received?.payment_id && received.charge_id) {
    try {
      await refundPayment(tx, scope, received.charge_id, received.payment_id, refund.amount_cents, refund.reason, {
        today: businessDate(scope.now),
      });
    } catch (err) {
      // A payment reversed by hand meanwhile no longer counts: the money went back all the same.
      if (!(err instanceof DomainError)) throw err;
    }
  }
  await q.addReceivedRefund(tx, scope.tenantId, refund.end_to_end_id, refund.amount_cents);
  await q.updateRefund(tx, scope.tenantId, refund.id, { status: 'returned', psp_status: pspStatus, rtr_id: o.rtrId }, scope.now);
  return true;
}
