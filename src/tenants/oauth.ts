// OAuth 2.0 (RFC 6749) for the API: the client-credentials grant for API keys, and for OAuth
// applications (oauth-clients.ts) the authorization-code grant with rotating refresh tokens, as the
// source products' client programs use it (docs/compat.md#oauth).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import { isUuid, randomToken, uuidv7 } from '../platform/ids.ts';
import * as q from './queries.ts';
import { hashSecret, newTokenSecret } from './credentials.ts';
import { isRedirectUri } from './oauth-clients.ts';

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope?: string;
  refresh_token?: string;
}

export interface TokenRequest {
  grant_type?: string;
  client_id?: string;
  client_secret?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  refresh_token?: string;
}

export interface TokenLifetimes {
  ttlSeconds: number;
  refreshTtlSeconds: number;
  now: Date;
}

/** Authorization codes live ten minutes (RFC 6749 §4.1.2 recommends at most ten). */
export const CODE_TTL_SECONDS = 600;
const CODE_PREFIX = 'coc_';
const REFRESH_PREFIX = 'cor_';

/**
 * The token for a request, or a refusal to answer after the transaction commits (a replayed refresh
 * token revokes its grant, and that revocation must stay); other refusals are thrown.
 */
export async function issueToken(tx: Tx, input: TokenRequest, opts: TokenLifetimes): Promise<TokenResponse | DomainError> {
  switch (input.grant_type) {
    case 'client_credentials':
      return clientCredentials(tx, input, opts);
    case 'authorization_code':
      return exchangeCode(tx, input, opts);
    case 'refresh_token':
      return refresh(tx, input, opts);
    case undefined:
    case '':
      throw new DomainError('invalid_request', 'grant_type is required');
    default:
      throw new DomainError(
        'unsupported_grant_type',
        `grant_type ${input.grant_type} is not supported: use client_credentials, authorization_code or refresh_token`,
      );
  }
}

/** client_id is the API key's id, client_secret the API key; the token acts as the key and dies with it. */
async function clientCredentials(tx: Tx, input: TokenRequest, opts: TokenLifetimes): Promise<TokenResponse> {
  if (!input.client_id || !input.client_secret || !isUuid(input.client_id)) throw invalidClient();
  const cred = await q.findCredentialByKeyHash(tx, hashSecret(input.client_secret));
  if (!cred || cred.revoked_at || cred.api_key_id !== input.client_id) {
    // An OAuth application authenticating correctly is known, but holds no key: say which grants it has.
    if (await authenticClient(tx, input))
      throw new DomainError(
        'unauthorized_client',
        'An OAuth application uses grant_type=authorization_code (then refresh_token), not client_credentials',
      );
    throw invalidClient();
  }
  const secret = newTokenSecret();
  await q.insertToken(
    tx,
    {
      tenant_id: cred.account_id,
      token_hash: hashSecret(secret),
      api_key_id: cred.api_key_id,
      expires_at: later(opts.now, opts.ttlSeconds),
    },
    opts.now,
  );
  return { access_token: secret, token_type: 'Bearer', expires_in: opts.ttlSeconds, scope: cred.mode };
}

/** The application behind client_id and client_secret, or null when they do not authenticate. */
async function authenticClient(tx: Tx, input: TokenRequest): Promise<q.OAuthClientRow | null> {
  if (!input.client_id || !input.client_secret || !isUuid(input.client_id)) return null;
  const client = await q.findOAuthClientById(tx, input.client_id);
  if (!client || client.revoked_at) return null;
  return timingSafeEqual(client.secret_hash, hashSecret(input.client_secret)) ? client : null;
}

async function requireClient(tx: Tx, input: TokenRequest): Promise<q.OAuthClientRow> {
  const client = await authenticClient(tx, input);
  if (!client) throw invalidClient();
  return client;
}

async function exchangeCode(tx: Tx, input: TokenRequest, opts: TokenLifetimes): Promise<TokenResponse> {
  const client = await requireClient(tx, input);
  if (!input.code) throw new DomainError('invalid_request', 'code is required');
  const hash = hashSecret(input.code);
  const code = await q.findOAuthCodeForUpdate(tx, hash);
  if (!code || code.client_id !== client.id || code.tenant_id !== client.tenant_id)
    throw invalidGrant('The authorization code is not valid for this client');
  if (code.used_at) throw invalidGrant('The authorization code was already used');
  if (Date.parse(code.expires_at) <= opts.now.getTime()) throw invalidGrant('The authorization code expired: ask for a new one');
  // RFC 6749 §4.1.3: when the authorization request had a redirect_uri, a redirect_uri sent here must be
  // the same. Clients of the source products omit it here, so only a different one is refused.
  if (
    input.redirect_uri !== undefined &&
    input.redirect_uri !== '' &&
    code.redirect_uri !== null &&
    input.redirect_uri !== code.redirect_uri
  ) {
    throw invalidGrant('redirect_uri differs from the one of the authorization request');
  }
  if (code.code_challenge) {
    if (!input.code_verifier)
      throw new DomainError('invalid_request', 'code_verifier is required: the authorization request had a code_challenge');
    if (!pkceMatches(code.code_challenge, code.code_challenge_method ?? 'plain', input.code_verifier))
      throw invalidGrant('code_verifier does not match the code_challenge');
  }
  await q.markOAuthCodeUsed(tx, code.tenant_id, hash, opts.now);
  return grantTokens(tx, client, uuidv7(), opts);
}

async function refresh(tx: Tx, input: TokenRequest, opts: TokenLifetimes): Promise<TokenResponse | DomainError> {
  const client = await requireClient(tx, input);
  if (!input.refresh_token) throw new DomainError('invalid_request', 'refresh_token is required');
  const hash = hashSecret(input.refresh_token);
  const row = await q.findRefreshTokenForUpdate(tx, hash);
  if (!row || row.client_id !== client.id || row.tenant_id !== client.tenant_id)
    throw invalidGrant('The refresh token is not valid for this client');
  if (row.used_at) {
    // A rotated-out refresh token came back: it may have leaked, so its whole grant ends (RFC 6819 §5.2.2.3).
    await q.revokeGrant(tx, row.tenant_id, row.grant_id);
    return invalidGrant('The refresh token was already used; its grant is revoked: authorize again');
  }
  if (Date.parse(row.expires_at) <= opts.now.getTime()) throw invalidGrant('The refresh token expired: authorize again');
  await q.markRefreshTokenUsed(tx, row.tenant_id, hash, opts.now);
  return grantTokens(tx, client, row.grant_id, opts);
}

/** The four keys the source products answer with, nothing else (some clients build a model from them). */
async function grantTokens(tx: Tx, client: q.OAuthClientRow, grantId: string, opts: TokenLifetimes): Promise<TokenResponse> {
  const access = newTokenSecret();
  const refreshToken = REFRESH_PREFIX + randomToken(32);
  await q.insertToken(
    tx,
    {
      tenant_id: client.tenant_id,
      token_hash: hashSecret(access),
      client_id: client.id,
      grant_id: grantId,
      expires_at: later(opts.now, opts.ttlSeconds),
    },
    opts.now,
  );
  await q.insertRefreshToken(
    tx,
    {
      tenant_id: client.tenant_id,
      token_hash: hashSecret(refreshToken),
      client_id: client.id,
      grant_id: grantId,
      expires_at: later(opts.now, opts.refreshTtlSeconds),
    },
    opts.now,
  );
  return { access_token: access, expires_in: opts.ttlSeconds, refresh_token: refreshToken, token_type: 'Bearer' };
}

// ---- the authorization endpoint ----

export interface AuthorizationRequest {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** Refused without a redirect (RFC 6749 §4.1.2.1): the client or its redirect URI cannot be trusted. */
export class UntrustedAuthorizationRequest extends DomainError {}

/**
 * The authorization request of an application the company already consented to in the console (the
 * consent bound it to the company's live data or its sandbox): answered at once with a code, as the
 * source products do for their registered clients. Returns the URL to redirect to: with `code`
 * first (some clients take everything after `code=`) and `state` only when one was sent; or, for
 * an error the client should see, with `error` instead (RFC 6749 §4.1.2.1).
 */
export async function authorize(tx: Tx, req: AuthorizationRequest, now: Date): Promise<string> {
  if (!req.client_id || !isUuid(req.client_id))
    throw new UntrustedAuthorizationRequest('invalid_request', 'client_id is missing or unknown');
  const client = await q.findOAuthClientById(tx, req.client_id);
  if (!client || client.revoked_at) throw new UntrustedAuthorizationRequest('unauthorized_client', 'client_id is unknown or revoked');
  const redirect = req.redirect_uri ?? (client.redirect_uris.length === 1 ? client.redirect_uris[0] : undefined);
  if (!redirect)
    throw new UntrustedAuthorizationRequest(
      'invalid_request',
      'redirect_uri is required (the application has no single registered redirect URI)',
    );
  if (!isRedirectUri(redirect))
    throw new UntrustedAuthorizationRequest(
      'invalid_request',
      'redirect_uri must be an absolute http(s) URL without a fragment, of at most 500 characters',
    );
  if (client.redirect_uris.length > 0 && !client.redirect_uris.includes(redirect)) {
    throw new UntrustedAuthorizationRequest(
      'invalid_request',
      'redirect_uri is not one of the redirect URIs registered for the application',
    );
  }
  const back = (params: Record<string, string>) =>
    withQuery(redirect, { ...params, ...(req.state !== undefined ? { state: req.state } : {}) });
  if (req.response_type !== 'code')
    return back({ error: 'unsupported_response_type', error_description: 'Only response_type=code is supported' });
  const method = req.code_challenge ? (req.code_challenge_method ?? 'plain') : null;
  if (method !== null && method !== 'S256' && method !== 'plain')
    return back({ error: 'invalid_request', error_description: 'code_challenge_method must be S256 or plain' });
  if (req.code_challenge && !/^[A-Za-z0-9._~-]{43,128}$/.test(req.code_challenge))
    return back({
      error: 'invalid_request',
      error_description: 'code_challenge must be 43 to 128 characters of [A-Za-z0-9._~-] (RFC 7636)',
    });
  const code = CODE_PREFIX + randomToken(32);
  await q.insertOAuthCode(
    tx,
    {
      tenant_id: client.tenant_id,
      code_hash: hashSecret(code),
      client_id: client.id,
      redirect_uri: req.redirect_uri ?? null,
      code_challenge: req.code_challenge ?? null,
      code_challenge_method: method as 'S256' | 'plain' | null,
      expires_at: later(now, CODE_TTL_SECONDS),
    },
    now,
  );
  return back({ code });
}

function pkceMatches(challenge: string, method: string, verifier: string): boolean {
  const computed = method === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  const a = Buffer.from(computed);
  const b = Buffer.from(challenge);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The redirect URI with parameters appended in order (its own query kept). */
function withQuery(uri: string, params: Record<string, string>): string {
  const extra = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return uri + (uri.includes('?') ? '&' : '?') + extra;
}

const later = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);
const invalidClient = () => new DomainError('invalid_client', 'Client authentication failed');
const invalidGrant = (message: string) => new DomainError('invalid_grant', message);
