import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('health, metrics and the API reference', () => {
  it('/healthz and /readyz need no credentials', async () => {
    expect((await ctx.call(null, 'GET', '/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await ctx.call(null, 'GET', '/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('/metrics exposes request counts, latency, the DB pool and job queue depth in Prometheus format', async () => {
    const t = await ctx.newTenant();
    await ctx.call(t.live, 'GET', '/v1/customers');
    await ctx.db.query(
      `INSERT INTO jobs (id, queue, run_at, created_at, updated_at) VALUES ('01900000-0000-7000-8000-0000000000aa', 'metrics-test', $1, $1, $1) ON CONFLICT DO NOTHING`,
      [ctx.clock.now().toISOString()],
    );
    const res = await ctx.call(null, 'GET', '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(/cobre_http_requests_total\{method="GET",route="\/v1\/customers",status="200"\} \d+/);
    expect(res.body).toContain('cobre_http_request_duration_seconds_bucket');
    expect(res.body).toMatch(/cobre_db_pool_connections\{state="total"\} \d+/);
    expect(res.body).toMatch(/cobre_jobs_queue_depth\{queue="metrics-test"\} 1/);
    await ctx.db.query(`DELETE FROM jobs WHERE id = '01900000-0000-7000-8000-0000000000aa'`);
  });

  it('serves OpenAPI 3.1 documenting every /v1 route with schemas, and a browsable /docs', async () => {
    const res = await ctx.call(null, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toBeTruthy();
    const post = doc.paths['/v1/customers'].post;
    expect(post.requestBody.content['application/json'].schema.properties.person_type).toBeTruthy();
    expect(post.responses['201']).toBeTruthy();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { summary?: string }>>)) {
      for (const [method, op] of Object.entries(ops)) expect(op.summary, `${method} ${path}`).toBeTruthy();
    }
    const ui = await ctx.call(null, 'GET', '/docs');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
    expect(ui.body).toContain('swagger');
  });

  it('echoes a caller request id and generates one otherwise', async () => {
    const given = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const generated = await ctx.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
