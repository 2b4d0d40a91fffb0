// End-to-end: Debian's Chromium (playwright-core) opens the payer's page on a real listening server,
// on a phone (390×844) and a desktop (1280×800) viewport: the amount due is shown, the copy button
// copies, and axe-core finds no serious or critical violation on the charge page, the customer page
// and the receipt. COBRE_SCREENSHOTS=1 also saves docs/screenshots/payer-page-{phone,desktop}.png.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser tests skip.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');
const tools = systemTools('the payer page end-to-end test in a browser', ['chromium']);
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORTS = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } } as const;

let t: TestContext;
let tenant: TestTenant;
let browser: Browser;
let base: string;
const paths = { charge: '', customer: '', receipt: '' };
let chargeId = '';

async function api(method: string, url: string, body?: unknown) {
  const res = await t.call(tenant.live, method, url, body);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json();
}

beforeAll(async () => {
  process.env.COBRE_PAYER_PAGE_RATE_LIMIT = '100000';
  t = await createTestContext();
  delete process.env.COBRE_PAYER_PAGE_RATE_LIMIT;
  tenant = await t.newTenant('Provedor Serra Gaúcha Ltda');
  await api('POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    account_digit: '7',
    carteira: '109',
    beneficiary_name: 'Provedor Serra Gaúcha Ltda',
    beneficiary_document: '11.222.333/0001-81',
    beneficiary_address: {
      street: 'Rua João Pessoa',
      number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postal_code: '95720-000',
    },
    pix_key: 'financeiro@serragaucha.example.com',
  });
  await api('PATCH', '/v1/payer-page/settings', {
    support_email: 'financeiro@serragaucha.example.com',
    support_phone: '(54) 3462-0000',
    instructions: 'O pagamento por Pix é confirmado na hora; o boleto, em até 1 dia útil.',
  });
  const rule = await api('POST', '/v1/payment-rules', { descricao: 'Pontualidade 5%', percentual: '5', tipo_prazo_pagamento: 'AOV' });
  await api('POST', `/v1/payment-rules/${rule.id}/links`, { target_type: 'tenant' });
  await api('PUT', '/v1/late-charge-policy', {
    fine: { kind: 'percent', value: '2' },
    interest: { monthly_percent: '1', compound: false },
  });
  const cu = await api('POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria da Silva Pagadora',
    document: cpfFrom(90210),
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
  });
  const ch = await api('POST', '/v1/charges', {
    customer_id: cu.id,
    due_date: d('2026-12-10'),
    description: 'Internet 300 Mega — dezembro',
    lines: [
      { description: 'Internet 300 Mega', unit_price_cents: '9990' },
      { description: 'Roteador Wi-Fi (aluguel)', unit_price_cents: '1500' },
    ],
  });
  await api('POST', '/v1/charges', { customer_id: cu.id, amount_cents: 4_990, description: 'Instalação', due_date: d('2027-01-10') });
  const paid = await api('POST', '/v1/charges', {
    customer_id: cu.id,
    amount_cents: 11_490,
    description: 'Internet 300 Mega — novembro',
    due_date: d('2026-11-10'),
    issue_date: d('2026-11-01'),
  });
  await api('POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 11_490, method: 'pix', paid_on: d('2026-11-09') });
  chargeId = ch.id;
  paths.charge = (await api('POST', `/v1/charges/${ch.id}/payer-link`)).path;
  paths.customer = (await api('POST', `/v1/customers/${cu.id}/payer-link`)).path;
  paths.receipt = (await api('POST', `/v1/charges/${paid.id}/payer-link`)).path + '/recibo';
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(
  viewport: { width: number; height: number },
  opts: { bypassCSP?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    bypassCSP: opts.bypassCSP ?? false,
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await context.newPage();
  page.setDefaultTimeout(HANG_MS);
  return { context, page };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is: the serious and critical violations (none expected). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(
    async () => (await (window as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run()).violations,
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('payer page in a browser', () => {
  for (const [name, viewport] of Object.entries(VIEWPORTS)) {
    it.skipIf(!tools.has('chromium'))(`${name}: shows the amount due today, the copy buttons copy under the page's CSP`, async () => {
      const { context, page } = await open(viewport);
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      try {
        const res = await page.goto(base + paths.charge);
        expect(res?.status()).toBe(200);
        // R$ 114,90 with 5 % off until the due date: the page shows what GET …/amount-due says.
        const due = (await t.call(tenant.live, 'GET', `/v1/charges/${chargeId}/amount-due`)).json();
        expect(due.discounts).toHaveLength(1);
        const expected = 'R$ ' + new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2 }).format(due.total_cents / 100);
        await expect.poll(() => page.getByTestId('amount-due').textContent(), POLL).toBe(expected);
        await page.getByRole('heading', { level: 1 }).waitFor();
        const pixCopy = page.locator('button[data-copy="pix-code"]');
        await pixCopy.waitFor({ state: 'visible' }); // the nonce'd script ran: the button is shown
        await pixCopy.click();
        await expect.poll(() => pixCopy.textContent(), POLL).toBe('Copiado');
        const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
        if (copied !== null) expect(copied).toBe(await page.inputValue('#pix-code'));
        const linhaCopy = page.locator('button[data-copy="linha"]');
        await linhaCopy.click();
        await expect.poll(() => linhaCopy.textContent(), POLL).toBe('Copiado');
        expect(cspErrors).toEqual([]);
        // The QR code image loads (same origin, under img-src 'self').
        await expect
          .poll(() => page.locator('.pix img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), POLL)
          .toBe(true);
        if (process.env.COBRE_SCREENSHOTS === '1') {
          mkdirSync(SHOTS, { recursive: true });
          // The copy labels back to their resting state for the picture.
          await page.reload();
          await page.getByTestId('amount-due').waitFor();
          await page.screenshot({ path: join(SHOTS, `payer-page-${name}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    });

    it.skipIf(!tools.has('chromium'))(
      `${name}: axe-core finds no serious or critical violation on the charge, customer and receipt pages`,
      async () => {
        // axe is injected as a script of its own: this context lets it past the page's CSP.
        const { context, page } = await open(viewport, { bypassCSP: true });
        try {
          for (const [label, path] of Object.entries(paths)) {
            const res = await page.goto(base + path);
            expect(res?.status(), label).toBe(200);
            await page.getByRole('heading', { level: 1 }).waitFor();
            expect(await seriousViolations(page), label).toEqual([]);
          }
          await page.goto(base + paths.customer);
          expect(await page.getByRole('link', { name: /Pagar/ }).count()).toBe(2);
          const notFound = await page.goto(base + '/pagar/nao-existe');
          expect(notFound?.status()).toBe(404);
          expect(await seriousViolations(page)).toEqual([]);
        } finally {
          await context.close();
        }
      },
    );
  }
});
