import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, RequestListener } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Type } from 'typebox';
import type { Metrics } from '../metrics.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { DomainError } from '../errors.ts';
import { uuidv7 } from '../ids.ts';

/** Marks a raw request that arrived on the metrics listener (COBRE_METRICS_PORT). */
const VIA_METRICS_LISTENER = Symbol('cobre.viaMetricsListener');
type MarkedRequest = IncomingMessage & { [VIA_METRICS_LISTENER]?: true };

/**
 * Whether `authorization` carries `Bearer <token>`. Both sides are hashed first so that the
 * comparison takes the same time whatever the input, and the token's length does not leak.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = typeof authorization === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const equal = timingSafeEqual(digest(given ?? ''), digest(token));
  return equal && given !== undefined;
}

/**
 * The request listener of the separate metrics listener: /metrics goes through the app (same
 * handler, token check and request log); anything else is a 404, so the API is never reachable
 * on the metrics address.
 */
export function metricsRequestListener(app: FastifyInstance): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' || path === '/metrics/') {
      (req as MarkedRequest)[VIA_METRICS_LISTENER] = true;
      app.routing(req, res);
      return;
    }
    const requestId = uuidv7();
    const body = {
      error: { code: 'not_found', message: `No route ${req.method} ${path} on the metrics listener`, details: [], request_id: requestId },
    };
    res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
    res.end(JSON.stringify(body));
  };
}

export async function healthRoutes(app: FastifyInstance, opts: { metrics: Metrics }): Promise<void> {
  const HealthSchema = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema } } }, async () => ({
    status: 'ok',
  }));

  app.get(
    '/readyz',
    { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_req, reply) => {
      const checks: Record<string, string> = {};
      try {
        await app.ctx.db.query('SELECT 1');
        checks.database = 'ok';
        const pending = await pendingMigrations(app.ctx.db);
        checks.migrations = pending.length ? `pending: ${pending.join(', ')}` : 'ok';
      } catch (err) {
        checks.database = `error: ${(err as Error).message}`;
      }
      const ready = Object.values(checks).every((v) => v === 'ok');
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );

  // Public for API keys (Prometheus has none); COBRE_METRICS_TOKEN and/or COBRE_METRICS_PORT protect it.
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const { metricsToken, metricsPort } = app.ctx.config;
    if (metricsPort !== undefined && !(req.raw as MarkedRequest)[VIA_METRICS_LISTENER]) {
      // Served on the metrics listener only: on the main port it does not exist.
      throw new DomainError('not_found', `No route ${req.method} /metrics`);
    }
    if (metricsToken !== undefined && !bearerMatches(req.headers.authorization, metricsToken)) {
      throw new DomainError('unauthorized', 'Missing or invalid metrics token: send Authorization: Bearer <COBRE_METRICS_TOKEN>');
    }
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
}
