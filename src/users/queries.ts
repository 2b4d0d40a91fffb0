// The only file of this capability that speaks SQL. Users live in the company's live tenant
// (scope.accountId); every statement filters by it.
import type { Queryable } from '../platform/db/types.ts';

export interface UserRow {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'operator';
  password_hash: string;
  active: boolean;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  tenant_id: string;
  id: string;
  user_id: string;
  mode: 'live' | 'test';
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface SessionWithUser extends SessionRow {
  email: string;
  name: string;
  role: 'admin' | 'operator';
  active: boolean;
  sandbox_id: string | null;
}

export async function insertUser(q: Queryable, u: Omit<UserRow, 'created_at' | 'updated_at' | 'last_login_at'>, now: Date): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (tenant_id, id, email, name, role, password_hash, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
     ON CONFLICT (email) DO NOTHING RETURNING *`,
    [u.tenant_id, u.id, u.email, u.name, u.role, u.password_hash, u.active, now.toISOString()],
  );
  return rows[0] ?? null;
}

export async function findUser(q: Queryable, accountId: string, id: string, lock = false): Promise<UserRow | null> {
  const { rows } = await q.query<UserRow>(`SELECT * FROM users WHERE tenant_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [accountId, id]);
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
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND role = 'admin' AND active`, [accountId]);
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
  s: { tenant_id: string; id: string; user_id: string; token_hash: Buffer; mode: string; ip: string | null; user_agent: string | null; expires_at: Date },
  now: Date,
): Promise<SessionRow> {
  const { rows } = await q.query<SessionRow>(
    `INSERT INTO user_sessions (tenant_id, id, user_id, token_hash, mode, ip, user_agent, expires_at, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING tenant_id, id, user_id, mode, created_at, last_seen_at, expires_at`,
    [s.tenant_id, s.id, s.user_id, s.token_hash, s.mode, s.ip, s.user_agent, s.expires_at.toISOString(), now.toISOString()],
  );
  // Opportunistic clean-up of this company's expired sessions.
  await q.query(`DELETE FROM user_sessions WHERE tenant_id = $1 AND expires_at < $2::timestamptz - interval '1 day'`, [s.tenant_id, now.toISOString()]);
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
  await q.query(`DELETE FROM user_sessions WHERE tenant_id = $1 AND user_id = $2 AND id IS DISTINCT FROM $3`, [accountId, userId, exceptSessionId ?? null]);
}
