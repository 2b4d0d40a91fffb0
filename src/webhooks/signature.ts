// Signing: Cobre-Webhook-Signature: v1=<hex HMAC-SHA256(secret, `${timestamp}.${body}`)>, the
// timestamp being the Cobre-Webhook-Timestamp header (Unix seconds). During a secret rotation's
// grace period the header carries one v1= entry per valid secret, separated by spaces.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../platform/ids.ts';

export const SIGNATURE_HEADER = 'cobre-webhook-signature';
export const TIMESTAMP_HEADER = 'cobre-webhook-timestamp';
export const ID_HEADER = 'cobre-webhook-id';

export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}

export function signatureOf(secret: string, timestamp: number | string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return secrets.map((s) => `v1=${signatureOf(s, timestamp, body)}`).join(' ');
}

/**
 * What a receiver does (also documented in docs/webhooks.md): recompute the HMAC over the raw
 * body and compare in constant time; refuse timestamps older than the tolerance (replays).
 */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  opts: { toleranceSeconds?: number; nowSeconds?: number } = {},
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  return signature.split(' ').some((part) => {
    const m = /^v1=([0-9a-f]{64})$/.exec(part.trim());
    return !!m && timingSafeEqual(Buffer.from(m[1], 'hex'), expected);
  });
}
