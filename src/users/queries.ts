// The only file of this capability that speaks SQL. Users live in the company's live tenant
// (scope.accountId); every statement filters by it.
import type { Queryable } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type UserRow = Database['users'];

export type SessionRow = Omit<Database['user_sessions'], 'token_hash' | 'ip' | 'user_agent'>;

export interface SessionWithUser extends SessionRow, Pick<Database['users'], 'email' | 'name' | 'role' | 'active'> {
  /** The id of the tenant's sandbox (a tenant whose parent_id is the session's tenant), if any. */
  sandbox_id: Database['tenants']['id'] | null;
}

export async function insertUser(
  q: Queryable,
  u: Omit<UserRow, 'created_at' | 'updated_at' | 'last_login_at'>,
  now: Date,
): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (tenant_id, id, email, name, role, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [u.tenant_id, u.id, u.email, u.name, u.role, u.password_hash, u.active, now.toISOString()],
  );
  return rows[0] ?? null;
}

export async function findUser(q: Queryable, accountId: string, id: string, lock = false): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(`SELECT * FROM users WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [
    accountId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Login looks the e-mail up across companies (it is unique installation-wide). */
export async function findUserByEmail(q: Queryable, email: string): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(`SELECT * FROM users WHERE email = $1`, [email]);
  return rows[0] ?? null;
}

export async function emailTaken(q: Queryable, email: string, exceptId?: string): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM users WHERE email = $1 AND id IS DISTINCT FROM $2`, [email, exceptId ?? null]);
  return rows.length > 0;
}

export async function listUsers(q: Queryable, accountId: string): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT * FROM users WHERE tenant_id = $1 ORDER BY lower(name), email, id`, [accountId]);
  return rows;
}

export async function countActiveAdmins(q: Queryable, accountId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND role = 'admin' AND active`, [
    accountId,
  ]);
  return rows[0].n;
}

export async function updateUser(
  q: Queryable,
  accountId: string,
  id: string,
  patch: Partial<Pick<UserRow, 'email' | 'name' | 'role' | 'password_hash' | 'active'>>,
  now: Date,
): Promise<UserRow> {
  const cols = Object.keys(patch);
  const sets = cols.map((c, i) => `${c} = $${i + 4}`).join(', ');
  const { rows } = await q.query<UserRow>(
    `UPDATE users SET ${sets}${cols.length ? ', ' : ''}updated_at = $3 WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [accountId, id, now.toISOString(), ...cols.map((c) => (patch as Record<string, unknown>)[c])],
  );
  return rows[0];
}

export async function deleteUser(q: Queryable, accountId: string, id: string): Promise<void> {
  await q.query(`DELETE FROM users WHERE tenant_id = $1 AND id = $2`, [accountId, id]);
}

export async function touchLogin(q: Queryable, accountId: string, id: string, now: Date): Promise<void> {
  await q.query(`UPDATE users SET last_login_at = $3 WHERE tenant_id = $1 AND id = $2`, [accountId, id, now.toISOString()]);
}

export async function insertSession(
  q: Queryable,
  s: {
    tenant_id: string;
    id: string;
    user_id: string;
    token_hash: Buffer;
    mode: string;
    ip: string | null;
    user_agent: string | null;
    expires_at: Date;
  },
  now: Date,
): Promise<SessionRow> {
  const { rows } = await q.query<SessionRow>(
    `INSERT INTO user_sessions (tenant_id, id, user_id, token_hash, mode, ip, user_agent, expires_at, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING tenant_id, id, user_id, mode, created_at, last_seen_at, expires_at`,
    [s.tenant_id, s.id, s.user_id, s.token_hash, s.mode, s.ip, s.user_agent, s.expires_at.toISOString(), now.toISOString()],
  );
  // Opportunistic clean-up of this company's expired sessions.
  await q.query(`DELETE FROM user_sessions WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [
    s.tenant_id,
    now.toISOString(),
  ]);
  return rows[0];
}

/** The session of a cookie with its user and the company's sandbox, in one round trip. */
export async function findSessionByHash(q: Queryable, hash: Buffer): Promise<SessionWithUser | null> {
  const { rows } = await q.query<SessionWithUser>(
    `SELECT s.tenant_id, s.id, s.user_id, s.mode, s.created_at, s.last_seen_at, s.expires_at,
            u.email, u.name, u.role, u.active, (SELECT t.id FROM tenants t WHERE t.parent_id = s.tenant_id) AS sandbox_id
     FROM user_sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id
     WHERE s.token_hash = $1`,
    [hash],
  );
  return rows[0] ?? null;
}

export async function setSessionMode(q: Queryable, accountId: string, id: string, mode: 'live' | 'test'): Promise<void> {
  await q.query(`UPDATE user_sessions SET mode = $3 WHERE tenant_id = $1 AND id = $2`, [accountId, id, mode]);
}

export async function deleteSession(q: Queryable, accountId: string, id: string): Promise<void> {
  await q.query(`DELETE FROM user_sessions WHERE tenant_id = $1 AND id = $2`, [accountId, id]);
}

export async function deleteUserSessions(q: Queryable, accountId: string, userId: string, exceptSessionId?: string): Promise<void> {
  await q.query(`DELETE FROM user_sessions WHERE tenant_id = $1 AND user_id = $2 AND id IS DISTINCT FROM $3`, [
    accountId,
    userId,
    exceptSessionId ?? null,
  ]);
}

// Saved filters (per user; the user's company is the tenant).

export type SavedFilterRow = Database['saved_filters'];

export async function listSavedFilters(q: Queryable, accountId: string, userId: string, screen: string): Promise<SavedFilterRow[]> {
  const { rows } = await q.query<SavedFilterRow>(
    `SELECT * FROM saved_filters WHERE tenant_id = $1 AND user_id = $2 AND screen = $3 ORDER BY lower(name), id`,
    [accountId, userId, screen],
  );
  return rows;
}

export async function countSavedFilters(q: Queryable, accountId: string, userId: string, screen: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM saved_filters WHERE tenant_id = $1 AND user_id = $2 AND screen = $3`,
    [accountId, userId, screen],
  );
  return rows[0].n;
}

/** Saves under a name; the same name (case-insensitive) on the same screen replaces the query. */
export async function upsertSavedFilter(
  q: Queryable,
  f: Omit<SavedFilterRow, 'created_at' | 'updated_at'>,
  now: Date,
): Promise<SavedFilterRow & { inserted: boolean }> {
  const { rows } = await q.query<SavedFilterRow & { inserted: boolean }>(
    `INSERT INTO saved_filters (tenant_id, id, user_id, screen, name, query, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (tenant_id, user_id, screen, lower(name)) DO UPDATE SET name = EXCLUDED.name, query = EXCLUDED.query, updated_at = EXCLUDED.updated_at
     RETURNING *, (xmax = 0) AS inserted`,
    [f.tenant_id, f.id, f.user_id, f.screen, f.name, f.query, now.toISOString()],
  );
  return rows[0];
}

export async function deleteSavedFilter(q: Queryable, accountId: string, userId: string, id: string): Promise<SavedFilterRow | null> {
  const { rows } = await q.query<SavedFilterRow>(
    `DELETE FROM saved_filters WHERE tenant_id = $1 AND user_id = $2 AND id = $3 RETURNING *`,
    [accountId, userId, id],
  );
  return rows[0] ?? null;
}

// Password-reset tokens (only their SHA-256 is stored).

export type ResetTokenRow = Omit<Database['password_reset_tokens'], 'token_hash'>;

export async function insertResetToken(
  q: Queryable,
  t: { tenant_id: string; id: string; user_id: string; token_hash: Buffer; requested_by: 'self' | 'admin'; expires_at: Date },
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO password_reset_tokens (tenant_id, id, user_id, token_hash, requested_by, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [t.tenant_id, t.id, t.user_id, t.token_hash, t.requested_by, t.expires_at.toISOString(), now.toISOString()],
  );
  // Opportunistic clean-up of this company's links that can no longer be used.
  await q.query(`DELETE FROM password_reset_tokens WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [
    t.tenant_id,
    now.toISOString(),
  ]);
}

/** The token of a link, locked (a second use of the same link waits, then sees it used). */
export async function findResetTokenForUpdate(q: Queryable, hash: Buffer): Promise<ResetTokenRow | null> {
  const { rows } = await q.query<ResetTokenRow>(
    `SELECT tenant_id, id, user_id, requested_by, expires_at, used_at, created_at FROM password_reset_tokens WHERE token_hash = $1 FOR UPDATE`,
    [hash],
  );
  return rows[0] ?? null;
}

/** Marks the token used and voids the user's other unused links. */
export async function useResetTokens(q: Queryable, accountId: string, userId: string, now: Date): Promise<void> {
  await q.query(`UPDATE password_reset_tokens SET used_at = $3 WHERE tenant_id = $1 AND user_id = $2 AND used_at IS NULL`, [
    accountId,
    userId,
    now.toISOString(),
  ]);
}

/**
 * Whether any company on this installation can send e-mail (an active e-mail channel of
 * notifications). Read only, to tell the public "Esqueci minha senha" page whether to offer the
 * form, without saying anything about one e-mail or company.
 */
export async function anyCompanyEmailChannel(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ ok: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM notification_channels c WHERE c.channel = 'email' AND c.active
                    AND EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = c.tenant_id)) AS ok`,
  );
  return rows[0].ok;
}
