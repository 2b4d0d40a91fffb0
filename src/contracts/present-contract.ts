import type { ContractSnapshot, BillingPeriod } from '../pricing/types.ts';
import { contractPeriodUnit, periodContaining } from '../pricing/periods.ts';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import type { Contract, Transition } from './schemas.ts';
import type { ContractRow, TransitionRow } from './queries.ts';
import { allowedActions } from './state-machine.ts';

const canon = (v: string | null): string | null => (v === null ? null : formatDecimal(parseDecimal(v, 6, 'value')));

/** Just enough of a snapshot for the period grid (start, billing day, the items' billing period). */
export function gridOf(
  row: Pick<ContractRow, 'id' | 'customer_id' | 'start_date' | 'end_date' | 'billing_day' | 'due_days'>,
  billingPeriods: string[],
): ContractSnapshot {
  return {
    id: row.id,
    customerId: row.customer_id,
    startDate: row.start_date,
    endDate: row.end_date,
    billingDay: row.billing_day,
    dueDays: row.due_days,
    status: 'active',
    suspensions: [],
    items: billingPeriods.map((p, i) => ({
      id: String(i),
      quantity: '1',
      service: {
        id: String(i),
        name: '',
        unit: '',
        pricingModel: 'flat',
        priceCents: '0',
        billingPeriod: p as ContractSnapshot['items'][number]['service']['billingPeriod'],
      },
    })),
  };
}

/** The billing period containing `date` on the contract's grid, or null (no items, or before the first period). */
export function currentPeriod(row: ContractRow, date: string): BillingPeriod | null {
  return periodContaining(
    gridOf(
      row,
      row.items.map((i) => i.service.billing_period),
    ),
    date,
  );
}

export function presentContract(row: ContractRow, today: string): Contract {
  const grid = gridOf(
    row,
    row.items.map((i) => i.service.billing_period),
  );
  let unit: string | null = null;
  let period: BillingPeriod | null = null;
  try {
    unit = contractPeriodUnit(grid);
    period = periodContaining(grid, today);
  } catch {
    // Refused at write time; never fail a read over it.
  }
  return {
    id: row.id,
    number: row.number,
    customer_id: row.customer_id,
    customer: row.customer,
    status: row.status,
    allowed_actions: allowedActions(row.status),
    start_date: row.start_date,
    end_date: row.end_date,
    billing_day: row.billing_day,
    due_days: row.due_days,
    payment_method: row.payment_method,
    collection_account_id: row.collection_account_id,
    collection_account: row.collection_account,
    billing_period: unit,
    current_period: period ? { start: period.start, end: period.end } : null,
    items: row.items.map((i) => ({
      id: i.id,
      service_id: i.service_id,
      service: i.service,
      quantity: canon(i.quantity)!,
      price_override_cents: canon(i.price_override_cents),
      description: i.description,
      starts_on: i.starts_on,
      ends_on: i.ends_on,
    })),
    suspensions: row.suspensions,
    cancellation: row.cancellation_effective_date
      ? { reason: row.cancel_reason, effective_date: row.cancellation_effective_date, cancelled_at: row.cancelled_at }
      : null,
    external_code: row.external_code,
    description: row.description,
    metadata: row.metadata,
    activated_at: row.activated_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function presentTransition(t: TransitionRow): Transition {
  return {
    id: t.id,
    action: t.action,
    from_status: t.from_status,
    to_status: t.to_status,
    reason: t.reason,
    effective_date: t.effective_date,
    actor: { type: t.actor_type, id: t.actor_id },
    request_id: t.request_id,
    created_at: t.created_at,
  };
}
