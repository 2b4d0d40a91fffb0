import type { Queryable, WriteTarget } from './db/types.ts';

/**
 * Per-tenant numbers (customer numbers …): unique and increasing within a tenant.
 *
 * On server PostgreSQL each process takes blocks of numbers in a short transaction of its own
 * and hands them out from memory, so concurrent creates never queue on the counter row. The cost:
 * a number may be skipped (a failed create, a restart with part of a block unused) and, with
 * several processes, numbers follow creation order only roughly. On the embedded engine (one
 * transaction at a time) numbers are allocated in the caller's transaction and have no gaps —
 * except for a single-statement write run without one (a customer created without an
 * Idempotency-Key), where a create refused by the database skips its number.
 */
const BLOCK = 32;
const blocks = new Map<string, { next: number; end: number }>();
const pending = new Map<string, Promise<void>>();

async function allocate(db: Queryable, tenantId: string, name: string, count: number): Promise<number> {
  const { rows } = await db.query<{ value: number }>(
    `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + EXCLUDED.value
     RETURNING value`,
    [tenantId, name, count],
  );
  return rows[0].value - count + 1;
}

export async function nextNumbers(tx: WriteTarget, tenantId: string, name: string, count = 1): Promise<number> {
  const db = tx.outside;
  if (!db) return allocate(tx, tenantId, name, count);
  if (count > BLOCK) return allocate(db, tenantId, name, count);
  const key = `${tenantId}:${name}`;
  for (;;) {
    const b = blocks.get(key);
    if (b && b.end - b.next + 1 >= count) {
      const first = b.next;
      b.next += count;
      return first;
    }
    const inflight = pending.get(key);
    if (inflight) {
      await inflight;
      continue;
    }
    const refill = allocate(db, tenantId, name, BLOCK).then((first) => {
      blocks.set(key, { next: first, end: first + BLOCK - 1 });
    });
    pending.set(key, refill);
    try {
      await refill;
    } finally {
      pending.delete(key);
    }
  }
}
