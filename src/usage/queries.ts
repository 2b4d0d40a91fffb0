// The only file of the usage capability that speaks SQL. Every statement is scoped by tenant_id.
// Batches are written with one multi-row statement over unnest(...) arrays, never a loop.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type UsageRow = Omit<Database['usage_records'], 'metadata'> & {
  // narrower than the jsonb column: the shape this capability writes
  metadata: Record<string, unknown>;
};

export interface ItemCandidate {
  id: string;
  contract_id: string;
  customer_id: string;
  service_id: string;
  starts_on: string | null;
  ends_on: string | null;
  status: string;
  start_date: string;
  end_date: string | null;
  cancellation_effective_date: string | null;
}

const CANDIDATE_SELECT = `i.id, i.contract_id, c.customer_id, i.service_id, i.starts_on, i.ends_on, c.status, c.start_date, c.end_date,
  c.cancellation_effective_date FROM contract_items i JOIN contracts c ON c.tenant_id = i.tenant_id AND c.id = i.contract_id`;

/** Contract items by id, every item of the given contracts, and every item of the given customers' contracts. */
export async function itemCandidates(
  q: Queryable,
  tenantId: string,
  f: { itemIds: string[]; contractIds: string[]; customerIds: string[]; serviceIds: string[] },
): Promise<ItemCandidate[]> {
  // One statement at a time: a Tx is one connection.
  const results: ItemCandidate[] = [];
  if (f.itemIds.length) {
    results.push(
      ...(
        await q.query<ItemCandidate>(`SELECT ${CANDIDATE_SELECT} WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[])`, [tenantId, f.itemIds])
      ).rows,
    );
  }
  if (f.contractIds.length) {
    results.push(
      ...(
        await q.query<ItemCandidate>(`SELECT ${CANDIDATE_SELECT} WHERE i.tenant_id = $1 AND i.contract_id = ANY($2::uuid[])`, [
          tenantId,
          f.contractIds,
        ])
      ).rows,
    );
  }
  if (f.customerIds.length) {
    const { rows } = await q.query<ItemCandidate>(
      `SELECT ${CANDIDATE_SELECT} WHERE c.tenant_id = $1 AND c.customer_id = ANY($2::uuid[]) AND i.service_id = ANY($3::uuid[])`,
      [tenantId, f.customerIds, f.serviceIds],
    );
    results.push(...rows);
  }
  return results;
}

export async function contractsByRef(q: Queryable, tenantId: string, refs: string[], numbers: number[], ids: string[]) {
  const { rows } = await q.query<{ id: string; number: number; external_code: string | null }>(
    `SELECT id, number, external_code FROM contracts
      WHERE tenant_id = $1 AND (external_code = ANY($2::text[]) OR number = ANY($3::bigint[]) OR id = ANY($4::uuid[]))`,
    [tenantId, refs, numbers, ids],
  );
  return rows;
}

export async function customersByRef(q: Queryable, tenantId: string, documents: string[], codes: string[]) {
  const { rows } = await q.query<{ id: string; document: string | null; external_code: string | null }>(
    `SELECT id, document, external_code FROM customers WHERE tenant_id = $1 AND (document = ANY($2::text[]) OR external_code = ANY($3::text[]))`,
    [tenantId, documents, codes],
  );
  return rows;
}

export async function servicesByCode(q: Queryable, tenantId: string, codes: string[]) {
  const { rows } = await q.query<{ id: string; code: string }>(
    `SELECT id, code FROM services WHERE tenant_id = $1 AND code = ANY($2::text[])`,
    [tenantId, codes],
  );
  return rows;
}

/**
 * Share-locks the contracts a write touches, in id order (no deadlocks between batches). Freezing
 * takes the same rows FOR UPDATE, so a write and the billing of its period never interleave: the
 * write either commits before the period is frozen (and is frozen with it) or sees it frozen.
 */
export async function lockContractsShared(tx: Tx, tenantId: string, contractIds: string[]): Promise<void> {
  await tx.query(`SELECT 1 FROM contracts WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR SHARE`, [tenantId, contractIds]);
}

export interface BilledPeriod {
  contract_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
}

export async function billedPeriods(q: Queryable, tenantId: string, contractIds: string[]): Promise<BilledPeriod[]> {
  const { rows } = await q.query<BilledPeriod>(
    `SELECT contract_id, period_key, period_start, period_end FROM usage_billed_periods WHERE tenant_id = $1 AND contract_id = ANY($2::uuid[])`,
    [tenantId, contractIds],
  );
  return rows;
}

export async function findByExternalIds(q: Queryable, tenantId: string, externalIds: string[]): Promise<UsageRow[]> {
  if (!externalIds.length) return [];
  // Index probes whatever the statistics say: see migrations/0710_key_lookup_functions.sql.
  const { rows } = await q.query<UsageRow>(`SELECT * FROM usage_records_by_external_ids($1, $2::text[])`, [tenantId, externalIds]);
  return rows;
}

export async function findUsage(q: Queryable, tenantId: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<UsageRow | null> {
  const { rows } = await q.query<UsageRow>(
    `SELECT * FROM usage_records WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export interface UsageWrite {
  id: string;
  contract_id: string;
  contract_item_id: string;
  customer_id: string;
  service_id: string;
  quantity: string;
  reference_date: string;
  description: string | null;
  external_id: string | null;
  metadata: Record<string, unknown>;
}

function columns(rows: UsageWrite[]): unknown[] {
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const r of rows) {
    cols[0].push(r.id);
    cols[1].push(r.contract_id);
    cols[2].push(r.contract_item_id);
    cols[3].push(r.customer_id);
    cols[4].push(r.service_id);
    cols[5].push(r.quantity);
    cols[6].push(r.reference_date);
    cols[7].push(r.description);
    cols[8].push(r.external_id);
    cols[9].push(JSON.stringify(r.metadata));
  }
  return cols;
}

const UNNEST = `unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::numeric[], $8::date[], $9::text[], $10::text[], $11::jsonb[])
  AS v(id, contract_id, contract_item_id, customer_id, service_id, quantity, reference_date, description, external_id, metadata)`;

/**
 * One INSERT … SELECT FROM unnest for the whole batch; returns the stored rows in input order,
 * built from what was written (one timestamp for the batch) rather than read back: RETURNING *
 * made the server parse 1000 rows and 2000 timestamps per batch.
 */
export async function insertUsageRows(tx: Tx, tenantId: string, rows: UsageWrite[], at: Date): Promise<UsageRow[]> {
  if (!rows.length) return [];
  const now = at.toISOString();
  await tx.query(
    `INSERT INTO usage_records (tenant_id, id, contract_id, contract_item_id, customer_id, service_id, quantity, reference_date, description, external_id, metadata, created_at, updated_at)
     SELECT $1, v.*, $12::timestamptz, $12::timestamptz FROM ${UNNEST}`,
    [tenantId, ...columns(rows), now],
  );
  return rows.map((r) => ({
    tenant_id: tenantId,
    ...r,
    billed_at: null,
    billing_period_key: null,
    charge_id: null,
    created_at: now,
    updated_at: now,
  }));
}

/** Replaces the content of existing records (by id), one statement; skips billed ones. */
export async function updateUsageRows(tx: Tx, tenantId: string, rows: UsageWrite[], now: Date): Promise<UsageRow[]> {
  if (!rows.length) return [];
  const { rows: stored } = await tx.query<UsageRow>(
    `UPDATE usage_records u SET contract_id = v.contract_id, contract_item_id = v.contract_item_id, customer_id = v.customer_id,
       service_id = v.service_id, quantity = v.quantity, reference_date = v.reference_date, description = v.description,
       external_id = v.external_id, metadata = v.metadata, updated_at = $12
     FROM ${UNNEST}
     WHERE u.tenant_id = $1 AND u.id = v.id AND u.billed_at IS NULL
     RETURNING u.*`,
    [tenantId, ...columns(rows), now.toISOString()],
  );
  const byId = new Map(stored.map((r) => [r.id, r]));
  return rows.map((r) => byId.get(r.id)!).filter(Boolean);
}

export async function deleteUsageRow(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM usage_records WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}

// ---- the billing marker ----

export async function lockContractForBilling(tx: Tx, tenantId: string, contractId: string): Promise<boolean> {
  const { rows } = await tx.query(`SELECT 1 FROM contracts WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [tenantId, contractId]);
  return rows.length > 0;
}

export async function insertBilledPeriod(
  tx: Tx,
  tenantId: string,
  p: { contractId: string; periodKey: string; periodStart: string; periodEnd: string; chargeId: string | null },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO usage_billed_periods (tenant_id, contract_id, period_key, period_start, period_end, charge_id, billed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, contract_id, period_key) DO UPDATE SET charge_id = coalesce(EXCLUDED.charge_id, usage_billed_periods.charge_id)`,
    [tenantId, p.contractId, p.periodKey, p.periodStart, p.periodEnd, p.chargeId, now.toISOString()],
  );
}

export async function markBilled(
  tx: Tx,
  tenantId: string,
  p: { contractId: string; periodKey: string; periodStart: string; periodEnd: string; chargeId: string | null },
  now: Date,
): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE usage_records SET billed_at = $7, billing_period_key = $3, charge_id = $6, updated_at = $7
     WHERE tenant_id = $1 AND contract_id = $2 AND reference_date BETWEEN $4 AND $5 AND billed_at IS NULL`,
    [tenantId, p.contractId, p.periodKey, p.periodStart, p.periodEnd, p.chargeId, now.toISOString()],
  );
  return rowCount;
}

/**
 * insertBilledPeriod and markBilled for many periods at once (a billing-run chunk): one statement
 * each over unnest arrays.
 */
export async function freezePeriodsInBulk(
  tx: Tx,
  tenantId: string,
  ps: { contractId: string; periodKey: string; periodStart: string; periodEnd: string; chargeId: string | null }[],
  now: Date,
): Promise<void> {
  if (!ps.length) return;
  const args = [
    tenantId,
    ps.map((p) => p.contractId),
    ps.map((p) => p.periodKey),
    ps.map((p) => p.periodStart),
    ps.map((p) => p.periodEnd),
    ps.map((p) => p.chargeId),
    now.toISOString(),
  ];
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

export async function unmarkBilled(tx: Tx, tenantId: string, contractId: string, periodKey: string, now: Date): Promise<number> {
  await tx.query(`DELETE FROM usage_billed_periods WHERE tenant_id = $1 AND contract_id = $2 AND period_key = $3`, [
    tenantId,
    contractId,
    periodKey,
  ]);
  const { rowCount } = await tx.query(
    `UPDATE usage_records SET billed_at = NULL, billing_period_key = NULL, charge_id = NULL, updated_at = $4
     WHERE tenant_id = $1 AND contract_id = $2 AND billing_period_key = $3`,
    [tenantId, contractId, periodKey, now.toISOString()],
  );
  return rowCount;
}

export async function totalsForPeriod(q: Queryable, tenantId: string, contractId: string, start: string, end: string) {
  const { rows } = await q.query<{ contract_item_id: string; quantity: string }>(
    `SELECT contract_item_id, sum(quantity) AS quantity FROM usage_records
     WHERE tenant_id = $1 AND contract_id = $2 AND reference_date BETWEEN $3 AND $4
     GROUP BY contract_item_id ORDER BY contract_item_id`,
    [tenantId, contractId, start, end],
  );
  return rows;
}

export type AggregateRow = Pick<Database['usage_records'], 'contract_id' | 'contract_item_id' | 'service_id'> & {
  /** The period summed over ('YYYY-MM-DD'). */
  period_start: string;
  period_end: string;
  /** sum(quantity) as text: an exact decimal. */
  quantity: string;
  records: number;
};

/** Totals per contract item: over [start, end] as one period, or per calendar month within it. */
export async function aggregate(
  q: Queryable,
  tenantId: string,
  f: { contractId?: string; customerId?: string; serviceId?: string; start: string; end: string; byMonth: boolean },
): Promise<AggregateRow[]> {
  const params: unknown[] = [tenantId, f.start, f.end];
  let where = 'u.tenant_id = $1 AND u.reference_date BETWEEN $2 AND $3';
  for (const [col, v] of [
    ['contract_id', f.contractId],
    ['customer_id', f.customerId],
    ['service_id', f.serviceId],
  ] as const) {
    if (v) {
      params.push(v);
      where += ` AND u.${col} = $${params.length}`;
    }
  }
  const periodStart = f.byMonth ? `greatest(date_trunc('month', u.reference_date)::date, $2::date)` : '$2::date';
  const periodEnd = f.byMonth ? `least((date_trunc('month', u.reference_date) + interval '1 month - 1 day')::date, $3::date)` : '$3::date';
  const { rows } = await q.query<AggregateRow>(
    `SELECT u.contract_id, u.contract_item_id, u.service_id, ${periodStart} AS period_start, ${periodEnd} AS period_end,
            sum(u.quantity)::text AS quantity, count(*)::int8 AS records
     FROM usage_records u WHERE ${where}
     GROUP BY 1, 2, 3, 4, 5 ORDER BY 4, 1, 2`,
    params,
  );
  return rows;
}
