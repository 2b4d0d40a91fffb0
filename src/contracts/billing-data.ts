// Contracts as the billing run reads them, a chunk at a time: a few set-based queries per chunk
// instead of several per contract, so a run over a million contracts stays fast. The snapshot a
// contract yields for a period is the same as loadContractSnapshot's (items in force and prices
// as on the period's first day; inactive spans count as suspended days).
import type { Queryable } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { addDays } from '../platform/dates.ts';
import type { ContractSnapshot } from '../pricing/types.ts';
import type { PriceRow } from '../catalog/queries.ts';
import { canonicalNumeric, toServiceSnapshot, versionInForce } from '../catalog/present-service.ts';

interface ServiceInfo {
  name: string;
  unit: string;
  billing_period: ContractSnapshot['items'][number]['service']['billingPeriod'];
  prices: PriceRow[];
  /** Snapshots by price version id: contracts of a chunk share a few services. */
  snapshots: Map<string, ContractSnapshot['items'][number]['service']>;
}

export interface ContractBillingData {
  id: string;
  customerId: string;
  startDate: string;
  endDate: string | null;
  billingDay: number;
  dueDays: number;
  status: ContractSnapshot['status'];
  paymentMethod: string;
  cancellationEffectiveDate: string | null;
  suspensions: { startDate: string; endDate: string | null }[];
  items: {
    id: string;
    serviceId: string;
    quantity: string;
    priceOverrideCents: string | null;
    startsOn: string | null;
    endsOn: string | null;
  }[];
  services: Map<string, ServiceInfo>;
}

/** Spans the contract spent inactive (deactivate … activate): never billed, like suspensions. */
export function inactiveSpans(
  transitions: { action: string; effective_date: string | null }[],
): { startDate: string; endDate: string | null }[] {
  const spans: { startDate: string; endDate: string | null }[] = [];
  for (const t of transitions) {
    if (t.action === 'deactivate' && t.effective_date) spans.push({ startDate: t.effective_date, endDate: null });
    else if (t.action === 'activate' && t.effective_date && spans.length && spans[spans.length - 1].endDate === null) {
      spans[spans.length - 1].endDate = addDays(t.effective_date, -1);
    }
  }
  return spans.filter((s) => s.endDate === null || s.endDate >= s.startDate);
}

export async function loadContractsForBilling(q: Queryable, tenantId: string, ids: string[]): Promise<ContractBillingData[]> {
  if (!ids.length) return [];
  const [contracts, items, suspensions, transitions] = await Promise.all([
    q.query<{
      id: string;
      customer_id: string;
      start_date: string;
      end_date: string | null;
      billing_day: number;
      due_days: number;
      status: ContractSnapshot['status'];
      payment_method: string;
      cancellation_effective_date: string | null;
    }>(
      `SELECT id, customer_id, start_date, end_date, billing_day, due_days, status, payment_method, cancellation_effective_date
       FROM contracts WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`,
      [tenantId, ids],
    ),
    q.query<{
      id: string;
      contract_id: string;
      service_id: string;
      quantity: string;
      price_override_cents: string | null;
      starts_on: string | null;
      ends_on: string | null;
    }>(
      `SELECT id, contract_id, service_id, quantity::text AS quantity, price_override_cents::text AS price_override_cents, starts_on, ends_on
       FROM contract_items WHERE tenant_id = $1 AND contract_id = ANY($2::uuid[]) ORDER BY starts_on NULLS FIRST, id`,
      [tenantId, ids],
    ),
    q.query<{ contract_id: string; start_date: string; end_date: string | null }>(
      `SELECT contract_id, start_date, end_date FROM contract_suspensions WHERE tenant_id = $1 AND contract_id = ANY($2::uuid[]) ORDER BY start_date`,
      [tenantId, ids],
    ),
    q.query<{ contract_id: string; action: string; effective_date: string | null }>(
      `SELECT contract_id, action, effective_date FROM contract_transitions
       WHERE tenant_id = $1 AND contract_id = ANY($2::uuid[]) AND action IN ('activate', 'deactivate') ORDER BY id`,
      [tenantId, ids],
    ),
  ]);
  const serviceIds = [...new Set(items.rows.map((i) => i.service_id))];
  const services = new Map<string, ServiceInfo>();
  if (serviceIds.length) {
    const [svc, prices] = await Promise.all([
      q.query<{ id: string; name: string; unit: string; billing_period: ServiceInfo['billing_period'] }>(
        `SELECT id, name, unit, billing_period FROM services WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
        [tenantId, serviceIds],
      ),
      q.query<PriceRow & { service_id: string }>(
        `SELECT id, service_id, effective_from, pricing_model, price_cents::text AS price_cents, tiers, included_quantity::text AS included_quantity
         FROM service_prices WHERE tenant_id = $1 AND service_id = ANY($2::uuid[]) ORDER BY effective_from, id`,
        [tenantId, serviceIds],
      ),
    ]);
    for (const s of svc.rows)
      services.set(s.id, { name: s.name, unit: s.unit, billing_period: s.billing_period, prices: [], snapshots: new Map() });
    for (const p of prices.rows) services.get(p.service_id)?.prices.push(p);
  }
  const group = <T extends { contract_id: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) (m.get(r.contract_id) ?? m.set(r.contract_id, []).get(r.contract_id)!).push(r);
    return m;
  };
  const itemsBy = group(items.rows);
  const suspBy = group(suspensions.rows);
  const transBy = group(transitions.rows);
  return contracts.rows.map((c) => ({
    id: c.id,
    customerId: c.customer_id,
    startDate: c.start_date,
    endDate: c.end_date,
    billingDay: c.billing_day,
    dueDays: c.due_days,
    status: c.status,
    paymentMethod: c.payment_method,
    cancellationEffectiveDate: c.cancellation_effective_date,
    suspensions: [
      ...(suspBy.get(c.id) ?? []).map((s) => ({ startDate: s.start_date, endDate: s.end_date })),
      ...inactiveSpans(transBy.get(c.id) ?? []),
    ].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0)),
    items: (itemsBy.get(c.id) ?? []).map((i) => ({
      id: i.id,
      serviceId: i.service_id,
      quantity: canonicalNumeric(i.quantity)!,
      priceOverrideCents: canonicalNumeric(i.price_override_cents),
      startsOn: i.starts_on,
      endsOn: i.ends_on,
    })),
    services,
  }));
}

/**
 * The contract as billed for a period starting on `date` (or, before the period is known, as on
 * the reference date: enough for periodDueOn, which only needs dates and the billing period unit).
 */
export function snapshotAt(c: ContractBillingData, date: string, opts: { allItems?: boolean } = {}): ContractSnapshot {
  const inForce = opts.allItems
    ? c.items
    : c.items.filter((i) => (i.startsOn === null || i.startsOn <= date) && (i.endsOn === null || i.endsOn >= date));
  return {
    id: c.id,
    customerId: c.customerId,
    startDate: c.startDate,
    endDate: c.endDate,
    billingDay: c.billingDay,
    dueDays: c.dueDays,
    status: c.status,
    cancellation: c.cancellationEffectiveDate ? { effectiveDate: c.cancellationEffectiveDate } : null,
    suspensions: c.suspensions,
    items: inForce.map((i) => {
      const s = c.services.get(i.serviceId);
      if (!s || s.prices.length === 0)
        throw new DomainError('unprocessable', `Service ${i.serviceId} of contract item ${i.id} has no price`);
      const version = versionInForce(s.prices, date);
      let service = s.snapshots.get(version.id);
      if (!service) {
        service = toServiceSnapshot(i.serviceId, s, version);
        s.snapshots.set(version.id, service);
      }
      return { id: i.id, service, quantity: i.quantity, priceOverrideCents: i.priceOverrideCents, endsOn: i.endsOn };
    }),
  };
}
