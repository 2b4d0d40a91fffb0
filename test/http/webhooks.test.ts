// Webhooks end to end: endpoints by API, events written by the real API, the dispatcher and the
// sender called directly with the test clock (so backoff is driven, not waited), and a local
// receiver on 127.0.0.1 that checks what arrives.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, usingPostgres, type TestContext, type TestTenant } from '../support/app.ts';
import { dispatchAll, dispatchOnce, EventHorizon } from '../../src/webhooks/dispatch.ts';
import { sendAllDue } from '../../src/webhooks/send.ts';
import { recordEvent } from '../../src/platform/events.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { HANG_MS } from '../support/wait.ts';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  body: {
    id: string;
    type: string;
    created_at: string;
    tenant_id: string;
    mode: string;
    resource: { type: string; id: string };
    data: any;
  };
}

let ctx: TestContext;
let server: Server;
let base: string;
const received: Received[] = [];
/** Status to answer per path (default 200); a function sees the request. */
const behaviour = new Map<string, (r: Received) => number>();

beforeAll(async () => {
  ctx = await createTestContext();
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) };
      received.push(r);
      const status = behaviour.get(r.path)?.(r) ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : `nope ${status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await ctx.close();
});

const horizon = new EventHorizon();
/** Dispatch and send everything that is due at the test clock's now. */
async function pump(): Promise<void> {
  // On server PostgreSQL other test files write events at the same time: the horizon may need
  // a second look once their transactions have ended.
  for (let i = 0; i < 3; i++) {
    const d = await dispatchAll(ctx.db, horizon, { now: ctx.clock.now() });
    // The receiver is this process: however slow the machine, it answers (no attempt may time out).
    await sendAllDue(ctx.db, { now: () => ctx.clock.now(), timeoutMs: HANG_MS });
    if (d.events === 0 && i > 0) break;
  }
}
/** Pumps until `check` passes (other writers can hold the horizon back for a moment). */
async function eventually(check: () => void | Promise<void>, ms = HANG_MS): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    await pump();
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
const at = (path: string) => received.filter((r) => r.path === path);

let seed = 1000;
async function newCustomer(key: string, name = 'Cliente Webhook'): Promise<string> {
  const res = await ctx.call(key, 'POST', '/v1/customers', { person_type: 'PF', name, document: cpfFrom(++seed) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
async function newEndpoint(key: string, path: string, eventTypes: string[], extra: Record<string, unknown> = {}) {
  const res = await ctx.call(key, 'POST', '/v1/webhook-endpoints', { url: `${base}${path}`, event_types: eventTypes, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; secret: string; url: string; event_types: string[]; active: boolean };
}
async function deliveries(key: string, endpointId: string, query = '') {
  const res = await ctx.call(key, 'GET', `/v1/webhook-endpoints/${endpointId}/deliveries${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { data: any[]; has_more: boolean; total: number | null; next_cursor: string | null };
}

describe('endpoints API', () => {
  let t: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await ctx.newTenant();
    other = await ctx.newTenant();
  });

  it('creates an endpoint showing its secret once; reads, lists, updates and deletes it', async () => {
    const created = await newEndpoint(t.live, '/crud', ['Customer.*', 'charge.paid', 'charge.paid'], { description: 'ERP' });
    expect(created).toMatchObject({ url: `${base}/crud`, event_types: ['customer.*', 'charge.paid'], active: true, description: 'ERP' });
    expect(created.secret).toMatch(/^whsec_[\w-]{40,}$/);

    const got = await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${created.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).not.toHaveProperty('secret');
    expect(got.body).not.toContain(created.secret);

    const patched = await ctx.call(t.live, 'PATCH', `/v1/webhook-endpoints/${created.id}`, { event_types: ['*'], description: null });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ event_types: ['*'], description: null });

    const list = await ctx.call(t.live, 'GET', '/v1/webhook-endpoints?active=true');
    expect(list.json().data.map((e: any) => e.id)).toContain(created.id);
    expect((await ctx.call(other.live, 'GET', '/v1/webhook-endpoints')).json().data).toEqual([]);
    expect((await ctx.call(other.live, 'GET', `/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);
    expect((await ctx.call(t.test, 'GET', `/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);

    // The audit trail never carries the secret.
    const { rows } = await ctx.db.query<{ data: unknown }>(`SELECT data FROM events WHERE tenant_id = $1 AND resource_id = $2`, [
      t.id,
      created.id,
    ]);
    expect(rows.length).toBe(2);
    expect(JSON.stringify(rows)).not.toContain(created.secret);

    const del = await ctx.call(t.live, 'DELETE', `/v1/webhook-endpoints/${created.id}`);
    expect(del.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${created.id}`)).statusCode).toBe(404);
  });

  it('refuses bad URLs, bad event types and unknown fields with 400 and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ url: 'ftp://example.com/x', event_types: ['*'] }, 'url'],
      [{ url: 'https://user:secret@example.com/x', event_types: ['*'] }, 'url'],
      [{ url: 'example.com/hooks', event_types: ['*'] }, 'url'],
      [{ url: 'https://example.com/#x', event_types: ['*'] }, 'url'],
      [{ url: 'https://example.com/x', event_types: ['customer.'] }, 'event_types[0]'],
      [{ url: 'https://example.com/x', event_types: [] }, 'event_types'],
      [{ url: 'https://example.com/x', event_types: ['*'], secret: 'mine' }, 'secret'],
      [{ url: 'https://example.com/x' }, 'event_types'],
    ];
    for (const [body, field] of cases) {
      const res = await ctx.call(t.live, 'POST', '/v1/webhook-endpoints', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.details.map((d: any) => d.field)).toContain(field);
    }
    const patch = await ctx.call(t.live, 'PATCH', `/v1/webhook-endpoints/${(await newEndpoint(t.live, '/p', ['*'])).id}`, {
      url: 'javascript:alert(1)',
    });
    expect(patch.statusCode).toBe(400);
    expect((await ctx.call(t.live, 'PATCH', '/v1/webhook-endpoints/not-a-uuid', { active: false })).statusCode).toBe(400);
    expect((await ctx.call(t.live, 'GET', '/v1/webhook-endpoints')).json().data.map((e: any) => e.url)).toEqual([`${base}/p`]);
  });

  it('replays a create with the same Idempotency-Key instead of creating a second endpoint', async () => {
    const body = { url: `${base}/idem`, event_types: ['*'] };
    const a = await ctx.call(other.live, 'POST', '/v1/webhook-endpoints', body, { 'idempotency-key': 'wh-1' });
    const b = await ctx.call(other.live, 'POST', '/v1/webhook-endpoints', body, { 'idempotency-key': 'wh-1' });
    expect(b.statusCode).toBe(201);
    expect(b.json().id).toBe(a.json().id);
    expect((await ctx.call(other.live, 'GET', '/v1/webhook-endpoints')).json().data.length).toBe(1);
  });
});

describe('delivery', () => {
  it('POSTs a signed JSON event: the signature is the HMAC-SHA256 of "timestamp.body" with the secret', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/signed', ['customer.*']);
    const customerId = await newCustomer(t.live, 'Assinado');
    await eventually(() => expect(at('/signed').length).toBe(1));
    const r = at('/signed')[0];
    expect(r.headers['content-type']).toBe('application/json');
    const ts = r.headers['cobre-webhook-timestamp'] as string;
    expect(Number(ts)).toBe(Math.floor(ctx.clock.now().getTime() / 1000));
    const expected = createHmac('sha256', ep.secret).update(`${ts}.${r.raw}`).digest('hex');
    expect(r.headers['cobre-webhook-signature']).toBe(`v1=${expected}`);
    expect(r.headers['cobre-webhook-id']).toBe(r.body.id);
    expect(r.body).toMatchObject({
      type: 'customer.created',
      tenant_id: t.id,
      mode: 'live',
      resource: { type: 'customer', id: customerId },
    });
    expect(r.body.data.after).toMatchObject({ id: customerId, name: 'Assinado' });
    expect(Object.keys(r.body).slice(0, 3)).toEqual(['id', 'type', 'created_at']);

    const log = await deliveries(t.live, ep.id);
    expect(log.data).toHaveLength(1);
    expect(log.data[0]).toMatchObject({
      event_id: r.body.id,
      event_type: 'customer.created',
      resource_id: customerId,
      status: 'succeeded',
      attempt_count: 1,
      last_status_code: 200,
      last_response_body: 'ok',
      next_attempt_at: null,
      delivered_at: ctx.clock.now().toISOString(),
    });
  });

  it('retries after a 500 with backoff (30 s, then 1 min …) and delivers when the receiver recovers', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/flaky', ['customer.created']);
    let calls = 0;
    behaviour.set('/flaky', () => (++calls <= 2 ? 500 : 200));
    await newCustomer(t.live);
    await eventually(() => expect(at('/flaky').length).toBe(1));
    let [d] = (await deliveries(t.live, ep.id)).data;
    const t0 = ctx.clock.now().getTime();
    expect(d).toMatchObject({
      status: 'retrying',
      attempt_count: 1,
      last_status_code: 500,
      last_error: 'HTTP 500',
      last_response_body: 'nope 500',
    });
    expect(Date.parse(d.next_attempt_at) - t0).toBe(30_000);
    expect(Date.parse(d.retry_until) - Date.parse(d.created_at)).toBe(24 * 3600_000);

    await pump(); // not due yet
    expect(at('/flaky').length).toBe(1);
    ctx.clock.advance(30_000);
    await pump();
    expect(at('/flaky').length).toBe(2);
    [d] = (await deliveries(t.live, ep.id)).data;
    expect(d).toMatchObject({ status: 'retrying', attempt_count: 2 });
    expect(Date.parse(d.next_attempt_at) - ctx.clock.now().getTime()).toBe(60_000);

    ctx.clock.advance(60_000);
    await pump();
    [d] = (await deliveries(t.live, ep.id)).data;
    expect(d).toMatchObject({ status: 'succeeded', attempt_count: 3, last_status_code: 200, next_attempt_at: null });
    const bodies = at('/flaky');
    expect(bodies.length).toBe(3);
    // The same event every time (same id and body), freshly signed with each attempt's timestamp.
    expect(new Set(bodies.map((b) => b.raw)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.headers['cobre-webhook-id'])).size).toBe(1);
    for (const b of bodies) {
      const sig = createHmac('sha256', ep.secret).update(`${b.headers['cobre-webhook-timestamp']}.${b.raw}`).digest('hex');
      expect(b.headers['cobre-webhook-signature']).toBe(`v1=${sig}`);
    }
    expect(bodies.map((b) => b.headers['cobre-webhook-attempt'])).toEqual(['1', '2', '3']);
  });

  it('gives up after 24 hours of failures (status failed), and a manual retry sends it again', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/down', ['customer.created']);
    let down = true;
    behaviour.set('/down', () => (down ? 503 : 200));
    await newCustomer(t.live);
    await eventually(() => expect(at('/down').length).toBe(1));
    const start = ctx.clock.now().getTime();
    for (let i = 0; i < 60; i++) {
      const [d] = (await deliveries(t.live, ep.id)).data;
      if (d.status === 'failed') break;
      ctx.clock.set(d.next_attempt_at);
      await pump();
    }
    let [d] = (await deliveries(t.live, ep.id)).data;
    expect(d.status).toBe('failed');
    expect(d.next_attempt_at).toBeNull();
    expect(Date.parse(d.last_attempt_at)).toBeLessThanOrEqual(start + 24 * 3600_000);
    expect(Date.parse(d.last_attempt_at)).toBeGreaterThan(start + 23 * 3600_000);
    // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: 8 attempts in the first ~64 min, then one an hour.
    expect(d.attempt_count).toBeGreaterThanOrEqual(28);
    expect(d.attempt_count).toBeLessThanOrEqual(32);
    expect(at('/down').length).toBe(d.attempt_count);

    down = false;
    const retry = await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/deliveries/${d.id}/retry`);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'pending', next_attempt_at: ctx.clock.now().toISOString() });
    await pump();
    [d] = (await deliveries(t.live, ep.id)).data;
    expect(d).toMatchObject({ status: 'succeeded', last_status_code: 200 });
  });

  it('keeps order per resource: a second event waits while the first is being retried; other resources are not held', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/ordered', ['customer.*']);
    const first = await newCustomer(t.live, 'Primeiro');
    let failFirst = true;
    behaviour.set('/ordered', (r) => (r.body.resource.id === first && failFirst ? 500 : 200));
    const upd = await ctx.call(t.live, 'PATCH', `/v1/customers/${first}`, { name: 'Primeiro Atualizado' });
    expect(upd.statusCode).toBe(200);
    const second = await newCustomer(t.live, 'Segundo');
    await eventually(() =>
      expect(
        at('/ordered')
          .map((r) => r.body.resource.id)
          .sort(),
      ).toEqual([first, second].sort()),
    );

    const log = await deliveries(t.live, ep.id, `?resource_id=${first}&sort=event_seq`);
    expect(log.data.map((d) => [d.event_type, d.status, d.attempt_count])).toEqual([
      ['customer.created', 'retrying', 1],
      ['customer.updated', 'pending', 0],
    ]);
    // The retry of the first fails again: the update, due by now, is still held behind it.
    ctx.clock.advance(30_000);
    await pump();
    expect(at('/ordered').length).toBe(3);
    expect((await deliveries(t.live, ep.id, `?resource_id=${first}&sort=event_seq`)).data.map((d) => [d.status, d.attempt_count])).toEqual([
      ['retrying', 2],
      ['pending', 0],
    ]);

    failFirst = false;
    ctx.clock.advance(60_000);
    await pump();
    const forFirst = at('/ordered').filter((r) => r.body.resource.id === first);
    expect(forFirst.map((r) => r.body.type)).toEqual(['customer.created', 'customer.created', 'customer.created', 'customer.updated']);
    expect(forFirst[3].body.data.after.name).toBe('Primeiro Atualizado');
    expect((await deliveries(t.live, ep.id, '?status=succeeded')).data.length).toBe(3);
  });

  it('matches subscriptions: *, prefix.*, exact types; nothing for other types', async () => {
    const t = await ctx.newTenant();
    const all = await newEndpoint(t.live, '/all', ['*']);
    await newEndpoint(t.live, '/prefix', ['customer.*']);
    await newEndpoint(t.live, '/exact', ['customer.updated', 'charge.paid']);
    await newEndpoint(t.live, '/other', ['contract.*', 'charge.*']);
    const id = await newCustomer(t.live);
    await ctx.call(t.live, 'PATCH', `/v1/customers/${id}`, { name: 'Outro Nome' });
    const customerTypes = (path: string) =>
      at(path)
        .filter((r) => r.body.resource.id === id)
        .map((r) => r.body.type);
    await eventually(() => {
      expect(customerTypes('/all')).toEqual(['customer.created', 'customer.updated']);
      expect(customerTypes('/prefix')).toEqual(['customer.created', 'customer.updated']);
      expect(customerTypes('/exact')).toEqual(['customer.updated']);
    });
    expect(at('/other')).toEqual([]);
    // '*' also receives the other endpoints' creation, and no event from before it existed.
    expect(at('/all').filter((r) => r.body.type === 'webhook_endpoint.created').length).toBe(3);
    expect(at('/all').some((r) => r.body.resource.id === all.id)).toBe(false);
  });

  it('sends nothing to an inactive endpoint; reactivated, it receives new events only', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/sleepy', ['customer.created'], { active: false });
    const control = await newEndpoint(t.live, '/awake', ['customer.created']);
    const missed = await newCustomer(t.live);
    await eventually(() => expect(at('/awake').map((r) => r.body.resource.id)).toEqual([missed]));
    expect(at('/sleepy')).toEqual([]);
    expect((await ctx.call(t.live, 'PATCH', `/v1/webhook-endpoints/${ep.id}`, { active: true })).json().active).toBe(true);
    const seen = await newCustomer(t.live);
    await eventually(() => expect(at('/sleepy').map((r) => r.body.resource.id)).toEqual([seen]));
    expect(at('/awake').length).toBe(2);
    expect((await deliveries(t.live, control.id)).data.length).toBe(2);
  });

  it('isolates tenants: an endpoint receives only its own tenant’s events, and a test-mode endpoint only sandbox events', async () => {
    const a = await ctx.newTenant();
    const b = await ctx.newTenant();
    const aLive = await newEndpoint(a.live, '/a-live', ['*']);
    const aTest = await newEndpoint(a.test, '/a-test', ['*']);
    await newEndpoint(b.live, '/b-live', ['*']);
    const live = await newCustomer(a.live, 'Real');
    const sandbox = await newCustomer(a.test, 'Teste');
    const other = await newCustomer(b.live, 'Outra Empresa');
    const customers = (path: string) => at(path).filter((r) => r.body.type === 'customer.created');
    await eventually(() => {
      expect(customers('/a-live').map((r) => r.body.resource.id)).toEqual([live]);
      expect(customers('/a-test').map((r) => r.body.resource.id)).toEqual([sandbox]);
      expect(customers('/b-live').map((r) => r.body.resource.id)).toEqual([other]);
    });
    expect(customers('/a-test')[0].body).toMatchObject({ mode: 'test', tenant_id: a.sandboxId });
    expect(customers('/a-live')[0].body).toMatchObject({ mode: 'live', tenant_id: a.id });
    // Nor can another tenant (or the other mode) read the delivery log.
    expect((await ctx.call(b.live, 'GET', `/v1/webhook-endpoints/${aLive.id}/deliveries`)).statusCode).toBe(404);
    expect((await ctx.call(a.live, 'GET', `/v1/webhook-endpoints/${aTest.id}/deliveries`)).statusCode).toBe(404);
  });

  it('pings one endpoint with webhook.ping; subscriptions never receive pings', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/ping', ['customer.created']);
    await newEndpoint(t.live, '/ping-all', ['*']);
    const res = await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/test`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ event_type: 'webhook.ping', status: 'pending', endpoint_id: ep.id, resource_id: ep.id });
    await eventually(() => expect(at('/ping').map((r) => r.body.type)).toEqual(['webhook.ping']));
    expect(at('/ping')[0].body.data).toMatchObject({ endpoint_id: ep.id, url: `${base}/ping` });
    expect(at('/ping-all').some((r) => r.body.type === 'webhook.ping')).toBe(false);
    expect((await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${crypto.randomUUID()}/test`)).statusCode).toBe(404);
  });

  it('rotates the secret; during the grace period deliveries carry both signatures', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/rotate', ['customer.created']);
    const rot = await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/rotate-secret`, { previous_secret_valid_seconds: 3600 });
    expect(rot.statusCode, rot.body).toBe(200);
    const fresh = rot.json().secret as string;
    expect(fresh).not.toBe(ep.secret);
    expect(rot.json().previous_secret_expires_at).toBe(new Date(ctx.clock.now().getTime() + 3600_000).toISOString());
    await newCustomer(t.live);
    await eventually(() => expect(at('/rotate').length).toBe(1));
    const r = at('/rotate')[0];
    const ts = r.headers['cobre-webhook-timestamp'];
    const sig = (s: string) => `v1=${createHmac('sha256', s).update(`${ts}.${r.raw}`).digest('hex')}`;
    expect(r.headers['cobre-webhook-signature']).toBe(`${sig(fresh)} ${sig(ep.secret)}`);

    // Without a grace period (no body at all) the old secret stops at once.
    const again = await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/rotate-secret`);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().previous_secret_expires_at).toBeNull();
    await newCustomer(t.live);
    await eventually(() => expect(at('/rotate').length).toBe(2));
    const r2 = at('/rotate')[1];
    expect(r2.headers['cobre-webhook-signature']).toBe(
      `v1=${createHmac('sha256', again.json().secret).update(`${r2.headers['cobre-webhook-timestamp']}.${r2.raw}`).digest('hex')}`,
    );
  });

  it('records connection failures and timeouts as failed attempts', async () => {
    const t = await ctx.newTenant();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const res = await ctx.call(t.live, 'POST', '/v1/webhook-endpoints', {
      url: `http://127.0.0.1:${port}/gone`,
      event_types: ['customer.created'],
    });
    const ep = res.json();
    await newCustomer(t.live);
    await eventually(async () => expect((await deliveries(t.live, ep.id)).data[0]?.status).toBe('retrying'));
    const [d] = (await deliveries(t.live, ep.id)).data;
    expect(d.last_status_code).toBeNull();
    expect(d.last_error).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe('delivery log API', () => {
  it('lists deliveries newest first with status and event type filters, page and cursor paging, and gets one', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/log', ['customer.*']);
    behaviour.set('/log', (r) => (r.body.type === 'customer.updated' ? 500 : 200));
    const ids = [await newCustomer(t.live, 'Um'), await newCustomer(t.live, 'Dois'), await newCustomer(t.live, 'Três')];
    await ctx.call(t.live, 'PATCH', `/v1/customers/${ids[0]}`, { name: 'Um Mudado' });
    await eventually(() => expect(at('/log').length).toBe(4));

    const all = await deliveries(t.live, ep.id);
    expect(all.total).toBe(4);
    expect(all.data.map((d) => d.event_seq)).toEqual([...all.data.map((d) => d.event_seq)].sort((a, b) => b - a));
    expect((await deliveries(t.live, ep.id, '?status=retrying')).data.map((d) => d.event_type)).toEqual(['customer.updated']);
    expect((await deliveries(t.live, ep.id, '?status=succeeded')).data.length).toBe(3);
    expect((await deliveries(t.live, ep.id, '?event_type=customer.created')).data.length).toBe(3);
    expect((await deliveries(t.live, ep.id, '?event_type=customer.*')).data.length).toBe(4);
    expect((await deliveries(t.live, ep.id, '?event_type=charge.paid')).data.length).toBe(0);

    const p1 = await deliveries(t.live, ep.id, '?page_size=3&include_total=true');
    expect(p1).toMatchObject({ has_more: true, total: 4 });
    const p2 = await deliveries(t.live, ep.id, '?page_size=3&page=2');
    expect(p2.data.length).toBe(1);
    const c1 = await deliveries(t.live, ep.id, '?limit=2');
    const c2 = await deliveries(t.live, ep.id, `?limit=2&cursor=${c1.next_cursor}`);
    expect([...c1.data, ...c2.data].map((d) => d.id).sort()).toEqual(all.data.map((d) => d.id).sort());

    const one = await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries/${all.data[0].id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(all.data[0]);
    expect((await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries/${crypto.randomUUID()}`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries?status=lost`)).statusCode).toBe(400);
    expect((await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/deliveries/${crypto.randomUUID()}/retry`)).statusCode).toBe(404);

    // A succeeded delivery can be sent again (same event id: receivers deduplicate on it).
    const done = (await deliveries(t.live, ep.id, '?status=succeeded')).data[0];
    const retry = await ctx.call(t.live, 'POST', `/v1/webhook-endpoints/${ep.id}/deliveries/${done.id}/retry`);
    expect(retry.json()).toMatchObject({ status: 'pending', attempt_count: 1 });
    await pump();
    expect(at('/log').filter((r) => r.body.id === done.event_id).length).toBe(2);
    expect((await ctx.call(t.live, 'GET', `/v1/webhook-endpoints/${ep.id}/deliveries/${done.id}`)).json()).toMatchObject({
      status: 'succeeded',
      attempt_count: 2,
    });

    // Deleting the endpoint removes its log.
    expect((await ctx.call(t.live, 'DELETE', `/v1/webhook-endpoints/${ep.id}`)).statusCode).toBe(200);
    const { rows } = await ctx.db.query(`SELECT 1 FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2`, [t.id, ep.id]);
    expect(rows).toEqual([]);
  });
});

describe('dispatcher', () => {
  it('never dispatches an event twice, even with several dispatchers at once', async () => {
    const t = await ctx.newTenant();
    const ep = await newEndpoint(t.live, '/twice', ['customer.created']);
    for (let i = 0; i < 5; i++) await newCustomer(t.live);
    const h = [new EventHorizon(), new EventHorizon(), new EventHorizon()];
    await eventually(async () => {
      await Promise.all(h.map((x) => dispatchAll(ctx.db, x, { now: ctx.clock.now(), batchSize: 2 })));
      const { rows } = await ctx.db.query<{ n: number; d: number }>(
        `SELECT count(*)::int8 AS n, count(DISTINCT event_id)::int8 AS d FROM webhook_deliveries WHERE tenant_id = $1 AND endpoint_id = $2`,
        [t.id, ep.id],
      );
      expect(rows[0]).toEqual({ n: 5, d: 5 });
    });
  });

  it.runIf(usingPostgres)('does not move past an event whose transaction is still open (no loss under concurrent writers)', async () => {
    const t = await ctx.newTenant();
    await newEndpoint(t.live, '/late', ['late.*']);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let began!: () => void;
    const started = new Promise<void>((r) => (began = r));
    // A writer takes the lower seq and stays open…
    const slow = ctx.db.transaction(async (tx) => {
      await recordEvent(tx, systemScope(t.id, ctx.clock.now()), { type: 'late.first', resourceType: 'thing', resourceId: 'a' });
      began();
      await gate;
    });
    await started;
    // …while a later event commits.
    await ctx.db.transaction((tx) =>
      recordEvent(tx, systemScope(t.id, ctx.clock.now()), { type: 'late.second', resourceType: 'thing', resourceId: 'b' }),
    );
    const h = new EventHorizon();
    await dispatchOnce(ctx.db, h, { now: ctx.clock.now() });
    await sendAllDue(ctx.db, { now: () => ctx.clock.now() });
    expect(at('/late')).toEqual([]);
    release();
    await slow;
    await eventually(async () => {
      await dispatchAll(ctx.db, h, { now: ctx.clock.now() });
      expect(
        at('/late')
          .map((r) => r.body.type)
          .sort(),
      ).toEqual(['late.first', 'late.second']);
    });
  });
});
