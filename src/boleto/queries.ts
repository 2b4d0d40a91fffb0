// The only file of boletos that speaks SQL. Every statement is scoped by tenant_id.
//
// Charges are read here with small queries of our own against the charges table (schema fixed by
// migrations/0200_charges.sql) because the charges capability did not export readers yet when
// this was written; swap them for its functions when they exist.
import type { Queryable, Tx } from '../platform/db/types.ts';

export interface ChargeRow {
  id: string;
  number: number;
  customer_id: string;
  contract_id: string | null;
  description: string | null;
  amount_cents: number;
  paid_cents: number;
  issue_date: string;
  due_date: string;
  status: 'open' | 'partially_paid' | 'paid' | 'overdue' | 'cancelled';
  payment_method: 'boleto' | 'pix' | 'both';
  late_policy: unknown;
  external_code: string | null;
}

const CHARGE_COLUMNS = `id, number, customer_id, contract_id, description, amount_cents, paid_cents, issue_date, due_date, status,
  payment_method, late_policy, external_code`;

export async function findCharge(q: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<ChargeRow | null> {
  const { rows } = await q.query<ChargeRow>(
    `SELECT ${CHARGE_COLUMNS} FROM charges WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function findChargeIdByNumber(q: Queryable, tenantId: string, number: number): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM charges WHERE tenant_id = $1 AND number = $2', [tenantId, number]);
  return rows[0]?.id ?? null;
}

/** The charges among `ids` that exist in the tenant. */
export async function existingChargeIds(q: Queryable, tenantId: string, ids: string[]): Promise<Set<string>> {
  const { rows } = await q.query<{ id: string }>('SELECT id FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [tenantId, ids]);
  return new Set(rows.map((r) => r.id));
}

export interface BoletoRow {
  tenant_id: string;
  id: string;
  charge_id: string;
  collection_account_id: string;
  sequence: number;
  nosso_numero: string;
  nosso_numero_digits: string;
  barcode: string;
  linha_digitavel: string;
  amount_cents: number;
  issue_date: string;
  due_date: string;
  pix_payload: string | null;
  status: 'issued' | 'registered' | 'cancelled' | 'paid';
  remittance_id: string | null;
  registered_at: string | null;
  paid_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export async function findLiveBoleto(q: Queryable, tenantId: string, chargeId: string): Promise<BoletoRow | null> {
  const { rows } = await q.query<BoletoRow>(`SELECT * FROM boletos WHERE tenant_id = $1 AND charge_id = $2 AND status <> 'cancelled'`, [tenantId, chargeId]);
  return rows[0] ?? null;
}

export async function findBoleto(q: Queryable, tenantId: string, id: string): Promise<BoletoRow | null> {
  const { rows } = await q.query<BoletoRow>('SELECT * FROM boletos WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

/** Live boletos of these charges, in the order of `chargeIds`. */
export async function liveBoletosOf(q: Queryable, tenantId: string, chargeIds: string[]): Promise<BoletoRow[]> {
  const { rows } = await q.query<BoletoRow>(
    `SELECT b.* FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, ord)
     JOIN boletos b ON b.tenant_id = $1 AND b.charge_id = c.id AND b.status <> 'cancelled' ORDER BY c.ord`,
    [tenantId, chargeIds],
  );
  return rows;
}

export async function insertBoleto(
  tx: Tx,
  b: Omit<BoletoRow, 'remittance_id' | 'registered_at' | 'paid_at' | 'cancelled_at' | 'created_at' | 'updated_at'> & { match_keys: string[] },
): Promise<BoletoRow> {
  const { rows } = await tx.query<BoletoRow>(
    `INSERT INTO boletos (tenant_id, id, charge_id, collection_account_id, sequence, nosso_numero, nosso_numero_digits, match_keys, barcode,
       linha_digitavel, amount_cents, issue_date, due_date, pix_payload, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING *`,
    [b.tenant_id, b.id, b.charge_id, b.collection_account_id, b.sequence, b.nosso_numero, b.nosso_numero_digits, b.match_keys, b.barcode,
      b.linha_digitavel, b.amount_cents, b.issue_date, b.due_date, b.pix_payload, b.status],
  );
  return rows[0];
}

export async function setBoletoStatus(tx: Tx, tenantId: string, id: string, status: BoletoRow['status']): Promise<BoletoRow> {
  const stamp = { cancelled: 'cancelled_at', paid: 'paid_at', registered: 'registered_at', issued: null }[status];
  const { rows } = await tx.query<BoletoRow>(
    `UPDATE boletos SET status = $3, updated_at = now()${stamp ? `, ${stamp} = coalesce(${stamp}, now())` : ''}
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, status],
  );
  return rows[0];
}
