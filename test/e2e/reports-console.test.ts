// End-to-end in Chromium (playwright-core) against a real listening server and a real SMTP server:
// the onboarding checklist of an empty company, the overdue-by-age and receipts reports (links to
// Contas a Receber, "Baixar como Excel", a saved filter round trip), an admin sending a reset link
// and the public "Esqueci minha senha" flow followed from the e-mail. axe-core finds no violation
// (any impact) on each screen, on desktop and on the phone viewport.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { daysBefore } from '../../src/reports/reports.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS, waitFor } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the reports console end-to-end test in a browser', ['chromium']);
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

const previousKey = process.env.COBRE_SECRET_KEY;
let t: TestContext;
let tenant: TestTenant;
let smtp: TestSmtp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const seed = Date.now() % 1_000_000;
const adminEmail = `relatorios-e2e-${seed}@example.com`;
const opEmail = `operador-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const today = d('2026-11-23');

const go = (path: string) => navigate(page, path);
const api = async (method: string, url: string, body?: unknown) => {
  const res = await t.call(tenant.live, method, url, body);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};
const mailsTo = (address: string) =>
  smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === address));
const checkAxe = async () => expect(await axeViolations(page)).toEqual([]);

/** axe on the phone viewport too (where the page must not scroll sideways nor have controls under 44 px), then back to the desktop one. */
async function checkAxeOnPhone(): Promise<void> {
  await checkAxe();
  await page.setViewportSize(PHONE_VIEWPORT);
  await checkAxe();
  const layout = await page.evaluate((w) => {
    const small = [
      ...document.querySelectorAll<HTMLElement>(
        'main button, main .button, main input:not([type=checkbox]):not([type=radio]):not([type=hidden]), main select',
      ),
    ]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().height < 43.5)
      .map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30));
    return { sideways: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w, small };
  }, PHONE_VIEWPORT.width);
  expect(layout).toEqual({ sideways: expect.any(Number), small: [] });
  expect(layout.sideways).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1360, height: 900 });
}

async function login(email: string, pass: string): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(pass);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: 'Painel' }).waitFor();
}

beforeAll(async () => {
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  ensureConsoleBuilt();
  smtp = await startTestSmtp();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Relatórios ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email: adminEmail, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  // Reset links are built on the public URL (never on the request's Host): here, this server.
  t.app.ctx.config.publicUrl = base;
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  context = await browser.newContext({
    acceptDownloads: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1360, height: 900 },
  });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await smtp?.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

describe('reports, onboarding and password reset in the console', () => {
  it.skipIf(!tools.has('chromium'))('an empty company sees its first steps, done from the data, and can hide them', async () => {
    await login(adminEmail, password);
    const checklist = page.locator('section.onboarding');
    await checklist.getByRole('heading', { name: 'Primeiros passos' }).waitFor();
    await checklist.getByText('0 de 7 concluídos').waitFor();
    expect(await checklist.locator('li.todo').count()).toBe(7);
    await checkAxeOnPhone();

    // A customer done through the API shows as done; its link opens the screen.
    const customer = await api('POST', '/v1/customers', { person_type: 'PF', name: 'Dora Devedora', document: cpfFrom(seed) });
    await go('/clientes');
    await go('/');
    await checklist.getByText('1 de 7 concluídos').waitFor();
    expect(await checklist.locator('li[data-step=customer]').getAttribute('class')).toBe('done');
    await checklist.getByRole('link', { name: 'Cadastre um serviço' }).click();
    await expect.poll(() => new URL(page.url()).pathname, POLL).toBe('/servicos');

    // Hidden by the user: stays hidden after a reload, and comes back on request.
    await go('/');
    await checklist.getByRole('button', { name: 'Ocultar lista' }).click();
    await page.getByRole('button', { name: 'Mostrar primeiros passos' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Mostrar primeiros passos' }).waitFor();
    expect(await checklist.count()).toBe(0);
    await page.getByRole('button', { name: 'Mostrar primeiros passos' }).click();
    await checklist.getByText('1 de 7 concluídos').waitFor();

    // Data for the reports: overdue 10 and 45 days, and payments in September.
    for (const [days, amount] of [
      [10, 12_345],
      [45, 50_000],
    ] as const) {
      const due = daysBefore(today, days);
      await api('POST', '/v1/charges', { customer_id: customer.id, amount_cents: amount, issue_date: due, due_date: due });
    }
    const paid = await api('POST', '/v1/charges', {
      customer_id: customer.id,
      amount_cents: 30_000,
      issue_date: d('2026-09-01'),
      due_date: d('2026-12-20'),
    });
    await api('POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 10_000, paid_on: d('2026-09-10'), method: 'pix' });
    await api('POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 5_000, paid_on: d('2026-09-15'), method: 'boleto' });
    const reversed = await api('POST', `/v1/charges/${paid.id}/payments`, {
      amount_cents: 7_000,
      paid_on: d('2026-09-20'),
      method: 'cash',
    });
    await api('POST', `/v1/charges/${paid.id}/payments/${reversed.payment.id}/reverse`, { reason: 'cheque devolvido' });
  });

  it.skipIf(!tools.has('chromium'))('shows overdue by age with links to Contas a Receber and an Excel download', async () => {
    await page.locator('.sidebar').getByRole('link', { name: 'Inadimplência por idade', exact: true }).click();
    await page.getByRole('heading', { name: 'Inadimplência por idade' }).waitFor();
    const byBucket = page.locator('section', { has: page.getByRole('heading', { name: /^Por faixa de atraso/ }) });
    const row = (label: string) => byBucket.locator('tbody tr', { hasText: label });
    await expect.poll(() => row('1 a 30 dias').textContent(), POLL).toContain('R$ 123,45');
    expect(await row('31 a 60 dias').textContent()).toContain('R$ 500,00');
    expect(await byBucket.locator('tfoot').textContent()).toContain('R$ 623,45');
    const byCustomer = page.locator('section', { has: page.getByRole('heading', { name: 'Por cliente' }) });
    await byCustomer.getByRole('link', { name: 'Dora Devedora', exact: true }).waitFor();
    // One customer: her row has each bucket's amount and her total, to the cent.
    const dora = await byCustomer.locator('tbody tr', { hasText: 'Dora Devedora' }).locator('td').allTextContents();
    expect(dora.slice(1)).toEqual(['R$ 123,45', 'R$ 500,00', '—', '—', 'R$ 623,45']);
    await checkAxeOnPhone();

    const excel = page.getByRole('link', { name: 'Baixar como Excel' });
    expect(await excel.getAttribute('href')).toBe(`/v1/reports/overdue-aging.xlsx?as_of=${today}`);
    const [download] = await Promise.all([page.waitForEvent('download'), excel.click()]);
    expect(download.suggestedFilename()).toBe(`inadimplencia-${today}.xlsx`);

    // An earlier date: 20 days ago only the 45-day charge was overdue (25 days).
    await page.getByLabel('Posição em').fill(daysBefore(today, 20).split('-').reverse().join('/'));
    await page.getByRole('button', { name: 'Atualizar' }).click();
    await expect.poll(() => row('1 a 30 dias').textContent(), POLL).toContain('R$ 500,00');
    expect(await row('31 a 60 dias').textContent()).toContain('R$ 0,00');
    await page.getByLabel('Posição em').fill(today.split('-').reverse().join('/'));
    await page.getByRole('button', { name: 'Atualizar' }).click();
    await expect.poll(() => row('31 a 60 dias').textContent(), POLL).toContain('R$ 500,00');

    // The bucket opens Contas a Receber filtered to its overdue charges.
    await row('31 a 60 dias').getByRole('link').click();
    await page.getByRole('heading', { name: 'Contas a Receber' }).waitFor();
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ situacao: 'overdue', de: daysBefore(today, 60), ate: daysBefore(today, 31) });
    await expect.poll(() => page.locator('table.grid tbody').textContent(), POLL).toContain('500,00');
    expect(await page.locator('table.grid tbody').textContent()).not.toContain('123,45');
  });

  it.skipIf(!tools.has('chromium'))('shows receipts by period, and saves, applies and deletes a filter', async () => {
    await page.locator('.sidebar').getByRole('link', { name: 'Recebimentos por período', exact: true }).click();
    await page.getByRole('heading', { name: 'Recebimentos por período' }).waitFor();
    // The default period (this month) has no payment.
    await page.getByText('Nenhum pagamento recebido no período.').waitFor();
    await page.getByLabel('De', { exact: true }).fill(`01/09/${today.slice(0, 4)}`);
    await page.getByLabel('Até', { exact: true }).fill(`30/09/${today.slice(0, 4)}`);
    await page.getByRole('button', { name: 'Atualizar' }).click();
    const total = page.locator('td[data-total=received]');
    // 10 000 (Pix) + 5 000 (boleto); the reversed 7 000 in cash is left out.
    await expect.poll(() => total.textContent(), POLL).toBe('R$ 150,00');
    expect(await page.locator('table.grid tbody tr').count()).toBe(2);
    await page.getByLabel('Agrupar por').selectOption('method');
    const methodRow = (label: string) => page.locator('table.grid tbody tr', { hasText: label });
    await expect.poll(() => methodRow('PIX').textContent(), POLL).toContain('R$ 100,00');
    expect(await methodRow('Boleto').textContent()).toContain('R$ 50,00');
    expect(await page.locator('table.grid tbody').textContent()).not.toContain('Dinheiro');
    expect(await total.textContent()).toBe('R$ 150,00');
    await checkAxeOnPhone();

    // Save the current filter, leave it, get it back from "Filtros salvos", then delete it.
    await page.getByLabel('Nome do filtro').fill('Setembro por forma');
    await page.getByRole('button', { name: 'Salvar filtro atual' }).click();
    await page.getByText('Filtro "Setembro por forma" salvo.').waitFor();
    const saved = page.getByLabel('Filtros salvos');
    await expect.poll(() => saved.locator('option:checked').textContent(), POLL).toBe('Setembro por forma');
    await go('/relatorios/recebimentos');
    await page.getByText('Nenhum pagamento recebido no período.').waitFor();
    await saved.selectOption({ label: 'Setembro por forma' });
    await expect.poll(() => total.textContent(), POLL).toBe('R$ 150,00');
    const params = Object.fromEntries(new URL(page.url()).searchParams);
    expect(params).toEqual({ agrupar: 'method', ate: d('2026-09-30'), de: d('2026-09-01') });
    expect(await page.getByLabel('De', { exact: true }).inputValue()).toBe(`01/09/${today.slice(0, 4)}`);
    await checkAxe();
    page.once('dialog', (dlg) => void dlg.accept());
    await page.getByRole('button', { name: /^Excluir o filtro salvo/ }).click();
    await page.getByText('Filtro "Setembro por forma" excluído.').waitFor();
    await expect.poll(() => saved.locator('option').count(), POLL).toBe(1);
  });

  it.skipIf(!tools.has('chromium'))(
    'resets a password from the e-mailed link: sent by an admin, and asked for on the public page',
    async () => {
      // Without an e-mail channel the public page says to ask an administrator.
      // The login page leads there.
      const anon = await browser.newPage({ viewport: { width: 1360, height: 900 } });
      await anon.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
      await anon.goto(base + '/');
      await anon.getByRole('link', { name: 'Esqueci minha senha' }).click();
      await anon.getByRole('heading', { name: 'Esqueci minha senha' }).waitFor();
      expect(new URL(anon.url()).pathname).toBe('/redefinir-senha');
      await anon.getByText(/Peça a um administrador da sua empresa/).waitFor();
      expect(await axeViolations(anon)).toEqual([]);

      await api('PUT', '/v1/notification-channels/email', {
        provider: 'smtp',
        settings: {
          host: '127.0.0.1',
          port: smtp.port,
          secure: false,
          starttls: 'never',
          from_email: 'nao-responda@empresa.example',
          from_name: 'Empresa Relatórios',
        },
      });
      await t.db.transaction((tx) =>
        createUser(tx, systemScope(tenant.id, t.clock.now()), {
          email: opEmail,
          password: 'senha-antiga-1',
          role: 'operator',
          name: 'Otto Operador',
        }),
      );

      // The admin sends the link from Configurações → Usuários.
      await page.locator('.sidebar').getByRole('link', { name: 'Usuários', exact: true }).click();
      await page.getByRole('heading', { name: 'Usuários' }).waitFor();
      await page.getByRole('button', { name: `Enviar link de redefinição por e-mail para ${opEmail}` }).click();
      await page.getByText(`Link de redefinição enviado para ${opEmail}`).waitFor();
      await checkAxe();
      const adminMail = await waitFor('the link sent by the admin', () => mailsTo(opEmail)[0]);
      expect(adminMail.subject).toBe('Redefinição de senha do Cobre');

      // The operator asks on the public page; the answer does not say whether the e-mail exists.
      await anon.goto(base + '/redefinir-senha');
      await anon.getByLabel('E-mail').fill(opEmail);
      await checkAxeOn(anon);
      await anon.getByRole('button', { name: 'Enviar link' }).click();
      await anon.getByText(/enviamos um link para redefinir a senha/).waitFor();
      const mail = await waitFor('the link asked for', () => mailsTo(opEmail)[1]);
      const link = /(http:\/\/127\.0\.0\.1:\d+\/redefinir-senha\?token=[\w-]+)/.exec(mail.text ?? '')![1];
      expect(link.startsWith(base)).toBe(true);

      // Following the link: a too-short password is refused in the form, then the new one is set.
      await anon.setViewportSize(PHONE_VIEWPORT);
      await anon.goto(link);
      await anon.getByRole('heading', { name: 'Redefinir senha' }).waitFor();
      expect(await axeViolations(anon)).toEqual([]);
      await anon.getByLabel('Nova senha', { exact: true }).fill('curta');
      await anon.getByLabel('Repita a nova senha').fill('curta');
      await anon.getByRole('button', { name: 'Salvar nova senha' }).click();
      await anon.getByText('A senha precisa ter pelo menos 8 caracteres.').waitFor();
      expect(await axeViolations(anon)).toEqual([]);
      await anon.getByLabel('Nova senha', { exact: true }).fill('senha-nova-123');
      await anon.getByLabel('Repita a nova senha').fill('senha-nova-123');
      await anon.getByRole('button', { name: 'Salvar nova senha' }).click();
      await anon.getByRole('heading', { name: 'Senha alterada' }).waitFor();
      expect(await axeViolations(anon)).toEqual([]);

      // The link works once; the admin's earlier link was voided by the reset.
      await anon.goto(link);
      await anon.getByRole('button', { name: 'Salvar nova senha' }).waitFor();
      await anon.getByLabel('Nova senha', { exact: true }).fill('outra-senha-456');
      await anon.getByLabel('Repita a nova senha').fill('outra-senha-456');
      await anon.getByRole('button', { name: 'Salvar nova senha' }).click();
      await anon.getByRole('heading', { name: 'Link inválido' }).waitFor();
      const adminLink = /(http:\/\/[^\s]+\/redefinir-senha\?token=[\w-]+)/.exec(adminMail.text ?? '')![1];
      await anon.goto(adminLink);
      await anon.getByLabel('Nova senha', { exact: true }).fill('outra-senha-456');
      await anon.getByLabel('Repita a nova senha').fill('outra-senha-456');
      await anon.getByRole('button', { name: 'Salvar nova senha' }).click();
      await anon.getByRole('heading', { name: 'Link inválido' }).waitFor();

      // The new password logs in.
      await anon.goto(base + '/');
      await anon.getByLabel('E-mail').fill(opEmail);
      await anon.getByLabel('Senha').fill('senha-nova-123');
      await anon.getByRole('button', { name: 'Entrar' }).click();
      await anon.getByRole('heading', { name: 'Painel' }).waitFor();
      await anon.close();
    },
  );
});

async function checkAxeOn(p: Page): Promise<void> {
  expect(await axeViolations(p)).toEqual([]);
}
