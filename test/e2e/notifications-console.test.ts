// End-to-end: the console's notification screens in Chromium (playwright-core) against a real
// listening server and a real SMTP server (smtp-server): the clerk configures the SMTP channel and
// tests the connection, edits a message template (an unknown variable first: the API's 400 names
// it), previews it, sets up the dunning schedule, opens a charge and reads its delivery log (the
// sender runs in this process), sends a reminder to selected charges from Contas a Receber, and
// pauses the schedule on the customer. axe-core finds no serious or critical violation on each
// screen. COBRE_SCREENSHOTS=1 saves docs/screenshots/notifications-*.png.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startTestSmtp, type TestSmtp } from '../support/smtp.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { ProviderCache } from '../../src/notifications/channels.ts';
import { sendDueNotifications } from '../../src/notifications/sender.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { ensureConsoleBuilt, navigate, seriousViolations as axeViolations } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const tools = systemTools('the notifications console end-to-end test in a browser', ['chromium']);
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
let page: Page;
let base: string;
const providers = new ProviderCache();
const seed = Date.now() % 1_000_000;
const email = `notif-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const payerEmail = `pagador-${seed}@example.com`;

async function shot(name: string): Promise<void> {
  if (process.env.COBRE_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `notifications-${name}.png`), fullPage: true });
}

const go = (path: string) => navigate(page, path);

const seriousViolations = () => axeViolations(page);

/** Runs the sender in this process until nothing is due. */
async function drain(): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await sendDueNotifications(t.db, {
      now: () => t.clock.now(),
      today: () => t.clock.today(),
      baseUrl: base,
      providers,
      leaseSeconds: 60,
    });
    total += n;
    if (n === 0) return total;
  }
}

const modal = () => page.locator('.modal');
const menu = (name: string) => page.locator('.sidebar').getByRole('link', { name, exact: true });
const mailsTo = (address: string) =>
  smtp.messages.filter((m) => (m.to && !Array.isArray(m.to) ? m.to.value : []).some((v) => v.address === address));

beforeAll(async () => {
  // Channel secrets are stored encrypted: the key must be set before the app is built.
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  ensureConsoleBuilt();
  smtp = await startTestSmtp({ username: 'cobre', password: 's3nha-smtp' });
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Notificações ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await providers.close();
  await t?.close();
  await smtp?.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

describe('notifications console end to end', () => {
  it.skipIf(!tools.has('chromium'))(
    'a clerk configures SMTP, edits a template, sets the schedule, reads the delivery log, sends a reminder and pauses a customer',
    async () => {
      // ---- login
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- Configurações → Notificações: the SMTP channel, "Testar conexão", the automatic notices
      await menu('Notificações').click();
      const smtpCard = page.locator('section[data-channel=email]');
      await smtpCard.getByRole('heading', { name: 'E-mail (SMTP)' }).waitFor();
      await smtpCard.getByText('Não configurado').waitFor();
      expect(await smtpCard.getByRole('button', { name: 'Testar conexão' }).isDisabled()).toBe(true);
      await smtpCard.getByLabel('Servidor SMTP').fill('127.0.0.1');
      await smtpCard.getByRole('textbox', { name: /^Porta/ }).fill(String(smtp.port));
      await smtpCard.getByLabel('Segurança (TLS)').selectOption('never');
      await smtpCard.getByLabel('Usuário').fill('cobre');
      await smtpCard.getByLabel('Senha SMTP').fill('s3nha-smtp');
      await smtpCard.getByLabel('E-mail do remetente').fill('cobranca@empresa.example');
      await smtpCard.getByLabel('Nome do remetente').fill('Empresa Notificações');
      await smtpCard.getByRole('button', { name: 'Salvar' }).click();
      await smtpCard.locator('.badge', { hasText: 'Ativo' }).waitFor();
      // The password is write-only: "definida", the field is empty again, and the API never returns it.
      await smtpCard.getByText('Definida. Deixe em branco para manter a atual.').waitFor();
      expect(await smtpCard.getByLabel('Senha SMTP').inputValue()).toBe('');
      const channel = await page.evaluate(async () => (await fetch('/v1/notification-channels/email')).text());
      expect(channel).not.toContain('s3nha-smtp');
      await smtpCard.getByRole('button', { name: 'Testar conexão' }).click();
      await expect.poll(() => smtpCard.locator('.test-result').textContent(), POLL).toContain('Conexão bem-sucedida');
      const notices = page.locator('form[aria-labelledby=notice-settings]');
      await notices.getByText('Enviar a cobrança quando ela é criada por').waitFor();
      expect(await notices.locator('input[name=charge_created-email]').isChecked()).toBe(true);
      await notices.locator('input[name=attach_boleto_pdf]').uncheck();
      await notices.getByRole('button', { name: 'Salvar envio automático' }).click();
      await page.getByText('Envio automático salvo.').waitFor();
      expect(
        (await (await fetch(base + '/v1/notification-settings', { headers: { authorization: `Bearer ${tenant.live}` } })).json())
          .attach_boleto_pdf,
      ).toBe(false);
      expect(await seriousViolations()).toEqual([]);
      await shot('canais');

      // ---- Modelos de mensagem: an unknown variable is refused naming it; fixed, previewed, saved
      await menu('Modelos de mensagem').click();
      await page.getByRole('heading', { name: 'Modelos de mensagem' }).waitFor();
      await page.locator('select[name=event]').selectOption('reminder');
      await page.getByText('Modelo padrão do Cobre (ainda não personalizado).').waitFor();
      await page.getByRole('button', { name: /Inserir \{\{cobranca\.valor_hoje\}\}/ }).waitFor();
      const subject = page.locator('input[name=subject]');
      const body = page.locator('textarea[name=body]');
      await subject.fill('Lembrete: cobrança {{cobranca.numero}} vence em {{cobranca.vencimento}}');
      await body.fill('Olá! O valor de {{cobranca.valorx}} vence em {{cobranca.vencimento}}.\nPague em {{link_pagamento}}');
      await page.getByRole('button', { name: 'Salvar modelo' }).click();
      await expect.poll(() => page.locator('.error-box').textContent(), POLL).toContain('{{cobranca.valorx}}');
      // Next to the field, in Portuguese; nothing typed is lost.
      await expect
        .poll(() => page.locator('[data-field=body] .field-error').textContent(), POLL)
        .toContain('variável desconhecida {{cobranca.valorx}}');
      expect(await body.inputValue()).toContain('{{cobranca.valorx}}');
      await shot('modelo-erro');
      await body.fill(
        'Olá! O valor de {{cobranca.valor}} vence em {{cobranca.vencimento}}.\nPague em {{link_pagamento}}\nAtenciosamente, ',
      );
      // A click on a variable inserts it where the cursor is (here: the end of the text).
      await body.focus();
      await body.press('Control+End');
      await page.getByRole('button', { name: /Inserir \{\{empresa\.nome\}\}/ }).click();
      await expect.poll(() => body.inputValue(), POLL).toMatch(/Atenciosamente, \{\{empresa\.nome\}\}$/);
      await page.getByRole('button', { name: 'Pré-visualizar' }).click();
      const preview = page.locator('[data-preview]');
      await expect.poll(() => preview.textContent(), POLL).toContain('O valor de R$ 450,00 vence em 10/11/2026');
      expect(await preview.textContent()).toContain('Condomínio Exemplo');
      expect(await page.locator('.error-box').count()).toBe(0);
      await page.getByRole('button', { name: 'Salvar modelo' }).click();
      await page.getByText('Modelo salvo.').waitFor();
      await page.getByText(/^Modelo personalizado, alterado em/).waitFor();
      await page.getByRole('button', { name: 'Restaurar modelo padrão' }).waitFor();
      await page.getByRole('button', { name: 'Pré-visualizar' }).click();
      await preview.waitFor();
      expect(await seriousViolations()).toEqual([]);
      await shot('modelos');

      // ---- Régua de cobrança: created from the built-in template, a protest step added
      await menu('Régua de cobrança').click();
      await page.getByRole('heading', { name: 'Em uso: a régua padrão do Cobre' }).waitFor();
      await page.getByRole('button', { name: 'Criar régua a partir do modelo' }).click();
      await page.getByRole('heading', { name: 'Régua padrão da empresa' }).waitFor();
      expect(await page.locator('tr[data-step]').count()).toBe(4);
      await page.getByRole('button', { name: 'Incluir passo' }).click();
      const step = page.locator('tr[data-step="4"]');
      await step.getByLabel('Dias do passo 5').fill('30');
      await step.getByLabel('Ação do passo 5').selectOption('flag_protest');
      await page.getByRole('button', { name: 'Salvar régua' }).click();
      await page.getByText('Régua de cobrança salva.').waitFor();
      await expect
        .poll(
          async () =>
            (await (await fetch(base + '/v1/dunning-schedules', { headers: { authorization: `Bearer ${tenant.live}` } })).json()).data[0]
              .steps.length,
          POLL,
        )
        .toBe(5);
      await page.locator('tr[data-step="4"]').getByText('30 dias depois do vencimento').waitFor();
      expect(await seriousViolations()).toEqual([]);
      await shot('regua');

      // ---- a charge (set up through the API), its e-mail sent by the sender in this process
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
        pix_key: 'financeiro@example.com',
        beneficiary_name: 'Empresa Notificações Ltda',
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
        name: 'Maria da Silva Pagadora',
        document: cpfFrom(seed),
        emails: [{ email: payerEmail, is_primary: true }],
        addresses: [
          { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
        ],
      });
      const charge = await call('POST', '/v1/charges', {
        customer_id: customer.id,
        amount_cents: 45000,
        due_date: d('2026-12-10'),
        description: 'Mensalidade de dezembro',
      });
      expect(await drain()).toBeGreaterThan(0);
      expect(mailsTo(payerEmail)).toHaveLength(1);

      // ---- the charge page: delivery log, payer link (copy, revoke), dunning steps
      await menu('Contas a Receber').click();
      await page.getByRole('link', { name: `Abrir cobrança nº ${charge.number}` }).click();
      await page.getByRole('heading', { name: `Cobrança nº ${charge.number}` }).waitFor();
      const log = page.locator('table.delivery-log');
      const sent = log.locator('tr[data-message=sent]');
      await sent.waitFor();
      expect(await sent.textContent()).toContain(payerEmail);
      expect(await sent.textContent()).toContain('Enviada');
      expect(await sent.textContent()).toContain('E-mail');
      expect(await sent.textContent()).toContain('Cobrança (nova cobrança)');
      await page.getByRole('heading', { name: 'Régua de cobrança' }).waitFor();
      await page.getByText('Régua padrão (régua padrão da empresa)').waitFor();
      await page.getByRole('cell', { name: /Marcar para protesto/ }).waitFor();
      await page.getByRole('button', { name: 'Mostrar link do pagador' }).click();
      const linkInput = page.getByLabel('Link do pagador');
      await expect.poll(() => linkInput.inputValue(), POLL).toContain('/pagar/');
      const url = await linkInput.inputValue();
      await page.getByRole('button', { name: 'Copiar link' }).click();
      await page.getByText('Link copiado.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
      expect((await fetch(url.replace(/^https?:\/\/[^/]+/, base))).status).toBe(200);
      expect(await seriousViolations()).toEqual([]);
      await shot('cobranca');
      page.once('dialog', (dlg) => void dlg.accept());
      await page.getByRole('button', { name: 'Revogar' }).click();
      await page.getByText('Link revogado.').waitFor();
      expect((await fetch(url.replace(/^https?:\/\/[^/]+/, base))).status).toBe(404);

      // ---- Contas a Receber: select the charge → "Enviar agora" a reminder → per-charge result
      await menu('Contas a Receber').click();
      await page.getByLabel(`Selecionar cobrança ${charge.number}`).check();
      await page.getByRole('button', { name: 'Enviar agora (1)' }).click();
      await modal().locator('select[name=event]').selectOption('reminder');
      expect(await modal().locator('input[name=send-email]').isChecked()).toBe(true);
      expect(await seriousViolations()).toEqual([]);
      await modal().getByRole('button', { name: 'Enviar', exact: true }).click();
      const result = modal().locator(`tr[data-result-charge="${charge.number}"]`);
      await expect.poll(() => result.textContent(), POLL).toContain('Enviada para a fila');
      expect(await seriousViolations()).toEqual([]);
      await shot('enviar-agora');
      await modal().getByRole('button', { name: 'Concluir' }).click();
      await drain();
      // The reminder went out with the template saved above.
      const reminder = mailsTo(payerEmail).find((m) => m.subject?.startsWith('Lembrete: cobrança'));
      expect(reminder?.subject).toBe(`Lembrete: cobrança ${charge.number} vence em 10/12/${d('2026-12-10').slice(0, 4)}`);
      expect(reminder?.text).toContain('O valor de R$ 450,00');
      expect(reminder?.text).toContain('Empresa Notificações');
      await page.getByRole('link', { name: `Abrir cobrança nº ${charge.number}` }).click();
      await expect.poll(() => page.locator('table.delivery-log tr[data-message=sent]').count(), POLL).toBe(2);
      expect(await page.locator('table.delivery-log').textContent()).toContain('Envio manual');

      // ---- the customer: pause the schedule with a reason; the payer did not unsubscribe; customer link
      await go(`/clientes/${customer.id}?aba=regua`);
      await page.getByRole('heading', { name: 'Régua de cobrança do cliente' }).waitFor();
      await page.locator('[data-dunning-state=active]').waitFor();
      await page.locator('[data-unsubscribed=false]').waitFor();
      await page.getByRole('button', { name: 'Pausar régua' }).click();
      await expect.poll(() => page.locator('[data-field=paused_reason] .field-error').textContent(), POLL).toContain('informe o motivo');
      await page.getByLabel('Motivo da pausa').fill('Acordo de pagamento em negociação');
      await page.getByRole('button', { name: 'Pausar régua' }).click();
      await page.locator('[data-dunning-state=paused]').waitFor();
      await page.getByText('Pausada: Acordo de pagamento em negociação').waitFor();
      const assignment = await call('GET', `/v1/customers/${customer.id}/dunning`);
      expect(assignment).toMatchObject({ paused: true, paused_reason: 'Acordo de pagamento em negociação' });
      await page.locator('[data-payer-link=customer]').getByRole('button', { name: 'Mostrar link do pagador' }).click();
      await expect.poll(() => page.getByLabel('Link do pagador').inputValue(), POLL).toContain('/pagar/');
      expect(await seriousViolations()).toEqual([]);
      await shot('cliente-regua');
      // The charge page now says the schedule is paused and lists no step to come.
      await go(`/contas-a-receber/${charge.id}`);
      await page.getByText('Pausada no cliente: Acordo de pagamento em negociação').waitFor();
      await page.getByText('Régua pausada: nenhum passo previsto.').waitFor();

      // ---- Protesto e negativação: the list (empty here) and its CSV
      await menu('Protesto e negativação').click();
      await page.getByText('Nenhuma cobrança marcada para protesto.').waitFor();
      const csvHref = await page.getByRole('link', { name: 'Baixar CSV' }).getAttribute('href');
      const csv = await page.evaluate(async (h) => {
        const r = await fetch(h!);
        return { status: r.status, type: r.headers.get('content-type') };
      }, csvHref);
      expect(csv.status).toBe(200);
      expect(csv.type).toContain('text/csv');
      expect(await seriousViolations()).toEqual([]);
      await shot('protesto');
    },
  );
});
