// Console sessions: log in with e-mail and password, a random session id in an HTTP-only
// SameSite=Strict cookie (only its SHA-256 is stored), log out, switch live/sandbox.
// Cookie-authenticated writes also need the X-Cobre-CSRF header (see docs/console.md).
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db, Queryable } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Mode, Scope } from '../platform/scope.ts';
import { businessDate } from '../platform/clock.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import type { LoginThrottle } from './throttle.ts';
import * as q from './queries.ts';
import { presentUser, type Role, type User } from './users.ts';

export const SESSION_COOKIE = 'cobre_session';
export const CSRF_HEADER = 'x-cobre-csrf';
/** Sessions last 12 hours from login (absolute; log in again after). */
export const SESSION_TTL_MS = 12 * 3600_000;

export interface SessionScope extends Scope {
  sessionId: string;
  role: Role;
}

export interface SessionInfo {
  user: User;
  mode: Mode;
  account_id: string;
  tenant_id: string;
  sandbox_available: boolean;
  expires_at: string;
  /** The server's business date: the console defaults dates to it, never to the browser's clock. */
  today: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/** The session id from a Cookie header, or null. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const v = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(v) ? v : null;
    }
  }
  return null;
}

export function sessionCookie(token: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${opts.maxAgeSeconds}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAgeSeconds: 0 });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * What an operator may not do: manage users, API keys and OAuth applications (at all) and change collection
 * accounts (reading them is allowed: billing screens show them).
 */
export function operatorMayNot(method: string, routeUrl: string): boolean {
  if (routeUrl.startsWith('/v1/users') || routeUrl.startsWith('/v1/api-keys') || routeUrl.startsWith('/v1/oauth-clients')) return true;
  if (routeUrl.startsWith('/v1/collection-accounts') && !SAFE_METHODS.has(method)) return true;
  return false;
}

function csrfCheck(req: FastifyRequest): void {
  if (SAFE_METHODS.has(req.method)) return;
  const v = req.headers[CSRF_HEADER];
  if (typeof v !== 'string' || v.length === 0) {
    throw new DomainError('forbidden', 'Requests authenticated by the session cookie must send the X-Cobre-CSRF header', [
      { field: 'X-Cobre-CSRF', issue: 'is required on every request that is not a GET' },
    ]);
  }
}

function scopeOfSession(s: q.SessionWithUser, requestId: string, now: Date): SessionScope {
  const tenantId = s.mode === 'test' && s.sandbox_id ? s.sandbox_id : s.tenant_id;
  return {
    tenantId,
    accountId: s.tenant_id,
    mode: tenantId === s.tenant_id ? 'live' : 'test',
    actor: { type: 'user', id: s.user_id },
    role: s.role,
    requestId,
    sessionId: s.id,
    now,
  };
}

/**
 * Authenticates a request by its session cookie (called by app.ts when there is no
 * Authorization header). Throws 401 without a valid session, 403 for a missing CSRF header or a
 * route the user's role may not use.
 */
export async function authenticateSession(db: Queryable, req: FastifyRequest, now: Date): Promise<SessionScope | null> {
  const token = readSessionCookie(req.headers.cookie);
  if (!token) return null;
  const s = await q.findSessionByHash(db, hashToken(token));
  if (!s?.active || Date.parse(s.expires_at) <= now.getTime()) {
    throw new DomainError('unauthorized', 'Your session has expired or was ended; log in again');
  }
  csrfCheck(req);
  const scope = scopeOfSession(s, req.id, now);
  if (s.role !== 'admin' && operatorMayNot(req.method, req.routeOptions.url ?? '')) {
    throw new DomainError('forbidden', 'Only an admin may do this (users, API keys and collection accounts are managed by admins)');
  }
  return scope;
}

function info(s: { mode: Mode; tenant_id: string; sandbox_id: string | null; expires_at: string }, user: User, now: Date): SessionInfo {
  const tenantId = s.mode === 'test' && s.sandbox_id ? s.sandbox_id : s.tenant_id;
  return {
    user,
    mode: tenantId === s.tenant_id ? 'live' : 'test',
    account_id: s.tenant_id,
    tenant_id: tenantId,
    sandbox_available: !!s.sandbox_id,
    expires_at: new Date(s.expires_at).toISOString(),
    today: businessDate(now),
  };
}

export async function login(
  db: Db,
  input: { email: string; password: string },
  ctx: { ip: string; userAgent: string | null; now: Date; throttle: LoginThrottle; requestId: string },
): Promise<{ token: string; session: SessionInfo }> {
  const email = input.email.trim().toLowerCase();
  const locked = () => {
    const l = ctx.throttle.lockedFor(email, ctx.ip);
    if (!l) return;
    const minutes = Math.max(1, Math.ceil(l.ms / 60_000));
    const who = l.kind === 'email' ? 'este e-mail' : 'este endereço de rede';
    throw new DomainError(
      'rate_limited',
      `Muitas tentativas de login sem sucesso. Por segurança, o acesso por ${who} está bloqueado por ${minutes} minuto${minutes === 1 ? '' : 's'}; tente novamente depois.`,
      [],
      { retry_after_seconds: Math.ceil(l.ms / 1000) },
    );
  };
  locked();
  const row = await q.findUserByEmail(db, email);
  const ok = await verifyPassword(input.password, row?.password_hash ?? (await decoyHash()));
  if (!row || !ok) {
    ctx.throttle.fail(email, ctx.ip);
    locked();
    throw new DomainError('unauthorized', 'E-mail ou senha incorretos.');
  }
  if (!row.active) throw new DomainError('forbidden', 'Este usuário está desativado; fale com um administrador da sua empresa.');
  ctx.throttle.succeed(email);

  const token = randomBytes(32).toString('base64url');
  const result = await db.transaction(async (tx) => {
    const sandbox = await tx.query<{ id: string }>(`SELECT id FROM tenants WHERE parent_id = $1`, [row.tenant_id]);
    const session = await q.insertSession(
      tx,
      {
        tenant_id: row.tenant_id,
        id: uuidv7(),
        user_id: row.id,
        token_hash: hashToken(token),
        mode: 'live',
        ip: ctx.ip || null,
        user_agent: ctx.userAgent?.slice(0, 300) ?? null,
        expires_at: new Date(ctx.now.getTime() + SESSION_TTL_MS),
      },
      ctx.now,
    );
    await q.touchLogin(tx, row.tenant_id, row.id, ctx.now);
    const scope: Scope = {
      tenantId: row.tenant_id,
      accountId: row.tenant_id,
      mode: 'live',
      actor: { type: 'user', id: row.id },
      requestId: ctx.requestId,
      now: ctx.now,
    };
    await recordEvent(tx, scope, {
      type: 'user.logged_in',
      resourceType: 'user',
      resourceId: row.id,
      data: { session_id: session.id, ip: ctx.ip },
    });
    return info(
      { ...session, sandbox_id: sandbox.rows[0]?.id ?? null },
      presentUser({ ...row, last_login_at: ctx.now.toISOString() }),
      ctx.now,
    );
  });
  return { token, session: result };
}

export async function currentSession(db: Queryable, scope: Scope): Promise<SessionInfo> {
  const s = requireSession(scope);
  const { rows } = await db.query<{ sandbox_id: string | null; expires_at: string; mode: Mode }>(
    `SELECT (SELECT t.id FROM tenants t WHERE t.parent_id = s.tenant_id) AS sandbox_id, s.expires_at, s.mode
     FROM user_sessions s WHERE s.tenant_id = $1 AND s.id = $2`,
    [s.accountId, s.sessionId],
  );
  const user = await q.findUser(db, s.accountId, s.actor.id!);
  if (!rows[0] || !user) throw new DomainError('unauthorized', 'Your session has ended; log in again');
  return info({ ...rows[0], tenant_id: s.accountId }, presentUser(user), scope.now);
}

export function requireSession(scope: Scope): SessionScope {
  const s = scope as Partial<SessionScope>;
  if (scope.actor.type !== 'user' || !s.sessionId) {
    throw new DomainError(
      'unauthorized',
      'This endpoint belongs to the console: it needs a session cookie (POST /v1/session), not an API key',
    );
  }
  return scope as SessionScope;
}

export async function switchMode(db: Db, scope: Scope, mode: Mode): Promise<SessionInfo> {
  const s = requireSession(scope);
  await db.transaction(async (tx) => {
    await q.setSessionMode(tx, s.accountId, s.sessionId, mode);
    await recordEvent(
      tx,
      { ...s, tenantId: s.accountId },
      { type: 'session.mode_changed', resourceType: 'user', resourceId: s.actor.id!, data: { session_id: s.sessionId, mode } },
    );
  });
  return currentSession(db, scope);
}

export async function logout(db: Db, scope: Scope): Promise<void> {
  const s = requireSession(scope);
  await db.transaction(async (tx) => {
    await q.deleteSession(tx, s.accountId, s.sessionId);
    await recordEvent(
      tx,
      { ...s, tenantId: s.accountId },
      { type: 'user.logged_out', resourceType: 'user', resourceId: s.actor.id!, data: { session_id: s.sessionId } },
    );
  });
}
