// SQL of billing runs. Every statement is tenant-scoped; bulk writes use unnest so a chunk of a
// thousand contracts is a handful of statements.
import type { Queryable, Tx } from '../../platform/db/types.ts';
import type { Database } from '../../platform/db/schema.generated.ts';

export type BillingRunRow = Omit<Database['billing_runs'], 'skipped_by_reason'> & {
  // narrower than the jsonb column: the shape this capability writes
  skipped_by_reason: Record<string, number>;
};

export async function insertRun(
  tx: Tx,
  tenantId: string,
  r: {
    id: string;
    number: number;
    reference_date: string;
    trigger: string;
    catch_up: boolean;
    actor_type: string;
    actor_id: string | null;
  },
  now: Date,
): Promise<BillingRunRow | null> {
  const { rows } = await tx.query<BillingRunRow>(
    `INSERT INTO billing_runs (tenant_id, id, number, reference_date, trigger, catch_up, status, actor_type, actor_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $9, 'queued', $6, $7, $8, $8) ON CONFLICT DO NOTHING RETURNING *`,
    [tenantId, r.id, r.number, r.reference_date, r.trigger, r.actor_type, r.actor_id, now.toISOString(), r.catch_up],
  );
  return rows[0] ?? null;
}

export async function findRun(q: Queryable, tenantId: string, id: string): Promise<BillingRunRow | null> {
  const { rows } = await q.query<BillingRunRow>('SELECT * FROM billing_runs WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

export async function startRunPlan(
  tx: Tx,
  tenantId: string,
  id: string,
  totalContracts: number,
  chunks: number,
  now: Date,
): Promise<BillingRunRow | null> {
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
  tx: Tx,
  tenantId: string,
  runId: string,
  r: {
    processed: number;
    created: number;
    existing: number;
    skipped: number;
    errors: number;
    cents: number;
    skippedByReason: Record<string, number>;
    unbilledPast: { contracts: number; periods: number; cents: number };
  },
  now: Date,
): Promise<BillingRunRow> {
  const { rows } = await tx.query<BillingRunRow>(
    `UPDATE billing_runs SET processed_contracts = processed_contracts + $3, charges_created = charges_created + $4,
       charges_existing = charges_existing + $5, skipped_contracts = skipped_contracts + $6, error_count = error_count + $7,
       total_cents = total_cents + $8, chunks_done = chunks_done + 1,
       skipped_by_reason = (SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb) FROM (
         SELECT k, sum(v::int) AS n FROM (SELECT key AS k, value AS v FROM jsonb_each_text(skipped_by_reason)
           UNION ALL SELECT key, value FROM jsonb_each_text($10::jsonb)) e GROUP BY k) s),
       unbilled_past_contracts = unbilled_past_contracts + $11, unbilled_past_periods = unbilled_past_periods + $12,
       unbilled_past_cents = unbilled_past_cents + $13,
       status = CASE WHEN chunks_done + 1 >= chunks_total THEN 'finished' ELSE status END,
       finished_at = CASE WHEN chunks_done + 1 >= chunks_total THEN $9::timestamptz ELSE finished_at END,
       updated_at = $9
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [
      tenantId,
      runId,
      r.processed,
      r.created,
      r.existing,
      r.skipped,
      r.errors,
      r.cents,
      now.toISOString(),
      JSON.stringify(r.skippedByReason),
      r.unbilledPast.contracts,
      r.unbilledPast.periods,
      r.unbilledPast.cents,
    ],
  );
  return rows[0];
}

export async function lockContracts(tx: Tx, tenantId: string, ids: string[]): Promise<void> {
  await tx.query(`SELECT 1 FROM contracts WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [tenantId, ids]);
}

/** Usage per contract, period and item: a chunk may bill several periods of one contract (catch-up). */
export async function usageTotals(q: Queryable, tenantId: string, periods: { contractId: string; start: string; end: string }[]) {
  if (!periods.length) return [];
  const { rows } = await q.query<{ contract_id: string; period_start: string; contract_item_id: string; quantity: string }>(
    `SELECT u.contract_id, p.s::text AS period_start, u.contract_item_id, sum(u.quantity)::text AS quantity
     FROM unnest($2::uuid[], $3::date[], $4::date[]) AS p(cid, s, e)
     JOIN usage_records u ON u.tenant_id = $1 AND u.contract_id = p.cid AND u.reference_date BETWEEN p.s AND p.e
     GROUP BY u.contract_id, p.s, u.contract_item_id`,
    [tenantId, periods.map((p) => p.contractId), periods.map((p) => p.start), periods.map((p) => p.end)],
  );
  return rows;
}

/** The period keys billed for each contract from its given key on: one index range per contract. */
export async function billedKeysFrom(
  q: Queryable,
  tenantId: string,
  from: { contractId: string; fromKey: string }[],
): Promise<Set<string>> {
  if (!from.length) return new Set();
  const { rows } = await q.query<{ contract_id: string; period_key: string }>(
    `SELECT contract_id, period_key FROM charges_of_contracts_from($1, $2::uuid[], $3::text[])`,
    [tenantId, from.map((f) => f.contractId), from.map((f) => f.fromKey)],
  );
  return new Set(rows.map((r) => `${r.contract_id}|${r.period_key}`));
}

export async function existingChargeIds(
  q: Queryable,
  tenantId: string,
  keys: { contractId: string; periodKey: string }[],
): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  // Index probes whatever the statistics say (during a run they lag far behind the table): see
  // migrations/0710_key_lookup_functions.sql.
  const { rows } = await q.query<{ id: string; contract_id: string; period_key: string }>(
    `SELECT id, contract_id, period_key FROM charges_by_contract_period($1, $2::uuid[], $3::text[])`,
    [tenantId, keys.map((k) => k.contractId), keys.map((k) => k.periodKey)],
  );
  return new Map(rows.map((r) => [`${r.contract_id}|${r.period_key}`, r.id]));
}

export async function insertRunErrors(
  tx: Tx,
  tenantId: string,
  runId: string,
  errs: { contractId: string; code: string; message: string }[],
  now: Date,
): Promise<void> {
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

export type SkipRow = Omit<Database['billing_run_skips'], 'tenant_id' | 'billing_run_id' | 'unbilled_periods' | 'created_at'> & {
  // narrower than the jsonb column: the shape this capability writes
  unbilled_periods: { period_start: string; period_end: string; billing_date: string; total_cents: number }[];
};

export async function insertSkips(tx: Tx, tenantId: string, runId: string, skips: SkipRow[], now: Date): Promise<void> {
  if (!skips.length) return;
  const col = <K extends keyof SkipRow>(k: K) => skips.map((s) => s[k]);
  await tx.query(
    `INSERT INTO billing_run_skips (tenant_id, billing_run_id, contract_id, reason, period_start, period_end, last_billing_date,
       next_billing_date, unbilled_periods, unbilled_cents, created_at)
     SELECT $1, $2, u.cid, u.reason, u.ps, u.pe, u.lbd, u.nbd, u.unbilled::jsonb, u.cents, $11::timestamptz
     FROM unnest($3::uuid[], $4::text[], $5::date[], $6::date[], $7::date[], $8::date[], $9::text[], $10::int8[])
       AS u(cid, reason, ps, pe, lbd, nbd, unbilled, cents)
     ON CONFLICT DO NOTHING`,
    [
      tenantId,
      runId,
      col('contract_id'),
      col('reason'),
      col('period_start'),
      col('period_end'),
      col('last_billing_date'),
      col('next_billing_date'),
      skips.map((s) => JSON.stringify(s.unbilled_periods)),
      col('unbilled_cents'),
      now.toISOString(),
    ],
  );
}

/** A listed skip with what the clerk needs to recognise the contract. */
export type SkipListRow = SkipRow &
  Pick<Database['contracts'], 'customer_id' | 'billing_day'> & {
    contract_number: Database['contracts']['number'];
    customer_name: Database['customers']['name'];
    contract_status: Database['contracts']['status'];
  };

/** The list of a run's skips for runList (paged by contract id, filterable by reason). */
export const SKIP_LIST = {
  select: `s.contract_id, s.reason, s.period_start::text AS period_start, s.period_end::text AS period_end,
    s.last_billing_date::text AS last_billing_date, s.next_billing_date::text AS next_billing_date, s.unbilled_periods,
    s.unbilled_cents, c.number AS contract_number, c.customer_id, cu.name AS customer_name, c.billing_day, c.status AS contract_status`,
  from: `billing_run_skips s JOIN contracts c ON c.tenant_id = s.tenant_id AND c.id = s.contract_id
    JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id`,
  scopeWhere: 's.tenant_id = $1 AND s.billing_run_id = $2',
  idSql: 's.contract_id',
};

/** Contract number and customer name of contracts (previews show them). */
export async function contractLabels(
  q: Queryable,
  tenantId: string,
  ids: string[],
): Promise<Map<string, { number: number; customer_id: string; customer_name: string; billing_day: number; status: string }>> {
  if (!ids.length) return new Map();
  const { rows } = await q.query<{
    id: string;
    number: number;
    customer_id: string;
    customer_name: string;
    billing_day: number;
    status: string;
  }>(
    `SELECT c.id, c.number, c.customer_id, cu.name AS customer_name, c.billing_day, c.status FROM contracts c
     JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
     WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        number: Number(r.number),
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        billing_day: r.billing_day,
        status: r.status,
      },
    ]),
  );
}
