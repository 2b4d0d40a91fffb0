import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import type { UsageRow } from './queries.ts';
import type { UsageRecord } from './schemas.ts';

export function presentUsage(row: UsageRow): UsageRecord {
  return {
    id: row.id,
    contract_id: row.contract_id,
    contract_item_id: row.contract_item_id,
    customer_id: row.customer_id,
    service_id: row.service_id,
    quantity: formatDecimal(parseDecimal(row.quantity, 6)),
    reference_date: row.reference_date,
    description: row.description,
    external_id: row.external_id,
    billed: row.billed_at !== null,
    billed_at: row.billed_at,
    billing_period_key: row.billing_period_key,
    charge_id: row.charge_id,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
