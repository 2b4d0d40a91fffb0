// Messages to payers, end to end against a real SMTP server: channels with encrypted secrets,
// templates checked on save, the charge e-mail with its boleto PDF, the delivery log, bounces,
// the unsubscribe link, exactly once across a crash between sending and recording, and a whole
// month (bill → send → remind → pay → receipt → the schedule stops) on the test clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { ProviderCache } from '../../src/notifications/channels.ts';
import { sendDueNotifications, type SenderDeps } from '../../src/notifications/sender.ts';

const SECRET_KEY = randomBytes(32).toString('base64');
const BASE = 'http://cobre.test';
let ctx: TestContext;
let smtp: TestSmtp;
const providers = new ProviderCache();
const previousKey = process.env.COBRE_SECRET_KEY;

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = SECRET_KEY;
  ctx = await createTestContext({ config: { publicUrl: BASE } });
  smtp = await startTestSmtp({ username: 'cobre', password: 's3nha-smtp' });
});
afterAll(async () => {
  await providers.close();
  await smtp.close();
  await ctx.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

function deps(over: Partial<SenderDeps> = {}): SenderDeps {
  return { now: () => ctx.clock.now(), today: () => ctx.clock.today(), baseUrl: BASE, providers, leaseSeconds: 60, ...over };
}

/** Runs the sender until nothing is due; returns how many attempts were made. */
async function drain(over: Partial<SenderDeps> = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sendDueNotifications(ctx.db, deps(over));
    total += n;
    if (n === 0) return total;
  }
}

let seed = 500;
async function setUpTenant(): Promise<TestTenant> {
  const t = await ctx.newTenant();
  const acc = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    carteira: '109',
    account_digit: '7',
    pix_key: 'financeiro@example.com',
    beneficiary_name: 'Empresa Demonstração Ltda',
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
  expect(acc.statusCode, acc.body).toBe(201);
  const ch = await ctx.call(t.live, 'PUT', '/v1/notification-channels/email', {
    provider: 'smtp',
    settings: {
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      starttls: 'never',
      from_email: 'cobranca@empresa.example',
      from_name: 'Empresa Demonstração',
      username: 'cobre',
    },
    secret: { password: 's3nha-smtp' },
  });
  expect(ch.statusCode, ch.body).toBe(200);
  return t;
}

async function newCustomer(t: TestTenant, email: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(t.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria da Silva Pagadora',
    document: cpfFrom(++seed),
    emails: [{ email, is_primary: true }],
    phones: [{ number: '(11) 98765-4321', type: 'mobile' }],
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function newCharge(t: TestTenant, customerId: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: 45000,
    due_date: d('2026-12-10'),
    description: 'Mensalidade de dezembro',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const mailsTo = (address: string) =>
  smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === address));
const messagesOf = async (t: TestTenant, chargeId: string) =>
  (await ctx.call(t.live, 'GET', `/v1/charges/${chargeId}/notifications`)).json();

describe('channels', () => {
  it('stores the SMTP password encrypted, never returns it, and tests the connection', async () => {
    ctx.clock.set(testNow());
    const t = await setUpTenant();
    const got = (await ctx.call(t.live, 'GET', '/v1/notification-channels/email')).json();
    expect(got).toMatchObject({ channel: 'email', provider: 'smtp', secret_set: true, active: true });
    expect(JSON.stringify(got)).not.toContain('s3nha-smtp');
    const { rows } = await ctx.db.query<{ secret_encrypted: string }>(
      'SELECT secret_encrypted FROM notification_channels WHERE tenant_id = $1',
      [t.id],
    );
    expect(rows[0].secret_encrypted).toMatch(/^v1:/);
    expect(rows[0].secret_encrypted).not.toContain('s3nha');
    const events = await ctx.db.query<{ data: unknown }>(
      `SELECT data FROM events WHERE tenant_id = $1 AND type LIKE 'notification_channel.%'`,
      [t.id],
    );
    expect(JSON.stringify(events.rows)).not.toContain('s3nha-smtp');
    expect((await ctx.call(t.live, 'POST', '/v1/notification-channels/email/test')).json()).toMatchObject({ ok: true, error: null });
    // A PUT without `secret` keeps the stored one; a wrong one fails the test with the server's reason.
    const keep = await ctx.call(t.live, 'PUT', '/v1/notification-channels/email', {
      provider: 'smtp',
      settings: { ...got.settings, from_name: 'Outro Nome' },
    });
    expect(keep.json().secret_set).toBe(true);
    expect((await ctx.call(t.live, 'POST', '/v1/notification-channels/email/test')).json().ok).toBe(true);
    await ctx.call(t.live, 'PUT', '/v1/notification-channels/email', {
      provider: 'smtp',
      settings: got.settings,
      secret: { password: 'errada' },
    });
    const bad = (await ctx.call(t.live, 'POST', '/v1/notification-channels/email/test')).json();
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/535|Invalid|auth/i);
  });

  it('refuses bad settings naming each field, a provider of another channel, and an unknown channel', async () => {
    const t = await ctx.newTenant();
    const r1 = await ctx.call(t.live, 'PUT', '/v1/notification-channels/email', {
      provider: 'smtp',
      settings: { host: 'x', port: 'abc', from_email: 'a@b.c', secure: false },
    });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.details.map((x: { field: string }) => x.field)).toContain('settings.port');
    const r2 = await ctx.call(t.live, 'PUT', '/v1/notification-channels/sms', { provider: 'smtp', settings: {} });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.details[0].field).toBe('provider');
    expect((await ctx.call(t.live, 'PUT', '/v1/notification-channels/fax', { provider: 'smtp', settings: {} })).statusCode).toBe(400);
  });

  it('without COBRE_SECRET_KEY a secret cannot be stored (409 secret_key_missing)', async () => {
    const t = await ctx.newTenant();
    delete process.env.COBRE_SECRET_KEY;
    try {
      const r = await ctx.call(t.live, 'PUT', '/v1/notification-channels/sms', {
        provider: 'zenvia',
        settings: { account: 'conta' },
        secret: { password: 'x' },
      });
      expect(r.statusCode).toBe(409);
      expect(r.json().error.reason ?? r.json().error.details).toBeDefined();
      expect(r.body).toContain('COBRE_SECRET_KEY');
    } finally {
      process.env.COBRE_SECRET_KEY = SECRET_KEY;
    }
  });
});

describe('templates', () => {
  it('an unknown variable is a 400 naming it; a valid one is saved, previewed and reset', async () => {
    const t = await ctx.newTenant();
    const url = '/v1/notification-templates/reminder/email/pt-BR';
    const bad = await ctx.call(t.live, 'PUT', url, {
      subject: 'Oi {{pagador.nome}}',
      body: 'Valor {{cobranca.valr}} e {{pagamento.valor}}',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('{{cobranca.valr}}');
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        { field: 'body', issue: 'unknown variable {{cobranca.valr}}' },
        { field: 'body', issue: 'unknown variable {{pagamento.valor}}' },
      ]),
    );
    const syntax = await ctx.call(t.live, 'PUT', url, { subject: 'Oi', body: 'Valor {{cobranca.valor' });
    expect(syntax.statusCode).toBe(400);
    const ok = await ctx.call(t.live, 'PUT', url, {
      subject: 'Lembrete {{cobranca.numero}}',
      body: 'Olá {{pagador.nome}}, pague {{cobranca.valor_hoje}} até {{cobranca.vencimento}}: {{link_pagamento}}',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ customized: true, event: 'reminder', channel: 'email', locale: 'pt-BR' });
    const preview = (await ctx.call(t.live, 'POST', `${url}/preview`, {})).json();
    expect(preview.subject).toBe('Lembrete 1042');
    expect(preview.text).toContain('Maria da Silva');
    expect(preview.html).toContain('Maria da Silva');
    const list = (await ctx.call(t.live, 'GET', '/v1/notification-templates')).json();
    expect(list).toHaveLength(6 * 3 * 2);
    expect(
      list.find(
        (x: { event: string; channel: string; locale: string }) => x.event === 'reminder' && x.channel === 'email' && x.locale === 'pt-BR',
      ).customized,
    ).toBe(true);
    expect((await ctx.call(t.live, 'DELETE', url)).json().customized).toBe(false);
    const wa = await ctx.call(t.live, 'PUT', '/v1/notification-templates/overdue/whatsapp/pt-BR', {
      body: '{{pagador.nome}}\n{{cobranca.valor_hoje}}',
    });
    expect(wa.statusCode).toBe(400);
    expect(wa.json().error.details[0].field).toBe('whatsapp_template');
  });
});

describe('the charge e-mail', () => {
  it('reaches the payer once with the boleto PDF, the amounts, the Pix code and the payer page link', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const t = await setUpTenant();
    const c = await newCustomer(t, 'maria@pagadora.example');
    const charge = await newCharge(t, c.id);
    const queued = await messagesOf(t, charge.id);
    expect(queued).toEqual([
      expect.objectContaining({ step_key: 'charge_created', channel: 'email', status: 'queued', recipient: 'maria@pagadora.example' }),
    ]);
    expect(await drain()).toBe(1);
    expect(await drain()).toBe(0);
    const mails = mailsTo('maria@pagadora.example');
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.subject).toContain(`nº ${charge.number}`);
    expect(mail.subject).toContain('R$ 450,00');
    expect(mail.text).toContain('10/12/' + d('2026-12-10').slice(0, 4));
    const link = /http:\/\/cobre\.test\/pagar\/[A-Za-z0-9_-]{46}/.exec(mail.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect(mail.html).toContain(link);
    const pix = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/pix`)).json();
    expect(mail.text).toContain(pix.payload);
    expect(mail.messageId).toBe(`<${queued[0].id}@empresa.example>`);
    expect(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toMatch(
      /<http:\/\/cobre\.test\/descadastrar\/[A-Za-z0-9_-]{46}>/,
    );
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: `boleto-${charge.number}.pdf` });
    const pdf = (await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/boleto.pdf`)).rawPayload;
    // The same document: only the creation instant and the file id, which pdfkit writes per rendering, differ.
    const normal = (b: Buffer) =>
      b
        .toString('latin1')
        .replace(/\(D:\d{14}[^)]*\)/g, '')
        .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/i, '');
    expect(normal(mail.attachments[0].content)).toBe(normal(pdf));
    // The payer page link opens this charge.
    const page = await ctx.app.inject({ method: 'GET', url: new URL(link!).pathname });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('450,00');
    const [sent] = await messagesOf(t, charge.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: `<${queued[0].id}@empresa.example>` });
    expect(sent.log.map((l: { status: string }) => l.status)).toEqual(['queued', 'sent']);
    const ev = await ctx.db.query<{ type: string }>(`SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`, [
      t.id,
      sent.id,
    ]);
    expect(ev.rows.map((r) => r.type)).toEqual(['notification.queued', 'notification.sent']);
  });

  it('a hard bounce marks the address invalid and later messages to it are skipped; a 4xx is retried with backoff', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const t = await setUpTenant();
    const c = await newCustomer(t, 'nao-existe@pagadora.example');
    smtp.reject = (a) => (a === 'nao-existe@pagadora.example' ? 550 : a === 'ocupado@pagadora.example' ? 451 : null);
    try {
      const charge = await newCharge(t, c.id);
      await drain();
      const [m] = await messagesOf(t, charge.id);
      expect(m).toMatchObject({ status: 'bounced' });
      expect(m.error).toContain('User unknown');
      expect((await ctx.call(t.live, 'GET', '/v1/notification-invalid-addresses')).json()).toEqual([
        expect.objectContaining({ channel: 'email', address: 'nao-existe@pagadora.example' }),
      ]);
      const second = await newCharge(t, c.id, { due_date: d('2026-12-20') });
      expect((await messagesOf(t, second.id))[0]).toMatchObject({ status: 'skipped', error: expect.stringContaining('inválido') });

      const busy = await newCustomer(t, 'ocupado@pagadora.example');
      const third = await newCharge(t, busy.id);
      await drain();
      const [r] = await messagesOf(t, third.id);
      expect(r).toMatchObject({ status: 'queued', attempts: 1 });
      expect(new Date(r.next_attempt_at).getTime()).toBe(ctx.clock.now().getTime() + 60_000);
      smtp.reject = () => null;
      ctx.clock.advance(61_000);
      await drain();
      expect((await messagesOf(t, third.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      smtp.reject = () => null;
    }
  });

  it('is sent exactly once when the sender dies between the SMTP answer and recording it', async () => {
    ctx.clock.set(testNow('2026-11-23T12:00:00Z'));
    const t = await setUpTenant();
    const c = await newCustomer(t, 'queda@pagadora.example');
    const charge = await newCharge(t, c.id);
    await expect(
      drain({
        afterSend: () => {
          throw new Error('worker killed');
        },
      }),
    ).rejects.toThrow('worker killed');
    const [m] = await messagesOf(t, charge.id);
    expect(m.status).toBe('sending');
    expect(mailsTo('queda@pagadora.example')).toHaveLength(1);
    // Another sender before the lease ends takes nothing; after it, it takes the message over.
    expect(await drain()).toBe(0);
    ctx.clock.advance(61_000);
    expect(await drain()).toBe(1);
    const after = (await messagesOf(t, charge.id))[0];
    expect(after).toMatchObject({ status: 'sent', attempts: 2 });
    expect(after.log.filter((l: { status: string }) => l.status === 'sent')).toHaveLength(1);
    // The SMTP server saw the same message twice, with one Message-ID: the payer's mail system shows it once.
    const ids = new Set(mailsTo('queda@pagadora.example').map((x) => x.messageId));
    expect(ids).toEqual(new Set([`<${m.id}@empresa.example>`]));
  });
});
