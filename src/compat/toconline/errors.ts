// JSON:API error objects: {"errors":[{"status","code","title","detail","source":{"pointer"}}]},
// one per problem, pointers naming TOConline's attributes.
import type { FastifyRequest } from 'fastify';
import type { ApiError, ErrorRenderer } from '../../platform/http/api-error.ts';
import { detailsFor, type PointerContext } from './pointers.ts';

/** Per request: how domain fields map to this request's attributes (set by the route before writing). */
export const pointerContextOf = new WeakMap<FastifyRequest, PointerContext>();

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable entity',
  429: 'Too many requests',
  500: 'Internal server error',
};

export function renderJsonApiErrors(err: ApiError, ctx: PointerContext) {
  const status = String(err.status);
  const title = TITLES[err.status] ?? (err.status >= 500 ? 'Server error' : 'Request error');
  if (err.details.length === 0) return { errors: [{ status, code: err.code, title, detail: err.message }] };
  return {
    errors: detailsFor(err.details, ctx).map((d) => ({
      status,
      code: err.code,
      title,
      detail:
        d.field && !d.field.startsWith('/')
          ? `${d.pointer?.split('/').pop() ?? d.field.replace(/^querystring\./, '')} ${d.issue}`
          : d.issue,
      ...(d.pointer
        ? { source: { pointer: d.pointer } }
        : d.field?.startsWith('querystring.')
          ? { source: { parameter: d.field.slice('querystring.'.length) } }
          : {}),
    })),
  };
}

// Errors raised outside the plugin's scope (before a route is matched) miss its onSend content-type rewrite.
const JSON_API = 'application/vnd.api+json';

export const renderToconlineError: ErrorRenderer = (err, req, reply) => {
  reply.type(JSON_API);
  return renderJsonApiErrors(err, pointerContextOf.get(req) ?? { kind: 'other' });
};

export const forKind =
  (kind: 'customers' | 'addresses' | 'email_addresses'): ErrorRenderer =>
  (err, req, reply) => {
    reply.type(JSON_API);
    return renderJsonApiErrors(err, pointerContextOf.get(req) ?? (kind === 'customers' ? { kind, phoneAttrs: [] } : { kind }));
  };
