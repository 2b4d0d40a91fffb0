// End-to-end: a clerk changes a charge whose boleto the bank already has, in Chromium
// (playwright-core) against a real listening server. On the charge page "Alterar vencimento ou
// valor" refuses a due date in the past in pt-BR, then takes a new due date and amount; the page
// shows them and "Instruções ao banco" lists the due-date and amount changes waiting for the next
// remittance; a protest is asked with its days and stopped before it went (taken back); the
// remittance made on Arquivos bancários carries the changes and the box says which file took them.
// axe-core finds no violation on the page and in the dialog. Without Chromium (Debian package
// chromium, or CHROMIUM_PATH) the browser test skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { br, createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { DEMO_BENEFICIARY, DEMO_PAYER, ITAU_ACCOUNT } from '../support/collection-setup.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the charge change console end-to-end test in a browser', ['chromium']);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];

let t: TestContext;
let tenant: TestTenant;
let browser: Browser;
let page: Page;
let base: string;
const seed = Date.now() % 1_000_000;
const email = `change-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const modal = () => page.locator('.modal');
const noViolations = async () => expect(await axeViolations(page)).toEqual([]);

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Alterações ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Caio Cobrança' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('charge change console end to end', () => {
  it.skipIf(!tools.has('chromium'))('a new due date and amount for a boleto the bank has, and a protest taken back', async () => {
    const call = async (method: string, path: string, payload?: unknown) => {
      const r = await t.call(tenant.live, method, path, payload);
      expect(r.statusCode, r.body).toBeLessThan(300);
      return r.json();
    };
    const account = await call('POST', '/v1/collection-accounts', { ...ITAU_ACCOUNT, is_default: true, ...DEMO_BENEFICIARY });
    const customer = await call('POST', '/v1/customers', { ...DEMO_PAYER, document: cpfFrom(seed) });
    const charge = await call('POST', '/v1/charges', {
      customer_id: customer.id,
      amount_cents: 15_000,
      due_date: d('2026-12-10'),
      description: 'Mensalidade',
    });
    await call('POST', `/v1/charges/${charge.id}/boleto`);
    await call('POST', `/v1/collection-accounts/${account.id}/remittances`);

    await page.goto(base + '/');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Painel' }).waitFor();

    await navigate(page, `/contas-a-receber/${charge.id}`);
    await page.getByRole('heading', { name: `Cobrança nº ${charge.number}` }).waitFor();
    await page.getByText('Nenhuma instrução ao banco sobre o boleto desta cobrança.').waitFor();

    // ---- a due date in the past is refused, in pt-BR, next to the field
    await page.getByRole('button', { name: 'Alterar vencimento ou valor' }).click();
    await modal().getByLabel('Novo vencimento').fill(br('20/11/2026'));
    await modal().getByLabel('Motivo').fill('prorrogação');
    await modal().getByRole('button', { name: 'Salvar alteração' }).click();
    await modal().getByText('não pode ser anterior a hoje').first().waitFor();
    await noViolations();

    // ---- then a new due date and amount
    await modal().getByLabel('Novo vencimento').fill(br('20/12/2026'));
    await modal().getByLabel('Novo valor (R$)').fill('162,50');
    await modal().getByLabel('Motivo').fill('prorrogação com reajuste');
    await modal().getByRole('button', { name: 'Salvar alteração' }).click();
    await modal().waitFor({ state: 'detached' });
    await page.getByText(br('20/12/2026')).first().waitFor();
    await page.getByText('R$ 162,50').first().waitFor();
    const box = page.locator('section[aria-labelledby=bank-instructions-title]');
    await expect.poll(() => box.getByRole('cell', { name: 'Aguardando a próxima remessa' }).count(), POLL).toBe(2);
    await box.getByRole('cell', { name: '06 — Alteração de Vencimento' }).waitFor();
    await box.getByRole('cell', { name: '47 — Alteração do Valor Nominal do Título' }).waitFor();
    await noViolations();

    // ---- a protest asked with its days, then stopped before it went: taken back
    await box.getByRole('button', { name: 'Pedir protesto' }).click();
    await modal().getByLabel('Dias após o vencimento').fill('5');
    await noViolations();
    await modal().getByRole('button', { name: 'Registrar instrução' }).click();
    await box.getByRole('cell', { name: '09 — Protestar' }).waitFor();
    await box.getByRole('button', { name: 'Sustar protesto' }).click();
    await box.getByRole('cell', { name: '09 — Protestar' }).waitFor({ state: 'detached' });

    // ---- the next remittance carries the two changes; the box says which file took them
    const made = await call('POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(made).toMatchObject({ boleto_count: 0, movement_count: 2 });
    await page.reload();
    await expect.poll(() => box.getByRole('cell', { name: `Enviada na remessa nº ${made.file_sequence}` }).count(), POLL).toBe(2);

    // ---- the account's remittance layout is chosen among the ones its bank takes
    await navigate(page, '/configuracoes/contas-de-cobranca');
    await page.getByRole('button', { name: `Editar a conta nº ${account.number}` }).click();
    const layout = modal().getByLabel('Layout da remessa (CNAB)');
    await expect.poll(() => layout.locator('option').allTextContents(), POLL).toContain('CNAB 240 FEBRABAN (v10.7)');
    expect(await layout.inputValue()).toBe('cnab240');
    await noViolations();
  });
});
