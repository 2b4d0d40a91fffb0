// Payer links: the unguessable public URL of a charge (/pagar/{token}) or of all open charges of a
// customer. One live link per charge or customer; revoking it makes the old URL a 404 and the next
// ensure a new token. The token is base64url(tenant uuid's 16 bytes ‖ 18 random bytes): 46
// characters, 144 random bits, and the tenant key for a single-tenant (single-shard) lookup.
import { randomBytes } from 'node:crypto';
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent, recordEvents } from '../platform/events.ts';
import type { Config } from '../platform/config.ts';
import * as q from './queries.ts';

export type LinkKind = q.LinkKind;

export interface PayerLink {
  token: string;
  url: string;
  path: string;
}

export interface PayerLinkResource extends PayerLink {
  kind: LinkKind;
  target_id: string;
  created_at: string;
  revoked_at: string | null;
}

const RANDOM_BYTES = 18;
export const TOKEN_LENGTH = 46;
const TOKEN_RE = /^[A-Za-z0-9_-]{46}$/;

/** The base URL links are built on: COBRE_PUBLIC_URL, else the address the server listens on. */
export function publicBaseUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host =
    config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** The absolute URL of a payer-page path on that base. */
export function payerPageUrl(path: string, publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

export const pathOf = (token: string) => `/pagar/${token}`;

export function newToken(tenantId: string): string {
  const tenant = Buffer.from(tenantId.replace(/-/g, ''), 'hex');
  return Buffer.concat([tenant, randomBytes(RANDOM_BYTES)]).toString('base64url');
}

/** The tenant a token names, or null when it is not a well-formed token (checked before any query). */
export function tenantOfToken(token: string): string | null {
  if (typeof token !== 'string' || !TOKEN_RE.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 16 + RANDOM_BYTES || bytes.toString('base64url') !== token) return null;
  const hex = bytes.subarray(0, 16).toString('hex');
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return isUuid(id) ? id : null;
}

function present(row: q.LinkRow, baseUrl?: string): PayerLinkResource {
  const path = pathOf(row.token);
  return {
    token: row.token,
    path,
    url: baseUrl ? payerPageUrl(path, baseUrl) : path,
    kind: row.kind,
    target_id: row.target_id,
    created_at: row.created_at,
    revoked_at: row.revoked_at,
  };
}

async function resolveTarget(db: Queryable, scope: Scope, kind: LinkKind, ref: string): Promise<string> {
  const valid = isUuid(ref) || /^\d{1,15}$/.test(ref);
  const id = valid
    ? await (kind === 'charge' ? q.chargeIdByRef(db, scope.tenantId, ref) : q.customerIdByRef(db, scope.tenantId, ref))
    : null;
  if (!id) throw notFound(kind === 'charge' ? 'Charge' : 'Customer');
  return id;
}

/** The live link of a charge or customer, created when missing (with its event). `created` tells which. */
export async function ensureLink(
  tx: Tx,
  scope: Scope,
  kind: LinkKind,
  ref: string,
  opts: { baseUrl?: string } = {},
): Promise<PayerLinkResource & { created: boolean }> {
  const targetId = await resolveTarget(tx, scope, kind, ref);
  for (let attempt = 0; attempt < 3; attempt++) {
    const live = await q.findLiveLink(tx, scope.tenantId, kind, targetId);
    if (live) return { ...present(live, opts.baseUrl), created: false };
    const row = await q.insertLink(
      tx,
      scope.tenantId,
      { id: uuidv7(), kind, target_id: targetId, token: newToken(scope.tenantId) },
      scope.now,
    );
    if (row) {
      await recordEvent(tx, scope, {
        type: 'payer_link.created',
        resourceType: `${kind}`,
        resourceId: targetId,
        data: { link_id: row.id, kind },
      });
      return { ...present(row, opts.baseUrl), created: true };
    }
  }
  throw new DomainError('conflict', 'The payer link changed concurrently; try again');
}

/** Get-or-create the public link of a charge (by UUID or number). */
export async function ensureChargeLink(tx: Tx, scope: Scope, chargeId: string, opts: { baseUrl?: string } = {}): Promise<PayerLink> {
  const l = await ensureLink(tx, scope, 'charge', chargeId, opts);
  return { token: l.token, url: l.url, path: l.path };
}

/** Get-or-create the public link listing a customer's open charges (by UUID or number). */
export async function ensureCustomerLink(tx: Tx, scope: Scope, customerId: string, opts: { baseUrl?: string } = {}): Promise<PayerLink> {
  const l = await ensureLink(tx, scope, 'customer', customerId, opts);
  return { token: l.token, url: l.url, path: l.path };
}

/** Revokes the live link (404 when there is none); a later ensure makes a new token. */
export async function revokeLink(
  tx: Tx,
  scope: Scope,
  kind: LinkKind,
  targetId: string,
  opts: { baseUrl?: string } = {},
): Promise<PayerLinkResource> {
  const id = await resolveTarget(tx, scope, kind, targetId);
  const row = await q.revokeLiveLink(tx, scope.tenantId, kind, id, scope.now);
  if (!row) throw notFound('Payer link');
  await recordEvent(tx, scope, { type: 'payer_link.revoked', resourceType: kind, resourceId: id, data: { link_id: row.id, kind } });
  return present(row, opts.baseUrl);
}

/**
 * Live links for these charges, created where missing (a customer's page links each open charge
 * to its own page). Returns token by charge id.
 */
export async function ensureChargeLinks(tx: Tx, scope: Scope, chargeIds: string[]): Promise<Map<string, string>> {
  const out = new Map((await q.liveChargeLinks(tx, scope.tenantId, chargeIds)).map((l) => [l.target_id, l.token]));
  const created: { id: string; target: string }[] = [];
  for (const id of chargeIds) {
    if (out.has(id)) continue;
    const row = await q.insertLink(
      tx,
      scope.tenantId,
      { id: uuidv7(), kind: 'charge', target_id: id, token: newToken(scope.tenantId) },
      scope.now,
    );
    const live = row ?? (await q.findLiveLink(tx, scope.tenantId, 'charge', id));
    if (row) created.push({ id: row.id, target: id });
    if (live) out.set(id, live.token);
  }
  await recordEvents(
    tx,
    scope,
    created.map((c) => ({
      type: 'payer_link.created',
      resourceType: 'charge',
      resourceId: c.target,
      data: { link_id: c.id, kind: 'charge' },
    })),
  );
  return out;
}
