// HTTP client for a PSP's API: OAuth2 client credentials over mutual TLS, retries with back-off,
// and a redacted record of every exchange. It knows nothing of charges (see pix-api.ts for that).
//
// Agents (TLS sessions, keep-alive sockets) and access tokens are cached at module level per
// cache key, so the short-lived clients that jobs build for one call share them. The caller's key
// (a connection id plus its updated_at) is combined with a fingerprint of the credentials, so
// changed credentials can never reuse a token or agent made for the old ones.

import { createHash } from 'node:crypto';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../platform/clock.ts';

export type PspCertificate =
  | { kind: 'pem'; certPem: string; keyPem: string; keyPassword?: string | null }
  | { kind: 'pfx'; pfx: Buffer; password: string };

export interface PspCredentials {
  /** The API root, path prefix included (e.g. https://pix.example.com/api/v2); paths are appended to it. */
  baseUrl: string;
  /** Default `${baseUrl}/oauth/token`. */
  tokenUrl?: string | null;
  clientId: string;
  clientSecret: string;
  certificate: PspCertificate | null;
  /** An extra trusted CA (a PSP's private CA, or a test CA), added to Node's default roots. */
  caPem?: string | null;
  /** OAuth2 scopes, space-separated (e.g. "cob.write cob.read"); omitted when null. */
  scope?: string | null;
}

/** One HTTP attempt, token calls included, with every secret removed. */
export interface PspExchange {
  at: Date;
  method: string;
  path: string;
  query?: Record<string, string>;
  requestBody: unknown;
  status: number | null;
  responseBody: unknown;
  durationMs: number;
  /** Attempt number of the call this exchange belongs to (1-based). */
  attempt: number;
  error: string | null;
}

export type PspErrorCode = 'http' | 'network' | 'timeout' | 'auth' | 'tls';

export class PspError extends Error {
  readonly status: number | null;
  /** The parsed problem+json (RFC 7807) or other error body, secrets redacted. */
  readonly problem: unknown;
  /** True when trying the same call again later may succeed (a job should reschedule it). */
  readonly retryable: boolean;
  readonly code: PspErrorCode;
  /** The wait the PSP asked for (Retry-After), when it asked. */
  readonly retryAfterMs: number | null;
  /**
   * True when a non-idempotent request (POST) may or may not have been processed (connection lost
   * or timeout after sending, or an ambiguous 5xx). Repeating it could duplicate the effect: the
   * caller must find out (e.g. list what exists) instead of retrying.
   */
  readonly outcomeUnknown: boolean;

  constructor(
    code: PspErrorCode,
    message: string,
    o: { status?: number | null; problem?: unknown; retryable?: boolean; retryAfterMs?: number | null; outcomeUnknown?: boolean } = {},
  ) {
    super(message);
    this.name = 'PspError';
    this.code = code;
    this.status = o.status ?? null;
    this.problem = o.problem ?? null;
    this.retryable = o.retryable ?? false;
    this.retryAfterMs = o.retryAfterMs ?? null;
    this.outcomeUnknown = o.outcomeUnknown ?? false;
  }
}

export type PspMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface PspRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * POST is not idempotent: after a lost connection or a timeout it is not repeated unless the
   * caller says that doing it twice is harmless (e.g. creating an unused location).
   */
  retrySafe?: boolean;
}

export interface PspClientOptions {
  /** e.g. connection id + its updated_at: a changed connection gets a new token and agent. */
  cacheKey: string;
  credentials: PspCredentials;
  clock: Clock;
  onExchange?: (e: PspExchange) => void | Promise<void>;
  /** Attempts per call, the first included. Default 4. */
  maxAttempts?: number;
  /** First back-off delay. Default 250 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts; a longer Retry-After gives up with a retryable error. Default 30 s. */
  maxDelayMs?: number;
  /** Per attempt, from sending to the whole response. Default 15 s. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const REDACTED = '[redacted]';
const SENSITIVE_KEYS = new Set(['access_token', 'refresh_token', 'id_token', 'client_secret', 'password', 'authorization']);
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const MAX_CACHED_CONNECTIONS = 256;
/** Used when a token response has no expires_in (RFC 6749 makes it optional). */
const DEFAULT_TOKEN_LIFETIME_S = 300;

interface CachedToken {
  value: string;
  /** On the injected clock, safety margin already taken off. */
  expiresAtMs: number;
}

interface Entry {
  agent: https.Agent;
  token: CachedToken | null;
  /** The token request in flight, shared by every caller that needs a token meanwhile. */
  pending: Promise<string> | null;
  /** Every token this entry received: scrubbed from whatever is logged or thrown. */
  issued: Set<string>;
  active: number;
  closing: boolean;
}

const entries = new Map<string, Entry>();

function destroyEntry(key: string, entry: Entry): void {
  if (entries.get(key) === entry) entries.delete(key);
  entry.closing = true;
  if (entry.active === 0) entry.agent.destroy();
}

/** Drops every cached token and agent (tests; or after a bulk credential change). */
export function forgetPspClients(): void {
  for (const [key, entry] of [...entries]) destroyEntry(key, entry);
}

function fingerprint(c: PspCredentials): string {
  const h = createHash('sha256');
  const cert = c.certificate;
  const parts = [c.baseUrl, c.tokenUrl ?? '', c.clientId, c.clientSecret, c.caPem ?? '', c.scope ?? ''];
  if (cert?.kind === 'pem') parts.push('pem', cert.certPem, cert.keyPem, cert.keyPassword ?? '');
  else if (cert?.kind === 'pfx') parts.push('pfx', cert.pfx.toString('base64'), cert.password);
  else parts.push('none');
  for (const p of parts) h.update(String(p.length)).update(':').update(p);
  return h.digest('hex');
}

function agentOptions(c: PspCredentials): https.AgentOptions {
  const o: https.AgentOptions = { keepAlive: true, maxSockets: 32 };
  const cert = c.certificate;
  if (cert?.kind === 'pem') {
    o.cert = cert.certPem;
    o.key = cert.keyPem;
    if (cert.keyPassword) o.passphrase = cert.keyPassword;
  } else if (cert?.kind === 'pfx') {
    o.pfx = cert.pfx;
    o.passphrase = cert.password;
  }
  // Passing `ca` replaces Node's trust store, so the default roots are passed along with it.
  if (c.caPem) o.ca = [...tls.rootCertificates, c.caPem];
  return o;
}

/** application/x-www-form-urlencoded, as RFC 6749 §2.3.1 asks for the client id and secret. */
function formEncode(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const date = Date.parse(t);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** Set when the content type said JSON but the text was not. */
  invalidJson: boolean;
}

/** An error raised before the PSP could act on the request (nothing to fear from repeating it). */
interface NotSent {
  notSent?: boolean;
}

class TimeoutError extends Error {
  readonly code = 'PSP_TIMEOUT';
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function tlsHint(code: string, message: string): string {
  const s = `${code} ${message}`.toUpperCase();
  if (s.includes('CERTIFICATE_REQUIRED') || s.includes('HANDSHAKE_FAILURE'))
    return 'the PSP requires a client certificate (mTLS) and did not get an acceptable one';
  if (
    s.includes('UNKNOWN_CA') ||
    s.includes('BAD_CERTIFICATE') ||
    s.includes('CERTIFICATE_UNKNOWN') ||
    s.includes('UNSUPPORTED_CERTIFICATE')
  )
    return 'the PSP refused the client certificate (not issued by a CA it trusts, or not the one it registered)';
  if (s.includes('CERTIFICATE_EXPIRED') || s.includes('CERTIFICATE_REVOKED'))
    return 'the PSP refused the client certificate (expired or revoked)';
  if (s.includes('ALTNAME')) return "the PSP's server certificate does not name this host";
  if (s.includes('SELF_SIGNED') || s.includes('UNABLE_TO_VERIFY') || s.includes('UNABLE_TO_GET_ISSUER') || s.includes('CERT_UNTRUSTED'))
    return "the PSP's server certificate is not trusted (is its CA missing from the connection's CA certificate?)";
  if (s.includes('CERT_HAS_EXPIRED') || s.includes('CERT_NOT_YET_VALID')) return "the PSP's server certificate is outside its validity";
  return 'TLS failure';
}

function isTlsError(code: string, message: string): boolean {
  return /SSL|TLS|CERT|SIGNATURE|ALERT/i.test(code) || /alert|certificate|handshake/i.test(message);
}

export class PspClient {
  private readonly key: string;
  private readonly credentials: PspCredentials;
  private readonly clock: Clock;
  private readonly onExchange?: (e: PspExchange) => void | Promise<void>;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly base: string;
  private readonly tokenUrl: URL;
  private readonly secrets: string[];

  constructor(o: PspClientOptions) {
    this.credentials = o.credentials;
    this.key = `${o.cacheKey}\u0000${fingerprint(o.credentials)}`;
    this.clock = o.clock;
    this.onExchange = o.onExchange;
    this.maxAttempts = Math.max(1, o.maxAttempts ?? 4);
    this.baseDelayMs = o.baseDelayMs ?? 250;
    this.maxDelayMs = o.maxDelayMs ?? 30_000;
    this.timeoutMs = o.timeoutMs ?? 15_000;
    this.sleep = o.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const base = new URL(o.credentials.baseUrl); // throws on a malformed URL, early
    if (base.protocol !== 'https:') throw new PspError('tls', `PSP base URL must be https: ${base.origin}`);
    this.base = o.credentials.baseUrl.replace(/\/+$/, '');
    this.tokenUrl = new URL(o.credentials.tokenUrl || `${this.base}/oauth/token`);
    if (this.tokenUrl.protocol !== 'https:') throw new PspError('tls', `PSP token URL must be https: ${this.tokenUrl.origin}`);
    const cert = o.credentials.certificate;
    this.secrets = [o.credentials.clientSecret, cert?.kind === 'pem' ? (cert.keyPassword ?? '') : (cert?.password ?? '')].filter(
      (s) => s.length >= 4,
    );
  }

  /** Sends one API call: token, retries and back-off included. Resolves with 2xx responses only. */
  async request<T = unknown>(method: PspMethod, path: string, o: PspRequestOptions = {}): Promise<{ status: number; body: T }> {
    if (!path.startsWith('/')) throw new Error(`PSP path must start with "/": ${path}`);
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.query ?? {})) if (v !== undefined) query[k] = String(v);
    const url = new URL(this.base + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const payload = o.body === undefined ? null : Buffer.from(JSON.stringify(o.body));
    const idempotent = method !== 'POST' || o.retrySafe === true;

    const entry = this.entry();
    entry.active++;
    try {
      let renewed = false;
      let failures = 0;
      for (let attempt = 1; ; attempt++) {
        let error: PspError & NotSent;
        try {
          const token = await this.token(entry, attempt);
          const res = await this.exchange(entry, {
            method,
            url,
            path,
            query: Object.keys(query).length ? query : undefined,
            headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) },
            payload,
            logBody: o.body ?? null,
            attempt,
          });
          if (res.status >= 200 && res.status < 300) {
            if (res.invalidJson)
              throw new PspError('http', `PSP ${method} ${path} answered ${res.status} with invalid JSON`, {
                status: res.status,
                problem: res.body,
              });
            return { status: res.status, body: res.body as T };
          }
          if (res.status === 401 && !renewed) {
            // The PSP may revoke a token before its expiry: get a new one and try once more.
            renewed = true;
            if (entry.token?.value === token) entry.token = null;
            continue;
          }
          error = this.httpError(method, path, res);
        } catch (e) {
          error = this.asPspError(e, method, path);
        }
        failures++;
        const retry = error.retryable && (idempotent || error.notSent || error.status === 429 || error.status === 503);
        if (!retry) throw this.final(error, idempotent);
        if (failures >= this.maxAttempts) throw error;
        await this.sleep(this.delay(error, failures));
      }
    } finally {
      entry.active--;
      if (entry.closing && entry.active === 0) entry.agent.destroy();
    }
  }

  /** A valid access token: the cached one, or a new one (one request shared by concurrent callers). */
  async accessToken(): Promise<string> {
    const entry = this.entry();
    entry.active++;
    try {
      return await this.token(entry, 1);
    } finally {
      entry.active--;
      if (entry.closing && entry.active === 0) entry.agent.destroy();
    }
  }

  /** Forgets this connection's token and agent; requests in flight finish first. */
  close(): void {
    const entry = entries.get(this.key);
    if (entry) destroyEntry(this.key, entry);
  }

  private entry(): Entry {
    let entry = entries.get(this.key);
    if (entry) {
      // Most recently used last, so eviction below takes the least recently used.
      entries.delete(this.key);
      entries.set(this.key, entry);
      return entry;
    }
    const options = agentOptions(this.credentials);
    try {
      // Fail here with a clear message rather than with an obscure socket error per request.
      tls.createSecureContext({ cert: options.cert, key: options.key, pfx: options.pfx, passphrase: options.passphrase, ca: options.ca });
    } catch (e) {
      throw new PspError('tls', this.scrubText(`the PSP client certificate or CA could not be loaded: ${(e as Error).message}`));
    }
    entry = { agent: new https.Agent(options), token: null, pending: null, issued: new Set(), active: 0, closing: false };
    entries.set(this.key, entry);
    if (entries.size > MAX_CACHED_CONNECTIONS) {
      for (const [k, e] of entries) {
        if (e.active === 0 && k !== this.key) {
          destroyEntry(k, e);
          break;
        }
      }
    }
    return entry;
  }

  private async token(entry: Entry, attempt: number): Promise<string> {
    const now = this.clock.now().getTime();
    if (entry.token && entry.token.expiresAtMs > now) return entry.token.value;
    if (!entry.pending) {
      entry.pending = this.fetchToken(entry, attempt).finally(() => {
        entry.pending = null;
      });
    }
    return entry.pending;
  }

  private async fetchToken(entry: Entry, attempt: number): Promise<string> {
    const c = this.credentials;
    const form: Record<string, string> = { grant_type: 'client_credentials' };
    if (c.scope) form.scope = c.scope;
    const basic = Buffer.from(`${formEncode(c.clientId)}:${formEncode(c.clientSecret)}`).toString('base64');
    const path = this.tokenUrl.pathname;
    let res: RawResponse;
    try {
      res = await this.exchange(entry, {
        method: 'POST',
        url: this.tokenUrl,
        path,
        headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: Buffer.from(new URLSearchParams(form).toString()),
        logBody: form,
        attempt,
      });
    } catch (e) {
      throw Object.assign(this.asPspError(e, 'POST', path), { notSent: true });
    }
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | null;
    if (res.status >= 200 && res.status < 300 && body && typeof body.access_token === 'string' && body.access_token !== '') {
      const lifetimeS = Number(body.expires_in ?? DEFAULT_TOKEN_LIFETIME_S);
      const lifetime = Number.isFinite(lifetimeS) && lifetimeS > 0 ? lifetimeS * 1000 : DEFAULT_TOKEN_LIFETIME_S * 1000;
      // Renew before expiry: the request must still be valid when it reaches the PSP.
      const margin = Math.min(60_000, lifetime / 10);
      entry.issued.add(body.access_token);
      if (entry.issued.size > 16) entry.issued.delete(entry.issued.values().next().value as string);
      entry.token = { value: body.access_token, expiresAtMs: this.clock.now().getTime() + lifetime - margin };
      return body.access_token;
    }
    const problem = this.redact(res.body, entry);
    if (res.status >= 200 && res.status < 300)
      throw Object.assign(
        new PspError('auth', `PSP token endpoint answered ${res.status} without an access_token`, { status: res.status, problem }),
        { notSent: true },
      );
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const p = problem as { error?: unknown; error_description?: unknown } | null;
      const reason =
        p && typeof p === 'object' && typeof p.error === 'string'
          ? `: ${p.error}${typeof p.error_description === 'string' ? ` (${p.error_description})` : ''}`
          : '';
      throw Object.assign(
        new PspError('auth', this.scrubText(`PSP refused the client credentials (${res.status} from ${path})${reason}`), {
          status: res.status,
          problem,
        }),
        { notSent: true },
      );
    }
    return Promise.reject(Object.assign(this.httpError('POST', path, res), { notSent: true }));
  }

  /** One HTTP attempt, reported through onExchange whatever its outcome. */
  private async exchange(
    entry: Entry,
    r: {
      method: string;
      url: URL;
      path: string;
      query?: Record<string, string>;
      headers: Record<string, string>;
      payload: Buffer | null;
      logBody: unknown;
      attempt: number;
    },
  ): Promise<RawResponse> {
    const at = this.clock.now();
    const started = performance.now();
    let res: RawResponse | null = null;
    let failure: unknown = null;
    try {
      res = await this.send(entry.agent, r.method, r.url, r.headers, r.payload);
      return res;
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      if (this.onExchange) {
        const e: PspExchange = {
          at,
          method: r.method,
          path: r.path,
          ...(r.query ? { query: { ...r.query } } : {}),
          requestBody: this.redact(r.logBody, entry),
          status: res?.status ?? null,
          responseBody: res ? this.redact(res.body, entry) : null,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          attempt: r.attempt,
          error: failure ? this.scrubText(this.asPspError(failure, r.method, r.path).message, entry) : null,
        };
        try {
          await this.onExchange(e);
        } catch {
          // The exchange log is an observer: its failure must not change the outcome of a call
          // that the PSP has already processed.
        }
      }
    }
  }

  private send(
    agent: https.Agent,
    method: string,
    url: URL,
    headers: Record<string, string>,
    payload: Buffer | null,
  ): Promise<RawResponse> {
    return new Promise<RawResponse>((resolve, reject) => {
      const req = https.request(url, {
        method,
        agent,
        headers: { accept: 'application/json', ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
      });
      // A PSP that refuses the client certificate under TLS 1.3 does so after the client's side of
      // the handshake is done; its alert is often lost in the reset. Say so when that is likely.
      let handshaken = false;
      let responded = false;
      let forget = () => {};
      // Once the response has begun, destroying the request surfaces as a generic "aborted" error
      // on the response: remember why it was destroyed.
      let cause: Error | null = null;
      const abort = (e: Error) => {
        cause ??= e;
        req.destroy(e);
      };
      const timer = setTimeout(() => abort(new TimeoutError(`no complete answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      const fail = (e: unknown) => {
        clearTimeout(timer);
        forget();
        reject(cause ?? e);
      };
      req.on('socket', (socket) => {
        if (req.reusedSocket) return;
        const onSecure = () => (handshaken = true);
        socket.once('secureConnect', onSecure);
        forget = () => socket.off('secureConnect', onSecure); // the socket outlives the request (keep-alive)
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (
          handshaken &&
          !responded &&
          !req.reusedSocket &&
          this.credentials.certificate &&
          (e.code === 'ECONNRESET' || e.code === 'EPIPE')
        ) {
          (e as Error & { hint?: string }).hint =
            'the PSP closed a new connection right after the TLS handshake: it may have refused the client certificate';
        }
        fail(e);
      });
      req.on('response', (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_RESPONSE_BYTES) abort(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('error', fail);
        res.on('close', () => {
          if (!res.complete) fail(new Error('connection closed before the response was complete'));
        });
        res.on('end', () => {
          clearTimeout(timer);
          forget();
          const text = Buffer.concat(chunks).toString('utf8');
          const type = String(res.headers['content-type'] ?? '').toLowerCase();
          let body: unknown = text === '' ? null : text;
          let invalidJson = false;
          if (text !== '' && /[/+]json\b/.test(type)) {
            try {
              body = JSON.parse(text);
            } catch {
              invalidJson = true;
            }
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, invalidJson });
        });
      });
      req.end(payload ?? undefined);
    });
  }

  private httpError(method: string, path: string, res: RawResponse): PspError {
    const entry = entries.get(this.key);
    const problem = this.redact(res.body, entry);
    const retryable = res.status >= 500 || res.status === 429;
    const retryAfterMs =
      res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after'], this.clock.now().getTime()) : null;
    const p = problem as { title?: unknown; detail?: unknown } | null;
    let summary = '';
    if (p && typeof p === 'object') summary = [p.title, p.detail].filter((x) => typeof x === 'string' && x !== '').join(': ');
    else if (typeof problem === 'string') summary = problem.slice(0, 200);
    const code = res.status === 401 || res.status === 403 ? 'auth' : 'http';
    return new PspError(code, this.scrubText(`PSP ${method} ${path} answered ${res.status}${summary ? ` (${summary})` : ''}`, entry), {
      status: res.status,
      problem,
      retryable,
      retryAfterMs,
    });
  }

  private asPspError(e: unknown, method: string, path: string): PspError & NotSent {
    if (e instanceof PspError) return e;
    const err = e as NodeJS.ErrnoException;
    const code = String(err?.code ?? '');
    const message = String(err?.message ?? e);
    const target = `${method} ${path}`;
    if (e instanceof TimeoutError) return new PspError('timeout', `PSP ${target}: ${message}`, { retryable: true });
    if (isTlsError(code, message)) {
      // A refused handshake is a configuration problem: repeating it changes nothing.
      return new PspError(
        'tls',
        this.scrubText(`TLS with the PSP failed on ${target}: ${tlsHint(code, message)} [${code || 'no code'}: ${message}]`),
      );
    }
    const notSent = CONNECT_CODES.has(code);
    const hint = (e as { hint?: string }).hint;
    const text = `PSP ${target}: network error ${code ? `${code} ` : ''}${message}${hint ? ` (${hint})` : ''}`;
    return Object.assign(new PspError('network', this.scrubText(text), { retryable: true }), { notSent });
  }

  /** The error given to the caller when no more attempts are made. */
  private final(error: PspError & NotSent, idempotent: boolean): PspError {
    if (idempotent || error.notSent || !error.retryable) return error;
    // A POST that may have been processed: a later blind retry could do it twice.
    return new PspError(error.code, `${error.message}; the POST may or may not have been processed`, {
      status: error.status,
      problem: error.problem,
      retryable: false,
      retryAfterMs: error.retryAfterMs,
      outcomeUnknown: true,
    });
  }

  private delay(error: PspError, failures: number): number {
    if (error.retryAfterMs !== null) {
      if (error.retryAfterMs > this.maxDelayMs) {
        throw new PspError(
          error.code,
          `${error.message}; the PSP asks to retry after ${Math.ceil(error.retryAfterMs / 1000)} s, longer than this client waits`,
          {
            status: error.status,
            problem: error.problem,
            retryable: true,
            retryAfterMs: error.retryAfterMs,
          },
        );
      }
      return error.retryAfterMs;
    }
    const exp = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (failures - 1));
    // Half fixed, half random: spreads the retries of many clients hit by the same outage.
    return Math.round(exp / 2 + (Math.random() * exp) / 2);
  }

  private redact(value: unknown, entry?: Entry): unknown {
    if (typeof value === 'string') return this.scrubText(value, entry);
    if (Array.isArray(value)) return value.map((v) => this.redact(v, entry));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = SENSITIVE_KEYS.has(k.toLowerCase()) ? REDACTED : this.redact(v, entry);
      return out;
    }
    return value;
  }

  private scrubText(text: string, entry: Entry | undefined = entries.get(this.key)): string {
    let out = text;
    for (const s of [...this.secrets, ...(entry?.issued ?? [])]) if (s.length >= 4) out = out.split(s).join(REDACTED);
    return out;
  }
}
