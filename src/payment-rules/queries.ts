// The only file of this capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { isUuid } from '../platform/ids.ts';
import { parseTimestamptz } from '../platform/db/parsers.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type RuleRow = Database['payment_rules'] & {
  links: LinkRow[];
};

export type LinkRow = Pick<Database['payment_rule_links'], 'id' | 'rule_id' | 'target_type' | 'created_at'> & {
  /** The one of service_id, customer_id, contract_id that is set; null for the tenant. */
  target_id: string | null;
};

/** Values written for a rule, in column order (see RULE_COLUMNS). */
export interface RuleValues {
  descricao: string;
  acrescimo_desconto: string;
  tipo_aplicacao_calculo: string;
  tipo_calculo_valor: string;
  tipo_juros: string;
  tipo_saldo: string;
  tipo_prazo_pagamento: string;
  tipo_pessoa: string;
  desconto_extra: boolean;
  codigo_externo: string | null;
  percentual: string | null;
  valor_fixo_centavos: number | null;
  dias: number | null;
  teto_centavos: number | null;
  teto_percentual: string | null;
  ativo: boolean;
}

export const RULE_COLUMNS = [
  'descricao',
  'acrescimo_desconto',
  'tipo_aplicacao_calculo',
  'tipo_calculo_valor',
  'tipo_juros',
  'tipo_saldo',
  'tipo_prazo_pagamento',
  'tipo_pessoa',
  'desconto_extra',
  'codigo_externo',
  'percentual',
  'valor_fixo_centavos',
  'dias',
  'teto_centavos',
  'teto_percentual',
  'ativo',
] as const satisfies readonly (keyof RuleValues)[];

const LINK_JSON = `json_build_object('id', l.id, 'rule_id', l.rule_id, 'target_type', l.target_type,
  'target_id', coalesce(l.service_id, l.customer_id, l.contract_id), 'created_at', l.created_at)`;

/** The rule with its links, in one round trip. */
export const RULE_SELECT = `r.*,
  coalesce((SELECT json_agg(${LINK_JSON} ORDER BY l.created_at, l.id)
    FROM payment_rule_links l WHERE l.tenant_id = r.tenant_id AND l.rule_id = r.id), '[]') AS links`;

/** A list predicate (rules alias r): attached to this target; $2 = target_type, $3 = target id or null. */
export const LINKED_TO_WHERE = ` AND EXISTS (SELECT 1 FROM payment_rule_links l
  WHERE l.tenant_id = r.tenant_id AND l.rule_id = r.id AND l.target_type = $2
    AND coalesce(l.service_id, l.customer_id, l.contract_id) IS NOT DISTINCT FROM $3::uuid)`;

export async function findRule(
  q: Queryable,
  tenantId: string,
  column: 'id' | 'codigo' | 'codigo_externo',
  value: string | number,
  opts: { forUpdate?: boolean } = {},
): Promise<RuleRow | null> {
  const { rows } = await q.query<RuleRow>(
    `SELECT ${RULE_SELECT} FROM payment_rules r WHERE r.tenant_id = $1 AND r.${column} = $2${opts.forUpdate ? ' FOR UPDATE OF r' : ''}`,
    [tenantId, value],
  );
  return rows[0] ?? null;
}

export async function findIdByExternalCode(q: Queryable, tenantId: string, code: string): Promise<{ id: string; codigo: number } | null> {
  const { rows } = await q.query<{ id: string; codigo: number }>(
    'SELECT id, codigo FROM payment_rules WHERE tenant_id = $1 AND codigo_externo = $2',
    [tenantId, code],
  );
  return rows[0] ?? null;
}

/** Inserts the rule; null when its codigo_externo is taken (ON CONFLICT keeps the transaction usable). */
export async function insertRule(tx: Tx, tenantId: string, id: string, codigo: number, v: RuleValues, at: Date): Promise<boolean> {
  const cols = ['tenant_id', 'id', 'codigo', ...RULE_COLUMNS, 'data_alteracao', 'created_at'];
  const values = [tenantId, id, codigo, ...RULE_COLUMNS.map((k) => v[k]), at.toISOString(), at.toISOString()];
  const { rowCount } = await tx.query(
    `INSERT INTO payment_rules (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`,
    values,
  );
  return rowCount === 1;
}

export async function updateRule(tx: Tx, tenantId: string, id: string, v: RuleValues, at: Date): Promise<void> {
  const sets = RULE_COLUMNS.map((k, i) => `${k} = $${i + 3}`).join(', ');
  await tx.query(`UPDATE payment_rules SET ${sets}, data_alteracao = $${RULE_COLUMNS.length + 3} WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
    ...RULE_COLUMNS.map((k) => v[k]),
    at.toISOString(),
  ]);
}

export async function deleteRule(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx.query('DELETE FROM payment_rules WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
}

// ---- links ----

const TARGET_COLUMN = { service: 'service_id', customer: 'customer_id', contract: 'contract_id' } as const;

export async function insertLink(
  tx: Tx,
  tenantId: string,
  id: string,
  ruleId: string,
  targetType: LinkRow['target_type'],
  targetId: string | null,
  now: Date,
): Promise<LinkRow | null> {
  const col = targetType === 'tenant' ? null : TARGET_COLUMN[targetType];
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO payment_rule_links (tenant_id, id, rule_id, target_type, created_at${col ? `, ${col}` : ''})
     VALUES ($1, $2, $3, $4, $5${col ? ', $6' : ''}) ON CONFLICT DO NOTHING
     RETURNING id, rule_id, target_type, coalesce(service_id, customer_id, contract_id) AS target_id, created_at`,
    [tenantId, id, ruleId, targetType, now.toISOString(), ...(col ? [targetId] : [])],
  );
  return rows[0] ?? null;
}

export async function findLinkTo(
  q: Queryable,
  tenantId: string,
  ruleId: string,
  targetType: string,
  targetId: string | null,
): Promise<LinkRow | null> {
  const { rows } = await q.query<LinkRow>(
    `SELECT id, rule_id, target_type, coalesce(service_id, customer_id, contract_id) AS target_id, created_at
     FROM payment_rule_links WHERE tenant_id = $1 AND rule_id = $2 AND target_type = $3
       AND coalesce(service_id, customer_id, contract_id) IS NOT DISTINCT FROM $4::uuid`,
    [tenantId, ruleId, targetType, targetId],
  );
  return rows[0] ?? null;
}

export async function deleteLink(tx: Tx, tenantId: string, ruleId: string, linkId: string): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(
    `DELETE FROM payment_rule_links WHERE tenant_id = $1 AND rule_id = $2 AND id = $3
     RETURNING id, rule_id, target_type, coalesce(service_id, customer_id, contract_id) AS target_id, created_at`,
    [tenantId, ruleId, linkId],
  );
  return rows[0] ?? null;
}

export async function deleteLinksOfRule(tx: Tx, tenantId: string, ruleId: string): Promise<void> {
  await tx.query('DELETE FROM payment_rule_links WHERE tenant_id = $1 AND rule_id = $2', [tenantId, ruleId]);
}

/** Does the target exist in this tenant? (customers, contracts, services) */
export async function targetExists(
  q: Queryable,
  tenantId: string,
  targetType: 'service' | 'customer' | 'contract',
  id: string,
): Promise<boolean> {
  const table = { service: 'services', customer: 'customers', contract: 'contracts' }[targetType];
  const { rows } = await q.query(`SELECT 1 FROM ${table} WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows.length > 0;
}

// ---- what applies to a charge ----

export interface AttachedRuleRow extends Omit<RuleRow, 'links'> {
  level: Database['payment_rule_links']['target_type'];
  link_id: Database['payment_rule_links']['id'];
}

/**
 * Active rules attached to the tenant, the customer, the contract or any of the services, with the
 * level each attachment gives. One statement; ordered by codigo within a level (the order extras
 * are applied in).
 */
export async function attachedRules(
  q: Queryable,
  tenantId: string,
  t: { customerId: string | null; contractId: string | null; serviceIds: readonly string[] },
): Promise<AttachedRuleRow[]> {
  const { rows } = await q.query<AttachedRuleRow>(
    `SELECT r.*, l.target_type AS level, l.id AS link_id
     FROM payment_rule_links l
     JOIN payment_rules r ON r.tenant_id = l.tenant_id AND r.id = l.rule_id
     WHERE l.tenant_id = $1 AND r.ativo
       AND (l.target_type = 'tenant' OR l.customer_id = $2 OR l.contract_id = $3 OR l.service_id = ANY($4::uuid[]))
     ORDER BY r.codigo, l.id`,
    [tenantId, t.customerId, t.contractId, [...t.serviceIds]],
  );
  return rows;
}

export interface AttachedRuleRowMany extends AttachedRuleRow {
  target_id: string | null;
}

/**
 * Every active rule attached to the tenant or to any of the targets, and the late policies of the
 * tenant and of any of these customers and contracts, in one statement (one round trip: on the
 * embedded database every statement costs the same fixed time, whatever it reads). Rows come back as JSON,
 * so the columns the drivers would parse are given their driver form here: numeric as text,
 * timestamps as ISO strings.
 */
export async function rulesAndPoliciesMany(
  q: Queryable,
  tenantId: string,
  t: { customerIds: readonly string[]; contractIds: readonly string[]; serviceIds: readonly string[] },
  withPolicies: boolean,
): Promise<{ rules: AttachedRuleRowMany[]; policies: LatePolicyRow[] }> {
  const { rows } = await q.query<{ rules: AttachedRuleRowMany[]; policies: LatePolicyRow[] }>(
    `SELECT
       (SELECT coalesce(jsonb_agg(to_jsonb(r) || jsonb_build_object('percentual', r.percentual::text, 'teto_percentual', r.teto_percentual::text,
           'level', l.target_type, 'link_id', l.id, 'target_id', coalesce(l.service_id, l.customer_id, l.contract_id)) ORDER BY r.codigo, l.id), '[]'::jsonb)
        FROM payment_rule_links l
        JOIN payment_rules r ON r.tenant_id = l.tenant_id AND r.id = l.rule_id
        WHERE l.tenant_id = $1 AND r.ativo
          AND (l.target_type = 'tenant' OR l.customer_id = ANY($2::uuid[]) OR l.contract_id = ANY($3::uuid[]) OR l.service_id = ANY($4::uuid[]))) AS rules,
       CASE WHEN $5 THEN
         (SELECT coalesce(jsonb_agg(to_jsonb(p) || jsonb_build_object('fine_percent', p.fine_percent::text, 'fine_cap_percent', p.fine_cap_percent::text,
             'interest_monthly_percent', p.interest_monthly_percent::text)), '[]'::jsonb)
          FROM late_charge_policies p
          WHERE p.tenant_id = $1 AND (p.level = 'tenant' OR p.customer_id = ANY($2::uuid[]) OR p.contract_id = ANY($3::uuid[])))
       ELSE '[]'::jsonb END AS policies`,
    [tenantId, [...t.customerIds], [...t.contractIds], [...t.serviceIds], withPolicies],
    { prepare: 'payment_rules_and_policies_many' },
  );
  const ts = (v: unknown) => (typeof v === 'string' ? parseTimestamptz(v) : v);
  const rules = rows[0].rules.map((r) => ({
    ...r,
    data_alteracao: ts(r.data_alteracao) as string,
    created_at: ts(r.created_at) as string,
  }));
  const policies = rows[0].policies.map((p) => ({ ...p, updated_at: ts(p.updated_at) as string }));
  return { rules, policies };
}

// ---- late-charge policies ----

export type LatePolicyRow = Omit<Database['late_charge_policies'], 'tenant_id' | 'created_at'>;

export type LatePolicyValues = Pick<
  LatePolicyRow,
  | 'fine_kind'
  | 'fine_percent'
  | 'fine_fixed_cents'
  | 'fine_cap_percent'
  | 'interest_monthly_percent'
  | 'interest_compound'
  | 'grace_days'
  | 'accept_days_after_due'
>;

const POLICY_VALUE_COLUMNS = [
  'fine_kind',
  'fine_percent',
  'fine_fixed_cents',
  'fine_cap_percent',
  'interest_monthly_percent',
  'interest_compound',
  'grace_days',
  'accept_days_after_due',
] as const satisfies readonly (keyof LatePolicyValues)[];

/** The policies that can govern a charge of this customer/contract (tenant default included). */
export async function latePoliciesFor(
  q: Queryable,
  tenantId: string,
  customerId: string | null,
  contractId: string | null,
): Promise<LatePolicyRow[]> {
  const { rows } = await q.query<LatePolicyRow>(
    `SELECT * FROM late_charge_policies
     WHERE tenant_id = $1 AND (level = 'tenant' OR customer_id = $2 OR contract_id = $3)`,
    [tenantId, customerId, contractId],
  );
  return rows;
}

export async function upsertLatePolicy(
  tx: Tx,
  tenantId: string,
  id: string,
  level: LatePolicyRow['level'],
  targetId: string | null,
  v: LatePolicyValues,
  now: Date,
): Promise<LatePolicyRow> {
  const existing = await tx.query<{ id: string }>(
    `SELECT id FROM late_charge_policies WHERE tenant_id = $1 AND level = $2
       AND coalesce(customer_id, contract_id) IS NOT DISTINCT FROM $3::uuid FOR UPDATE`,
    [tenantId, level, targetId],
  );
  const values = POLICY_VALUE_COLUMNS.map((k) => v[k]);
  if (existing.rows[0]) {
    const sets = POLICY_VALUE_COLUMNS.map((k, i) => `${k} = $${i + 4}`).join(', ');
    const { rows } = await tx.query<LatePolicyRow>(
      `UPDATE late_charge_policies SET ${sets}, updated_at = $3 WHERE tenant_id = $1 AND id = $2 RETURNING *`,
      [tenantId, existing.rows[0].id, now.toISOString(), ...values],
    );
    return rows[0];
  }
  const cols = ['tenant_id', 'id', 'level', 'customer_id', 'contract_id', 'created_at', 'updated_at', ...POLICY_VALUE_COLUMNS];
  const { rows } = await tx.query<LatePolicyRow>(
    `INSERT INTO late_charge_policies (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
    [
      tenantId,
      id,
      level,
      level === 'customer' ? targetId : null,
      level === 'contract' ? targetId : null,
      now.toISOString(),
      now.toISOString(),
      ...values,
    ],
  );
  return rows[0];
}

export async function deleteLatePolicy(
  tx: Tx,
  tenantId: string,
  level: LatePolicyRow['level'],
  targetId: string | null,
): Promise<LatePolicyRow | null> {
  const { rows } = await tx.query<LatePolicyRow>(
    `DELETE FROM late_charge_policies WHERE tenant_id = $1 AND level = $2
       AND coalesce(customer_id, contract_id) IS NOT DISTINCT FROM $3::uuid RETURNING *`,
    [tenantId, level, targetId],
  );
  return rows[0] ?? null;
}

export interface LatePolicyListRow extends LatePolicyRow {
  // null for a tenant-level policy (LEFT JOIN)
  customer_number: Database['customers']['number'] | null;
  customer_name: Database['customers']['name'] | null;
  contract_number: Database['contracts']['number'] | null;
  /** The customer of a contract-level policy, or the customer of a customer-level one. */
  owner_customer_id: string | null;
}

/** Every stored policy of the tenant: the tenant's first, then customers and contracts by number. */
export async function listLatePolicies(q: Queryable, tenantId: string, limit: number, offset: number): Promise<LatePolicyListRow[]> {
  const { rows } = await q.query<LatePolicyListRow>(
    `SELECT p.*, c.number AS customer_number, c.name AS customer_name, k.number AS contract_number, c.id AS owner_customer_id
       FROM late_charge_policies p
       LEFT JOIN contracts k ON k.tenant_id = p.tenant_id AND k.id = p.contract_id
       LEFT JOIN customers c ON c.tenant_id = p.tenant_id AND c.id = coalesce(p.customer_id, k.customer_id)
      WHERE p.tenant_id = $1
      ORDER BY (p.level = 'tenant') DESC, c.number NULLS FIRST, (p.level = 'contract'), k.number NULLS FIRST, p.id
      LIMIT $2 OFFSET $3`,
    [tenantId, limit, offset],
  );
  return rows;
}

// ---- references (customer, contract, service) given by UUID or per-tenant number ----

export async function findCustomerRef(q: Queryable, tenantId: string, ref: string): Promise<{ id: string; associate: boolean } | null> {
  const byId = isUuid(ref);
  if (!byId && !/^\d{1,15}$/.test(ref)) return null;
  const { rows } = await q.query<{ id: string; associate: boolean }>(
    `SELECT id, associate FROM customers WHERE tenant_id = $1 AND ${byId ? 'id = $2::uuid' : 'number = $2::int8'}`,
    [tenantId, ref],
  );
  return rows[0] ?? null;
}

export async function findContractRef(
  q: Queryable,
  tenantId: string,
  ref: string,
): Promise<{ id: string; customer_id: string; associate: boolean; service_ids: string[] } | null> {
  const byId = isUuid(ref);
  if (!byId && !/^\d{1,15}$/.test(ref)) return null;
  const { rows } = await q.query<{ id: string; customer_id: string; associate: boolean; service_ids: string[] }>(
    `SELECT k.id, k.customer_id, c.associate,
       coalesce((SELECT array_agg(DISTINCT i.service_id) FROM contract_items i WHERE i.tenant_id = k.tenant_id AND i.contract_id = k.id), '{}') AS service_ids
     FROM contracts k JOIN customers c ON c.tenant_id = k.tenant_id AND c.id = k.customer_id
     WHERE k.tenant_id = $1 AND ${byId ? 'k.id = $2::uuid' : 'k.number = $2::int8'}`,
    [tenantId, ref],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, service_ids: parseUuidArray(row.service_ids) };
}

export async function findServiceRef(q: Queryable, tenantId: string, ref: string): Promise<{ id: string } | null> {
  const byId = isUuid(ref);
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM services WHERE tenant_id = $1 AND ${byId ? 'id = $2::uuid' : /^\d{1,15}$/.test(ref) ? 'number = $2::int8' : 'code = $2'}`,
    [tenantId, ref],
  );
  return rows[0] ?? null;
}

/** uuid[] arrives as a JS array from node-postgres and as text ('{a,b}') from some engines. */
function parseUuidArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  if (typeof v === 'string') return v.replace(/[{}]/g, '').split(',').filter(Boolean);
  return [];
}
