// The only file of the PSP capability that speaks SQL. Every statement is scoped by tenant_id,
// except the sender's and reconciler's claims, which take work of every tenant.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { LateChargePolicy } from '../payment-rules/calculate/index.ts';
import type { Database } from '../platform/db/schema.generated.ts';

/** The public facts of a client certificate, shown instead of it. */
export interface CertificateInfo {
  format: 'pem' | 'pfx';
  subject: string | null;
  issuer: string | null;
  valid_to: string | null;
  fingerprint_sha256: string | null;
}

export type ConnectionRow = Omit<Database['psp_connections'], 'certificate_info'> & {
  // narrower than the jsonb column: the shape this capability writes
  certificate_info: CertificateInfo | null;
};

export const CONNECTION_WRITABLE = [
  'name',
  'base_url',
  'token_url',
  'client_id',
  'oauth_scope',
  'pix_key',
  'collection_account_id',
  'is_default',
  'active',
  'auto_charges',
  'webhook_auth',
  'webhook_hmac_header',
  'webhook_proxy_header',
  'accept_days_after_due',
  'cob_expiration_seconds',
  'receiver_agency',
  'receiver_account',
  'receiver_account_type',
  'certificate_info',
  'secret_encrypted',
] as const;
export type ConnectionValues = { [K in (typeof CONNECTION_WRITABLE)[number]]: ConnectionRow[K] };

export async function listConnections(q: Queryable, tenantId: string): Promise<ConnectionRow[]> {
  const { rows } = await q.query<ConnectionRow>(`SELECT * FROM psp_connections WHERE tenant_id = $1 ORDER BY is_default DESC, name`, [
    tenantId,
  ]);
  return rows;
}

export async function findConnection(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ConnectionRow | null> {
  const { rows } = await q.query<ConnectionRow>(
    `SELECT * FROM psp_connections WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function insertConnection(tx: Tx, tenantId: string, id: string, v: ConnectionValues, now: Date): Promise<ConnectionRow> {
  const cols = CONNECTION_WRITABLE;
  const { rows } = await tx.query<ConnectionRow>(
    `INSERT INTO psp_connections (tenant_id, id, ${cols.join(', ')}, created_at, updated_at)
     VALUES ($1, $2, ${cols.map((_, i) => `$${i + 3}`).join(', ')}, $${cols.length + 3}, $${cols.length + 3}) RETURNING *`,
    [tenantId, id, ...cols.map((c) => (c === 'certificate_info' ? JSON.stringify(v[c]) : v[c])), now.toISOString()],
  );
  return rows[0];
}

export async function updateConnection(tx: Tx, tenantId: string, id: string, v: ConnectionValues, now: Date): Promise<ConnectionRow> {
  const cols = CONNECTION_WRITABLE;
  const { rows } = await tx.query<ConnectionRow>(
    `UPDATE psp_connections SET ${cols.map((c, i) => `${c} = $${i + 3}`).join(', ')}, updated_at = $${cols.length + 3}
     WHERE tenant_id = $1 AND id = $2 RETURNING *`,
    [tenantId, id, ...cols.map((c) => (c === 'certificate_info' ? JSON.stringify(v[c]) : v[c])), now.toISOString()],
  );
  return rows[0];
}

export async function clearDefaultConnection(tx: Tx, tenantId: string, exceptId: string): Promise<void> {
  await tx.query(`UPDATE psp_connections SET is_default = false WHERE tenant_id = $1 AND id <> $2 AND is_default`, [tenantId, exceptId]);
}

export async function deleteConnection(tx: Tx, tenantId: string, id: string): Promise<ConnectionRow | null> {
  const { rows } = await tx.query<ConnectionRow>(`DELETE FROM psp_connections WHERE tenant_id = $1 AND id = $2 RETURNING *`, [
    tenantId,
    id,
  ]);
  return rows[0] ?? null;
}

export async function connectionInUse(q: Queryable, tenantId: string, id: string): Promise<boolean> {
  const { rows } = await q.query(
    `SELECT 1 FROM pix_charges WHERE tenant_id = $1 AND connection_id = $2
     UNION ALL SELECT 1 FROM pix_recurrences WHERE tenant_id = $1 AND connection_id = $2 LIMIT 1`,
    [tenantId, id],
  );
  return rows.length > 0;
}

export async function recordVerification(q: Queryable, tenantId: string, id: string, error: string | null, now: Date): Promise<void> {
  await q.query(`UPDATE psp_connections SET last_verified_at = $3, last_verify_error = $4 WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
    now.toISOString(),
    error,
  ]);
}

export async function recordWebhookRegistration(
  q: Queryable,
  tenantId: string,
  id: string,
  url: string,
  error: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE psp_connections SET webhook_url = $3, webhook_error = $4, webhook_registered_at = CASE WHEN $4::text IS NULL THEN $5::timestamptz ELSE webhook_registered_at END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, url, error, now.toISOString()],
  );
}

export async function anyConnectionSecret(q: Queryable): Promise<boolean> {
  const { rows } = await q.query(`SELECT 1 FROM psp_connections LIMIT 1`);
  return rows.length > 0;
}

/** The connection a charge uses: the one of its boleto's account, else the tenant's default. */
export async function connectionForCharges(
  q: Queryable,
  tenantId: string,
  chargeIds: string[],
): Promise<{ charge_id: string; connection_id: string | null }[]> {
  const { rows } = await q.query<{ charge_id: string; connection_id: string | null }>(
    `SELECT u.id AS charge_id,
            coalesce((SELECT c.id FROM boletos b JOIN psp_connections c ON c.tenant_id = b.tenant_id AND c.collection_account_id = b.collection_account_id AND c.active
                      WHERE b.tenant_id = $1 AND b.charge_id = u.id AND b.status NOT IN ('cancelled') ORDER BY b.created_at DESC LIMIT 1),
                     (SELECT c.id FROM psp_connections c WHERE c.tenant_id = $1 AND c.is_default AND c.active)) AS connection_id
     FROM unnest($2::uuid[]) AS u(id)`,
    [tenantId, chargeIds],
  );
  return rows;
}

// ---------------------------------------------------------------- facts of other capabilities (read only)

/** Charge facts the PSP bodies need, read in one statement for many charges. */
export interface ChargeFacts {
  id: string;
  number: number;
  customer_id: string;
  contract_id: string | null;
  description: string | null;
  amount_cents: number;
  paid_cents: number;
  issue_date: string;
  due_date: string;
  status: string;
  late_policy: LateChargePolicy | null;
  service_ids: string[];
  payer_name: string;
  payer_document: string | null;
  payer_document_kind: string | null;
  payer_associate: boolean;
  payer_person_type: string;
}

export async function chargeFactsMany(db: Queryable, tenantId: string, ids: string[]): Promise<ChargeFacts[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<ChargeFacts>(
    `SELECT ch.id, ch.number::int AS number, ch.customer_id, ch.contract_id, ch.description, ch.amount_cents::int AS amount_cents,
            -- From the payments themselves: an observer may run between a payment's insert and the charge's settling.
            (SELECT coalesce(sum(p.amount_cents - p.refunded_cents), 0)::int FROM payments p WHERE p.tenant_id = ch.tenant_id AND p.charge_id = ch.id AND p.reversed_at IS NULL) AS paid_cents,
            ch.issue_date::text AS issue_date, ch.due_date::text AS due_date, ch.status, ch.late_policy,
            coalesce((SELECT array_agg(DISTINCT l.service_id) FROM charge_lines l WHERE l.tenant_id = ch.tenant_id AND l.charge_id = ch.id AND l.service_id IS NOT NULL), '{}') AS service_ids,
            cu.name AS payer_name, cu.document AS payer_document, cu.document_kind AS payer_document_kind, cu.associate AS payer_associate, cu.person_type AS payer_person_type
     FROM charges ch JOIN customers cu ON cu.tenant_id = ch.tenant_id AND cu.id = ch.customer_id
     WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return rows;
}

/** What queueing a PSP charge needs of a charge. */
export type QueueFacts = Pick<ChargeFacts, 'id' | 'status' | 'amount_cents' | 'paid_cents' | 'due_date' | 'contract_id'>;

/** QueueFacts of charges just created: no payment yet, so the row's paid_cents is the truth. */
export async function newChargeFacts(db: Queryable, tenantId: string, ids: string[]): Promise<QueueFacts[]> {
  if (!ids.length) return [];
  const { rows } = await db.query<QueueFacts>(
    `SELECT id, status, amount_cents::int AS amount_cents, paid_cents::int AS paid_cents, due_date::text AS due_date, contract_id
     FROM charges WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
    [tenantId, ids],
  );
  return rows;
}

export interface ContractFacts {
  id: string;
  number: number;
  status: string;
  description: string | null;
  start_date: string;
  end_date: string | null;
  billing_period: string | null;
  customer_name: string;
  customer_document: string | null;
  customer_document_kind: string | null;
}

/** A contract by id or number, with its items' billing period and its customer's document. */
export async function contractFacts(
  db: Queryable,
  tenantId: string,
  ref: { id: string } | { number: number },
): Promise<ContractFacts | null> {
  const { rows } = await db.query<ContractFacts>(
    `SELECT c.id, c.number::int AS number, c.status, c.description, c.start_date::text AS start_date, c.end_date::text AS end_date,
            (SELECT min(s.billing_period) FROM contract_items i JOIN services s ON s.tenant_id = i.tenant_id AND s.id = i.service_id
              WHERE i.tenant_id = c.tenant_id AND i.contract_id = c.id) AS billing_period,
            cu.name AS customer_name, cu.document AS customer_document, cu.document_kind AS customer_document_kind
     FROM contracts c JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
     WHERE c.tenant_id = $1 AND ${'id' in ref ? 'c.id = $2::uuid' : 'c.number = $2::bigint'}`,
    [tenantId, 'id' in ref ? ref.id : ref.number],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------- pix charges

/** The status of each charge's latest PSP charge (charges that never had one are absent). */
export async function latestPixStatus(db: Queryable, tenantId: string, chargeIds: string[]): Promise<Map<string, string>> {
  if (!chargeIds.length) return new Map();
  const { rows } = await db.query<{ charge_id: string; status: string }>(
    `SELECT DISTINCT ON (charge_id) charge_id, status FROM pix_charges WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) ORDER BY charge_id, created_at DESC, updated_at DESC`,
    [tenantId, chargeIds],
  );
  return new Map(rows.map((r) => [r.charge_id, r.status]));
}

/** How many PSP charges each charge has had: the revision of its next txid. */
export async function pixChargeCounts(db: Queryable, tenantId: string, chargeIds: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ charge_id: string; n: number }>(
    `SELECT charge_id, count(*)::int AS n FROM pix_charges WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) GROUP BY charge_id`,
    [tenantId, chargeIds],
  );
  return new Map(rows.map((r) => [r.charge_id, r.n]));
}

/** Whether a Pix of this txid was received and counted (the PSP charge is concluded). */
export async function paidThroughTxid(db: Queryable, tenantId: string, txid: string): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM pix_received WHERE tenant_id = $1 AND txid = $2 AND outcome IN ('exact', 'underpaid', 'overpaid') LIMIT 1`,
    [tenantId, txid],
  );
  return rows.length > 0;
}

export type PixChargeRow = Omit<Database['pix_charges'], 'terms' | 'retries'> & {
  // narrower than the jsonb column: the shape this capability writes
  terms: Record<string, unknown> | null;
  // narrower than the jsonb column: the shape this capability writes
  retries: { data: string; requested_at: string; status?: string }[];
};

const PIX_CHARGE_SELECT = `txid, tenant_id, charge_id, connection_id, kind, recurrence_id, status, psp_status, amount_cents::int AS amount_cents, due_date::text AS due_date,
  terms, loc_id, location, pix_copia_e_cola, psp_revision, expires_at, retries, status_reason, last_error, created_at, updated_at`;

export interface NewPixCharge {
  txid: string;
  charge_id: string;
  connection_id: string;
  kind: PixChargeRow['kind'];
  recurrence_id: string | null;
  amount_cents: number;
  due_date: string | null;
  terms: Record<string, unknown> | null;
}

/** Inserts the PSP charges that do not exist yet (a charge has one live PSP charge); returns those inserted. */
export async function insertPixCharges(tx: Tx, tenantId: string, rows: NewPixCharge[], now: Date): Promise<NewPixCharge[]> {
  if (!rows.length) return [];
  const { rows: inserted } = await tx.query<{ txid: string }>(
    `INSERT INTO pix_charges (tenant_id, txid, charge_id, connection_id, kind, recurrence_id, status, amount_cents, due_date, terms, created_at, updated_at)
     SELECT $1, u.txid, u.charge_id, u.connection_id, u.kind, u.recurrence_id, 'pending', u.amount, u.due_date, u.terms::jsonb, $2, $2
     FROM unnest($3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::bigint[], $9::date[], $10::text[])
       AS u(txid, charge_id, connection_id, kind, recurrence_id, amount, due_date, terms)
     ON CONFLICT DO NOTHING RETURNING txid`,
    [
      tenantId,
      now.toISOString(),
      rows.map((r) => r.txid),
      rows.map((r) => r.charge_id),
      rows.map((r) => r.connection_id),
      rows.map((r) => r.kind),
      rows.map((r) => r.recurrence_id),
      rows.map((r) => r.amount_cents),
      rows.map((r) => r.due_date),
      rows.map((r) => (r.terms ? JSON.stringify(r.terms) : null)),
    ],
  );
  const done = new Set(inserted.map((r) => r.txid));
  return rows.filter((r) => done.has(r.txid));
}

export async function findPixCharge(
  q: Queryable,
  tenantId: string,
  txid: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PixChargeRow | null> {
  const { rows } = await q.query<PixChargeRow>(
    `SELECT ${PIX_CHARGE_SELECT} FROM pix_charges WHERE tenant_id = $1 AND txid = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, txid],
  );
  return rows[0] ?? null;
}

export async function pixChargesByTxid(q: Queryable, tenantId: string, txids: string[]): Promise<PixChargeRow[]> {
  if (!txids.length) return [];
  const { rows } = await q.query<PixChargeRow>(
    `SELECT ${PIX_CHARGE_SELECT} FROM pix_charges WHERE tenant_id = $1 AND txid = ANY($2::text[])`,
    [tenantId, txids],
  );
  return rows;
}

export async function livePixCharges(q: Queryable, tenantId: string, chargeIds: string[]): Promise<PixChargeRow[]> {
  if (!chargeIds.length) return [];
  const { rows } = await q.query<PixChargeRow>(
    `SELECT ${PIX_CHARGE_SELECT} FROM pix_charges WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) AND status IN ('pending', 'active')`,
    [tenantId, chargeIds],
  );
  return rows;
}

/** Live cobs past their expiration: they are closed so the charge can get a new one. */
export async function expireCobs(
  q: Queryable,
  tenantId: string,
  now: Date,
): Promise<{ charge_id: string; pix_copia_e_cola: string | null }[]> {
  const { rows } = await q.query<{ charge_id: string; pix_copia_e_cola: string | null }>(
    `UPDATE pix_charges SET status = 'removed', status_reason = 'expired at the PSP (calendario.expiracao)', updated_at = $2
     WHERE tenant_id = $1 AND kind = 'cob' AND status = 'active' AND expires_at <= $2 RETURNING charge_id, pix_copia_e_cola`,
    [tenantId, now.toISOString()],
  );
  return rows;
}

export async function pixChargesOf(q: Queryable, tenantId: string, chargeId: string): Promise<PixChargeRow[]> {
  const { rows } = await q.query<PixChargeRow>(
    `SELECT ${PIX_CHARGE_SELECT} FROM pix_charges WHERE tenant_id = $1 AND charge_id = $2 ORDER BY created_at`,
    [tenantId, chargeId],
  );
  return rows;
}

export async function pixChargesOfRecurrence(q: Queryable, tenantId: string, recurrenceId: string): Promise<PixChargeRow[]> {
  const { rows } = await q.query<PixChargeRow>(
    `SELECT ${PIX_CHARGE_SELECT} FROM pix_charges WHERE tenant_id = $1 AND recurrence_id = $2 ORDER BY due_date, created_at`,
    [tenantId, recurrenceId],
  );
  return rows;
}

export interface PixChargeUpdate {
  status?: PixChargeRow['status'];
  psp_status?: string | null;
  amount_cents?: number;
  terms?: Record<string, unknown> | null;
  loc_id?: string | null;
  location?: string | null;
  pix_copia_e_cola?: string | null;
  psp_revision?: number | null;
  retries?: PixChargeRow['retries'];
  status_reason?: string | null;
  last_error?: string | null;
}

export async function updatePixCharge(
  q: Queryable,
  tenantId: string,
  txid: string,
  u: PixChargeUpdate,
  now: Date,
): Promise<PixChargeRow | null> {
  const sets: string[] = [];
  const params: unknown[] = [tenantId, txid, now.toISOString()];
  for (const [k, v] of Object.entries(u)) {
    if (v === undefined) continue;
    params.push(k === 'terms' || k === 'retries' ? (v === null ? null : JSON.stringify(v)) : v);
    sets.push(`${k} = $${params.length}`);
  }
  const { rows } = await q.query<PixChargeRow>(
    `UPDATE pix_charges SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE tenant_id = $1 AND txid = $2 RETURNING ${PIX_CHARGE_SELECT}`,
    params,
  );
  return rows[0] ?? null;
}

/** The PSP's answers to many creations (a lote) in one statement. */
export async function activatePixCharges(
  q: Queryable,
  tenantId: string,
  rows: {
    txid: string;
    psp_status: string;
    loc_id: string | null;
    location: string | null;
    pix_copia_e_cola: string | null;
    psp_revision: number | null;
    terms: Record<string, unknown> | null;
  }[],
  now: Date,
  cobExpirationSeconds: number,
): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `UPDATE pix_charges p SET status = CASE WHEN p.status = 'pending' THEN 'active' ELSE p.status END, psp_status = u.psp_status, loc_id = u.loc_id, location = u.location,
            pix_copia_e_cola = u.pcc, psp_revision = u.rev, terms = coalesce(u.terms, p.terms), last_error = NULL, updated_at = $2,
            expires_at = CASE WHEN p.kind = 'cob' THEN $2::timestamptz + make_interval(secs => $10) END
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::jsonb[]) AS u(txid, psp_status, loc_id, location, pcc, rev, terms)
     WHERE p.tenant_id = $1 AND p.txid = u.txid`,
    [
      tenantId,
      now.toISOString(),
      rows.map((r) => r.txid),
      rows.map((r) => r.psp_status),
      rows.map((r) => r.loc_id),
      rows.map((r) => r.location),
      rows.map((r) => r.pix_copia_e_cola),
      rows.map((r) => r.psp_revision),
      rows.map((r) => (r.terms ? JSON.stringify(r.terms) : null)),
      cobExpirationSeconds,
    ],
  );
}

/** The copy-and-paste codes of many charges' active PSP charges (for boletos, pages, messages). */
export interface ActivePayload {
  charge_id: string;
  connection_id: string;
  txid: string;
  pix_copia_e_cola: string;
  amount_cents: number;
  kind: string;
}

export async function activePayloads(q: Queryable, tenantId: string, chargeIds: string[], now: Date): Promise<ActivePayload[]> {
  if (!chargeIds.length) return [];
  const { rows } = await q.query<ActivePayload>(
    `SELECT charge_id, connection_id, txid, pix_copia_e_cola, amount_cents::int AS amount_cents, kind FROM pix_charges
     WHERE tenant_id = $1 AND charge_id = ANY($2::uuid[]) AND status = 'active' AND pix_copia_e_cola IS NOT NULL AND (expires_at IS NULL OR expires_at > $3)`,
    [tenantId, chargeIds, now.toISOString()],
  );
  return rows;
}

// ---------------------------------------------------------------- operations (outbox)

export type OperationKind =
  | 'put_charge'
  | 'update_charge'
  | 'remove_charge'
  | 'refund'
  | 'register_webhooks'
  | 'create_recurrence'
  | 'cancel_recurrence'
  | 'put_cobr'
  | 'retry_cobr'
  | 'cancel_cobr';

export type OperationRow = Omit<Database['psp_operations'], 'payload'> & {
  // narrower than the jsonb column: the shape this capability writes
  payload: OperationPayload;
};

/** What an operation carries, by kind: a refund's ids, the amount of an update, the date of a cobr retry. */
export interface OperationPayload {
  refund_id?: string;
  end_to_end_id?: string;
  amount_cents?: number;
  data?: string;
  /** A cobv's new calendario.dataDeVencimento (the charge's due date changed). */
  due_date?: string;
}

export interface NewOperation {
  id: string;
  connection_id: string;
  kind: OperationKind;
  intent_key: string;
  charge_id?: string | null;
  txid?: string | null;
  recurrence_id?: string | null;
  payload?: Record<string, unknown>;
  not_before: Date;
}

/** Queues intents; an intent already queued (same key) is not queued twice. Returns the keys inserted. */
export async function insertOperations(tx: Queryable, tenantId: string, ops: NewOperation[], now: Date): Promise<string[]> {
  if (!ops.length) return [];
  const { rows } = await tx.query<{ intent_key: string }>(
    `INSERT INTO psp_operations (tenant_id, id, connection_id, kind, intent_key, charge_id, txid, recurrence_id, payload, not_before, created_at, updated_at)
     SELECT $1, u.id, u.connection_id, u.kind, u.intent_key, u.charge_id, u.txid, u.recurrence_id, u.payload::jsonb, u.not_before, $2, $2
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::uuid[], $10::text[], $11::timestamptz[])
       AS u(id, connection_id, kind, intent_key, charge_id, txid, recurrence_id, payload, not_before)
     ON CONFLICT (tenant_id, intent_key) DO NOTHING RETURNING intent_key`,
    [
      tenantId,
      now.toISOString(),
      ops.map((o) => o.id),
      ops.map((o) => o.connection_id),
      ops.map((o) => o.kind),
      ops.map((o) => o.intent_key),
      ops.map((o) => o.charge_id ?? null),
      ops.map((o) => o.txid ?? null),
      ops.map((o) => o.recurrence_id ?? null),
      ops.map((o) => JSON.stringify(o.payload ?? {})),
      ops.map((o) => o.not_before.toISOString()),
    ],
  );
  return rows.map((r) => r.intent_key);
}

/** Cancels the queued (not yet sent) operations of a charge of the given kinds. */
export async function cancelQueuedOperations(
  tx: Queryable,
  tenantId: string,
  chargeId: string,
  kinds: OperationKind[],
  now: Date,
): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE psp_operations SET status = 'cancelled', updated_at = $4 WHERE tenant_id = $1 AND charge_id = $2 AND kind = ANY($3::text[]) AND status = 'queued'`,
    [tenantId, chargeId, kinds, now.toISOString()],
  );
  return rowCount;
}

/**
 * Claims ready operations of every tenant (FOR UPDATE SKIP LOCKED), marking them sending with a
 * lease: a worker that dies leaves them to be claimed again once the lease has passed.
 */
export async function claimOperations(q: Queryable, now: Date, leaseSeconds: number, limit: number): Promise<OperationRow[]> {
  const { rows } = await q.query<OperationRow>(
    `UPDATE psp_operations o SET status = 'sending', attempts = o.attempts + 1, locked_until = $1::timestamptz + make_interval(secs => $2), updated_at = $1
     FROM (SELECT tenant_id, id FROM psp_operations
           WHERE status IN ('queued', 'sending') AND not_before <= $1 AND (status = 'queued' OR locked_until < $1)
           ORDER BY not_before, id LIMIT $3 FOR UPDATE SKIP LOCKED) c
     WHERE o.tenant_id = c.tenant_id AND o.id = c.id
     RETURNING o.*`,
    [now.toISOString(), leaseSeconds, limit],
  );
  return rows;
}

/** Takes `n` lote ids from the connection's sequence (never reused, even if the lote is never sent). */
export async function takeLoteIds(q: Queryable, tenantId: string, connectionId: string, n: number): Promise<number> {
  const { rows } = await q.query<{ first: string }>(
    `UPDATE psp_connections SET next_lote_id = next_lote_id + $3 WHERE tenant_id = $1 AND id = $2 RETURNING (next_lote_id - $3)::text AS first`,
    [tenantId, connectionId, n],
  );
  return Number(rows[0].first);
}

export async function setOperationsBatch(q: Queryable, tenantId: string, ids: string[], batchId: string): Promise<void> {
  await q.query(`UPDATE psp_operations SET batch_id = $3 WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND batch_id IS NULL`, [
    tenantId,
    ids,
    batchId,
  ]);
}

export async function finishOperations(
  q: Queryable,
  tenantId: string,
  ids: string[],
  attempts: Map<string, number>,
  result: unknown,
  now: Date,
): Promise<void> {
  if (!ids.length) return;
  await q.query(
    `UPDATE psp_operations o SET status = 'done', result = $3, locked_until = NULL, last_error = NULL, updated_at = $4
     FROM unnest($2::uuid[], $5::int[]) AS u(id, attempts)
     WHERE o.tenant_id = $1 AND o.id = u.id AND o.status = 'sending' AND o.attempts = u.attempts`,
    [tenantId, ids, JSON.stringify(result ?? null), now.toISOString(), ids.map((id) => attempts.get(id) ?? 0)],
  );
}

export async function retryOperation(
  q: Queryable,
  tenantId: string,
  id: string,
  attempts: number,
  error: string,
  at: Date,
  now: Date,
  give_up: boolean,
): Promise<void> {
  await q.query(
    `UPDATE psp_operations SET status = $5, last_error = $4, not_before = $6, locked_until = NULL, updated_at = $7
     WHERE tenant_id = $1 AND id = $2 AND status = 'sending' AND attempts = $3`,
    [tenantId, id, attempts, error, give_up ? 'failed' : 'queued', at.toISOString(), now.toISOString()],
  );
}

export async function operationsOf(
  q: Queryable,
  tenantId: string,
  by: { chargeId?: string; recurrenceId?: string },
): Promise<OperationRow[]> {
  const { rows } = await q.query<OperationRow>(
    `SELECT * FROM psp_operations WHERE tenant_id = $1 AND (charge_id = $2 OR recurrence_id = $3) ORDER BY created_at, id`,
    [tenantId, by.chargeId ?? null, by.recurrenceId ?? null],
  );
  return rows;
}

// ---------------------------------------------------------------- exchange log

export type ExchangeRow = Omit<Database['psp_exchanges'], 'tenant_id'>;

export async function insertExchanges(q: Queryable, tenantId: string, rows: ExchangeRow[]): Promise<void> {
  if (!rows.length) return;
  await q.query(
    `INSERT INTO psp_exchanges (tenant_id, id, connection_id, charge_id, recurrence_id, operation_id, method, path, status, attempt, duration_ms, request, response, error, at)
     SELECT $1, u.* FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::int[], $11::int[], $12::jsonb[], $13::jsonb[], $14::text[], $15::timestamptz[])
       AS u(id, connection_id, charge_id, recurrence_id, operation_id, method, path, status, attempt, duration_ms, request, response, error, at)`,
    [
      tenantId,
      rows.map((r) => r.id),
      rows.map((r) => r.connection_id),
      rows.map((r) => r.charge_id),
      rows.map((r) => r.recurrence_id),
      rows.map((r) => r.operation_id),
      rows.map((r) => r.method),
      rows.map((r) => r.path),
      rows.map((r) => r.status),
      rows.map((r) => r.attempt),
      rows.map((r) => r.duration_ms),
      rows.map((r) => (r.request === undefined ? null : JSON.stringify(r.request))),
      rows.map((r) => (r.response === undefined ? null : JSON.stringify(r.response))),
      rows.map((r) => r.error),
      rows.map((r) => r.at),
    ],
  );
}

export async function exchangesOf(
  q: Queryable,
  tenantId: string,
  by: { chargeId?: string; recurrenceId?: string; connectionId?: string },
  limit = 200,
): Promise<ExchangeRow[]> {
  const { rows } = await q.query<ExchangeRow>(
    `SELECT id, connection_id, charge_id, recurrence_id, operation_id, method, path, status, attempt, duration_ms, request, response, error, at
     FROM psp_exchanges WHERE tenant_id = $1 AND (charge_id = $2 OR recurrence_id = $3 OR ($2::uuid IS NULL AND $3::uuid IS NULL AND connection_id = $4))
     ORDER BY at DESC, id DESC LIMIT $5`,
    [tenantId, by.chargeId ?? null, by.recurrenceId ?? null, by.connectionId ?? null, limit],
  );
  return rows;
}

/** Housekeeping: the exchange log and finished operations older than `before` (every tenant). */
export async function pruneLog(q: Queryable, before: Date): Promise<number> {
  const a = await q.query(`DELETE FROM psp_exchanges WHERE at < $1`, [before.toISOString()]);
  const b = await q.query(`DELETE FROM psp_operations WHERE status IN ('done', 'cancelled') AND updated_at < $1`, [before.toISOString()]);
  return a.rowCount + b.rowCount;
}

// ---------------------------------------------------------------- received Pix and refunds

export type ReceivedRow = Omit<Database['pix_received'], 'payer' | 'raw'> & {
  // narrower than the jsonb column: the shape this capability writes
  payer: Record<string, unknown> | null;
  // narrower than the jsonb column: the shape this capability writes
  raw: Record<string, unknown>;
};

const RECEIVED_SELECT = `tenant_id, end_to_end_id, connection_id, txid, charge_id, amount_cents::int AS amount_cents, paid_at, expected_cents::int AS expected_cents, outcome,
  payment_id, source, payer, raw, refunded_cents::int AS refunded_cents, received_at`;

/** Claims an endToEndId: true when this call recorded it first (the Pix is new). */
export async function insertReceived(tx: Tx, r: Omit<ReceivedRow, 'refunded_cents'>): Promise<boolean> {
  const { rows } = await tx.query(
    `INSERT INTO pix_received (tenant_id, end_to_end_id, connection_id, txid, charge_id, amount_cents, paid_at, expected_cents, outcome, payment_id, source, payer, raw, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING RETURNING end_to_end_id`,
    [
      r.tenant_id,
      r.end_to_end_id,
      r.connection_id,
      r.txid,
      r.charge_id,
      r.amount_cents,
      r.paid_at,
      r.expected_cents,
      r.outcome,
      r.payment_id,
      r.source,
      r.payer ? JSON.stringify(r.payer) : null,
      JSON.stringify(r.raw),
      r.received_at,
    ],
  );
  return rows.length > 0;
}

/** What a received Pix turned out to be, once its payment was counted (or refused). */
export async function settleReceived(
  q: Queryable,
  tenantId: string,
  e2eid: string,
  r: Pick<ReceivedRow, 'outcome' | 'expected_cents' | 'payment_id'>,
): Promise<void> {
  await q.query(`UPDATE pix_received SET outcome = $3, expected_cents = $4, payment_id = $5 WHERE tenant_id = $1 AND end_to_end_id = $2`, [
    tenantId,
    e2eid,
    r.outcome,
    r.expected_cents,
    r.payment_id,
  ]);
}

export async function knownEndToEndIds(q: Queryable, tenantId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { rows } = await q.query<{ end_to_end_id: string }>(
    `SELECT end_to_end_id FROM pix_received WHERE tenant_id = $1 AND end_to_end_id = ANY($2::text[])`,
    [tenantId, ids],
  );
  return new Set(rows.map((r) => r.end_to_end_id));
}

export async function findReceived(
  q: Queryable,
  tenantId: string,
  e2eid: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ReceivedRow | null> {
  const { rows } = await q.query<ReceivedRow>(
    `SELECT ${RECEIVED_SELECT} FROM pix_received WHERE tenant_id = $1 AND end_to_end_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, e2eid],
  );
  return rows[0] ?? null;
}

export async function receivedOf(q: Queryable, tenantId: string, chargeId: string): Promise<ReceivedRow[]> {
  const { rows } = await q.query<ReceivedRow>(
    `SELECT ${RECEIVED_SELECT} FROM pix_received WHERE tenant_id = $1 AND charge_id = $2 ORDER BY paid_at`,
    [tenantId, chargeId],
  );
  return rows;
}

export async function listReceived(
  q: Queryable,
  tenantId: string,
  o: { outcome?: string; limit: number; before?: string },
): Promise<ReceivedRow[]> {
  const { rows } = await q.query<ReceivedRow>(
    `SELECT ${RECEIVED_SELECT} FROM pix_received WHERE tenant_id = $1 AND ($2::text IS NULL OR outcome = $2) AND ($3::timestamptz IS NULL OR received_at < $3)
     ORDER BY received_at DESC, end_to_end_id LIMIT $4`,
    [tenantId, o.outcome ?? null, o.before ?? null, o.limit],
  );
  return rows;
}

export async function addReceivedRefund(q: Queryable, tenantId: string, e2eid: string, cents: number): Promise<void> {
  await q.query(`UPDATE pix_received SET refunded_cents = refunded_cents + $3 WHERE tenant_id = $1 AND end_to_end_id = $2`, [
    tenantId,
    e2eid,
    cents,
  ]);
}

export type RefundRow = Database['pix_refunds'];

const REFUND_SELECT = `tenant_id, id, end_to_end_id, charge_id, amount_cents::int AS amount_cents, reason, status, rtr_id, psp_status, status_reason, created_at, updated_at`;

export async function insertRefund(
  tx: Tx,
  r: Omit<RefundRow, 'rtr_id' | 'psp_status' | 'status_reason' | 'created_at' | 'updated_at'>,
  now: Date,
): Promise<RefundRow> {
  const { rows } = await tx.query<RefundRow>(
    `INSERT INTO pix_refunds (tenant_id, id, end_to_end_id, charge_id, amount_cents, reason, status, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${REFUND_SELECT}`,
    [r.tenant_id, r.id, r.end_to_end_id, r.charge_id, r.amount_cents, r.reason, r.status, now.toISOString()],
  );
  return rows[0];
}

export async function refundsOf(q: Queryable, tenantId: string, e2eids: string[]): Promise<RefundRow[]> {
  if (!e2eids.length) return [];
  const { rows } = await q.query<RefundRow>(
    `SELECT ${REFUND_SELECT} FROM pix_refunds WHERE tenant_id = $1 AND end_to_end_id = ANY($2::text[]) ORDER BY created_at`,
    [tenantId, e2eids],
  );
  return rows;
}

export async function findRefund(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RefundRow | null> {
  const { rows } = await q.query<RefundRow>(
    `SELECT ${REFUND_SELECT} FROM pix_refunds WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function updateRefund(
  q: Queryable,
  tenantId: string,
  id: string,
  u: { status: RefundRow['status']; rtr_id?: string | null; psp_status?: string | null; status_reason?: string | null },
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE pix_refunds SET status = $3, rtr_id = coalesce($4, rtr_id), psp_status = coalesce($5, psp_status), status_reason = coalesce($6, status_reason), updated_at = $7
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, u.status, u.rtr_id ?? null, u.psp_status ?? null, u.status_reason ?? null, now.toISOString()],
  );
}

/** Refunds in flight (sent, final status not known yet) of every tenant: the reconciler asks about them. */
export async function refundsInFlight(q: Queryable, limit: number): Promise<(RefundRow & { connection_id: string })[]> {
  const { rows } = await q.query<RefundRow & { connection_id: string }>(
    `SELECT ${REFUND_SELECT.split(', ')
      .map((c) => `f.${c.trim()}`)
      .join(', ')}, r.connection_id FROM pix_refunds f
     JOIN pix_received r ON r.tenant_id = f.tenant_id AND r.end_to_end_id = f.end_to_end_id
     WHERE f.status = 'processing' ORDER BY f.updated_at LIMIT $1`,
    [limit],
  );
  return rows;
}

// ---------------------------------------------------------------- reconciliation

/** One active connection whose reconciled_until is older than `before` (every tenant), leased to this worker. */
export async function claimConnectionToReconcile(q: Queryable, before: Date, now: Date, leaseSeconds: number): Promise<ConnectionRow[]> {
  const { rows } = await q.query<ConnectionRow>(
    `UPDATE psp_connections c SET reconcile_locked_until = $2::timestamptz + make_interval(secs => $3)
     FROM (SELECT tenant_id, id FROM psp_connections
           WHERE active AND (reconciled_until IS NULL OR reconciled_until < $1) AND (reconcile_locked_until IS NULL OR reconcile_locked_until < $2)
           ORDER BY reconciled_until NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED) d
     WHERE c.tenant_id = d.tenant_id AND c.id = d.id RETURNING c.*`,
    [before.toISOString(), now.toISOString(), leaseSeconds],
  );
  return rows;
}

export async function setReconciledUntil(q: Queryable, tenantId: string, id: string, until: Date): Promise<void> {
  await q.query(`UPDATE psp_connections SET reconciled_until = $3, reconcile_locked_until = NULL WHERE tenant_id = $1 AND id = $2`, [
    tenantId,
    id,
    until.toISOString(),
  ]);
}

// ---------------------------------------------------------------- recurrences

export type RecurrenceRow = Omit<Database['pix_recurrences'], 'payer'> & {
  // narrower than the jsonb column: the shape this capability writes
  payer: RecurrencePayer;
};

/** The payer as Pix Automático names it (CPF or CNPJ, name) and, on the push journey, their bank account. */
export interface RecurrencePayer {
  cpf?: string;
  cnpj?: string;
  nome?: string;
  bank?: unknown;
}

const REC_SELECT = `tenant_id, id, contract_id, connection_id, reference, journey, status, paused, id_rec, psp_status, periodicity, start_date::text AS start_date, end_date::text AS end_date,
  fixed_amount_cents::int AS fixed_amount_cents, min_amount_cents::int AS min_amount_cents, retry_policy, payer, object, loc_id, location, pix_copia_e_cola, first_charge_id,
  status_reason, approved_at, cancelled_at, last_error, created_at, updated_at`;

export async function insertRecurrence(
  tx: Tx,
  r: Omit<
    RecurrenceRow,
    | 'id_rec'
    | 'psp_status'
    | 'loc_id'
    | 'location'
    | 'pix_copia_e_cola'
    | 'status_reason'
    | 'approved_at'
    | 'cancelled_at'
    | 'last_error'
    | 'created_at'
    | 'updated_at'
    | 'paused'
  >,
  now: Date,
): Promise<RecurrenceRow | null> {
  const { rows } = await tx.query<RecurrenceRow>(
    `INSERT INTO pix_recurrences (tenant_id, id, contract_id, connection_id, reference, journey, status, periodicity, start_date, end_date, fixed_amount_cents, min_amount_cents,
       retry_policy, payer, object, first_charge_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) ON CONFLICT DO NOTHING RETURNING ${REC_SELECT}`,
    [
      r.tenant_id,
      r.id,
      r.contract_id,
      r.connection_id,
      r.reference,
      r.journey,
      r.status,
      r.periodicity,
      r.start_date,
      r.end_date,
      r.fixed_amount_cents,
      r.min_amount_cents,
      r.retry_policy,
      JSON.stringify(r.payer),
      r.object,
      r.first_charge_id,
      now.toISOString(),
    ],
  );
  return rows[0] ?? null;
}

export async function findRecurrence(
  q: Queryable,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RecurrenceRow | null> {
  const { rows } = await q.query<RecurrenceRow>(
    `SELECT ${REC_SELECT} FROM pix_recurrences WHERE tenant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, id],
  );
  return rows[0] ?? null;
}

export async function findRecurrenceByIdRec(
  q: Queryable,
  tenantId: string,
  connectionId: string,
  idRec: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RecurrenceRow | null> {
  const { rows } = await q.query<RecurrenceRow>(
    `SELECT ${REC_SELECT} FROM pix_recurrences WHERE tenant_id = $1 AND connection_id = $2 AND id_rec = $3${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [tenantId, connectionId, idRec],
  );
  return rows[0] ?? null;
}

export async function recurrencesOfContract(q: Queryable, tenantId: string, contractId: string): Promise<RecurrenceRow[]> {
  const { rows } = await q.query<RecurrenceRow>(
    `SELECT ${REC_SELECT} FROM pix_recurrences WHERE tenant_id = $1 AND contract_id = $2 ORDER BY created_at DESC`,
    [tenantId, contractId],
  );
  return rows;
}

/** The approved, unpaused recurrences of these contracts (billing runs send their cobr). */
export async function approvedRecurrences(q: Queryable, tenantId: string, contractIds: string[]): Promise<RecurrenceRow[]> {
  if (!contractIds.length) return [];
  const { rows } = await q.query<RecurrenceRow>(
    `SELECT ${REC_SELECT} FROM pix_recurrences WHERE tenant_id = $1 AND contract_id = ANY($2::uuid[]) AND status = 'approved' AND NOT paused`,
    [tenantId, contractIds],
  );
  return rows;
}

export async function updateRecurrence(
  q: Queryable,
  tenantId: string,
  id: string,
  u: Partial<Omit<RecurrenceRow, 'tenant_id' | 'id' | 'created_at' | 'updated_at'>>,
  now: Date,
): Promise<RecurrenceRow | null> {
  const sets: string[] = [];
  const params: unknown[] = [tenantId, id, now.toISOString()];
  for (const [k, v] of Object.entries(u)) {
    if (v === undefined) continue;
    params.push(k === 'payer' ? JSON.stringify(v) : v);
    sets.push(`${k} = $${params.length}`);
  }
  const { rows } = await q.query<RecurrenceRow>(
    `UPDATE pix_recurrences SET ${[...sets, 'updated_at = $3'].join(', ')} WHERE tenant_id = $1 AND id = $2 RETURNING ${REC_SELECT}`,
    params,
  );
  return rows[0] ?? null;
}
