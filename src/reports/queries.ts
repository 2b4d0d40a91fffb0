// The only file of the reports capability that speaks SQL. Reports only read, one set-based
// statement each, always within scope.tenantId; they read other capabilities' tables and write none.
import type { Queryable } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export interface AgingRow {
  customer_id: Database['charges']['customer_id'];
  customer_name: Database['customers']['name'];
  customer_document: Database['customers']['document'];
  /** 0: 1–30 days past due, 1: 31–60, 2: 61–90, 3: more than 90. */
  bucket: number;
  count: number;
  /** sum() of bigint is numeric: a string. */
  open_cents: string;
}

/**
 * What was open and past due on `asOf`, per customer and age bucket. A charge counts when its due
 * date is before `asOf`, it was not cancelled nor fully paid by then, and its amount minus the
 * payments made by `asOf` (net of refunds; reversals made by then excluded) is positive.
 * Uses charges_due (tenant_id, due_date) and payments_charge (tenant_id, charge_id).
 */
export async function overdueAging(q: Queryable, tenantId: string, asOf: string): Promise<AgingRow[]> {
  const { rows } = await q.query<AgingRow>(
    `WITH open_charges AS (
       SELECT c.customer_id, ($2::date - c.due_date) AS days,
              c.amount_cents - COALESCE((
                SELECT sum(p.amount_cents - p.refunded_cents) FROM payments p
                WHERE p.tenant_id = c.tenant_id AND p.charge_id = c.id AND p.paid_on <= $2::date
                  AND (p.reversed_at IS NULL OR (p.reversed_at AT TIME ZONE 'America/Sao_Paulo')::date > $2::date)
              ), 0) AS open_cents
       FROM charges c
       WHERE c.tenant_id = $1 AND c.due_date < $2::date
         AND NOT (c.status = 'cancelled' AND (c.cancelled_at IS NULL OR (c.cancelled_at AT TIME ZONE 'America/Sao_Paulo')::date <= $2::date))
         -- Settled (a discount may settle it for less than its amount) by then.
         AND NOT (c.status = 'paid' AND c.paid_at IS NOT NULL AND (c.paid_at AT TIME ZONE 'America/Sao_Paulo')::date <= $2::date)
     ), bucketed AS (
       SELECT customer_id, CASE WHEN days <= 30 THEN 0 WHEN days <= 60 THEN 1 WHEN days <= 90 THEN 2 ELSE 3 END AS bucket, open_cents
       FROM open_charges WHERE open_cents > 0
     )
     SELECT b.customer_id, cu.name AS customer_name, cu.document AS customer_document, b.bucket,
            count(*)::int AS count, sum(b.open_cents)::text AS open_cents
     FROM bucketed b JOIN customers cu ON cu.tenant_id = $1 AND cu.id = b.customer_id
     GROUP BY b.customer_id, cu.name, cu.document, b.bucket
     ORDER BY lower(cu.name), b.customer_id, b.bucket`,
    [tenantId, asOf],
  );
  return rows;
}

export interface ReceiptRow {
  /** The period ('YYYY-MM-DD' or 'YYYY-MM') or the method. */
  key: string;
  method: Database['payments']['method'];
  count: number;
  /** Sums of bigint are numeric: strings. */
  received_cents: string;
  refunded_cents: string;
  fee_cents: string;
}

/**
 * Payments received from `from` to `to` (payment dates), per period (day or month) or method and
 * per method: amounts net of refunds; reversed payments are left out. Uses payments_paid_on.
 */
export async function receipts(
  q: Queryable,
  tenantId: string,
  from: string,
  to: string,
  groupBy: 'day' | 'month' | 'method',
): Promise<ReceiptRow[]> {
  const key = groupBy === 'day' ? `to_char(p.paid_on, 'YYYY-MM-DD')` : groupBy === 'month' ? `to_char(p.paid_on, 'YYYY-MM')` : 'p.method';
  const { rows } = await q.query<ReceiptRow>(
    `SELECT ${key} AS key, p.method, count(*)::int AS count,
            sum(p.amount_cents - p.refunded_cents)::text AS received_cents, sum(p.refunded_cents)::text AS refunded_cents, sum(p.fee_cents)::text AS fee_cents
     FROM payments p
     WHERE p.tenant_id = $1 AND p.paid_on BETWEEN $2::date AND $3::date AND p.reversed_at IS NULL
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [tenantId, from, to],
  );
  return rows;
}

export interface OnboardingFacts {
  collection_account: boolean;
  customer: boolean;
  service: boolean;
  contract: boolean;
  billing: boolean;
  email_channel: boolean;
  operator_user: boolean;
}

/** Whether each first step of a new company is done, from its data (one statement of EXISTS). */
export async function onboardingFacts(q: Queryable, tenantId: string, accountId: string): Promise<OnboardingFacts> {
  const { rows } = await q.query<OnboardingFacts>(
    `SELECT EXISTS (SELECT 1 FROM collection_accounts WHERE tenant_id = $1) AS collection_account,
            EXISTS (SELECT 1 FROM customers WHERE tenant_id = $1) AS customer,
            EXISTS (SELECT 1 FROM services WHERE tenant_id = $1) AS service,
            EXISTS (SELECT 1 FROM contracts WHERE tenant_id = $1) AS contract,
            (EXISTS (SELECT 1 FROM billing_runs WHERE tenant_id = $1) OR EXISTS (SELECT 1 FROM charges WHERE tenant_id = $1)) AS billing,
            EXISTS (SELECT 1 FROM notification_channels WHERE tenant_id = $1 AND channel = 'email' AND active) AS email_channel,
            EXISTS (SELECT 1 FROM users WHERE tenant_id = $2 AND role = 'operator' AND active) AS operator_user`,
    [tenantId, accountId],
  );
  return rows[0];
}
