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
import { startPollLoop } from '../platform/poll-loop.ts';
import { recordEvents, type EventInput } from '../platform/events.ts';
import { ProviderCache } from './channels.ts';
import { boletoAttachment, chargeFactsMany, renderMessage, templateFrom, type ChargeFacts } from './content.ts';
import type { OutgoingMessage, Provider, SendOutcome } from './providers/types.ts';
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
  /** Messages claimed per round (default 50). */
  batchSize?: number;
  /** Messages of a round in the providers' hands at once (default 8; SMTP pools its connections). */
  inFlight?: number;
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

/** What happened to one claimed message in this round. */
interface Outcome {
  m: q.ClaimedMessage;
  status: q.MessageStatus;
  detail: string | null;
  retryAt?: Date | null;
  providerMessageId?: string | null;
  subject?: string | null;
  body?: string | null;
  bounced?: boolean;
}

function retryOrFail(
  m: q.ClaimedMessage,
  now: Date,
  outcome: Extract<SendOutcome, { status: 'failed' }>,
): { status: q.MessageStatus; retryAt: Date | null } {
  if (outcome.permanent || m.attempts >= MAX_ATTEMPTS) return { status: outcome.bounced ? 'bounced' : 'failed', retryAt: null };
  const wait = Math.max(RETRY_BACKOFF_SECONDS[m.attempts - 1] ?? 21600, outcome.retryAfterSeconds ?? 0);
  return { status: 'queued', retryAt: new Date(now.getTime() + wait * 1000) };
}

/**
 * Records the outcomes of a round in one transaction: each message's state (only where the claim
 * is still ours: same attempt), its log line, the addresses that bounced, and one event per final
 * state (a retry waiting in the queue is not a new state for webhooks).
 */
async function recordOutcomes(db: Db, tenantId: string, now: Date, outcomes: Outcome[]): Promise<void> {
  if (!outcomes.length) return;
  const scope = systemScope(tenantId, now);
  await db.transaction(async (tx) => {
    const kept = await q.finishAttempts(
      tx,
      tenantId,
      outcomes.map((o) => ({
        id: o.m.id,
        attempts: o.m.attempts,
        status: o.status,
        next_attempt_at: o.retryAt ?? null,
        provider_message_id: o.providerMessageId ?? null,
        last_error: o.status === 'sent' ? null : o.detail,
        subject: o.subject ?? null,
        body: o.body ?? null,
      })),
      now,
    );
    const ours = outcomes.filter((o) => kept.has(o.m.id));
    await q.insertLog(
      tx,
      tenantId,
      ours.map((o) => ({ id: uuidv7(), message_id: o.m.id, status: o.status, attempt: o.m.attempts, detail: o.detail })),
      now,
    );
    for (const o of ours)
      if (o.bounced && o.m.recipient)
        await q.markAddressInvalid(tx, tenantId, o.m.channel, o.m.recipient, o.detail ?? 'bounced', o.m.id, now);
    const events: EventInput[] = ours
      .filter((o) => o.status !== 'queued')
      .map((o) => ({
        type: `notification.${o.status}`,
        resourceType: 'notification',
        resourceId: o.m.id,
        data: {
          charge_id: o.m.charge_id,
          customer_id: o.m.customer_id,
          event: o.m.event,
          step_key: o.m.step_key,
          channel: o.m.channel,
          recipient: o.m.recipient,
          attempt: o.m.attempts,
          reason: o.status === 'sent' ? null : o.detail,
          provider_message_id: o.providerMessageId ?? null,
        },
      }));
    await recordEvents(tx, scope, events);
  });
}

/** The afterSend hook threw: the round stops there, recording nothing, as if the process had died. */
class RoundAborted extends Error {
  constructor(readonly reason: unknown) {
    super('round aborted');
  }
}

/** The message for one claimed row, or the outcome that settles it without sending. */
async function prepare(
  m: q.ClaimedMessage,
  ctx: {
    now: Date;
    provider: Provider | Error | null;
    facts: ChargeFacts | undefined;
    settings: q.SettingsRow;
    templates: q.TemplateRow[];
  },
): Promise<OutgoingMessage | Omit<Outcome, 'm'>> {
  if (ctx.provider === null) return { status: 'failed', detail: `o canal ${m.channel} não está configurado ou está inativo` };
  if (ctx.provider instanceof Error) {
    const retry = retryOrFail(m, ctx.now, { status: 'failed', permanent: false, bounced: false, reason: ctx.provider.message });
    return { status: retry.status, retryAt: retry.retryAt, detail: `configuração do canal: ${ctx.provider.message}` };
  }
  if (m.was === 'sending' && !ctx.provider.dedupesById) {
    return {
      status: 'failed',
      detail:
        'envio interrompido: não se sabe se o provedor entregou; não reenviado automaticamente para não duplicar (reenvie se necessário)',
    };
  }
  if (!ctx.facts) return { status: 'failed', detail: 'a cobrança não existe mais' };
  const stale = staleReason(m.event, ctx.facts.charge.status);
  if (stale) return { status: 'skipped', detail: stale };
  const locale = m.locale as Locale;
  const template = templateFrom(ctx.templates, m.event as NotificationEvent, m.channel, locale);
  const rendered = renderMessage(template, m.channel, locale, ctx.facts.values(locale), ctx.facts.payUrl);
  const msg: OutgoingMessage = { id: m.id, channel: m.channel, to: m.recipient, toName: m.recipient_name, text: rendered.text };
  if (m.channel === 'email') {
    msg.subject = rendered.subject ?? '';
    msg.html = rendered.html ?? undefined;
    msg.headers = { 'List-Unsubscribe': `<${ctx.facts.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    if (ctx.settings.attach_boleto_pdf && m.event !== 'paid_receipt') {
      const pdf = await boletoAttachment(ctx.facts);
      if (pdf) msg.attachments = [pdf];
    }
  }
  if (m.channel === 'whatsapp') msg.whatsappTemplate = rendered.whatsappTemplate;
  return msg;
}

async function sendOne(deps: SenderDeps, provider: Provider, m: q.ClaimedMessage, msg: OutgoingMessage): Promise<Outcome> {
  let outcome: SendOutcome;
  try {
    outcome = await provider.send(msg);
  } catch (err) {
    outcome = { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message || String(err) };
  }
  const body = { subject: msg.subject ?? null, body: msg.text };
  if (outcome.status === 'sent') {
    if (deps.afterSend) {
      try {
        await deps.afterSend(m);
      } catch (err) {
        throw new RoundAborted(err);
      }
    }
    return { m, status: 'sent', detail: null, providerMessageId: outcome.providerMessageId, ...body };
  }
  const next = retryOrFail(m, deps.now(), outcome);
  return {
    m,
    status: next.status,
    retryAt: next.retryAt,
    detail: outcome.reason,
    bounced: outcome.bounced && next.status === 'bounced',
    ...body,
  };
}

/** Runs `work` over `items` with at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** The claimed messages of one tenant: facts read in one batch, sent a few at a time, recorded in one transaction. */
async function sendTenantBatch(
  db: Db,
  deps: SenderDeps,
  tenantId: string,
  claimed: q.ClaimedMessage[],
  onError?: (err: unknown, m: q.ClaimedMessage) => void,
): Promise<void> {
  const now = deps.now();
  const scope: Scope = systemScope(tenantId, now);
  const channels = new Map((await q.listChannels(db, tenantId)).map((c) => [c.channel, c]));
  const providers = new Map<string, Provider | Error | null>();
  for (const kind of new Set(claimed.map((m) => m.channel))) {
    const row = channels.get(kind);
    providers.set(kind, !row?.active ? null : await deps.providers.get(row).catch((err: Error) => err));
  }
  const settings = await q.findSettings(db, tenantId);
  const templates = await q.listTemplates(db, tenantId);
  const outcomes: Outcome[] = [];
  let facts = new Map<string, ChargeFacts>();
  try {
    facts = await chargeFactsMany(
      db,
      scope,
      claimed.map((m) => m.charge_id),
      { today: deps.today(), baseUrl: deps.baseUrl },
    );
  } catch (err) {
    // Nothing was sent: every message of the batch is retried later.
    for (const m of claimed) {
      onError?.(err, m);
      const next = retryOrFail(m, now, { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message });
      outcomes.push({ m, status: next.status, retryAt: next.retryAt, detail: `erro ao preparar a mensagem: ${(err as Error).message}` });
    }
    await recordOutcomes(db, tenantId, now, outcomes);
    return;
  }
  try {
    await pool(claimed, deps.inFlight ?? 8, async (m) => {
      const provider = providers.get(m.channel) ?? null;
      let prepared: OutgoingMessage | Omit<Outcome, 'm'>;
      try {
        prepared = await prepare(m, { now, provider, facts: facts.get(m.charge_id), settings, templates });
      } catch (err) {
        onError?.(err, m);
        const next = retryOrFail(m, now, { status: 'failed', permanent: false, bounced: false, reason: (err as Error).message });
        outcomes.push({ m, status: next.status, retryAt: next.retryAt, detail: `erro ao preparar a mensagem: ${(err as Error).message}` });
        return;
      }
      if (!('id' in prepared)) outcomes.push({ m, ...prepared });
      else outcomes.push(await sendOne(deps, provider as Provider, m, prepared));
    });
  } catch (err) {
    if (err instanceof RoundAborted) throw err.reason;
    throw err;
  }
  await recordOutcomes(db, tenantId, deps.now(), outcomes);
}

/** One round: claims due messages and sends them. Returns how many were attempted. */
export async function sendDueNotifications(
  db: Db,
  deps: SenderDeps,
  onError?: (err: unknown, m: q.ClaimedMessage) => void,
): Promise<number> {
  const claimed = await q.claimDueMessages(db, deps.now(), deps.leaseSeconds ?? 120, deps.batchSize ?? 50);
  const byTenant = new Map<string, q.ClaimedMessage[]>();
  for (const m of claimed) byTenant.set(m.tenant_id, [...(byTenant.get(m.tenant_id) ?? []), m]);
  for (const [tenantId, list] of byTenant) await sendTenantBatch(db, deps, tenantId, list, onError);
  return claimed.length;
}

export function startNotificationSender(
  db: Db,
  deps: Omit<SenderDeps, 'providers'> & { pollMs?: number; onError?: (err: unknown, where: string) => void },
): { stop(): Promise<void> } {
  const providers = new ProviderCache();
  const loop = startPollLoop(() => sendDueNotifications(db, { ...deps, providers }, (err) => deps.onError?.(err, 'send')), {
    pollMs: deps.pollMs ?? 1000,
    onError: (err) => deps.onError?.(err, 'claim'),
  });
  return {
    async stop() {
      await loop.stop();
      await providers.close();
    },
  };
}
