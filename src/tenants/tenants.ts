import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Mode, Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { normalizeDocument } from '../platform/documents.ts';
import { normalizeEmail, normalizePhone } from '../customers/contact.ts';
import * as q from './queries.ts';
import { newApiKeySecret, hashSecret, displayPrefix } from './credentials.ts';
import { refuseApplications } from './oauth-clients.ts';

export interface TenantInput {
  legal_name: string;
  trading_name?: string | null;
  document?: string | null;
  country?: string;
  contact_name?: string | null;
  contact_email?: string | null;
  contact_phone?: string | null;
}

export interface Tenant {
  id: string;
  legal_name: string;
  trading_name: string | null;
  document: string | null;
  document_kind: string | null;
  document_formatted: string | null;
  country: string;
  technical_contact: { name: string | null; email: string | null; phone: string | null };
  sandbox_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  mode: Mode;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey extends ApiKey {
  /** The secret, returned once and never again. */
  secret: string;
}

function normalizeTenantFields(input: Partial<TenantInput>): Partial<q.TenantRow> {
  const out: Partial<q.TenantRow> = {};
  const country = (input.country ?? 'BR').toUpperCase();
  if (input.legal_name !== undefined) {
    const name = input.legal_name.trim();
    if (!name) throw new DomainError('validation_failed', 'legal_name is required', [{ field: 'legal_name', issue: 'required' }]);
    out.legal_name = name;
  }
  if (input.trading_name !== undefined) out.trading_name = input.trading_name?.trim() || null;
  if (input.country !== undefined) out.country = country;
  if (input.document !== undefined) {
    if (input.document) {
      const doc = normalizeDocument(input.document, { country, field: 'document' });
      out.document = doc.value;
      out.document_kind = doc.kind;
    } else {
      out.document = null;
      out.document_kind = null;
    }
  }
  if (input.contact_name !== undefined) out.contact_name = input.contact_name?.trim() || null;
  if (input.contact_email !== undefined)
    out.contact_email = input.contact_email ? normalizeEmail(input.contact_email, 'contact_email') : null;
  if (input.contact_phone !== undefined)
    out.contact_phone = input.contact_phone ? normalizePhone(input.contact_phone, { country, field: 'contact_phone' }).number : null;
  return out;
}

export function presentTenant(row: q.TenantRow, sandboxId: string | null): Tenant {
  let formatted: string | null = null;
  if (row.document && row.document_kind) {
    formatted = normalizeDocument(row.document, { country: row.country }).formatted;
  }
  return {
    id: row.id,
    legal_name: row.legal_name,
    trading_name: row.trading_name,
    document: row.document,
    document_kind: row.document_kind,
    document_formatted: formatted,
    country: row.country,
    technical_contact: { name: row.contact_name, email: row.contact_email, phone: row.contact_phone },
    sandbox_id: sandboxId,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function presentApiKey(row: q.ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    mode: row.mode,
    prefix: row.prefix,
    created_at: row.created_at,
    last_used_at: row.last_used_at,
    revoked_at: row.revoked_at,
  };
}

/** Creates a company: its live tenant, its sandbox, and one API key of each mode. */
export async function createTenant(
  tx: Tx,
  input: TenantInput,
  now: Date,
): Promise<{ tenant: Tenant; liveKey: CreatedApiKey; testKey: CreatedApiKey }> {
  const fields = normalizeTenantFields({ ...input, country: input.country ?? 'BR' });
  const id = uuidv7();
  const live = await q.insertTenant(
    tx,
    {
      id,
      parent_id: null,
      mode: 'live',
      legal_name: fields.legal_name!,
      trading_name: fields.trading_name ?? null,
      document_kind: fields.document_kind ?? null,
      document: fields.document ?? null,
      country: fields.country ?? 'BR',
      contact_name: fields.contact_name ?? null,
      contact_email: fields.contact_email ?? null,
      contact_phone: fields.contact_phone ?? null,
    },
    now,
  );
  const sandbox = await q.insertTenant(tx, { ...live, id: uuidv7(), parent_id: id, mode: 'test' }, now);
  const system: Scope = { tenantId: id, accountId: id, mode: 'live', actor: { type: 'system', id: null }, now };
  const liveKey = await createApiKey(tx, system, { name: 'Chave inicial (produção)', mode: 'live' });
  const testKey = await createApiKey(tx, system, { name: 'Chave inicial (sandbox)', mode: 'test' });
  await recordEvent(tx, system, { type: 'tenant.created', resourceType: 'tenant', resourceId: id, after: presentTenant(live, sandbox.id) });
  return { tenant: presentTenant(live, sandbox.id), liveKey, testKey };
}

export async function getTenant(db: Queryable, accountId: string): Promise<Tenant> {
  const row = await q.findTenant(db, accountId);
  if (row?.mode !== 'live') throw notFound('Tenant');
  const sandbox = await q.findSandboxOf(db, accountId);
  return presentTenant(row, sandbox?.id ?? null);
}

export async function updateTenant(tx: Tx, scope: Scope, patch: Partial<TenantInput>): Promise<Tenant> {
  const before = await getTenant(tx, scope.accountId);
  const fields = normalizeTenantFields({ ...patch, country: patch.country ?? before.country });
  if (patch.country === undefined) delete fields.country;
  const row = Object.keys(fields).length
    ? await q.updateTenant(tx, scope.accountId, fields, scope.now)
    : (await q.findTenant(tx, scope.accountId))!;
  const after = presentTenant(row, before.sandbox_id);
  await recordEvent(
    tx,
    { ...scope, tenantId: scope.accountId },
    { type: 'tenant.updated', resourceType: 'tenant', resourceId: row.id, before, after },
  );
  return after;
}

export async function createApiKey(tx: Tx, scope: Scope, input: { name?: string; mode?: Mode }): Promise<CreatedApiKey> {
  refuseApplications(scope);
  const mode = input.mode ?? scope.mode;
  // A sandbox credential must never be able to mint a live one.
  if (scope.mode === 'test' && mode === 'live') {
    throw new DomainError('forbidden', 'A test-mode key cannot create live-mode keys');
  }
  const secret = newApiKeySecret(mode);
  const row = await q.insertApiKey(
    tx,
    {
      tenant_id: scope.accountId,
      id: uuidv7(),
      mode,
      name: input.name?.trim() || (mode === 'live' ? 'Chave de produção' : 'Chave de sandbox'),
      prefix: displayPrefix(secret),
      secret_hash: hashSecret(secret),
      created_by: scope.actor.id,
    },
    scope.now,
  );
  await recordEvent(
    tx,
    { ...scope, tenantId: scope.accountId },
    { type: 'api_key.created', resourceType: 'api_key', resourceId: row.id, after: presentApiKey(row) },
  );
  return { ...presentApiKey(row), secret };
}

export async function listApiKeys(db: Queryable, scope: Scope): Promise<ApiKey[]> {
  refuseApplications(scope);
  return (await q.listApiKeys(db, scope.accountId)).map(presentApiKey);
}

export async function revokeApiKey(tx: Tx, scope: Scope, id: string): Promise<ApiKey> {
  refuseApplications(scope);
  const existing = await q.findApiKey(tx, scope.accountId, id);
  if (!existing) throw notFound('API key');
  if (scope.mode === 'test' && existing.mode === 'live') throw notFound('API key');
  const row = (await q.revokeApiKey(tx, scope.accountId, id, scope.now))!;
  await recordEvent(
    tx,
    { ...scope, tenantId: scope.accountId },
    { type: 'api_key.revoked', resourceType: 'api_key', resourceId: id, before: presentApiKey(existing), after: presentApiKey(row) },
  );
  return presentApiKey(row);
}

/** Deletes every row of the company's sandbox data space, in one transaction. */
export async function resetSandbox(db: Db, accountId: string): Promise<{ sandbox_id: string; tables: number }> {
  const sandbox = await q.findSandboxOf(db, accountId);
  if (!sandbox) throw notFound('Sandbox');
  const tables = await q.businessTables(db);
  await db.transaction(async (tx) => {
    for (const t of tables) await tx.query(`DELETE FROM ${t} WHERE tenant_id = $1`, [sandbox.id]);
  });
  return { sandbox_id: sandbox.id, tables: tables.length };
}

export async function resetAllSandboxes(db: Db): Promise<number> {
  const { rows } = await db.query<{ parent_id: string }>(`SELECT parent_id FROM tenants WHERE mode = 'test'`);
  for (const r of rows) await resetSandbox(db, r.parent_id);
  return rows.length;
}
