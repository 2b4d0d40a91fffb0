// Turns anything thrown during a request into one normalised error, then lets the route's
// dialect render it: the canonical envelope by default, a compatibility API's own format where
// the route says so (config.renderError).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, httpStatusFor, type ErrorCode, type ErrorDetail } from '../errors.ts';

export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: ErrorDetail[];
  meta?: Record<string, unknown>;
}

export type ErrorRenderer = (err: ApiError, req: FastifyRequest, reply: FastifyReply) => unknown;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Public route: no credentials needed. */
    public?: boolean;
    /** Renders errors in a compatibility API's own format. */
    renderError?: ErrorRenderer;
  }
}

interface AjvError {
  instancePath?: string;
  keyword: string;
  message?: string;
  params?: Record<string, unknown>;
}

function jsonPointerToField(path: string): string {
  return path
    .split('/')
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`))
    .join('')
    .replace(/^\./, '');
}

export function validationDetails(errors: AjvError[], context?: string): ErrorDetail[] {
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of errors) {
    let field = jsonPointerToField(e.instancePath ?? '');
    let issue = e.message ?? 'is invalid';
    if (e.keyword === 'required' && e.params?.missingProperty) {
      field = [field, String(e.params.missingProperty)].filter(Boolean).join('.');
      issue = 'is required';
    } else if (e.keyword === 'additionalProperties' && e.params?.additionalProperty) {
      field = [field, String(e.params.additionalProperty)].filter(Boolean).join('.');
      issue = 'is not a known field';
    } else if (e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)) {
      issue = `must be one of: ${(e.params!.allowedValues as unknown[]).join(', ')}`;
    } else if (e.keyword === 'format') {
      issue = `must be a valid ${String(e.params?.format)}`;
    }
    if (!field) field = context === 'body' ? '(body)' : (context ?? '(request)');
    else if (context && context !== 'body') field = `${context}.${field}`;
    const key = `${field}|${issue}`;
    if (e.keyword === 'anyOf' || e.keyword === 'if' || seen.has(key)) continue;
    seen.add(key);
    out.push({ field, issue });
  }
  return out.length ? out : [{ field: context ?? '(request)', issue: 'is invalid' }];
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'invalid_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

const FASTIFY_MESSAGES: Record<string, string> = {
  invalid_json: 'The request body is not valid JSON',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'Unsupported Content-Type: send the body as application/json',
  invalid_url: 'The URL is not validly percent-encoded',
  uri_too_long: 'A path segment of the URL is too long',
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof DomainError) {
    return { status: httpStatusFor(err.code), code: err.code, message: err.message, details: err.details, meta: err.meta };
  }
  const e = err as {
    validation?: AjvError[];
    validationContext?: string;
    code?: string;
    statusCode?: number;
    message?: string;
    name?: string;
  };
  if (e && Array.isArray(e.validation)) {
    const details = validationDetails(e.validation, e.validationContext);
    return {
      status: 400,
      code: 'validation_failed',
      message: 'The request is invalid: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '),
      details,
    };
  }
  if (e?.code && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code];
    return { status: httpStatusFor(code), code, message: FASTIFY_MESSAGES[code] ?? e.message ?? code, details: [] };
  }
  // Anything else Fastify refuses as the client's fault (e.g. a QUERY without Content-Type).
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return {
      status: e.statusCode,
      code: e.statusCode === 404 ? 'not_found' : 'invalid_request',
      message: e.message ?? 'Bad request',
      details: [],
    };
  }
  // Postgres errors that reach here are client mistakes only when a constraint caught them.
  const pgCode = (err as { code?: string })?.code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
    return { status: 400, code: 'validation_failed', message: 'A value is out of range or malformed', details: [] };
  }
  // Text PostgreSQL cannot store (NUL: 22021 in text, 22P05 in jsonb). The request check refuses
  // NUL first, naming the field; this is the net for a value that reaches SQL another way.
  if (pgCode === '22021' || pgCode === '22P05') {
    return {
      status: 400,
      code: 'validation_failed',
      message: 'A text value contains a character that cannot be stored (such as NUL, U+0000)',
      details: [],
    };
  }
  return { status: 500, code: 'internal_error', message: 'An internal error occurred; it has been logged', details: [] };
}

export const canonicalRenderer: ErrorRenderer = (err, req) => ({
  error: {
    code: err.code,
    message: err.message,
    details: err.details,
    request_id: req.id,
    ...(err.meta ?? {}),
  },
});

/**
 * Which format an error is rendered in: the matched route's (config.renderError), else the format
 * of the path prefix it falls under, so that errors raised before a route is found (404, a bad
 * URL encoding, an over-long path segment) under a compatibility prefix still come in that
 * dialect's format; else the canonical envelope. Prefixes are learnt from each dialect's
 * catch-all route (`/<prefix>/*` with a renderError), see app.ts.
 */
export class ErrorFormats {
  private readonly prefixes: { prefix: string; render: ErrorRenderer }[] = [];

  addPrefix(prefix: string, render: ErrorRenderer): void {
    const p = prefix.replace(/\/+$/, '');
    if (p && !this.prefixes.some((x) => x.prefix === p)) this.prefixes.push({ prefix: p, render });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  forRequest(req: FastifyRequest): ErrorRenderer {
    let own: ErrorRenderer | undefined;
    try {
      own = req.routeOptions?.config?.renderError;
    } catch {
      own = undefined; // a request Fastify built without a route (framework errors)
    }
    if (own) return own;
    const path = (req.raw.url ?? req.url ?? '').split('?')[0];
    return this.prefixes.find(({ prefix }) => path === prefix || path.startsWith(prefix + '/'))?.render ?? canonicalRenderer;
  }
}

function renderSafely(apiError: ApiError, req: FastifyRequest, reply: FastifyReply, render: ErrorRenderer): unknown {
  if (apiError.status === 401) reply.header('www-authenticate', 'Bearer');
  try {
    return render(apiError, req, reply);
  } catch (err) {
    req.log.error({ err }, 'error renderer failed');
    return canonicalRenderer(apiError, req, reply);
  }
}

/** Sends an error in the given format, with the status the error deserves. */
export function sendApiError(apiError: ApiError, req: FastifyRequest, reply: FastifyReply, render: ErrorRenderer): FastifyReply {
  const body = renderSafely(apiError, req, reply, render);
  return reply.code(apiError.status).send(body);
}

/**
 * The same for an error Fastify raises before any route is matched (frameworkErrors): no route,
 * no hooks, so the response is written as is, with the media type the renderer chose.
 */
export function writeApiError(apiError: ApiError, req: FastifyRequest, reply: FastifyReply, render: ErrorRenderer): void {
  const body = JSON.stringify(renderSafely(apiError, req, reply, render));
  const type = reply.getHeader('content-type');
  reply.raw.writeHead(apiError.status, {
    ...(reply.getHeaders() as Record<string, string>),
    'content-type': typeof type === 'string' ? type : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': req.id,
  });
  reply.raw.end(body);
}

const CLIENT_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request_timeout', message: 'The request was not received in time' },
  HPE_HEADER_OVERFLOW: { status: 431, code: 'headers_too_large', message: 'The request headers are too large' },
};

/**
 * The raw HTTP response to a request Node's parser refused (a malformed request line or header,
 * e.g. a NUL byte in a header): no route exists yet, so it is the canonical envelope.
 */
export function clientErrorResponse(err: { code?: string }, requestId: string): string {
  const e = CLIENT_ERRORS[err.code ?? ''] ?? { status: 400, code: 'invalid_request', message: 'The HTTP request is malformed' };
  const body = JSON.stringify({ error: { code: e.code, message: e.message, details: [], request_id: requestId } });
  const reason = e.status === 400 ? 'Bad Request' : e.status === 408 ? 'Request Timeout' : 'Request Header Fields Too Large';
  return (
    `HTTP/1.1 ${e.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`
  );
}
