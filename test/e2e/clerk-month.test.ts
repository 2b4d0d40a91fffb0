// A clerk's whole month in Chromium (playwright-core), on an empty company, once at a desktop size
// and once on a phone (390×844), through the screens only (the API is read to check what the screens
// said, and to play the bank's part: the return file). Issue 16's "done when":
//   login (a wrong password first) → collection account → multa e juros (with "não receber após") →
//   a desconto pontualidade rule applied to every customer → services → customers (PJ and PF) →
//   backdated contracts (boleto; Pix for the PF) → consumption by hand and by XLSX → Faturamento:
//   the preview says why nothing is due today and offers the pending periods → confirm → Contas a
//   Receber → the charge page (amount due with the rule, Pix QR of the Pix charge) → carnê of the
//   whole page (the Pix-only charge skipped and named) → remittance → a CNAB return liquidates a
//   charge → receipt instead of boleto → bulk 2ª via (the paid one skipped) → payment by hand and its
//   reversal → export → suspend and cancel a contract → webhook → operator user, who gets a pt-BR page
//   on an admin address.
// axe-core finds no violation of any impact on each screen; on the phone no screen scrolls sideways.
// COBRE_SCREENSHOTS=1 saves docs/screenshots/mes-<desktop|celular>-<screen>.png of the screens in SHOT_SCREENS.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { br, cnpjFrom, cpfFrom, createTestContext, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { return240 } from '../support/cnab-return.ts';
import {
  addConsumptionThroughUi,
  addServicesThroughUi,
  fillAddressThroughUi,
  GARIBALDI,
  cellText,
  fillItauAccountThroughUi,
  INTERNET_AND_ENERGY,
  saveAccountThroughUi,
} from '../support/console-steps.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const tools = systemTools("the clerk's month end-to-end test in a browser", ['chromium']);
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
const DESKTOP = { width: 1360, height: 900 };
// The screens docs/console.md shows (every screen is still checked with axe).
const SHOT_SCREENS = {
  desktop: [
    'multa-e-juros',
    'regra-de-pagamento',
    'contrato',
    'faturamento-previa',
    'faturamento-pendentes',
    'contas-a-receber',
    'cobranca',
    'carne',
    'retorno-previa',
    'segunda-via',
    'operador-restrito',
  ],
  celular: ['contas-a-receber', 'cobranca', 'faturamento-pendentes', 'contrato', 'painel'],
};

let t: TestContext;
let browser: Browser;
let base: string;
let workers: { stop(): Promise<void> } | null = null;
const seed = Date.now() % 1_000_000;

beforeAll(async () => {
  ensureConsoleBuilt();
  // Monday 07/12/2026: the contracts below started in October and November and were never billed.
  t = await createTestContext({ now: '2026-12-07T12:00:00Z' });
  // Imports and billing runs are background jobs: run the registered queues in this process.
  const w = await import('../../src/workers.ts');
  workers = w.startWorkers(t.db, { clock: t.clock, pollMs: 100, loops: [] });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await workers?.stop();
  await t?.close();
});

/** A consumption sheet as a clerk fills the template: customer's CNPJ, service code, quantity, date. */
async function consumptionSheet(cnpj: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Consumos');
  ws.addRow(['CPF/CNPJ do cliente', 'Código do serviço', 'Quantidade', 'Data de referência', 'Descrição']);
  ws.addRow([cnpj, 'ENERGIA', 100, br('20/10/2026'), 'Leitura de outubro']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const brl = (cents: number) => 'R$ ' + (cents / 100).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

async function clerkMonth(kind: 'desktop' | 'celular'): Promise<void> {
  const phone = kind === 'celular';
  const tenant: TestTenant = await t.newTenant(`Empresa Mês ${kind} ${seed}`);
  const email = `mes-${kind}-${seed}@example.com`;
  const password = 'console-mes-123';
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  const api = async (path: string) => {
    const r = await t.call(tenant.live, 'GET', path);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };

  const context = await browser.newContext({
    acceptDownloads: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: phone ? PHONE_VIEWPORT : DESKTOP,
  });
  const page: Page = await context.newPage();
  // The browser's clock is far off: every date the console proposes must be the server's.
  await page.clock.setFixedTime(new Date(testNow('2026-12-07T15:00:00Z').getTime() + 400 * 86_400_000));
  page.setDefaultTimeout(HANG_MS);
  const modal = () => page.locator('.modal').last();
  const go = (path: string) => navigate(page, path);
  const cell = (text: string | RegExp) => cellText(page, text);
  /** No axe violation (any impact), no sideways scroll on the phone; COBRE_SCREENSHOTS=1 saves the screen. */
  const screen = async (name: string) => {
    expect(await axeViolations(page), name).toEqual([]);
    if (phone) expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
    if (process.env.COBRE_SCREENSHOTS === '1' && SHOT_SCREENS[kind].includes(name)) {
      mkdirSync(SHOTS, { recursive: true });
      // Notices float over the page: close them so the picture shows the screen.
      // (In the page, at once: a notice may expire between finding and clicking it.)
      await page.evaluate(() => {
        for (const b of document.querySelectorAll<HTMLButtonElement>('.notice-close')) b.click();
        window.scrollTo(0, 0); // else the sticky top bar is drawn where the page was scrolled to
      });
      await page.screenshot({ path: join(SHOTS, `mes-${kind}-${name}.png`), fullPage: true });
    }
  };
  /** The menu as the clerk uses it: the sidebar, or the drawer behind "Menu" on a phone. */
  const menu = async (label: string) => {
    if (phone) await page.getByRole('button', { name: 'Menu', exact: true }).click();
    await page.locator('#menu-principal').getByRole('link', { name: label, exact: true }).click();
    if (phone) await page.locator('.layout.menu-open').waitFor({ state: 'detached' });
  };

  try {
    // ---- login: a wrong password is said so, then the right one
    await page.goto(base + '/');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill('errada-123');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect.poll(() => page.locator('.error-box').textContent(), POLL).toContain('E-mail ou senha incorretos');
    await screen('login');
    await page.getByLabel('Senha').fill(password);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Painel' }).waitFor();
    await screen('painel-vazio');

    // ---- Configurações → Contas de cobrança: Itaú, with a Pix key
    await menu('Contas de cobrança');
    await fillItauAccountThroughUi(page, {
      beneficiary: `Empresa Mês ${kind} Ltda`,
      document: cnpjFrom(seed + 7),
      pixKey: 'financeiro@empresa-mes.com.br',
    });
    await screen('conta-de-cobranca');
    await saveAccountThroughUi(page);
    await screen('contas-de-cobranca');

    // ---- Multa e juros: 2 %, 1 % a month, "não receber após" 30 days
    await menu('Multa e juros');
    await page.getByRole('heading', { name: 'Multa e juros', level: 1 }).waitFor();
    await page.getByLabel('Multa (%)').fill('2');
    await page.getByLabel('Juros ao mês (%)').fill('1');
    await page.getByLabel('Não receber após (dias do vencimento)').fill('30');
    await expect
      .poll(() => page.locator('[data-example]').textContent(), POLL)
      .toContain('multa R$ 20,00, juros R$ 3,33, total R$ 1.023,33');
    await screen('multa-e-juros');
    await page.getByRole('button', { name: 'Salvar política da empresa' }).click();
    await expect
      .poll(() => page.locator('[data-current-policy]').textContent(), POLL)
      .toBe('Multa de 2% e juros de 1% ao mês (simples, pro rata por dia). Não receber após 30 dias do vencimento.');

    // ---- Regras de pagamento: 5 % off when paid at least 5 days early, applied to every customer
    await menu('Regras de pagamento');
    await page.getByRole('button', { name: 'Incluir regra' }).click();
    const form = modal();
    await form.getByLabel('Descrição').fill('Desconto pontualidade');
    await form
      .getByRole('group', { name: 'Quando se aplica' })
      .getByRole('radio', { name: /Pago com pelo menos N dias de antecedência/ })
      .check();
    await form.getByLabel('Dias de antecedência (N)').fill('5');
    await form.getByLabel('Percentual (%)').fill('5');
    await expect.poll(() => form.locator('.rules-preview-table tbody tr').first().textContent(), POLL).toContain('R$ 950,00');
    await screen('regra-de-pagamento');
    await form.getByRole('button', { name: 'Salvar' }).click();
    const links = modal();
    await links.getByRole('heading', { name: 'Aplicar a regra “Desconto pontualidade”' }).waitFor();
    await links.getByLabel('Aplicar a').selectOption('tenant');
    await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
    await links.locator('table.rules-links').getByText('Todos os clientes').waitFor();
    await screen('aplicar-regra');
    await links.getByRole('button', { name: 'Concluir' }).click();
    await expect.poll(() => page.locator('tr[data-rule="Desconto pontualidade"]').textContent(), POLL).toContain('Todos os clientes');

    // ---- Serviços: a monthly fee and energy by the kWh
    await menu('Serviços');
    await addServicesThroughUi(page, INTERNET_AND_ENERGY);
    await screen('servicos');
    // The service's rules: the company-wide rule applies to it too.
    await page.getByRole('button', { name: 'Regras de pagamento do serviço Internet 300 Mega' }).click();
    await expect
      .poll(() => modal().locator('table[data-effective] tr[data-rule="Desconto pontualidade"]').textContent(), POLL)
      .toContain('Todos os clientes');
    await screen('servico-regras');
    await modal().getByRole('button', { name: 'Fechar' }).click();

    // ---- Clientes: a company (CNPJ, CEP checked as typed) and a person
    const cnpj = cnpjFrom(seed + (phone ? 11 : 13));
    await menu('Clientes');
    await page.getByRole('button', { name: 'Incluir+' }).click();
    await page.fill('input[name=name]', 'Padaria Pão Quente Ltda');
    await page.locator('input[name=document]').pressSequentially('11.111.111/1111-11');
    await page.fill('input[name=email]', 'financeiro@paoquente.com.br');
    await expect.poll(() => page.locator('input[name=document]').getAttribute('aria-invalid'), POLL).toBe('true');
    await screen('cliente-cnpj-invalido');
    await page.fill('input[name=document]', cnpj);
    await fillAddressThroughUi(page, GARIBALDI);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: /Padaria Pão Quente Ltda/ }).waitFor();
    const padariaId = page.url().split('/clientes/')[1].split(/[?/]/)[0];

    // Contratar Serviços, backdated to October: internet and energy by consumption, by boleto.
    await page.getByRole('tab', { name: 'Contratos' }).click();
    await page.getByRole('button', { name: 'Contratar Serviços' }).click();
    await modal().locator('input[name=service-INTERNET]').check();
    await modal().locator('input[name=service-ENERGIA]').check();
    expect(await modal().locator('tr[data-service=ENERGIA]').textContent()).toContain('por kWh conforme consumo');
    await modal().locator('input[name=start_date]').fill(br('05/10/2026'));
    await modal().locator('input[name=billing_day]').fill('5');
    await modal().locator('select[name=payment_method]').selectOption('boleto');
    await screen('contratar-servicos');
    await modal().getByRole('button', { name: 'Contratar' }).click();
    await page.getByRole('heading', { name: /Contrato nº/ }).waitFor();
    await expect.poll(() => page.locator('.page-head .badge').textContent(), POLL).toBe('Ativo');
    // The contract page shows the rules that govern it and the fine and interest.
    await expect
      .poll(() => page.locator('[data-effective-rules=contract] table[data-effective] tr[data-rule="Desconto pontualidade"]').count(), POLL)
      .toBe(1);
    await expect
      .poll(() => page.locator('[data-effective-rules=contract] [data-effective-late]').textContent(), POLL)
      .toContain('Multa de 2%');
    await screen('contrato');

    await go('/clientes/novo');
    await page.locator('select[name=person_type]').selectOption('PF');
    await page.fill('input[name=name]', 'Maria da Silva');
    await page.fill('input[name=document]', cpfFrom(seed + (phone ? 3 : 5)));
    await page.fill('input[name=email]', 'maria@example.com');
    await fillAddressThroughUi(page, {
      postal_code: '90010-000',
      street: 'Avenida Borges de Medeiros',
      number: '500',
      district: 'Centro',
      city: 'Porto Alegre',
      state: 'RS',
    });
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: /Maria da Silva/ }).waitFor();
    const mariaId = page.url().split('/clientes/')[1].split(/[?/]/)[0];
    await page.getByRole('tab', { name: 'Contratos' }).click();
    await page.getByRole('button', { name: 'Contratar Serviços' }).click();
    await modal().locator('input[name=service-INTERNET]').check();
    await modal().locator('input[name=start_date]').fill(br('05/11/2026'));
    await modal().locator('input[name=billing_day]').fill('5');
    await modal().locator('select[name=payment_method]').selectOption('pix');
    await modal().getByRole('button', { name: 'Contratar' }).click();
    await page.getByRole('heading', { name: /Contrato nº/ }).waitFor();
    const mariaContractUrl = page.url();
    // The customer's "Regras e multa" tab.
    await go(`/clientes/${mariaId}?aba=regras`);
    await expect
      .poll(() => page.locator('[data-effective-rules=customer] table[data-effective] tr[data-rule="Desconto pontualidade"]').count(), POLL)
      .toBe(1);
    await screen('cliente-regras');

    // ---- Consumo by hand (November) and by spreadsheet (October)
    await menu('Consumo');
    await addConsumptionThroughUi(page, {
      serviceCode: 'ENERGIA',
      search: 'Padaria',
      customer: /Padaria Pão Quente/,
      quantity: '150,5',
      date: br('15/11/2026'),
      shown: '150,5 kWh',
    });
    await screen('consumo');
    await menu('Upload dos Consumos');
    await page.setInputFiles('input[type=file]', {
      name: 'consumos-outubro.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await consumptionSheet(cnpj),
    });
    await page.getByRole('button', { name: 'Enviar' }).click();
    await expect.poll(() => page.locator('[data-count=valid]').textContent(), POLL).toBe('1');
    expect(await page.locator('[data-count=invalid]').textContent()).toBe('0');
    await screen('upload-consumos');

    // ---- Faturamento: nothing is due today, and why; the pending periods offered; preview; confirm
    await menu('Faturamento');
    expect(await page.getByLabel('Data de referência').inputValue()).toBe(br('07/12/2026'));
    await page.getByRole('button', { name: 'Pré-visualizar' }).click();
    const preview = page.locator('.billing-preview');
    await expect
      .poll(() => preview.getByTestId('billing-summary').textContent(), POLL)
      .toContain(`Nenhuma cobrança seria criada em ${br('07/12/2026')}`);
    await expect
      .poll(() => preview.locator('.billing-callout').textContent(), POLL)
      .toContain('2 contratos têm 3 períodos cujo dia de faturamento já passou sem cobrança');
    await screen('faturamento-previa');
    await preview.getByRole('button', { name: `Faturar também os períodos pendentes até ${br('07/12/2026')}` }).click();
    await page.locator('.billing-preview[data-catch-up="true"]').waitFor();
    // October: 99,90 + 100 kWh × 0,85 = 184,90; November: 99,90 + 150,5 × 0,85 = 227,83; Maria: 99,90.
    await expect
      .poll(() => preview.getByTestId('billing-summary').textContent(), POLL)
      .toContain('3 cobranças serão criadas para 2 contratos, no total de R$ 512,63');
    await screen('faturamento-pendentes');
    await preview.getByRole('button', { name: 'Confirmar faturamento' }).click();
    await expect.poll(() => page.locator('.run-progress .billing-run [data-count=charges]').textContent(), POLL).toBe('3');
    await screen('faturamento-concluido');
    const charges = (await api('/v1/charges?page_size=10')).data as {
      id: string;
      number: number;
      customer_id: string;
      amount_cents: number;
      period_start: string | null;
    }[];
    expect(charges.map((c) => c.amount_cents).sort((a, b) => a - b)).toEqual([9_990, 18_490, 22_783]);
    const october = charges.find((c) => c.amount_cents === 18_490)!;
    const november = charges.find((c) => c.amount_cents === 22_783)!;
    const mariaCharge = charges.find((c) => c.customer_id === mariaId)!;
    expect(october.customer_id).toBe(padariaId);

    // ---- Contas a Receber: the three; the November charge's page: amount due today with the rule
    await menu('Contas a Receber');
    const row = (n: number) => page.locator(`tr[data-charge="${n}"]`);
    for (const c of charges) await row(c.number).waitFor();
    expect(
      await row(mariaCharge.number)
        .getByRole('link', { name: /Boleto/ })
        .count(),
    ).toBe(0);
    await screen('contas-a-receber');
    await page.getByRole('link', { name: `Abrir cobrança nº ${november.number}` }).click();
    await page.getByRole('heading', { name: `Cobrança nº ${november.number}` }).waitFor();
    const due = page.locator('[data-amount-due]');
    const dueToday = (await api(`/v1/charges/${november.id}/amount-due`)).total_cents as number;
    expect(dueToday).toBeLessThan(22_783); // the 5 % discount: paid 10 days early
    await expect.poll(() => due.locator('[data-total]').textContent(), POLL).toBe(brl(dueToday));
    expect(await due.textContent()).toContain('Desconto pontualidade');
    await screen('cobranca');
    // Maria's charge is Pix only: its QR code and copia e cola.
    await go(`/contas-a-receber/${mariaCharge.id}`);
    await page
      .locator('[data-charge-static-pix]')
      .getByRole('img', { name: new RegExp(`^QR code Pix da cobrança nº ${mariaCharge.number}`) })
      .waitFor();
    await screen('cobranca-pix');

    // ---- Carnê of the whole page: the Pix-only charge is left out and named; booklet, 3 per page
    await menu('Contas a Receber');
    await row(mariaCharge.number).waitFor();
    await page.getByRole('checkbox', { name: 'Selecionar todas as cobranças da página' }).check();
    const bar = page.locator('.receivables-bulk');
    await bar.getByText('3 cobranças selecionadas').waitFor();
    await bar.getByRole('button', { name: 'Carnê', exact: true }).click();
    await modal()
      .locator('[data-plan-skipped]')
      .getByText(new RegExp(`Cobrança nº ${mariaCharge.number}`))
      .waitFor();
    expect(await modal().getByLabel('Formato').inputValue()).toBe('booklet');
    await screen('carne');
    const [carne, carneFile] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/boletos/carne' && r.request().method() === 'POST'),
      page.waitForEvent('download'),
      modal().getByRole('button', { name: 'Gerar carnê (PDF)' }).click(),
    ]);
    expect(carne.status()).toBe(200);
    expect(carne.headers()['cobre-skipped']).toBe(String(mariaCharge.number));
    expect(
      readFileSync((await carneFile.path())!)
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
    await modal().getByRole('button', { name: 'Fechar', exact: true }).first().click();
    await bar.getByRole('button', { name: 'Limpar seleção' }).click();

    // ---- Arquivos bancários: the remittance with both boletos, then the bank's return pays November
    await menu('Arquivos bancários (CNAB)');
    await page.getByRole('button', { name: 'Gerar remessa' }).click();
    const remittance = page.getByRole('region', { name: 'Prévia da remessa' });
    await expect.poll(() => remittance.locator('td', { hasText: /^01 — Entrada de Títulos$/ }).count(), POLL).toBe(2);
    await screen('remessa');
    const [remFile] = await Promise.all([
      page.waitForEvent('download'),
      remittance.getByRole('button', { name: 'Gerar e baixar arquivo' }).click(),
    ]);
    const remLines = readFileSync((await remFile.path())!, 'latin1')
      .split('\r\n')
      .filter(Boolean);
    expect(remLines.every((l) => l.length === 240 && l.startsWith('341'))).toBe(true);
    const boleto = await api(`/v1/charges/${november.id}/boleto`);
    const returnFile = return240('341', [
      {
        code: '06',
        nossoNumero: String(boleto.nosso_numero).replace(/\D/g, ''),
        amount: 22_783,
        paid: dueToday,
        fee: 250,
        paymentDate: br('07122026'),
      },
    ]);
    await page
      .getByLabel('Arquivo de retorno do banco (CNAB 240 ou 400)')
      .setInputFiles({ name: 'retorno.ret', mimeType: 'text/plain', buffer: Buffer.from(returnFile, 'latin1') });
    const returnPreview = page.getByRole('region', { name: 'Prévia do retorno retorno.ret' });
    await returnPreview
      .getByText(
        new RegExp(
          `^Liquidação: registra o pagamento de ${brl(dueToday).replace('$', '\\$')} em ${br('07/12/2026')} na cobrança nº ${november.number}`,
        ),
      )
      .waitFor();
    expect((await api(`/v1/charges/${november.id}`)).status).toBe('open'); // a preview writes nothing
    await screen('retorno-previa');
    await page.getByRole('button', { name: 'Processar arquivo' }).click();
    await page
      .getByRole('status')
      .getByText(`Arquivo processado: 1 pagamento(s) registrado(s), ${brl(dueToday)}.`)
      .waitFor();
    expect((await api(`/v1/charges/${november.id}`)).status).toBe('paid');
    await screen('retorno-processado');

    // ---- the paid charge offers its receipt, never its boleto
    await menu('Contas a Receber');
    await row(november.number)
      .getByRole('link', { name: `Recibo da cobrança ${november.number}` })
      .waitFor();
    expect(
      await row(november.number)
        .getByRole('link', { name: `Boleto da cobrança ${november.number}` })
        .count(),
    ).toBe(0);

    // ---- 2ª via with a new due date for October (and the paid November, which is left out)
    for (const c of [october, november]) await page.getByRole('checkbox', { name: `Selecionar cobrança ${c.number}` }).check();
    await bar.getByRole('button', { name: '2ª via com valor atualizado' }).click();
    await modal().getByLabel('Novo vencimento').fill(br('30/12/2026'));
    await modal().getByRole('button', { name: 'Ver valores' }).click();
    await modal().locator(`[data-plan-charge="${october.number}"]`).waitFor();
    await modal().locator('[data-plan-skipped]').getByText(`Cobrança nº ${november.number} já está paga`).waitFor();
    await screen('segunda-via');
    const [second, secondFile] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/boletos/second-copy' && r.request().method() === 'POST'),
      page.waitForEvent('download'),
      modal().getByRole('button', { name: 'Gerar 2ª via (PDF)' }).click(),
    ]);
    expect(second.status()).toBe(200);
    expect(
      readFileSync((await secondFile.path())!)
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');
    await modal().getByRole('button', { name: 'Fechar', exact: true }).first().click();
    await bar.getByRole('button', { name: 'Limpar seleção' }).click();

    // ---- Maria pays by Pix, registered by hand; it bounces and is reversed
    await row(mariaCharge.number).getByRole('button', { name: 'Registrar pagamento' }).click();
    await modal().locator('input[name=amount]').fill('99,90');
    await modal().locator('input[name=paid_on]').fill(br('07/12/2026'));
    await modal().getByRole('button', { name: 'Registrar' }).click();
    await expect.poll(() => row(mariaCharge.number).textContent(), POLL).toContain('Pago');
    await go(`/contas-a-receber/${mariaCharge.id}`);
    const payments = page.locator('[data-charge-payments]');
    await payments.getByRole('button', { name: `Detalhes do pagamento de R$ 99,90 em ${br('07/12/2026')}` }).click();
    await modal().getByRole('button', { name: 'Estornar pagamento' }).click();
    await modal().getByLabel('Motivo do estorno').fill('Pix devolvido (MED)');
    await modal().getByRole('button', { name: 'Estornar', exact: true }).click();
    await modal().getByRole('button', { name: 'Confirmar estorno' }).click();
    await page.getByText('Pagamento estornado.').waitFor();
    await page.locator('.page-head .badge').getByText('Em aberto').waitFor();
    expect((await api(`/v1/charges/${mariaCharge.id}`)).status).toBe('open');
    await screen('estorno');

    // ---- Export the month to Excel
    await menu('Contas a Receber');
    await row(mariaCharge.number).waitFor();
    const exportHref = await page.getByRole('link', { name: 'Baixar como Excel' }).getAttribute('href');
    const xlsx = await page.evaluate(async (u) => {
      const r = await fetch(u);
      return { status: r.status, head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 2)) };
    }, exportHref!);
    expect(xlsx).toEqual({ status: 200, head: 'PK' });

    // ---- Maria's contract: suspended for December, then cancelled
    await page.goto(mariaContractUrl);
    await page.getByRole('button', { name: 'Suspender contrato' }).click();
    await modal().locator('input[name=start_date]').fill(br('07/12/2026'));
    await modal().locator('input[name=reason]').fill('Viagem');
    await modal()
      .getByRole('button', { name: /Confirmar/ })
      .click();
    await expect.poll(() => page.locator('.page-head .badge').textContent(), POLL).toBe('Suspenso');
    await page.getByRole('button', { name: 'Cancelar contrato' }).click();
    await modal().locator('input[name=reason]').fill('Mudou de cidade');
    await modal()
      .getByRole('button', { name: /Confirmar/ })
      .click();
    await expect.poll(() => page.locator('.page-head .badge').textContent(), POLL).toBe('Cancelado');
    await screen('contrato-cancelado');

    // ---- Webhooks: the ERP hears of payments
    await menu('Webhooks');
    await page.fill('input[name=url]', 'https://erp.example.com/webhooks/cobre');
    await page.locator('input[value="charge.paid"]').first().check();
    await page.getByRole('button', { name: 'Cadastrar endpoint' }).click();
    await modal().locator('pre.secret').waitFor();
    await modal().getByRole('button', { name: 'Fechar' }).click();
    await cell('https://erp.example.com/webhooks/cobre').waitFor();
    await screen('webhooks');

    // ---- Usuários: an operator for the day to day
    const operator = `operador-${kind}-${seed}@example.com`;
    await menu('Usuários');
    await page.fill('input[name=name]', 'Otávio Operador');
    await page.fill('input[name=email]', operator);
    await page.fill('input[name=password]', 'operador-123');
    await page.locator('select[name=role]').selectOption('operator');
    await page.getByRole('button', { name: 'Criar usuário' }).click();
    await cell(operator).waitFor();
    await screen('usuarios');
    await menu('Painel');
    await page.locator('.chart svg rect').first().waitFor();
    await screen('painel');
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.getByLabel('Senha').waitFor();
    await page.getByLabel('E-mail').fill(operator);
    await page.getByLabel('Senha').fill('operador-123');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Painel' }).waitFor();
    await go('/configuracoes/usuarios');
    await page.getByRole('heading', { name: 'Acesso restrito a administradores' }).waitFor();
    await screen('operador-restrito');
    await menu('Contas a Receber');
    await row(october.number).waitFor();
  } finally {
    await context.close();
  }
}

describe("a clerk's month in the console", () => {
  it.skipIf(!tools.has('chromium'))(
    'on a desktop: from an empty company to a month billed, collected, reconciled and exported',
    async () => {
      await clerkMonth('desktop');
    },
  );
  it.skipIf(!tools.has('chromium'))('on a phone (390×844): the same month', async () => {
    await clerkMonth('celular');
  });
});
