// Sandbox (test-mode) credentials never see or change live-only data (issue 13). Every GET route of
// the OpenAPI document is called with a test key, with each path parameter set to the id of a live
// resource, and no response may carry a live marker; the same sweep with the live key finds every
// marker, so the check cannot pass by reaching nothing.
//
// Decisions, route by route, for what is read by the live account id (scope.accountId) rather than
// the data space (scope.tenantId):
// - console users (GET/POST/PATCH/DELETE /v1/users…): 403 for test keys; users are the live company's.
// - PATCH /v1/tenant: 403 for test keys; GET /v1/tenant (and Modulo12's partner) stay readable: the
//   sandbox tenant is a copy of the same company, not live business data.
// - API keys: a test key lists only test keys, cannot mint live keys (403) nor revoke them (404).
// - POST /v1/sandbox/reset erases the sandbox only. Collection accounts and everything else are
//   per data space (scope.tenantId).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
const tag = Math.random().toString(36).slice(2, 8);

/** Strings that exist only in the live data space. */
const marker = {
  userEmail: `staff.marker.${tag}@live-only.example`,
  userName: `Staff Marker ${tag}`,
  keyName: `Live key marker ${tag}`,
  customerName: `Live Customer Marker ${tag}`,
  serviceName: `Live Service Marker ${tag}`,
  webhookUrl: `https://live-only-marker-${tag}.example/hooks`,
  accountName: `Live Beneficiary Marker ${tag}`,
};
/** Ids of live resources, tried in every path parameter. */
const liveIds: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  const made = async (url: string, body: unknown) => {
    const res = await ctx.call(t.live, 'POST', url, body);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(201);
    return res.json();
  };
  const user = await made('/v1/users', { email: marker.userEmail, name: marker.userName, password: 'senha-secreta-1', role: 'admin' });
  const key = await made('/v1/api-keys', { name: marker.keyName, mode: 'live' });
  const customer = await made('/v1/customers', { person_type: 'PF', name: marker.customerName, document: cpfFrom(7101) });
  const service = await made('/v1/services', {
    code: `LIVE-${tag}`,
    name: marker.serviceName,
    unit: 'mês',
    pricing_model: 'flat',
    price_cents: '9990',
  });
  const hook = await made('/v1/webhook-endpoints', { url: marker.webhookUrl, event_types: ['*'] });
  const account = await made('/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    carteira: '109',
    beneficiary_name: marker.accountName,
    beneficiary_document: '11.222.333/0001-81',
    beneficiary_address: {
      street: 'Rua João Pessoa',
      number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postal_code: '95720-000',
    },
  });
  liveIds.push(user.id, key.id, customer.id, String(customer.number), service.id, hook.id, account.id, t.id, t.liveKeyId);
});
afterAll(() => ctx.close());

async function getRoutes(): Promise<string[]> {
  const spec = (await ctx.call(null, 'GET', '/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(spec.paths)
    .filter(([, ops]) => 'get' in ops)
    .map(([path]) => path);
}

/** Each route with every `{param}` set to each live id (routes without parameters once). */
function urlsOf(routes: string[]): string[] {
  return routes.flatMap((r) => (r.includes('{') ? liveIds.map((id) => r.replace(/\{[^}]+\}/g, encodeURIComponent(id))) : [r]));
}

const foundMarkers = (body: string) =>
  Object.entries(marker)
    .filter(([, v]) => body.includes(v))
    .map(([k]) => k);

describe('test-mode keys and live-only data', () => {
  it('no GET route returns live-only data to a test key; the live key finds every marker', async () => {
    const routes = await getRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/v1/users', '/v1/users/{id}', '/v1/api-keys', '/v1/tenant', '/v1/customers/{id}']));
    const urls = urlsOf(routes);
    const leaks: string[] = [];
    const seenLive = new Set<string>();
    for (const url of urls) {
      const test = await ctx.call(t.test, 'GET', url);
      expect(test.statusCode, `${url}: ${test.body.slice(0, 300)}`).toBeLessThan(500);
      const found = foundMarkers(test.body);
      if (found.length > 0) leaks.push(`${url} → ${found.join(', ')}`);
      for (const k of foundMarkers((await ctx.call(t.live, 'GET', url)).body)) seenLive.add(k);
    }
    expect(leaks).toEqual([]);
    expect([...seenLive].sort()).toEqual(Object.keys(marker).sort());
  });

  it('console users: a test key gets 403 in the canonical envelope, before any lookup; a live key reads them', async () => {
    const users = (await ctx.call(t.live, 'GET', '/v1/users')).json().data as { id: string; email: string }[];
    const staff = users.find((u) => u.email === marker.userEmail)!;
    expect(staff).toBeDefined();
    for (const url of ['/v1/users', `/v1/users/${staff.id}`, '/v1/users/00000000-0000-7000-8000-000000000000']) {
      const res = await ctx.call(t.test, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toEqual({
        error: {
          code: 'forbidden',
          message: 'Test-mode keys cannot read console users (they belong to the live company); use a live key',
          details: [],
          request_id: expect.any(String),
        },
      });
    }
    expect((await ctx.call(t.live, 'GET', `/v1/users/${staff.id}`)).json()).toMatchObject({ email: marker.userEmail, role: 'admin' });
  });

  it('an OAuth token issued for a test key is a test-mode credential too; one for the live key reads users', async () => {
    const tokenOf = async (client_id: string, client_secret: string) => {
      const res = await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'client_credentials', client_id, client_secret });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().access_token as string;
    };
    expect((await ctx.call(await tokenOf(t.testKeyId, t.test), 'GET', '/v1/users')).statusCode).toBe(403);
    const live = await ctx.call(await tokenOf(t.liveKeyId, t.live), 'GET', '/v1/users');
    expect(live.statusCode).toBe(200);
    expect(live.json().data.map((u: { email: string }) => u.email)).toContain(marker.userEmail);
  });

  it('live-only writes are refused to a test key and change nothing', async () => {
    const staff = ((await ctx.call(t.live, 'GET', '/v1/users')).json().data as { id: string; email: string }[]).find(
      (u) => u.email === marker.userEmail,
    )!;
    const tenantBefore = (await ctx.call(t.live, 'GET', '/v1/tenant')).json();
    const refused: [string, string, unknown, number][] = [
      ['POST', '/v1/users', { email: `intruder-${tag}@example.com`, password: 'senha-secreta-2', role: 'admin' }, 403],
      ['PATCH', `/v1/users/${staff.id}`, { role: 'operator' }, 403],
      ['DELETE', `/v1/users/${staff.id}`, undefined, 403],
      ['PATCH', '/v1/tenant', { legal_name: 'Renamed by a sandbox key' }, 403],
      ['POST', '/v1/api-keys', { mode: 'live' }, 403],
      ['POST', `/v1/api-keys/${t.liveKeyId}/revoke`, undefined, 404],
    ];
    for (const [method, url, body, status] of refused) {
      const res = await ctx.call(t.test, method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
      expect(res.json().error.code).toBe(status === 403 ? 'forbidden' : 'not_found');
    }
    expect((await ctx.call(t.test, 'PATCH', '/v1/tenant', { legal_name: 'X' })).json().error.message).toBe(
      "Test-mode keys cannot change the company's settings; use a live key",
    );
    expect((await ctx.call(t.live, 'GET', '/v1/tenant')).json()).toEqual(tenantBefore);
    expect((await ctx.call(t.live, 'GET', `/v1/users/${staff.id}`)).json()).toMatchObject({ role: 'admin', active: true });
    const emails = ((await ctx.call(t.live, 'GET', '/v1/users')).json().data as { email: string }[]).map((u) => u.email);
    expect(emails).not.toContain(`intruder-${tag}@example.com`);
    expect((await ctx.call(t.live, 'GET', '/v1/customers')).statusCode).toBe(200); // the live key still works
  });
});
