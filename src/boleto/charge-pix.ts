// The Pix of a charge: a static BR Code with the amount due and a txid derived from the charge, on
// the Pix key of the charge's boleto account (or the tenant's default account).
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { chargePixPayload, chargeTxid, resolveCharge } from './boletos.ts';
import { conflict } from './errors.ts';
import * as q from './queries.ts';
import { dynamicPixOf } from './dynamic-pix.ts';

export interface ChargePixData {
  charge_id: string;
  payload: string;
  txid: string;
  amount_cents: number;
  key: string;
  /** The PSP's own charge (cob/cobv): it computes discounts, fine and interest itself and confirms itself. */
  dynamic: boolean;
}

export async function chargePix(db: Queryable, scope: Scope, chargeRef: string): Promise<ChargePixData> {
  const charge = await resolveCharge(db, scope, chargeRef);
  return chargePixOf(db, scope, charge, await q.findLiveBoleto(db, scope.tenantId, charge.id));
}

/** chargePix for a charge (and its live boleto, or null) already read: one query, for the account. */
export type LiveBoleto = q.BoletoRow;

export async function chargePixOf(
  db: Queryable,
  scope: Scope,
  charge: Pick<q.ChargeRow, 'id' | 'number' | 'amount_cents' | 'paid_cents'> & { status: string },
  boleto: Pick<LiveBoleto, 'pix_payload' | 'amount_cents' | 'collection_account_id'> | null,
): Promise<ChargePixData> {
  if (charge.status === 'cancelled') throw conflict('charge_cancelled', `Charge #${charge.number} is cancelled`);
  const amount = Number(charge.amount_cents) - Number(charge.paid_cents);
  if (charge.status === 'paid' || amount <= 0) throw conflict('charge_paid', `Charge #${charge.number} has nothing left to pay`);
  // The PSP's dynamic charge for this amount when there is one: it confirms itself when paid.
  const dynamic = (await dynamicPixOf(db, scope.tenantId, [charge.id], scope.now)).get(charge.id);
  if (dynamic && dynamic.amountCents === amount)
    return { charge_id: charge.id, payload: dynamic.payload, txid: dynamic.txid, amount_cents: amount, key: dynamic.key, dynamic: true };
  // The lean reads: the API's account resource also counts the account's boletos, which a Pix does not need.
  const account = boleto
    ? await q.findAccountLean(db, scope.tenantId, boleto.collection_account_id)
    : await q.chargeAccountLean(db, scope.tenantId, charge.id);
  if (!account?.pix_key) {
    throw conflict(
      'no_pix_key',
      account
        ? `Collection account #${account.number} has no Pix key; set pix_key on it`
        : 'The tenant has no collection account with a Pix key',
    );
  }
  // The boleto's own Pix (bolepix) when its amount is still the amount due, else a static code.
  const payload =
    boleto?.pix_payload && Number(boleto.amount_cents) === amount ? boleto.pix_payload : chargePixPayload(account, charge, amount);
  return { charge_id: charge.id, payload, txid: chargeTxid(charge), amount_cents: amount, key: account.pix_key, dynamic: false };
}

/** The live boleto of a charge, read without a transaction (null when it has none). */
export async function liveChargeBoleto(db: Queryable, scope: Scope, chargeId: string): Promise<q.BoletoRow | null> {
  return q.findLiveBoleto(db, scope.tenantId, chargeId);
}

/** The live boletos of several charges in one query, by charge id. */
export async function liveChargeBoletos(db: Queryable, scope: Scope, chargeIds: string[]): Promise<Map<string, q.BoletoRow>> {
  return chargeIds.length ? q.liveBoletosByCharge(db, scope.tenantId, chargeIds) : new Map();
}
