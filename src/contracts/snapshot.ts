// What the billing run (issue #5) reads: a contract as a plain ContractSnapshot for one period, and
// the ids of the contracts it must look at, in chunks.
import type { Queryable } from '../platform/db/types.ts';
import { notFound } from '../platform/errors.ts';
import { addDays, dateAtMonthIndex, monthIndex, parseIsoDate } from '../platform/dates.ts';
import type { ContractSnapshot } from '../pricing/types.ts';
import { servicePriceAt } from '../catalog/prices.ts';
import { canonicalNumeric } from '../catalog/present-service.ts';
import * as q from './queries.ts';

/**
 * The contract as billed for the period starting `periodStart`: the items in force on that day,
 * each with its service priced as on that day (servicePriceAt), the suspensions, and the
 * cancellation. Days the contract spent inactive (deactivate … activate) count as suspended days,
 * so they are never billed.
 */
export async function loadContractSnapshot(
  db: Queryable,
  tenantId: string,
  contractId: string,
  periodStart: string,
): Promise<ContractSnapshot> {
  const row = await q.findContract(db, tenantId, 'id', contractId, periodStart);
  if (!row) throw notFound('Contract');
  const items = await q.itemsInForce(db, tenantId, contractId, periodStart);
  const transitions = await q.listTransitions(db, tenantId, contractId);
  const inactive: { startDate: string; endDate: string | null }[] = [];
  for (const t of transitions) {
    if (t.action === 'deactivate' && t.effective_date) inactive.push({ startDate: t.effective_date, endDate: null });
    else if (t.action === 'activate' && t.effective_date && inactive.length && inactive[inactive.length - 1].endDate === null) {
      inactive[inactive.length - 1].endDate = addDays(t.effective_date, -1);
    }
  }
  return {
    id: row.id,
    customerId: row.customer_id,
    startDate: row.start_date,
    endDate: row.end_date,
    billingDay: row.billing_day,
    dueDays: row.due_days,
    status: row.status,
    cancellation: row.cancellation_effective_date ? { effectiveDate: row.cancellation_effective_date } : null,
    suspensions: [
      ...row.suspensions.map((s) => ({ startDate: s.start_date, endDate: s.end_date })),
      ...inactive.filter((s) => s.endDate === null || s.endDate >= s.startDate),
    ].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0)),
    items: await Promise.all(
      items.map(async (i) => ({
        id: i.id,
        service: await servicePriceAt(db, tenantId, i.service_id, periodStart),
        quantity: canonicalNumeric(i.quantity)!,
        priceOverrideCents: canonicalNumeric(i.price_override_cents),
        endsOn: i.ends_on,
      })),
    ),
  };
}

/**
 * Ids of the contracts a billing run must consider, ascending, `limit` at a time (pass the last id
 * as `afterId` for the next chunk): active and suspended contracts, and cancelled ones that had
 * service — with `asOf`, only those whose last day of service is within 13 months before it (a final
 * period, even yearly, is billed by then). periodDueOn and the charge's exactly-once key decide the rest.
 */
export async function listBillableContractIds(
  db: Queryable,
  tenantId: string,
  opts: { afterId?: string | null; limit: number; asOf?: string },
): Promise<string[]> {
  let since: string | null = null;
  if (opts.asOf) {
    const ymd = parseIsoDate(opts.asOf, 'as_of');
    since = dateAtMonthIndex(monthIndex(ymd) - 13, 1);
  }
  return q.billableContractIds(db, tenantId, opts.afterId ?? null, opts.limit, since);
}
