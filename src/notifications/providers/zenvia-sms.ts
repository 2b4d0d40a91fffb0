// SMS through Zenvia's legacy REST API (api-rest.zenvia.com/services). We use the legacy API
// because it takes an id set by the client and refuses a second message with the same id
// (detail code 080): a message sent again after a worker died mid-send is not sent twice.
//
// Request and answer as documented by Zenvia (https://zenviasms.docs.apiary.io/, English:
// https://zenviasmsenus.docs.apiary.io/): POST /services/send-sms, HTTP Basic account:password,
// body {"sendSmsRequest":{"from","to","msg","callbackOption","id","aggregateId"}}, answer
// {"sendSmsResponse":{"statusCode","statusDescription","detailCode","detailDescription"}}.
// The status and detail codes below are the table of that documentation, as reproduced in
// https://github.com/jovemnf/zenvia-api (README) and in API Blueprint copies of the same API by
// resellers (statusCode 00 Ok, 01 Scheduled, 02 Sent, 03 Delivered, … 06 Blocked - Black listed,
// 07 Blocked - Invalid Number, 10 Error; detailCode 013 "Incorrect or incomplete 'to' mobile
// number", 014 "Empty 'to' mobile number", 080 "Message with same ID already sent",
// 145 "Inactive mobile number", 171 "Bad number", 900 "Authentication error", …).
import { randomUUID } from 'node:crypto';
import { phoneToE164Digits } from './phone.ts';
import { DEFAULT_HTTP_TIMEOUT_MS, excerpt, type HttpAnswer, requestJson, retryAfterSeconds } from './http.ts';
import type { OutgoingMessage, Provider, SendOutcome } from './types.ts';

export interface ZenviaProviderSettings {
  /** Default https://api-rest.zenvia.com */
  base_url?: string;
  /** The API account ("conta"), e.g. "empresa.api". */
  account: string;
  /** Sender name shown before the text; Zenvia counts it in the message length. */
  from?: string | null;
  /** Zenvia's cost-centre ("aggregateId"), when the account uses them. */
  aggregate_id?: string | null;
}

export interface ZenviaProviderSecret {
  password: string;
}

export interface ZenviaProviderOptions {
  timeoutMs?: number;
}

export const ZENVIA_DEFAULT_BASE_URL = 'https://api-rest.zenvia.com';

/**
 * The most a message may hold. Zenvia sends up to 160 characters as one SMS; a longer text goes as
 * a concatenated message in parts of 152 characters (8 are taken by the part header), which the
 * account must have enabled, and from + msg may not exceed 1520 characters ("Mensagens longas" in
 * https://zenviasms.docs.apiary.io/ as copied by resellers; the 160/152 rule also in
 * https://support.zenvia.com/kb/en/article/452027/rules-for-sending-sms-messages-zcc).
 * So we do not cut at 152 (Zenvia splits, it does not truncate): we only cut a text that would
 * pass 1520, and mark the cut with "..." rather than "…", which is not in the GSM-7 alphabet and
 * would switch the whole message to UCS-2 (70 characters per SMS instead of 160).
 */
export const ZENVIA_MAX_CHARS = 1520;

export function fitZenviaText(text: string, from: string | null | undefined): string {
  const room = ZENVIA_MAX_CHARS - (from ? from.length + 2 : 0); // "from: " precedes the text
  const chars = Array.from(text);
  if (chars.length <= room) return text;
  return `${chars
    .slice(0, Math.max(0, room - 3))
    .join('')
    .trimEnd()}...`;
}

interface ZenviaResponse {
  statusCode?: unknown;
  statusDescription?: unknown;
  detailCode?: unknown;
  detailDescription?: unknown;
}

function zenviaResponse(json: unknown): ZenviaResponse | null {
  if (!json || typeof json !== 'object') return null;
  const r = (json as { sendSmsResponse?: unknown }).sendSmsResponse;
  return r && typeof r === 'object' ? (r as ZenviaResponse) : null;
}

const SENT_STATUS = new Set(['00', '01', '02', '03']);
/** The number itself is wrong or cannot take SMS. */
const BAD_NUMBER_DETAIL = new Set(['013', '014', '145', '171']);
/** Settings of the tenant's account (sender, international sending, account type, limits): fixable. */
const ACCOUNT_DETAIL = new Set(['018', '141', '173', '210', '901', '990']);
/** Zenvia's own trouble: try again. */
const TRANSIENT_DETAIL = new Set(['160', '190', '999']);

function describe(r: ZenviaResponse): string {
  const s = `${String(r.statusCode ?? '?')} ${String(r.statusDescription ?? '')}`.trim();
  const d = `${String(r.detailCode ?? '?')} ${String(r.detailDescription ?? '')}`.trim();
  return `Zenvia: ${s} / ${d}`;
}

/** The outcome for a Zenvia answer body, whatever its HTTP status. */
export function zenviaOutcome(r: ZenviaResponse, msgId: string, retryAfter?: number): SendOutcome {
  const status = String(r.statusCode ?? '');
  const detail = String(r.detailCode ?? '');
  const reason = describe(r);
  // 080 "Message with same ID already sent": an earlier attempt went through. This is the
  // de-duplication we rely on, so it counts as sent.
  if (detail === '080') return { status: 'sent', providerMessageId: msgId };
  if (SENT_STATUS.has(status)) return { status: 'sent', providerMessageId: msgId };
  if (detail === '900') return { status: 'failed', permanent: false, bounced: false, reason: `${reason} (credentials refused)` };
  if (BAD_NUMBER_DETAIL.has(detail) || status === '07' || status === '06') {
    // 06 "Blocked - Black listed": the number is on Zenvia's block list (the holder opted out).
    return { status: 'failed', permanent: true, bounced: true, reason };
  }
  if (ACCOUNT_DETAIL.has(detail)) return { status: 'failed', permanent: false, bounced: false, reason };
  if (TRANSIENT_DETAIL.has(detail)) {
    return {
      status: 'failed',
      permanent: false,
      bounced: false,
      reason,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    };
  }
  if (detail === '012') {
    return {
      status: 'failed',
      permanent: true,
      bounced: false,
      reason: `${reason} (longer than the account allows: ask Zenvia to enable long messages)`,
    };
  }
  // Anything else refused (empty or invalid content 010/011, id 016/021, blocked content 130/134,
  // no coverage 05/140, …): sending the same message again gets the same answer.
  return { status: 'failed', permanent: true, bounced: false, reason };
}

function basicAuth(account: string, password: string): string {
  return `Basic ${Buffer.from(`${account}:${password}`, 'utf8').toString('base64')}`;
}

export function zenviaSmsProvider(
  settings: ZenviaProviderSettings,
  secret: ZenviaProviderSecret,
  opts: ZenviaProviderOptions = {},
): Provider {
  const base = (settings.base_url || ZENVIA_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const timeout = opts.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS;
  const headers = {
    Authorization: basicAuth(settings.account, secret.password),
    'Content-Type': 'application/json',
    Accept: 'application/json',
  };

  return {
    channel: 'sms',
    dedupesById: true,

    async send(msg: OutgoingMessage): Promise<SendOutcome> {
      if (msg.channel !== 'sms') throw new Error(`zenvia provider cannot send a ${msg.channel} message`);
      const to = phoneToE164Digits(msg.to, '');
      if (!to) return { status: 'failed', permanent: true, bounced: true, reason: `not a phone number in E.164: "${msg.to}"` };
      const request: Record<string, unknown> = {
        ...(settings.from ? { from: settings.from } : {}),
        to,
        msg: fitZenviaText(msg.text, settings.from),
        callbackOption: 'NONE',
        id: msg.id,
        ...(settings.aggregate_id ? { aggregateId: settings.aggregate_id } : {}),
      };
      let answer: HttpAnswer;
      try {
        answer = await requestJson(
          `${base}/services/send-sms`,
          { method: 'POST', headers, body: JSON.stringify({ sendSmsRequest: request }) },
          timeout,
        );
      } catch (e) {
        return { status: 'failed', permanent: false, bounced: false, reason: (e as Error).message };
      }
      const { status } = answer;
      if (status === 401 || status === 403) {
        return { status: 'failed', permanent: false, bounced: false, reason: `Zenvia refused the credentials (HTTP ${status})` };
      }
      const r = zenviaResponse(answer.json);
      const overloaded = status === 429 || status >= 500;
      const retryAfter = overloaded ? retryAfterSeconds(answer.headers) : undefined;
      if (r && (!overloaded || r.detailCode === '080' || SENT_STATUS.has(String(r.statusCode)))) {
        return zenviaOutcome(r, msg.id, retryAfter);
      }
      if (overloaded) {
        return {
          status: 'failed',
          permanent: false,
          bounced: false,
          reason: `Zenvia answered HTTP ${status}${r ? `: ${describe(r)}` : answer.text ? `: ${excerpt(answer.text)}` : ''}`,
          ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
        };
      }
      if (status === 404) {
        // Not the API at all: a wrong base_url is a setting the tenant can fix.
        return {
          status: 'failed',
          permanent: false,
          bounced: false,
          reason: `Zenvia answered HTTP 404 at ${base}/services/send-sms: check base_url`,
        };
      }
      if (status >= 400) {
        return { status: 'failed', permanent: true, bounced: false, reason: `Zenvia answered HTTP ${status}: ${excerpt(answer.text)}` };
      }
      // 2xx without the documented answer: the message may have gone out; the id makes a retry safe.
      return {
        status: 'failed',
        permanent: false,
        bounced: false,
        reason: `unexpected answer from Zenvia (HTTP ${status}): ${excerpt(answer.text)}`,
      };
    },

    async verify(): Promise<void> {
      // Asking for the status of an id that does not exist costs nothing and proves the login.
      const answer = await requestJson(`${base}/services/get-sms-status/${randomUUID()}`, { method: 'GET', headers }, timeout);
      if (answer.status === 401 || answer.status === 403) throw new Error(`Zenvia refused the credentials (HTTP ${answer.status})`);
      const body = answer.json as { getSmsStatusResp?: { detailCode?: unknown } } | undefined;
      if (body?.getSmsStatusResp?.detailCode === '900') throw new Error('Zenvia refused the credentials (authentication error)');
    },
  };
}
