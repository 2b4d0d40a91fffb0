// Configuration comes from environment variables only (documented in docs/configuration.md).

export interface Config {
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  dbPoolSize: number;
  logLevel: string;
  bodyLimitBytes: number;
  sandboxResetMinutes: number;
  oauthTokenTtlSeconds: number;
  /** How long an OAuth application's refresh token lasts (each use returns a new one). */
  oauthRefreshTtlSeconds: number;
  authCacheSeconds: number;
  publicUrl?: string;
  createDemoTenant: boolean;
  runWorkers: boolean;
  schedulerEnabled: boolean;
  jobLockSeconds: number;
  workerConcurrency: number;
  billingChunkSize: number;
  /** Idempotency keys are kept this long; a retry after that is a new request. */
  idempotencyKeyHours: number;
  /** Server PostgreSQL schema to use instead of the default search_path (tests, side-by-side installs). */
  dbSchema?: string;
  /** On SIGTERM/SIGINT, how long in-flight requests and jobs may take before the process exits anyway. */
  shutdownGraceSeconds: number;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  /** When set, /metrics is served only on a listener of its own at this port (0: any free port). */
  metricsPort?: number;
  /** Address of the metrics listener (default: `host`). */
  metricsHost?: string;
  /** How often the notifications outbox is polled when idle. */
  notificationPollMs: number;
  /** How long a message being sent is held before another sender takes it over (its sender died). */
  notificationLeaseSeconds: number;
  /** How often the PSP outbox looks for calls to make when idle (ms). */
  pspPollMs: number;
  /** How long a PSP call being made is held before another sender takes it over (its sender died). */
  pspLeaseSeconds: number;
  /** Days the PSP exchange log and finished PSP operations are kept. */
  pspLogDays: number;
  /**
   * Fastify's trustProxy: which proxies may set X-Forwarded-For/-Proto (client IP for rate limits
   * and sessions, https for secure cookies). false = none; true = any; a number = hops; else
   * addresses/CIDRs.
   */
  trustProxy: boolean | number | string;
  /**
   * Per-IP burst limit on login and the password-reset requests: at most this many requests to
   * each of those routes per `authRateLimitWindowSeconds` (0: off). In the process's memory.
   */
  authRateLimit: number;
  authRateLimitWindowSeconds: number;
  /** Embedded database: write a backup when the newest in backupDir is this many hours old (0: off). */
  backupEveryHours: number;
  /** Where scheduled backups go. */
  backupDir: string;
  /** Scheduled backups kept (the oldest beyond are deleted). */
  backupKeep: number;
  /** How often Pix received are listed from each PSP to catch lost webhooks (seconds). */
  pixReconcileSeconds: number;
  /**
   * Hosts that serve one compatibility dialect at their root (COBRE_COMPAT_HOSTS, e.g.
   * `toc.example.pt=toconline`): host name (lower case, no port) to the dialect's path prefix.
   */
  compatHosts: Record<string, string>;
}

/** The compatibility dialects a host can serve at its root, by name, with their path prefix. */
export const COMPAT_DIALECTS: Record<string, string> = { toconline: '/toconline', modulo12: '/modulo12', crm: '/crm', dezwork: '/dezwork' };

function compatHostsFrom(raw: string | undefined): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const pair of (raw ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([a-z0-9.-]+)=([a-z0-9]+)$/i.exec(pair);
    const prefix = m ? COMPAT_DIALECTS[m[2].toLowerCase()] : undefined;
    if (!m || !prefix) {
      throw new Error(
        `COBRE_COMPAT_HOSTS must be host=dialect pairs separated by commas (dialects: ${Object.keys(COMPAT_DIALECTS).join(', ')}), got "${pair}"`,
      );
    }
    hosts[m[1].toLowerCase()] = prefix;
  }
  return hosts;
}

function int(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function trustProxyFrom(raw: string | undefined): boolean | number | string {
  const v = raw?.trim() ?? '';
  if (v === '' || ['false', '0', 'no', 'off'].includes(v.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(v.toLowerCase())) return true;
  if (/^\d+$/.test(v)) return Number(v);
  if (!/^[0-9a-fA-F:./, ]+$/.test(v))
    throw new Error(`COBRE_TRUST_PROXY must be true, a number of hops, or proxy addresses/CIDRs separated by commas, got "${raw}"`);
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    host: env.HOST || '127.0.0.1',
    port: int('PORT', 3000, env),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.COBRE_DATA_DIR || './.cobre',
    trustProxy: trustProxyFrom(env.COBRE_TRUST_PROXY),
    authRateLimit: int('COBRE_AUTH_RATE_LIMIT', 60, env),
    authRateLimitWindowSeconds: Math.max(1, int('COBRE_AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, env)),
    compatHosts: compatHostsFrom(env.COBRE_COMPAT_HOSTS),
    backupEveryHours: int('COBRE_BACKUP_EVERY_HOURS', 0, env),
    backupDir: env.COBRE_BACKUP_DIR || `${env.COBRE_DATA_DIR || './.cobre'}-backups`,
    backupKeep: Math.max(1, int('COBRE_BACKUP_KEEP', 7, env)),
    dbPoolSize: int('COBRE_DB_POOL_SIZE', 20, env),
    logLevel: env.LOG_LEVEL || 'info',
    bodyLimitBytes: int('COBRE_BODY_LIMIT_BYTES', 1_048_576, env),
    sandboxResetMinutes: int('COBRE_SANDBOX_RESET_MINUTES', 0, env),
    oauthTokenTtlSeconds: int('COBRE_OAUTH_TOKEN_TTL_SECONDS', 3600, env),
    oauthRefreshTtlSeconds: Math.max(60, int('COBRE_OAUTH_REFRESH_TTL_SECONDS', 30 * 24 * 3600, env)),
    authCacheSeconds: int('COBRE_AUTH_CACHE_SECONDS', 5, env),
    publicUrl: env.COBRE_PUBLIC_URL || undefined,
    createDemoTenant: bool('COBRE_DEMO_TENANT', true, env),
    runWorkers: bool('COBRE_RUN_WORKERS', true, env),
    schedulerEnabled: bool('COBRE_SCHEDULER', true, env),
    jobLockSeconds: Math.max(1, int('COBRE_JOB_LOCK_SECONDS', 120, env)),
    workerConcurrency: Math.max(1, int('COBRE_WORKER_CONCURRENCY', 2, env)),
    billingChunkSize: Math.max(1, int('COBRE_BILLING_CHUNK_SIZE', 1000, env)),
    idempotencyKeyHours: Math.max(1, int('COBRE_IDEMPOTENCY_KEY_HOURS', 24, env)),
    dbSchema: env.COBRE_DB_SCHEMA && /^[a-z_][a-z0-9_]*$/.test(env.COBRE_DB_SCHEMA) ? env.COBRE_DB_SCHEMA : undefined,
    shutdownGraceSeconds: int('COBRE_SHUTDOWN_GRACE_SECONDS', 10, env),
    metricsToken: env.COBRE_METRICS_TOKEN || undefined,
    metricsPort: env.COBRE_METRICS_PORT ? int('COBRE_METRICS_PORT', 0, env) : undefined,
    metricsHost: env.COBRE_METRICS_HOST || undefined,
    notificationPollMs: Math.max(50, int('COBRE_NOTIFICATION_POLL_MS', 1000, env)),
    notificationLeaseSeconds: Math.max(1, int('COBRE_NOTIFICATION_LEASE_SECONDS', 120, env)),
    pspPollMs: Math.max(50, int('COBRE_PSP_POLL_MS', 1000, env)),
    pspLeaseSeconds: Math.max(1, int('COBRE_PSP_LEASE_SECONDS', 120, env)),
    pspLogDays: Math.max(1, int('COBRE_PSP_LOG_DAYS', 180, env)),
    pixReconcileSeconds: Math.max(10, int('COBRE_PIX_RECONCILE_SECONDS', 300, env)),
  };
}
