// The only file of bank files that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { BoletoRow } from '../boleto/queries.ts';
import type { Database } from '../platform/db/schema.generated.ts';

/** Boletos issued on the account and not yet sent to the bank, oldest number first, locked. */
export async function boletosToRemit(tx: Tx, tenantId: string, accountId: string, limit: number): Promise<BoletoRow[]> {
  const { rows } = await tx.query<BoletoRow>(
    `SELECT * FROM boletos WHERE tenant_id = $1 AND collection_account_id = $2 AND remittance_id IS NULL AND status = 'issued'
     ORDER BY sequence LIMIT $3 FOR UPDATE`,
    [tenantId, accountId, limit],
  );
  return rows;
}

/** A pending instruction to the bank with the boleto it speaks of. */
export type MovementToRemit = BoletoRow & {
  movement_id: string;
  movement_kind: Database['boleto_movements']['kind'];
  movement_rebate_cents: number | null;
  movement_protest_days: number | null;
};

/** Instructions queued for the account and not yet sent, oldest first, locked (a concurrent remittance waits). */
export async function movementsToRemit(tx: Tx, tenantId: string, accountId: string, limit: number): Promise<MovementToRemit[]> {
  const { rows } = await tx.query<MovementToRemit>(
    `SELECT b.*, m.id AS movement_id, m.kind AS movement_kind, m.rebate_cents AS movement_rebate_cents,
            m.protest_days AS movement_protest_days
       FROM boleto_movements m
       JOIN boletos b ON b.tenant_id = m.tenant_id AND b.id = m.boleto_id
      WHERE m.tenant_id = $1 AND m.collection_account_id = $2 AND m.remittance_id IS NULL
      ORDER BY m.created_at, m.id LIMIT $3 FOR UPDATE OF m`,
    [tenantId, accountId, limit],
  );
  return rows;
}

export type RemittanceRow = Omit<Database['remittances'], 'tenant_id' | 'content' | 'actor_type' | 'actor_id'> & {
  content?: string;
};

export async function insertRemittance(
  tx: Tx,
  tenantId: string,
  r: Omit<RemittanceRow, 'created_at'> & { content: string; actor_type: string; actor_id: string | null },
  now: Date,
): Promise<RemittanceRow> {
  const { rows } = await tx.query<RemittanceRow>(
    `INSERT INTO remittances (tenant_id, id, collection_account_id, file_sequence, format, boleto_count, movement_count, total_cents, file_name, content, actor_type, actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     RETURNING id, collection_account_id, file_sequence, format, boleto_count, movement_count, total_cents, file_name, created_at`,
    [
      tenantId,
      r.id,
      r.collection_account_id,
      r.file_sequence,
      r.format,
      r.boleto_count,
      r.movement_count,
      r.total_cents,
      r.file_name,
      r.content,
      r.actor_type,
      r.actor_id,
      now.toISOString(),
    ],
  );
  return rows[0];
}

export async function listRemittances(q: Queryable, tenantId: string, accountId: string, limit: number): Promise<RemittanceRow[]> {
  const { rows } = await q.query<RemittanceRow>(
    `SELECT id, collection_account_id, file_sequence, format, boleto_count, movement_count, total_cents, file_name, created_at FROM remittances
     WHERE tenant_id = $1 AND collection_account_id = $2 ORDER BY file_sequence DESC LIMIT $3`,
    [tenantId, accountId, limit],
  );
  return rows;
}

export async function findRemittance(q: Queryable, tenantId: string, id: string): Promise<RemittanceRow | null> {
  const { rows } = await q.query<RemittanceRow>('SELECT * FROM remittances WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

/** The boleto a return entry speaks of: live ones first, then the most recent. */
export async function findBoletoByKey(q: Queryable, tenantId: string, accountId: string, key: string): Promise<BoletoRow | null> {
  const { rows } = await q.query<BoletoRow>(
    `SELECT * FROM boletos WHERE tenant_id = $1 AND collection_account_id = $2 AND match_keys @> ARRAY[$3]::text[]
     ORDER BY (status = 'cancelled'), created_at DESC LIMIT 1`,
    [tenantId, accountId, key],
  );
  return rows[0] ?? null;
}

/** findBoletoByKey for many keys in one statement: key → the boleto it matches. */
export async function findBoletosByKeys(
  q: Queryable,
  tenantId: string,
  accountId: string,
  keys: string[],
): Promise<Map<string, BoletoRow>> {
  if (!keys.length) return new Map();
  const { rows } = await q.query<BoletoRow & { match_key: string }>(
    `SELECT DISTINCT ON (k.key) k.key AS match_key, b.*
       FROM unnest($3::text[]) AS k(key)
       JOIN boletos b ON b.tenant_id = $1 AND b.collection_account_id = $2 AND b.match_keys @> ARRAY[k.key]::text[]
      ORDER BY k.key, (b.status = 'cancelled'), b.created_at DESC`,
    [tenantId, accountId, keys],
  );
  return new Map(rows.map(({ match_key, ...b }) => [match_key, b as BoletoRow]));
}

export type BankReturnRow = Omit<Database['bank_returns'], 'tenant_id' | 'result' | 'actor_type' | 'actor_id'> & {
  // narrower than the jsonb column: the shape this capability writes
  result: Record<string, unknown>;
};

export async function findBankReturnByHash(q: Queryable, tenantId: string, accountId: string, hash: string): Promise<BankReturnRow | null> {
  const { rows } = await q.query<BankReturnRow>(
    'SELECT * FROM bank_returns WHERE tenant_id = $1 AND collection_account_id = $2 AND file_sha256 = $3',
    [tenantId, accountId, hash],
  );
  return rows[0] ?? null;
}

export async function insertBankReturn(
  tx: Tx,
  tenantId: string,
  r: Omit<BankReturnRow, 'created_at'> & { actor_type: string; actor_id: string | null },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO bank_returns (tenant_id, id, collection_account_id, file_sha256, file_name, format, entry_count, liquidation_count, paid_total_cents, result, actor_type, actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      tenantId,
      r.id,
      r.collection_account_id,
      r.file_sha256,
      r.file_name,
      r.format,
      r.entry_count,
      r.liquidation_count,
      r.paid_total_cents,
      JSON.stringify(r.result),
      r.actor_type,
      r.actor_id,
      now.toISOString(),
    ],
  );
}

export async function listBankReturns(q: Queryable, tenantId: string, accountId: string, limit: number): Promise<BankReturnRow[]> {
  const { rows } = await q.query<BankReturnRow>(
    'SELECT * FROM bank_returns WHERE tenant_id = $1 AND collection_account_id = $2 ORDER BY created_at DESC LIMIT $3',
    [tenantId, accountId, limit],
  );
  return rows;
}

/** A charge and its customer's name, as a return-file preview shows it. */
export async function chargeWithCustomer(
  q: Queryable,
  tenantId: string,
  chargeId: string,
): Promise<{
  number: number;
  customer_id: string;
  customer_name: string;
  status: string;
  amount_cents: number;
  paid_cents: number;
  due_date: string;
} | null> {
  const { rows } = await q.query<{
    number: number;
    customer_id: string;
    customer_name: string;
    status: string;
    amount_cents: number;
    paid_cents: number;
    due_date: string;
  }>(
    `SELECT c.number, c.customer_id, cu.name AS customer_name, c.status, c.amount_cents, c.paid_cents, c.due_date
       FROM charges c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
      WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, chargeId],
  );
  return rows[0] ?? null;
}
