// The only file of the notifications capability that speaks SQL. Every statement is tenant-scoped
// except the sender's claim, which takes due messages of every tenant (like the webhook sender).
import type { Queryable } from '../platform/db/types.ts';
import type { ChannelKind } from './providers/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

// ---- channels and settings -------------------------------------------------------------------

export type ChannelRow = Omit<Database['notification_channels'], 'settings'> & {
  // narrower than the jsonb column: the shape this capability writes
  settings: Record<string, unknown>;
};

export async function listChannels(q: Queryable, tenantId: string): Promise<ChannelRow[]> {
  const { rows } = await q.query<ChannelRow>('SELECT * FROM notification_channels WHERE tenant_id = $1 ORDER BY channel', [tenantId]);
  return rows;
}

export async function findChannel(q: Queryable, tenantId: string, channel: string): Promise<ChannelRow | null> {
  const { rows } = await q.query<ChannelRow>('SELECT * FROM notification_channels WHERE tenant_id = $1 AND channel = $2', [
    tenantId,
    channel,
  ]);
  return rows[0] ?? null;
}

export async function activeChannelKinds(q: Queryable, tenantId: string): Promise<ChannelKind[]> {
  const { rows } = await q.query<{ channel: ChannelKind }>('SELECT channel FROM notification_channels WHERE tenant_id = $1 AND active', [
    tenantId,
  ]);
  return rows.map((r) => r.channel);
}

export async function upsertChannel(
  q: Queryable,
  tenantId: string,
  c: { channel: string; provider: string; settings: Record<string, unknown>; secret_encrypted: string | null; active: boolean },
  now: Date,
): Promise<ChannelRow> {
  const { rows } = await q.query<ChannelRow>(
    `INSERT INTO notification_channels (tenant_id, channel, provider, settings, secret_encrypted, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (tenant_id, channel) DO UPDATE SET provider = EXCLUDED.provider, settings = EXCLUDED.settings,
       secret_encrypted = EXCLUDED.secret_encrypted, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at,
       last_verified_at = NULL, last_verify_error = NULL
     RETURNING *`,
    [tenantId, c.channel, c.provider, JSON.stringify(c.settings), c.secret_encrypted, c.active, now.toISOString()],
  );
  return rows[0];
}

export async function deleteChannel(q: Queryable, tenantId: string, channel: string): Promise<ChannelRow | null> {
  const { rows } = await q.query<ChannelRow>('DELETE FROM notification_channels WHERE tenant_id = $1 AND channel = $2 RETURNING *', [
    tenantId,
    channel,
  ]);
  return rows[0] ?? null;
}

export async function recordVerification(q: Queryable, tenantId: string, channel: string, error: string | null, now: Date): Promise<void> {
  await q.query(`UPDATE notification_channels SET last_verified_at = $3, last_verify_error = $4 WHERE tenant_id = $1 AND channel = $2`, [
    tenantId,
    channel,
    now.toISOString(),
    error,
  ]);
}

/** Whether any tenant stores an encrypted secret (the process refuses to start without a key then). */
export async function anyStoredSecret(q: Queryable): Promise<boolean> {
  const { rows } = await q.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM notification_channels WHERE secret_encrypted IS NOT NULL LIMIT 1) s',
  );
  return rows[0].n > 0;
}

export type SettingsRow = Pick<Database['notification_settings'], 'tenant_id' | 'attach_boleto_pdf'> & {
  // narrower than the text[] column: only these values are written
  charge_created_channels: ChannelKind[];
  // narrower than the text[] column: only these values are written
  paid_receipt_channels: ChannelKind[];
  // null in the defaults of a tenant that saved no settings (findSettings)
  created_at: string | null;
  updated_at: string | null;
};

export async function findSettings(q: Queryable, tenantId: string): Promise<SettingsRow> {
  const { rows } = await q.query<SettingsRow>('SELECT * FROM notification_settings WHERE tenant_id = $1', [tenantId]);
  return (
    rows[0] ?? {
      tenant_id: tenantId,
      charge_created_channels: ['email'],
      paid_receipt_channels: ['email'],
      attach_boleto_pdf: true,
      created_at: null,
      updated_at: null,
    }
  );
}

export async function upsertSettings(q: Queryable, s: Omit<SettingsRow, 'created_at' | 'updated_at'>, now: Date): Promise<SettingsRow> {
  const { rows } = await q.query<SettingsRow>(
    `INSERT INTO notification_settings (tenant_id, charge_created_channels, paid_receipt_channels, attach_boleto_pdf, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (tenant_id) DO UPDATE SET charge_created_channels = EXCLUDED.charge_created_channels,
       paid_receipt_channels = EXCLUDED.paid_receipt_channels, attach_boleto_pdf = EXCLUDED.attach_boleto_pdf, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [s.tenant_id, s.charge_created_channels, s.paid_receipt_channels, s.attach_boleto_pdf, now.toISOString()],
  );
  return rows[0];
}

// ---- templates -------------------------------------------------------------------------------

export type TemplateRow = Database['notification_templates'];

export async function listTemplates(q: Queryable, tenantId: string): Promise<TemplateRow[]> {
  const { rows } = await q.query<TemplateRow>('SELECT * FROM notification_templates WHERE tenant_id = $1', [tenantId]);
  return rows;
}

export async function findTemplate(
  q: Queryable,
  tenantId: string,
  event: string,
  channel: string,
  locale: string,
): Promise<TemplateRow | null> {
  const { rows } = await q.query<TemplateRow>(
    'SELECT * FROM notification_templates WHERE tenant_id = $1 AND event = $2 AND channel = $3 AND locale = $4',
    [tenantId, event, channel, locale],
  );
  return rows[0] ?? null;
}

export async function upsertTemplate(
  q: Queryable,
  t: Pick<TemplateRow, 'tenant_id' | 'event' | 'channel' | 'locale' | 'subject' | 'body' | 'html' | 'whatsapp_template'>,
  now: Date,
): Promise<TemplateRow> {
  const { rows } = await q.query<TemplateRow>(
    `INSERT INTO notification_templates (tenant_id, event, channel, locale, subject, body, html, whatsapp_template, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (tenant_id, event, channel, locale) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body,
       html = EXCLUDED.html, whatsapp_template = EXCLUDED.whatsapp_template, updated_at = EXCLUDED.updated_at
     RETURNING *`,
    [t.tenant_id, t.event, t.channel, t.locale, t.subject, t.body, t.html, t.whatsapp_template, now.toISOString()],
  );
  return rows[0];
}

export async function deleteTemplate(q: Queryable, tenantId: string, event: string, channel: string, locale: string): Promise<boolean> {
  const { rows } = await q.query(
    'DELETE FROM notification_templates WHERE tenant_id = $1 AND event = $2 AND channel = $3 AND locale = $4 RETURNING 1',
    [tenantId, event, channel, locale],
  );
  return rows.length > 0;
}

// ---- recipients --------------------------------------------------------------------------------

export interface RecipientFacts {
  charge_id: string;
  charge_status: string;
  customer_id: string;
  customer_name: string;
  country: string;
  email: string | null;
  phones: { number: string; type?: string }[];
  unsubscribed: boolean;
}

/** Who each charge is sent to: the customer's primary e-mail (else its first), its phones, and whether it unsubscribed. */
export async function recipientFacts(q: Queryable, tenantId: string, chargeIds: string[]): Promise<RecipientFacts[]> {
  const { rows } = await q.query<RecipientFacts>(
    `SELECT ch.id AS charge_id, ch.status AS charge_status, c.id AS customer_id, c.name AS customer_name, c.country, c.phones,
       (SELECT e.email FROM customer_emails e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id ORDER BY e.is_primary DESC, e.number LIMIT 1) AS email,
       coalesce((SELECT r.unsubscribed_at IS NOT NULL FROM notification_recipients r WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.id), false) AS unsubscribed
     FROM charges ch JOIN customers c ON c.tenant_id = ch.tenant_id AND c.id = ch.customer_id
     WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[])`,
    [tenantId, chargeIds],
  );
  return rows;
}

export async function invalidAddresses(q: Queryable, tenantId: string, addresses: string[]): Promise<Set<string>> {
  if (!addresses.length) return new Set();
  const { rows } = await q.query<{ channel: string; address: string }>(
    'SELECT channel, address FROM notification_invalid_addresses WHERE tenant_id = $1 AND address = ANY($2::text[])',
    [tenantId, addresses],
  );
  return new Set(rows.map((r) => `${r.channel}:${r.address}`));
}

export async function markAddressInvalid(
  q: Queryable,
  tenantId: string,
  channel: string,
  address: string,
  reason: string,
  messageId: string,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO notification_invalid_addresses (tenant_id, channel, address, reason, message_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, channel, address) DO NOTHING`,
    [tenantId, channel, address, reason, messageId, now.toISOString()],
  );
}

export async function listInvalidAddresses(q: Queryable, tenantId: string) {
  const { rows } = await q.query<{
    channel: string;
    address: string;
    reason: string | null;
    message_id: string | null;
    created_at: string;
  }>(
    'SELECT channel, address, reason, message_id, created_at FROM notification_invalid_addresses WHERE tenant_id = $1 ORDER BY created_at DESC LIMIT 1000',
    [tenantId],
  );
  return rows;
}

export async function clearInvalidAddress(q: Queryable, tenantId: string, channel: string, address: string): Promise<boolean> {
  const { rows } = await q.query(
    'DELETE FROM notification_invalid_addresses WHERE tenant_id = $1 AND channel = $2 AND address = $3 RETURNING 1',
    [tenantId, channel, address],
  );
  return rows.length > 0;
}

export async function findRecipientByToken(q: Queryable, tenantId: string, token: string) {
  const { rows } = await q.query<{ customer_id: string; unsubscribed_at: string | null; customer_name: string }>(
    `SELECT r.customer_id, r.unsubscribed_at, c.name AS customer_name FROM notification_recipients r
     JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
     WHERE r.tenant_id = $1 AND r.unsubscribe_token = $2`,
    [tenantId, token],
  );
  return rows[0] ?? null;
}

export async function setUnsubscribed(q: Queryable, tenantId: string, customerId: string, unsubscribed: boolean, now: Date): Promise<void> {
  await q.query(
    `UPDATE notification_recipients SET unsubscribed_at = CASE WHEN $3 THEN coalesce(unsubscribed_at, $4::timestamptz) ELSE NULL END, updated_at = $4
     WHERE tenant_id = $1 AND customer_id = $2`,
    [tenantId, customerId, unsubscribed, now.toISOString()],
  );
}

// ---- messages ----------------------------------------------------------------------------------

export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'skipped';

export type MessageRow = Database['notification_messages'];

export type NewMessage = Pick<
  MessageRow,
  'id' | 'charge_id' | 'customer_id' | 'step_key' | 'event' | 'channel' | 'locale' | 'recipient' | 'recipient_name' | 'last_error'
> & {
  status: 'queued' | 'skipped';
};

/** Inserts the messages not yet there (one per charge, step and channel, ever); returns those inserted. */
export async function insertMessages(
  q: Queryable,
  tenantId: string,
  ms: NewMessage[],
  notBefore: Date,
  now: Date,
): Promise<{ id: string; status: string }[]> {
  if (!ms.length) return [];
  const col = <K extends keyof NewMessage>(k: K) => ms.map((m) => m[k]);
  const { rows } = await q.query<{ id: string; status: string }>(
    `INSERT INTO notification_messages (tenant_id, id, charge_id, customer_id, step_key, event, channel, locale, recipient, recipient_name,
       status, last_error, not_before, next_attempt_at, created_at, updated_at)
     SELECT $1, u.id, u.charge_id, u.customer_id, u.step_key, u.event, u.channel, u.locale, u.recipient, u.recipient_name,
       u.status, u.last_error, $13, CASE WHEN u.status = 'queued' THEN $13::timestamptz END, $14, $14
     FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
       AS u(id, charge_id, customer_id, step_key, event, channel, locale, recipient, recipient_name, status, last_error)
     ON CONFLICT (tenant_id, charge_id, step_key, channel) DO NOTHING
     RETURNING id, status`,
    [
      tenantId,
      col('id'),
      col('charge_id'),
      col('customer_id'),
      col('step_key'),
      col('event'),
      col('channel'),
      col('locale'),
      col('recipient'),
      col('recipient_name'),
      col('status'),
      col('last_error'),
      notBefore.toISOString(),
      now.toISOString(),
    ],
  );
  return rows;
}

export async function insertLog(
  q: Queryable,
  tenantId: string,
  entries: { id: string; message_id: string; status: string; attempt: number; detail: string | null }[],
  now: Date,
): Promise<void> {
  if (!entries.length) return;
  await q.query(
    `INSERT INTO notification_message_log (tenant_id, id, message_id, status, attempt, detail, created_at)
     SELECT $1, u.id, u.message_id, u.status, u.attempt, u.detail, $7
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::text[]) AS u(id, message_id, status, attempt, detail)`,
    [
      tenantId,
      entries.map((e) => e.id),
      entries.map((e) => e.message_id),
      entries.map((e) => e.status),
      entries.map((e) => e.attempt),
      entries.map((e) => e.detail),
      now.toISOString(),
    ],
  );
}

export type ClaimedMessage = MessageRow & { was: MessageStatus };

/**
 * Takes up to `limit` due messages of any tenant: queued ones whose time has come, and "sending"
 * ones whose sender's lease ran out (it died mid-send: `was` says so). The claim is committed
 * before anything is sent, so the "sending" state is on disk while the provider is called.
 */
export async function claimDueMessages(q: Queryable, now: Date, leaseSeconds: number, limit: number): Promise<ClaimedMessage[]> {
  const { rows } = await q.query<ClaimedMessage>(
    `WITH due AS (
       SELECT tenant_id, id, status AS was FROM notification_messages
       WHERE status IN ('queued', 'sending') AND next_attempt_at <= $1
         AND (status = 'queued' OR locked_until < $1)
       ORDER BY next_attempt_at
       LIMIT $3
       FOR UPDATE SKIP LOCKED)
     UPDATE notification_messages m SET status = 'sending', attempts = m.attempts + 1,
       locked_until = $1::timestamptz + make_interval(secs => $2), next_attempt_at = $1::timestamptz + make_interval(secs => $2), updated_at = $1
     FROM due WHERE m.tenant_id = due.tenant_id AND m.id = due.id
     RETURNING m.*, due.was`,
    [now.toISOString(), leaseSeconds, limit],
  );
  return rows;
}

export async function findMessage(q: Queryable, tenantId: string, id: string): Promise<MessageRow | null> {
  const { rows } = await q.query<MessageRow>('SELECT * FROM notification_messages WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0] ?? null;
}

export async function messagesOfCharge(q: Queryable, tenantId: string, chargeId: string): Promise<MessageRow[]> {
  const { rows } = await q.query<MessageRow>(
    'SELECT * FROM notification_messages WHERE tenant_id = $1 AND charge_id = $2 ORDER BY created_at, id',
    [tenantId, chargeId],
  );
  return rows;
}

export async function logOfMessages(q: Queryable, tenantId: string, ids: string[]) {
  const { rows } = await q.query<{ message_id: string; status: string; attempt: number; detail: string | null; created_at: string }>(
    'SELECT message_id, status, attempt, detail, created_at FROM notification_message_log WHERE tenant_id = $1 AND message_id = ANY($2::uuid[]) ORDER BY created_at, id',
    [tenantId, ids],
  );
  return rows;
}

/** Puts a failed, bounced or skipped message back in the queue (a clerk's "send again"). */
export async function requeueMessage(q: Queryable, tenantId: string, id: string, now: Date): Promise<MessageRow | null> {
  const { rows } = await q.query<MessageRow>(
    `UPDATE notification_messages SET status = 'queued', next_attempt_at = $3, not_before = $3, last_error = NULL, updated_at = $3
     WHERE tenant_id = $1 AND id = $2 AND status IN ('failed', 'bounced', 'skipped') RETURNING *`,
    [tenantId, id, now.toISOString()],
  );
  return rows[0] ?? null;
}

// ---- what a message says -------------------------------------------------------------------------

export interface ChargeParties {
  tenant_legal_name: string;
  tenant_trading_name: string | null;
  tenant_document: string | null;
  tenant_document_kind: string | null;
  customer_name: string;
  customer_document: string | null;
  customer_document_kind: string | null;
  contract_number: number | null;
  contract_description: string | null;
  last_payment: { amount_cents: number; paid_on: string } | null;
}

/** The quiet hours of the tenant's default dunning schedule (null when it has none saved). */
export async function defaultScheduleQuietHours(
  q: Queryable,
  tenantId: string,
): Promise<{ quiet_start: string | null; quiet_end: string | null } | null> {
  const { rows } = await q.query<{ quiet_start: string | null; quiet_end: string | null }>(
    `SELECT to_char(quiet_start, 'HH24:MI') AS quiet_start, to_char(quiet_end, 'HH24:MI') AS quiet_end FROM dunning_schedules WHERE tenant_id = $1 AND is_default`,
    [tenantId],
  );
  return rows[0] ?? null;
}

export async function chargePartiesMany(
  q: Queryable,
  tenantId: string,
  chargeIds: string[],
): Promise<(ChargeParties & { charge_id: string })[]> {
  const { rows } = await q.query<ChargeParties & { charge_id: string }>(
    `SELECT ch.id AS charge_id, t.legal_name AS tenant_legal_name, t.trading_name AS tenant_trading_name, t.document AS tenant_document, t.document_kind AS tenant_document_kind,
       c.name AS customer_name, c.document AS customer_document, c.document_kind AS customer_document_kind,
       k.number AS contract_number, k.description AS contract_description,
       (SELECT json_build_object('amount_cents', p.amount_cents, 'paid_on', p.paid_on) FROM payments p
        WHERE p.tenant_id = ch.tenant_id AND p.charge_id = ch.id AND p.reversed_at IS NULL ORDER BY p.paid_on DESC, p.id DESC LIMIT 1) AS last_payment
     FROM charges ch
     JOIN tenants t ON t.id = ch.tenant_id
     JOIN customers c ON c.tenant_id = ch.tenant_id AND c.id = ch.customer_id
     LEFT JOIN contracts k ON k.tenant_id = ch.tenant_id AND k.id = ch.contract_id
     WHERE ch.tenant_id = $1 AND ch.id = ANY($2::uuid[])`,
    [tenantId, chargeIds],
  );
  return rows;
}

/** The unsubscribe tokens of these customers, created where missing (`tokens` gives a fresh one per customer). */
export async function ensureRecipients(
  q: Queryable,
  tenantId: string,
  customers: { id: string; token: string }[],
  now: Date,
): Promise<Map<string, string>> {
  if (!customers.length) return new Map();
  await q.query(
    `INSERT INTO notification_recipients (tenant_id, customer_id, unsubscribe_token, created_at, updated_at)
     SELECT $1, u.id, u.token, $4, $4 FROM unnest($2::uuid[], $3::text[]) AS u(id, token)
     ON CONFLICT (tenant_id, customer_id) DO NOTHING`,
    [tenantId, customers.map((c) => c.id), customers.map((c) => c.token), now.toISOString()],
  );
  const { rows } = await q.query<{ customer_id: string; unsubscribe_token: string }>(
    'SELECT customer_id, unsubscribe_token FROM notification_recipients WHERE tenant_id = $1 AND customer_id = ANY($2::uuid[])',
    [tenantId, customers.map((c) => c.id)],
  );
  return new Map(rows.map((r) => [r.customer_id, r.unsubscribe_token]));
}

/**
 * Records the outcomes of a round in one statement, each only where the claim is still the
 * sender's (status 'sending', same attempt): returns the ids recorded.
 */
export async function finishAttempts(
  q: Queryable,
  tenantId: string,
  rs: {
    id: string;
    attempts: number;
    status: MessageStatus;
    next_attempt_at: Date | null;
    provider_message_id: string | null;
    last_error: string | null;
    subject: string | null;
    body: string | null;
  }[],
  now: Date,
): Promise<Set<string>> {
  if (!rs.length) return new Set();
  const col = <K extends keyof (typeof rs)[number]>(k: K) => rs.map((r) => r[k]);
  const { rows } = await q.query<{ id: string }>(
    `UPDATE notification_messages m SET status = u.status, next_attempt_at = u.next_attempt_at, locked_until = NULL,
       provider_message_id = coalesce(u.provider_message_id, m.provider_message_id), last_error = u.last_error,
       subject = coalesce(u.subject, m.subject), body = coalesce(u.body, m.body),
       sent_at = CASE WHEN u.status = 'sent' THEN $10::timestamptz ELSE m.sent_at END, updated_at = $10
     FROM unnest($2::uuid[], $3::int[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(id, attempts, status, next_attempt_at, provider_message_id, last_error, subject, body)
     WHERE m.tenant_id = $1 AND m.id = u.id AND m.status = 'sending' AND m.attempts = u.attempts
     RETURNING m.id`,
    [
      tenantId,
      col('id'),
      col('attempts'),
      col('status'),
      rs.map((r) => r.next_attempt_at?.toISOString() ?? null),
      col('provider_message_id'),
      col('last_error'),
      col('subject'),
      col('body'),
      now.toISOString(),
    ],
  );
  return new Set(rows.map((r) => r.id));
}
