// The only file of this capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx, WriteTarget } from '../platform/db/types.ts';
import { insertEventPerRowSql } from '../platform/events.ts';
import type { Database } from '../platform/db/schema.generated.ts';
import type { NormalizedAddress, NormalizedCustomer, NormalizedEmail } from './normalize-customer.ts';

/** A stored customer: its columns (less name_search, SQL's own search key) plus its e-mails and addresses. */
export type CustomerRow = Omit<Database['customers'], 'name_search' | 'phones' | 'metadata' | 'document_kind' | 'gender'> & {
  // narrower than the jsonb columns: the shapes normalizeCustomer writes
  phones: NormalizedCustomer['phones'];
  metadata: NormalizedCustomer['metadata'];
  // as normalizeCustomer types them: a created customer is presented from its input, not read back
  document_kind: NormalizedCustomer['document_kind'];
  gender: NormalizedCustomer['gender'];
  emails: Pick<Database['customer_emails'], 'id' | 'number' | 'email' | 'label' | 'is_primary'>[];
  addresses: Omit<Database['customer_addresses'], 'tenant_id' | 'customer_id' | 'created_at' | 'updated_at'>[];
};

/** The customer with its e-mails and addresses, in one round trip. */
export const CUSTOMER_SELECT = `c.*,
  coalesce((SELECT json_agg(json_build_object('id', e.id, 'number', e.number, 'email', e.email, 'label', e.label,
      'is_primary', e.is_primary) ORDER BY e.is_primary DESC, e.number)
    FROM customer_emails e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id), '[]') AS emails,
  coalesce((SELECT json_agg(json_build_object('id', a.id, 'number', a.number, 'label', a.label, 'is_primary', a.is_primary,
      'for_billing', a.for_billing, 'for_delivery', a.for_delivery, 'street', a.street, 'street_number', a.street_number,
      'complement', a.complement, 'district', a.district, 'city', a.city, 'state', a.state, 'region', a.region,
      'postal_code', a.postal_code, 'country', a.country, 'reference', a.reference, 'responsible_name', a.responsible_name,
      'kind', a.kind) ORDER BY a.is_primary DESC, a.number)
    FROM customer_addresses a WHERE a.tenant_id = c.tenant_id AND a.customer_id = c.id), '[]') AS addresses`;

const SCALAR_COLUMNS = [
  'person_type',
  'document_kind',
  'document',
  'name',
  'trading_name',
  'state_registration',
  'municipal_registration',
  'birth_date',
  'gender',
  'rg',
  'rg_issuer',
  'country',
  'tax_region',
  'phones',
  'website',
  'contact_name',
  'notes',
  'internal_notes',
  'associate',
  'final_consumer',
  'cash_vat',
  'tax_exempt',
  'external_code',
  'active',
  'metadata',
] as const;

function scalarValues(c: NormalizedCustomer): unknown[] {
  return SCALAR_COLUMNS.map((k) => (k === 'phones' || k === 'metadata' ? JSON.stringify(c[k]) : c[k]));
}

export async function findCustomer(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CustomerRow | null> {
  if (opts.forUpdate) await q.query('SELECT 1 FROM customers WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [tenantId, id]);
  const { rows } = await q.query<CustomerRow>(
    `SELECT ${CUSTOMER_SELECT} FROM customers c WHERE c.tenant_id = $1 AND c.id = $2`,
    [tenantId, id],
    { prepare: 'customer_by_id' },
  );
  return rows[0] ?? null;
}

export async function findCustomerBy(
  q: Queryable,
  tenantId: string,
  column: 'number' | 'external_code' | 'document',
  value: string | number,
): Promise<CustomerRow | null> {
  const { rows } = await q.query<CustomerRow>(`SELECT ${CUSTOMER_SELECT} FROM customers c WHERE c.tenant_id = $1 AND c.${column} = $2`, [
    tenantId,
    value,
  ]);
  return rows[0] ?? null;
}

export async function findIdBy(
  q: Queryable,
  tenantId: string,
  column: 'document' | 'external_code',
  value: string,
): Promise<{ id: string; number: number; name: string } | null> {
  const { rows } = await q.query<{ id: string; number: number; name: string }>(
    `SELECT id, number, name FROM customers WHERE tenant_id = $1 AND ${column} = $2`,
    [tenantId, value],
  );
  return rows[0] ?? null;
}

export interface EventRowInput {
  id: string;
  type: string;
  actorType: string;
  actorId: string | null;
  requestId: string | null;
  data: unknown;
}

/**
 * Creates a customer with its e-mails, addresses and its audit event in ONE statement (data-
 * modifying CTEs): creating customers is the hottest write, and each round trip counts. Nothing is
 * written when the document or external code is taken (then false).
 */
export async function insertCustomerGraph(
  tx: WriteTarget,
  tenantId: string,
  c: NormalizedCustomer & { id: string; number: number; createdAt: string },
  emails: (NormalizedEmail & { id: string; number: number })[],
  addresses: (NormalizedAddress & { id: string; number: number })[],
  event: EventRowInput,
): Promise<boolean> {
  const cols = ['tenant_id', 'id', 'number', ...SCALAR_COLUMNS, 'created_at', 'updated_at', 'deactivated_at'];
  const params: unknown[] = [tenantId, c.id, c.number, ...scalarValues(c), c.createdAt, c.createdAt, c.active ? null : c.createdAt];
  const customerValues = cols.map((_, i) => `$${i + 1}`).join(', ');
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const emailArgs = [
    `${p(emails.map((e) => e.id))}::uuid[]`,
    `${p(emails.map((e) => e.number))}::int8[]`,
    `${p(emails.map((e) => e.email))}::text[]`,
    `${p(emails.map((e) => e.label))}::text[]`,
    `${p(emails.map((e) => e.is_primary))}::bool[]`,
  ].join(', ');
  const addressTypes: Record<(typeof ADDRESS_COLUMNS)[number], string> = {
    label: 'text',
    is_primary: 'bool',
    for_billing: 'bool',
    for_delivery: 'bool',
    street: 'text',
    street_number: 'text',
    complement: 'text',
    district: 'text',
    city: 'text',
    state: 'text',
    region: 'text',
    postal_code: 'text',
    country: 'text',
    reference: 'text',
    responsible_name: 'text',
    kind: 'int',
  };
  const addressArgs = [
    `${p(addresses.map((a) => a.id))}::uuid[]`,
    `${p(addresses.map((a) => a.number))}::int8[]`,
    ...ADDRESS_COLUMNS.map((k) => `${p(addresses.map((a) => a[k]))}::${addressTypes[k]}[]`),
  ].join(', ');
  const ev = [p(event.id), p(event.type), p(event.actorType), p(event.actorId), p(event.requestId), p(JSON.stringify(event.data))];
  const createdAt = '$' + (cols.indexOf('created_at') + 1);
  const { rows } = await tx.query<{ id: string }>(
    `WITH c AS (
       INSERT INTO customers (${cols.join(', ')}) VALUES (${customerValues}) ON CONFLICT DO NOTHING RETURNING tenant_id, id
     ), e AS (
       INSERT INTO customer_emails (tenant_id, id, number, customer_id, email, label, is_primary, created_at)
       SELECT c.tenant_id, u.id, u.number, c.id, u.email, u.label, u.is_primary, ${createdAt}::timestamptz
       FROM c, unnest(${emailArgs}) AS u(id, number, email, label, is_primary)
     ), a AS (
       INSERT INTO customer_addresses (tenant_id, id, number, customer_id, ${ADDRESS_COLUMNS.join(', ')}, created_at, updated_at)
       SELECT c.tenant_id, u.id, u.number, c.id, ${ADDRESS_COLUMNS.map((k) => `u.${k}`).join(', ')}, ${createdAt}::timestamptz, ${createdAt}::timestamptz
       FROM c, unnest(${addressArgs}) AS u(id, number, ${ADDRESS_COLUMNS.join(', ')})
     ), ev AS (
       ${insertEventPerRowSql('c', 'customer', { id: ev[0], type: ev[1], actorType: ev[2], actorId: ev[3], requestId: ev[4], data: ev[5], createdAt })}
     )
     SELECT id FROM c`,
    params,
    { prepare: 'customer_create_graph_at' },
  );
  return rows.length === 1;
}

export async function updateCustomer(tx: Tx, tenantId: string, id: string, c: NormalizedCustomer, now: Date): Promise<void> {
  const sets = SCALAR_COLUMNS.map((k, i) => `${k} = $${i + 4}`).join(', ');
  await tx.query(
    `UPDATE customers SET ${sets}, updated_at = $3,
       deactivated_at = CASE WHEN $${SCALAR_COLUMNS.indexOf('active') + 4}::boolean THEN NULL ELSE coalesce(deactivated_at, $3) END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, now.toISOString(), ...scalarValues(c)],
  );
}

export async function setActive(tx: Tx, tenantId: string, id: string, active: boolean, now: Date): Promise<void> {
  await tx.query(
    `UPDATE customers SET active = $3, updated_at = $4,
       deactivated_at = CASE WHEN $3 THEN NULL ELSE coalesce(deactivated_at, $4) END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, active, now.toISOString()],
  );
}

export async function deleteCustomer(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM customers WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}

/** Replaces the e-mails: keeps (and updates) those given with an existing id, adds the rest, deletes the others. */
export async function replaceEmails(
  tx: Tx,
  tenantId: string,
  customerId: string,
  emails: NormalizedEmail[],
  newIds: string[],
  firstNumber: number,
  now: Date,
): Promise<void> {
  const keep = emails.filter((e) => e.id).map((e) => e.id!);
  await tx.query(`DELETE FROM customer_emails WHERE tenant_id = $1 AND customer_id = $2 AND NOT (id = ANY($3::uuid[]))`, [
    tenantId,
    customerId,
    keep,
  ]);
  // Clear primaries first so the one-primary unique index never sees two at once.
  await tx.query(`UPDATE customer_emails SET is_primary = false WHERE tenant_id = $1 AND customer_id = $2 AND is_primary`, [
    tenantId,
    customerId,
  ]);
  let n = 0;
  for (const e of emails) {
    if (e.id) {
      await tx.query(
        `UPDATE customer_emails SET email = $4, label = $5, is_primary = $6 WHERE tenant_id = $1 AND customer_id = $2 AND id = $3`,
        [tenantId, customerId, e.id, e.email, e.label, e.is_primary],
      );
    } else {
      await tx.query(
        `INSERT INTO customer_emails (tenant_id, id, number, customer_id, email, label, is_primary, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tenantId, newIds[n], firstNumber + n, customerId, e.email, e.label, e.is_primary, now.toISOString()],
      );
      n++;
    }
  }
}

const ADDRESS_COLUMNS = [
  'label',
  'is_primary',
  'for_billing',
  'for_delivery',
  'street',
  'street_number',
  'complement',
  'district',
  'city',
  'state',
  'region',
  'postal_code',
  'country',
  'reference',
  'responsible_name',
  'kind',
] as const;

export async function replaceAddresses(
  tx: Tx,
  tenantId: string,
  customerId: string,
  addresses: NormalizedAddress[],
  newIds: string[],
  firstNumber: number,
  now: Date,
): Promise<void> {
  const keep = addresses.filter((a) => a.id).map((a) => a.id!);
  await tx.query(`DELETE FROM customer_addresses WHERE tenant_id = $1 AND customer_id = $2 AND NOT (id = ANY($3::uuid[]))`, [
    tenantId,
    customerId,
    keep,
  ]);
  await tx.query(`UPDATE customer_addresses SET is_primary = false WHERE tenant_id = $1 AND customer_id = $2 AND is_primary`, [
    tenantId,
    customerId,
  ]);
  let n = 0;
  for (const a of addresses) {
    const values = ADDRESS_COLUMNS.map((k) => a[k]);
    if (a.id) {
      const sets = ADDRESS_COLUMNS.map((k, i) => `${k} = $${i + 5}`).join(', ');
      await tx.query(`UPDATE customer_addresses SET ${sets}, updated_at = $4 WHERE tenant_id = $1 AND customer_id = $2 AND id = $3`, [
        tenantId,
        customerId,
        a.id,
        now.toISOString(),
        ...values,
      ]);
    } else {
      const cols = ['tenant_id', 'id', 'number', 'customer_id', ...ADDRESS_COLUMNS, 'created_at', 'updated_at'];
      await tx.query(`INSERT INTO customer_addresses (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, [
        tenantId,
        newIds[n],
        firstNumber + n,
        customerId,
        ...values,
        now.toISOString(),
        now.toISOString(),
      ]);
      n++;
    }
  }
}

export async function childIds(q: Queryable, tenantId: string, customerId: string): Promise<{ emails: string[]; addresses: string[] }> {
  const [e, a] = await Promise.all([
    q.query<{ id: string }>('SELECT id FROM customer_emails WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId]),
    q.query<{ id: string }>('SELECT id FROM customer_addresses WHERE tenant_id = $1 AND customer_id = $2', [tenantId, customerId]),
  ]);
  return { emails: e.rows.map((r) => r.id), addresses: a.rows.map((r) => r.id) };
}
