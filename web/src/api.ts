// The one way the console talks to the API: same-origin fetch with the session cookie, the
// X-Cobre-CSRF header on every write, and errors turned into ApiError (the canonical envelope).
import { explainError } from './errors.ts';
import type { paths } from './api-schema.generated.ts';

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

// Types from the document (web/src/api-schema.generated.ts, `npm run api:types`): a call's path,
// a literal or a template literal like `/v1/charges/${id}`, is resolved to the documented path
// ('/v1/charges/{id}') segment by segment, a literal segment before a parameter as the server's
// router does ('/v1/charges/export' before '/v1/charges/{id}'); the body and the answer are that
// operation's. A path the document does not have does not compile.

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Documented = keyof paths & string;
type Segments<S extends string> = S extends `${infer H}/${infer T}` ? [H, ...Segments<T>] : [S];
type KeysFor<M extends Method> = { [K in Documented]: paths[K] extends Record<Lowercase<M>, unknown> ? K : never }[Documented];
type OfLength<Keys extends string, N extends number> = Keys extends unknown ? (Segments<Keys>['length'] extends N ? Keys : never) : never;
type IsParam<S> = S extends `{${string}}` ? true : false;
type StaticAt<S extends string, Keys extends string, N extends number> = Keys extends unknown
  ? IsParam<Segments<Keys>[N]> extends true
    ? never
    : [S] extends [Segments<Keys>[N]]
      ? [Segments<Keys>[N]] extends [S]
        ? Keys
        : never
      : never
  : never;
type ParamAt<Keys extends string, N extends number> = Keys extends unknown
  ? IsParam<Segments<Keys>[N]> extends true
    ? Keys
    : never
  : never;
type Walk<Call extends string[], Keys extends string, I extends unknown[] = []> = I['length'] extends Call['length']
  ? Keys
  : Walk<
      Call,
      [StaticAt<Call[I['length']], Keys, I['length']>] extends [never]
        ? ParamAt<Keys, I['length']>
        : StaticAt<Call[I['length']], Keys, I['length']>,
      [...I, unknown]
    >;
type ResolveOne<P extends string, M extends Method> = Walk<Segments<P>, OfLength<KeysFor<M>, Segments<P>['length']>>;
/** The documented path ('/v1/charges/{id}') a call's path (`/v1/charges/${id}`) reaches with this method. */
export type ApiPath<M extends Method, P extends string> = P extends string ? ResolveOne<P, M> : never;
type Pattern<K extends string> = K extends `${infer A}{${string}}${infer B}` ? `${A}${string}${Pattern<B>}` : K;
/** Every path a call may give for this method: the documented ones, parameters as `${string}`. */
export type CallPath<M extends Method> = Pattern<KeysFor<M>>;

type Operation<M extends Method, P extends string> =
  ApiPath<M, P> extends infer K extends Documented ? (paths[K] extends Record<Lowercase<M>, infer O> ? O : never) : never;
type Success = 200 | 201 | 202 | 204;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
/** What the operation answers on success (undefined for 204); unknown when the path does not resolve. */
export type ApiResponse<M extends Method, P extends string> = [ApiPath<M, P>] extends [never]
  ? unknown
  : Operation<M, P> extends { responses: infer R }
    ? JsonOf<R[Extract<keyof R, Success>]>
    : unknown;
/** The operation's JSON request body; an empty object for an operation that documents none. */
export type ApiBody<M extends Method, P extends string> =
  NonNullable<Operation<M, P> extends { requestBody?: infer B } ? B : never> extends { content: { 'application/json': infer J } }
    ? J
    : Record<string, never>;

/** The raw request: the one place that speaks HTTP (CSRF header, idempotency key, error envelope). */
async function request(method: Method, path: string, body: unknown, opts: RequestOptions): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-cobre-csrf'] = '1';
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
  if (res.status === 204) return undefined;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: unknown; request_id?: string } } | null)?.error ?? {};
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
  return json;
}

export function api<M extends Method, P extends CallPath<M>>(
  method: M,
  path: P,
  body?: ApiBody<M, P>,
  opts?: RequestOptions,
): Promise<ApiResponse<M, P>>;
export function api(method: Method, path: string, body?: unknown, opts: RequestOptions = {}): Promise<unknown> {
  return request(method, path, body, opts);
}

export function get<P extends CallPath<'GET'>>(path: P, query?: Query): Promise<ApiResponse<'GET', P>>;
export function get(path: string, query?: Query): Promise<unknown> {
  return request('GET', path, undefined, { query });
}

export function post<P extends CallPath<'POST'>>(
  path: P,
  body?: ApiBody<'POST', P>,
  opts?: RequestOptions,
): Promise<ApiResponse<'POST', P>>;
export function post(path: string, body?: unknown, opts: RequestOptions = {}): Promise<unknown> {
  return request('POST', path, body ?? {}, opts);
}

export function patch<P extends CallPath<'PATCH'>>(path: P, body: ApiBody<'PATCH', P>): Promise<ApiResponse<'PATCH', P>>;
export function patch(path: string, body: unknown): Promise<unknown> {
  return request('PATCH', path, body, {});
}

export function put<P extends CallPath<'PUT'>>(path: P, body: ApiBody<'PUT', P>): Promise<ApiResponse<'PUT', P>>;
export function put(path: string, body: unknown): Promise<unknown> {
  return request('PUT', path, body, {});
}

export function del<P extends CallPath<'DELETE'>>(path: P): Promise<ApiResponse<'DELETE', P>>;
export function del(path: string): Promise<unknown> {
  return request('DELETE', path, undefined, {});
}

/** A URL the browser downloads or opens itself (GET with the session cookie). */
export function href(path: string, query?: Query): string {
  return path + qs(query);
}
