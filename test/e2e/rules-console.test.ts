// End-to-end in Chromium (playwright-core): the clerk writes a "desconto pontualidade" rule in words
// (the CRM's codes only as a detail, no "(padrão)"), sees a wrong percentage refused next to its field
// as they type, previews the rule on an example charge (the engine's amounts on four dates, and again
// after changing the example amount), saves it and attaches it to a customer from "Aplicar a" (and
// detaches a second attachment), to a contract (customer, then contract) and a service; sets the
// company's multa e juros with its worked example; finds a customer's own policy listed. Then
// the rules panel on a customer ("Regras e multa" tab) (attach/detach a rule here, change and remove its
// own multa e juros), the contract page (own link, then inherited through the customer) and a service ("Regras").
// axe-core finds no violation (any impact) on each screen, on desktop and at the phone viewport.
// COBRE_SCREENSHOTS=1 saves docs/screenshots/rules-*.png.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the payment-rules console end-to-end test in a browser', ['chromium']);
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
const email = `rules-e2e-${seed}@example.com`;
const password = 'console-e2e-123';

/** dd/mm/aaaa of the frame's today (23/11/2026, moved with COBRE_TEST_NOW) plus n days. */
function brDay(n: number): string {
  const iso = new Date(Date.parse(d('2026-11-23') + 'T00:00:00Z') + n * 86_400_000).toISOString().slice(0, 10);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

const modal = () => page.locator('.modal').last();

/** With COBRE_SCREENSHOTS=1, docs/screenshots/rules-<name>.png. */
async function shot(name: string): Promise<void> {
  if (process.env.COBRE_SCREENSHOTS !== '1') return;
  const dir = join(ROOT, 'docs/screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `rules-${name}.png`), fullPage: true });
}
const go = (path: string) => navigate(page, path);

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Regras ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Rita Financeiro' }),
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

describe('payment rules and multa e juros in the console', () => {
  it.skipIf(!tools.has('chromium'))(
    'a clerk writes a desconto pontualidade in words, previews it, attaches it to a customer and sets multa e juros',
    async () => {
      const call = async (method: string, path: string, payload?: unknown) => {
        const r = await t.call(tenant.live, method, path, payload);
        expect(r.statusCode, r.body).toBeLessThan(300);
        return r.json();
      };
      const customer = await call('POST', '/v1/customers', {
        person_type: 'PF',
        name: 'Joana Associada',
        document: cpfFrom(seed),
        associate: true,
      });
      const other = await call('POST', '/v1/customers', { person_type: 'PF', name: 'Pedro Terceiro', document: cpfFrom(seed + 1) });
      const service = await call('POST', '/v1/services', {
        code: 'INTERNET',
        name: 'Internet Fibra',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 9990,
      });
      const contract = await call('POST', '/v1/contracts', {
        customer_id: customer.id,
        start_date: d('2026-11-01'),
        billing_day: 5,
        items: [{ service_id: service.id }],
      });

      // ---- login
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- Regras de pagamento: the form in words
      await go('/configuracoes/regras-de-pagamento');
      await page.getByRole('heading', { name: 'Regras de pagamento', level: 1 }).waitFor();
      await page.getByText('Nenhuma regra cadastrada.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Incluir regra' }).click();
      const form = modal();
      await form.getByRole('heading', { name: 'Incluir regra de pagamento' }).waitFor();
      const text = (await form.textContent()) ?? '';
      expect(text).not.toContain('(padrão)');
      // Words first, the CRM's code as a detail next to each choice.
      const tipo = form.getByRole('group', { name: 'Tipo' });
      expect(await tipo.getByRole('radio', { name: /Desconto/ }).isChecked()).toBe(true);
      expect(await tipo.locator('.rules-code').allTextContents()).toEqual([' (D)', ' (A)']);
      const when = form.getByRole('group', { name: 'Quando se aplica' });
      expect(await when.getByRole('radio', { name: /Pago até o vencimento/ }).isChecked()).toBe(true);
      expect(await when.textContent()).toContain('Pago até o vencimento (AOV)');
      await form.getByRole('group', { name: 'Cálculo' }).getByText('Percentual').waitFor();
      // Fields the options do not use are hidden: no days for "até o vencimento", no compound choice for "uma vez".
      expect(await form.locator('input[name=dias]').count()).toBe(0);
      expect(await form.getByRole('group', { name: 'Juros por dia' }).count()).toBe(0);
      expect(await form.locator('input[name=valor_fixo_centavos]').count()).toBe(0);

      await form.getByLabel('Descrição').fill('Desconto pontualidade');
      // Keyboard: the window group is a radio group the arrows move through.
      await when.getByRole('radio', { name: /Pago até o vencimento/ }).focus();
      await page.keyboard.press('ArrowDown');
      expect(await when.getByRole('radio', { name: /Pago com pelo menos N dias de antecedência/ }).isChecked()).toBe(true);
      const dias = form.getByLabel('Dias de antecedência (N)');
      expect(await dias.inputValue()).toBe('1');
      await dias.fill('5');
      // A wrong percentage is refused next to its field, in Portuguese, once the clerk leaves it.
      const percent = form.getByLabel('Percentual (%)');
      await percent.fill('150');
      await percent.blur();
      await expect
        .poll(() => form.locator('[data-field=percentual] .field-error').textContent(), POLL)
        .toContain('informe um percentual de 0 a 100');
      expect(await percent.getAttribute('aria-invalid')).toBe('true');
      await form.getByText('Preencha os campos destacados para ver a pré-visualização.').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await percent.fill('5');
      expect(await form.locator('[data-field=percentual] .field-error').count()).toBe(0);

      // ---- the preview: R$ 1.000,00 due in 30 days, paid 10 days early, on the due date, 5 and 30 days late
      const row = (n: number) => form.locator(`.rules-preview-table tbody tr`).nth(n);
      await expect.poll(() => row(0).textContent(), POLL).toContain('R$ 950,00');
      const rows = await form.locator('.rules-preview-table tbody tr').allTextContents();
      expect(rows).toEqual([
        `${brDay(20)}10 dias antes do vencimento− R$ 50,00R$ 950,00`,
        `${brDay(30)}no vencimentonão se aplicaR$ 1.000,00`,
        `${brDay(35)}5 dias após o vencimentonão se aplicaR$ 1.000,00`,
        `${brDay(60)}30 dias após o vencimentonão se aplicaR$ 1.000,00`,
      ]);
      expect(await form.locator('.rules-words').textContent()).toContain(
        `Até ${brDay(25)} (5 dias antes do vencimento): desconto de 5,00% (R$ 50,00).`,
      );
      await form.getByLabel('Valor do exemplo (R$)').fill('2.000,00');
      await expect.poll(() => row(0).textContent(), POLL).toContain('R$ 1.900,00');
      // Enter in an example field updates the example only: the rule is not saved by it.
      await form.getByLabel('Valor do exemplo (R$)').press('Enter');
      await form.getByLabel('Valor do exemplo (R$)').fill('1.000,00');
      await expect.poll(() => row(0).textContent(), POLL).toContain('R$ 950,00');
      expect(await form.isVisible()).toBe(true);
      expect((await call('GET', '/v1/payment-rules')).data).toEqual([]);
      await form.getByLabel('Valor do exemplo (R$)').fill('2.000,00');
      await expect.poll(() => row(0).textContent(), POLL).toContain('R$ 1.900,00');
      expect(await axeViolations(page)).toEqual([]);
      await shot('form-preview');
      await form.getByRole('button', { name: 'Salvar' }).click();

      // ---- "Aplicar a" opens for the new rule: attach it to the customer (and to a second one, then detach that)
      const links = modal();
      await links.getByRole('heading', { name: 'Aplicar a regra “Desconto pontualidade”' }).waitFor();
      await links.getByText('Em nenhum lugar: a regra ainda não vale para nenhuma cobrança.').waitFor();
      // Applying without choosing says what is missing, next to the field.
      await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
      await links.locator('.field-error').getByText('escolha o cliente').waitFor();
      const attachTo = async (name: string) => {
        await links.locator('input[name=rules_customer]').fill(name);
        await links.locator('.options button', { hasText: name }).click();
        await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
        await links.locator('table.rules-links').getByText(`Cliente: ${name}`, { exact: false }).waitFor();
      };
      await attachTo('Joana Associada');
      await attachTo('Pedro Terceiro');
      expect(await axeViolations(page)).toEqual([]);
      page.once('dialog', (dlg) => void dlg.accept());
      await links.getByRole('button', { name: /Remover: Cliente: Pedro Terceiro/ }).click();
      await expect.poll(() => links.locator('table.rules-links tbody tr').count(), POLL).toBe(1);
      expect(await links.locator('table.rules-links').textContent()).toContain(`Cliente: Joana Associada (nº ${customer.number})`);
      // A contract: the customer first, then one of its contracts. A service: from the list.
      await links.getByLabel('Aplicar a').selectOption('contract');
      expect(await links.locator('select[name=contract_id]').isDisabled()).toBe(true);
      await links.locator('input[name=rules_customer]').fill('Joana');
      await links.locator('.options button', { hasText: 'Joana Associada' }).click();
      await links.locator('select[name=contract_id]').selectOption({ label: `Contrato nº ${contract.number} — Internet Fibra` });
      await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
      await links.locator('table.rules-links').getByText(`Contrato nº ${contract.number} de Joana Associada`).waitFor();
      await links.getByLabel('Aplicar a').selectOption('service');
      await links.locator('select[name=service_id]').selectOption({ label: 'Internet Fibra (INTERNET)' });
      await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
      await links.locator('table.rules-links').getByText('Serviço: Internet Fibra (INTERNET)').waitFor();
      // Twice on the same target: said next to the field.
      await links.locator('select[name=service_id]').selectOption({ label: 'Internet Fibra (INTERNET)' });
      await links.getByRole('button', { name: 'Aplicar', exact: true }).click();
      await links.locator('.field-error').getByText('a regra já se aplica aqui').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await shot('aplicar-a');
      await links.getByRole('button', { name: 'Concluir' }).click();
      const listed = page.locator('tr[data-rule="Desconto pontualidade"]');
      await expect.poll(() => listed.textContent(), POLL).toContain('1 cliente, 1 contrato, 1 serviço');
      await shot('lista');
      expect(await listed.textContent()).toContain('Desconto de 5% do saldo em aberto, se pago com pelo menos 5 dias de antecedência.');

      // What was stored is the CRM's record, and it now governs the customer's charges.
      const effective = await call('GET', `/v1/customers/${customer.id}/payment-rules`);
      expect(effective.data).toHaveLength(1);
      expect(effective.data[0]).toMatchObject({
        level: 'customer',
        rule: {
          descricao: 'Desconto pontualidade',
          acrescimo_desconto: 'D',
          tipo_prazo_pagamento: 'ADV',
          dias: 5,
          tipo_calculo_valor: 'N',
          percentual: '5',
        },
      });
      expect((await call('GET', `/v1/customers/${other.id}/payment-rules`)).data).toEqual([]);

      // ---- Multa e juros: the company's policy, with its worked example
      await go('/configuracoes/multa-e-juros');
      await page.getByRole('heading', { name: 'Multa e juros', level: 1 }).waitFor();
      await page.getByText('Nenhuma política definida: cobranças pagas em atraso não têm multa nem juros.').waitFor();
      await page.getByLabel('Multa (%)').fill('2');
      await page.getByLabel('Juros ao mês (%)').fill('1');
      await page.getByText('Equivale a 0,0333% ao dia').waitFor();
      const example = page.locator('[data-example]');
      await expect
        .poll(() => example.textContent(), POLL)
        .toBe('Uma cobrança de R$ 1.000,00 paga 10 dias após o vencimento: multa R$ 20,00, juros R$ 3,33, total R$ 1.023,33.');
      // A consumer's fine is capped at 2 % whatever the policy says: try 10 %.
      await page.getByLabel('Multa (%)').fill('10');
      await page.getByLabel('Cliente pessoa física (consumidor)').check();
      await expect.poll(() => example.textContent(), POLL).toContain('multa R$ 20,00, juros R$ 3,33, total R$ 1.023,33');
      await page.getByLabel('Cliente pessoa física (consumidor)').uncheck();
      await expect.poll(() => example.textContent(), POLL).toContain('multa R$ 100,00');
      await page.getByLabel('Multa (%)').fill('2');
      await page.getByLabel('Carência (dias)').fill('x');
      await page.getByLabel('Carência (dias)').blur();
      await page.locator('[data-field=grace_days] .field-error').getByText('informe de 0 a 3650 dias').waitFor();
      await page.getByLabel('Carência (dias)').fill('0');
      // "Não receber após": printed on the boleto and used as the cobv's validity.
      await page.getByLabel('Não receber após (dias do vencimento)').fill('30');
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Salvar política da empresa' }).click();
      await expect
        .poll(() => page.locator('[data-current-policy]').textContent(), POLL)
        .toBe('Multa de 2% e juros de 1% ao mês (simples, pro rata por dia). Não receber após 30 dias do vencimento.');
      expect((await call('GET', '/v1/late-charge-policy')).policy).toEqual({
        fine: { kind: 'percent', value: '2', cap_percent: null },
        interest: { monthly_percent: '1', compound: false },
        grace_days: 0,
        accept_days_after_due: 30,
      });

      // A customer with its own policy is listed (set through the API here; the customer page has the form).
      await call('PUT', `/v1/customers/${customer.id}/late-charge-policy`, { fine: { kind: 'fixed', value: 500 }, grace_days: 3 });
      await go('/configuracoes/regras-de-pagamento');
      await go('/configuracoes/multa-e-juros');
      const own = page.locator('tr[data-own-policy=customer]');
      await expect.poll(() => own.textContent(), POLL).toContain(`Joana Associada (nº ${customer.number})`);
      expect(await own.textContent()).toContain('Multa de R$ 5,00 e sem juros, com carência de 3 dias.');
      expect(await axeViolations(page)).toEqual([]);
      await shot('multa-e-juros');

      // ---- <EffectiveRules> on a customer: the rules that apply and from where, attach/detach here, its own multa e juros
      const surcharge = await call('POST', '/v1/payment-rules', {
        descricao: 'Taxa de atraso',
        acrescimo_desconto: 'A',
        tipo_calculo_valor: 'V',
        valor_fixo_centavos: 500,
        tipo_prazo_pagamento: 'DPV',
      });
      // The panel lives on the customer's "Regras e multa" tab, on the contract page and behind a
      // service's "Regras" button.
      const openRules = async (type: 'customer' | 'contract' | 'service', id: string) => {
        if (type === 'customer') await go(`/clientes/${id}?aba=regras`);
        else if (type === 'contract') await go(`/clientes/${customer.id}/contratos/${id}`);
        else {
          await go('/servicos');
          await page.getByRole('button', { name: 'Regras de pagamento do serviço Internet Fibra' }).click();
        }
      };
      await openRules('customer', customer.id);
      const panel = page.locator('[data-effective-rules=customer]');
      const effectiveRow = (name: string) => panel.locator(`table[data-effective] tr[data-rule="${name}"]`);
      await expect.poll(() => effectiveRow('Desconto pontualidade').textContent(), POLL).toContain('Aplicada a este cliente');
      // The panel's lists load apart: wait for each.
      await expect.poll(() => panel.locator('table[data-here] tr[data-rule="Desconto pontualidade"]').count(), POLL).toBe(1);
      const lateText = panel.locator('[data-effective-late]');
      await expect
        .poll(() => lateText.textContent(), POLL)
        .toBe('Multa de R$ 5,00 e sem juros, com carência de 3 dias. (política do cliente)');
      expect(await axeViolations(page)).toEqual([]);
      await shot('cliente-regras');
      await panel
        .getByLabel('Aplicar uma regra aqui')
        .selectOption({ label: `Taxa de atraso — Acréscimo de R$ 5,00, se pago após o vencimento.` });
      await panel.getByRole('button', { name: 'Aplicar aqui' }).click();
      await expect.poll(() => effectiveRow('Taxa de atraso').textContent(), POLL).toContain('Aplicada a este cliente');
      expect(
        (await call('GET', `/v1/customers/${customer.id}/payment-rules`)).data.map((e: { rule: { id: string } }) => e.rule.id),
      ).toContain(surcharge.id);
      page.once('dialog', (dlg) => void dlg.accept());
      await panel.getByRole('button', { name: 'Remover daqui: Taxa de atraso' }).click();
      await expect.poll(() => effectiveRow('Taxa de atraso').count(), POLL).toBe(0);
      // Its own multa e juros: change it, then remove it to inherit the company's again.
      await panel.getByRole('button', { name: 'Alterar multa e juros próprios' }).click();
      const lateForm = modal();
      await lateForm.getByRole('heading', { name: 'Multa e juros deste cliente' }).waitFor();
      await lateForm.getByRole('radio', { name: 'Percentual do saldo em aberto' }).check();
      await lateForm.getByLabel('Multa (%)').fill('1');
      await lateForm.getByRole('radio', { name: /Juros simples/ }).check();
      await lateForm.getByLabel('Juros ao mês (%)').fill('0,5');
      await expect
        .poll(() => lateForm.locator('[data-example]').textContent(), POLL)
        .toBe('Uma cobrança de R$ 1.000,00 paga 10 dias após o vencimento: multa R$ 10,00, juros R$ 1,67, total R$ 1.011,67.');
      expect(await axeViolations(page)).toEqual([]);
      await lateForm.getByRole('button', { name: 'Salvar' }).click();
      await expect
        .poll(() => lateText.textContent(), POLL)
        .toBe('Multa de 1% e juros de 0,5% ao mês (simples, pro rata por dia), com carência de 3 dias. (política do cliente)');
      expect((await call('GET', `/v1/customers/${customer.id}/late-charge-policy`)).policy).toEqual({
        fine: { kind: 'percent', value: '1', cap_percent: null },
        interest: { monthly_percent: '0.5', compound: false },
        grace_days: 3,
        accept_days_after_due: null,
      });
      await panel.getByRole('button', { name: 'Alterar multa e juros próprios' }).click();
      page.once('dialog', (dlg) => void dlg.accept());
      await modal().getByRole('button', { name: 'Remover política própria' }).click();
      await expect
        .poll(() => lateText.textContent(), POLL)
        .toBe(
          'Multa de 2% e juros de 1% ao mês (simples, pro rata por dia). Não receber após 30 dias do vencimento. (política padrão da empresa)',
        );
      await panel.getByText('Este cliente não tem política própria: vale a padrão da empresa.').waitFor();

      // … on the contract: attached to the contract itself, then, once removed there, through its customer.
      await openRules('contract', contract.id);
      const kPanel = page.locator('[data-effective-rules=contract]');
      const kRow = kPanel.locator('table[data-effective] tr[data-rule="Desconto pontualidade"]');
      await expect.poll(() => kRow.textContent(), POLL).toContain('Aplicada a este contrato');
      expect(await axeViolations(page)).toEqual([]);
      page.once('dialog', (dlg) => void dlg.accept());
      await kPanel.getByRole('button', { name: 'Remover daqui: Desconto pontualidade' }).click();
      await expect.poll(() => kRow.textContent(), POLL).toContain('Aplicada ao cliente do contrato');
      await kPanel.getByText('Nenhuma regra aplicada diretamente aqui.').waitFor();

      // … on the service: its rules for a third party or an associate; multa e juros are the company's.
      await openRules('service', service.id);
      const sPanel = page.locator('[data-effective-rules=service]');
      await expect
        .poll(() => sPanel.locator('table[data-effective] tr[data-rule="Desconto pontualidade"]').textContent(), POLL)
        .toContain('Aplicada a este serviço');
      await expect
        .poll(() => sPanel.locator('[data-effective-late]').textContent(), POLL)
        .toBe(
          'Multa de 2% e juros de 1% ao mês (simples, pro rata por dia). Não receber após 30 dias do vencimento. (política padrão da empresa)',
        );
      await page.setViewportSize(PHONE_VIEWPORT);
      expect(await axeViolations(page)).toEqual([]);
      await openRules('customer', customer.id);
      await panel.getByRole('button', { name: 'Definir multa e juros próprios' }).click();
      await modal().getByLabel('Multa (%)').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await modal().getByRole('button', { name: 'Fechar' }).click();
      await page.setViewportSize({ width: 1360, height: 900 });
      await page.goto(base + '/');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- phone: the same screens, no violation
      await page.setViewportSize(PHONE_VIEWPORT);
      expect(await axeViolations(page)).toEqual([]);
      await go('/configuracoes/regras-de-pagamento');
      await page.locator('tr[data-rule="Desconto pontualidade"]').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Editar a regra Desconto pontualidade' }).click();
      await modal().getByLabel('Percentual (%)').waitFor();
      expect(await modal().getByLabel('Dias de antecedência (N)').inputValue()).toBe('5');
      await expect.poll(() => modal().locator('.rules-preview-table tbody tr').first().textContent(), POLL).toContain('R$ 950,00');
      expect(await axeViolations(page)).toEqual([]);
      await shot('form-celular');
      // No sideways scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      // An edit that switches the calculation to a fixed amount: the percentage is cleared, the preview follows.
      await modal()
        .getByRole('group', { name: 'Cálculo' })
        .getByRole('radio', { name: /Valor fixo/ })
        .check();
      expect(await modal().getByLabel('Percentual (%)').count()).toBe(0);
      await modal().getByLabel('Valor (R$)').fill('30,00');
      await expect.poll(() => modal().locator('.rules-preview-table tbody tr').first().textContent(), POLL).toContain('R$ 970,00');
      await modal()
        .getByRole('group', { name: 'Clientes' })
        .getByRole('radio', { name: /Somente associados/ })
        .check();
      await modal().getByText('Exemplo para um cliente associado.').waitFor();
      await modal().getByRole('button', { name: 'Salvar' }).click();
      await expect
        .poll(() => page.locator('tr[data-rule="Desconto pontualidade"]').textContent(), POLL)
        .toContain('Desconto de R$ 30,00, se pago com pelo menos 5 dias de antecedência (somente associados).');
      const stored = (await call('GET', '/v1/payment-rules', undefined)).data.find(
        (r: { descricao: string }) => r.descricao === 'Desconto pontualidade',
      );
      expect(stored).toMatchObject({
        descricao: 'Desconto pontualidade',
        tipo_calculo_valor: 'V',
        percentual: null,
        valor_fixo_centavos: 3000,
        tipo_pessoa: 'A',
        dias: 5,
      });
      await page.getByRole('button', { name: 'Aplicar a regra Desconto pontualidade' }).click();
      await modal().locator('table.rules-links').getByText('Cliente: Joana Associada', { exact: false }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1360, height: 900 });
    },
  );
});
