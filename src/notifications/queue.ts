// Queuing messages to payers: one row per charge, step and channel, ever (a unique key), written
// in the caller's transaction, so a message exists if and only if the step that wants it committed.
// Who receives it is decided here and written on the row; a message that cannot go (no address,
// an address that bounced, a payer who unsubscribed from reminders) is recorded as `skipped` with
// the reason, so the clerk sees why nothing went out.
import type { Queryable } from '../platform/db/types.ts';
import type { Scope } from '../platform/scope.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvents } from '../platform/events.ts';
import type { ChannelKind } from './providers/types.ts';
import { phoneToE164Digits } from './providers/phone.ts';
import type { NotificationEvent } from './templates/variables.ts';
import { localeFor } from '../payer-page/i18n.ts';
import * as q from './queries.ts';

export interface QueueItem {
  chargeId: string;
  /** What makes the message unique for its charge: 'charge_created', 'paid_receipt', 'step:+7', 'manual:<id>'. */
  stepKey: string;
  event: NotificationEvent;
  channels: ChannelKind[];
  /** Reminders honour the payer's unsubscribe; the charge itself and its receipt do not. */
  honoursOptOut: boolean;
}

export interface QueueResult {
  queued: number;
  skipped: number;
  /** Messages that already existed for that charge, step and channel. */
  existing: number;
}

function phoneFor(channel: 'sms' | 'whatsapp', phones: { number: string; type?: string }[], country: string): string | null {
  const preferred = channel === 'whatsapp' ? ['whatsapp', 'mobile'] : ['mobile', 'whatsapp'];
  for (const type of preferred) {
    for (const p of phones) {
      if (p.type !== type) continue;
      const e164 = phoneToE164Digits(p.number, country);
      if (e164) return `+${e164}`;
    }
  }
  return null;
}

/** The recipient of a charge's message on a channel, or why there is none. */
export function recipientOn(channel: ChannelKind, f: q.RecipientFacts): { address: string } | { reason: string } {
  if (channel === 'email') return f.email ? { address: f.email.trim().toLowerCase() } : { reason: 'o pagador não tem e-mail' };
  const phone = phoneFor(channel, f.phones ?? [], f.country);
  return phone
    ? { address: phone }
    : { reason: channel === 'sms' ? 'o pagador não tem celular' : 'o pagador não tem WhatsApp nem celular' };
}

export async function queueMessages(tx: Queryable, scope: Scope, items: QueueItem[], opts: { notBefore: Date }): Promise<QueueResult> {
  const result: QueueResult = { queued: 0, skipped: 0, existing: 0 };
  if (!items.length) return result;
  const active = new Set(await q.activeChannelKinds(tx, scope.tenantId));
  const wanted = items.map((i) => ({ ...i, channels: i.channels.filter((c) => active.has(c)) })).filter((i) => i.channels.length);
  if (!wanted.length) return result;
  const facts = new Map(
    (await q.recipientFacts(tx, scope.tenantId, [...new Set(wanted.map((i) => i.chargeId))])).map((f) => [f.charge_id, f]),
  );
  const drafts: q.NewMessage[] = [];
  for (const item of wanted) {
    const f = facts.get(item.chargeId);
    if (!f) continue;
    for (const channel of item.channels) {
      const to = recipientOn(channel, f);
      const base = {
        id: uuidv7(),
        charge_id: f.charge_id,
        customer_id: f.customer_id,
        step_key: item.stepKey,
        event: item.event,
        channel,
        locale: localeFor(f.country),
        recipient_name: f.customer_name,
      };
      if ('reason' in to) drafts.push({ ...base, recipient: '', status: 'skipped', last_error: to.reason });
      else if (item.honoursOptOut && f.unsubscribed)
        drafts.push({ ...base, recipient: to.address, status: 'skipped', last_error: 'o pagador pediu para não receber lembretes' });
      else drafts.push({ ...base, recipient: to.address, status: 'queued', last_error: null });
    }
  }
  const invalid = await q.invalidAddresses(tx, scope.tenantId, [
    ...new Set(drafts.filter((m) => m.status === 'queued').map((m) => m.recipient)),
  ]);
  for (const m of drafts) {
    if (m.status === 'queued' && invalid.has(`${m.channel}:${m.recipient}`))
      Object.assign(m, { status: 'skipped', last_error: 'endereço inválido (devolvido antes)' });
  }
  const inserted = await q.insertMessages(tx, scope.tenantId, drafts, opts.notBefore, scope.now);
  const byId = new Map(drafts.map((m) => [m.id, m]));
  await q.insertLog(
    tx,
    scope.tenantId,
    inserted.map((r) => ({ id: uuidv7(), message_id: r.id, status: r.status, attempt: 0, detail: byId.get(r.id)!.last_error })),
    scope.now,
  );
  await recordEvents(
    tx,
    scope,
    inserted.map((r) => {
      const m = byId.get(r.id)!;
      return {
        type: `notification.${r.status}`,
        resourceType: 'notification',
        resourceId: r.id,
        data: {
          charge_id: m.charge_id,
          customer_id: m.customer_id,
          event: m.event,
          step_key: m.step_key,
          channel: m.channel,
          recipient: m.recipient,
          reason: m.last_error,
        },
      };
    }),
  );
  for (const r of inserted) r.status === 'queued' ? result.queued++ : result.skipped++;
  result.existing = drafts.length - inserted.length;
  return result;
}
