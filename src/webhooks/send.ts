// The sender: claims due deliveries (a lease in the database, so a sender that dies loses
// nothing: another one takes the delivery once the lease has expired), POSTs each one signed,
// and records the outcome. 2xx is success; anything else — another status, a redirect, a
// timeout, a refused connection — is retried with exponential backoff for 24 hours.
import type { Db } from '../platform/db/types.ts';
import { signatureHeader } from './signature.ts';
import * as q from './queries.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
const RESPONSE_SNIPPET_CHARS = 1000;
const RESPONSE_READ_BYTES = 8192;

/** Seconds to wait after the n-th failed attempt: 30 s, 1 min, 2 min, 4 min … capped at 1 hour. */
export function retryDelaySeconds(failedAttempts: number): number {
  return Math.min(3600, 30 * 2 ** Math.max(0, failedAttempts - 1));
}

export interface SenderOptions {
  /** The time (injected so tests move it instead of waiting). */
  now: () => Date;
  timeoutMs?: number;
  /** How long a claimed delivery is held before another sender may take it; must exceed the timeout. */
  leaseSeconds?: number;
  /** Deliveries claimed (and sent concurrently) per round. */
  batchSize?: number;
  userAgent?: string;
}

export interface SendResult {
  attempted: number;
  succeeded: number;
  /** Failed attempts that will be retried. */
  retrying: number;
  /** Failed attempts past the retry window: the delivery has failed for good. */
  failed: number;
}

export interface WebhookPayload {
  id: string;
  type: string;
  created_at: string;
  tenant_id: string;
  mode: 'live' | 'test';
  resource: { type: string; id: string };
  data: Record<string, unknown>;
}

export function payloadOf(o: q.OutgoingRow): WebhookPayload {
  return {
    id: o.event_id,
    type: o.event_type,
    created_at: o.event_created_at,
    tenant_id: o.tenant_id,
    mode: o.mode,
    resource: { type: o.resource_type, id: o.resource_id },
    data: o.data,
  };
}

async function readSnippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_READ_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_SNIPPET_CHARS);
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return (cause ? `${e?.message ?? 'request failed'}: ${cause}` : (e?.message ?? String(err))).slice(0, 500);
}

/** Sends one claimed delivery and returns its outcome (never throws). */
export async function attemptDelivery(o: q.OutgoingRow, opts: SenderOptions): Promise<Omit<q.AttemptOutcome, 'nextAttemptAt'>> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedAt = opts.now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const body = JSON.stringify(payloadOf(o));
  const secrets = [o.secret];
  if (o.previous_secret && o.previous_secret_expires_at && Date.parse(o.previous_secret_expires_at) > startedAt.getTime())
    secrets.push(o.previous_secret);
  const base = { tenantId: o.tenant_id, id: o.delivery_id, attempt: o.attempt_count };
  const t0 = performance.now();
  try {
    const res = await fetch(o.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': opts.userAgent ?? 'Cobre-Webhooks/1.0',
        'cobre-webhook-id': o.event_id,
        'cobre-webhook-timestamp': String(timestamp),
        'cobre-webhook-signature': signatureHeader(secrets, timestamp, body),
        'cobre-webhook-delivery': o.delivery_id,
        'cobre-webhook-attempt': String(o.attempt_count),
      },
    });
    const responseBody = await readSnippet(res).catch(() => '');
    const ok = res.status >= 200 && res.status < 300;
    return {
      ...base,
      ok,
      statusCode: res.status,
      error: ok ? null : res.status >= 300 && res.status < 400 ? `redirect (${res.status}) not followed` : `HTTP ${res.status}`,
      responseBody,
      durationMs: Math.round(performance.now() - t0),
      at: opts.now(),
    };
  } catch (err) {
    return {
      ...base,
      ok: false,
      statusCode: null,
      error: describeError(err, timeoutMs),
      responseBody: null,
      durationMs: Math.round(performance.now() - t0),
      at: opts.now(),
    };
  }
}

/** One round: claim due deliveries, send them concurrently, record each outcome. */
export async function sendDue(db: Db, opts: SenderOptions): Promise<SendResult> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const leaseSeconds = opts.leaseSeconds ?? Math.ceil(timeoutMs / 1000) + 50;
  const claimed = await q.claimDueDeliveries(db, opts.now(), leaseSeconds, opts.batchSize ?? 20);
  if (claimed.length === 0) return { attempted: 0, succeeded: 0, retrying: 0, failed: 0 };
  const outgoing = await q.loadOutgoing(db, claimed);
  const retryUntil = new Map(claimed.map((c) => [c.id, Date.parse(c.retry_until)]));
  const result: SendResult = { attempted: outgoing.length, succeeded: 0, retrying: 0, failed: 0 };
  await Promise.all(
    outgoing.map(async (o) => {
      const attempt = await attemptDelivery(o, opts);
      let nextAttemptAt: Date | null = null;
      if (!attempt.ok) {
        const next = attempt.at.getTime() + retryDelaySeconds(o.attempt_count) * 1000;
        nextAttemptAt = next <= retryUntil.get(o.delivery_id)! ? new Date(next) : null;
        if (nextAttemptAt) result.retrying++;
        else result.failed++;
      } else result.succeeded++;
      await db.transaction((tx) => q.recordOutcome(tx, { ...attempt, nextAttemptAt }));
    }),
  );
  return result;
}

/** Sends until nothing is due (tests, CLI); at most `maxRounds` rounds. */
export async function sendAllDue(db: Db, opts: SenderOptions & { maxRounds?: number }): Promise<SendResult> {
  const total: SendResult = { attempted: 0, succeeded: 0, retrying: 0, failed: 0 };
  for (let i = 0; i < (opts.maxRounds ?? 50); i++) {
    const r = await sendDue(db, opts);
    if (r.attempted === 0) break;
    total.attempted += r.attempted;
    total.succeeded += r.succeeded;
    total.retrying += r.retrying;
    total.failed += r.failed;
  }
  return total;
}
