import type { Tx } from './db/types.ts';

/**
 * Allocates `count` consecutive numbers of a per-tenant gapless counter (customer numbers...).
 * The row lock is held until the caller's transaction ends, so call it as late as possible.
 * Returns the first number allocated.
 */
export async function nextNumbers(tx: Tx, tenantId: string, name: string, count = 1): Promise<number> {
  const { rows } = await tx.query<{ value: number }>(
    `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + EXCLUDED.value
     RETURNING value`,
    [tenantId, name, count],
  );
  return rows[0].value - count + 1;
}
