// SMS (Zenvia) and WhatsApp (Cloud API) through the outbox against local servers that check each
// request as the providers document it; the in-doubt rule per provider; the payer's unsubscribe
// link; and the start-up refusal without the key that decrypts stored secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { ProviderCache, assertSecretKeyAvailable } from '../../src/notifications/channels.ts';
import { sendDueNotifications, type SenderDeps } from '../../src/notifications/sender.ts';

const BASE = 'http://cobre.test';
let ctx: TestContext;
const providers = new ProviderCache();
const previousKey = process.env.COBRE_SECRET_KEY;
const KEY = randomBytes(32).toString('base64');

interface Seen {
  path: string;
  auth: string | undefined;
  body: any;
}
let server: Server;
let port = 0;
const zenvia: Seen[] = [];
const whatsapp: Seen[] = [];
const zenviaIds = new Set<string>();

async function body(req: IncomingMessage): Promise<any> {
  let s = '';
  for await (const c of req) s += c;
  return JSON.parse(s);
}

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = KEY;
  ctx = await createTestContext({ config: { publicUrl: BASE } });
  // One local server playing both providers, refusing any request not shaped as documented.
  server = createServer(async (req, res) => {
    const json = (status: number, b: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(b));
    const b = await body(req).catch(() => null);
    if (req.method === 'POST' && req.url === '/services/send-sms') {
      const r = b?.sendSmsRequest;
      const ok =
        r &&
        typeof r.to === 'string' &&
        /^\d{12,13}$/.test(r.to) &&
        typeof r.msg === 'string' &&
        typeof r.id === 'string' &&
        r.callbackOption === 'NONE';
      if (!ok || req.headers.authorization !== `Basic ${Buffer.from('conta.cobre:senha-zenvia').toString('base64')}`)
        return json(400, { error: 'bad request shape' });
      zenvia.push({ path: req.url, auth: req.headers.authorization, body: b });
      if (zenviaIds.has(r.id))
        return json(200, {
          sendSmsResponse: {
            statusCode: '10',
            statusDescription: 'Error',
            detailCode: '080',
            detailDescription: 'Message with same ID already sent',
          },
        });
      zenviaIds.add(r.id);
      return json(200, {
        sendSmsResponse: { statusCode: '00', statusDescription: 'Ok', detailCode: '000', detailDescription: 'Message Sent' },
      });
    }
    if (req.method === 'POST' && req.url === '/v21.0/1234567890/messages') {
      const ok =
        b?.messaging_product === 'whatsapp' &&
        b.type === 'template' &&
        /^\d{12,13}$/.test(b.to) &&
        typeof b.template?.name === 'string' &&
        b.template.language?.code === 'pt_BR';
      if (!ok || req.headers.authorization !== 'Bearer token-whatsapp')
        return json(400, { error: { message: 'bad request shape', code: 100 } });
      whatsapp.push({ path: req.url, auth: req.headers.authorization, body: b });
      return json(200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: b.to, wa_id: b.to }],
        messages: [{ id: `wamid.${whatsapp.length}` }],
      });
    }
    json(404, { error: 'unknown path' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await providers.close();
  await new Promise<void>((r) => server.close(() => r()));
  await ctx.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

function deps(over: Partial<SenderDeps> = {}): SenderDeps {
  return { now: () => ctx.clock.now(), today: () => ctx.clock.today(), baseUrl: BASE, providers, leaseSeconds: 60, ...over };
}
async function drain(over: Partial<SenderDeps> = {}) {
  while ((await sendDueNotifications(ctx.db, deps(over))) > 0);
}

async function tenantWithPhones(): Promise<{ t: TestTenant; charge: { id: string; number: number } }> {
  const t = await ctx.newTenant();
  expect(
    (
      await ctx.call(t.live, 'PUT', '/v1/notification-channels/sms', {
        provider: 'zenvia',
        settings: { base_url: `http://127.0.0.1:${port}`, account: 'conta.cobre' },
        secret: { password: 'senha-zenvia' },
      })
    ).statusCode,
  ).toBe(200);
  expect(
    (
      await ctx.call(t.live, 'PUT', '/v1/notification-channels/whatsapp', {
        provider: 'whatsapp_cloud',
        settings: { base_url: `http://127.0.0.1:${port}`, phone_number_id: '1234567890' },
        secret: { access_token: 'token-whatsapp' },
      })
    ).statusCode,
  ).toBe(200);
  // The charge itself goes by SMS here; reminders by both.
  expect((await ctx.call(t.live, 'PATCH', '/v1/notification-settings', { charge_created_channels: ['sms'] })).statusCode).toBe(200);
  const c = (
    await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: 'Carlos Celular',
      document: cpfFrom(7000 + Math.floor(Math.random() * 1000)),
      emails: [{ email: 'carlos@celular.example', is_primary: true }],
      phones: [
        { number: '(11) 98765-4321', type: 'mobile' },
        { number: '(21) 99876-5432', type: 'whatsapp' },
      ],
    })
  ).json();
  const charge = (
    await ctx.call(t.live, 'POST', '/v1/charges', {
      customer_id: c.id,
      amount_cents: 9990,
      due_date: d('2026-12-10'),
      description: 'Plano 300 Mb',
      payment_method: 'pix',
    })
  ).json();
  return { t, charge };
}

describe('SMS and WhatsApp through the outbox', () => {
  it('sends the charge by SMS and a reminder by WhatsApp template, each request as the provider documents it', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const { t, charge } = await tenantWithPhones();
    await drain();
    const sms = zenvia.filter((z) => z.body.sendSmsRequest.to === '5511987654321');
    expect(sms).toHaveLength(1);
    expect(sms[0].body.sendSmsRequest.msg).toContain('R$ 99,90');
    expect(sms[0].body.sendSmsRequest.msg).toMatch(/http:\/\/cobre\.test\/pagar\/[A-Za-z0-9_-]{46}/);
    const send = await ctx.call(t.live, 'POST', '/v1/dunning/send', { charge_ids: [charge.id], event: 'reminder', channels: ['whatsapp'] });
    expect(send.statusCode, send.body).toBe(200);
    await drain();
    const wa = whatsapp.filter((w) => w.body.to === '5521998765432');
    expect(wa).toHaveLength(1);
    expect(wa[0].body.template.name).toBe('cobranca_lembrete');
    expect(wa[0].body.template.components[0].parameters.map((p: { text: string }) => p.text)).toEqual([
      'Carlos Celular',
      expect.any(String),
      'R$ 99,90',
      `10/12/${d('2026-12-10').slice(0, 4)}`,
      expect.stringMatching(/^http:\/\/cobre\.test\/pagar\//),
    ]);
    const log = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/notifications`)).json();
    expect(log.map((m: { channel: string; status: string; provider_message_id: string }) => [m.channel, m.status])).toEqual([
      ['sms', 'sent'],
      ['whatsapp', 'sent'],
    ]);
    expect(log[1].provider_message_id).toMatch(/^wamid\./);
  });

  it('after a crash mid-send: the SMS goes again with the same id (Zenvia refuses the repeat: one SMS), the WhatsApp message is not resent', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const { t, charge } = await tenantWithPhones();
    await expect(
      drain({
        afterSend: () => {
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    ctx.clock.advance(61_000);
    await drain();
    const [sms] = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/notifications`)).json();
    expect(sms).toMatchObject({ channel: 'sms', status: 'sent', attempts: 2 });
    const requests = zenvia.filter((z) => z.body.sendSmsRequest.id === sms.id);
    expect(requests).toHaveLength(2); // the second was answered "080 already sent": the payer got one

    await ctx.call(t.live, 'POST', '/v1/dunning/send', { charge_ids: [charge.id], event: 'overdue', channels: ['whatsapp'] });
    const before = whatsapp.length;
    await expect(
      drain({
        afterSend: () => {
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    expect(whatsapp.length).toBe(before + 1);
    ctx.clock.advance(61_000);
    await drain();
    expect(whatsapp.length).toBe(before + 1);
    const wa = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/notifications`))
      .json()
      .find((m: { channel: string }) => m.channel === 'whatsapp');
    expect(wa).toMatchObject({ status: 'failed', error: expect.stringContaining('não reenviado') });
    // The clerk decides: resend.
    expect((await ctx.call(t.live, 'POST', `/v1/notifications/${wa.id}/resend`)).json().status).toBe('queued');
    await drain();
    expect(whatsapp.length).toBe(before + 2);
  });
});

describe('the unsubscribe link', () => {
  it('a payer unsubscribes (page or one-click); reminders are skipped, the charge and receipt still go', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const { t, charge } = await tenantWithPhones();
    await drain();
    const { rows } = await ctx.db.query<{ unsubscribe_token: string; customer_id: string }>(
      'SELECT unsubscribe_token, customer_id FROM notification_recipients WHERE tenant_id = $1',
      [t.id],
    );
    expect(rows).toHaveLength(1);
    const page = await ctx.app.inject({ method: 'GET', url: `/descadastrar/${rows[0].unsubscribe_token}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-robots-tag']).toContain('noindex');
    expect(page.body).toContain('Carlos Celular');
    const done = await ctx.app.inject({
      method: 'POST',
      url: `/descadastrar/${rows[0].unsubscribe_token}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(done.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${rows[0].customer_id}/notification-subscription`)).json()).toMatchObject({
      unsubscribed: true,
    });
    await ctx.call(t.live, 'POST', '/v1/dunning/send', { charge_ids: [charge.id], event: 'reminder', channels: ['sms'] });
    const log = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/notifications`)).json();
    expect(log.at(-1)).toMatchObject({ status: 'skipped', error: expect.stringContaining('não receber lembretes') });
    // Guessed or foreign tokens: a 404 page (a NUL: the platform's 400), never a 500.
    const real = rows[0].unsubscribe_token;
    // The real token with its last character changed (to another character, whatever it was).
    for (const bad of ['x', 'A'.repeat(46), real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A')]) {
      expect((await ctx.app.inject({ method: 'GET', url: `/descadastrar/${bad}` })).statusCode).toBe(404);
    }
    expect((await ctx.app.inject({ method: 'GET', url: '/descadastrar/%00' })).statusCode).toBe(400);
  });
});

describe('start-up', () => {
  it('refuses to start without COBRE_SECRET_KEY when secrets are stored', async () => {
    await expect(assertSecretKeyAvailable(ctx.db, {})).rejects.toThrow(/COBRE_SECRET_KEY/);
    await expect(assertSecretKeyAvailable(ctx.db, { COBRE_SECRET_KEY: KEY })).resolves.toBeUndefined();
  });
});
