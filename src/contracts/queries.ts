// The only file of the contracts capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';

export interface ItemCandidateRow {
  id: string;
  contract_id: string;
  customer_id: string;
  service_id: string;
}

/** Contract items matching the given ids; with a date, only items and contracts in force on it. */
export async function findItemCandidates(
  q: Queryable,
  tenantId: string,
  f: { itemId: string | null; contractId: string | null; customerId: string | null; serviceId: string | null; date: string | null },
): Promise<ItemCandidateRow[]> {
  const { rows } = await q.query<ItemCandidateRow>(
    `SELECT i.id, i.contract_id, c.customer_id, i.service_id
       FROM contract_items i JOIN contracts c ON c.tenant_id = i.tenant_id AND c.id = i.contract_id
      WHERE i.tenant_id = $1
        AND ($2::uuid IS NULL OR i.id = $2)
        AND ($3::uuid IS NULL OR i.contract_id = $3)
        AND ($4::uuid IS NULL OR c.customer_id = $4)
        AND ($5::uuid IS NULL OR i.service_id = $5)
        AND ($6::date IS NULL OR (
              (i.starts_on IS NULL OR i.starts_on <= $6) AND (i.ends_on IS NULL OR i.ends_on >= $6)
          AND c.status <> 'pending' AND c.start_date <= $6
          AND (c.end_date IS NULL OR c.end_date >= $6)
          AND (c.cancellation_effective_date IS NULL OR c.cancellation_effective_date >= $6)))
      ORDER BY i.id
      LIMIT 20`,
    [tenantId, f.itemId, f.contractId, f.customerId, f.serviceId, f.date],
  );
  return rows;
}
