// OAuth applications: a program the company authorises, in the console, to act on its live data
// or on its sandbox (the consent binds the application to the company and to that mode). The
// client secret is shown once; revoking the application ends every code and token issued to it.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { isUuid, randomToken, uuidv7 } from '../platform/ids.ts';
import type { Mode, Scope } from '../platform/scope.ts';
import { hashSecret } from './credentials.ts';
import * as q from './queries.ts';

export interface OAuthClient {
  id: string;
  client_id: string;
  name: string;
  mode: Mode;
  redirect_uris: string[];
  consented_by: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface CreatedOAuthClient extends OAuthClient {
  client_secret: string;
}

const SECRET_PREFIX = 'cos_';
const MAX_REDIRECT_URIS = 10;

export function presentOAuthClient(row: q.OAuthClientRow): OAuthClient {
  return {
    id: row.id,
    client_id: row.id,
    name: row.name,
    mode: row.mode,
    redirect_uris: row.redirect_uris,
    consented_by: row.consented_by,
    created_at: new Date(row.created_at).toISOString(),
    revoked_at: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}

/** Credentials are managed by the company's own people and keys, never by an application it let in. */
export function refuseApplications(scope: Scope): void {
  if (scope.actor.type === 'oauth_client')
    throw new DomainError('forbidden', 'An OAuth application cannot manage API keys or OAuth applications');
}

export async function createOAuthClient(
  tx: Tx,
  scope: Scope,
  input: { name: string; mode?: Mode; redirect_uris?: string[] },
): Promise<CreatedOAuthClient> {
  refuseApplications(scope);
  const mode = input.mode ?? scope.mode;
  if (scope.mode === 'test' && mode === 'live')
    throw new DomainError('forbidden', 'Sandbox credentials cannot let an application into live data');
  const name = input.name.trim();
  if (!name) throw new DomainError('validation_failed', 'name is required', [{ field: 'name', issue: 'is required' }]);
  const redirectUris = [...new Set((input.redirect_uris ?? []).map((u) => u.trim()).filter(Boolean))];
  if (redirectUris.length > MAX_REDIRECT_URIS)
    throw new DomainError('validation_failed', `At most ${MAX_REDIRECT_URIS} redirect URIs`, [
      { field: 'redirect_uris', issue: `at most ${MAX_REDIRECT_URIS}` },
    ]);
  const bad = redirectUris.findIndex((u) => !isRedirectUri(u));
  if (bad >= 0)
    throw new DomainError('validation_failed', 'A redirect URI must be an absolute http(s) URL without a fragment', [
      { field: `redirect_uris[${bad}]`, issue: 'must be an absolute http(s) URL without a fragment' },
    ]);
  const secret = SECRET_PREFIX + randomToken(32);
  const row = await q.insertOAuthClient(
    tx,
    {
      tenant_id: scope.accountId,
      id: uuidv7(),
      name,
      mode,
      redirect_uris: redirectUris,
      consented_by: scope.actor.id,
      secret_hash: hashSecret(secret),
    },
    scope.now,
  );
  const client = presentOAuthClient(row);
  await recordEvent(
    tx,
    { ...scope, tenantId: scope.accountId },
    { type: 'oauth_client.created', resourceType: 'oauth_client', resourceId: row.id, after: client },
  );
  return { ...client, client_secret: secret };
}

export async function listOAuthClients(db: Queryable, scope: Scope): Promise<OAuthClient[]> {
  refuseApplications(scope);
  const all = (await q.listOAuthClients(db, scope.accountId)).map(presentOAuthClient);
  // Sandbox credentials see the sandbox's applications only, as they see only sandbox keys.
  return scope.mode === 'test' ? all.filter((c) => c.mode === 'test') : all;
}

export async function getOAuthClient(db: Queryable, scope: Scope, id: string): Promise<OAuthClient> {
  refuseApplications(scope);
  const row = isUuid(id) ? await q.findOAuthClient(db, scope.accountId, id) : null;
  if (!row || (scope.mode === 'test' && row.mode === 'live')) throw notFound('OAuth application');
  return presentOAuthClient(row);
}

export async function revokeOAuthClient(tx: Tx, scope: Scope, id: string): Promise<OAuthClient> {
  const before = await getOAuthClient(tx, scope, id);
  const row = await q.revokeOAuthClient(tx, scope.accountId, id, scope.now);
  const after = presentOAuthClient(row!);
  if (!before.revoked_at)
    await recordEvent(
      tx,
      { ...scope, tenantId: scope.accountId },
      { type: 'oauth_client.revoked', resourceType: 'oauth_client', resourceId: id, before, after },
    );
  return after;
}

/** An absolute http(s) URL without a fragment (RFC 6749 §3.1.2), at most 500 characters. */
export function isRedirectUri(s: string): boolean {
  if (s.length > 500 || s.includes('#')) return false;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
