// The only file of the charges capability that speaks SQL. Every statement is tenant-scoped.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { parseTimestamptz } from '../platform/db/parsers.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type ChargeRow = Omit<Database['charges'], 'metadata'> & {
  // narrower than the jsonb column: the shape this capability writes
  metadata: Record<string, unknown>;
  lines: LineRow[];
};

export type LineRow = Omit<Database['charge_lines'], 'tenant_id' | 'charge_id'>;

export const CHARGE_SELECT = `ch.*,
  coalesce((SELECT json_agg(json_build_object('position', l.position, 'kind', l.kind, 'contract_item_id', l.contract_item_id,
      'service_id', l.service_id, 'description', l.description, 'quantity', l.quantity::text, 'unit_price_cents', l.unit_price_cents::text,
      'amount_cents', l.amount_cents, 'billable_days', l.billable_days, 'period_days', l.period_days) ORDER BY l.position)
    FROM charge_lines l WHERE l.tenant_id = ch.tenant_id AND l.charge_id = ch.id), '[]') AS lines`;

/**
 * A SQL expression giving the charge `idExpr` of tenant `tenantExpr` as one JSON value (lines
 * included), for a statement of a capability above charges that reads a page's worth of rows at
 * once; chargeRowFromJson restores the driver's forms.
 */
export const chargeJsonSql = (tenantExpr: string, idExpr: string) =>
  `(SELECT to_jsonb(x) FROM (SELECT ${CHARGE_SELECT} FROM charges ch WHERE ch.tenant_id = ${tenantExpr} AND ch.id = ${idExpr}) x)`;

const asIso = (v: string | null) => (v === null ? null : parseTimestamptz(v));

export function chargeRowFromJson(j: ChargeRow): ChargeRow {
  return {
    ...j,
    created_at: asIso(j.created_at)!,
    updated_at: asIso(j.updated_at)!,
    paid_at: asIso(j.paid_at),
    cancelled_at: asIso(j.cancelled_at),
  };
}

export async function findCharge(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ChargeRow | null> {
  if (opts.forUpdate) await q.query('SELECT 1 FROM charges WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
  const { rows } = await q.query<ChargeRow>(`SELECT ${CHARGE_SELECT} FROM charges ch WHERE ch.tenant_id = $1 AND ch.id = $2`, [
    tenantId,
    id,
  ]);
  return rows[0] ?? null;
}

export async function findChargeIdBy(
  q: Queryable,
  tenantId: string,
  column: 'number' | 'external_code',
  value: string | number,
): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(`SELECT id FROM charges WHERE tenant_id = $1 AND ${column} = $2`, [tenantId, value]);
  return rows[0]?.id ?? null;
}

export type NewCharge = Pick<
  ChargeRow,
  | 'id'
  | 'number'
  | 'customer_id'
  | 'contract_id'
  | 'origin'
  | 'billing_run_id'
  | 'period_key'
  | 'period_start'
  | 'period_end'
  | 'description'
  | 'amount_cents'
  | 'issue_date'
  | 'due_date'
  | 'status'
  | 'payment_method'
  | 'late_policy'
  | 'external_code'
  | 'metadata'
>;

const CHARGE_COLUMNS = [
  'id',
  'number',
  'customer_id',
  'contract_id',
  'origin',
  'billing_run_id',
  'period_key',
  'period_start',
  'period_end',
  'description',
  'amount_cents',
  'issue_date',
  'due_date',
  'status',
  'payment_method',
  'late_policy',
  'external_code',
  'metadata',
] as const;

/** Inserts a charge unless its unique keys are taken (contract period, external code): then null. */
export async function insertCharge(tx: Tx, tenantId: string, c: NewCharge, now: Date): Promise<{ id: string; created_at: string } | null> {
  const values = CHARGE_COLUMNS.map((k) =>
    k === 'metadata' || k === 'late_policy' ? (c[k] === null ? null : JSON.stringify(c[k])) : c[k],
  );
  const { rows } = await tx.query<{ id: string; created_at: string }>(
    `INSERT INTO charges (tenant_id, created_at, updated_at, ${CHARGE_COLUMNS.join(', ')}) VALUES ($1, $2, $2, ${CHARGE_COLUMNS.map((_, i) => `$${i + 3}`).join(', ')})
     ON CONFLICT DO NOTHING RETURNING id, created_at`,
    [tenantId, now.toISOString(), ...values],
  );
  return rows[0] ?? null;
}

export async function insertLines(tx: Tx, tenantId: string, chargeId: string, lines: Omit<LineRow, 'position'>[]): Promise<void> {
  if (!lines.length) return;
  const params: unknown[] = [tenantId, chargeId];
  const tuples = lines.map((l, i) => {
    const s = params.length + 1;
    params.push(
      i + 1,
      l.kind,
      l.contract_item_id,
      l.service_id,
      l.description,
      l.quantity,
      l.unit_price_cents,
      l.amount_cents,
      l.billable_days,
      l.period_days,
    );
    return `($1, $2, ${Array.from({ length: 10 }, (_, k) => `$${s + k}`).join(', ')})`;
  });
  await tx.query(
    `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, contract_item_id, service_id, description, quantity,
       unit_price_cents, amount_cents, billable_days, period_days) VALUES ${tuples.join(', ')}`,
    params,
  );
}

export async function insertStatusChange(
  tx: Tx,
  tenantId: string,
  h: {
    id: string;
    charge_id: string;
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_type: string;
    actor_id: string | null;
  },
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO charge_status_history (tenant_id, id, charge_id, from_status, to_status, reason, actor_type, actor_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, h.id, h.charge_id, h.from_status, h.to_status, h.reason, h.actor_type, h.actor_id, now.toISOString()],
  );
}

// ---- charges created in bulk (a billing-run chunk): one statement per table, over unnest arrays ----

/** A charge of a billing run, as inserted (its lines and status row go in their own statements). */
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
export async function insertChargesInBulk(
  tx: Tx,
  tenantId: string,
  runId: string,
  cs: BulkCharge[],
  now: Date,
): Promise<{ id: string; contract_id: string }[]> {
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
    [
      tenantId,
      runId,
      col('id'),
      col('number'),
      col('customer_id'),
      col('contract_id'),
      col('period_key'),
      col('period_start'),
      col('period_end'),
      col('description'),
      col('amount_cents'),
      col('issue_date'),
      col('due_date'),
      col('status'),
      col('payment_method'),
      now.toISOString(),
    ],
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

export async function insertLinesInBulk(tx: Tx, tenantId: string, ls: BulkLine[]): Promise<void> {
  if (!ls.length) return;
  const col = <K extends keyof BulkLine>(k: K) => ls.map((l) => l[k]);
  await tx.query(
    `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, contract_item_id, service_id, description, quantity,
       unit_price_cents, amount_cents, billable_days, period_days)
     SELECT $1, u.* FROM unnest($2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::uuid[], $7::text[], $8::numeric[], $9::numeric[],
       $10::int8[], $11::int[], $12::int[]) AS u`,
    [
      tenantId,
      col('charge_id'),
      col('position'),
      col('kind'),
      col('contract_item_id'),
      col('service_id'),
      col('description'),
      col('quantity'),
      col('unit_price_cents'),
      col('amount_cents'),
      col('billable_days'),
      col('period_days'),
    ],
  );
}

/** The first status row of each charge of a billing run (from no status, reason 'billing run'). */
export async function insertStatusRowsInBulk(
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

export async function statusHistory(q: Queryable, tenantId: string, chargeId: string) {
  const { rows } = await q.query<{
    from_status: string | null;
    to_status: string;
    reason: string | null;
    actor_type: string;
    actor_id: string | null;
    created_at: string;
  }>(
    `SELECT from_status, to_status, reason, actor_type, actor_id, created_at FROM charge_status_history
     WHERE tenant_id = $1 AND charge_id = $2 ORDER BY created_at, id`,
    [tenantId, chargeId],
  );
  return rows;
}

/** Events recorded on a charge by the capabilities above charges (dunning steps), oldest first. */
export async function chargeStepEvents(q: Queryable, tenantId: string, chargeId: string) {
  const { rows } = await q.query<{
    type: string;
    data: Record<string, unknown>;
    actor_type: string;
    actor_id: string | null;
    created_at: string;
  }>(
    `SELECT type, data, actor_type, actor_id, created_at FROM events
     WHERE tenant_id = $1 AND resource_type = 'charge' AND resource_id = $2 AND type = 'charge.dunning_step'
     ORDER BY seq`,
    [tenantId, chargeId],
  );
  return rows;
}

export async function updateChargeState(
  tx: Tx,
  tenantId: string,
  id: string,
  s: { status: string; paid_cents: number; fee_cents: number; overpaid_cents: number; paid_at: 'now' | 'keep' | null },
  now: Date,
): Promise<void> {
  await tx.query(
    `UPDATE charges SET status = $3, paid_cents = $4, fee_cents = $5,
       overpaid_cents = $6,
       paid_at = CASE WHEN $7 = 'now' THEN coalesce(paid_at, $8) WHEN $7 = 'keep' THEN paid_at ELSE NULL END,
       updated_at = $8
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, s.status, s.paid_cents, s.fee_cents, s.overpaid_cents, s.paid_at ?? 'null', now.toISOString()],
  );
}

/** A new due date and amount of an open charge, with the status they give. */
export async function changeChargeTerms(
  tx: Tx,
  tenantId: string,
  id: string,
  c: { due_date: string; amount_cents: number; status: string },
  now: Date,
): Promise<void> {
  await tx.query('UPDATE charges SET due_date = $3, amount_cents = $4, status = $5, updated_at = $6 WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
    c.due_date,
    c.amount_cents,
    c.status,
    now.toISOString(),
  ]);
}

/** An adjustment line after the charge's last one: the difference a change of amount made. */
export async function appendAdjustmentLine(
  tx: Tx,
  tenantId: string,
  chargeId: string,
  amountCents: number,
  description: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, description, quantity, unit_price_cents, amount_cents)
     SELECT $1, $2, coalesce(max(position), 0) + 1, 'adjustment', $3, 1, $4, $5
       FROM charge_lines WHERE tenant_id = $1 AND charge_id = $2`,
    [tenantId, chargeId, description, amountCents, amountCents],
  );
}

export async function cancelCharge(tx: Tx, tenantId: string, id: string, reason: string, now: Date): Promise<void> {
  await tx.query(
    `UPDATE charges SET status = 'cancelled', cancelled_at = $4, cancel_reason = $3, updated_at = $4 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, reason, now.toISOString()],
  );
}

/** A payment; its refunded_cents were given back to the payer (a Pix devolução): it counts amount − refunded. */
export type PaymentRow = Omit<Database['payments'], 'tenant_id'>;

const PAYMENT_COLUMNS =
  'id, charge_id, amount_cents, fee_cents, paid_on, method, source, external_id, notes, reversed_at, reversal_reason, refunded_cents::int AS refunded_cents, created_at';

export async function listPayments(q: Queryable, tenantId: string, chargeId: string): Promise<PaymentRow[]> {
  const { rows } = await q.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE tenant_id = $1 AND charge_id = $2 ORDER BY paid_on, created_at, id`,
    [tenantId, chargeId],
  );
  return rows;
}

export async function findPaymentByExternalId(q: Queryable, tenantId: string, externalId: string): Promise<PaymentRow | null> {
  const { rows } = await q.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM payments WHERE tenant_id = $1 AND external_id = $2`, [
    tenantId,
    externalId,
  ]);
  return rows[0] ?? null;
}

export async function insertPayment(
  tx: Tx,
  tenantId: string,
  p: Omit<PaymentRow, 'reversed_at' | 'reversal_reason' | 'refunded_cents' | 'created_at'>,
  now: Date,
): Promise<PaymentRow | null> {
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (tenant_id, id, charge_id, amount_cents, fee_cents, paid_on, method, source, external_id, notes, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING RETURNING ${PAYMENT_COLUMNS}`,
    [tenantId, p.id, p.charge_id, p.amount_cents, p.fee_cents, p.paid_on, p.method, p.source, p.external_id, p.notes, now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Adds a refund to a payment, never beyond its amount; null when the payment is not there or not enough is left. */
export async function addPaymentRefund(
  tx: Tx,
  tenantId: string,
  chargeId: string,
  paymentId: string,
  cents: number,
): Promise<PaymentRow | null> {
  const { rows } = await tx.query<PaymentRow>(
    `UPDATE payments SET refunded_cents = refunded_cents + $4
     WHERE tenant_id = $1 AND charge_id = $2 AND id = $3 AND reversed_at IS NULL AND refunded_cents + $4 <= amount_cents RETURNING ${PAYMENT_COLUMNS}`,
    [tenantId, chargeId, paymentId, cents],
  );
  return rows[0] ?? null;
}

export async function reversePayment(
  tx: Tx,
  tenantId: string,
  chargeId: string,
  paymentId: string,
  reason: string,
  now: Date,
): Promise<PaymentRow | null> {
  const { rows } = await tx.query<PaymentRow>(
    `UPDATE payments SET reversed_at = $5, reversal_reason = $4
     WHERE tenant_id = $1 AND charge_id = $2 AND id = $3 AND reversed_at IS NULL RETURNING ${PAYMENT_COLUMNS}`,
    [tenantId, chargeId, paymentId, reason, now.toISOString()],
  );
  return rows[0] ?? null;
}

export async function customerFacts(
  q: Queryable,
  tenantId: string,
  customerId: string,
): Promise<{ id: string; active: boolean; associate: boolean; person_type: string } | null> {
  const { rows } = await q.query<{ id: string; active: boolean; associate: boolean; person_type: string }>(
    `SELECT id, active, associate, person_type FROM customers WHERE tenant_id = $1 AND id = $2`,
    [tenantId, customerId],
  );
  return rows[0] ?? null;
}

export async function customerFactsMany(
  q: Queryable,
  tenantId: string,
  ids: string[],
): Promise<{ id: string; active: boolean; associate: boolean; person_type: string }[]> {
  const { rows } = await q.query<{ id: string; active: boolean; associate: boolean; person_type: string }>(
    `SELECT id, active, associate, person_type FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return rows;
}

/** Charges among `ids`, locked FOR UPDATE in id order (every locker takes them in the same order). */
export async function lockChargesForUpdate(tx: Tx, tenantId: string, ids: string[]): Promise<ChargeRow[]> {
  if (!ids.length) return [];
  await tx.query('SELECT 1 FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE', [tenantId, ids]);
  return findCharges(tx, tenantId, ids);
}

export async function findPaymentsByExternalIds(q: Queryable, tenantId: string, externalIds: string[]): Promise<PaymentRow[]> {
  if (!externalIds.length) return [];
  const { rows } = await q.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE tenant_id = $1 AND external_id = ANY($2::text[])`,
    [tenantId, externalIds],
  );
  return rows;
}

/** The payments of many charges (reversed ones included), oldest first. */
export async function listPaymentsOf(q: Queryable, tenantId: string, chargeIds: string[]): Promise<PaymentRow[]> {
  if (!chargeIds.length) return [];
  const { rows } = await q.query<PaymentRow>(
    `SELECT ${PAYMENT_COLUMNS} FROM payments WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [tenantId, chargeIds],
  );
  return rows;
}

/** New payments in one statement; a conflicting external_id is skipped (the ones returned went in). */
export async function insertPaymentsInBulk(
  tx: Tx,
  tenantId: string,
  ps: Omit<PaymentRow, 'reversed_at' | 'reversal_reason' | 'refunded_cents' | 'created_at'>[],
  now: Date,
): Promise<PaymentRow[]> {
  if (!ps.length) return [];
  const col = <K extends keyof (typeof ps)[number]>(k: K) => ps.map((p) => p[k]);
  const { rows } = await tx.query<PaymentRow>(
    `INSERT INTO payments (tenant_id, id, charge_id, amount_cents, fee_cents, paid_on, method, source, external_id, notes, created_at)
     SELECT $1, u.id, u.charge_id, u.amount_cents, u.fee_cents, u.paid_on, u.method, u.source, u.external_id, u.notes, $11::timestamptz
       FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[])
         WITH ORDINALITY AS u(id, charge_id, amount_cents, fee_cents, paid_on, method, source, external_id, notes, ord)
      ORDER BY u.ord
     ON CONFLICT DO NOTHING RETURNING ${PAYMENT_COLUMNS}`,
    [
      tenantId,
      col('id'),
      col('charge_id'),
      col('amount_cents'),
      col('fee_cents'),
      col('paid_on'),
      col('method'),
      col('source'),
      col('external_id'),
      col('notes'),
      now.toISOString(),
    ],
  );
  return rows;
}

/** What settling many charges decided, in one statement. */
export async function updateChargeStatesInBulk(
  tx: Tx,
  tenantId: string,
  s: { id: string; status: string; paid_cents: number; fee_cents: number; overpaid_cents: number; paid_at: 'now' | 'keep' | null }[],
  now: Date,
): Promise<void> {
  if (!s.length) return;
  await tx.query(
    `UPDATE charges c SET status = u.status, paid_cents = u.paid_cents, fee_cents = u.fee_cents, overpaid_cents = u.overpaid_cents,
       paid_at = CASE WHEN u.paid_at = 'now' THEN coalesce(c.paid_at, $8::timestamptz) WHEN u.paid_at = 'keep' THEN c.paid_at ELSE NULL END,
       updated_at = $8::timestamptz
     FROM unnest($2::uuid[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::text[]) AS u(id, status, paid_cents, fee_cents, overpaid_cents, paid_at)
     WHERE c.tenant_id = $1 AND c.id = u.id`,
    [
      tenantId,
      s.map((x) => x.id),
      s.map((x) => x.status),
      s.map((x) => x.paid_cents),
      s.map((x) => x.fee_cents),
      s.map((x) => x.overpaid_cents),
      s.map((x) => x.paid_at ?? 'null'),
      now.toISOString(),
    ],
  );
}

/** Status changes of many charges, each with its from, to and reason. */
export async function insertStatusChangesInBulk(
  tx: Tx,
  tenantId: string,
  rows: { id: string; charge_id: string; from_status: string; to_status: string; reason: string }[],
  actor: { type: string; id: string | null },
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  await tx.query(
    `INSERT INTO charge_status_history (tenant_id, id, charge_id, from_status, to_status, reason, actor_type, actor_id, created_at)
     SELECT $1, u.id, u.charge_id, u.from_status, u.to_status, u.reason, $2, $3, $9::timestamptz
     FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[]) AS u(id, charge_id, from_status, to_status, reason)`,
    [
      tenantId,
      actor.type,
      actor.id,
      rows.map((r) => r.id),
      rows.map((r) => r.charge_id),
      rows.map((r) => r.from_status),
      rows.map((r) => r.to_status),
      rows.map((r) => r.reason),
      now.toISOString(),
    ],
  );
}

export async function findCharges(q: Queryable, tenantId: string, ids: string[]): Promise<ChargeRow[]> {
  const { rows } = await q.query<ChargeRow>(`SELECT ${CHARGE_SELECT} FROM charges ch WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[])`, [
    tenantId,
    ids,
  ]);
  return rows;
}

/** Open charges past their due date become overdue; returns the ids changed. */
export async function markOverdue(
  tx: Tx,
  tenantId: string,
  today: string,
  limit: number,
  now: Date,
): Promise<{ id: string; from_status: string }[]> {
  const { rows } = await tx.query<{ id: string; from_status: string }>(
    `WITH due AS (
       SELECT id, status FROM charges
       WHERE tenant_id = $1 AND status IN ('open', 'partially_paid') AND due_date < $2
       ORDER BY due_date, id LIMIT $3 FOR UPDATE SKIP LOCKED)
     UPDATE charges c SET status = 'overdue', updated_at = $4 FROM due
     WHERE c.tenant_id = $1 AND c.id = due.id RETURNING c.id, due.status AS from_status`,
    [tenantId, today, limit, now.toISOString()],
  );
  return rows;
}

export async function summary(q: Queryable, tenantId: string, from: string, to: string) {
  const [statusRows, received, issued, months] = await Promise.all([
    q.query<{ status: string; n: number; cents: number }>(
      `SELECT status, count(*)::int8 AS n, coalesce(sum(amount_cents - least(paid_cents, amount_cents)), 0)::int8 AS cents
       FROM charges WHERE tenant_id = $1 AND status IN ('open', 'partially_paid', 'overdue') GROUP BY status`,
      [tenantId],
    ),
    q.query<{ n: number; cents: number; fees: number }>(
      `SELECT count(*)::int8 AS n, coalesce(sum(amount_cents), 0)::int8 AS cents, coalesce(sum(fee_cents), 0)::int8 AS fees
       FROM payments WHERE tenant_id = $1 AND reversed_at IS NULL AND paid_on BETWEEN $2 AND $3`,
      [tenantId, from, to],
    ),
    q.query<{ n: number; cents: number }>(
      `SELECT count(*)::int8 AS n, coalesce(sum(amount_cents), 0)::int8 AS cents
       FROM charges WHERE tenant_id = $1 AND status <> 'cancelled' AND issue_date BETWEEN $2 AND $3`,
      [tenantId, from, to],
    ),
    q.query<{ month: string; issued_cents: number; received_cents: number; open_cents: number; overdue_cents: number }>(
      `SELECT to_char(due_date, 'YYYY-MM') AS month,
              coalesce(sum(amount_cents), 0)::int8 AS issued_cents,
              coalesce(sum(least(paid_cents, amount_cents)), 0)::int8 AS received_cents,
              coalesce(sum(amount_cents - least(paid_cents, amount_cents)) FILTER (WHERE status IN ('open', 'partially_paid')), 0)::int8 AS open_cents,
              coalesce(sum(amount_cents - least(paid_cents, amount_cents)) FILTER (WHERE status = 'overdue'), 0)::int8 AS overdue_cents
       FROM charges WHERE tenant_id = $1 AND status <> 'cancelled' AND due_date BETWEEN $2 AND $3
       GROUP BY 1 ORDER BY 1`,
      [tenantId, from, to],
    ),
  ]);
  const by = (s: string) => {
    const r = statusRows.rows.find((x) => x.status === s);
    return { count: r?.n ?? 0, amount_cents: r?.cents ?? 0 };
  };
  return {
    from,
    to,
    open: by('open'),
    overdue: by('overdue'),
    partially_paid: by('partially_paid'),
    received: { count: received.rows[0].n, amount_cents: received.rows[0].cents, fee_cents: received.rows[0].fees },
    issued: { count: issued.rows[0].n, amount_cents: issued.rows[0].cents },
    by_month: months.rows,
  };
}
