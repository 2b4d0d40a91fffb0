// A tenant's PSP connections: where the PSP's API Pix is, the OAuth2 client, the mTLS client
// certificate (PEM or PFX), the Pix key receiving the money. Secrets are one JSON document
// encrypted with COBRE_SECRET_KEY; the API shows only that they are set and the certificate's
// public facts. Also: the client for a connection, with every exchange kept per charge.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import type { Clock } from '../platform/clock.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import { decryptSecret, encryptSecret, secretKeyFromEnv } from '../platform/secrets.ts';
import { validatePixKey } from '../pix/index.ts';
import { PspClient, type PspCertificate, type PspExchange } from './client.ts';
import type { ConnectionCreate, ConnectionPatch } from './schemas.ts';
import * as q from './queries.ts';

/** The encrypted part of a connection. */
export interface ConnectionSecret {
  client_secret: string;
  certificate: ConnectionCreate['certificate'];
  ca_pem: string | null;
  /** The random token in the webhook URL registered at the PSP. */
  webhook_token: string;
  hmac_secret: string | null;
}

export function connectionSecret(row: Pick<q.ConnectionRow, 'secret_encrypted'>): ConnectionSecret {
  return JSON.parse(decryptSecret(row.secret_encrypted)) as ConnectionSecret;
}

/** The webhook URL Cobre registers at the PSP; the PSP appends /pix, /rec or /cobr. */
export function webhookUrlOf(baseUrl: string, row: Pick<q.ConnectionRow, 'tenant_id' | 'id'>, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/psp/webhooks/${row.tenant_id}/${row.id}/${token}`;
}

export function presentConnection(r: q.ConnectionRow) {
  return {
    id: r.id,
    name: r.name,
    base_url: r.base_url,
    token_url: r.token_url,
    client_id: r.client_id,
    oauth_scope: r.oauth_scope,
    pix_key: r.pix_key,
    collection_account_id: r.collection_account_id,
    is_default: r.is_default,
    active: r.active,
    auto_charges: r.auto_charges,
    certificate: (r.certificate_info as CertificateInfo | null) ?? null,
    client_secret_set: true,
    webhook_auth: r.webhook_auth,
    webhook_hmac_header: r.webhook_hmac_header,
    webhook_proxy_header: r.webhook_proxy_header,
    webhook_url: r.webhook_url,
    webhook_registered_at: r.webhook_registered_at,
    webhook_error: r.webhook_error,
    accept_days_after_due: r.accept_days_after_due,
    cob_expiration_seconds: r.cob_expiration_seconds,
    receiver_agency: r.receiver_agency,
    receiver_account: r.receiver_account,
    receiver_account_type: r.receiver_account_type,
    reconciled_until: r.reconciled_until,
    last_verified_at: r.last_verified_at,
    last_verify_error: r.last_verify_error,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function httpsUrl(value: string | null | undefined, field: string, problems: ErrorDetail[]): void {
  if (value === null || value === undefined) return;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    /* reported below */
  }
  if (url?.protocol !== 'https:')
    problems.push({ field, issue: 'must be an https:// URL (the API Pix runs over TLS with a client certificate)' });
  else if (url.search || url.hash) problems.push({ field, issue: 'must not carry a query string or fragment' });
}

/** Checks the certificate and key open together (wrong password, key of another certificate…) and reads its public facts. */
export type CertificateInfo = q.CertificateInfo;

function certificateFacts(cert: ConnectionCreate['certificate'], problems: ErrorDetail[]): CertificateInfo | null {
  if (!cert) return null;
  try {
    if (cert.format === 'pem') {
      createSecureContext({ cert: cert.cert_pem, key: cert.key_pem, passphrase: cert.key_password ?? undefined });
      const x = new X509Certificate(cert.cert_pem);
      return {
        format: 'pem',
        subject: x.subject.replaceAll('\n', ', '),
        issuer: x.issuer.replaceAll('\n', ', '),
        valid_to: new Date(x.validTo).toISOString(),
        fingerprint_sha256: x.fingerprint256,
      };
    }
    const pfx = Buffer.from(cert.pfx_base64, 'base64');
    if (!pfx.length) throw new Error('empty file');
    createSecureContext({ pfx, passphrase: cert.password });
    return { format: 'pfx', subject: null, issuer: null, valid_to: null, fingerprint_sha256: null };
  } catch (err) {
    const msg = (err as Error).message || String(err);
    const hint = /mac verify|bad decrypt|password/i.test(msg)
      ? 'the password does not open it'
      : /key values mismatch/i.test(msg)
        ? 'the private key does not belong to this certificate'
        : `it cannot be read (${msg})`;
    problems.push({ field: cert.format === 'pem' ? 'certificate.cert_pem' : 'certificate.pfx_base64', issue: hint });
    return null;
  }
}

function requireKey(): Buffer {
  const key = secretKeyFromEnv();
  if (!key) {
    throw new DomainError(
      'conflict',
      'PSP credentials are stored encrypted and COBRE_SECRET_KEY is not set on this server: set it (docs/pix.md) and restart',
      [],
      {
        reason: 'secret_key_missing',
      },
    );
  }
  return key;
}

async function checkAccount(db: Queryable, scope: Scope, id: string | null | undefined, problems: ErrorDetail[]): Promise<void> {
  if (!id) return;
  const { rows } = await db.query(`SELECT 1 FROM collection_accounts WHERE tenant_id = $1 AND id = $2`, [scope.tenantId, id]);
  if (!rows.length) problems.push({ field: 'collection_account_id', issue: 'no collection account with this id' });
}

function values(
  merged: ConnectionCreate,
  certificateInfo: CertificateInfo | null,
  secretEncrypted: string,
  isDefault: boolean,
): q.ConnectionValues {
  return {
    name: merged.name.trim(),
    base_url: merged.base_url.replace(/\/+$/, ''),
    token_url: merged.token_url ?? null,
    client_id: merged.client_id,
    oauth_scope: merged.oauth_scope ?? null,
    pix_key: merged.pix_key.trim(),
    collection_account_id: merged.collection_account_id ?? null,
    is_default: isDefault,
    active: merged.active ?? true,
    auto_charges: merged.auto_charges ?? true,
    webhook_auth: merged.webhook_auth ?? 'path_token',
    webhook_hmac_header: merged.webhook_hmac_header ?? null,
    webhook_proxy_header: merged.webhook_proxy_header ?? null,
    accept_days_after_due: merged.accept_days_after_due ?? 30,
    cob_expiration_seconds: merged.cob_expiration_seconds ?? 86400,
    receiver_agency: merged.receiver_agency ?? null,
    receiver_account: merged.receiver_account ?? null,
    receiver_account_type: merged.receiver_account_type ?? null,
    certificate_info: certificateInfo,
    secret_encrypted: secretEncrypted,
  };
}

async function validate(db: Queryable, scope: Scope, input: ConnectionCreate, secret: ConnectionSecret): Promise<CertificateInfo | null> {
  const problems: ErrorDetail[] = [];
  httpsUrl(input.base_url, 'base_url', problems);
  httpsUrl(input.token_url, 'token_url', problems);
  try {
    input.pix_key = validatePixKey(input.pix_key).value;
  } catch (err) {
    problems.push({
      field: 'pix_key',
      issue: `is not a Pix key (${(err as DomainError).details?.[0]?.issue ?? 'invalid'}): a CPF, CNPJ, e-mail, +55 phone or random key`,
    });
  }
  const info = certificateFacts(secret.certificate, problems);
  if (secret.ca_pem) {
    try {
      new X509Certificate(secret.ca_pem);
    } catch {
      problems.push({ field: 'ca_pem', issue: 'is not a PEM certificate' });
    }
  }
  if ((input.webhook_auth ?? 'path_token') === 'hmac' && !secret.hmac_secret)
    problems.push({ field: 'webhook_hmac_secret', issue: 'is required with webhook_auth hmac' });
  await checkAccount(db, scope, input.collection_account_id, problems);
  if (problems.length)
    throw new DomainError(
      'validation_failed',
      `Invalid PSP connection: ${problems.map((p) => `${p.field} ${p.issue}`).join('; ')}`,
      problems,
    );
  return info;
}

export async function createConnection(tx: Tx, scope: Scope, input: ConnectionCreate) {
  const key = requireKey();
  const secret: ConnectionSecret = {
    client_secret: input.client_secret,
    certificate: input.certificate,
    ca_pem: input.ca_pem ?? null,
    webhook_token: randomBytes(24).toString('base64url'),
    hmac_secret: input.webhook_hmac_secret ?? null,
  };
  const info = await validate(tx, scope, input, secret);
  const existing = await q.listConnections(tx, scope.tenantId);
  if (existing.some((c) => c.name.toLowerCase() === input.name.trim().toLowerCase())) {
    throw new DomainError('conflict', `A PSP connection named "${input.name.trim()}" exists already`, [
      { field: 'name', issue: 'already used' },
    ]);
  }
  const isDefault = input.is_default ?? existing.length === 0;
  const id = uuidv7();
  if (isDefault) await q.clearDefaultConnection(tx, scope.tenantId, id);
  const row = await q.insertConnection(
    tx,
    scope.tenantId,
    id,
    values(input, info, encryptSecret(JSON.stringify(secret), key), isDefault),
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'psp_connection.created',
    resourceType: 'psp_connection',
    resourceId: id,
    after: presentConnection(row),
  });
  return presentConnection(row);
}

export async function resolveConnection(
  db: Queryable,
  scope: Scope,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<q.ConnectionRow> {
  const row = isUuid(id) ? await q.findConnection(db, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('PSP connection');
  return row;
}

export async function updateConnection(tx: Tx, scope: Scope, id: string, patch: ConnectionPatch) {
  const before = await resolveConnection(tx, scope, id, { forUpdate: true });
  const old = connectionSecret(before);
  const secretChanged = ['client_secret', 'certificate', 'ca_pem', 'webhook_hmac_secret'].some(
    (k) => (patch as Record<string, unknown>)[k] !== undefined,
  );
  const secret: ConnectionSecret = {
    client_secret: patch.client_secret ?? old.client_secret,
    certificate: patch.certificate !== undefined ? patch.certificate : old.certificate,
    ca_pem: patch.ca_pem !== undefined ? patch.ca_pem : old.ca_pem,
    webhook_token: old.webhook_token,
    hmac_secret: patch.webhook_hmac_secret !== undefined ? patch.webhook_hmac_secret : old.hmac_secret,
  };
  const merged: ConnectionCreate = {
    name: patch.name ?? before.name,
    base_url: patch.base_url ?? before.base_url,
    token_url: patch.token_url !== undefined ? patch.token_url : before.token_url,
    client_id: patch.client_id ?? before.client_id,
    client_secret: secret.client_secret,
    certificate: secret.certificate,
    ca_pem: secret.ca_pem,
    oauth_scope: patch.oauth_scope !== undefined ? patch.oauth_scope : before.oauth_scope,
    pix_key: patch.pix_key ?? before.pix_key,
    collection_account_id: patch.collection_account_id !== undefined ? patch.collection_account_id : before.collection_account_id,
    active: patch.active ?? before.active,
    auto_charges: patch.auto_charges ?? before.auto_charges,
    webhook_auth: patch.webhook_auth ?? before.webhook_auth,
    webhook_hmac_secret: secret.hmac_secret,
    webhook_hmac_header: patch.webhook_hmac_header !== undefined ? patch.webhook_hmac_header : before.webhook_hmac_header,
    webhook_proxy_header: patch.webhook_proxy_header !== undefined ? patch.webhook_proxy_header : before.webhook_proxy_header,
    accept_days_after_due: patch.accept_days_after_due ?? before.accept_days_after_due,
    cob_expiration_seconds: patch.cob_expiration_seconds ?? before.cob_expiration_seconds,
    receiver_agency: patch.receiver_agency !== undefined ? patch.receiver_agency : before.receiver_agency,
    receiver_account: patch.receiver_account !== undefined ? patch.receiver_account : before.receiver_account,
    receiver_account_type: patch.receiver_account_type !== undefined ? patch.receiver_account_type : before.receiver_account_type,
  };
  const info = await validate(tx, scope, merged, secret);
  if (patch.name !== undefined) {
    const clash = (await q.listConnections(tx, scope.tenantId)).some(
      (c) => c.id !== before.id && c.name.toLowerCase() === merged.name.trim().toLowerCase(),
    );
    if (clash)
      throw new DomainError('conflict', `A PSP connection named "${merged.name.trim()}" exists already`, [
        { field: 'name', issue: 'already used' },
      ]);
  }
  const isDefault = patch.is_default ?? before.is_default;
  if (isDefault && !before.is_default) await q.clearDefaultConnection(tx, scope.tenantId, before.id);
  const encrypted = secretChanged ? encryptSecret(JSON.stringify(secret), requireKey()) : before.secret_encrypted;
  const row = await q.updateConnection(
    tx,
    scope.tenantId,
    before.id,
    values(merged, info ?? before.certificate_info, encrypted, isDefault),
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'psp_connection.updated',
    resourceType: 'psp_connection',
    resourceId: before.id,
    before: presentConnection(before),
    after: presentConnection(row),
    data: { secret_changed: secretChanged },
  });
  return presentConnection(row);
}

export async function deleteConnection(tx: Tx, scope: Scope, id: string) {
  const row = await resolveConnection(tx, scope, id, { forUpdate: true });
  if (await q.connectionInUse(tx, scope.tenantId, row.id)) {
    throw new DomainError('in_use', 'This connection has Pix charges or recurrences; deactivate it (active: false) instead of deleting it');
  }
  await q.deleteConnection(tx, scope.tenantId, row.id);
  await recordEvent(tx, scope, {
    type: 'psp_connection.deleted',
    resourceType: 'psp_connection',
    resourceId: row.id,
    before: presentConnection(row),
  });
  return presentConnection(row);
}

// ---------------------------------------------------------------- the client of a connection

function pspCertificate(cert: ConnectionSecret['certificate']): PspCertificate | null {
  if (!cert) return null;
  if (cert.format === 'pem') return { kind: 'pem', certPem: cert.cert_pem, keyPem: cert.key_pem, keyPassword: cert.key_password ?? null };
  return { kind: 'pfx', pfx: Buffer.from(cert.pfx_base64, 'base64'), password: cert.password };
}

/** Where an exchange belongs in the log. */
export interface ExchangeContext {
  chargeId?: string | null;
  recurrenceId?: string | null;
  operationId?: string | null;
}

/** Collects a client's exchanges in memory; `flush` writes them in one statement. */
export class ExchangeLog {
  readonly rows: q.ExchangeRow[] = [];

  constructor(readonly connection: Pick<q.ConnectionRow, 'tenant_id' | 'id'>) {}

  sink(ctx: ExchangeContext) {
    return (e: PspExchange) => {
      this.rows.push({
        id: uuidv7(),
        connection_id: this.connection.id,
        charge_id: ctx.chargeId ?? null,
        recurrence_id: ctx.recurrenceId ?? null,
        operation_id: ctx.operationId ?? null,
        method: e.method,
        path: e.query && Object.keys(e.query).length ? `${e.path}?${new URLSearchParams(e.query).toString()}` : e.path,
        status: e.status,
        attempt: e.attempt,
        duration_ms: Math.round(e.durationMs),
        request: e.requestBody ?? null,
        response: e.responseBody ?? null,
        error: e.error,
        at: e.at.toISOString(),
      });
    };
  }

  async flush(db: Queryable): Promise<void> {
    if (!this.rows.length) return;
    const rows = this.rows.splice(0);
    await q.insertExchanges(db, this.connection.tenant_id, rows);
  }
}

export interface ClientTuning {
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
}

let tuning: ClientTuning = {};
/** Tests and benchmarks: fewer retries, no real waiting. */
export function tunePspClients(t: ClientTuning): void {
  tuning = t;
}

export function clientFor(row: q.ConnectionRow, clock: Clock, log: ExchangeLog, ctx: ExchangeContext = {}): PspClient {
  const secret = connectionSecret(row);
  return new PspClient({
    // Any change of what the client is built from gives a new token and agent (a clock may not move between edits).
    cacheKey: `${row.tenant_id}:${row.id}:${createHash('sha256').update([row.base_url, row.token_url, row.client_id, row.oauth_scope, row.secret_encrypted].join('\n')).digest('hex')}`,
    credentials: {
      baseUrl: row.base_url,
      tokenUrl: row.token_url,
      clientId: row.client_id,
      clientSecret: secret.client_secret,
      certificate: pspCertificate(secret.certificate),
      caPem: secret.ca_pem,
      scope: row.oauth_scope,
    },
    clock,
    onExchange: log.sink(ctx),
    ...tuning,
  });
}

/** At start: a database holding PSP credentials needs the key that decrypts them (else refuse to start). */
export async function assertPspSecretKeyAvailable(db: Queryable, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (secretKeyFromEnv(env)) return;
  if (await q.anyConnectionSecret(db)) {
    throw new Error(
      'This database stores encrypted PSP credentials (API Pix client secrets and certificates) but COBRE_SECRET_KEY is not set: set the key they were stored with (docs/pix.md).',
    );
  }
}
