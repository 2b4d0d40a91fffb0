// SQL of the address-, e-mail- and password-level customer use cases (customer-contacts.ts,
// customer-password.ts). Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export interface ChildOwner {
  id: string;
  number: number;
  customer_id: string;
}

/** Finds an address or e-mail by its UUID or its per-tenant number. */
export async function findChild(
  q: Queryable,
  tenantId: string,
  table: 'customer_addresses' | 'customer_emails',
  ref: { id: string } | { number: number },
): Promise<ChildOwner | null> {
  const [column, value] = 'id' in ref ? ['id', ref.id] : ['number', ref.number];
  const { rows } = await q.query<ChildOwner>(`SELECT id, number, customer_id FROM ${table} WHERE tenant_id = $1 AND ${column} = $2`, [
    tenantId,
    value,
  ]);
  return rows[0] ?? null;
}

/** Locks the customer row until the transaction ends (serialises writes to its child lists). */
export async function lockCustomer(tx: Tx, tenantId: string, customerId: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, customerId]);
  return rowCount > 0;
}

export type EmailRow = Omit<Database['customer_emails'], 'tenant_id' | 'created_at'> & {
  customer_number: number;
};

/** The tenant's e-mail addresses (optionally of one customer), by number, one page. */
export async function listEmails(
  q: Queryable,
  tenantId: string,
  opts: { customerId?: string; email?: string; limit: number; offset: number },
): Promise<{ rows: EmailRow[]; total: number }> {
  const params: unknown[] = [tenantId];
  let where = 'e.tenant_id = $1';
  if (opts.customerId) {
    params.push(opts.customerId);
    where += ` AND e.customer_id = $${params.length}`;
  }
  if (opts.email) {
    params.push(opts.email.trim().toLowerCase());
    where += ` AND e.email = $${params.length}`;
  }
  const [{ rows }, count] = await Promise.all([
    q.query<EmailRow>(
      `SELECT e.id, e.number, e.customer_id, c.number AS customer_number, e.email, e.label, e.is_primary
         FROM customer_emails e JOIN customers c ON c.tenant_id = e.tenant_id AND c.id = e.customer_id
        WHERE ${where} ORDER BY e.number LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, opts.limit, opts.offset],
    ),
    q.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM customer_emails e WHERE ${where}`, params),
  ]);
  return { rows, total: Number(count.rows[0].n) };
}

export async function readPasswordHash(q: Queryable, tenantId: string, customerId: string): Promise<string | null> {
  const { rows } = await q.query<{ portal_password_hash: string | null }>(
    'SELECT portal_password_hash FROM customers WHERE tenant_id = $1 AND id = $2',
    [tenantId, customerId],
  );
  return rows[0]?.portal_password_hash ?? null;
}

export async function writePasswordHash(tx: Tx, tenantId: string, customerId: string, hash: string | null, now: Date): Promise<void> {
  await tx.query('UPDATE customers SET portal_password_hash = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    customerId,
    hash,
    now.toISOString(),
  ]);
}
