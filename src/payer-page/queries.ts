// The only file of the payer-page capability that speaks SQL. Every statement filters by tenant.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { TenantRow } from '../tenants/queries.ts';
import { chargeJsonSql, chargeRowFromJson, type ChargeRow } from '../charges/queries.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type LinkKind = 'charge' | 'customer';

export type LinkRow = Omit<Database['payer_links'], 'tenant_id'>;

const LINK_COLUMNS = 'id, kind, target_id, token, created_at, revoked_at';

export async function findLiveLink(q: Queryable, tenantId: string, kind: LinkKind, targetId: string): Promise<LinkRow | null> {
  const { rows } = await q.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM payer_links WHERE tenant_id = $1 AND kind = $2 AND target_id = $3 AND revoked_at IS NULL`,
    [tenantId, kind, targetId],
  );
  return rows[0] ?? null;
}

/** Inserts a link unless a live one exists (concurrent creators: one wins); returns it or null. */
export async function insertLink(
  tx: Tx,
  tenantId: string,
  l: { id: string; kind: LinkKind; target_id: string; token: string },
  now: Date,
): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(
    `INSERT INTO payer_links (tenant_id, id, kind, target_id, token, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, kind, target_id) WHERE revoked_at IS NULL DO NOTHING RETURNING ${LINK_COLUMNS}`,
    [tenantId, l.id, l.kind, l.target_id, l.token, now.toISOString()],
  );
  return rows[0] ?? null;
}

export async function revokeLiveLink(tx: Tx, tenantId: string, kind: LinkKind, targetId: string, now: Date): Promise<LinkRow | null> {
  const { rows } = await tx.query<LinkRow>(
    `UPDATE payer_links SET revoked_at = $4 WHERE tenant_id = $1 AND kind = $2 AND target_id = $3 AND revoked_at IS NULL RETURNING ${LINK_COLUMNS}`,
    [tenantId, kind, targetId, now.toISOString()],
  );
  return rows[0] ?? null;
}

/** Live charge links of these charges (for a customer's page). */
export async function liveChargeLinks(q: Queryable, tenantId: string, chargeIds: string[]): Promise<LinkRow[]> {
  if (!chargeIds.length) return [];
  const { rows } = await q.query<LinkRow>(
    `SELECT ${LINK_COLUMNS} FROM payer_links WHERE tenant_id = $1 AND kind = 'charge' AND target_id = ANY($2::uuid[]) AND revoked_at IS NULL`,
    [tenantId, chargeIds],
  );
  return rows;
}

export async function chargeIdByRef(q: Queryable, tenantId: string, ref: string): Promise<string | null> {
  const byNumber = /^\d{1,15}$/.test(ref);
  const { rows } = await q.query<{ id: string }>(
    byNumber
      ? 'SELECT id FROM charges WHERE tenant_id = $1 AND number = $2'
      : 'SELECT id FROM charges WHERE tenant_id = $1 AND id = $2::uuid',
    [tenantId, byNumber ? Number(ref) : ref],
  );
  return rows[0]?.id ?? null;
}

export async function customerIdByRef(q: Queryable, tenantId: string, ref: string): Promise<string | null> {
  const byNumber = /^\d{1,15}$/.test(ref);
  const { rows } = await q.query<{ id: string }>(
    byNumber
      ? 'SELECT id FROM customers WHERE tenant_id = $1 AND number = $2'
      : 'SELECT id FROM customers WHERE tenant_id = $1 AND id = $2::uuid',
    [tenantId, byNumber ? Number(ref) : ref],
  );
  return rows[0]?.id ?? null;
}

export type TenantFacts = Pick<
  TenantRow,
  'id' | 'parent_id' | 'mode' | 'legal_name' | 'trading_name' | 'document_kind' | 'document' | 'country'
>;

export interface PayerFacts {
  id: string;
  number: number;
  name: string;
  document_kind: string | null;
  document: string | null;
  country: string;
  person_type: string;
  associate: boolean;
}

export async function customerFacts(q: Queryable, tenantId: string, customerId: string): Promise<PayerFacts | null> {
  const { rows } = await q.query<PayerFacts>(
    'SELECT id, number, name, document_kind, document, country, person_type, associate FROM customers WHERE tenant_id = $1 AND id = $2',
    [tenantId, customerId],
  );
  return rows[0] ?? null;
}

/** Open charges of a customer (open, partially paid, overdue), oldest due first. */
export async function openChargeIdsOf(q: Queryable, tenantId: string, customerId: string, limit = 200): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM charges WHERE tenant_id = $1 AND customer_id = $2 AND status IN ('open', 'partially_paid', 'overdue')
     ORDER BY due_date, number LIMIT $3`,
    [tenantId, customerId, limit],
  );
  return rows.map((r) => r.id);
}

export type SettingsRow = Omit<Database['payer_page_settings'], 'tenant_id' | 'logo'> & {
  /** octet_length(logo): the logo's size instead of its bytes. */
  logo_bytes: number | null;
};

export async function findSettings(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const { rows } = await q.query<SettingsRow>(
    `SELECT allow_second_copy, support_email, support_phone, instructions, logo_content_type, octet_length(logo) AS logo_bytes, created_at, updated_at
     FROM payer_page_settings WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0] ?? null;
}

export async function findLogo(q: Queryable, tenantId: string): Promise<{ content_type: string; data: Uint8Array } | null> {
  const { rows } = await q.query<{ content_type: string; data: Uint8Array }>(
    'SELECT logo_content_type AS content_type, logo AS data FROM payer_page_settings WHERE tenant_id = $1 AND logo IS NOT NULL',
    [tenantId],
  );
  return rows[0] ?? null;
}

export interface SettingsPatch {
  allow_second_copy?: boolean;
  support_email?: string | null;
  support_phone?: string | null;
  instructions?: string | null;
}

/** Creates the row with defaults when missing, then applies the patch (one statement). */
export async function upsertSettings(tx: Tx, tenantId: string, p: SettingsPatch, now: Date): Promise<void> {
  const has = (k: keyof SettingsPatch) => k in p;
  await tx.query(
    `INSERT INTO payer_page_settings (tenant_id, allow_second_copy, support_email, support_phone, instructions, created_at, updated_at)
     VALUES ($1, coalesce($2, true), $3, $4, $5, $6, $6)
     ON CONFLICT (tenant_id) DO UPDATE SET
       allow_second_copy = CASE WHEN $7 THEN coalesce($2, payer_page_settings.allow_second_copy) ELSE payer_page_settings.allow_second_copy END,
       support_email = CASE WHEN $8 THEN $3 ELSE payer_page_settings.support_email END,
       support_phone = CASE WHEN $9 THEN $4 ELSE payer_page_settings.support_phone END,
       instructions = CASE WHEN $10 THEN $5 ELSE payer_page_settings.instructions END,
       updated_at = $6`,
    [
      tenantId,
      p.allow_second_copy ?? null,
      p.support_email ?? null,
      p.support_phone ?? null,
      p.instructions ?? null,
      now.toISOString(),
      has('allow_second_copy'),
      has('support_email'),
      has('support_phone'),
      has('instructions'),
    ],
  );
}

export async function setLogo(tx: Tx, tenantId: string, logo: { content_type: string; data: Buffer } | null, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO payer_page_settings (tenant_id, logo, logo_content_type, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (tenant_id) DO UPDATE SET logo = $2, logo_content_type = $3, updated_at = $4`,
    [tenantId, logo?.data ?? null, logo?.content_type ?? null, now.toISOString()],
  );
}

export interface PageFacts {
  link: LinkRow;
  tenant: TenantFacts;
  settings: SettingsRow | null;
  logo: { content_type: string; data: Uint8Array } | null;
  beneficiary: { name: string; document_kind: string; document: string } | null;
  /** A charge link: its charge, and the charge's live boleto (null: none yet). */
  charge: ChargeRow | null;
  boleto: LiveBoletoJson | null;
  /** The payer: the charge's customer, or the customer of a customer link. */
  payer: PayerFacts | null;
}

/** The boleto fields a page shows (as the boleto capability stores them). */
export interface LiveBoletoJson {
  id: string;
  collection_account_id: string;
  linha_digitavel: string;
  amount_cents: number;
  due_date: string;
  pix_payload: string | null;
  status: string;
}

/**
 * Everything a public page needs before its charge, in one statement: the live link of a token,
 * its tenant, the page settings with the logo, and the beneficiary of the charge's account. A page
 * view reads the database a handful of times and writes nothing (once the boleto exists).
 */
export async function pageFacts(q: Queryable, tenantId: string, token: string): Promise<PageFacts | null> {
  const { rows } = await q.query<{
    link: LinkRow;
    tenant: TenantFacts;
    settings: SettingsRow | null;
    logo_content_type: string | null;
    logo: Uint8Array | null;
    beneficiary: PageFacts['beneficiary'];
    charge: ChargeRow | null;
    boleto: LiveBoletoJson | null;
    payer: PayerFacts | null;
  }>(
    `SELECT json_build_object('id', l.id, 'kind', l.kind, 'target_id', l.target_id, 'token', l.token, 'created_at', l.created_at, 'revoked_at', l.revoked_at) AS link,
       json_build_object('id', t.id, 'parent_id', t.parent_id, 'mode', t.mode, 'legal_name', t.legal_name, 'trading_name', t.trading_name,
         'document_kind', t.document_kind, 'document', t.document, 'country', t.country) AS tenant,
       CASE WHEN s.tenant_id IS NULL THEN NULL ELSE json_build_object('allow_second_copy', s.allow_second_copy, 'support_email', s.support_email,
         'support_phone', s.support_phone, 'instructions', s.instructions, 'logo_content_type', s.logo_content_type, 'logo_bytes', octet_length(s.logo),
         'created_at', s.created_at, 'updated_at', s.updated_at) END AS settings,
       s.logo_content_type, s.logo,
       -- The charge's account (its boleto's, else its contract's), else the default, else any active one.
       (SELECT json_build_object('name', a.beneficiary_name, 'document_kind', a.beneficiary_document_kind, 'document', a.beneficiary_document)
        FROM collection_accounts a WHERE a.tenant_id = l.tenant_id AND a.active
        ORDER BY (l.kind = 'charge' AND a.id = COALESCE(
                   (SELECT b.collection_account_id FROM boletos b WHERE b.tenant_id = l.tenant_id AND b.charge_id = l.target_id AND b.status <> 'cancelled' LIMIT 1),
                   (SELECT c.collection_account_id FROM charges ch JOIN contracts c ON c.tenant_id = ch.tenant_id AND c.id = ch.contract_id
                     WHERE ch.tenant_id = l.tenant_id AND ch.id = l.target_id))) DESC NULLS LAST,
                 a.is_default DESC, a.number LIMIT 1) AS beneficiary,
       CASE WHEN l.kind = 'charge' THEN ${chargeJsonSql('l.tenant_id', 'l.target_id')} END AS charge,
       -- The live boleto as the boleto capability reads it (findLiveBoleto: any status but cancelled).
       CASE WHEN l.kind = 'charge' THEN (SELECT jsonb_build_object('id', b.id, 'collection_account_id', b.collection_account_id, 'linha_digitavel', b.linha_digitavel,
           'amount_cents', b.amount_cents, 'due_date', b.due_date, 'pix_payload', b.pix_payload, 'status', b.status)
         FROM boletos b WHERE b.tenant_id = l.tenant_id AND b.charge_id = l.target_id AND b.status <> 'cancelled' LIMIT 1) END AS boleto,
       (SELECT to_jsonb(c) FROM (SELECT id, number, name, document_kind, document, country, person_type, associate FROM customers cu
          WHERE cu.tenant_id = l.tenant_id
            AND cu.id = CASE WHEN l.kind = 'customer' THEN l.target_id ELSE (SELECT ch.customer_id FROM charges ch WHERE ch.tenant_id = l.tenant_id AND ch.id = l.target_id) END) c) AS payer
     FROM payer_links l
     JOIN tenants t ON t.id = l.tenant_id
     LEFT JOIN payer_page_settings s ON s.tenant_id = l.tenant_id
     WHERE l.tenant_id = $1 AND l.token = $2 AND l.revoked_at IS NULL`,
    [tenantId, token],
    { prepare: 'payer_page_facts' },
  );
  const r = rows[0];
  if (!r) return null;
  return {
    link: r.link,
    tenant: r.tenant,
    settings: r.settings,
    logo: r.logo && r.logo_content_type ? { content_type: r.logo_content_type, data: r.logo } : null,
    beneficiary: r.beneficiary,
    charge: r.charge ? chargeRowFromJson(r.charge) : null,
    boleto: r.boleto,
    payer: r.payer,
  };
}
