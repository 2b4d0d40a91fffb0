// End-to-end in Chromium (issue 16, points 5, 7 and 10's tiered pricing): the customer form checks
// CPF, CEP and UF as the clerk types (with the expected check digits); "Contratar Serviços" ticks
// exactly the service clicked; contract items carry their own quantity, price, description and the
// contract its end date; an item its own end ("Término do item", checked in the form against the
// contract's start and the current period) and the contract its collection account ("Conta de
// cobrança", then back to the default); a per-unit item reads "por m³ conforme consumo"; a service priced by faixas
// is created in the form. axe-core finds nothing on these screens, at desktop and phone sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, br, d, testNow } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the forms console test in a browser', ['chromium']);
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
let context: BrowserContext;
let page: Page;
let base: string;
const seed = Date.now() % 1_000_000;
const email = `forms-e2e-${seed}@example.com`;
const password = 'forms-e2e-123';

const modal = () => page.locator('.modal');
const api = async (method: string, url: string, body?: unknown) => {
  const res = await t.call(tenant.live, method, url, body);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};
/** What the error of a field says (the message tied to its input by aria-describedby). */
const describedBy = (selector: string) =>
  page.evaluate((sel) => {
    const input = document.querySelector(sel);
    const ids = (input?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    return {
      invalid: input?.getAttribute('aria-invalid') ?? null,
      text: ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' '),
    };
  }, selector);

async function expectNoViolations(where: string): Promise<void> {
  expect(await axeViolations(page), where).toEqual([]);
}

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Formulários ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Clara Financeiro' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('forms in the console', () => {
  it.skipIf(!tools.has('chromium'))('validation as typed, Contratar Serviços, contract items and faixas', async () => {
    // Two services through the API; the third, priced by faixas, through the form below.
    await api('POST', '/v1/services', { code: 'LICENCA', name: 'Licença ERP', unit: 'licença', pricing_model: 'flat', price_cents: 9990 });
    await api('POST', '/v1/services', { code: 'AGUA', name: 'Água', unit: 'm³', pricing_model: 'per_unit', price_cents: 500 });
    // Two collection accounts: the first is the default, so "Conta de cobrança" offers a choice.
    const beneficiary = {
      beneficiary_name: 'Empresa Formulários Ltda',
      beneficiary_document: '11.222.333/0001-81',
      beneficiary_address: {
        street: 'Rua João Pessoa',
        number: '17',
        district: 'Centro',
        city: 'Garibaldi',
        state: 'RS',
        postal_code: '95720-000',
      },
    };
    await api('POST', '/v1/collection-accounts', {
      label: 'Banco do Brasil',
      bank_code: '001',
      convenio: '1234567',
      carteira: '17',
      agency: '1234',
      account: '99999',
      ...beneficiary,
    });
    const itau = await api('POST', '/v1/collection-accounts', {
      label: 'Itaú principal',
      bank_code: '341',
      agency: '0057',
      account: '12345',
      carteira: '109',
      account_digit: '7',
      ...beneficiary,
    });

    await page.goto(base + '/');
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.getByRole('heading', { name: 'Painel' }).waitFor();

    // ---- Cadastro → Serviços: a service priced by "Faixas progressivas"
    await navigate(page, '/servicos');
    await page.getByRole('button', { name: 'Incluir+' }).click();
    await modal().locator('input[name=code]').fill('ENERGIA');
    await modal().locator('input[name=name]').fill('Energia elétrica');
    await modal().locator('input[name=unit]').fill('kWh');
    await modal().locator('select[name=pricing_model]').selectOption('tiered');
    await modal().locator('input[name="tiers[0].up_to"]').fill('100');
    await modal().locator('input[name="tiers[0].unit_price_cents"]').fill('0,50');
    await modal().locator('input[name="tiers[1].unit_price_cents"]').fill('0,40');
    await modal().getByRole('button', { name: 'Incluir faixa' }).click();
    await modal().locator('input[name="tiers[1].up_to"]').fill('50'); // below the first faixa's limit
    await modal().locator('input[name="tiers[2].unit_price_cents"]').fill('0,30');
    await modal().locator('input[name="tiers[2].flat_fee_cents"]').fill('10,00');
    await expectNoViolations('service form with faixas');
    await modal().getByRole('button', { name: 'Salvar' }).click();
    await expect
      .poll(() => describedBy('.modal input[name="tiers[1].up_to"]'), POLL)
      .toEqual({ invalid: 'true', text: 'Cada faixa termina acima da anterior: "Até" deve ser maior que 100.' });
    await expectNoViolations('service form with a faixa error');
    await modal().locator('input[name="tiers[1].up_to"]').fill('500');
    // 150 kWh: 100 × 0,50 + 50 × 0,40 = R$ 70,00 (the third faixa and its fee are not reached).
    await expect.poll(() => modal().locator('[data-simulation]').textContent(), POLL).toBe('= R$ 70,00');
    await modal().getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('cell', { name: 'ENERGIA', exact: true }).waitFor();
    const energia = (await api('GET', '/v1/services?q=ENERGIA')).data[0];
    expect(energia).toMatchObject({
      pricing_model: 'tiered',
      tiers: [
        { up_to: '100', unit_price_cents: '50', flat_fee_cents: 0 },
        { up_to: '500', unit_price_cents: '40', flat_fee_cents: 0 },
        { up_to: null, unit_price_cents: '30', flat_fee_cents: 1000 },
      ],
    });
    // Editing shows the faixas back.
    await page.locator('tr', { hasText: 'ENERGIA' }).getByRole('button', { name: 'Editar' }).click();
    expect(await modal().locator('input[name="tiers[1].up_to"]').inputValue()).toBe('500');
    expect(await modal().locator('input[name="tiers[2].flat_fee_cents"]').inputValue()).toBe('10,00');
    await modal().getByRole('button', { name: 'Fechar' }).click();

    // ---- Clientes → Incluir+: a CPF with a wrong check digit, a CEP of another UF, as typed
    await navigate(page, '/clientes/novo');
    await page.locator('select[name=person_type]').selectOption('PF');
    await page.fill('input[name=name]', 'Maria da Silva');
    await page.locator('input[name=document]').pressSequentially('111.444.777-36');
    await expect
      .poll(() => describedBy('input[name=document]'), POLL)
      .toEqual({
        invalid: 'true',
        text: 'CPF inválido: os dígitos verificadores deveriam ser 35 (111.444.777-35), não 36. Confira os números digitados.',
      });
    await page.locator('input[name=postal_code]').pressSequentially('01310-100');
    await page.fill('input[name=street]', 'Avenida Paulista');
    await page.fill('input[name=number]', '1000');
    await page.fill('input[name=city]', 'São Paulo');
    await page.locator('input[name=state]').pressSequentially('rj');
    await expect
      .poll(() => describedBy('input[name=state]'), POLL)
      .toEqual({ invalid: 'true', text: expect.stringContaining('A UF não confere com o CEP: o CEP 01310-100 é de SP, não de RJ') });
    await page.locator('input[name=phone]').fill('(20) 3462-1234');
    await page.locator('input[name=email]').focus(); // leaving the phone shows its message
    await expect
      .poll(() => describedBy('input[name=phone]'), POLL)
      .toMatchObject({ invalid: 'true', text: 'Telefone: 20 não é um DDD do Brasil.' });
    await expectNoViolations('customer form with errors');
    // Saving with errors sends nothing and names the fields.
    await page.getByRole('button', { name: 'Salvar' }).click();
    await expect.poll(() => page.locator('.error-box').textContent(), POLL).toContain('Corrija os campos CPF, Telefone, UF');
    await page.fill('input[name=document]', cpfFrom(seed));
    await page.fill('input[name=state]', 'SP');
    await page.fill('input[name=phone]', '(11) 3462-1234');
    await expect.poll(() => page.locator('[aria-invalid=true]').count(), POLL).toBe(0);
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: /Maria da Silva/ }).waitFor();
    const customerId = page.url().split('/clientes/')[1].split(/[?/]/)[0];

    // ---- Contratos → Contratar Serviços: three services, a click ticks exactly the one clicked
    await page.getByRole('tab', { name: 'Contratos' }).click();
    await page.getByRole('button', { name: 'Contratar Serviços' }).click();
    const rows = modal().locator('tr.forms-service-row');
    await expect.poll(() => rows.count(), POLL).toBe(3);
    const checked = () =>
      modal()
        .locator('tr.forms-service-row input[type=checkbox]:checked')
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name).sort());
    // A click on the price cell of each row, then on a service's name: only that row's box changes.
    for (const code of ['AGUA', 'LICENCA', 'ENERGIA']) {
      await modal().locator(`tr[data-service=${code}] td`).nth(2).click();
      await expect.poll(checked, POLL).toEqual([`service-${code}`]);
      await modal().locator(`tr[data-service=${code}] td`).nth(2).click();
      await expect.poll(checked, POLL).toEqual([]);
    }
    await modal().locator('label', { hasText: 'Licença ERP' }).click();
    await expect.poll(checked, POLL).toEqual(['service-LICENCA']);
    await modal().locator('tr[data-service=AGUA] td').nth(1).click();
    await expect.poll(checked, POLL).toEqual(['service-AGUA', 'service-LICENCA']);
    // A usage service shows its unit price "conforme consumo", never "1 m³".
    expect(await modal().locator('tr[data-service=AGUA]').textContent()).toContain('R$ 5,00 por m³ conforme consumo');
    expect(await modal().textContent()).not.toMatch(/\b1 m³/);
    // Items in the order ticked: items[0] LICENCA (flat: quantity, own price), items[1] AGUA (own price per m³).
    await modal().locator('input[name="items[0].quantity"]').fill('3');
    await modal().locator('input[name="items[0].price_override_cents"]').fill('89,90');
    await modal().locator('input[name="items[0].description"]').fill('Licenças do escritório');
    await modal().locator('input[name="items[1].price_override_cents"]').fill('4,5');
    expect(await modal().locator('input[name="items[1].quantity"]').count()).toBe(0);
    await modal().locator('input[name=start_date]').fill(br('23/11/2026'));
    await modal().locator('input[name=end_date]').fill(br('22/11/2027'));
    // Término do item before the contract starts: refused in the form, saying why.
    await modal().locator('input[name="items[1].ends_on"]').fill(br('22/11/2026'));
    await modal().getByRole('button', { name: 'Contratar' }).click();
    await expect
      .poll(() => describedBy('.modal input[name="items[1].ends_on"]'), POLL)
      .toEqual({ invalid: 'true', text: `O término do item não pode ser antes de ${br('23/11/2026')} (o início do contrato).` });
    await expect.poll(() => page.locator('.error-box').textContent(), POLL).toContain('Término de Água');
    await expectNoViolations('Contratar Serviços with an item end error');
    await modal().locator('input[name="items[1].ends_on"]').fill(br('31/05/2027'));
    const accountOptions = await modal().locator('select[name=collection_account_id] option').allTextContents();
    expect(accountOptions[0]).toContain('Conta padrão da empresa (Banco do Brasil');
    expect(accountOptions).toHaveLength(3);
    await modal().locator('select[name=collection_account_id]').selectOption(itau.id);
    await expectNoViolations('Contratar Serviços');
    await modal().getByRole('button', { name: 'Contratar' }).click();
    await page.getByRole('heading', { name: /Contrato nº/ }).waitFor();
    const contractId = page.url().split('/contratos/')[1];
    const contract = await api('GET', `/v1/contracts/${contractId}`);
    expect(contract.end_date).toBe(d('2027-11-22'));
    expect(
      contract.items.map(
        (i: { service: { code: string }; quantity: string; price_override_cents: string | null; description: string | null }) => [
          i.service.code,
          i.quantity,
          i.price_override_cents,
          i.description,
        ],
      ),
    ).toEqual([
      ['LICENCA', '3', '8990', 'Licenças do escritório'],
      ['AGUA', '1', '450', null],
    ]);
    expect(contract.items.map((i: { ends_on: string | null }) => i.ends_on)).toEqual([null, d('2027-05-31')]);
    expect(contract.collection_account_id).toBe(itau.id);
    await expect.poll(() => page.locator('[data-fact=collection_account]').textContent(), POLL).toContain('Itaú principal');
    const licenca = page.locator('tr[data-item=LICENCA]');
    await expect.poll(() => licenca.textContent(), POLL).toContain('3 licença');
    expect(await licenca.textContent()).toContain('R$ 89,90 por período (mensal)');
    const agua = page.locator('tr[data-item=AGUA]');
    expect(await agua.textContent()).toContain('conforme consumo');
    expect(await agua.textContent()).toContain('R$ 4,50 por m³ conforme consumo');
    expect(await agua.textContent()).not.toContain('1 m³');
    expect(await agua.textContent()).toContain(`até ${br('31/05/2027')}`);
    await expectNoViolations('contract page');

    // ---- Alterar itens e término: another quantity; add ENERGIA (faixas); an earlier end date
    await page.getByRole('button', { name: 'Alterar itens e término' }).click();
    await modal().locator('input[name="items[0].quantity"]').fill('0');
    expect(await modal().locator('input[name="items[1].ends_on"]').inputValue()).toBe(br('31/05/2027'));
    await modal().locator('input[name="items[1].ends_on"]').fill(br('20/11/2026'));
    await modal().getByRole('button', { name: 'Salvar alterações' }).click();
    await expect
      .poll(() => describedBy('.modal input[name="items[0].quantity"]'), POLL)
      .toMatchObject({ invalid: 'true', text: expect.stringContaining('maior que zero') });
    expect(await describedBy('.modal input[name="items[1].ends_on"]')).toEqual({
      invalid: 'true',
      text: `O término do item não pode ser antes de ${br('23/11/2026')} (o início do contrato).`,
    });
    await modal().locator('input[name="items[0].quantity"]').fill('4');
    // AGUA now ends inside a later period (its terms unchanged: set on the item itself); the account goes back to the default.
    await modal().locator('input[name="items[1].ends_on"]').fill(br('15/01/2027'));
    expect(await modal().locator('select[name=collection_account_id]').inputValue()).toBe(itau.id);
    await modal().locator('select[name=collection_account_id]').selectOption('');
    await modal()
      .locator('select[name=add_service]')
      .selectOption({ label: 'Energia elétrica (ENERGIA) — faixas progressivas, por kWh conforme consumo' });
    await modal().getByRole('button', { name: 'Incluir', exact: true }).click();
    await modal().locator('[data-item=ENERGIA]').waitFor();
    await modal().locator('input[name=end_date]').fill(br('30/06/2027'));
    await expectNoViolations('Alterar itens e término');
    await modal().getByRole('button', { name: 'Salvar alterações' }).click();
    await expect.poll(() => modal().count(), POLL).toBe(0);
    const changed = await api('GET', `/v1/contracts/${contractId}`);
    expect(changed.end_date).toBe(d('2027-06-30'));
    expect(changed.collection_account_id).toBeNull();
    expect(
      changed.items
        .filter((i: { service: { code: string } }) => i.service.code === 'AGUA')
        .map((i: { starts_on: string | null; ends_on: string | null }) => [i.starts_on, i.ends_on]),
    ).toEqual([[null, d('2027-01-15')]]);
    await expect.poll(() => page.locator('[data-fact=collection_account]').textContent(), POLL).toBe('Conta padrão da empresa');
    await expect.poll(() => page.locator('tr[data-item=AGUA]').textContent(), POLL).toContain(`até ${br('15/01/2027')}`);
    // Running contract: the new quantity and ENERGIA start with the next period (23/12/2026).
    const next = changed.items.filter((i: { starts_on: string | null }) => i.starts_on === d('2026-12-23'));
    expect(next.map((i: { service: { code: string }; quantity: string }) => [i.service.code, i.quantity]).sort()).toEqual([
      ['ENERGIA', '1'],
      ['LICENCA', '4'],
    ]);
    await expect.poll(() => page.locator('tr[data-item=ENERGIA]').textContent(), POLL).toContain(`a partir de ${br('23/12/2026')}`);

    // ---- Phone: the same screens, still without violations
    await page.setViewportSize(PHONE_VIEWPORT);
    await expectNoViolations('contract page (phone)');
    await navigate(page, `/clientes/${customerId}?aba=contratos`);
    await page.getByRole('button', { name: 'Contratar Serviços' }).click();
    await modal().locator('tr[data-service=ENERGIA] td').first().click();
    await expect.poll(checked, POLL).toEqual(['service-ENERGIA']);
    await expectNoViolations('Contratar Serviços (phone)');
    await page.keyboard.press('Escape');
    await expect.poll(() => modal().count(), POLL).toBe(0);
    await navigate(page, '/clientes/novo');
    await page.locator('input[name=document]').pressSequentially('11.222.333/0001-18');
    await expect.poll(() => describedBy('input[name=document]'), POLL).toMatchObject({ text: expect.stringContaining('deveriam ser 81') });
    await expectNoViolations('customer form (phone)');
    await navigate(page, '/servicos');
    await page.locator('tr', { hasText: 'ENERGIA' }).getByRole('button', { name: 'Editar' }).click();
    await modal().locator('input[name="tiers[0].up_to"]').waitFor();
    await expectNoViolations('service form with faixas (phone)');
  });
});
