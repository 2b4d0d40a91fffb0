import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Metrics } from '../metrics.ts';
import { pendingMigrations } from '../db/migrate.ts';

export async function healthRoutes(app: FastifyInstance, opts: { metrics: Metrics }): Promise<void> {
  const HealthSchema = Type.Object({ status: Type.String(), checks: Type.Optional(Type.Record(Type.String(), Type.String())) });

  app.get('/healthz', { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema } } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { public: true }, schema: { hide: true, response: { 200: HealthSchema, 503: HealthSchema } } }, async (_req, reply) => {
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
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    reply.type(opts.metrics.registry.contentType);
    return opts.metrics.registry.metrics();
  });
}
