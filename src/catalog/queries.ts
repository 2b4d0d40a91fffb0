// The only file of the catalog capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { NormalizedPricing, NormalizedService, StoredTier } from './normalize-service.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type PriceRow = Omit<Database['service_prices'], 'tenant_id' | 'service_id' | 'tiers' | 'created_at'> & {
  // narrower than the jsonb column: the shape this capability writes
  tiers: StoredTier[] | null;
};

export type ServiceRow = Omit<Database['services'], 'metadata'> & {
  // narrower than the jsonb column: the shape this capability writes
  metadata: Record<string, unknown>;
  /** Every price version, ascending by effective_from. */
  prices: PriceRow[];
};

/** The service with its price versions, in one round trip (numerics as text: exact). */
export const SERVICE_SELECT = `s.*,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'effective_from', p.effective_from, 'pricing_model', p.pricing_model,
      'price_cents', p.price_cents::text, 'tiers', p.tiers, 'included_quantity', p.included_quantity::text) ORDER BY p.effective_from)
    FROM service_prices p WHERE p.tenant_id = s.tenant_id AND p.service_id = s.id), '[]') AS prices`;

const COLUMNS = ['code', 'name', 'description', 'unit', 'billing_period', 'active', 'external_code', 'metadata'] as const;

const values = (s: NormalizedService) => COLUMNS.map((k) => (k === 'metadata' ? JSON.stringify(s[k]) : s[k]));

export async function findService(
  q: Queryable,
  tenantId: string,
  column: 'id' | 'number' | 'code' | 'external_code',
  value: string | number,
  opts: { forUpdate?: boolean } = {},
): Promise<ServiceRow | null> {
  if (opts.forUpdate) await q.query(`SELECT 1 FROM services WHERE tenant_id = $1 AND ${column} = $2 FOR UPDATE`, [tenantId, value]);
  const { rows } = await q.query<ServiceRow>(`SELECT ${SERVICE_SELECT} FROM services s WHERE s.tenant_id = $1 AND s.${column} = $2`, [
    tenantId,
    value,
  ]);
  return rows[0] ?? null;
}

export async function findServiceIdBy(
  q: Queryable,
  tenantId: string,
  column: 'code' | 'external_code',
  value: string,
): Promise<{ id: string; number: number; name: string } | null> {
  const { rows } = await q.query<{ id: string; number: number; name: string }>(
    `SELECT id, number, name FROM services WHERE tenant_id = $1 AND ${column} = $2`,
    [tenantId, value],
  );
  return rows[0] ?? null;
}

export async function insertService(
  tx: Tx,
  tenantId: string,
  id: string,
  number: number,
  s: NormalizedService,
  pricingModel: string,
  now: Date,
): Promise<void> {
  const cols = ['tenant_id', 'id', 'number', 'pricing_model', 'created_at', 'updated_at', ...COLUMNS];
  const at = now.toISOString();
  await tx.query(`INSERT INTO services (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, [
    tenantId,
    id,
    number,
    pricingModel,
    at,
    at,
    ...values(s),
  ]);
}

export async function updateService(tx: Tx, tenantId: string, id: string, s: NormalizedService, now: Date): Promise<void> {
  const sets = COLUMNS.map((k, i) => `${k} = $${i + 4}`).join(', ');
  await tx.query(
    `UPDATE services SET ${sets}, updated_at = $3,
       deactivated_at = CASE WHEN $${COLUMNS.indexOf('active') + 4}::boolean THEN NULL ELSE coalesce(deactivated_at, $3) END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, now.toISOString(), ...values(s)],
  );
}

export async function setServiceActive(tx: Tx, tenantId: string, id: string, active: boolean, now: Date): Promise<void> {
  await tx.query(
    `UPDATE services SET active = $3, updated_at = $4, deactivated_at = CASE WHEN $3 THEN NULL ELSE coalesce(deactivated_at, $4) END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, active, now.toISOString()],
  );
}

/** Adds a price version, or replaces the one with the same effective_from; keeps services.pricing_model = the latest version's. */
export async function upsertPrice(
  tx: Tx,
  tenantId: string,
  id: string,
  serviceId: string,
  effectiveFrom: string,
  p: NormalizedPricing,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO service_prices (tenant_id, id, service_id, effective_from, pricing_model, price_cents, tiers, included_quantity, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, service_id, effective_from) DO UPDATE
       SET pricing_model = EXCLUDED.pricing_model, price_cents = EXCLUDED.price_cents, tiers = EXCLUDED.tiers,
           included_quantity = EXCLUDED.included_quantity, created_at = EXCLUDED.created_at`,
    [
      tenantId,
      id,
      serviceId,
      effectiveFrom,
      p.pricing_model,
      p.price_cents,
      p.tiers ? JSON.stringify(p.tiers) : null,
      p.included_quantity,
      now.toISOString(),
    ],
  );
  await tx.query(
    `UPDATE services s SET pricing_model = p.pricing_model, updated_at = $3
       FROM (SELECT pricing_model FROM service_prices WHERE tenant_id = $1 AND service_id = $2 ORDER BY effective_from DESC LIMIT 1) p
      WHERE s.tenant_id = $1 AND s.id = $2`,
    [tenantId, serviceId, now.toISOString()],
  );
}

/** The price version in force on `date`: the latest on or before it, else the first one. */
export async function priceAt(
  q: Queryable,
  tenantId: string,
  serviceId: string,
  date: string,
): Promise<(PriceRow & { name: string; unit: string; billing_period: ServiceRow['billing_period'] }) | null> {
  const { rows } = await q.query<PriceRow & { name: string; unit: string; billing_period: ServiceRow['billing_period'] }>(
    `SELECT p.id, p.effective_from, p.pricing_model, p.price_cents::text AS price_cents, p.tiers, p.included_quantity::text AS included_quantity,
            s.name, s.unit, s.billing_period
       FROM services s JOIN service_prices p ON p.tenant_id = s.tenant_id AND p.service_id = s.id
      WHERE s.tenant_id = $1 AND s.id = $2
      ORDER BY (p.effective_from <= $3::date) DESC,
               CASE WHEN p.effective_from <= $3::date THEN p.effective_from END DESC NULLS LAST,
               p.effective_from ASC
      LIMIT 1`,
    [tenantId, serviceId, date],
  );
  return rows[0] ?? null;
}

export async function serviceInUse(q: Queryable, tenantId: string, serviceId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM contract_items WHERE tenant_id = $1 AND service_id = $2 LIMIT 1', [tenantId, serviceId]);
  return rows.length > 0;
}

export async function deleteService(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM services WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}
