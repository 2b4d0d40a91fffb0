// End-to-end: Contas a Receber's bulk actions and the charge page in Chromium (playwright-core)
// against a real listening server. The clerk selects charges including a paid one: the carnê's plan
// says the paid one is left out, the PDF downloads (%PDF, the skipped header); the 2ª via plan shows
// the amounts updated to a new due date; a bulk cancel reports the paid one as refused; bulk
// payments take each charge's amount due on the payment date (one edited); the charge page shows the
// amount due and its rules, the payment opens in a dialog and is reversed (the charge is open
// again); a paid charge offers its receipt and no boleto; a Pix-only charge shows its QR code and
// copia e cola. axe-core finds no violation (any impact) on each screen, on desktop and phone.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { br, createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the Contas a Receber console end-to-end test in a browser', ['chromium']);
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
const seed = Date.now() % 1_000_000;
const email = `receivables-e2e-${seed}@example.com`;
const password = 'console-e2e-123';

const go = (path: string) => navigate(page, path);
const modal = () => page.locator('.modal');
const noViolations = async () => expect(await axeViolations(page)).toEqual([]);
/** On a phone the page never scrolls sideways. */
const fitsWidth = async () =>
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_VIEWPORT.width);

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Receber ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Rita Contas' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({
    acceptDownloads: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1360, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('Contas a Receber console end to end', () => {
  it.skipIf(!tools.has('chromium'))(
    'carnê and 2ª via plans, bulk cancel and payments, a payment reversed, receipt for a paid charge, Pix of a Pix-only charge',
    async () => {
      const call = async (method: string, path: string, payload?: unknown) => {
        const r = await t.call(tenant.live, method, path, payload);
        expect(r.statusCode, r.body).toBeLessThan(300);
        return r.json();
      };
      await call('POST', '/v1/collection-accounts', {
        bank_code: '341',
        agency: '0057',
        account: '12345',
        carteira: '109',
        account_digit: '7',
        is_default: true,
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
      const customer = await call('POST', '/v1/customers', {
        person_type: 'PF',
        name: 'Joana Pagadora',
        document: cpfFrom(seed),
        addresses: [
          { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
        ],
      });
      const charge = (over: Record<string, unknown>) => call('POST', '/v1/charges', { customer_id: customer.id, ...over });
      const open = await charge({ amount_cents: 10_000, due_date: d('2026-12-10'), description: 'Mensalidade dezembro' });
      // Overdue since 10/11 with a fine of 2 % and interest of 1 % a month: its amount due grows.
      const late = await charge({
        amount_cents: 20_000,
        issue_date: d('2026-10-01'),
        due_date: d('2026-11-10'),
        description: 'Mensalidade novembro',
        late_policy: { grace_days: 0, fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false } },
      });
      const paid = await charge({ amount_cents: 15_000, due_date: d('2026-12-05'), description: 'Taxa de adesão' });
      await call('POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 15_000, method: 'pix', paid_on: d('2026-11-20') });
      const extra = await charge({ amount_cents: 5_000, due_date: d('2026-12-15'), description: 'Serviço avulso' });
      const pixOnly = await charge({ amount_cents: 8_000, due_date: d('2026-12-20'), description: 'Pix apenas', payment_method: 'pix' });
      const lateDueToday = (await call('GET', `/v1/charges/${late.id}/amount-due`)).total_cents as number;
      expect(lateDueToday).toBeGreaterThan(20_000);

      // ---- login, Contas a Receber
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();
      await go('/contas-a-receber');
      await page.getByRole('heading', { name: 'Contas a Receber' }).waitFor();
      const row = (n: number) => page.locator(`tr[data-charge="${n}"]`);
      await row(pixOnly.number).waitFor();
      // The paid charge offers its receipt, never its boleto; an open one its boleto.
      await row(paid.number)
        .getByRole('link', { name: `Recibo da cobrança ${paid.number}` })
        .waitFor();
      expect(
        await row(paid.number)
          .getByRole('link', { name: `Boleto da cobrança ${paid.number}` })
          .count(),
      ).toBe(0);
      expect(
        await row(open.number)
          .getByRole('link', { name: `Boleto da cobrança ${open.number}` })
          .count(),
      ).toBe(1);
      expect(
        await row(pixOnly.number)
          .getByRole('link', { name: /Boleto/ })
          .count(),
      ).toBe(0);
      await noViolations();

      // ---- select three, the paid one among them
      for (const c of [open, late, paid]) await page.getByRole('checkbox', { name: `Selecionar cobrança ${c.number}` }).check();
      const bar = page.locator('.receivables-bulk');
      await bar.getByText('3 cobranças selecionadas').waitFor();
      await noViolations();

      // ---- Carnê: the plan leaves the paid one out and says why; then the PDF (3 per A4 page)
      await bar.getByRole('button', { name: 'Carnê', exact: true }).click();
      const skipped = modal().locator('[data-plan-skipped]');
      await skipped.getByText(`Cobrança nº ${paid.number} já está paga`).waitFor();
      expect(
        await modal()
          .locator('[data-plan-charge]')
          .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-plan-charge')))),
      ).toEqual(expect.arrayContaining([open.number, late.number]));
      expect(await modal().locator(`[data-plan-charge="${paid.number}"]`).count()).toBe(0);
      expect(await modal().getByLabel('Formato').inputValue()).toBe('booklet');
      await noViolations();
      const [carne, download] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/boletos/carne' && r.request().method() === 'POST'),
        page.waitForEvent('download'),
        modal().getByRole('button', { name: 'Gerar carnê (PDF)' }).click(),
      ]);
      expect(carne.status()).toBe(200);
      expect(JSON.parse(carne.request().postData()!)).toMatchObject({ layout: 'booklet' });
      // The file the browser saved (the response body of a streamed PDF is not kept by the protocol).
      expect(
        readFileSync((await download.path())!)
          .subarray(0, 4)
          .toString(),
      ).toBe('%PDF');
      expect(carne.headers()['cobre-skipped-count']).toBe('1');
      expect(carne.headers()['cobre-skipped']).toBe(String(paid.number));
      expect(download.suggestedFilename()).toMatch(/^carne-.*\.pdf$/);
      await modal().locator('[data-download]').getByText(`nº ${paid.number}`).waitFor();
      await noViolations();
      await modal().getByRole('button', { name: 'Fechar', exact: true }).first().click();

      // ---- 2ª via: a new due date, the plan with the old and the updated amounts
      await bar.getByRole('button', { name: '2ª via com valor atualizado' }).click();
      await modal().getByLabel('Novo vencimento').fill(br('30/11/2026'));
      await modal().getByRole('button', { name: 'Ver valores' }).click();
      const lateRow = modal().locator(`[data-plan-charge="${late.number}"]`);
      await lateRow.waitFor();
      const expected = (await call('POST', '/v1/boletos/second-copy/plan', { charge_ids: [late.id], due_date: d('2026-11-30') }))
        .included[0];
      expect(expected.amount_cents).toBeGreaterThan(20_000);
      const cells = await lateRow.locator('td').allTextContents();
      expect(cells).toContain('R$ 200,00');
      expect(cells).toContain(`R$ ${(expected.amount_cents / 100).toFixed(2).replace('.', ',')}`);
      await modal().locator('[data-plan-skipped]').getByText(`Cobrança nº ${paid.number} já está paga`).waitFor();
      await noViolations();
      const [second, secondFile] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/boletos/second-copy' && r.request().method() === 'POST'),
        page.waitForEvent('download'),
        modal().getByRole('button', { name: 'Gerar 2ª via (PDF)' }).click(),
      ]);
      expect(second.status()).toBe(200);
      expect(JSON.parse(second.request().postData()!)).toMatchObject({ due_date: d('2026-11-30') });
      expect(
        readFileSync((await secondFile.path())!)
          .subarray(0, 4)
          .toString(),
      ).toBe('%PDF');
      await modal().locator('[data-download]').waitFor();
      await modal().getByRole('button', { name: 'Fechar', exact: true }).first().click();

      // ---- Registrar pagamentos: the paid one is left out; amounts = each one's amount due on the date
      await bar.getByRole('button', { name: 'Registrar pagamentos' }).click();
      await modal().getByText('1 cobrança paga ou cancelada fica de fora.').waitFor();
      const openAmount = modal().getByLabel(`Valor pago da cobrança ${open.number}`);
      await expect.poll(() => openAmount.inputValue(), POLL).toBe('100,00');
      expect(await modal().getByLabel(`Valor pago da cobrança ${late.number}`).inputValue()).toBe(
        (lateDueToday / 100).toFixed(2).replace('.', ','),
      );
      expect(await modal().getByLabel('Data do pagamento').inputValue()).toBe(br('23/11/2026'));
      await modal().getByLabel('Forma de pagamento').selectOption('transfer');
      await openAmount.fill('60,00');
      await noViolations();
      await modal().getByRole('button', { name: 'Registrar 2 pagamento(s)' }).click();
      const results = modal().locator('[data-results]');
      await results.getByText('2 de 2 concluída(s)').waitFor();
      expect(await results.locator(`[data-result-charge="${open.number}"]`).textContent()).toContain(
        'Pagamento de R$ 60,00 registrado — Pago parcialmente',
      );
      expect(await results.locator(`[data-result-charge="${late.number}"]`).textContent()).toContain('Pago');
      await noViolations();
      await modal().getByRole('button', { name: 'Concluir' }).click();
      await bar.waitFor({ state: 'detached' });
      expect((await call('GET', `/v1/charges/${late.id}`)).status).toBe('paid');

      // ---- Cancelar: the paid one is refused with the reason, the other is cancelled
      for (const c of [extra, paid]) await page.getByRole('checkbox', { name: `Selecionar cobrança ${c.number}` }).check();
      await bar.getByRole('button', { name: 'Cancelar cobranças' }).click();
      await modal().getByLabel('Motivo do cancelamento').fill('Serviço não prestado');
      await modal().getByRole('button', { name: 'Cancelar 2 cobrança(s)' }).click();
      await modal().getByText('Confirma o cancelamento de 2 cobrança(s)').waitFor();
      await noViolations();
      await modal().getByRole('button', { name: 'Confirmar cancelamento' }).click();
      await results.getByText('1 de 2 concluída(s); 1 recusada(s).').waitFor();
      expect(await results.locator(`[data-result-charge="${extra.number}"]`).textContent()).toContain('Cancelada');
      expect(await results.locator(`[data-result-charge="${paid.number}"]`).textContent()).toContain(
        'Cobrança paga não pode ser cancelada',
      );
      await modal().getByRole('button', { name: 'Concluir' }).click();
      expect((await call('GET', `/v1/charges/${extra.id}`)).status).toBe('cancelled');
      expect((await call('GET', `/v1/charges/${paid.id}`)).status).toBe('paid');

      // ---- Exportar: the XLSX of the selection only
      await page.getByRole('checkbox', { name: `Selecionar cobrança ${open.number}` }).check();
      const exportHref = await bar.getByRole('link', { name: 'Exportar (Excel)' }).getAttribute('href');
      expect(exportHref).toBe(`/v1/charges/export.xlsx?ids=${open.id}`);
      const xlsx = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, type: r.headers.get('content-type') };
      }, exportHref!);
      expect(xlsx).toMatchObject({ status: 200, type: expect.stringContaining('spreadsheetml') });
      await bar.getByRole('button', { name: 'Limpar seleção' }).click();

      // ---- a saved filter of this screen: save "Só pagas", leave, apply it again
      await page.getByLabel('Situação').selectOption('paid');
      await row(paid.number).waitFor();
      await page.getByLabel('Nome do filtro').fill('Só pagas');
      await page.getByRole('button', { name: 'Salvar filtro atual' }).click();
      await page.getByText('Filtro "Só pagas" salvo.').waitFor();
      await go('/contas-a-receber');
      await row(open.number).waitFor();
      await page.getByLabel('Filtros salvos').selectOption({ label: 'Só pagas' });
      await expect.poll(() => new URL(page.url()).searchParams.get('situacao'), POLL).toBe('paid');
      await expect.poll(() => row(open.number).count(), POLL).toBe(0);
      await noViolations();

      // ---- the partially paid charge: amount due, its payment opens in a dialog and is reversed
      await go(`/contas-a-receber/${open.id}`);
      await page.getByRole('heading', { name: `Cobrança nº ${open.number}` }).waitFor();
      const due = page.locator('[data-amount-due]');
      await due.getByRole('heading', { name: 'Valor devido hoje' }).waitFor();
      await expect.poll(() => due.locator('[data-total]').textContent(), POLL).toBe('R$ 40,00');
      const payments = page.locator('[data-charge-payments]');
      await payments.getByRole('button', { name: `Detalhes do pagamento de R$ 60,00 em ${br('23/11/2026')}` }).click();
      await modal().locator('[data-payment-details]').getByText('Transferência').waitFor();
      await noViolations();
      await modal().getByRole('button', { name: 'Estornar pagamento' }).click();
      await modal().getByLabel('Motivo do estorno').fill('Transferência devolvida pelo banco');
      await modal().getByRole('button', { name: 'Estornar', exact: true }).click();
      await modal().getByText('Confirma o estorno do pagamento de R$ 60,00?').waitFor();
      await modal().getByRole('button', { name: 'Confirmar estorno' }).click();
      await page.getByText('Pagamento estornado.').waitFor();
      await payments
        .locator('tr[data-reversed="true"]')
        .getByText(/Estornado em/)
        .waitFor();
      await page.locator('.page-head .badge').getByText('Em aberto').waitFor();
      expect((await call('GET', `/v1/charges/${open.id}`)).status).toBe('open');
      await expect.poll(() => due.locator('[data-total]').textContent(), POLL).toBe('R$ 100,00');
      await noViolations();

      // ---- the overdue (now paid) charge and the paid one: receipt, not boleto
      for (const c of [late, paid]) {
        await go(`/contas-a-receber/${c.id}`);
        await page.getByRole('heading', { name: `Cobrança nº ${c.number}` }).waitFor();
        await page.getByRole('link', { name: 'Recibo (PDF)' }).waitFor();
        expect(await page.getByRole('link', { name: 'Boleto (PDF)' }).count()).toBe(0);
      }
      const receipt = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { status: r.status, head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 4)) };
      }, `/v1/charges/${paid.id}/receipt.pdf`);
      expect(receipt).toEqual({ status: 200, head: '%PDF' });
      await noViolations();

      // ---- a Pix-only charge: its QR code and copia e cola, with the amount due
      await go(`/contas-a-receber/${pixOnly.id}`);
      const pix = page.locator('[data-charge-static-pix]');
      await pix.getByRole('img', { name: `QR code Pix da cobrança nº ${pixOnly.number}, R$ 80,00` }).waitFor();
      expect(await pix.getByLabel('Pix copia e cola').inputValue()).toMatch(/^000201/);
      expect(await page.getByRole('link', { name: 'Boleto (PDF)' }).count()).toBe(0);
      await pix.getByRole('button', { name: 'Copiar código Pix' }).click();
      await page.getByText('Código Pix copiado.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^000201/);
      await noViolations();

      // ---- phone
      await page.setViewportSize(PHONE_VIEWPORT);
      await go('/contas-a-receber');
      await row(open.number).waitFor();
      await page.getByRole('checkbox', { name: `Selecionar cobrança ${open.number}` }).check();
      await bar.waitFor();
      await noViolations();
      await fitsWidth();
      await bar.getByRole('button', { name: 'Carnê', exact: true }).click();
      await modal().locator('[data-plan]').waitFor();
      await noViolations();
      await page.keyboard.press('Escape');
      await modal().waitFor({ state: 'detached' });
      await go(`/contas-a-receber/${open.id}`);
      await page.locator('[data-amount-due] [data-total]').waitFor();
      await noViolations();
      await fitsWidth();
      await go(`/contas-a-receber/${pixOnly.id}`);
      await page.locator('[data-charge-static-pix] img').waitFor();
      await noViolations();
      await fitsWidth();
    },
  );
});
