// The notification outbox's sender. Exactly once per charge, step and channel:
//   1. the message row exists once (unique key, written with the step that wanted it);
//   2. a sender claims it (status 'sending', a lease) and COMMITS the claim before calling the
//      provider, so the database always knows a send may be under way;
//   3. after the provider answers, the outcome is recorded only if the claim is still ours
//      (same attempt number): a slow sender cannot overwrite the one that took over;
//   4. a sender that dies between 2 and 3 leaves the row 'sending' with an expired lease. The next
//      claim sees `was = 'sending'`: the provider may or may not have sent it. For providers whose
//      receiver recognises a repeat of the same message id (e-mail: the same Message-ID header;
//      Zenvia: its API refuses a second message with the same id and we count that refusal as
//      sent) the message is sent again with the same id. For the WhatsApp Cloud API, which has no
//      idempotency key, it is NOT sent again: it becomes 'failed' ("in doubt") for a clerk to check
//      and resend, so a payer never gets the same WhatsApp message twice.
import type { Db } from '../platform/db/types.ts';
import { systemScope, type Scope } from '../platform/scope.ts';
import { uuidv7 } from '../platform/ids.ts';
import { recordEvent } from '../platform/events.ts';
import { ProviderCache } from './channels.ts';
import { boletoAttachment, chargeFacts, renderMessage, templateFor } from './content.ts';
import type { OutgoingMessage, SendOutcome } from './providers/types.ts';
import type { Locale, NotificationEvent } from './templates/variables.ts';
import * as q from './queries.ts';

/** Seconds before attempt n+1 (after attempt n failed); the last failure is final. */
export const RETRY_BACKOFF_SECONDS = [60, 300, 1800, 7200, 21600];
export const MAX_ATTEMPTS = RETRY_BACKOFF_SECONDS.length + 1;

export interface SenderDeps {
  now: () => Date;
  today: () => string;
  /** Base URL of the payer's page and unsubscribe links. */
  baseUrl: string;
  providers: ProviderCache;
  leaseSeconds?: number;
  batchSize?: number;
  /** Tests: runs after the provider accepted a message and before the outcome is recorded (a crash there). */
  afterSend?: (m: q.ClaimedMessage) => Promise<void> | void;
}

const REMINDERS = new Set(['reminder', 'due_today', 'overdue', 'contract_suspended', 'charge_created']);

/** Why a claimed message should not go out any more, if so. */
function staleReason(event: string, chargeStatus: string): string | null {
  if (REMINDERS.has(event) && chargeStatus === 'paid') return 'a cobrança já foi paga';
  if (chargeStatus === 'cancelled') return 'a cobrança foi cancelada';
  if (event === 'paid_receipt' && chargeStatus !== 'paid') return 'a cobrança não está paga (pagamento estornado)';
  return null;
}

async function record(
  db: Db,
  scope: Scope,
  m: q.ClaimedMessage,
  r: { status: q.MessageStatus; detail: string | null; retryAt?: Date | null; providerMessageId?: string | null; subject?: string | null; body?: string | null; bounced?: boolean },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const ok = await q.finishAttempt(
      tx,
      m,
      {
        status: r.status,
        next_attempt_at: r.retryAt ?? null,
        provider_message_id: r.providerMessageId,
        last_error: r.status === 'sent' ? null : r.detail,
        subject: r.subject,
        body: r.body,
        sent: r.status === 'sent',
      },
      scope.now,
    );
    if (!ok) return false;
    await q.insertLog(tx, m.tenant_id, [{ id: uuidv7(), message_id: m.id, status: r.status, attempt: m.attempts, detail: r.detail }], scope.now);
    if (r.bounced && m.recipient) await q.markAddressInvalid(tx, m.tenant_id, m.channel, m.recipient, r.detail ?? 'bounced', m.id, scope.now);
    // A retry in the queue is not a new state for webhooks; the final states are.
    if (r.status !== 'queued') {
      await recordEvent(tx, scope, {
        type: `notification.${r.status}`,
        resourceType: 'notification',
        resourceId: m.id,
        data: { charge_id: m.charge_id, customer_id: m.customer_id, event: m.event, step_key: m.step_key, channel: m.channel, recipient: m.recipient, attempt: m.attempts, reason: r.status === 'sent' ? null : r.detail, provider_message_id: r.providerMessageId ?? null },
      });
    }
    return true;
  });
}

function retryOrFail(m: q.ClaimedMessage, now: Date, outcome: Extract<SendOutcome, { status: 'failed' }>): { status: q.MessageStatus; retryAt: Date | null } {
  if (outcome.permanent || m.attempts >= MAX_ATTEMPTS) return { status: outcome.bounced ? 'bounced' : 'failed', retryAt: null };
  const wait = Math.max(RETRY_BACKOFF_SECONDS[m.attempts - 1] ?? 21600, outcome.retryAfterSeconds ?? 0);
  return { status: 'queued', retryAt: new Date(now.getTime() + wait * 1000) };
}

/** Sends one claimed message and records what happened. */
export async function sendClaimed(db: Db, deps: SenderDeps, m: q.ClaimedMessage): Promise<q.MessageStatus> {
  const now = deps.now();
  const scope = systemScope(m.tenant_id, now);
  const channel = await q.findChannel(db, m.tenant_id, m.channel);
  if (!channel || !channel.active) {
    await record(db, scope, m, { status: 'failed', detail: `o canal ${m.channel} não está configurado ou está inativo` });
    return 'failed';
  }
  let provider;
  try {
    provider = await deps.providers.get(channel);
  } catch (err) {
    const retry = retryOrFail(m, now, { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message });
    await record(db, scope, m, { status: retry.status, retryAt: retry.retryAt, detail: `configuração do canal: ${(err as Error).message}` });
    return retry.status;
  }
  if (m.was === 'sending' && !provider.dedupesById) {
    await record(db, scope, m, {
      status: 'failed',
      detail: 'envio interrompido: não se sabe se o provedor entregou; não reenviado automaticamente para não duplicar (reenvie se necessário)',
    });
    return 'failed';
  }
  const facts = await chargeFacts(db, scope, m.charge_id, m.locale as Locale, { today: deps.today(), baseUrl: deps.baseUrl });
  const stale = staleReason(m.event, facts.charge.status);
  if (stale) {
    await record(db, scope, m, { status: 'skipped', detail: stale });
    return 'skipped';
  }
  const template = await templateFor(db, m.tenant_id, m.event as NotificationEvent, m.channel, m.locale as Locale);
  const rendered = renderMessage(template, m.channel, m.locale as Locale, facts.values, m.event === 'paid_receipt' ? facts.payUrl : facts.payUrl);
  const msg: OutgoingMessage = { id: m.id, channel: m.channel, to: m.recipient, toName: m.recipient_name, text: rendered.text };
  if (m.channel === 'email') {
    const settings = await q.findSettings(db, m.tenant_id);
    msg.subject = rendered.subject ?? '';
    msg.html = rendered.html ?? undefined;
    msg.headers = { 'List-Unsubscribe': `<${facts.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    if (settings.attach_boleto_pdf && m.event !== 'paid_receipt') {
      const pdf = await boletoAttachment(facts);
      if (pdf) msg.attachments = [pdf];
    }
  }
  if (m.channel === 'whatsapp') msg.whatsappTemplate = rendered.whatsappTemplate;
  let outcome: SendOutcome;
  try {
    outcome = await provider.send(msg);
  } catch (err) {
    outcome = { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message || String(err) };
  }
  if (outcome.status === 'sent') {
    if (deps.afterSend) {
      try {
        await deps.afterSend(m);
      } catch (err) {
        throw new RoundAborted(err);
      }
    }
    await record(db, scope, m, { status: 'sent', detail: null, providerMessageId: outcome.providerMessageId, subject: msg.subject ?? null, body: msg.text });
    return 'sent';
  }
  const next = retryOrFail(m, now, outcome);
  await record(db, scope, m, { status: next.status, retryAt: next.retryAt, detail: outcome.reason, bounced: outcome.bounced && next.status === 'bounced', subject: msg.subject ?? null, body: msg.text });
  return next.status;
}

/** The afterSend hook threw: the round stops there, recording nothing, as if the process had died. */
class RoundAborted extends Error {
  constructor(readonly reason: unknown) {
    super('round aborted');
  }
}

/** One round: claims due messages and sends them one after another. Returns how many were attempted. */
export async function sendDueNotifications(db: Db, deps: SenderDeps, onError?: (err: unknown, m: q.ClaimedMessage) => void): Promise<number> {
  const claimed = await q.claimDueMessages(db, deps.now(), deps.leaseSeconds ?? 120, deps.batchSize ?? 50);
  for (const m of claimed) {
    try {
      await sendClaimed(db, deps, m);
    } catch (err) {
      if (err instanceof RoundAborted) throw err.reason;
      // Nothing was sent (the provider's own failures are outcomes, not throws): retry later.
      onError?.(err, m);
      const now = deps.now();
      const next = retryOrFail(m, now, { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message });
      await record(db, systemScope(m.tenant_id, now), m, { status: next.status, retryAt: next.retryAt, detail: `erro ao preparar a mensagem: ${(err as Error).message}` }).catch((e) => onError?.(e, m));
    }
  }
  return claimed.length;
}

export function startNotificationSender(
  db: Db,
  deps: Omit<SenderDeps, 'providers'> & { pollMs?: number; onError?: (err: unknown, where: string) => void },
): { stop(): Promise<void> } {
  const providers = new ProviderCache();
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let n = 0;
      try {
        n = await sendDueNotifications(db, { ...deps, providers }, (err) => deps.onError?.(err, 'send'));
      } catch (err) {
        deps.onError?.(err, 'claim');
      }
      if (n === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, deps.pollMs ?? 1000);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
      await providers.close();
    },
  };
}
