// The billing marker: how the billing module tells consumption that a contract period has been
// billed, and how it reads the totals to bill. Once a period is frozen, usage dated in it can no
// longer be created, replaced or deleted (409 frozen) — also usage that did not exist yet.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import * as q from './queries.ts';

export interface FreezeInput {
  contractId: string;
  /** First and last day of the billed period, inclusive, 'YYYY-MM-DD'. */
  periodStart: string;
  periodEnd: string;
  /** Stable key of the period, e.g. '2026-11' (unique per contract). */
  periodKey: string;
  chargeId?: string | null;
}

/**
 * Marks the contract's period as billed and freezes its usage records. Call it in the transaction
 * that creates the charge, BEFORE reading usageTotalsForPeriod: it takes the contract row FOR
 * UPDATE, which waits for usage writes in flight on that contract and holds new ones back until
 * commit (they then see the period frozen). Idempotent per (contract, periodKey). Returns how many
 * records it froze.
 */
export async function freezeUsage(tx: Tx, tenantId: string, p: FreezeInput, now: Date): Promise<number> {
  if (p.periodEnd < p.periodStart) throw new DomainError('validation_failed', 'periodEnd is before periodStart');
  if (!(await q.lockContractForBilling(tx, tenantId, p.contractId))) throw new DomainError('not_found', 'Contract not found');
  const marker = { ...p, chargeId: p.chargeId ?? null };
  await q.insertBilledPeriod(tx, tenantId, marker, now);
  return q.markBilled(tx, tenantId, marker, now);
}

/**
 * freezeUsage for many periods at once (a billing-run chunk), set-based: two statements whatever
 * the count. The caller already holds every contract's row FOR UPDATE, taken before it read the
 * usage to bill, so no usage write slips into a period between the reading and the freezing.
 */
export async function freezeUsageInBulk(tx: Tx, tenantId: string, ps: FreezeInput[], now: Date): Promise<void> {
  await q.freezePeriodsInBulk(
    tx,
    tenantId,
    ps.map((p) => ({ ...p, chargeId: p.chargeId ?? null })),
    now,
  );
}

/** Undoes freezeUsage (e.g. the charge was cancelled before being sent). Returns how many records it unfroze. */
export async function unfreezeUsage(tx: Tx, tenantId: string, p: { contractId: string; periodKey: string }, now: Date): Promise<number> {
  await q.lockContractForBilling(tx, tenantId, p.contractId);
  return q.unmarkBilled(tx, tenantId, p.contractId, p.periodKey, now);
}

/** Total quantity per contract item over [periodStart, periodEnd] (inclusive), as exact decimal strings. */
export async function usageTotalsForPeriod(
  qr: Queryable,
  tenantId: string,
  contractId: string,
  periodStart: string,
  periodEnd: string,
): Promise<{ contractItemId: string; quantity: string }[]> {
  const rows = await q.totalsForPeriod(qr, tenantId, contractId, periodStart, periodEnd);
  return rows.map((r) => ({ contractItemId: r.contract_item_id, quantity: formatDecimal(parseDecimal(r.quantity, 6)) }));
}
