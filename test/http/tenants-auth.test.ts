import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant('Condomínio Exemplo');
});
afterAll(() => ctx.close());

describe('authentication', () => {
  it.each([
    ['no header', undefined],
    ['a non-bearer scheme', 'Basic abc'],
    ['an unknown key', 'Bearer ck_live_doesnotexist'],
    ['an empty bearer', 'Bearer '],
  ])('refuses %s with 401 in the envelope', async (_label, header) => {
    const res = await ctx.app.inject({ method: 'GET', url: '/v1/customers', headers: header ? { authorization: header } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.json().error.code).toBe('unauthorized');
  });

  it('accepts live and test keys, which see different data', async () => {
    await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente Live', document: cpfFrom(500) });
    const live = (await ctx.call(t.live, 'GET', '/v1/customers')).json();
    const test = (await ctx.call(t.test, 'GET', '/v1/customers')).json();
    expect(live.data.map((c: { name: string }) => c.name)).toContain('Cliente Live');
    expect(test.data.map((c: { name: string }) => c.name)).not.toContain('Cliente Live');
  });
});

describe('tenant', () => {
  it('shows the tenant with its technical contact', async () => {
    const res = await ctx.call(t.test, 'GET', '/v1/tenant');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: t.id,
      legal_name: 'Condomínio Exemplo',
      sandbox_id: t.sandboxId,
      technical_contact: { email: 'ti@example.com' },
    });
  });

  it('updates legal name, CNPJ and contact, validating them', async () => {
    const ok = await ctx.call(t.live, 'PATCH', '/v1/tenant', {
      document: '11.222.333/0001-81',
      contact_phone: '(11) 3333-4444',
      contact_name: 'Fulano',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      document: '11222333000181',
      document_formatted: '11.222.333/0001-81',
      technical_contact: { phone: '+551133334444', name: 'Fulano' },
    });
    const bad = await ctx.call(t.live, 'PATCH', '/v1/tenant', { document: '11.222.333/0001-00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_document');
    const pt = await ctx.call(t.live, 'PATCH', '/v1/tenant', { country: 'PT', document: '501964843' });
    expect(pt.json()).toMatchObject({ country: 'PT', document_kind: 'nif' });
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, revokes it, and the revoked key stops working', async () => {
    const created = await ctx.call(t.live, 'POST', '/v1/api-keys', { name: 'ERP', mode: 'live' });
    expect(created.statusCode).toBe(201);
    const key = created.json();
    expect(key.secret).toMatch(/^ck_live_/);
    expect((await ctx.call(key.secret, 'GET', '/v1/tenant')).statusCode).toBe(200);

    const list = (await ctx.call(t.live, 'GET', '/v1/api-keys')).json();
    const listed = list.data.find((k: { id: string }) => k.id === key.id);
    expect(listed).toMatchObject({ name: 'ERP', mode: 'live', revoked_at: null });
    expect(JSON.stringify(list)).not.toContain(key.secret);

    const { rows } = await ctx.db.query<{ secret_hash: Buffer }>('SELECT secret_hash FROM api_keys WHERE id = $1', [key.id]);
    expect(Buffer.from(rows[0].secret_hash).toString('utf8')).not.toContain(key.secret.slice(8));

    const revoked = await ctx.call(t.live, 'POST', `/v1/api-keys/${key.id}/revoke`);
    expect(revoked.json().revoked_at).toBeTruthy();
    expect((await ctx.call(key.secret, 'GET', '/v1/tenant')).statusCode).toBe(401);
  });

  it('a test key creates test keys only and does not see live keys', async () => {
    const denied = await ctx.call(t.test, 'POST', '/v1/api-keys', { mode: 'live' });
    expect(denied.statusCode).toBe(403);
    const ok = await ctx.call(t.test, 'POST', '/v1/api-keys', { name: 'sandbox' });
    expect(ok.json().mode).toBe('test');
    const list = (await ctx.call(t.test, 'GET', '/v1/api-keys')).json();
    expect(list.data.every((k: { mode: string }) => k.mode === 'test')).toBe(true);
    expect((await ctx.call(t.test, 'POST', `/v1/api-keys/${t.liveKeyId}/revoke`)).statusCode).toBe(404);
  });

  it('keys of another tenant cannot be revoked (404)', async () => {
    const other = await ctx.newTenant();
    expect((await ctx.call(other.live, 'DELETE', `/v1/api-keys/${t.liveKeyId}`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'GET', '/v1/tenant')).statusCode).toBe(200);
  });
});

describe('OAuth2 client credentials', () => {
  it('issues a bearer token (form-encoded) that acts for the same tenant and mode', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${t.testKeyId}&client_secret=${encodeURIComponent(t.test)}`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const token = res.json();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'test' });
    const me = await ctx.call(token.access_token, 'GET', '/v1/tenant');
    expect(me.statusCode).toBe(200);
    const created = await ctx.call(token.access_token, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: 'Via Token',
      document: cpfFrom(501),
    });
    expect(created.statusCode).toBe(201);
    expect((await ctx.call(t.test, 'GET', `/v1/customers/${created.json().id}`)).statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${created.json().id}`)).statusCode).toBe(404);
  });

  it('accepts JSON and HTTP Basic client authentication', async () => {
    const json = await ctx.call(null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: t.liveKeyId,
      client_secret: t.live,
    });
    expect(json.statusCode).toBe(200);
    const basic = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        authorization: `Basic ${Buffer.from(`${t.liveKeyId}:${t.live}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'grant_type=client_credentials',
    });
    expect(basic.statusCode).toBe(200);
    expect(basic.json().scope).toBe('live');
  });

  it('answers bad clients in the OAuth error format', async () => {
    const wrongSecret = await ctx.call(null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: t.liveKeyId,
      client_secret: t.test,
    });
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    const grant = await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'password', client_id: t.liveKeyId, client_secret: t.live });
    expect(grant.statusCode).toBe(400);
    expect(grant.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await ctx.call(null, 'POST', '/oauth/token', {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('tokens expire, and die with their key', async () => {
    const key = (await ctx.call(t.live, 'POST', '/v1/api-keys', { name: 'short-lived' })).json();
    const token = (
      await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret })
    ).json();
    expect((await ctx.call(token.access_token, 'GET', '/v1/tenant')).statusCode).toBe(200);
    ctx.clock.advance(3601_000);
    expect((await ctx.call(token.access_token, 'GET', '/v1/tenant')).statusCode).toBe(401);
    ctx.clock.advance(-3601_000);
    const token2 = (
      await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'client_credentials', client_id: key.id, client_secret: key.secret })
    ).json();
    await ctx.call(t.live, 'POST', `/v1/api-keys/${key.id}/revoke`);
    expect((await ctx.call(token2.access_token, 'GET', '/v1/tenant')).statusCode).toBe(401);
  });
});

describe('sandbox reset', () => {
  it('erases test-mode data and never live data', async () => {
    const s = await ctx.newTenant();
    const live = (await ctx.call(s.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Fica', document: cpfFrom(600) })).json();
    const test = (
      await ctx.call(s.test, 'POST', '/v1/customers', {
        person_type: 'PF',
        name: 'Sai',
        document: cpfFrom(601),
        emails: [{ email: 'sai@x.com' }],
      })
    ).json();
    const res = await ctx.call(s.test, 'POST', '/v1/sandbox/reset');
    expect(res.statusCode).toBe(200);
    expect(res.json().sandbox_id).toBe(s.sandboxId);
    expect((await ctx.call(s.test, 'GET', `/v1/customers/${test.id}`)).statusCode).toBe(404);
    expect((await ctx.call(s.live, 'GET', `/v1/customers/${live.id}`)).statusCode).toBe(200);
    // The test key still works; numbers are never reused, even across a reset.
    const again = await ctx.call(s.test, 'POST', '/v1/customers', { person_type: 'PF', name: 'De novo', document: cpfFrom(601) });
    expect(again.statusCode).toBe(201);
    expect(again.json().number).toBeGreaterThan(test.number);
  });
});
