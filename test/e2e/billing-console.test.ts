// End-to-end (issue 16, point 1): a clerk with backdated contracts runs billing in Chromium
// (playwright-core) against a real listening server. On today's date nothing is due, and the preview
// says why per contract ("Dia de faturamento é 05/12/2026; período … ainda não faturado"); the clerk
// includes the pending periods, previews again (charges issued today, due in 10 days), confirms, and
// the finished run lists the contract it still skipped (with a link to it). The charges exist in
// the API. axe-core finds no violation on each screen, on desktop and phone viewports.
// COBRE_SCREENSHOTS=1 saves docs/screenshots/billing-*.png.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { br, cpfFrom, createTestContext, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { startWorkers } from '../../src/workers.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const tools = systemTools('the billing console end-to-end test in a browser', ['chromium']);
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

let t: TestContext;
let tenant: TestTenant;
let browser: Browser;
let page: Page;
let base: string;
let workers: { stop(): Promise<void> } | null = null;
const seed = Date.now() % 1_000_000;
const email = `billing-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const contracts: Record<string, { id: string; customerId: string }> = {};

async function shot(name: string): Promise<void> {
  if (process.env.COBRE_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `billing-${name}.png`), fullPage: true });
}

async function noViolations(where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

async function contract(name: string, customer: string, startDate: string) {
  const cust = (
    await t.call(tenant.live, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: customer,
      document: cpfFrom(seed + Object.keys(contracts).length),
    })
  ).json();
  const res = await t.call(tenant.live, 'POST', '/v1/contracts', {
    customer_id: cust.id,
    billing_day: 5,
    due_days: 10,
    payment_method: 'boleto',
    start_date: startDate,
    items: [{ service_id: contracts.net.id }],
  });
  expect(res.statusCode, res.body).toBe(201);
  expect((await t.call(tenant.live, 'POST', `/v1/contracts/${res.json().id}/activate`)).statusCode).toBe(200);
  contracts[name] = { id: res.json().id, customerId: cust.id };
}

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-12-07T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Faturamento ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  contracts.net = {
    id: (
      await t.call(tenant.live, 'POST', '/v1/services', {
        code: 'NET',
        name: 'Internet 100MB',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 10000,
      })
    ).json().id,
    customerId: '',
  };
  // The clerk's month: three contracts entered today with earlier start dates, and one that starts now.
  await contract('october', 'Ana Backdated', d('2026-10-05'));
  await contract('midOctober', 'Bruno Meio de Período', d('2026-10-20'));
  await contract('november', 'Carla Novembro', d('2026-11-05'));
  await contract('fresh', 'Davi Recente', d('2026-12-06'));
  workers = startWorkers(t.db, { clock: t.clock, pollMs: 100, loops: [] });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  // The browser's clock is a year off: the date the page proposes must be the server's business date.
  await page.clock.setFixedTime(new Date(testNow('2026-12-07T15:00:00Z').getTime() + 365 * 86_400_000));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await t?.close();
});

describe('billing console end to end', () => {
  it.skipIf(!tools.has('chromium'))(
    'a clerk sees why backdated contracts are not billed today, includes the pending periods, confirms, and the charges exist',
    async () => {
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- a run on today's date without the pending periods (as before this issue) bills nothing;
      // the Painel's latest run says what is pending and where to bill it.
      const plain = await t.call(tenant.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-12-07') });
      expect(plain.statusCode, plain.body).toBe(202);
      await expect
        .poll(async () => (await t.call(tenant.live, 'GET', `/v1/billing-runs/${plain.json().id}`)).json().status, POLL)
        .toBe('finished');
      await page.reload();
      const pending = page.locator('[data-count=unbilled]');
      await expect
        .poll(() => pending.textContent(), POLL)
        .toContain('5 período(s) de 3 contrato(s) (R$ 451,61) com dia de faturamento já passado');
      expect(await page.locator('[data-count=skipped]').textContent()).toBe('4');
      await noViolations('Painel com períodos pendentes');
      await pending.getByRole('link', { name: 'Faturamento' }).click();
      await page.getByRole('heading', { name: 'Faturamento', level: 1 }).waitFor();
      const dateField = page.getByLabel('Data de referência');
      expect(await dateField.inputValue()).toBe(br('07/12/2026'));
      await noViolations('Faturamento');

      // ---- preview on today's date: nothing due, and why, per contract
      await page.getByRole('button', { name: 'Pré-visualizar' }).click();
      const preview = page.locator('.billing-preview');
      await preview.waitFor();
      await expect
        .poll(() => preview.getByTestId('billing-summary').textContent(), POLL)
        .toContain(`Nenhuma cobrança seria criada em ${br('07/12/2026')}`);
      const skipped = preview.locator('table.billing-skips');
      expect(await skipped.locator('tbody tr').count()).toBe(4);
      const october = skipped.locator(`tr[data-contract="${contracts.october.id}"]`);
      expect(await october.getAttribute('data-reason')).toBe('unbilled_past_periods');
      const octoberText = (await october.textContent()) ?? '';
      expect(octoberText).toContain(`Dia de faturamento é ${br('05/12/2026')}`);
      expect(octoberText).toContain(`${br('05/11/2026')} a ${br('04/12/2026')} (dia de faturamento ${br('05/12/2026')}, R$ 100,00)`);
      expect(octoberText).toContain('ainda não faturados');
      expect(octoberText).toContain(`Próximo faturamento: ${br('05/01/2027')}`);
      const fresh = skipped.locator(`tr[data-contract="${contracts.fresh.id}"]`);
      expect(await fresh.textContent()).toContain(
        `O primeiro período do contrato ainda não terminou; ele será faturado em ${br('05/01/2027')}`,
      );
      const callout = preview.locator('.billing-callout');
      expect(await callout.textContent()).toContain(
        '3 contratos têm 5 períodos cujo dia de faturamento já passou sem cobrança (R$ 451,61)',
      );
      await noViolations('pré-visualização');
      await shot('preview');

      // ---- include the pending periods: preview again
      await preview.getByRole('button', { name: `Faturar também os períodos pendentes até ${br('07/12/2026')}` }).click();
      await page.locator('.billing-preview[data-catch-up="true"]').waitFor();
      const catchUp = page.locator('.billing-preview');
      await expect
        .poll(() => catchUp.getByTestId('billing-summary').textContent(), POLL)
        .toContain('5 cobranças serão criadas para 3 contratos, no total de R$ 451,61');
      const charges = catchUp.locator('table.billing-charges tbody tr');
      expect(await charges.count()).toBe(5);
      const mid = await catchUp.locator(`table.billing-charges tr[data-contract="${contracts.midOctober.id}"]`).allTextContents();
      // 20/10 … 04/11 is 16 of 31 days: R$ 100,00 × 16/31 = R$ 51,61; issued today, due in 10 days.
      expect(mid[0]).toContain(`${br('05/10/2026')} a ${br('04/11/2026')}`);
      expect(mid[0]).toContain(`pendente desde ${br('05/11/2026')}`);
      expect(mid[0]).toContain(br('07/12/2026'));
      expect(mid[0]).toContain(br('17/12/2026'));
      expect(mid[0]).toContain('R$ 51,61');
      expect(await catchUp.locator('table.billing-skips tbody tr').count()).toBe(1);
      await noViolations('pré-visualização com períodos pendentes');
      await shot('catch-up');

      // ---- confirm: the run bills them and shows the contract it still skipped
      await catchUp.getByRole('button', { name: 'Confirmar faturamento' }).click();
      const run = page.locator('.run-progress .billing-run');
      await run.waitFor();
      expect(await run.locator('[data-count=charges]').textContent()).toBe('5');
      await expect.poll(() => run.locator('table.billing-skips tbody tr').count(), POLL).toBe(1);
      expect(await run.locator('table.billing-skips').textContent()).toContain('Primeiro período em curso');
      await noViolations('execução concluída');
      await shot('run');

      const listed = (await t.call(tenant.live, 'GET', '/v1/charges?origin=billing_run&page_size=100')).json();
      expect(listed.total).toBe(5);
      expect(listed.data.reduce((s: number, c: { amount_cents: number }) => s + c.amount_cents, 0)).toBe(45_161);
      expect(
        listed.data.every(
          (c: { issue_date: string; due_date: string }) => c.issue_date === d('2026-12-07') && c.due_date === d('2026-12-17'),
        ),
      ).toBe(true);

      // ---- a second preview on the same date offers nothing more; the phone layout has no violation either
      await page.getByRole('button', { name: 'Pré-visualizar' }).click();
      await expect
        .poll(() => page.locator('.billing-preview').getByTestId('billing-summary').textContent(), POLL)
        .toContain('Nenhuma cobrança seria criada');
      expect(await page.locator('.billing-preview .billing-callout').count()).toBe(0);
      await page.setViewportSize(PHONE_VIEWPORT);
      await noViolations('pré-visualização no celular');
      await page.setViewportSize({ width: 1360, height: 900 });

      // ---- the skipped contract's link opens the contract
      await page
        .locator(`.billing-preview table.billing-skips tr[data-contract="${contracts.fresh.id}"]`)
        .getByRole('link', { name: /Contrato nº/ })
        .click();
      await expect.poll(() => page.url(), POLL).toContain(`/contratos/${contracts.fresh.id}`);
    },
  );
});
