// OAuth as TOConline's published client programs do it (docs/compat.md#oauth), over a real HTTP
// listener: the application registered in the console (its consent, bound to live data or the
// sandbox), `GET …/oauth/auth` answered at once with `302 Location: redirect_uri?code=…`, the code
// exchanged at `POST …/oauth/token` (HTTP Basic or body credentials, PKCE when asked), refresh
// tokens that rotate, and RFC 6749 errors.
// Clients replayed: dmp593/django-toconline (toconline/services.py: no redirects followed,
// `Location.split('code=')[1]`, Basic, form `code, grant_type, scope=commercial`, the token JSON
// passed to a model with exactly four fields) and themiguelamador/toconline-mcp (credentials and
// code_verifier in the form body, S256 challenge, state).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

const JSON_API = 'application/vnd.api+json';
const REDIRECT = 'https://oauth.pstmn.io/v1/callback';

let ctx: TestContext;
let t: TestTenant;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { oauthTokenTtlSeconds: 14400, oauthRefreshTtlSeconds: 8 * 3600 } });
  t = await ctx.newTenant();
  base = (await ctx.app.listen({ host: '127.0.0.1', port: 0 })) + '/toconline';
});
afterAll(() => ctx.close());

/** The consent, as the console does it: an admin registers the application for live data or the sandbox. */
async function register(mode: 'live' | 'test', redirect_uris: string[] = []) {
  const res = await ctx.call(t.live, 'POST', '/v1/oauth-clients', { name: `Integração ERP ${mode}`, mode, redirect_uris });
  expect(res.statusCode).toBe(201);
  return res.json() as { client_id: string; client_secret: string; mode: string };
}

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');

/** django-toconline's `get_authorization_code`: requests.get(..., allow_redirects=False). */
async function authCode(clientId: string, extra: Record<string, string> = {}) {
  const params = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'commercial', ...extra });
  return fetch(`${base}/oauth/auth?${params}`, { redirect: 'manual', headers: { 'content-type': 'application/json' } });
}

async function tokenRequest(form: Record<string, string>, auth?: string) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

const listCustomers = (accessToken: string) =>
  fetch(`${base}/api/customers`, { headers: { authorization: `Bearer ${accessToken}`, 'content-type': JSON_API, accept: JSON_API } });

describe('the authorization-code flow of the published clients', () => {
  it('Django client: 302 with the code first, Basic exchange with exactly four keys, the API with the token, refresh that rotates', async () => {
    const app = await register('live');
    const auth = await authCode(app.client_id);
    expect(auth.status).toBe(302);
    const location = auth.headers.get('location')!;
    expect(location.startsWith(`${REDIRECT}?code=`)).toBe(true);
    const code = location.split('code=')[1]; // the client takes everything after `code=`
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);

    const exchanged = await tokenRequest(
      { code, grant_type: 'authorization_code', scope: 'commercial' },
      basic(app.client_id, app.client_secret),
    );
    expect(exchanged.status).toBe(200);
    expect(Object.keys(exchanged.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(exchanged.body).toMatchObject({ token_type: 'Bearer', expires_in: 14400 });
    expect(exchanged.headers.get('cache-control')).toBe('no-store');
    expect(String(exchanged.body.access_token).length).toBeLessThanOrEqual(255);

    const created = await ctx.call(t.live, 'POST', '/v1/customers', {
      name: 'Cliente visto pela integração',
      person_type: 'PJ',
      country: 'PT',
    });
    expect(created.statusCode).toBe(201);
    const list = await listCustomers(String(exchanged.body.access_token));
    expect(list.status).toBe(200);
    expect(
      ((await list.json()) as { data: { attributes: { business_name: string } }[] }).data.map((c) => c.attributes.business_name),
    ).toContain('Cliente visto pela integração');

    // The code is single use.
    const again = await tokenRequest(
      { code, grant_type: 'authorization_code', scope: 'commercial' },
      basic(app.client_id, app.client_secret),
    );
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    // Refresh: new access and refresh tokens, the old access token keeps working until it expires.
    const refreshed = await tokenRequest(
      { refresh_token: String(exchanged.body.refresh_token), grant_type: 'refresh_token', scope: 'commercial' },
      basic(app.client_id, app.client_secret),
    );
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type']);
    expect(refreshed.body.refresh_token).not.toBe(exchanged.body.refresh_token);
    expect((await listCustomers(String(refreshed.body.access_token))).status).toBe(200);

    // The rotated-out refresh token returned: refused, and the whole grant ends (both access tokens too).
    const replay = await tokenRequest(
      { refresh_token: String(exchanged.body.refresh_token), grant_type: 'refresh_token' },
      basic(app.client_id, app.client_secret),
    );
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await listCustomers(String(refreshed.body.access_token))).status).toBe(401);
    const afterReplay = await tokenRequest(
      { refresh_token: String(refreshed.body.refresh_token), grant_type: 'refresh_token' },
      basic(app.client_id, app.client_secret),
    );
    expect(afterReplay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // The client starts over, as django-toconline does when refreshing fails.
    const fresh = (await authCode(app.client_id)).headers.get('location')!.split('code=')[1];
    expect((await tokenRequest({ code: fresh, grant_type: 'authorization_code' }, basic(app.client_id, app.client_secret))).status).toBe(
      200,
    );
  });

  it('MCP client: credentials and PKCE verifier in the body, state echoed after the code, sandbox data for a sandbox consent', async () => {
    const app = await register('test', [REDIRECT, 'http://127.0.0.1:53682/callback']);
    await ctx.call(t.test, 'POST', '/v1/customers', { name: 'Cliente só do sandbox', person_type: 'PF', country: 'PT' });
    const verifier = 'v'.repeat(20) + 'erifier-of-the-mcp-client-0123456789abcdef';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const auth = await authCode(app.client_id, { code_challenge: challenge, code_challenge_method: 'S256', state: 'a b&c' });
    const location = new URL(auth.headers.get('location')!);
    expect(location.search.indexOf('code=')).toBe(1);
    expect(location.searchParams.get('state')).toBe('a b&c');
    const code = location.searchParams.get('code')!;

    const creds = { client_id: app.client_id, client_secret: app.client_secret };
    const wrong = await tokenRequest({
      ...creds,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(50),
      scope: 'commercial',
    });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: expect.stringContaining('code_verifier') },
    });
    const missing = await tokenRequest({ ...creds, grant_type: 'authorization_code', code });
    expect(missing).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: expect.stringContaining('code_verifier') },
    });
    const ok = await tokenRequest({
      ...creds,
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      scope: 'commercial',
    });
    expect(ok.status).toBe(200);
    const names = (
      (await (await listCustomers(String(ok.body.access_token))).json()) as { data: { attributes: { business_name: string } }[] }
    ).data.map((c) => c.attributes.business_name);
    expect(names).toContain('Cliente só do sandbox');
    expect(names).not.toContain('Cliente visto pela integração');
    const refreshed = await tokenRequest({
      ...creds,
      grant_type: 'refresh_token',
      refresh_token: String(ok.body.refresh_token),
      scope: 'commercial',
    });
    expect(refreshed.status).toBe(200);
  });

  it('serves the same endpoints at /oauth/... (and /oauth/authorize); a host mounted on the dialect reaches them at its root', async () => {
    const app = await register('live');
    const root = base.replace(/\/toconline$/, '');
    for (const path of ['/oauth/auth', '/oauth/authorize', '/toconline/oauth/authorize']) {
      const res = await fetch(`${root}${path}?client_id=${app.client_id}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code`, {
        redirect: 'manual',
      });
      expect(res.status, path).toBe(302);
    }
    const code = (await authCode(app.client_id)).headers.get('location')!.split('code=')[1];
    const res = await fetch(`${root}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic(app.client_id, app.client_secret) },
      body: JSON.stringify({ grant_type: 'authorization_code', code }),
    });
    expect(res.status).toBe(200);
  });
});

describe('what is refused, and how', () => {
  it('the authorization endpoint: no redirect for an unknown client or a redirect URI not registered; errors the client should see go back to it', async () => {
    // An application without registered redirect URIs still gets codes only at an http(s) URI.
    const open = await register('live');
    for (const bad of ['javascript:alert(1)', 'https://erp.example.pt/cb#frag', `https://erp.example.pt/${'x'.repeat(500)}`]) {
      const res = await fetch(`${base}/oauth/auth?client_id=${open.client_id}&response_type=code&redirect_uri=${encodeURIComponent(bad)}`, {
        redirect: 'manual',
      });
      expect(res.status, bad).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.json()).toMatchObject({
        error: 'invalid_request',
        error_description: expect.stringContaining('absolute http(s) URL'),
      });
    }
    const app = await register('live', ['https://erp.example.pt/callback']);
    const unknown = await authCode('0190f0f0-0000-7000-8000-000000000000');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unauthorized_client' });
    const notRegistered = await authCode(app.client_id);
    expect(notRegistered.status).toBe(400);
    expect(notRegistered.headers.get('location')).toBeNull();
    expect(await notRegistered.json()).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('not one of the redirect URIs registered'),
    });
    // With exactly one registered redirect URI, redirect_uri may be left out.
    const implied = await fetch(`${base}/oauth/auth?client_id=${app.client_id}&response_type=code`, { redirect: 'manual' });
    expect(implied.headers.get('location')).toMatch(/^https:\/\/erp\.example\.pt\/callback\?code=/);
    const implicit = await fetch(
      `${base}/oauth/auth?client_id=${app.client_id}&response_type=token&state=xyz&redirect_uri=${encodeURIComponent('https://erp.example.pt/callback')}`,
      { redirect: 'manual' },
    );
    expect(implicit.status).toBe(302);
    expect(implicit.headers.get('location')).toBe(
      'https://erp.example.pt/callback?error=unsupported_response_type&error_description=Only%20response_type%3Dcode%20is%20supported&state=xyz',
    );
  });

  it('the token endpoint: RFC 6749 codes, never "not a known field"', async () => {
    const app = await register('live');
    const code = (await authCode(app.client_id)).headers.get('location')!.split('code=')[1];
    const wrongSecret = await tokenRequest({ grant_type: 'authorization_code', code }, basic(app.client_id, 'cos_wrong'));
    expect(wrongSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(wrongSecret.headers.get('www-authenticate')).toMatch(/^Basic realm="cobre"/);
    const unsupported = await tokenRequest(
      { grant_type: 'password', code, username: 'x', password: 'y' },
      basic(app.client_id, app.client_secret),
    );
    expect(unsupported).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    const appAsKey = await tokenRequest({ grant_type: 'client_credentials' }, basic(app.client_id, app.client_secret));
    expect(appAsKey).toMatchObject({ status: 400, body: { error: 'unauthorized_client' } });
    const otherRedirect = await tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: 'https://elsewhere.example/cb' },
      basic(app.client_id, app.client_secret),
    );
    expect(otherRedirect).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const noCode = await tokenRequest({ grant_type: 'authorization_code' }, basic(app.client_id, app.client_secret));
    expect(noCode).toMatchObject({ status: 400, body: { error: 'invalid_request', error_description: 'code is required' } });
    // Another application's code, and a code past its ten minutes.
    const other = await register('live');
    const stolen = await tokenRequest({ grant_type: 'authorization_code', code }, basic(other.client_id, other.client_secret));
    expect(stolen).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    ctx.clock.advance(601_000);
    const late = await tokenRequest({ grant_type: 'authorization_code', code }, basic(app.client_id, app.client_secret));
    expect(late).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('expired') } });
  });

  it('tokens expire by the injected clock; a refresh token too', async () => {
    const app = await register('live');
    const code = (await authCode(app.client_id)).headers.get('location')!.split('code=')[1];
    const tokens = (await tokenRequest({ grant_type: 'authorization_code', code }, basic(app.client_id, app.client_secret))).body;
    ctx.clock.advance(14400_000);
    expect((await listCustomers(String(tokens.access_token))).status).toBe(401);
    const refreshed = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
      basic(app.client_id, app.client_secret),
    );
    expect(refreshed.status).toBe(200);
    ctx.clock.advance(8 * 3600_000);
    const late = await tokenRequest(
      { grant_type: 'refresh_token', refresh_token: String(refreshed.body.refresh_token) },
      basic(app.client_id, app.client_secret),
    );
    expect(late).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_description: expect.stringContaining('expired') } });
  });

  it('revoking the application ends its tokens; an application cannot mint keys or applications', async () => {
    const app = await register('live');
    const code = (await authCode(app.client_id)).headers.get('location')!.split('code=')[1];
    const tokens = (await tokenRequest({ grant_type: 'authorization_code', code }, basic(app.client_id, app.client_secret))).body;
    const access = String(tokens.access_token);
    for (const [method, url, body] of [
      ['POST', '/v1/api-keys', { name: 'x' }],
      ['GET', '/v1/api-keys', undefined],
      ['POST', '/v1/oauth-clients', { name: 'outra', mode: 'live' }],
    ] as const) {
      const res = await ctx.call(access, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    // The audit trail names the application as the actor of what it writes.
    const made = await ctx.call(access, 'POST', '/v1/customers', { name: 'Feito pela integração', person_type: 'PF', country: 'PT' });
    expect(made.statusCode).toBe(201);
    const { rows } = await ctx.db.query<{ actor_type: string; actor_id: string }>(
      `SELECT actor_type, actor_id FROM events WHERE tenant_id = $1 AND resource_id = $2 AND type = 'customer.created'`,
      [t.id, made.json().id],
    );
    expect(rows).toEqual([{ actor_type: 'oauth_client', actor_id: app.client_id }]);

    const revoked = await ctx.call(t.live, 'POST', `/v1/oauth-clients/${app.client_id}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    expect((await listCustomers(access)).status).toBe(401);
    expect(
      await tokenRequest(
        { grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token) },
        basic(app.client_id, app.client_secret),
      ),
    ).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect((await authCode(app.client_id)).status).toBe(400);
    const listed = (await ctx.call(t.live, 'GET', '/v1/oauth-clients')).json().data.find((c: { id: string }) => c.id === app.client_id);
    expect(listed).toMatchObject({ mode: 'live', revoked_at: expect.any(String) });
    expect(listed.client_secret).toBeUndefined();
  });

  it('registering: a sandbox key registers only sandbox applications; redirect URIs are checked', async () => {
    expect((await ctx.call(t.test, 'POST', '/v1/oauth-clients', { name: 'x', mode: 'live' })).statusCode).toBe(403);
    const sandbox = await ctx.call(t.test, 'POST', '/v1/oauth-clients', { name: 'Só sandbox' });
    expect(sandbox.json()).toMatchObject({ mode: 'test' });
    const bad = await ctx.call(t.live, 'POST', '/v1/oauth-clients', {
      name: 'x',
      redirect_uris: ['https://ok.example/cb', 'javascript:alert(1)'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ field: 'redirect_uris[1]', issue: 'must be an absolute http(s) URL without a fragment' }]);
    expect((await ctx.call(t.test, 'GET', '/v1/oauth-clients')).json().data.every((c: { mode: string }) => c.mode === 'test')).toBe(true);
  });
});
