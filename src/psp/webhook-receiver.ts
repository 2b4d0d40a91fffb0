// The PSP's notifications to Cobre. Cobre registers at the PSP the URL
//   {COBRE_PUBLIC_URL}/psp/webhooks/{tenant}/{connection}/{token}
// and the PSP appends /pix, /rec or /cobr (API Pix 2.9.0, the callbacks of PUT /webhook/{chave},
// /webhookrec and /webhookcobr). A call is authenticated by the secret token in its path
// (compared in constant time) and, as the connection says, by an HMAC of the body or by the TLS
// proxy's verdict on the PSP's client certificate (docs/pix.md#webhooks). An unauthenticated call
// changes nothing and learns nothing: the same 401 whatever was wrong.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../platform/db/types.ts';
import { isUuid } from '../platform/ids.ts';
import { DomainError } from '../platform/errors.ts';
import { connectionSecret } from './connections.ts';
import { registerReceivedPix, type PixItem } from './received.ts';
import { applyCobrNotifications, applyRecNotifications, type CobrNotification, type RecNotification } from './recurrences.ts';
import * as q from './queries.ts';

export type WebhookKind = 'pix' | 'rec' | 'cobr';

const digest = (s: string | Buffer) => createHash('sha256').update(s).digest();
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

export interface IncomingWebhook {
  tenantId: string;
  connectionId: string;
  token: string;
  kind: WebhookKind;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

const unauthorized = () => new DomainError('unauthorized', 'Not a valid PSP notification for this URL');

/** Who sent it: the connection, when every check passes; else a 401, the same for every failure. */
export async function authenticateWebhook(db: Db, w: IncomingWebhook): Promise<q.ConnectionRow> {
  if (!isUuid(w.tenantId) || !isUuid(w.connectionId)) throw unauthorized();
  const connection = await q.findConnection(db, w.tenantId, w.connectionId);
  if (!connection) throw unauthorized();
  const secret = connectionSecret(connection);
  if (!sameSecret(w.token, secret.webhook_token)) throw unauthorized();
  if (connection.webhook_auth === 'hmac') {
    const header = w.headers[(connection.webhook_hmac_header ?? 'x-pix-signature').toLowerCase()];
    const given = (Array.isArray(header) ? header[0] : header)?.replace(/^sha256=/i, '').trim() ?? '';
    const expected = createHmac('sha256', secret.hmac_secret ?? '')
      .update(w.rawBody)
      .digest('hex');
    if (!/^[0-9a-f]{64}$/i.test(given) || !timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), Buffer.from(expected, 'hex')))
      throw unauthorized();
  }
  if (connection.webhook_auth === 'mtls_proxy') {
    const header = w.headers[(connection.webhook_proxy_header ?? 'x-ssl-client-verify').toLowerCase()];
    if ((Array.isArray(header) ? header[0] : header) !== 'SUCCESS') throw unauthorized();
  }
  return connection;
}

function parse(raw: Buffer): Record<string, unknown> {
  try {
    const v = JSON.parse(raw.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* below */
  }
  throw new DomainError('invalid_json', 'The notification body must be a JSON object');
}

function listOf(body: Record<string, unknown>, key: string): unknown[] {
  const list = body[key];
  if (!Array.isArray(list))
    throw new DomainError('validation_failed', `The notification must carry a "${key}" array`, [{ field: key, issue: 'must be an array' }]);
  if (list.length > 1000)
    throw new DomainError('validation_failed', `At most 1000 items per notification`, [{ field: key, issue: 'more than 1000 items' }]);
  return list;
}

/** Handles an authenticated notification; the answer says what was done with it. */
export async function receiveWebhook(db: Db, w: IncomingWebhook, now: Date) {
  const connection = await authenticateWebhook(db, w);
  const body = parse(w.rawBody);
  if (w.kind === 'pix') {
    const summary = await registerReceivedPix(db, connection.tenant_id, connection, listOf(body, 'pix') as PixItem[], 'webhook', now);
    if (summary.invalid.length && summary.invalid.length === summary.received) {
      throw new DomainError(
        'validation_failed',
        `No usable Pix in the notification: ${summary.invalid.join('; ')}`,
        summary.invalid.map((issue) => ({ issue })),
      );
    }
    return summary;
  }
  if (w.kind === 'rec')
    return applyRecNotifications(db, connection.tenant_id, connection.id, listOf(body, 'recs') as RecNotification[], now);
  return applyCobrNotifications(db, connection.tenant_id, connection, listOf(body, 'cobsr') as CobrNotification[], now);
}
