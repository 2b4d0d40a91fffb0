// The one way the console talks to the API: same-origin fetch with the session cookie, the
// X-Cobre-CSRF header on every write, and errors turned into ApiError (the canonical envelope).
import { explainError } from './errors.ts';

export interface ErrorDetail {
  field?: string;
  issue: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId: string | null;
  /** The envelope's own message (the API's words). */
  readonly apiMessage: string;
  readonly meta: Record<string, unknown>;
  constructor(
    status: number,
    code: string,
    apiMessage: string,
    details: ErrorDetail[],
    requestId: string | null,
    meta: Record<string, unknown> = {},
  ) {
    super(explainError(status, code, apiMessage));
    this.status = status;
    this.code = code;
    this.apiMessage = apiMessage;
    this.details = details;
    this.requestId = requestId;
    this.meta = meta;
  }
  /** The route does not exist on this server (yet): the feature is not available. */
  get missingEndpoint(): boolean {
    return this.status === 404 && /^No route /.test(this.apiMessage);
  }
}

export interface Page<T> {
  data: T[];
  page: number | null;
  page_size: number;
  total: number | null;
  total_is_exact: boolean;
  has_more: boolean;
  next_cursor: string | null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function qs(query: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  /** A file or blob sent as the raw body (uploads). */
  file?: Blob;
  contentType?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
}

let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export async function api<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') headers['x-cobre-csrf'] = '1';
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let payload: BodyInit | undefined;
  if (opts.file) {
    payload = opts.file;
    headers['content-type'] = opts.contentType || opts.file.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(path + qs(opts.query), { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached', [], null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = json?.error ?? {};
    const { code, message, details, request_id, ...meta } = e;
    const err = new ApiError(
      res.status,
      code ?? 'http_' + res.status,
      message ?? res.statusText,
      Array.isArray(details) ? details : [],
      request_id ?? res.headers.get('x-request-id'),
      meta,
    );
    if (res.status === 401 && path !== '/v1/session') onUnauthorized?.();
    throw err;
  }
  return json as T;
}

export const get = <T>(path: string, query?: Query) => api<T>('GET', path, undefined, { query });
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => api<T>('POST', path, body ?? {}, opts);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A URL the browser downloads or opens itself (GET with the session cookie). */
export function href(path: string, query?: Query): string {
  return path + qs(query);
}
