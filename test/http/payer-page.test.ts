// The payer's page through HTTP against a real database: links (idempotent, revocable, per tenant),
// the public pages under /pagar (amount due today = GET /v1/charges/{id}/amount-due, boleto PDF and
// its 2ª via, Pix, receipt), hostile tokens, headers, rate limit, settings and logo validation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, testNow, type TestContext, type TestTenant, d } from '../support/app.ts';
import { systemTools } from '../support/tools.ts';
import { newToken, tenantOfToken } from '../../src/payer-page/links.ts';

const tools = systemTools('the 2ª via PDF text checks', ['pdftotext']);
const PUBLIC = 'https://pagar.example.com';

let ctx: TestContext;
let t: TestTenant;
const dir = mkdtempSync(join(tmpdir(), 'payer-page-'));

beforeAll(async () => {
  // The suite sends many /pagar requests from one address: the limit is tested in its own app below.
  process.env.COBRE_PAYER_PAGE_RATE_LIMIT = '1000000';
  ctx = await createTestContext({ config: { publicUrl: PUBLIC } });
  delete process.env.COBRE_PAYER_PAGE_RATE_LIMIT;
  t = await ctx.newTenant('Provedor Exemplo Ltda');
  await account(t);
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx?.close();
});

async function account(tenant: TestTenant, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    account_digit: '7',
    carteira: '109',
    beneficiary_name: 'Provedor Exemplo Ltda',
    beneficiary_document: '11.222.333/0001-81',
    beneficiary_address: {
      street: 'Rua João Pessoa',
      number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postal_code: '95720-000',
    },
    pix_key: 'financeiro@provedor.example.com',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

let seed = 4200;
async function customer(tenant: TestTenant, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria da Silva Pagadora',
    document: cpfFrom(++seed),
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
}

async function charge(tenant: TestTenant, customerId: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: 100_000,
    description: 'Mensalidade dezembro',
    due_date: d('2026-12-10'),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number };
}

async function link(tenant: TestTenant, kind: 'charges' | 'customers', id: string | number) {
  const res = await ctx.call(tenant.live, 'POST', `/v1/${kind}/${id}/payer-link`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { url: string; token: string; path: string; created_at: string };
}

const page = (path: string) => ctx.app.inject({ method: 'GET', url: path });

describe('payer links', () => {
  it('are get-or-create (same token by id or number), revocable, and a new POST makes a new token', async () => {
    const cu = await customer(t);
    const ch = await charge(t, cu.id);
    const a = await link(t, 'charges', ch.id);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{46}$/);
    expect(a.url).toBe(`${PUBLIC}/pagar/${a.token}`);
    expect(tenantOfToken(a.token)).toBe(t.id);
    expect((await link(t, 'charges', ch.id)).token).toBe(a.token);
    expect((await link(t, 'charges', ch.number)).token).toBe(a.token);
    expect((await page(a.path)).statusCode).toBe(200);

    const del = await ctx.call(t.live, 'DELETE', `/v1/charges/${ch.id}/payer-link`);
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json().revoked_at).toBeTruthy();
    const old = await page(a.path);
    expect(old.statusCode).toBe(404);
    expect(old.headers['content-type']).toContain('text/html');
    expect(old.body).toContain('Link não encontrado');
    expect(old.body).not.toContain('Cobrança nº');
    expect(old.body).not.toContain('Mensalidade');
    expect((await ctx.call(t.live, 'DELETE', `/v1/charges/${ch.id}/payer-link`)).json().error.code).toBe('not_found');

    const b = await link(t, 'charges', ch.id);
    expect(b.token).not.toBe(a.token);
    expect((await page(b.path)).statusCode).toBe(200);
    expect((await page(a.path)).statusCode).toBe(404);
    // Every write is in the audit trail.
    const events = await ctx.db.query<{ type: string }>(
      `SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 AND type LIKE 'payer_link.%' ORDER BY seq`,
      [t.id, ch.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['payer_link.created', 'payer_link.revoked', 'payer_link.created']);
  });

  it('refuses unknown charges and customers, and those of another tenant (404 in the envelope)', async () => {
    const other = await ctx.newTenant();
    const ch = await charge(other, (await customer(other)).id);
    for (const url of [`/v1/charges/${ch.id}/payer-link`, '/v1/charges/999999/payer-link', '/v1/customers/not-a-ref/payer-link']) {
      const res = await ctx.call(t.live, 'POST', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await ctx.call(null, 'POST', `/v1/charges/${ch.id}/payer-link`)).statusCode).toBe(401);
    // The sandbox is another tenant: its key cannot reach live charges.
    expect((await ctx.call(other.test, 'POST', `/v1/charges/${ch.id}/payer-link`)).statusCode).toBe(404);
  });
});

describe('the public pages', () => {
  it('answers with noindex, no-store, no-referrer, nosniff and a nonce-only CSP', async () => {
    const ch = await charge(t, (await customer(t)).id);
    const path = (await link(t, 'charges', ch.id)).path;
    const res = await page(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    expect(res.body).toContain(`<script nonce="${nonce}">`);
    expect(res.body).toContain('<meta name="robots" content="noindex,nofollow">');
    expect(res.body).toContain('<html lang="pt-BR">');
    // Each response its own nonce; 404 pages carry the same headers.
    expect(String((await page(path)).headers['content-security-policy'])).not.toContain(nonce);
    const missing = await page('/pagar/nada');
    expect(missing.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect(missing.headers['cache-control']).toBe('private, no-store');
  });

  it('never answers 200 or 500 for a malformed, guessed or hostile token', async () => {
    const real = (await link(t, 'charges', (await charge(t, (await customer(t)).id)).id)).token;
    const guessed = [
      newToken(t.id), // the right tenant, random bits not issued
      real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A'),
      real.toLowerCase() === real ? real.toUpperCase() : real.toLowerCase(),
      real + 'A',
      real.slice(1),
    ];
    const hostile = [
      '%00',
      `${real}%00`,
      'A'.repeat(46),
      '_'.repeat(46),
      "'%20OR%201=1--",
      '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      '..%2F..%2Fetc%2Fpasswd',
      '%E0%A4%A',
      'ÿ'.repeat(46),
      '%F0%9F%92%A9'.repeat(12),
      'x'.repeat(900),
      'x'.repeat(5000),
    ];
    for (const tok of [...guessed.map(encodeURIComponent), ...hostile]) {
      for (const suffix of ['', '/boleto.pdf', '/pix.png', '/recibo']) {
        const res = await page(`/pagar/${tok}${suffix}`);
        expect(res.statusCode, `${tok.slice(0, 60)}${suffix}`).not.toBe(200);
        expect(res.statusCode, `${tok.slice(0, 60)}${suffix}`).toBeLessThan(500);
      }
    }
    expect((await page('/pagar')).statusCode).toBe(404);
    expect((await page('/pagar/')).statusCode).toBe(404);
  });

  it('a token of tenant A with tenant B inside shows nothing of either', async () => {
    const b = await ctx.newTenant();
    await account(b, { beneficiary_name: 'Outra Empresa Ltda' });
    const bLink = await link(b, 'charges', (await charge(b, (await customer(b)).id)).id);
    const aLink = await link(t, 'charges', (await charge(t, (await customer(t)).id)).id);
    const bId = Buffer.from(b.id.replace(/-/g, ''), 'hex');
    const swapped = Buffer.concat([bId, Buffer.from(aLink.token, 'base64url').subarray(16)]).toString('base64url');
    expect((await page(`/pagar/${swapped}`)).statusCode).toBe(404);
    expect((await page(bLink.path)).body).toContain('Outra Empresa Ltda');
    expect((await page(bLink.path)).body).not.toContain('Provedor Exemplo');
  });

  it("a customer link lists only that customer's open charges, each linking to its own page", async () => {
    const tn = await ctx.newTenant('Loja do Centro Ltda');
    await account(tn, { beneficiary_name: 'Loja do Centro Ltda' });
    const ana = await customer(tn, { name: 'Ana Cliente' });
    const bia = await customer(tn, { name: 'Bia Outra' });
    const open1 = await charge(tn, ana.id, { amount_cents: 1_000, description: 'Primeira parcela', due_date: d('2026-12-01') });
    const open2 = await charge(tn, ana.id, { amount_cents: 2_000, description: 'Segunda parcela', due_date: d('2027-01-01') });
    const paid = await charge(tn, ana.id, { amount_cents: 3_000, description: 'Parcela paga' });
    const cancelled = await charge(tn, ana.id, { amount_cents: 4_000, description: 'Parcela cancelada' });
    const others = await charge(tn, bia.id, { amount_cents: 5_000, description: 'Da outra cliente' });
    expect(
      (await ctx.call(tn.live, 'POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 3_000, method: 'pix', paid_on: d('2026-11-23') }))
        .statusCode,
    ).toBe(201);
    expect((await ctx.call(tn.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'erro' })).statusCode).toBe(200);

    const res = await page((await link(tn, 'customers', ana.id)).path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Primeira parcela');
    expect(res.body).toContain('Segunda parcela');
    for (const absent of ['Parcela paga', 'Parcela cancelada', 'Da outra cliente', 'Bia Outra']) expect(res.body).not.toContain(absent);
    expect(res.body).toContain('R$ 30,00'); // total open
    const hrefs = [...res.body.matchAll(/href="(\/pagar\/[A-Za-z0-9_-]{46})"/g)].map((m) => m[1]);
    expect(hrefs).toHaveLength(2);
    expect(hrefs[0]).toBe((await link(tn, 'charges', open1.id)).path); // the charge's own live link
    const second = await page(hrefs[1]);
    expect(second.body).toContain(`Cobrança nº ${open2.number}`);
    expect(second.body).not.toContain('Primeira parcela');
    // A customer link has no boleto, Pix or receipt of its own.
    for (const s of ['/boleto.pdf', '/pix.png', '/recibo'])
      expect((await page((await link(tn, 'customers', ana.id)).path + s)).statusCode).toBe(404);
    expect(others.number).toBeGreaterThan(0);
  });
});

describe('amount due today, boleto, 2ª via, Pix and receipt', () => {
  let tn: TestTenant;
  let ch: { id: string; number: number };
  let path: string;

  beforeAll(async () => {
    tn = await ctx.newTenant('Clube Esportivo Ltda');
    await account(tn, { beneficiary_name: 'Clube Esportivo Ltda' });
    const cu = await customer(tn, { name: 'João Sócio' });
    const rule = await ctx.call(tn.live, 'POST', '/v1/payment-rules', {
      descricao: 'Pontualidade 5%',
      percentual: '5',
      tipo_prazo_pagamento: 'AOV',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect(
      (await ctx.call(tn.live, 'POST', `/v1/payment-rules/${rule.json().id}/links`, { target_type: 'customer', target_id: cu.id }))
        .statusCode,
    ).toBeLessThan(300);
    const late = await ctx.call(tn.live, 'PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
    });
    expect(late.statusCode, late.body).toBe(200);
    ch = await charge(tn, cu.id);
    path = (await link(tn, 'charges', ch.id)).path;
  });
  afterAll(() => ctx.clock.set(testNow()));

  const amountDue = async () => (await ctx.call(tn.live, 'GET', `/v1/charges/${ch.id}/amount-due`)).json();

  it('before the due date: the discount and its last day, the same total as amount-due, boleto and Pix', async () => {
    ctx.clock.set(testNow());
    const api = await amountDue();
    expect(api.total_cents).toBe(95_000);
    const res = await page(path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/data-testid="amount-due">R\$ 950,00</);
    expect(res.body).toContain(`Pagando até ${d('2026-12-10').split('-').reverse().join('/')}, você tem R$ 50,00 de desconto.`);
    expect(res.body).toContain('Provedor Exemplo Ltda'.replace('Provedor Exemplo', 'Clube Esportivo'));
    expect(res.body).toContain('11.222.333/0001-81');
    expect(res.body).toContain('João Sócio');
    expect(res.body).toContain('Mensalidade dezembro');
    expect(res.body).toMatch(/<textarea id="linha"[^>]*>\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}<\/textarea>/);
    const pix = /<textarea id="pix-code"[^>]*>([^<]+)<\/textarea>/.exec(res.body)![1];
    expect(pix).toContain('5802BR');
    expect(pix).toContain('5406950.00'); // field 54 (amount), 6 characters
    const png = await page(`${path}/pix.png`);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const pdf = await page(`${path}/boleto.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="boleto-${ch.number}.pdf"`);
    expect((await page(`${path}/recibo`)).statusCode).toBe(404);
  });

  it('after the due date: fine and interest as amount-due says, and the 2ª via only while the tenant allows it', async () => {
    ctx.clock.set(testNow('2026-12-20T12:00:00Z'));
    const api = await amountDue();
    expect(api).toMatchObject({ total_cents: 102_333, fine_cents: 2000, interest_cents: 333, days_late: 10 });
    const res = await page(path);
    expect(res.body).toMatch(/data-testid="amount-due">R\$ 1\.023,33</);
    expect(res.body).toContain('Multa</dt><dd>+ R$ 20,00');
    expect(res.body).toContain('Juros</dt><dd>+ R$ 3,33');
    expect(res.body).toContain('Vencida');
    expect(res.body).toContain('2ª via');
    const pdf = await page(`${path}/boleto.pdf`);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdf.headers['content-disposition']).toBe(`inline; filename="boleto-${ch.number}-2a-via.pdf"`);
    if (tools.has('pdftotext')) {
      writeFileSync(join(dir, 'segunda-via.pdf'), pdf.rawPayload);
      const text = tools.run('pdftotext', ['-layout', join(dir, 'segunda-via.pdf'), '-']);
      expect(text).toContain('2ª via');
      expect(text).toContain('1.023,33'); // (=) Valor Cobrado
      expect(text).toContain('23,33'); // (+) Mora/Multa
      expect(text).toContain('1.000,00'); // the document's value (barcode) is unchanged
    }

    const off = await ctx.call(tn.live, 'PATCH', '/v1/payer-page/settings', { allow_second_copy: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().allow_second_copy).toBe(false);
    expect((await page(`${path}/boleto.pdf`)).headers['content-disposition']).toBe(`inline; filename="boleto-${ch.number}.pdf"`);
    expect((await page(path)).body).not.toContain('2ª via');
    expect((await ctx.call(tn.live, 'PATCH', '/v1/payer-page/settings', { allow_second_copy: true })).statusCode).toBe(200);
  });

  it('once paid: "Pago em", the receipt, and no boleto or Pix any more', async () => {
    ctx.clock.set(testNow('2026-12-20T12:00:00Z'));
    const pay = await ctx.call(tn.live, 'POST', `/v1/charges/${ch.id}/payments`, {
      amount_cents: 102_333,
      method: 'pix',
      paid_on: d('2026-12-20'),
    });
    expect(pay.statusCode, pay.body).toBe(201);
    expect(pay.json().charge.status).toBe('paid');
    const res = await page(path);
    expect(res.body).toContain(`Pago em ${d('2026-12-20').split('-').reverse().join('/')}`);
    expect(res.body).toContain(`href="${path}/recibo"`);
    expect(res.body).not.toContain('id="pix-code"');
    expect((await page(`${path}/boleto.pdf`)).statusCode).toBe(404);
    expect((await page(`${path}/pix.png`)).statusCode).toBe(404);
    const receipt = await page(`${path}/recibo`);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Recibo de pagamento');
    expect(receipt.body).toContain('R$ 1.023,33');
    expect(receipt.body).toContain('João Sócio');
  });

  it('a cancelled charge says so and offers nothing to pay', async () => {
    ctx.clock.set(testNow());
    const c = await charge(tn, (await customer(tn)).id);
    expect((await ctx.call(tn.live, 'POST', `/v1/charges/${c.id}/cancel`, { reason: 'duplicada' })).statusCode).toBe(200);
    const res = await page((await link(tn, 'charges', c.id)).path);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Esta cobrança foi cancelada');
    expect(res.body).not.toContain('id="linha"');
    expect(res.body).not.toContain('data-testid="amount-due"');
  });

  it('a customer in Portugal reads pt-PT', async () => {
    ctx.clock.set(testNow());
    const pt = await customer(tn, { name: 'Rui Lisboa', country: 'PT', document: undefined, addresses: [] });
    const res = await page((await link(tn, 'charges', (await charge(tn, pt.id)).id)).path);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('<html lang="pt-PT">');
    expect(res.body).not.toContain('id="linha"'); // no Brazilian address: no registered boleto, Pix remains
    expect(res.body).toContain('id="pix-code"');
  });
});

describe('settings and logo', () => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

  it('defaults, patch, and refuses bad values in the envelope', async () => {
    const tn = await ctx.newTenant();
    expect((await ctx.call(tn.live, 'GET', '/v1/payer-page/settings')).json()).toMatchObject({
      allow_second_copy: true,
      support_email: null,
      logo: null,
    });
    const ok = await ctx.call(tn.live, 'PATCH', '/v1/payer-page/settings', {
      support_email: 'ajuda@loja.example.com',
      support_phone: '(54) 3462-0000',
      instructions: 'Pagamentos confirmados em até 1 dia útil.',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ support_email: 'ajuda@loja.example.com', allow_second_copy: true });
    for (const body of [
      { instructions: 'x'.repeat(501) },
      { support_email: 'não é e-mail' },
      {},
      { allow_second_copy: 'sim' },
      { unknown: 1 },
    ]) {
      const res = await ctx.call(tn.live, 'PATCH', '/v1/payer-page/settings', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('accepts a PNG, refuses SVG, garbage and oversized images (400 in the envelope), and the page shows it', async () => {
    const tn = await ctx.newTenant('Marca Própria Ltda');
    const bad = [
      {
        content_type: 'image/svg+xml',
        data_base64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64'),
      },
      { content_type: 'image/png', data_base64: Buffer.from('<svg onload="alert(1)"></svg>').toString('base64') },
      { content_type: 'image/jpeg', data_base64: png.toString('base64') },
      { content_type: 'image/png', data_base64: 'não é base64!' },
      { content_type: 'image/png', data_base64: Buffer.concat([png.subarray(0, 8), Buffer.alloc(210 * 1024)]).toString('base64') },
      { content_type: 'image/png', data_base64: 'A'.repeat(300_000) },
    ];
    for (const body of bad) {
      const res = await ctx.call(tn.live, 'PUT', '/v1/payer-page/logo', body);
      expect(res.statusCode, body.content_type + body.data_base64.slice(0, 20)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const ok = await ctx.call(tn.live, 'PUT', '/v1/payer-page/logo', { content_type: 'image/png', data_base64: png.toString('base64') });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().logo).toEqual({ content_type: 'image/png', bytes: png.length });
    const res = await page((await link(tn, 'charges', (await charge(tn, (await customer(tn)).id)).id)).path);
    expect(res.body).toContain(`<img src="data:image/png;base64,${png.toString('base64')}" alt="Marca Própria Ltda">`);
    expect((await ctx.call(tn.live, 'DELETE', '/v1/payer-page/logo')).json().logo).toBeNull();
    expect((await page((await link(tn, 'customers', (await customer(tn)).id)).path)).body).not.toContain('data:image/png');
  });
});

describe('rate limit', () => {
  it('answers 429 in pt-BR after COBRE_PAYER_PAGE_RATE_LIMIT requests a minute from one address, and limits nothing else', async () => {
    process.env.COBRE_PAYER_PAGE_RATE_LIMIT = '3';
    const small = await createTestContext();
    delete process.env.COBRE_PAYER_PAGE_RATE_LIMIT;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await small.app.inject({ method: 'GET', url: `/pagar/${newToken(t.id)}` })).statusCode);
      expect(statuses).toEqual([404, 404, 404]);
      const limited = await small.app.inject({ method: 'GET', url: `/pagar/${newToken(t.id)}/boleto.pdf` });
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toContain('text/html');
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.body).toContain('Muitas solicitações');
      expect(limited.headers['x-robots-tag']).toBe('noindex, nofollow');
      // Another address has its own budget; the API and health checks are not limited by it.
      expect((await small.app.inject({ method: 'GET', url: `/pagar/${newToken(t.id)}`, remoteAddress: '10.0.0.9' })).statusCode).toBe(404);
      expect((await small.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await small.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});
