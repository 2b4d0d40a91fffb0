// The only file of the contracts capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type ItemCandidateRow = Pick<Database['contract_items'], 'id' | 'contract_id' | 'service_id'> &
  Pick<Database['contracts'], 'customer_id'>;

/** Contract items matching the given ids; with a date, only items and contracts in force on it. */
export async function findItemCandidates(
  q: Queryable,
  tenantId: string,
  f: { itemId: string | null; contractId: string | null; customerId: string | null; serviceId: string | null; date: string | null },
): Promise<ItemCandidateRow[]> {
  const { rows } = await q.query<ItemCandidateRow>(
    `SELECT i.id, i.contract_id, c.customer_id, i.service_id
       FROM contract_items i JOIN contracts c ON c.tenant_id = i.tenant_id AND c.id = i.contract_id
      WHERE i.tenant_id = $1
        AND ($2::uuid IS NULL OR i.id = $2)
        AND ($3::uuid IS NULL OR i.contract_id = $3)
        AND ($4::uuid IS NULL OR c.customer_id = $4)
        AND ($5::uuid IS NULL OR i.service_id = $5)
        AND ($6::date IS NULL OR (
              (i.starts_on IS NULL OR i.starts_on <= $6) AND (i.ends_on IS NULL OR i.ends_on >= $6)
          AND c.status <> 'pending' AND c.start_date <= $6
          AND (c.end_date IS NULL OR c.end_date >= $6)
          AND (c.cancellation_effective_date IS NULL OR c.cancellation_effective_date >= $6)))
      ORDER BY i.id
      LIMIT 20`,
    [tenantId, f.itemId, f.contractId, f.customerId, f.serviceId, f.date],
  );
  return rows;
}

export type ItemRow = Omit<Database['contract_items'], 'tenant_id' | 'contract_id' | 'created_at'> & {
  service: Pick<Database['services'], 'code' | 'name' | 'unit' | 'pricing_model' | 'billing_period' | 'active'>;
};

export type SuspensionRow = Pick<Database['contract_suspensions'], 'id' | 'start_date' | 'end_date' | 'reason'>;

export type ContractRow = Omit<Database['contracts'], 'metadata'> & {
  customer: Pick<Database['customers'], 'number' | 'name' | 'document' | 'active'>;
  collection_account: Pick<Database['collection_accounts'], 'number' | 'label' | 'bank_code' | 'active'> | null;
  // narrower than the jsonb column: the object this capability writes
  metadata: Record<string, unknown>;
  /** Items in force on or after the date given to contractSelect. */
  items: ItemRow[];
  suspensions: SuspensionRow[];
};

/** The contract with its customer summary, items (in force on or after `datePh`) and suspensions. */
export function contractSelect(datePh: string): string {
  return `c.*,
  (SELECT json_build_object('number', cu.number, 'name', cu.name, 'document', cu.document, 'active', cu.active)
     FROM customers cu WHERE cu.tenant_id = c.tenant_id AND cu.id = c.customer_id) AS customer,
  (SELECT json_build_object('number', a.number, 'label', a.label, 'bank_code', a.bank_code, 'active', a.active)
     FROM collection_accounts a WHERE a.tenant_id = c.tenant_id AND a.id = c.collection_account_id) AS collection_account,
  coalesce((SELECT json_agg(json_build_object('id', i.id, 'service_id', i.service_id,
      'service', json_build_object('code', s.code, 'name', s.name, 'unit', s.unit, 'pricing_model', s.pricing_model,
                                   'billing_period', s.billing_period, 'active', s.active),
      'quantity', i.quantity::text, 'price_override_cents', i.price_override_cents::text, 'description', i.description,
      'starts_on', i.starts_on, 'ends_on', i.ends_on) ORDER BY i.starts_on NULLS FIRST, i.id)
    FROM contract_items i JOIN services s ON s.tenant_id = i.tenant_id AND s.id = i.service_id
    WHERE i.tenant_id = c.tenant_id AND i.contract_id = c.id AND (i.ends_on IS NULL OR i.ends_on >= ${datePh}::date)), '[]') AS items,
  coalesce((SELECT json_agg(json_build_object('id', x.id, 'start_date', x.start_date, 'end_date', x.end_date, 'reason', x.reason)
      ORDER BY x.start_date)
    FROM contract_suspensions x WHERE x.tenant_id = c.tenant_id AND x.contract_id = c.id), '[]') AS suspensions`;
}

export async function findContract(
  q: Queryable,
  tenantId: string,
  column: 'id' | 'number' | 'external_code',
  value: string | number,
  today: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ContractRow | null> {
  if (opts.forUpdate) await q.query(`SELECT 1 FROM contracts WHERE tenant_id = $1 AND ${column} = $2 FOR UPDATE`, [tenantId, value]);
  const { rows } = await q.query<ContractRow>(
    `SELECT ${contractSelect('$3')} FROM contracts c WHERE c.tenant_id = $1 AND c.${column} = $2`,
    [tenantId, value, today],
  );
  return rows[0] ?? null;
}

export async function findContractIdBy(
  q: Queryable,
  tenantId: string,
  externalCode: string,
): Promise<{ id: string; number: number } | null> {
  const { rows } = await q.query<{ id: string; number: number }>(
    'SELECT id, number FROM contracts WHERE tenant_id = $1 AND external_code = $2',
    [tenantId, externalCode],
  );
  return rows[0] ?? null;
}

export interface ContractFields {
  customer_id: string;
  start_date: string;
  end_date: string | null;
  billing_day: number;
  due_days: number;
  payment_method: string;
  collection_account_id: string | null;
  external_code: string | null;
  description: string | null;
  metadata: Record<string, unknown>;
}

const FIELD_COLUMNS = [
  'customer_id',
  'start_date',
  'end_date',
  'billing_day',
  'due_days',
  'payment_method',
  'collection_account_id',
  'external_code',
  'description',
  'metadata',
] as const;
const fieldValues = (f: ContractFields) => FIELD_COLUMNS.map((k) => (k === 'metadata' ? JSON.stringify(f[k]) : f[k]));

export async function insertContract(tx: Tx, tenantId: string, id: string, number: number, f: ContractFields, now: Date): Promise<void> {
  const cols = ['tenant_id', 'id', 'number', 'status', 'created_at', 'updated_at', ...FIELD_COLUMNS];
  const at = now.toISOString();
  await tx.query(`INSERT INTO contracts (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, [
    tenantId,
    id,
    number,
    'pending',
    at,
    at,
    ...fieldValues(f),
  ]);
}

export async function updateContractFields(tx: Tx, tenantId: string, id: string, f: ContractFields, now: Date): Promise<void> {
  const sets = FIELD_COLUMNS.map((k, i) => `${k} = $${i + 4}`).join(', ');
  await tx.query(`UPDATE contracts SET ${sets}, updated_at = $3 WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
    now.toISOString(),
    ...fieldValues(f),
  ]);
}

export async function setStatus(
  tx: Tx,
  tenantId: string,
  id: string,
  status: ContractRow['status'],
  now: Date,
  extra: { activated?: boolean; cancelReason?: string; cancellationEffectiveDate?: string } = {},
): Promise<void> {
  await tx.query(
    `UPDATE contracts SET status = $3, updated_at = $7,
       activated_at = CASE WHEN $4::boolean THEN coalesce(activated_at, $7) ELSE activated_at END,
       cancel_reason = coalesce($5, cancel_reason),
       cancellation_effective_date = coalesce($6::date, cancellation_effective_date),
       cancelled_at = CASE WHEN $3 = 'cancelled' THEN $7 ELSE cancelled_at END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, status, !!extra.activated, extra.cancelReason ?? null, extra.cancellationEffectiveDate ?? null, now.toISOString()],
  );
}

export async function deleteContract(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM contracts WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}

export interface NewItem {
  id: string;
  service_id: string;
  quantity: string;
  price_override_cents: string | null;
  description: string | null;
  starts_on: string | null;
  ends_on: string | null;
}

export async function insertItems(tx: Tx, tenantId: string, contractId: string, items: NewItem[], now: Date): Promise<void> {
  for (const it of items) {
    await tx.query(
      `INSERT INTO contract_items (tenant_id, id, contract_id, service_id, quantity, price_override_cents, description, starts_on, ends_on, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        tenantId,
        it.id,
        contractId,
        it.service_id,
        it.quantity,
        it.price_override_cents,
        it.description,
        it.starts_on,
        it.ends_on,
        now.toISOString(),
      ],
    );
  }
}

export async function updateItemInPlace(tx: Tx, tenantId: string, itemId: string, it: Omit<NewItem, 'id' | 'starts_on'>): Promise<void> {
  await tx.query(
    `UPDATE contract_items SET service_id = $3, quantity = $4, price_override_cents = $5, description = $6, ends_on = $7 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, itemId, it.service_id, it.quantity, it.price_override_cents, it.description, it.ends_on],
  );
}

/** Sets (or, with null, clears) the item's last day. */
export async function endItem(tx: Tx, tenantId: string, itemId: string, endsOn: string | null): Promise<void> {
  await tx.query('UPDATE contract_items SET ends_on = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, itemId, endsOn]);
}

export async function deleteItem(tx: Tx, tenantId: string, itemId: string): Promise<void> {
  await tx.query('DELETE FROM contract_items WHERE tenant_id = $1 AND id = $2', [tenantId, itemId]);
}

export async function insertSuspension(
  tx: Tx,
  tenantId: string,
  id: string,
  contractId: string,
  start: string,
  end: string | null,
  reason: string | null,
  now: Date,
): Promise<void> {
  await tx.query(
    'INSERT INTO contract_suspensions (tenant_id, id, contract_id, start_date, end_date, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [tenantId, id, contractId, start, end, reason, now.toISOString()],
  );
}

export async function setSuspensionEnd(tx: Tx, tenantId: string, id: string, end: string): Promise<void> {
  await tx.query('UPDATE contract_suspensions SET end_date = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, id, end]);
}

/** Suspended contracts whose latest suspension had a planned last day before `today`. */
export async function suspensionsEndedBefore(q: Queryable, tenantId: string, today: string): Promise<{ id: string; end_date: string }[]> {
  const { rows } = await q.query<{ id: string; end_date: string }>(
    `SELECT c.id, s.end_date FROM contracts c
     CROSS JOIN LATERAL (SELECT x.end_date FROM contract_suspensions x
                         WHERE x.tenant_id = c.tenant_id AND x.contract_id = c.id ORDER BY x.start_date DESC LIMIT 1) s
     WHERE c.tenant_id = $1 AND c.status = 'suspended' AND s.end_date < $2
     ORDER BY c.id`,
    [tenantId, today],
  );
  return rows;
}

export type TransitionRow = Omit<Database['contract_transitions'], 'tenant_id' | 'contract_id'>;

export async function insertTransition(
  tx: Tx,
  tenantId: string,
  contractId: string,
  t: Omit<TransitionRow, 'created_at'>,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO contract_transitions (tenant_id, id, contract_id, action, from_status, to_status, reason, effective_date, actor_type, actor_id, request_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      tenantId,
      t.id,
      contractId,
      t.action,
      t.from_status,
      t.to_status,
      t.reason,
      t.effective_date,
      t.actor_type,
      t.actor_id,
      t.request_id,
      now.toISOString(),
    ],
  );
}

export async function listTransitions(q: Queryable, tenantId: string, contractId: string): Promise<TransitionRow[]> {
  const { rows } = await q.query<TransitionRow>(
    `SELECT id, action, from_status, to_status, reason, effective_date, actor_type, actor_id, request_id, created_at
       FROM contract_transitions WHERE tenant_id = $1 AND contract_id = $2 ORDER BY id`,
    [tenantId, contractId],
  );
  return rows;
}

export interface ServiceRef {
  id: string;
  code: string;
  active: boolean;
  billing_period: string;
}

export async function findServices(q: Queryable, tenantId: string, ids: string[], codes: string[]): Promise<ServiceRef[]> {
  const { rows } = await q.query<ServiceRef>(
    'SELECT id, code, active, billing_period FROM services WHERE tenant_id = $1 AND (id = ANY($2::uuid[]) OR code = ANY($3::text[]))',
    [tenantId, ids, codes],
  );
  return rows;
}

/** A collection account of the tenant, as a contract's choice needs it (read only: the boleto capability owns the table). */
export async function findCollectionAccountSummary(
  q: Queryable,
  tenantId: string,
  id: string,
): Promise<{ id: string; number: number; active: boolean } | null> {
  const { rows } = await q.query<{ id: string; number: number; active: boolean }>(
    'SELECT id, number::int AS number, active FROM collection_accounts WHERE tenant_id = $1 AND id = $2',
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function findCustomerSummary(q: Queryable, tenantId: string, id: string): Promise<{ id: string; active: boolean } | null> {
  const { rows } = await q.query<{ id: string; active: boolean }>('SELECT id, active FROM customers WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Items in force on `date` (for billing snapshots). */
export async function itemsInForce(
  q: Queryable,
  tenantId: string,
  contractId: string,
  date: string,
): Promise<{ id: string; service_id: string; quantity: string; price_override_cents: string | null; ends_on: string | null }[]> {
  const { rows } = await q.query<{
    id: string;
    service_id: string;
    quantity: string;
    price_override_cents: string | null;
    ends_on: string | null;
  }>(
    `SELECT id, service_id, quantity::text AS quantity, price_override_cents::text AS price_override_cents, ends_on
       FROM contract_items
      WHERE tenant_id = $1 AND contract_id = $2 AND (starts_on IS NULL OR starts_on <= $3) AND (ends_on IS NULL OR ends_on >= $3)
      ORDER BY starts_on NULLS FIRST, id`,
    [tenantId, contractId, date],
  );
  return rows;
}

/** Contracts the billing run must look at, by id (chunking): active, suspended, and cancelled ones that had service. */
export async function billableContractIds(
  q: Queryable,
  tenantId: string,
  afterId: string | null,
  limit: number,
  cancelledSince: string | null,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM contracts
      WHERE tenant_id = $1 AND ($2::uuid IS NULL OR id > $2)
        AND (status IN ('active', 'suspended')
          OR (status = 'cancelled' AND cancellation_effective_date >= start_date
              AND ($4::date IS NULL OR cancellation_effective_date >= $4::date)))
      ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit, cancelledSince],
  );
  return rows.map((r) => r.id);
}
