// The Pix printed on a boleto (bolepix) and shown for a charge is the PSP's dynamic BR Code when the
// charge has one (src/psp registers the source), else the static code on the account's Pix key.
// The boleto capability sits below the PSP one, so it asks through this hook instead of importing it.
import type { Queryable } from '../platform/db/types.ts';
import * as q from './queries.ts';

export interface DynamicPix {
  payload: string;
  txid: string;
  amountCents: number;
  /** The Pix key of the PSP connection receiving it. */
  key: string;
}

export type DynamicPixSource = (db: Queryable, tenantId: string, chargeIds: string[], now: Date) => Promise<Map<string, DynamicPix>>;

let source: DynamicPixSource | null = null;

export function setDynamicPixSource(fn: DynamicPixSource): void {
  source = fn;
}

/** The PSP's codes of these charges still payable at `now` (an expired cob is not). */
export async function dynamicPixOf(db: Queryable, tenantId: string, chargeIds: string[], now: Date): Promise<Map<string, DynamicPix>> {
  if (!source || !chargeIds.length) return new Map();
  return source(db, tenantId, chargeIds, now);
}

/**
 * The PSP's code replaces the static one on the live boletos of these charges, when the boleto's
 * amount is the amount the PSP charge was made for (a boleto of another amount keeps its own).
 */
export async function useDynamicPixOnBoletos(
  db: Queryable,
  tenantId: string,
  rows: { chargeId: string; payload: string; amountCents: number }[],
): Promise<void> {
  await q.setLivePixPayloads(db, tenantId, rows);
}
