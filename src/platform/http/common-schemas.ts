import { Type } from 'typebox';

export const ErrorSchema = Type.Object(
  {
    error: Type.Object(
      {
        code: Type.String({ description: 'Stable snake_case code' }),
        message: Type.String(),
        details: Type.Array(Type.Object({ field: Type.Optional(Type.String()), issue: Type.String() })),
        request_id: Type.String(),
      },
      { additionalProperties: true },
    ),
  },
  { title: 'ErrorEnvelope', description: 'Error envelope' },
);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const Nullable = <T extends import('typebox').TSchema>(t: T) => Type.Union([t, Type.Null()]);

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type RouteSchema = { hide?: boolean; params?: unknown; response?: Record<string | number, unknown> } & Record<string, unknown>;

export interface RouteShape {
  method: string | string[];
  url: string;
  schema?: RouteSchema;
  config?: { public?: boolean; renderError?: unknown };
}

/**
 * The schema of a route's errors: the one its documented errors use, else the canonical envelope.
 * A route rendering its own format must document at least one error (checked at registration).
 */
export function errorSchemaOf(route: RouteShape): unknown {
  const own = Object.entries(route.schema?.response ?? {}).find(([status]) => Number(status) >= 400)?.[1];
  if (own === undefined && route.config?.renderError && route.schema && !route.schema.hide) {
    throw new Error(`${String(route.method)} ${route.url} renders its own error format but documents no error response`);
  }
  return own ?? ErrorSchema;
}

/**
 * The route's schema for /openapi.json with the errors the platform itself can answer on it, in
 * the route's own error format: 400 (validation, a NUL anywhere in the request, a missing body),
 * 500; 401 and, on writes, 403 (a console session without X-Cobre-CSRF, roles) unless public;
 * 404 when the path names a resource; 413 and 415 wherever a body is read. Statuses the route
 * documents itself are kept. Documentation only: error bodies are not serialized through these.
 */
export function withPlatformErrors(route: RouteShape): RouteSchema | undefined {
  const schema = route.schema;
  if (!schema || schema.hide) return schema;
  const errorSchema = errorSchemaOf(route);
  const methods = ([] as string[]).concat(route.method);
  const statuses = [400, 500];
  if (!route.config?.public) statuses.push(401);
  if (!route.config?.public && methods.some((m) => !SAFE_METHODS.has(m))) statuses.push(403);
  if (schema.params) statuses.push(404);
  if (methods.some((m) => BODY_METHODS.has(m))) statuses.push(413, 415);
  const response = { ...(schema.response ?? {}) };
  for (const status of statuses) response[status] ??= errorSchema;
  return { ...schema, response };
}
