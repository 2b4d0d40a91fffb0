import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Db } from './db/types.ts';

/** A registry per app instance, so tests can build many apps in one process. */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'cobre_' });
  const requests = new Counter({
    name: 'cobre_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'cobre_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'cobre_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = db.poolStats();
      this.set({ state: 'total' }, s.total);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'cobre_jobs_queue_depth',
    help: 'Background jobs waiting to run, by queue',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await db.query<{ queue: string; n: number }>(
        `SELECT queue, count(*)::int8 AS n FROM jobs WHERE state = 'queued' GROUP BY queue`,
      );
      for (const r of rows) this.set({ queue: r.queue }, r.n);
    },
  });
  return { registry, requests, latency };
}
export type Metrics = ReturnType<typeof createMetrics>;
