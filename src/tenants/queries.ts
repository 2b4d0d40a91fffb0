// The only file of this capability that speaks SQL.
import type { Queryable } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type TenantRow = Omit<Database['tenants'], 'settings'> & {
  // narrower than the jsonb column: the shape this capability writes
  settings: Record<string, unknown>;
};

export type ApiKeyRow = Omit<Database['api_keys'], 'secret_hash'>;

const KEY_COLUMNS = 'tenant_id, id, mode, name, prefix, created_at, created_by, last_used_at, revoked_at';

export async function insertTenant(
  q: Queryable,
  t: Omit<TenantRow, 'created_at' | 'updated_at' | 'settings'>,
  now: Date,
): Promise<TenantRow> {
  const { rows } = await q.query<TenantRow>(
    `INSERT INTO tenants (id, parent_id, mode, legal_name, trading_name, document_kind, document, country,
       contact_name, contact_email, contact_phone, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING *`,
    [
      t.id,
      t.parent_id,
      t.mode,
      t.legal_name,
      t.trading_name,
      t.document_kind,
      t.document,
      t.country,
      t.contact_name,
      t.contact_email,
      t.contact_phone,
      now.toISOString(),
    ],
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
  const { rows } = await q.query<TenantRow>(`UPDATE tenants SET ${sets}, updated_at = $2 WHERE id = $1 RETURNING *`, [
    id,
    now.toISOString(),
    ...cols.map((c) => (patch as Record<string, unknown>)[c]),
  ]);
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
  const { rows } = await q.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE tenant_id = $1 ORDER BY created_at, id`, [
    accountId,
  ]);
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

export interface CredentialRow extends Pick<Database['api_keys'], 'mode' | 'revoked_at'> {
  account_id: string;
  /** The API key, or for a token issued through an OAuth application, that application's client_id. */
  api_key_id: string;
  /** An OAuth token's expiry; null for an API key. */
  expires_at: Database['oauth_tokens']['expires_at'] | null;
  via_client: boolean;
}

export async function findCredentialByKeyHash(q: Queryable, hash: Buffer): Promise<CredentialRow | null> {
  const { rows } = await q.query<CredentialRow>(
    `SELECT tenant_id AS account_id, id AS api_key_id, mode, revoked_at, NULL::timestamptz AS expires_at, false AS via_client
     FROM api_keys WHERE secret_hash = $1`,
    [hash],
    { prepare: 'credential_by_key_hash' },
  );
  return rows[0] ?? null;
}

export async function findCredentialByTokenHash(q: Queryable, hash: Buffer): Promise<CredentialRow | null> {
  const { rows } = await q.query<CredentialRow>(
    `SELECT t.tenant_id AS account_id, coalesce(k.id, c.id) AS api_key_id, coalesce(k.mode, c.mode) AS mode,
            coalesce(k.revoked_at, c.revoked_at) AS revoked_at, t.expires_at, c.id IS NOT NULL AS via_client
     FROM oauth_tokens t
     LEFT JOIN api_keys k ON k.tenant_id = t.tenant_id AND k.id = t.api_key_id
     LEFT JOIN oauth_clients c ON c.tenant_id = t.tenant_id AND c.id = t.client_id
     WHERE t.token_hash = $1`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function insertToken(
  q: Queryable,
  t: { tenant_id: string; token_hash: Buffer; api_key_id?: string; client_id?: string; grant_id?: string; expires_at: Date },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO oauth_tokens (tenant_id, token_hash, api_key_id, client_id, grant_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      t.tenant_id,
      t.token_hash,
      t.api_key_id ?? null,
      t.client_id ?? null,
      t.grant_id ?? null,
      t.expires_at.toISOString(),
      now.toISOString(),
    ],
  );
  // Opportunistic clean-up keeps the tables small without a separate job.
  await q.query(`DELETE FROM oauth_tokens WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [
    t.tenant_id,
    now.toISOString(),
  ]);
}

// ---- OAuth applications ----

export type OAuthClientRow = Omit<Database['oauth_clients'], 'secret_hash'>;

const CLIENT_COLUMNS = 'tenant_id, id, name, mode, redirect_uris, consented_by, created_at, revoked_at';

export async function insertOAuthClient(
  q: Queryable,
  c: Omit<OAuthClientRow, 'created_at' | 'revoked_at'> & { secret_hash: Buffer },
  now: Date,
): Promise<OAuthClientRow> {
  const { rows } = await q.query<OAuthClientRow>(
    `INSERT INTO oauth_clients (tenant_id, id, name, mode, secret_hash, redirect_uris, consented_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${CLIENT_COLUMNS}`,
    [c.tenant_id, c.id, c.name, c.mode, c.secret_hash, c.redirect_uris, c.consented_by, now.toISOString()],
  );
  return rows[0];
}

export async function listOAuthClients(q: Queryable, accountId: string): Promise<OAuthClientRow[]> {
  const { rows } = await q.query<OAuthClientRow>(
    `SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE tenant_id = $1 ORDER BY created_at, id`,
    [accountId],
  );
  return rows;
}

export async function findOAuthClient(q: Queryable, accountId: string, id: string): Promise<OAuthClientRow | null> {
  const { rows } = await q.query<OAuthClientRow>(`SELECT ${CLIENT_COLUMNS} FROM oauth_clients WHERE tenant_id = $1 AND id = $2`, [
    accountId,
    id,
  ]);
  return rows[0] ?? null;
}

/** A client by its client_id alone (the authorization and token endpoints know no tenant yet), with its secret's hash. */
export async function findOAuthClientById(q: Queryable, id: string): Promise<(OAuthClientRow & { secret_hash: Buffer }) | null> {
  const { rows } = await q.query<OAuthClientRow & { secret_hash: Buffer }>(
    `SELECT ${CLIENT_COLUMNS}, secret_hash FROM oauth_clients WHERE id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** Revokes the client and deletes everything issued to it: codes, refresh tokens, access tokens. */
export async function revokeOAuthClient(q: Queryable, accountId: string, id: string, now: Date): Promise<OAuthClientRow | null> {
  const { rows } = await q.query<OAuthClientRow>(
    `UPDATE oauth_clients SET revoked_at = coalesce(revoked_at, $3) WHERE tenant_id = $1 AND id = $2 RETURNING ${CLIENT_COLUMNS}`,
    [accountId, id, now.toISOString()],
  );
  if (rows[0]) {
    for (const table of ['oauth_codes', 'oauth_refresh_tokens', 'oauth_tokens'])
      await q.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND client_id = $2`, [accountId, id]);
  }
  return rows[0] ?? null;
}

export async function insertOAuthCode(
  q: Queryable,
  c: {
    tenant_id: string;
    code_hash: Buffer;
    client_id: string;
    redirect_uri: string | null;
    code_challenge: string | null;
    code_challenge_method: 'S256' | 'plain' | null;
    expires_at: Date;
  },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO oauth_codes (tenant_id, code_hash, client_id, redirect_uri, code_challenge, code_challenge_method, expires_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      c.tenant_id,
      c.code_hash,
      c.client_id,
      c.redirect_uri,
      c.code_challenge,
      c.code_challenge_method,
      c.expires_at.toISOString(),
      now.toISOString(),
    ],
  );
  await q.query(`DELETE FROM oauth_codes WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [
    c.tenant_id,
    now.toISOString(),
  ]);
}

export type OAuthCodeRow = Omit<Database['oauth_codes'], 'code_hash' | 'created_at'>;

/** The code, locked: two exchanges of one code cannot both see it unused. */
export async function findOAuthCodeForUpdate(q: Queryable, hash: Buffer): Promise<OAuthCodeRow | null> {
  const { rows } = await q.query<OAuthCodeRow>(
    `SELECT tenant_id, client_id, redirect_uri, code_challenge, code_challenge_method, expires_at, used_at FROM oauth_codes WHERE code_hash = $1 FOR UPDATE`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function markOAuthCodeUsed(q: Queryable, tenantId: string, hash: Buffer, now: Date): Promise<void> {
  await q.query(`UPDATE oauth_codes SET used_at = $3 WHERE tenant_id = $1 AND code_hash = $2`, [tenantId, hash, now.toISOString()]);
}

export async function insertRefreshToken(
  q: Queryable,
  r: { tenant_id: string; token_hash: Buffer; client_id: string; grant_id: string; expires_at: Date },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO oauth_refresh_tokens (tenant_id, token_hash, client_id, grant_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [r.tenant_id, r.token_hash, r.client_id, r.grant_id, r.expires_at.toISOString(), now.toISOString()],
  );
  await q.query(`DELETE FROM oauth_refresh_tokens WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [
    r.tenant_id,
    now.toISOString(),
  ]);
}

export type RefreshTokenRow = Omit<Database['oauth_refresh_tokens'], 'token_hash' | 'created_at'>;

export async function findRefreshTokenForUpdate(q: Queryable, hash: Buffer): Promise<RefreshTokenRow | null> {
  const { rows } = await q.query<RefreshTokenRow>(
    `SELECT tenant_id, client_id, grant_id, expires_at, used_at FROM oauth_refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function markRefreshTokenUsed(q: Queryable, tenantId: string, hash: Buffer, now: Date): Promise<void> {
  await q.query(`UPDATE oauth_refresh_tokens SET used_at = $3 WHERE tenant_id = $1 AND token_hash = $2`, [
    tenantId,
    hash,
    now.toISOString(),
  ]);
}

/** Ends a grant: its refresh tokens and the access tokens issued under it. */
export async function revokeGrant(q: Queryable, tenantId: string, grantId: string): Promise<void> {
  await q.query(`DELETE FROM oauth_tokens WHERE tenant_id = $1 AND grant_id = $2`, [tenantId, grantId]);
  await q.query(`DELETE FROM oauth_refresh_tokens WHERE tenant_id = $1 AND grant_id = $2`, [tenantId, grantId]);
}

/** Every table holding tenant data, children first, for the sandbox reset. */
export async function businessTables(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = current_schema() AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
       AND c.table_name NOT IN ('tenants', 'api_keys', 'oauth_tokens', 'tenant_counters', 'oauth_clients', 'oauth_codes', 'oauth_refresh_tokens')`,
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
