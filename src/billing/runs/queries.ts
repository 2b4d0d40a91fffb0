// SQL of billing runs. Every statement is tenant-scoped; bulk writes use unnest so a chunk of a
// thousand contracts is a handful of statements.
import type { Queryable, Tx } from '../../platform/db/types.ts';

export interface BillingRunRow {
  tenant_id: string;
  id: string;
  number: number;
  reference_date: string;
  trigger: string;
  status: 'queued' | 'running' | 'finished' | 'failed';
  total_contracts: number;
  processed_contracts: number;
  charges_created: number;
  charges_existing: number;
  skipped_contracts: number;
  error_count: number;
  total_cents: number;
  chunks_total: number;
  chunks_done: number;
  actor_type: string | null;
  actor_id: string | null;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
}

export async function insertRun(
  tx: Tx, tenantId: string, r: { id: string; number: number; reference_date: string; trigger: string; actor_type: string; actor_id: string | null },
  now: Date,
): Promise<BillingRunRow | null> {
  const { rows } = await tx.query<BillingRunRow>(
    `INSERT INTO billing_runs (tenant_id, id, number, reference_date, trigger, status, actor_type, actor_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $8) ON CONFLICT DO NOTHING RETURNING *`,
    [tenantId, r.id, r.number, r.reference_date, r.trigger, r.actor_type, r.actor_id, now.toISOString()],
  );
  return rows[0] ?? null;
}

export async function findRun(q: Queryable, tenantId: string, id: string): Promise<BillingRunRow | null> {
  const { rows } = await q.query<BillingRunRow>('SELECT * FROM billing_runs WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

export async function startRunPlan(tx: Tx, tenantId: string, id: string, totalContracts: number, chunks: number, now: Date): Promise<BillingRunRow | null> {
  const { rows } = await tx.query<BillingRunRow>(
    `UPDATE billing_runs SET status = CASE WHEN $4::int = 0 THEN 'finished' ELSE 'running' END, total_contracts = $3, chunks_total = $4,
       started_at = $5, finished_at = CASE WHEN $4::int = 0 THEN $5::timestamptz END, updated_at = $5
     WHERE tenant_id = $1 AND id = $2 AND status = 'queued' RETURNING *`,
    [tenantId, id, totalContracts, chunks, now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Claims a chunk for this transaction; false when it was already applied. */
export async function claimChunk(tx: Tx, tenantId: string, runId: string, index: number, processed: number, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO billing_run_chunks (tenant_id, billing_run_id, chunk_index, processed, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING chunk_index`,
    [tenantId, runId, index, processed, now.toISOString()],
  );
  return rows.length > 0;
}

export async function addChunkResult(
  tx: Tx, tenantId: string, runId: string, r: { processed: number; created: number; existing: number; skipped: number; errors: number; cents: number },
  now: Date,
): Promise<BillingRunRow> {
  const { rows } = await tx.query<BillingRunRow>(
    `UPDATE billing_runs SET processed_contracts = processed_contracts + $3, charges_created = charges_created + $4,
       charges_existing = charges_existing + $5, skipped_contracts = skipped_contracts + $6, error_count = error_count + $7,
       total_cents = total_cents + $8, chunks_done = chunks_done + 1,
       status = CASE WHEN chunks_done + 1 >= chunks_total THEN 'finished' ELSE status END,
       finished_at = CASE WHEN chunks_done + 1 >= chunks_total THEN $9::timestamptz ELSE finished_at END,
       updated_at = $9
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, runId, r.processed, r.created, r.existing, r.skipped, r.errors, r.cents, now.toISOString()],
  );
  return rows[0];
}

export async function lockContracts(tx: Tx, tenantId: string, ids: string[]): Promise<void> {
  await tx.query(`SELECT 1 FROM contracts WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [tenantId, ids]);
}

export async function usageTotals(q: Queryable, tenantId: string, periods: { contractId: string; start: string; end: string }[]) {
  if (!periods.length) return [];
  const { rows } = await q.query<{ contract_id: string; contract_item_id: string; quantity: string }>(
    `SELECT u.contract_id, u.contract_item_id, sum(u.quantity)::text AS quantity
     FROM unnest($2::uuid[], $3::date[], $4::date[]) AS p(cid, s, e)
     JOIN usage_records u ON u.tenant_id = $1 AND u.contract_id = p.cid AND u.reference_date BETWEEN p.s AND p.e
     GROUP BY u.contract_id, u.contract_item_id`,
    [tenantId, periods.map((p) => p.contractId), periods.map((p) => p.start), periods.map((p) => p.end)],
  );
  return rows;
}

export interface BulkCharge {
  id: string;
  number: number;
  customer_id: string;
  contract_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
  amount_cents: number;
  issue_date: string;
  due_date: string;
  status: string;
  payment_method: string;
  description: string;
}

/** Inserts the charges whose contract period has none yet; returns the ones inserted. */
export async function insertCharges(tx: Tx, tenantId: string, runId: string, cs: BulkCharge[], now: Date): Promise<{ id: string; contract_id: string }[]> {
  if (!cs.length) return [];
  const col = <K extends keyof BulkCharge>(k: K) => cs.map((c) => c[k]);
  const { rows } = await tx.query<{ id: string; contract_id: string }>(
    `INSERT INTO charges (tenant_id, id, number, customer_id, contract_id, origin, billing_run_id, period_key, period_start, period_end,
       description, amount_cents, issue_date, due_date, status, payment_method, created_at, updated_at)
     SELECT $1, u.id, u.number, u.customer_id, u.contract_id, 'billing_run', $2, u.period_key, u.period_start, u.period_end,
       u.description, u.amount_cents, u.issue_date, u.due_date, u.status, u.payment_method, $16::timestamptz, $16::timestamptz
     FROM unnest($3::uuid[], $4::int8[], $5::uuid[], $6::uuid[], $7::text[], $8::date[], $9::date[], $10::text[], $11::int8[],
       $12::date[], $13::date[], $14::text[], $15::text[]) AS u(id, number, customer_id, contract_id, period_key, period_start,
       period_end, description, amount_cents, issue_date, due_date, status, payment_method)
     ON CONFLICT (tenant_id, contract_id, period_key) WHERE contract_id IS NOT NULL DO NOTHING
     RETURNING id, contract_id`,
    [tenantId, runId, col('id'), col('number'), col('customer_id'), col('contract_id'), col('period_key'), col('period_start'), col('period_end'),
      col('description'), col('amount_cents'), col('issue_date'), col('due_date'), col('status'), col('payment_method'), now.toISOString()],
  );
  return rows;
}

export interface BulkLine {
  charge_id: string;
  position: number;
  kind: string;
  contract_item_id: string;
  service_id: string;
  description: string;
  quantity: string;
  unit_price_cents: string;
  amount_cents: number;
  billable_days: number;
  period_days: number;
}

export async function insertLines(tx: Tx, tenantId: string, ls: BulkLine[]): Promise<void> {
  if (!ls.length) return;
  const col = <K extends keyof BulkLine>(k: K) => ls.map((l) => l[k]);
  await tx.query(
    `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, contract_item_id, service_id, description, quantity,
       unit_price_cents, amount_cents, billable_days, period_days)
     SELECT $1, u.* FROM unnest($2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::numeric[], $9::numeric[],
       $10::int8[], $11::int[], $12::int[]) AS u`,
    [tenantId, col('charge_id'), col('position'), col('kind'), col('contract_item_id'), col('service_id'), col('description'), col('quantity'),
      col('unit_price_cents'), col('amount_cents'), col('billable_days'), col('period_days')],
  );
}

export async function insertStatusRows(
  tx: Tx,
  tenantId: string,
  rows: { id: string; charge_id: string; to_status: string }[],
  actor: { type: string; id: string | null },
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO charge_status_history (tenant_id, id, charge_id, from_status, to_status, reason, actor_type, actor_id, created_at)
     SELECT $1, u.id, u.charge_id, NULL, u.to_status, 'billing run', $2, $3, $7::timestamptz
     FROM unnest($4::uuid[], $5::uuid[], $6::text[]) AS u(id, charge_id, to_status)`,
    [tenantId, actor.type, actor.id, rows.map((r) => r.id), rows.map((r) => r.charge_id), rows.map((r) => r.to_status), now.toISOString()],
  );
}

/** The usage of each billed period becomes frozen (the marker of the usage capability). */
export async function freezeUsageBulk(
  tx: Tx,
  tenantId: string,
  ps: { contractId: string; periodKey: string; start: string; end: string; chargeId: string | null }[],
  now: Date,
): Promise<void> {
  if (!ps.length) return;
  const args = [tenantId, ps.map((p) => p.contractId), ps.map((p) => p.periodKey), ps.map((p) => p.start), ps.map((p) => p.end), ps.map((p) => p.chargeId), now.toISOString()];
  await tx.query(
    `INSERT INTO usage_billed_periods (tenant_id, contract_id, period_key, period_start, period_end, charge_id, billed_at)
     SELECT $1, u.*, $7::timestamptz FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::uuid[]) AS u
     ON CONFLICT (tenant_id, contract_id, period_key) DO UPDATE SET charge_id = coalesce(EXCLUDED.charge_id, usage_billed_periods.charge_id)`,
    args,
  );
  await tx.query(
    `UPDATE usage_records r SET billed_at = $7, billing_period_key = u.key, charge_id = u.charge_id, updated_at = $7
     FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::uuid[]) AS u(cid, key, s, e, charge_id)
     WHERE r.tenant_id = $1 AND r.contract_id = u.cid AND r.reference_date BETWEEN u.s AND u.e AND r.billed_at IS NULL`,
    args,
  );
}

export async function existingChargeIds(q: Queryable, tenantId: string, keys: { contractId: string; periodKey: string }[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  // Index probes whatever the statistics say (during a run they lag far behind the table): see
  // migrations/0710_key_lookup_functions.sql.
  const { rows } = await q.query<{ id: string; contract_id: string; period_key: string }>(
    `SELECT id, contract_id, period_key FROM charges_by_contract_period($1, $2::uuid[], $3::text[])`,
    [tenantId, keys.map((k) => k.contractId), keys.map((k) => k.periodKey)],
  );
  return new Map(rows.map((r) => [`${r.contract_id}|${r.period_key}`, r.id]));
}

export async function insertRunErrors(tx: Tx, tenantId: string, runId: string, errs: { contractId: string; code: string; message: string }[], now: Date): Promise<void> {
  if (!errs.length) return;
  await tx.query(
    `INSERT INTO billing_run_errors (tenant_id, billing_run_id, contract_id, code, message, created_at)
     SELECT $1, $2, u.*, $6::timestamptz FROM unnest($3::uuid[], $4::text[], $5::text[]) AS u ON CONFLICT DO NOTHING`,
    [tenantId, runId, errs.map((e) => e.contractId), errs.map((e) => e.code), errs.map((e) => e.message.slice(0, 1000)), now.toISOString()],
  );
}

export async function listRunErrors(q: Queryable, tenantId: string, runId: string) {
  const { rows } = await q.query<{ contract_id: string; code: string; message: string; created_at: string }>(
    `SELECT contract_id, code, message, created_at FROM billing_run_errors WHERE tenant_id = $1 AND billing_run_id = $2 ORDER BY contract_id LIMIT 1000`,
    [tenantId, runId],
  );
  return rows;
}
