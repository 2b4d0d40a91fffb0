// End-to-end: collection accounts, CNAB bank files and webhooks in Chromium (playwright-core)
// against a real listening server. The clerk types a Banco do Brasil account with a wrong agency
// digit and is told the digit the bank expects before saving; edits an account that already has
// boletos (its bank agreement is read-only) and deactivates another; on Arquivos bancários previews
// the remittance (each boleto, the total, the file sequence), generates and downloads it and
// downloads it again (and later, once a sent boleto's charge is cancelled, the next file carries its
// "pedido de baixa"); uploads a CNAB 240 return file, sees per line what it will do (a payment on
// charge nº n, an unknown nosso número, a tarifa) with nothing written yet, processes it and the
// charge is paid; a malformed file is explained in pt-BR. On Webhooks the events are chosen from
// the list and "Enviar teste" reaches a local HTTP receiver. axe-core finds no violation (any
// impact) on each screen, on desktop and on the phone viewport.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { br, cnpjFrom, createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { return240 } from '../support/cnab-return.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { sendAllDue } from '../../src/webhooks/send.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt, navigate, PHONE_VIEWPORT } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the bank files console end-to-end test in a browser', ['chromium']);
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
let receiver: Server;
let receiverUrl: string;
const received: { type: string; signature: string | undefined }[] = [];
const seed = Date.now() % 1_000_000;
const email = `bankfiles-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const dir = mkdtempSync(join(tmpdir(), 'cobre-bankfiles-'));

const go = (path: string) => navigate(page, path);
const modal = () => page.locator('.modal');
const noViolations = async () => expect(await axeViolations(page)).toEqual([]);

// The webhook sender, as `cobre worker` runs it, polling in this process for the whole test.
let senderRunning = false;
let senderLoop: Promise<void> | null = null;
const senderErrors: unknown[] = [];

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Arquivos ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Bia Tesouraria' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({
        type: (JSON.parse(body) as { type: string }).type,
        signature: req.headers['cobre-webhook-signature'] as string | undefined,
      });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('recebido');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cobre`;
  senderRunning = true;
  senderLoop = (async () => {
    while (senderRunning) {
      let n = 0;
      try {
        n = (await sendAllDue(t.db, { now: () => t.clock.now(), timeoutMs: HANG_MS })).attempted;
      } catch (err) {
        senderErrors.push(err);
      }
      if (n === 0) await new Promise((r) => setTimeout(r, 100));
    }
  })();
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({
    acceptDownloads: true,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport: { width: 1360, height: 900 },
  });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(Number(process.env.BANKFILES_E2E_TIMEOUT_MS) || HANG_MS);
});

afterAll(async () => {
  senderRunning = false;
  await senderLoop;
  await browser?.close();
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});

describe('bank files console end to end', () => {
  it.skipIf(!tools.has('chromium'))(
    'accounts edited and deactivated with digits checked as typed, a remittance previewed and downloaded, a return previewed and processed, webhook events and a test delivery',
    async () => {
      const call = async (method: string, path: string, payload?: unknown) => {
        const r = await t.call(tenant.live, method, path, payload);
        expect(r.statusCode, r.body).toBeLessThan(300);
        return r.json();
      };
      const itau = await call('POST', '/v1/collection-accounts', {
        bank_code: '341',
        agency: '0057',
        account: '12345',
        carteira: '109',
        account_digit: '7',
        is_default: true,
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
      const charges = [];
      for (const amount of [15_000, 7_550]) {
        const c = await call('POST', '/v1/charges', {
          customer_id: customer.id,
          amount_cents: amount,
          due_date: d('2026-12-10'),
          description: 'Mensalidade',
        });
        charges.push({ charge: c, boleto: await call('POST', `/v1/charges/${c.id}/boleto`) });
      }

      // ---- login
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- Contas de cobrança: a Banco do Brasil account; the wrong agency digit is caught as typed
      await go('/configuracoes/contas-de-cobranca');
      await page.locator(`tr[data-account="${itau.number}"]`).waitFor();
      await noViolations();
      await page.getByRole('button', { name: 'Incluir+' }).click();
      await modal().locator('select[name=bank_code]').selectOption('001');
      await modal().getByLabel('Convênio', { exact: true }).fill('1234');
      await modal().getByLabel('Carteira', { exact: true }).fill('17');
      await modal().getByLabel('Agência', { exact: true }).fill('1584');
      await modal().getByLabel('Dígito da agência').fill('1');
      await modal().getByLabel('Conta', { exact: true }).fill('00210169');
      await modal().getByLabel('Dígito da conta').fill('6');
      const agencyDigit = modal().getByLabel('Dígito da agência');
      await modal().getByText('Dígito da agência deveria ser 9 para esta agência e conta.').waitFor();
      expect(await agencyDigit.getAttribute('aria-invalid')).toBe('true');
      expect(await modal().locator('[data-field=account_digit] .field-error').count()).toBe(0);
      await noViolations();
      await agencyDigit.fill('9');
      await modal().getByText('Dígito da agência deveria ser 9 para esta agência e conta.').waitFor({ state: 'detached' });
      await modal().getByLabel('Beneficiário (razão social)').fill(`Empresa BB ${seed} Ltda`);
      await modal()
        .getByLabel('CNPJ/CPF do beneficiário')
        .fill(cnpjFrom(seed + 11));
      await modal().getByLabel('Logradouro').fill('Av. Brasil');
      await modal().getByLabel('Número').fill('100');
      await modal().getByLabel('Cidade').fill('Porto Alegre');
      await modal().getByLabel('UF').fill('RS');
      await modal().getByLabel('CEP').fill('90000-000');
      await modal().getByRole('button', { name: 'Salvar' }).click();
      await page.getByRole('cell', { name: /^001 — / }).waitFor();
      const bb = (
        (await call('GET', '/v1/collection-accounts')).data as { bank_code: string; number: number; id: string; agency_digit: string }[]
      ).find((a) => a.bank_code === '001')!;
      expect(bb.agency_digit).toBe('9');

      // ---- Editar the Itaú account: boletos exist, so its bank agreement is read-only; the label changes
      await page.getByRole('button', { name: `Editar a conta nº ${itau.number}` }).click();
      await modal()
        .getByText(/Já foram emitidos 2 boleto\(s\) nesta conta/)
        .waitFor();
      expect(await modal().locator('input[name=agency]').getAttribute('readonly')).not.toBeNull();
      expect(await modal().locator('select[name=bank_code]').isDisabled()).toBe(true);
      await noViolations();
      await modal().getByLabel('Descrição').fill('Itaú principal');
      await modal().getByRole('button', { name: 'Salvar' }).click();
      await page.getByText(`Conta de cobrança nº ${itau.number} alterada.`).waitFor();
      await page.locator(`tr[data-account="${itau.number}"]`).getByText('(Itaú principal)').waitFor();

      // ---- Desativar the Banco do Brasil account (confirmed): it shows Inativa and the API agrees
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: `Desativar a conta nº ${bb.number}` }).click();
      await expect.poll(() => page.locator(`tr[data-account="${bb.number}"] .badge`).textContent(), POLL).toBe('Inativa');
      expect((await call('GET', `/v1/collection-accounts/${bb.id}`)).active).toBe(false);
      await page.getByRole('button', { name: `Reativar a conta nº ${bb.number}` }).waitFor();
      await noViolations();
      await page.setViewportSize(PHONE_VIEWPORT);
      await noViolations();
      await page.setViewportSize({ width: 1360, height: 900 });

      // ---- Arquivos bancários: the remittance preview, then generate and download
      await go('/arquivos-bancarios');
      await page.getByRole('heading', { name: 'Arquivos bancários (CNAB)' }).waitFor();
      expect(await page.getByLabel('Conta de cobrança').inputValue()).toBe(itau.id);
      await page.getByText('Nenhuma remessa gerada nesta conta.').waitFor();
      await noViolations();
      await page.getByRole('button', { name: 'Gerar remessa' }).click();
      const preview = page.getByRole('region', { name: 'Prévia da remessa' });
      await preview.getByText('R$ 225,50').waitFor();
      for (const c of charges) await preview.getByRole('cell', { name: c.boleto.nosso_numero, exact: true }).waitFor();
      await preview.getByText(`remessa-341-${itau.number}-000001.rem`).waitFor();
      expect(await preview.getByRole('cell', { name: '01 — Entrada de Títulos' }).count()).toBe(2);
      expect((await call('GET', `/v1/collection-accounts/${itau.id}/remittances`)).data).toEqual([]);
      await noViolations();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        preview.getByRole('button', { name: 'Gerar e baixar arquivo' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`remessa-341-${itau.number}-000001.rem`);
      const remessa = readFileSync((await download.path())!, 'latin1');
      const lines = remessa.split('\r\n').filter(Boolean);
      expect(lines).toHaveLength(2 * 3 + 4);
      expect(lines.every((l) => l.length === 240 && l.startsWith('341'))).toBe(true);
      await page
        .getByRole('status')
        .getByText(/Remessa remessa-341-\d+-000001\.rem gerada \(sequência 1: 2 boleto\(s\) novo\(s\)\)/)
        .waitFor();
      const remRow = page.locator('table.grid tr', { hasText: `remessa-341-${itau.number}-000001.rem` });
      await remRow.waitFor();
      const [again] = await Promise.all([page.waitForEvent('download'), remRow.getByRole('button', { name: /Baixar de novo/ }).click()]);
      expect(readFileSync((await again.path())!, 'latin1')).toBe(remessa);
      // Nothing waits any more: a second "Gerar remessa" says so in pt-BR.
      await page.getByRole('button', { name: 'Gerar remessa' }).click();
      await page
        .getByRole('status')
        .getByText(/^Nada desta conta está aguardando envio ao banco/)
        .waitFor();
      await noViolations();

      // ---- Retorno: preview what the file will do, nothing written; then process it
      const [a, b] = charges;
      const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
      const nnB = b.boleto.nosso_numero.replace(/\D/g, '');
      const returnPath = join(dir, 'retorno-341.ret');
      writeFileSync(
        returnPath,
        return240('341', [
          { code: '02', nossoNumero: nnB, amount: 7_550 },
          { code: '06', nossoNumero: nnA, amount: 15_000, paid: 15_000, fee: 250, paymentDate: br('20112026') },
          { code: '06', nossoNumero: '99999999999', amount: 4_200, paid: 4_200, paymentDate: br('20112026') },
          { code: '28', nossoNumero: nnA, amount: 15_000, fee: 90 },
          { code: '30', nossoNumero: nnB, amount: 7_550, reasons: '16ZZ' },
        ]),
      );
      await page.getByLabel('Arquivo de retorno do banco (CNAB 240 ou 400)').setInputFiles(returnPath);
      const prev = page.getByRole('region', { name: 'Prévia do retorno retorno-341.ret' });
      await prev
        .getByText(
          `Liquidação: registra o pagamento de R$ 150,00 em ${br('20/11/2026')} na cobrança nº ${a.charge.number} (Joana Pagadora), tarifa R$ 2,50; a cobrança fica paga.`,
        )
        .waitFor();
      await prev
        .getByText(
          'Nosso número desconhecido: nenhum boleto desta conta tem este número (valor R$ 42,00); nada será registrado. Confira com o banco.',
        )
        .waitFor();
      await prev.getByText(/^Tarifa cobrada pelo banco/).waitFor();
      await prev.getByText(/^Entrada confirmada/).waitFor();
      // Each occurrence and each motive in the bank's words (FEBRABAN C044/C047); an unknown motive keeps its code.
      await prev.getByRole('cell', { name: '30 — Alteração de Dados Rejeitada' }).waitFor();
      const motives = prev.getByRole('list', { name: 'Motivos informados pelo banco' });
      await motives.getByText('16 — Data de Vencimento Inválida').waitFor();
      await motives.getByText('ZZ — código não documentado').waitFor();
      await prev.getByRole('cell', { name: '28 — Débito de Tarifas/Custas' }).waitFor();
      expect((await call('GET', `/v1/charges/${a.charge.id}`)).status).toBe('open');
      expect((await call('GET', `/v1/collection-accounts/${itau.id}/returns`)).data).toEqual([]);
      await noViolations();
      await page.getByRole('button', { name: 'Processar arquivo' }).click();
      await page.getByRole('status').getByText('Arquivo processado: 1 pagamento(s) registrado(s), R$ 150,00.').waitFor();
      await page
        .getByRole('region', { name: 'Resultado do retorno retorno-341.ret' })
        .getByText(/registrou o pagamento de R\$ 150,00/)
        .waitFor();
      expect((await call('GET', `/v1/charges/${a.charge.id}`)).status).toBe('paid');
      await page.locator('table.grid tr', { hasText: 'retorno-341.ret' }).getByRole('cell', { name: 'R$ 150,00' }).waitFor();
      await noViolations();

      // A malformed file: the 400 explained in pt-BR with its lines, nothing registered.
      await page.getByRole('button', { name: 'Enviar outro arquivo' }).click();
      const badPath = join(dir, 'planilha.txt');
      writeFileSync(badPath, 'nome;valor\r\nJoana;150,00\r\n');
      await page.getByLabel('Arquivo de retorno do banco (CNAB 240 ou 400)').setInputFiles(badPath);
      await page
        .getByRole('region', { name: 'Retorno' })
        .getByRole('alert')
        .getByText(/O arquivo não foi aceito: \d+ linha\(s\) fora do layout CNAB 240\/400\. Nada foi registrado\./)
        .waitFor();
      await page
        .getByRole('region', { name: 'Retorno' })
        .getByRole('alert')
        .getByText(/Linha 1 fora do padrão: tipo de registro "l" desconhecido \(a linha tem 10 caracteres\)/)
        .waitFor();
      expect(await page.getByRole('region', { name: 'Retorno' }).getByRole('alert').textContent()).not.toContain('Mensagem da API');
      await noViolations();
      await page.setViewportSize(PHONE_VIEWPORT);
      await noViolations();
      await page.setViewportSize({ width: 1360, height: 900 });

      // ---- The bank has charge b's boleto; cancelling the charge puts a "pedido de baixa" in the next remittance
      expect((await call('POST', `/v1/charges/${b.charge.id}/cancel`, { reason: 'cliente desistiu' })).status).toBe('cancelled');
      await page.getByRole('button', { name: 'Gerar remessa' }).click();
      const writeOff = page.getByRole('region', { name: 'Prévia da remessa' });
      await writeOff.getByRole('cell', { name: '02 — Pedido de Baixa (boleto cancelado depois de enviado)' }).waitFor();
      await writeOff.getByRole('cell', { name: b.boleto.nosso_numero, exact: true }).waitFor();
      await writeOff.getByText(`remessa-341-${itau.number}-000002.rem`).waitFor();
      await noViolations();
      const [second] = await Promise.all([
        page.waitForEvent('download'),
        writeOff.getByRole('button', { name: 'Gerar e baixar arquivo' }).click(),
      ]);
      const p = readFileSync((await second.path())!, 'latin1')
        .split('\r\n')
        .filter((l) => l[13] === 'P');
      expect(p.map((l) => [l.slice(15, 17), l.slice(37, 57).trim()])).toEqual([['02', nnB]]);
      await page
        .getByRole('status')
        .getByText(/gerada \(sequência 2: 1 instrução\(ões\) ao banco\)/)
        .waitFor();
      await page.locator('table.grid tr', { hasText: `remessa-341-${itau.number}-000002.rem` }).waitFor();

      // ---- Webhooks: events from the list, then "Enviar teste" to the local receiver
      await go('/configuracoes/webhooks');
      await page
        .getByRole('checkbox', { name: /Cobrança paga/ })
        .first()
        .waitFor();
      await noViolations();
      await page.getByLabel('URL (https)').fill(receiverUrl);
      await page.getByRole('checkbox', { name: /^Cobrança vencida sem pagamento/ }).uncheck();
      await page.getByRole('checkbox', { name: /^Retorno CNAB processado/ }).check();
      expect(await page.getByRole('checkbox', { name: /^Cobrança paga charge\.paid/ }).isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Cadastrar endpoint' }).click();
      await modal().locator('pre.secret').waitFor();
      await modal().getByRole('button', { name: 'Fechar' }).click();
      await page.getByRole('cell', { name: 'Cobrança paga, Pagamento registrado, Retorno CNAB processado' }).waitFor();
      const endpoints = (await call('GET', '/v1/webhook-endpoints')).data as { url: string; event_types: string[] }[];
      expect(endpoints.find((e) => e.url === receiverUrl)!.event_types).toEqual([
        'charge.paid',
        'payment.created',
        'bank_return.processed',
      ]);
      await page.getByRole('button', { name: `Enviar teste para ${receiverUrl}` }).click();
      await modal().getByRole('button', { name: 'Enviar teste' }).click();
      await modal()
        .getByText(/^Entregue: o endpoint respondeu HTTP 200/)
        .waitFor();
      await modal().getByText('recebido').waitFor();
      expect(received.map((r) => r.type)).toContain('webhook.ping');
      expect(received.every((r) => r.signature)).toBe(true);
      await noViolations();
      await modal().getByRole('button', { name: 'Fechar', exact: true }).last().click();
      await page.setViewportSize(PHONE_VIEWPORT);
      await noViolations();
      await page.setViewportSize({ width: 1360, height: 900 });
      expect(senderErrors).toEqual([]);
    },
  );
});
