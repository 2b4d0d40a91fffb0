import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import * as q from './queries.ts';
import { hashSecret, TOKEN_PREFIX } from './credentials.ts';

export interface Credential {
  accountId: string;
  tenantId: string;
  /** The API key, or the OAuth application's client_id for tokens issued to one. */
  apiKeyId: string;
  viaClient: boolean;
  mode: 'live' | 'test';
  expiresAt: number | null;
}

export interface Authenticator {
  (secret: string): Promise<Credential | null>;
  /** Forget cached credentials of a key (call after revoking it). */
  invalidate(apiKeyId?: string): void;
}

/**
 * Resolves a bearer secret (API key or OAuth token) to its tenant and mode. Results are cached
 * for `cacheSeconds` to keep one lookup off every request; a revocation is immediate in the
 * process that revoked and takes at most `cacheSeconds` elsewhere (documented).
 */
export function makeAuthenticator(db: Queryable, opts: { cacheSeconds: number; now: () => number }): Authenticator {
  const now = opts.now;
  const cache = new Map<string, { cred: Credential | null; until: number }>();
  const sandboxes = new Map<string, string>();

  async function sandboxOf(accountId: string): Promise<string | null> {
    const hit = sandboxes.get(accountId);
    if (hit) return hit;
    const row = await q.findSandboxOf(db, accountId);
    if (row) sandboxes.set(accountId, row.id);
    return row?.id ?? null;
  }

  async function lookup(secret: string): Promise<Credential | null> {
    const hash = hashSecret(secret);
    const row = secret.startsWith(TOKEN_PREFIX) ? await q.findCredentialByTokenHash(db, hash) : await q.findCredentialByKeyHash(db, hash);
    if (!row || row.revoked_at) return null;
    const tenantId = row.mode === 'live' ? row.account_id : await sandboxOf(row.account_id);
    if (!tenantId) return null;
    return {
      accountId: row.account_id,
      tenantId,
      apiKeyId: row.api_key_id,
      viaClient: row.via_client,
      mode: row.mode,
      expiresAt: row.expires_at ? Date.parse(row.expires_at) : null,
    };
  }

  const authenticate = (async (secret: string) => {
    const t = now();
    const hit = cache.get(secret);
    let cred: Credential | null;
    if (hit && hit.until > t) {
      cred = hit.cred;
    } else {
      cred = await lookup(secret);
      if (cache.size > 10_000) cache.clear();
      cache.set(secret, { cred, until: t + opts.cacheSeconds * 1000 });
    }
    if (cred?.expiresAt !== null && cred?.expiresAt !== undefined && cred.expiresAt <= t) return null;
    return cred;
  }) as Authenticator;

  authenticate.invalidate = (apiKeyId?: string) => {
    if (!apiKeyId) return cache.clear();
    for (const [k, v] of cache) if (v.cred?.apiKeyId === apiKeyId) cache.delete(k);
  };
  return authenticate;
}

export function scopeFor(cred: Credential, now: Date, requestId?: string): Scope {
  return {
    tenantId: cred.tenantId,
    accountId: cred.accountId,
    mode: cred.mode,
    actor: { type: cred.viaClient ? 'oauth_client' : 'api_key', id: cred.apiKeyId },
    ...(cred.viaClient ? {} : { apiKeyId: cred.apiKeyId }),
    requestId,
    now,
  };
}
