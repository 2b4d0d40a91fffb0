// End-to-end: Debian's Chromium (playwright-core) drives the built console against a real server
// (buildApp + listen on a random port, in-memory PGlite or the test schema of DATABASE_URL).
// COBRE_SCREENSHOTS=1 also saves a screenshot of each screen under docs/screenshots/.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestContext, cnpjFrom, cpfFrom, type TestContext, type TestTenant, br, testNow } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { ensureConsoleBuilt, navigate } from '../support/console-browser.ts';
import {
  addConsumptionThroughUi,
  addServicesThroughUi,
  fillAddressThroughUi,
  GARIBALDI,
  fillItauAccountThroughUi,
  INTERNET_AND_ENERGY,
  saveAccountThroughUi,
} from '../support/console-steps.ts';

const POLL = { timeout: HANG_MS, interval: 100 };

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const tools = systemTools('the console end-to-end test in a browser', ['chromium']);
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
const email = `admin-e2e-${seed}@example.com`;
const password = 'console-e2e-123';

async function shot(name: string): Promise<void> {
  if (process.env.COBRE_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

// Client-side navigation, as a clerk clicking the menu would (keeps the session, no reload).
const go = (path: string) => navigate(page, path);

const modal = () => page.locator('.modal');
const menu = (name: string) => page.locator('.sidebar').getByRole('link', { name, exact: true });

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa E2E ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  // Imports and billing runs are background jobs: run the registered queues in this process.
  const w = await import('../../src/workers.ts').catch(() => null);
  if (w) workers = w.startWorkers(t.db, { clock: t.clock, pollMs: 100, loops: [] });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({
    acceptDownloads: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1360, height: 900 },
  });
  page = await context.newPage();
  // The browser's "today" is the server's (fixed) business date; timers still run.
  // The browser's clock is off by 400 days on purpose: every date the console proposes must come
  // from the server's business date (the session's `today`), never from the machine it runs on.
  await page.clock.setFixedTime(new Date(testNow('2026-11-23T15:00:00Z').getTime() + 400 * 86_400_000));
  // A hang limit, not a budget: on a loaded machine a page can take long to answer (test/support/wait.ts).
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await t?.close();
});

describe('console end to end', () => {
  it('serves the console at / without shadowing the API', async () => {
    const index = await fetch(base + '/clientes/qualquer');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(await index.text()).toContain('<div id="root">');
    const api = await fetch(base + '/v1/nao-existe');
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
    expect((await fetch(base + '/openapi.json')).headers.get('content-type')).toContain('application/json');
    expect((await fetch(base + '/healthz')).status).toBe(200);
    expect((await fetch(base + '/missing.js')).status).toBe(404);
  });

  it.skipIf(!tools.has('chromium'))('a clerk logs in, registers, contracts, records, imports, bills, collects and cancels', async () => {
    // ---- login (a wrong password first: the pt-BR message, nothing else lost)
    await page.goto(base + '/');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'errada');
    await shot('01-login');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.error-box').textContent(), POLL).toContain('E-mail ou senha incorretos');
    expect(await page.inputValue('input[name=email]')).toBe(email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Painel' }).waitFor();
    await page.getByText('Contas a receber por mês').waitFor();

    // ---- Cadastro → Serviços: Incluir+ (two services)
    await menu('Serviços').click();
    await addServicesThroughUi(page, INTERNET_AND_ENERGY);
    await expect.poll(() => page.locator('table.grid').textContent(), POLL).toContain('R$ 99,90');
    await shot('03-servicos');

    // ---- Gerenciamento → Clientes → Incluir+: a bad CNPJ is shown next to its field, nothing typed is lost
    await menu('Clientes').click();
    await page.getByRole('button', { name: 'Incluir+' }).click();
    await page.fill('input[name=name]', 'Padaria Pão Quente Ltda');
    await page.fill('input[name=document]', '11.111.111/1111-11');
    await page.fill('input[name=email]', 'financeiro@paoquente.com.br');
    await fillAddressThroughUi(page, GARIBALDI);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.locator('[data-field=document] .field-error').waitFor();
    expect(await page.inputValue('input[name=street]')).toBe('Rua João Pessoa');
    await shot('04-cliente-erro');
    const cnpj = cnpjFrom(seed);
    await page.fill('input[name=document]', cnpj);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: /Padaria Pão Quente Ltda/ }).waitFor();
    await page.getByRole('tab', { name: 'Endereços' }).click();
    await expect.poll(() => page.locator('table.grid').textContent(), POLL).toContain('Rua João Pessoa, 17');
    const customerUrl = page.url();
    const customerId = customerUrl.split('/clientes/')[1].split('?')[0];

    // ---- Aba Contratos → Contratar Serviços (both services, billing day 23)
    await page.getByRole('tab', { name: 'Contratos' }).click();
    await page.getByRole('button', { name: 'Contratar Serviços' }).click();
    await modal().locator('input[name=service-INTERNET]').check();
    await modal().locator('input[name=service-ENERGIA]').check();
    await modal().locator('input[name=start_date]').fill(br('23/10/2026'));
    await modal().locator('input[name=billing_day]').fill('23');
    await shot('05-contratar-servicos');
    await modal().getByRole('button', { name: 'Contratar' }).click();
    await page.getByRole('heading', { name: /Contrato nº/ }).waitFor();
    expect(await page.locator('.page-head .badge').textContent()).toBe('Ativo');
    const contractUrl = page.url();

    // ---- Gerenciamento → Consumo: choose the service, Incluir Consumo
    await menu('Consumo').click();
    await addConsumptionThroughUi(page, {
      serviceCode: 'ENERGIA',
      search: 'Padaria',
      customer: /Padaria Pão Quente/,
      quantity: '150,5',
      date: br('15/11/2026'),
      shown: '150,5 kWh',
    });
    await shot('06-consumo');

    // ---- Integração → Upload dos Clientes: one good row, one bad CPF, see the report
    await menu('Upload dos Clientes').click();
    const csv = [
      'Tipo (PF/PJ);Nome / Razão social;CPF/CNPJ;E-mail',
      `PF;Maria da Silva;${cpfFrom(seed)};maria@example.com`,
      'PF;João Sem CPF;123.456.789-00;joao@example.com',
    ].join('\n');
    await page.setInputFiles('input[type=file]', { name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('.import-report table.rejected').waitFor();
    expect(await page.locator('[data-count=valid]').textContent()).toBe('1');
    expect(await page.locator('[data-count=invalid]').textContent()).toBe('1');
    expect(await page.locator('table.rejected tbody tr').first().textContent()).toMatch(/^3/);
    await shot('07-upload-clientes');
    await go('/integracao/consumos');
    await page.getByRole('heading', { name: 'Upload dos Consumos' }).waitFor();
    await shot('08-upload-consumos');

    // ---- Gerenciamento → Faturamento: run billing for 23/11/2026, watch it finish
    await menu('Faturamento').click();
    // The date proposed is the server's business date, whatever the browser's clock says.
    await expect.poll(() => page.inputValue('input[name=date]'), POLL).toBe(br('23/11/2026'));
    await page.fill('input[name=date]', br('23/11/2026'));
    // Preview first (what would be billed), then confirm.
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    await page.locator('.billing-preview').waitFor();
    await page.locator('.billing-preview').getByRole('button', { name: 'Confirmar faturamento' }).click();
    const finished = page.locator('.run-progress .billing-run [data-count=charges]');
    await expect.poll(() => finished.textContent(), POLL).toBe('1');
    await shot('09-faturamento');

    // ---- Contas a Receber: the charge (99,90 + 150,5 × 0,85 = 227,83), Excel, boleto, PIX, payment, cancel
    await menu('Contas a Receber').click();
    const row = page.locator('tr[data-charge]').first();
    await row.waitFor();
    await expect.poll(() => row.textContent(), POLL).toContain('R$ 227,83');
    await expect.poll(() => row.textContent(), POLL).toContain('Padaria Pão Quente Ltda');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Baixar como Excel' }).click()]);
    const xlsxBytes = readFileSync((await xlsx.path())!);
    expect(xlsxBytes.subarray(0, 2).toString()).toBe('PK');

    // The boleto needs a collection account (Configurações → Contas de cobrança).
    await createCollectionAccountThroughUi();
    await menu('Contas a Receber').click();
    const boletoHref = await page.locator('tr[data-charge] a', { hasText: 'Boleto' }).first().getAttribute('href');
    const boleto = await page.evaluate(async (h) => {
      const r = await fetch(h!);
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(...b.slice(0, 5)) };
    }, boletoHref);
    expect(boleto).toMatchObject({ status: 200, head: '%PDF-' });
    expect(boleto.type).toContain('application/pdf');
    await shot('10-contas-a-receber');

    await row.getByRole('button', { name: 'Registrar pagamento' }).click();
    await modal().locator('input[name=amount]').fill('100,00');
    await modal().locator('input[name=paid_on]').fill(br('23/11/2026'));
    await modal().getByRole('button', { name: 'Registrar' }).click();
    await expect.poll(() => row.textContent(), POLL).toContain('Pago parcialmente');
    // ---- the dashboard now has a billed month, the next billing date and the latest run
    await menu('Painel').click();
    await page.locator('.chart svg rect').first().waitFor();
    await expect.poll(() => page.locator('.cards').textContent(), POLL).toContain(br('23/12/2026'));
    await expect.poll(() => page.locator('main').textContent(), POLL).toContain('R$ 227,83');
    await shot('02-painel');
    await menu('Contas a Receber').click();
    await row.waitFor();

    await row.getByRole('button', { name: 'Cancelar' }).click();
    await modal().getByRole('button', { name: 'Cancelar cobrança' }).click();
    await modal().locator('[data-field=reason] .field-error').waitFor();
    await modal().locator('input[name=reason]').fill('Renegociada');
    const [cancelRes] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/cancel') && r.request().method() === 'POST'),
      modal().getByRole('button', { name: 'Cancelar cobrança' }).click(),
    ]);
    if (cancelRes.status() === 200) {
      await row.getByText('Cancelado').waitFor();
    } else {
      // Refused (e.g. a charge with payments): the API's reason is shown in the dialog.
      const apiMessage = (await cancelRes.json()).error.message as string;
      await expect.poll(() => modal().locator('.error-box').textContent(), POLL).toContain(apiMessage);
      await modal().getByRole('button', { name: 'Fechar' }).click();
    }

    // ---- the contract: suspend, then cancel, with the history
    await page.goto(contractUrl);
    await page.getByRole('button', { name: 'Suspender contrato' }).click();
    await modal().locator('input[name=start_date]').fill(br('23/11/2026'));
    await modal().locator('input[name=reason]').fill('Reforma da loja');
    await modal()
      .getByRole('button', { name: /Confirmar/ })
      .click();
    await expect.poll(() => page.locator('.page-head .badge').textContent(), POLL).toBe('Suspenso');
    await page.getByRole('button', { name: 'Cancelar contrato' }).click();
    await modal()
      .getByRole('button', { name: /Confirmar/ })
      .click();
    await modal().locator('[data-field=reason] .field-error').waitFor();
    await modal().locator('input[name=reason]').fill('Encerrou as atividades');
    await modal()
      .getByRole('button', { name: /Confirmar/ })
      .click();
    await expect.poll(() => page.locator('.page-head .badge').textContent(), POLL).toBe('Cancelado');
    // The history reloads after the badge: wait for the cancellation's row.
    await expect.poll(() => page.locator('table.history').textContent(), POLL).toContain('Encerrou as atividades');
    expect(await page.locator('table.history').textContent()).toContain('Suspenso');
    await shot('11-contrato');

    // ---- the customer page with its tabs
    await page.goto(`${base}/clientes/${customerId}?aba=cobrancas`);
    await page.locator('tr[data-charge]').first().waitFor();
    await shot('12-cliente-cobrancas');
    await go('/clientes');
    await page.getByRole('cell', { name: 'Padaria Pão Quente Ltda' }).waitFor();
    await shot('13-clientes');

    // ---- Configurações
    await go('/configuracoes/chaves-api');
    await page.fill('input[name=name]', 'ERP');
    await page.getByRole('button', { name: 'Criar chave' }).click();
    const secret = (await modal().locator('[data-secret]').textContent())!.trim();
    expect(secret).toMatch(/^ck_live_/);
    await modal().getByRole('button', { name: 'Já guardei' }).click();
    expect(await page.locator('table.grid').textContent()).not.toContain(secret);
    await shot('14-chaves-api');
    // A row action asks first: dismissed, nothing happens; accepted, the key is revoked and said so.
    const erpRow = page.locator('table.grid tr', { hasText: 'ERP' });
    page.once('dialog', (d) => void d.dismiss());
    await erpRow.getByRole('button', { name: 'Revogar' }).click();
    await expect.poll(() => erpRow.locator('.badge').textContent(), POLL).toBe('Ativa');
    page.once('dialog', (d) => void d.accept());
    await erpRow.getByRole('button', { name: 'Revogar' }).click();
    await expect.poll(() => erpRow.locator('.badge').textContent(), POLL).toBe('Revogada');
    await page.getByText('Chave revogada.').waitFor();
    await go('/configuracoes/webhooks');
    await page.fill('input[name=url]', 'https://erp.example.com/webhooks/cobre');
    await page.getByRole('button', { name: 'Cadastrar endpoint' }).click();
    await modal().locator('pre.secret').waitFor();
    await modal().getByRole('button', { name: 'Fechar' }).click();
    await page.getByRole('cell', { name: 'https://erp.example.com/webhooks/cobre', exact: true }).waitFor();
    await shot('15-webhooks');
    await go('/configuracoes/regras-de-pagamento');
    await page.getByRole('heading', { name: 'Regras de pagamento' }).waitFor();
    await shot('16-regras-de-pagamento');
    await go('/configuracoes/usuarios');
    await page.getByRole('cell', { name: email, exact: true }).waitFor();
    await shot('17-usuarios');

    // ---- the sandbox switch: test data is another data space
    await page.locator('.mode-switch input').click();
    await page.locator('.sandbox-flag').waitFor();
    await go('/clientes');
    await page.getByText('Nenhum cliente encontrado.').waitFor();
    await page.locator('.mode-switch input').click();
    await page.locator('.sandbox-flag').waitFor({ state: 'detached' });

    // ---- logout
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.locator('input[name=password]').waitFor();
    const after = await page.evaluate(async () => (await fetch('/v1/customers')).status);
    expect(after).toBe(401);
  });
});

async function createCollectionAccountThroughUi(): Promise<void> {
  await go('/configuracoes/contas-de-cobranca');
  await fillItauAccountThroughUi(page, { beneficiary: `Empresa E2E ${seed} Ltda`, document: cnpjFrom(seed + 7) });
  await saveAccountThroughUi(page);
  await shot('18-contas-de-cobranca');
}
