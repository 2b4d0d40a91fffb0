// Turns anything thrown during a request into one normalised error, then lets the route's
// dialect render it: the canonical envelope by default, a compatibility API's own format where
// the route says so (config.renderError).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, httpStatusFor, type ErrorDetail } from '../errors.ts';

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
    if (!field) field = context === 'body' ? '(body)' : context ?? '(request)';
    else if (context && context !== 'body') field = `${context}.${field}`;
    const key = `${field}|${issue}`;
    if (e.keyword === 'anyOf' || e.keyword === 'if' || seen.has(key)) continue;
    seen.add(key);
    out.push({ field, issue });
  }
  return out.length ? out : [{ field: context ?? '(request)', issue: 'is invalid' }];
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'unsupported_media_type',
};

export function toApiError(err: unknown): ApiError {
  if (err instanceof DomainError) {
    return { status: httpStatusFor(err.code), code: err.code, message: err.message, details: err.details, meta: err.meta };
  }
  const e = err as { validation?: AjvError[]; validationContext?: string; code?: string; statusCode?: number; message?: string; name?: string };
  if (e && Array.isArray(e.validation)) {
    const details = validationDetails(e.validation, e.validationContext);
    return { status: 400, code: 'validation_failed', message: 'The request is invalid: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '), details };
  }
  if (e?.code && FASTIFY_CODES[e.code]) {
    const code = FASTIFY_CODES[e.code];
    const status = e.statusCode && e.statusCode < 500 ? e.statusCode : httpStatusFor(code);
    const message = code === 'invalid_json' ? 'The request body is not valid JSON' : code === 'payload_too_large' ? 'The request body is too large' : e.message ?? code;
    return { status, code, message, details: [] };
  }
  // A malformed percent-encoding or the like: the client's fault, say so plainly.
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: e.statusCode === 404 ? 'not_found' : 'invalid_request', message: e.message ?? 'Bad request', details: [] };
  }
  // Postgres errors that reach here are client mistakes only when a constraint caught them.
  const pgCode = (err as { code?: string })?.code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
    return { status: 400, code: 'validation_failed', message: 'A value is out of range or malformed', details: [] };
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
