// Who is acting, and on which data space. Every query takes `scope.tenantId`.

export type Mode = 'live' | 'test';

export interface Actor {
  type: 'api_key' | 'oauth_client' | 'user' | 'system';
  id: string | null;
}

export interface Scope {
  /** The data space: the live tenant, or its sandbox tenant in test mode. */
  tenantId: string;
  /** The company (live tenant) the credentials belong to. */
  accountId: string;
  mode: Mode;
  actor: Actor;
  requestId?: string;
  /** The API key behind the credentials (for tokens: the key they were issued for). */
  apiKeyId?: string;
  role?: 'admin' | 'operator';
  /**
   * When this operation happens, read once from the injected clock. Every timestamp a write stores
   * or a rule compares (expiry, leases, updated_at, paid_at, …) is this instant, never SQL now():
   * one clock for the application and the database (docs/architecture.md#time).
   */
  now: Date;
}

export function systemScope(tenantId: string, now: Date, accountId = tenantId, mode: Mode = 'live'): Scope {
  return { tenantId, accountId, mode, actor: { type: 'system', id: null }, now };
}
