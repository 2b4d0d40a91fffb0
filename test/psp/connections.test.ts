// PSP connections through the API: validation of every field a clerk types (URLs, Pix key, the
// client certificate and its key or PFX password), secrets stored encrypted and never returned or
// written to the audit trail, and the public webhook endpoint: only a call with the connection's
// token (and HMAC or the proxy's verdict when configured) changes anything, once per endToEndId.
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { testPki } from '../support/psp-certs.ts';
import { connectionSecret } from '../../src/psp/connections.ts';
import * as q from '../../src/psp/queries.ts';
import { prunePspLog } from '../../src/psp/index.ts';
import { uuidv7 } from '../../src/platform/ids.ts';

const SECRET_KEY = randomBytes(32).toString('base64');
const previousKey = process.env.COBRE_SECRET_KEY;
const CLIENT_SECRET = `segredo-${randomBytes(8).toString('hex')}`;
let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = SECRET_KEY;
  ctx = await createTestContext({ config: { publicUrl: 'https://cobre.example' } });
  t = await ctx.newTenant();
});
afterAll(async () => {
  await ctx.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

function pemConnection(over: Record<string, unknown> = {}) {
  const pki = testPki();
  return {
    name: `PSP ${randomBytes(3).toString('hex')}`,
    base_url: 'https://psp.example/api/v2',
    client_id: 'cliente-cobre',
    client_secret: CLIENT_SECRET,
    certificate: { format: 'pem', cert_pem: pki.client.certPem, key_pem: pki.client.keyPem },
    ca_pem: pki.ca.certPem,
    pix_key: 'financeiro@empresa.example',
    ...over,
  };
}

describe('PSP connections', () => {
  it('stores a connection with its secrets encrypted, never returned nor audited', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection());
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      client_id: 'cliente-cobre',
      client_secret_set: true,
      is_default: true,
      active: true,
      pix_key: 'financeiro@empresa.example',
      webhook_auth: 'path_token',
    });
    expect(c.certificate).toMatchObject({
      format: 'pem',
      subject: expect.stringContaining('cobre-client'),
      fingerprint_sha256: expect.stringMatching(/^[0-9A-F:]+$/),
    });
    for (const body of [
      res.body,
      (await ctx.call(t.live, 'GET', `/v1/psp-connections/${c.id}`)).body,
      (await ctx.call(t.live, 'GET', '/v1/psp-connections')).body,
    ]) {
      expect(body).not.toContain(CLIENT_SECRET);
      expect(body).not.toContain('PRIVATE KEY');
    }
    const row = (await q.findConnection(ctx.db, t.id, c.id))!;
    expect(row.secret_encrypted).not.toContain(CLIENT_SECRET);
    expect(connectionSecret(row).client_secret).toBe(CLIENT_SECRET);
    const { rows } = await ctx.db.query(`SELECT data::text AS data FROM events WHERE tenant_id = $1 AND resource_type = 'psp_connection'`, [
      t.id,
    ]);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.data).not.toContain(CLIENT_SECRET);
      expect(r.data).not.toContain('PRIVATE KEY');
    }
    // The webhook URL is registered at the PSP by the outbox, once per connection version.
    const ops = await ctx.db.query(`SELECT kind FROM psp_operations WHERE tenant_id = $1 AND connection_id = $2`, [t.id, c.id]);
    expect(ops.rows.map((o) => o.kind)).toEqual(['register_webhooks']);
  });

  it('accepts a PFX with its password and refuses a wrong password, a foreign key, http and a bad Pix key, naming each field', async () => {
    const pki = testPki();
    const ok = await ctx.call(
      t.live,
      'POST',
      '/v1/psp-connections',
      pemConnection({ certificate: { format: 'pfx', pfx_base64: pki.client.pfx.toString('base64'), password: pki.client.pfxPassword } }),
    );
    expect(ok.statusCode, ok.body).toBe(201);

    const wrong = await ctx.call(
      t.live,
      'POST',
      '/v1/psp-connections',
      pemConnection({ certificate: { format: 'pfx', pfx_base64: pki.client.pfx.toString('base64'), password: 'errada' } }),
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details).toEqual([{ field: 'certificate.pfx_base64', issue: 'the password does not open it' }]);

    const mismatch = await ctx.call(
      t.live,
      'POST',
      '/v1/psp-connections',
      pemConnection({ certificate: { format: 'pem', cert_pem: pki.client.certPem, key_pem: pki.stranger.keyPem } }),
    );
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.details).toEqual([
      { field: 'certificate.cert_pem', issue: 'the private key does not belong to this certificate' },
    ]);

    const bad = await ctx.call(
      t.live,
      'POST',
      '/v1/psp-connections',
      pemConnection({ base_url: 'http://psp.example', pix_key: 'não é chave' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
    ).toEqual(['base_url', 'pix_key']);

    const hmacWithoutSecret = await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection({ webhook_auth: 'hmac' }));
    expect(hmacWithoutSecret.statusCode).toBe(400);
    expect(hmacWithoutSecret.json().error.details).toEqual([{ field: 'webhook_hmac_secret', issue: 'is required with webhook_auth hmac' }]);
  });

  it('refuses to store secrets when COBRE_SECRET_KEY is not set', async () => {
    delete process.env.COBRE_SECRET_KEY;
    try {
      const res = await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection());
      expect(res.statusCode).toBe(409);
      expect(res.json().error.reason).toBe('secret_key_missing');
    } finally {
      process.env.COBRE_SECRET_KEY = SECRET_KEY;
    }
  });

  it('keeps secrets on a PATCH that does not give them, and re-registers the webhook when the PSP side changes', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection())).json();
    const res = await ctx.call(t.live, 'PATCH', `/v1/psp-connections/${c.id}`, {
      base_url: 'https://outro-psp.example/v2',
      accept_days_after_due: 10,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ base_url: 'https://outro-psp.example/v2', accept_days_after_due: 10 });
    const row = (await q.findConnection(ctx.db, t.id, c.id))!;
    expect(connectionSecret(row).client_secret).toBe(CLIENT_SECRET);
    const ops = await ctx.db.query(`SELECT kind FROM psp_operations WHERE tenant_id = $1 AND connection_id = $2`, [t.id, c.id]);
    expect(ops.rows.filter((o) => o.kind === 'register_webhooks')).toHaveLength(2);
    const renamed = await ctx.call(t.live, 'PATCH', `/v1/psp-connections/${c.id}`, { name: 'Outro nome' });
    expect(renamed.statusCode).toBe(200);
    expect(
      (await ctx.db.query(`SELECT count(*)::int AS n FROM psp_operations WHERE tenant_id = $1 AND connection_id = $2`, [t.id, c.id]))
        .rows[0].n,
    ).toBe(2);
  });
});

describe('the webhook endpoint', () => {
  const e2e = () => `E18236120${'202612071200'}${randomBytes(8).toString('hex').slice(0, 11)}`;
  const pixBody = (id: string) =>
    JSON.stringify({
      pix: [{ endToEndId: id, txid: 'CBsemcobrancacorrespondente0000001', valor: '10.00', horario: '2026-11-23T12:00:00.000Z' }],
    });

  async function connectionWith(over: Record<string, unknown> = {}) {
    const c = (await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection(over))).json();
    const row = (await q.findConnection(ctx.db, t.id, c.id))!;
    return { c, url: `/psp/webhooks/${t.id}/${c.id}/${connectionSecret(row).webhook_token}` };
  }

  async function post(url: string, body: string, headers: Record<string, string> = {}) {
    return ctx.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });
  }

  const received = async () =>
    (await ctx.db.query(`SELECT count(*)::int AS n FROM pix_received WHERE tenant_id = $1`, [t.id])).rows[0].n as number;

  it('answers 401 and changes nothing without the right token; registers a Pix once with it', async () => {
    const { c, url } = await connectionWith();
    const before = await received();
    const id = e2e();
    for (const wrong of [
      `/psp/webhooks/${t.id}/${c.id}/token-errado/pix`,
      `/psp/webhooks/${t.id}/${randomBytes(16).toString('hex')}/x/pix`,
      `/psp/webhooks/nao-uuid/${c.id}/x/pix`,
    ]) {
      const res = await post(wrong, pixBody(id));
      expect(res.statusCode).toBe(401);
    }
    expect(await received()).toBe(before);
    const ok = await post(`${url}/pix`, pixBody(id));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ received: 1, unmatched: 1, duplicates: 0 });
    const again = await post(`${url}/pix`, pixBody(id));
    expect(again.json()).toMatchObject({ received: 1, duplicates: 1 });
    expect(await received()).toBe(before + 1);
    const list = await ctx.call(t.live, 'GET', '/v1/pix-received?outcome=unmatched');
    expect(list.json().map((p: { end_to_end_id: string }) => p.end_to_end_id)).toContain(id);
    // Bad bodies are 400s, never 500s, and store nothing.
    for (const body of ['{', '[]', '{"pix": 3}', JSON.stringify({ pix: [{ endToEndId: 'curto', valor: '1.00', horario: 'x' }] })]) {
      const res = await post(`${url}/pix`, body);
      expect(res.statusCode, `${body} → ${res.body}`).toBe(400);
    }
    expect(await received()).toBe(before + 1);
  });

  it('checks the HMAC of the body, or the TLS proxy verdict, when the connection asks for it', async () => {
    const secret = randomBytes(24).toString('hex');
    const { url } = await connectionWith({ webhook_auth: 'hmac', webhook_hmac_secret: secret });
    const body = pixBody(e2e());
    expect((await post(`${url}/pix`, body)).statusCode).toBe(401);
    expect(
      (await post(`${url}/pix`, body, { 'x-pix-signature': `sha256=${createHmac('sha256', 'outro').update(body).digest('hex')}` }))
        .statusCode,
    ).toBe(401);
    const ok = await post(`${url}/pix`, body, { 'x-pix-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });
    expect(ok.statusCode, ok.body).toBe(200);

    const proxied = await connectionWith({ webhook_auth: 'mtls_proxy' });
    const body2 = pixBody(e2e());
    expect((await post(`${proxied.url}/pix`, body2)).statusCode).toBe(401);
    expect((await post(`${proxied.url}/pix`, body2, { 'x-ssl-client-verify': 'FAILED:unable to verify' })).statusCode).toBe(401);
    expect((await post(`${proxied.url}/pix`, body2, { 'x-ssl-client-verify': 'SUCCESS' })).statusCode).toBe(200);
  });
});

describe('housekeeping', () => {
  it('prunes the PSP exchange log and finished operations past their days, and nothing newer', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/psp-connections', pemConnection())).json();
    const now = testNow();
    const at = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const row = (when: string) => ({
      id: uuidv7(),
      connection_id: c.id,
      charge_id: null,
      recurrence_id: null,
      operation_id: null,
      method: 'GET',
      path: '/webhook/x',
      status: 200,
      attempt: 1,
      duration_ms: 3,
      request: null,
      response: { ok: true },
      error: null,
      at: when,
    });
    await q.insertExchanges(ctx.db, t.id, [row(at(200)), row(at(10))]);
    const count = async () =>
      (await ctx.db.query(`SELECT count(*)::int AS n FROM psp_exchanges WHERE tenant_id = $1 AND connection_id = $2`, [t.id, c.id])).rows[0]
        .n;
    expect(await count()).toBe(2);
    await prunePspLog(ctx.db, 180, now);
    expect(await count()).toBe(1);
  });
});
