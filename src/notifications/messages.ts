// The delivery log: messages of a charge with their attempts, a clerk's "send again", the
// addresses that bounced, the tenant's notice settings and the payer's unsubscribe.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { recordEvent } from '../platform/events.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import { getChargeRow } from '../charges/charges.ts';
import { tenantOfUnsubscribeToken } from './content.ts';
import type { ChannelKind } from './providers/types.ts';
import type { NotificationEvent } from './templates/variables.ts';
import * as q from './queries.ts';

export function presentMessage(
  m: q.MessageRow,
  log: { status: string; attempt: number; detail: string | null; created_at: string }[] = [],
) {
  return {
    id: m.id,
    charge_id: m.charge_id,
    customer_id: m.customer_id,
    step_key: m.step_key,
    event: m.event as NotificationEvent,
    channel: m.channel,
    locale: m.locale,
    recipient: m.recipient,
    status: m.status,
    attempts: m.attempts,
    next_attempt_at: m.status === 'queued' ? m.next_attempt_at : null,
    provider_message_id: m.provider_message_id,
    error: m.last_error,
    subject: m.subject,
    sent_at: m.sent_at,
    created_at: m.created_at,
    updated_at: m.updated_at,
    log,
  };
}

export async function chargeMessages(db: Queryable, scope: Scope, ref: string) {
  const charge = await getChargeRow(db, scope, ref);
  const rows = await q.messagesOfCharge(db, scope.tenantId, charge.id);
  const log = await q.logOfMessages(
    db,
    scope.tenantId,
    rows.map((r) => r.id),
  );
  return rows.map((m) =>
    presentMessage(
      m,
      log.filter((l) => l.message_id === m.id),
    ),
  );
}

export async function getMessage(db: Queryable, scope: Scope, id: string) {
  if (!isUuid(id)) throw notFound('Message');
  const m = await q.findMessage(db, scope.tenantId, id);
  if (!m) throw notFound('Message');
  return presentMessage(m, await q.logOfMessages(db, scope.tenantId, [m.id]));
}

/** A failed, bounced or skipped message queued again now (same id: a receiver recognises no repeat of a sent one). */
export async function resendMessage(tx: Tx, scope: Scope, id: string) {
  if (!isUuid(id)) throw notFound('Message');
  const before = await q.findMessage(tx, scope.tenantId, id);
  if (!before) throw notFound('Message');
  if (!['failed', 'bounced', 'skipped'].includes(before.status)) {
    throw new DomainError(
      'invalid_state_transition',
      `The message is ${before.status}: only failed, bounced or skipped messages are sent again`,
      [],
      { allowed_actions: [] },
    );
  }
  if (!before.recipient)
    throw new DomainError(
      'conflict',
      'The message has no recipient (the payer had no address): add one to the customer and send the step again',
      [],
      { reason: 'no_recipient' },
    );
  const m = (await q.requeueMessage(tx, scope.tenantId, id, scope.now))!;
  await q.clearInvalidAddress(tx, scope.tenantId, m.channel, m.recipient);
  await q.insertLog(
    tx,
    scope.tenantId,
    [{ id: uuidv7(), message_id: m.id, status: 'queued', attempt: m.attempts, detail: 'reenvio pedido' }],
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'notification.queued',
    resourceType: 'notification',
    resourceId: m.id,
    data: { charge_id: m.charge_id, channel: m.channel, resend: true },
  });
  return presentMessage(m);
}

export async function listInvalidAddresses(db: Queryable, scope: Scope) {
  return q.listInvalidAddresses(db, scope.tenantId);
}

export async function clearInvalidAddress(tx: Tx, scope: Scope, channel: string, address: string) {
  if (!(await q.clearInvalidAddress(tx, scope.tenantId, channel, address))) throw notFound('Invalid address');
  await recordEvent(tx, scope, {
    type: 'notification_address.cleared',
    resourceType: 'notification_address',
    resourceId: `${channel}:${address}`,
  });
  return { channel, address, cleared: true };
}

export function presentSettings(s: q.SettingsRow) {
  return {
    charge_created_channels: s.charge_created_channels,
    paid_receipt_channels: s.paid_receipt_channels,
    attach_boleto_pdf: s.attach_boleto_pdf,
    updated_at: s.updated_at,
  };
}

export async function getSettings(db: Queryable, scope: Scope) {
  return presentSettings(await q.findSettings(db, scope.tenantId));
}

export async function patchSettings(
  tx: Tx,
  scope: Scope,
  patch: { charge_created_channels?: ChannelKind[]; paid_receipt_channels?: ChannelKind[]; attach_boleto_pdf?: boolean },
) {
  const before = await q.findSettings(tx, scope.tenantId);
  const dedupe = (l: ChannelKind[] | undefined, fallback: ChannelKind[]) => (l ? [...new Set(l)] : fallback);
  const row = await q.upsertSettings(
    tx,
    {
      tenant_id: scope.tenantId,
      charge_created_channels: dedupe(patch.charge_created_channels, before.charge_created_channels),
      paid_receipt_channels: dedupe(patch.paid_receipt_channels, before.paid_receipt_channels),
      attach_boleto_pdf: patch.attach_boleto_pdf ?? before.attach_boleto_pdf,
    },
    scope.now,
  );
  await recordEvent(tx, scope, {
    type: 'notification_settings.updated',
    resourceType: 'notification_settings',
    resourceId: scope.tenantId,
    before: presentSettings(before),
    after: presentSettings(row),
  });
  return presentSettings(row);
}

/** The payer's opt-out state, for the customer page in the console and the API. */
export async function customerSubscription(db: Queryable, scope: Scope, customerId: string) {
  if (!isUuid(customerId)) throw notFound('Customer');
  const { rows } = await db.query<{ unsubscribed_at: string | null }>(
    'SELECT unsubscribed_at FROM notification_recipients WHERE tenant_id = $1 AND customer_id = $2',
    [scope.tenantId, customerId],
  );
  return { customer_id: customerId, unsubscribed: !!rows[0]?.unsubscribed_at, unsubscribed_at: rows[0]?.unsubscribed_at ?? null };
}

// ---- the payer's unsubscribe link (public) ----------------------------------------------------

export async function findUnsubscribe(db: Queryable, token: string) {
  const tenantId = tenantOfUnsubscribeToken(token);
  if (!tenantId) return null;
  const r = await q.findRecipientByToken(db, tenantId, token);
  return r ? { tenantId, ...r } : null;
}

export async function setUnsubscribedByToken(tx: Tx, scope: Scope, customerId: string, unsubscribed: boolean, via: string) {
  await q.setUnsubscribed(tx, scope.tenantId, customerId, unsubscribed, scope.now);
  await recordEvent(tx, scope, {
    type: unsubscribed ? 'customer.unsubscribed' : 'customer.resubscribed',
    resourceType: 'customer',
    resourceId: customerId,
    data: { via },
  });
}
