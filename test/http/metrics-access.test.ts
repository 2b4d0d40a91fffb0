// /metrics protection: COBRE_METRICS_TOKEN (bearer token, compared in constant time) and
// COBRE_METRICS_PORT (metrics on a listener of their own, never on the main port, and nothing
// else on that listener).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { bearerMatches, metricsRequestListener } from '../../src/platform/http/health-routes.ts';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

const TOKEN = 'metrics-0123456789abcdef';
let ctx: TestContext;
let t: TestTenant;
const apps: App[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  for (const a of apps) await a.close();
  await ctx.close();
});

async function appWith(config: Parameters<typeof buildApp>[0]['config']): Promise<App> {
  const app = await buildApp({ db: ctx.db, clock: ctx.clock, config: { authCacheSeconds: 0, ...config } });
  apps.push(app);
  await app.ready();
  return app;
}

function expectEnvelope(res: { statusCode: number; json(): any }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  expect(res.json()).toEqual({ error: { code, message: expect.any(String), details: [], request_id: expect.any(String) } });
}

describe('COBRE_METRICS_TOKEN', () => {
  it('without a token set, /metrics stays open (the default)', async () => {
    const res = await (await appWith({})).inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('cobre_http_requests_total');
  });

  it('with a token set, /metrics answers only `Authorization: Bearer <token>`; anything else is a 401 in the canonical envelope', async () => {
    const app = await appWith({ metricsToken: TOKEN });
    const ok = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('cobre_http_requests_total');

    for (const authorization of [
      undefined,
      '',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
      `Bearer ${t.live}`,
      'Bearer ',
    ]) {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: authorization === undefined ? {} : { authorization } });
      expectEnvelope(res, 401, 'unauthorized');
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).not.toContain('cobre_http_requests_total');
    }
    // Health checks stay public for probes.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('compares whole tokens', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer   ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN}`, `${TOKEN}0`)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });

  it('is read from the environment with the other settings', () => {
    const c = loadConfig({
      COBRE_METRICS_TOKEN: TOKEN,
      COBRE_METRICS_PORT: '9464',
      COBRE_METRICS_HOST: '0.0.0.0',
      COBRE_SHUTDOWN_GRACE_SECONDS: '25',
    });
    expect(c).toMatchObject({ metricsToken: TOKEN, metricsPort: 9464, metricsHost: '0.0.0.0', shutdownGraceSeconds: 25 });
    const d = loadConfig({});
    expect(d.metricsToken).toBeUndefined();
    expect(d.metricsPort).toBeUndefined();
    expect(d.shutdownGraceSeconds).toBe(10);
    expect(() => loadConfig({ COBRE_METRICS_PORT: 'metrics' })).toThrow(/COBRE_METRICS_PORT/);
  });
});

describe('COBRE_METRICS_PORT', () => {
  it('serves /metrics on the metrics listener only; the main port answers 404, and the metrics listener serves nothing else', async () => {
    const app = await appWith({ metricsPort: 0, metricsToken: TOKEN });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const main = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const metricsServer = createServer(metricsRequestListener(app));
    servers.push(metricsServer);
    await new Promise<void>((r) => metricsServer.listen(0, '127.0.0.1', r));
    const metrics = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}`;
    const auth = { authorization: `Bearer ${TOKEN}` };

    const onMetrics = await fetch(`${metrics}/metrics`, { headers: auth });
    expect(onMetrics.status).toBe(200);
    expect(await onMetrics.text()).toContain('cobre_http_requests_total');
    expect((await fetch(`${metrics}/metrics`)).status).toBe(401); // the token still applies there

    const onMain = await fetch(`${main}/metrics`, { headers: auth });
    const onMainBody = await onMain.json();
    expectEnvelope({ statusCode: onMain.status, json: () => onMainBody }, 404, 'not_found');

    for (const path of ['/v1/customers', '/healthz', '/docs', '/']) {
      const res = await fetch(`${metrics}${path}`, { headers: { authorization: `Bearer ${t.live}` } });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('not_found');
    }
    // The API itself is unchanged on the main port.
    expect((await fetch(`${main}/v1/customers`, { headers: { authorization: `Bearer ${t.live}` } })).status).toBe(200);
  });
});
