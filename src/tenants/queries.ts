// The only file of this capability that speaks SQL.
import type { Queryable } from '../platform/db/types.ts';

export interface TenantRow {
  id: string;
  parent_id: string | null;
  mode: 'live' | 'test';
  legal_name: string;
  trading_name: string | null;
  document_kind: string | null;
  document: string | null;
  country: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  settings: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ApiKeyRow {
  tenant_id: string;
  id: string;
  mode: 'live' | 'test';
  name: string;
  prefix: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const KEY_COLUMNS = 'tenant_id, id, mode, name, prefix, created_at, created_by, last_used_at, revoked_at';

export async function insertTenant(q: Queryable, t: Omit<TenantRow, 'created_at' | 'updated_at' | 'settings'>, now: Date): Promise<TenantRow> {
  const { rows } = await q.query<TenantRow>(
    `INSERT INTO tenants (id, parent_id, mode, legal_name, trading_name, document_kind, document, country,
       contact_name, contact_email, contact_phone, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING *`,
    [t.id, t.parent_id, t.mode, t.legal_name, t.trading_name, t.document_kind, t.document, t.country, t.contact_name, t.contact_email, t.contact_phone, now.toISOString()],
  );
  return rows[0];
}

export async function findTenant(q: Queryable, id: string): Promise<TenantRow | null> {
  const { rows } = await q.query<TenantRow>('SELECT * FROM tenants WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function findSandboxOf(q: Queryable, accountId: string): Promise<TenantRow | null> {
  const { rows } = await q.query<TenantRow>('SELECT * FROM tenants WHERE parent_id = $1', [accountId]);
  return rows[0] ?? null;
}

export async function updateTenant(q: Queryable, id: string, patch: Partial<TenantRow>, now: Date): Promise<TenantRow> {
  const cols = Object.keys(patch);
  const sets = cols.map((c, i) => `${c} = $${i + 3}`).join(', ');
  const { rows } = await q.query<TenantRow>(
    `UPDATE tenants SET ${sets}, updated_at = $2 WHERE id = $1 RETURNING *`,
    [id, now.toISOString(), ...cols.map((c) => (patch as Record<string, unknown>)[c])],
  );
  return rows[0];
}

export async function insertApiKey(
  q: Queryable,
  k: { tenant_id: string; id: string; mode: string; name: string; prefix: string; secret_hash: Buffer; created_by: string | null },
  now: Date,
): Promise<ApiKeyRow> {
  const { rows } = await q.query<ApiKeyRow>(
    `INSERT INTO api_keys (tenant_id, id, mode, name, prefix, secret_hash, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${KEY_COLUMNS}`,
    [k.tenant_id, k.id, k.mode, k.name, k.prefix, k.secret_hash, k.created_by, now.toISOString()],
  );
  return rows[0];
}

export async function listApiKeys(q: Queryable, accountId: string): Promise<ApiKeyRow[]> {
  const { rows } = await q.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [accountId]);
  return rows;
}

export async function findApiKey(q: Queryable, accountId: string, id: string): Promise<ApiKeyRow | null> {
  const { rows } = await q.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 AND id = $2`, [accountId, id]);
  return rows[0] ?? null;
}

export async function revokeApiKey(q: Queryable, accountId: string, id: string, now: Date): Promise<ApiKeyRow | null> {
  const { rows } = await q.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING ${KEY_COLUMNS}`,
    [accountId, id, now.toISOString()],
  );
  return rows[0] ?? null;
}

export interface CredentialRow {
  account_id: string;
  api_key_id: string;
  mode: 'live' | 'test';
  revoked_at: string | null;
  expires_at: string | null;
}

export async function findCredentialByKeyHash(q: Queryable, hash: Buffer): Promise<CredentialRow | null> {
  const { rows } = await q.query<CredentialRow>(
    `SELECT tenant_id AS account_id, id AS api_key_id, mode, revoked_at, NULL::timestamptz AS expires_at
     FROM api_keys WHERE secret_hash = $1`,
    [hash],
    { prepare: 'credential_by_key_hash' },
  );
  return rows[0] ?? null;
}

export async function findCredentialByTokenHash(q: Queryable, hash: Buffer): Promise<CredentialRow | null> {
  const { rows } = await q.query<CredentialRow>(
    `SELECT k.tenant_id AS account_id, k.id AS api_key_id, k.mode, k.revoked_at, t.expires_at
     FROM oauth_tokens t JOIN api_keys k ON k.tenant_id = t.tenant_id AND k.id = t.api_key_id
     WHERE t.token_hash = $1`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function insertToken(q: Queryable, t: { tenant_id: string; token_hash: Buffer; api_key_id: string; expires_at: Date }, now: Date): Promise<void> {
  await q.query(`INSERT INTO oauth_tokens (tenant_id, token_hash, api_key_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)`, [
    t.tenant_id,
    t.token_hash,
    t.api_key_id,
    t.expires_at.toISOString(),
    now.toISOString(),
  ]);
  // Opportunistic clean-up keeps the table small without a separate job.
  await q.query(`DELETE FROM oauth_tokens WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [t.tenant_id, now.toISOString()]);
}

/** Every table holding tenant data, children first, for the sandbox reset. */
export async function businessTables(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
       AND c.table_name NOT IN ('tenants', 'api_keys', 'oauth_tokens', 'tenant_counters')`,
  );
  const tables = new Set(rows.map((r) => r.table_name));
  const fks = await q.query<{ child: string; parent: string }>(
    `SELECT conrelid::regclass::text AS child, confrelid::regclass::text AS parent
     FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid`,
  );
  // Topological order: a table comes before every table it references.
  const ordered: string[] = [];
  const visiting = new Set<string>();
  const visit = (t: string): void => {
    if (ordered.includes(t) || visiting.has(t)) return;
    visiting.add(t);
    for (const fk of fks.rows) if (fk.parent === t && tables.has(fk.child)) visit(fk.child);
    ordered.push(t);
  };
  [...tables].sort().forEach(visit);
  return ordered;
}
