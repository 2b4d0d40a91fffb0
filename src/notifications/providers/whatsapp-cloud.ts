// WhatsApp through Meta's Cloud API (graph.facebook.com), template messages only: a business may
// start a conversation with a payer only with a template Meta approved.
//
// The Cloud API has no idempotency key, so a message sent again after a worker died mid-send may
// reach the payer twice: dedupesById is false and the outbox must not resend blindly.
//
// Error codes: https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/
// (Meta asks to branch on `code`, not on titles or subcodes.) What we do with each:
//   131026 Message undeliverable (not a WhatsApp number, …), 131021 recipient is the sender,
//     100/131008/131009 invalid parameter when it is the `to` number        → bounced
//   0, 3, 10, 190 (token expired), 200–299 (permissions), HTTP 401/403,
//     131030 recipient not in the allowed list (a test-mode app: the tenant must add it),
//     131031/368 account locked or restricted, 131042 payment, 133010 number not registered
//                                                                         → failed, not permanent
//   132000–132999 template errors (parameter count, missing, paused, disabled …),
//     131047 re-engagement, 131050 payer stopped marketing messages, 131051 unsupported type,
//     other 100/131008/131009 (a request of ours the API refuses)         → failed, permanent
//   4, 80007, 130429, 131048, 131056 rate limits, HTTP 429, 1, 2, 131000, 131016, 133004,
//     131049 (Meta chose not to deliver now), HTTP 5xx                     → retriable, Retry-After
import { phoneToE164Digits } from './phone.ts';
import { DEFAULT_HTTP_TIMEOUT_MS, excerpt, type HttpAnswer, requestJson, retryAfterSeconds } from './http.ts';
import type { OutgoingMessage, Provider, SendOutcome } from './types.ts';

export interface WhatsappCloudProviderSettings {
  /** Default https://graph.facebook.com */
  base_url?: string;
  /** Graph API version, default v21.0 */
  api_version?: string;
  /** The id of the business phone number in the WhatsApp Business Account (not the number itself). */
  phone_number_id: string;
}

export interface WhatsappCloudProviderSecret {
  /** A system-user access token with whatsapp_business_messaging. */
  access_token: string;
}

export interface WhatsappCloudProviderOptions {
  timeoutMs?: number;
}

export const WHATSAPP_DEFAULT_BASE_URL = 'https://graph.facebook.com';
export const WHATSAPP_DEFAULT_API_VERSION = 'v21.0';

interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

const BOUNCE_CODES = new Set([131026, 131021]);
const INVALID_PARAMETER_CODES = new Set([100, 131008, 131009]);
const ACCOUNT_CODES = new Set([0, 3, 10, 190, 131030, 131031, 368, 131042, 133010, 131005]);
const RATE_CODES = new Set([4, 80007, 130429, 131048, 131056]);
const TRANSIENT_CODES = new Set([1, 2, 131000, 131016, 133004, 131049]);

function describe(e: GraphError, status: number): string {
  const details = e.error_data?.details ? ` (${e.error_data.details})` : '';
  return `WhatsApp Cloud API: ${e.message ?? `HTTP ${status}`}${details} [code ${e.code ?? '?'}${e.fbtrace_id ? `, fbtrace_id ${e.fbtrace_id}` : ''}]`;
}

/** The outcome of a Graph API error answer. */
export function whatsappErrorOutcome(status: number, e: GraphError, retryAfter?: number): SendOutcome {
  const code = typeof e.code === 'number' ? e.code : -1;
  const reason = describe(e, status);
  const retry = (r: string): SendOutcome => ({
    status: 'failed',
    permanent: false,
    bounced: false,
    reason: r,
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  });

  if (BOUNCE_CODES.has(code)) return { status: 'failed', permanent: true, bounced: true, reason };
  if (INVALID_PARAMETER_CODES.has(code)) {
    // The invalid parameter is the recipient number: the address is bad.
    const text = `${e.message ?? ''} ${e.error_data?.details ?? ''}`;
    const aboutTo = /(?:\bto\b|phone number|recipient)/i.test(text) && !/template|component|language/i.test(text);
    return { status: 'failed', permanent: true, bounced: aboutTo, reason };
  }
  if (code === 190 || status === 401)
    return { status: 'failed', permanent: false, bounced: false, reason: `${reason} (credentials refused)` };
  if (ACCOUNT_CODES.has(code) || (code >= 200 && code <= 299) || status === 403) {
    return { status: 'failed', permanent: false, bounced: false, reason };
  }
  if (RATE_CODES.has(code) || status === 429) return retry(reason);
  if (TRANSIENT_CODES.has(code) || status >= 500) return retry(reason);
  if ((code >= 132000 && code <= 132999) || code === 131047 || code === 131050 || code === 131051) {
    return { status: 'failed', permanent: true, bounced: false, reason };
  }
  // Another refusal of our request: the same request gets the same answer.
  return { status: 'failed', permanent: true, bounced: false, reason };
}

export function whatsappCloudProvider(
  settings: WhatsappCloudProviderSettings,
  secret: WhatsappCloudProviderSecret,
  opts: WhatsappCloudProviderOptions = {},
): Provider {
  const base = (settings.base_url || WHATSAPP_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const version = settings.api_version || WHATSAPP_DEFAULT_API_VERSION;
  const phoneUrl = `${base}/${encodeURIComponent(version)}/${encodeURIComponent(settings.phone_number_id)}`;
  const timeout = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const auth = `Bearer ${secret.access_token}`;

  return {
    channel: 'whatsapp',
    dedupesById: false,

    async send(msg: OutgoingMessage): Promise<SendOutcome> {
      if (msg.channel !== 'whatsapp') throw new Error(`whatsapp_cloud provider cannot send a ${msg.channel} message`);
      const tpl = msg.whatsappTemplate;
      if (!tpl) {
        throw new Error(
          `WhatsApp message ${msg.id} has no whatsappTemplate: the Cloud API starts a conversation only with an approved template`,
        );
      }
      const to = phoneToE164Digits(msg.to, '');
      if (!to) return { status: 'failed', permanent: true, bounced: true, reason: `not a phone number in E.164: "${msg.to}"` };
      const template: Record<string, unknown> = { name: tpl.name, language: { code: tpl.language } };
      if (tpl.parameters.length > 0) {
        template.components = [{ type: 'body', parameters: tpl.parameters.map((text) => ({ type: 'text', text })) }];
      }
      const body = { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template };

      let answer: HttpAnswer;
      try {
        answer = await requestJson(
          `${phoneUrl}/messages`,
          {
            method: 'POST',
            headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(body),
          },
          timeout,
        );
      } catch (e) {
        // Sent or not, we cannot tell; the outbox decides whether to risk a repeat.
        return { status: 'failed', permanent: false, bounced: false, reason: (e as Error).message };
      }
      if (answer.status >= 200 && answer.status < 300) {
        const id = (answer.json as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
        // Accepted without an id would be odd; it was still accepted, and sending again would repeat it.
        return { status: 'sent', providerMessageId: typeof id === 'string' ? id : null };
      }
      // Rate limits come as HTTP 429, and also as HTTP 400 with code 130429; take Retry-After when given.
      const retryAfter = retryAfterSeconds(answer.headers);
      const err = (answer.json as { error?: GraphError } | undefined)?.error;
      if (err && typeof err === 'object') return whatsappErrorOutcome(answer.status, err, retryAfter);
      return whatsappErrorOutcome(answer.status, { message: `HTTP ${answer.status}: ${excerpt(answer.text)}` }, retryAfter);
    },

    async verify(): Promise<void> {
      const answer = await requestJson(
        `${phoneUrl}?fields=display_phone_number`,
        { method: 'GET', headers: { Authorization: auth, Accept: 'application/json' } },
        timeout,
      );
      if (answer.status >= 200 && answer.status < 300) return;
      const err = (answer.json as { error?: GraphError } | undefined)?.error;
      const why = err ? describe(err, answer.status) : `WhatsApp Cloud API answered HTTP ${answer.status}: ${excerpt(answer.text)}`;
      if (answer.status === 401 || err?.code === 190) throw new Error(`${why} (access token refused)`);
      throw new Error(why);
    },
  };
}
