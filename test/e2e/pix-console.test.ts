// End-to-end: the console's Pix (PSP) screens in Chromium (playwright-core) against a real
// listening server and the PSP simulator (API Pix over mTLS + OAuth2, test/support/psp-simulator.ts):
// the clerk creates a PSP connection in the form (an http:// URL first: the API's 400 is shown
// next to "URL base da API Pix"), tests it step by step, edits it keeping its secrets, makes the Pix
// of a charge from before the connection ("Gerar Pix no PSP"), opens a new charge and sees its Pix
// appear (the PSP outbox sender runs in this process), the payer pays it at the PSP (the simulator's
// webhook reaches the server), the charge shows paid with the Pix received, the clerk refunds part
// of it (an amount above what is left first: refused naming "Valor a devolver") and sees the refund
// returned; "Conciliar agora"; the Pix recebidos list; on a contract, Pix Automático is activated,
// authorized by the payer at the PSP and cancelled. axe-core finds no serious or critical violation on each screen.
// COBRE_SCREENSHOTS=1 saves docs/screenshots/pix-*.png.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, d, testNow, type TestContext, type TestTenant } from '../support/app.ts';
import { startPspSimulator, type PspSimulator } from '../support/psp-simulator.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { sendDuePspOperations } from '../../src/psp/sender.ts';
import { forgetPspClients } from '../../src/psp/client.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { ensureConsoleBuilt, navigate, seriousViolations as axeViolations } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'docs/screenshots');
const tools = systemTools('the Pix (PSP) console end-to-end test in a browser', ['chromium']);
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
let sim: PspSimulator;
let browser: Browser;
let page: Page;
let base: string;
const seed = Date.now() % 1_000_000;
const email = `pix-e2e-${seed}@example.com`;
const password = 'console-e2e-123';
const connectionName = 'Banco Simulado — Pix';
const senderErrors: unknown[] = [];

async function shot(name: string): Promise<void> {
  if (process.env.COBRE_SCREENSHOTS !== '1') return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `pix-${name}.png`), fullPage: true });
}

const go = (path: string) => navigate(page, path);

const seriousViolations = () => axeViolations(page);

// The PSP outbox's sender, as `cobre worker` runs it, polling in this process for the whole test.
let senderRunning = false;
let senderLoop: Promise<void> | null = null;
function startSender(): void {
  senderRunning = true;
  senderLoop = (async () => {
    while (senderRunning) {
      let n = 0;
      try {
        n = await sendDuePspOperations(t.db, { clock: t.clock, baseUrl: base }, (err) => senderErrors.push(err));
      } catch (err) {
        senderErrors.push(err);
      }
      if (n === 0) await new Promise((r) => setTimeout(r, 100));
    }
  })();
}

const modal = () => page.locator('.modal');
const menu = (name: string) => page.locator('.sidebar').getByRole('link', { name, exact: true });

beforeAll(async () => {
  // PSP credentials are stored encrypted: the key must be set before the app is built.
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Pix ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password, role: 'admin', name: 'Paula Tesouraria' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  // The PSP on the same clock as Cobre: its "today" decides cobv amounts and Pix Automático windows.
  sim = await startPspSimulator({ now: () => t.clock.now() });
  startSender();
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  senderRunning = false;
  await senderLoop;
  await browser?.close();
  await sim?.stop();
  forgetPspClients();
  await t?.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

describe('Pix (PSP) console end to end', () => {
  it.skipIf(!tools.has('chromium'))(
    'a clerk connects a PSP, tests it, sees a charge get its Pix, paid through the PSP and refunded in part, and runs Pix Automático on a contract',
    async () => {
      const call = async (method: string, path: string, payload?: unknown) => {
        const r = await t.call(tenant.live, method, path, payload);
        expect(r.statusCode, r.body).toBeLessThan(300);
        return r.json();
      };

      // A payer and a charge from before the PSP connection: it has no Pix at the PSP yet.
      const customer = await call('POST', '/v1/customers', {
        person_type: 'PF',
        name: 'Maria Pagadora Pix',
        document: cpfFrom(seed),
        addresses: [
          { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
        ],
      });
      const earlier = await call('POST', '/v1/charges', {
        customer_id: customer.id,
        amount_cents: 30000,
        due_date: d('2026-12-15'),
        description: 'Taxa de adesão',
      });

      // ---- login
      await page.goto(base + '/');
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.getByRole('heading', { name: 'Painel' }).waitFor();

      // ---- Configurações → Pix (PSP): the connection form
      await menu('Pix (PSP)').click();
      await page.getByRole('heading', { name: 'Pix (PSP)' }).waitFor();
      await page.getByText('Nenhuma conexão PSP cadastrada.').waitFor();
      await page.getByRole('button', { name: 'Nova conexão' }).click();
      await modal().getByRole('heading', { name: 'Nova conexão PSP' }).waitFor();
      expect(await seriousViolations()).toEqual([]);
      const form = modal();
      await form.locator('input[name=name]').fill(connectionName);
      await form.locator('input[name=base_url]').fill(sim.baseUrl.replace('https:', 'http:'));
      await form.locator('input[name=client_id]').fill(sim.clientId);
      await form.locator('input[name=client_secret]').fill(sim.clientSecret);
      expect(await form.locator('input[name=client_secret]').getAttribute('type')).toBe('password');
      expect(await form.locator('select[name=cert_mode]').inputValue()).toBe('pem');
      await form.locator('textarea[name="certificate.cert_pem"]').fill(sim.pki.client.certPem);
      await form.locator('textarea[name="certificate.key_pem"]').fill(sim.pki.client.keyPem);
      await form.locator('textarea[name=ca_pem]').fill(sim.pki.ca.certPem);
      await form.locator('input[name=pix_key]').fill(sim.chave);
      await form.getByRole('button', { name: 'Criar conexão' }).click();
      // The API refuses http: the error is next to the field and names it as the form labels it.
      await expect
        .poll(() => form.locator('[data-field=base_url] .field-error').textContent(), POLL)
        .toContain('deve ser um endereço https://');
      expect(await form.locator('.error-fields').textContent()).toContain('URL base da API Pix: deve ser um endereço https://');
      expect(await seriousViolations()).toEqual([]);
      await shot('conexao-erro');
      await form.locator('input[name=base_url]').fill(sim.baseUrl);
      await form.getByRole('button', { name: 'Criar conexão' }).click();
      const card = page.locator(`section[data-connection="${connectionName}"]`);
      await card.getByRole('heading', { name: connectionName }).waitFor();
      expect(await card.textContent()).toContain('Padrão');
      // Secrets are write-only: the API never returns the client secret nor the private key.
      const listed = await page.evaluate(async () => (await fetch('/v1/psp-connections')).text());
      expect(listed).not.toContain(sim.clientSecret);
      expect(listed).not.toContain('PRIVATE KEY');

      // ---- "Testar conexão": mTLS + OAuth2, then the webhook of the Pix key
      await card.getByRole('button', { name: 'Testar conexão' }).click();
      const test = card.locator('[data-test-result]');
      await expect.poll(() => test.getAttribute('data-test-result'), POLL).toBe('ok');
      expect(await test.textContent()).toContain('Conexão bem-sucedida.');
      expect(await test.locator('li.ok').count()).toBe(2);
      expect(await test.textContent()).toContain('O PSP aceitou o certificado do cliente (mTLS) e as credenciais OAuth2.');
      await card.locator('[data-verified]').getByText('bem-sucedida').waitFor();
      // The sender registered the webhook at the PSP; the card shows it once read again.
      await expect.poll(() => sim.webhooks.pix.has(sim.chave), POLL).toBe(true);
      expect(sim.webhooks.pix.get(sim.chave)!.webhookUrl.startsWith(`${base}/psp/webhooks/${tenant.id}/`)).toBe(true);
      await card.getByRole('button', { name: 'Registrar webhook novamente' }).click();
      await page.getByText('Registro do webhook colocado na fila').waitFor();
      await expect.poll(() => card.locator('[data-webhook-state]').textContent(), POLL).toContain('Registrado em');
      // Editing keeps what is left blank (the client secret); the certificate becomes the PFX file.
      // A minute later: the PSP client is kept per connection version (its updated_at).
      t.clock.advance(60_000);
      await card.getByRole('button', { name: 'Editar' }).click();
      await modal().getByText('Deixe em branco para manter o atual.').first().waitFor();
      expect(await modal().locator('input[name=client_secret]').inputValue()).toBe('');
      expect(await modal().locator('select[name=cert_mode]').inputValue()).toBe('keep');
      await modal().locator('input[name=accept_days_after_due]').fill('10');
      await modal().locator('select[name=cert_mode]').selectOption('pfx');
      await modal()
        .locator('input[name="certificate.pfx_base64"]')
        .setInputFiles({ name: 'cliente.pfx', mimeType: 'application/x-pkcs12', buffer: sim.pki.client.pfx });
      await modal().getByText('Arquivo escolhido: cliente.pfx').waitFor();
      await modal().locator('input[name="certificate.password"]').fill(sim.pki.client.pfxPassword);
      expect(await seriousViolations()).toEqual([]);
      await modal().getByRole('button', { name: 'Salvar alterações' }).click();
      await page.getByText('Conexão PSP salva.').waitFor();
      const [saved] = await call('GET', '/v1/psp-connections');
      expect(saved).toMatchObject({ accept_days_after_due: 10, client_secret_set: true, certificate: { format: 'pfx' } });
      expect(saved.updated_at).not.toBe(saved.created_at);
      expect(await test.count()).toBe(0);
      await card.getByRole('button', { name: 'Testar conexão' }).click();
      await expect.poll(() => test.getAttribute('data-test-result'), POLL).toBe('ok');
      await card.getByText('Requisições recentes ao PSP').click();
      await expect.poll(() => card.locator('table.exchange-log').textContent(), POLL).toContain('PUT /webhook/');
      expect(await seriousViolations()).toEqual([]);
      await shot('conexoes');

      // ---- the charge from before the connection: "Gerar Pix no PSP"; it shows once the PSP answered
      await go(`/contas-a-receber/${earlier.id}`);
      await page.getByRole('heading', { name: `Cobrança nº ${earlier.number}` }).waitFor();
      const earlierPix = page.locator('[data-charge-pix]');
      await earlierPix.getByText('Nenhum Pix ativo no PSP para esta cobrança.').waitFor();
      expect(await seriousViolations()).toEqual([]);
      await earlierPix.getByRole('button', { name: 'Gerar Pix no PSP' }).click();
      await page.getByText('Pix pedido ao PSP').waitFor();
      await earlierPix.locator('[data-pix-status=active]').waitFor();
      expect(await earlierPix.textContent()).toContain('R$ 300,00');
      expect(await earlierPix.getByLabel('Pix copia e cola').inputValue()).toMatch(/^000201/);

      // ---- a charge created after the connection gets its Pix at the PSP by itself (cobv: due later)
      const charge = await call('POST', '/v1/charges', {
        customer_id: customer.id,
        amount_cents: 45000,
        due_date: d('2026-12-10'),
        description: 'Mensalidade de dezembro',
        payment_method: 'pix',
      });
      // Moving from one charge to another: until the new charge's Pix has loaded (held here at the
      // network), the earlier charge's Pix and its copia-e-cola are not shown under the new heading.
      const earlierTxid = (await call('GET', `/v1/charges/${earlier.id}/pix-charge`)).pix_charge.txid as string;
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const pixStateUrl = `**/v1/charges/${charge.id}/pix-charge`;
      await page.route(pixStateUrl, async (route) => {
        await held;
        await route.continue();
      });
      await go(`/contas-a-receber/${charge.id}`);
      await page.getByRole('heading', { name: `Cobrança nº ${charge.number}` }).waitFor();
      const pix = page.locator('[data-charge-pix]');
      await pix.locator('[data-pix-loading]').waitFor();
      expect(await pix.textContent()).not.toContain(earlierTxid);
      expect(await pix.locator('[data-pix-status]').count()).toBe(0);
      release(); // the route stays; later reads pass the opened gate at once
      await pix.locator('[data-pix-status=active]').waitFor();
      expect(await pix.textContent()).toContain('Pix com vencimento');
      expect(await pix.textContent()).toContain('R$ 450,00');
      const code = pix.getByLabel('Pix copia e cola');
      const copiaECola = await code.inputValue();
      expect(copiaECola).toMatch(/^000201/);
      await pix.getByRole('button', { name: 'Copiar código' }).click();
      await page.getByText('Código Pix copiado.').waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(copiaECola);
      const state = await call('GET', `/v1/charges/${charge.id}/pix-charge`);
      const txid: string = state.pix_charge.txid;
      expect(await pix.textContent()).toContain(txid);
      expect(sim.cobvs.has(txid)).toBe(true);
      await pix.getByText('Trocas com o PSP').click();
      await expect.poll(() => pix.locator('table.exchange-log').textContent(), POLL).toContain(`/cobv/${txid}`);
      expect(await seriousViolations()).toEqual([]);
      await shot('cobranca-pix');

      // ---- the payer pays at the PSP; its webhook reaches the server
      const [e2e] = await sim.pay(txid);
      expect(sim.webhookDeliveries.at(-1)?.status).toBe(200);
      await pix.getByRole('button', { name: 'Atualizar' }).first().click();
      const received = pix.locator(`tr[data-e2e="${e2e}"]`);
      await received.waitFor();
      expect(await received.textContent()).toContain('R$ 450,00');
      expect(await received.textContent()).toContain('Exato');
      // The charge's own facts read again: paid.
      await page.locator('.page-head .badge', { hasText: 'Pago' }).waitFor();

      // ---- "Devolver": more than is left is refused naming the field; then part of it
      await received.getByRole('button', { name: `Devolver Pix ${e2e}` }).click();
      await modal().getByRole('heading', { name: 'Devolver Pix' }).waitFor();
      expect(await modal().locator('input[name=amount_cents]').inputValue()).toBe('450,00');
      await modal().locator('input[name=amount_cents]').fill('999,00');
      await modal().locator('input[name=reason]').fill('Cobrança em duplicidade');
      await modal().getByRole('button', { name: 'Confirmar devolução' }).click();
      await expect
        .poll(() => modal().locator('[data-field=amount_cents] .field-error').textContent(), POLL)
        .toContain('deve ser no máximo R$ 450,00');
      expect(await modal().locator('.error-fields').textContent()).toContain('Valor a devolver: deve ser no máximo R$ 450,00');
      expect(await seriousViolations()).toEqual([]);
      await shot('devolucao');
      await modal().locator('input[name=amount_cents]').fill('100,00');
      await modal().getByRole('button', { name: 'Confirmar devolução' }).click();
      await page.getByText('Devolução pedida ao PSP.').waitFor();
      // The sender asks the PSP (EM_PROCESSAMENTO); the PSP settles it and says so by webhook.
      await expect.poll(() => sim.devolucoes.size, POLL).toBe(1);
      await received.locator('[data-refund=processing]').waitFor();
      expect(await sim.settleRefunds()).toBe(1);
      await received.locator('[data-refund=returned]').waitFor();
      expect(await received.textContent()).toContain('R$ 100,00');
      expect(await received.textContent()).toContain('Devolvida');
      // The refunded amount is open again on the charge.
      await page.locator('.page-head .badge', { hasText: 'Pago parcialmente' }).waitFor();
      expect(await page.locator('dl.facts').first().textContent()).toContain('R$ 100,00');
      expect(await seriousViolations()).toEqual([]);
      await shot('cobranca-paga');

      // ---- "Conciliar agora": the PSP's list of Pix received is read; nothing was missed
      await menu('Pix (PSP)').click();
      await page.getByRole('button', { name: 'Conciliar agora' }).click();
      const reconciled = page.locator('[data-reconcile]');
      await expect.poll(() => reconciled.textContent(), POLL).toContain('1 conexão(ões) consultada(s)');
      expect(await reconciled.getAttribute('class')).toContain('ok');
      expect(await reconciled.textContent()).toContain('0 registrado(s) agora');

      // ---- Pix recebidos: the list, the filter, the link to the charge
      await menu('Pix recebidos').click();
      await page.getByRole('heading', { name: 'Pix recebidos' }).waitFor();
      const row = page.locator(`table.received-list tr[data-e2e="${e2e}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('Exato');
      expect(await row.textContent()).toContain('Webhook do PSP');
      expect(await seriousViolations()).toEqual([]);
      await shot('recebidos');
      await page.locator('select[name=outcome]').selectOption('underpaid');
      await page.getByText('Nenhum Pix recebido com este resultado.').waitFor();
      await page.locator('select[name=outcome]').selectOption('exact');
      await row.getByRole('link', { name: 'Abrir cobrança' }).click();
      await page.getByRole('heading', { name: `Cobrança nº ${charge.number}` }).waitFor();

      // ---- a contract: "Ativar Pix Automático", the payer authorizes at the PSP, "Cancelar"
      const service = await call('POST', '/v1/services', {
        code: `NET${seed}`,
        name: 'Internet fibra',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 9990,
      });
      const contract = await call('POST', '/v1/contracts', {
        customer_id: customer.id,
        start_date: d('2026-11-05'),
        billing_day: 5,
        due_days: 10,
        items: [{ service_id: service.id }],
      });
      await call('POST', `/v1/contracts/${contract.id}/activate`);
      await go(`/clientes/${customer.id}/contratos/${contract.id}`);
      const rec = page.locator('section[data-recurrence]');
      await rec.getByText('O pagador ainda não autorizou débitos por Pix Automático neste contrato.').waitFor();
      await rec.getByRole('button', { name: 'Ativar Pix Automático' }).click();
      await modal().getByRole('heading', { name: 'Ativar Pix Automático' }).waitFor();
      // A fixed amount that is not money is refused here, next to its field.
      await modal().locator('input[name=amount][value=fixed]').check();
      await modal().locator('input[name=fixed_amount_cents]').fill('noventa');
      await modal().getByRole('button', { name: 'Ativar Pix Automático' }).click();
      await expect
        .poll(() => modal().locator('[data-field=fixed_amount_cents] .field-error').textContent(), POLL)
        .toContain('informe um valor em reais');
      await modal().locator('input[name=fixed_amount_cents]').fill('99,90');
      expect(await seriousViolations()).toEqual([]);
      await shot('pix-automatico-form');
      await modal().getByRole('button', { name: 'Ativar Pix Automático' }).click();
      await page.getByText('Pix Automático pedido ao PSP').waitFor();
      await expect.poll(() => rec.getAttribute('data-recurrence'), POLL).toBe('awaiting_approval');
      const authorization = rec.getByLabel('Código Pix de autorização');
      expect(await authorization.inputValue()).toMatch(/^000201/);
      expect(await rec.textContent()).toContain('Fixo: R$ 99,90');
      expect(await rec.textContent()).toContain('QR code');
      // The QR code image is served and decodes as a PNG in the browser.
      const qr = rec.getByRole('img', { name: 'QR Code para o pagador autorizar o Pix Automático' });
      await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), POLL).toBeGreaterThan(0);
      expect(await seriousViolations()).toEqual([]);
      await shot('pix-automatico');
      const [recurrence] = await call('GET', `/v1/contracts/${contract.id}/pix-recurrences`);
      await sim.approveRec(recurrence.id_rec);
      await rec.getByRole('button', { name: 'Atualizar' }).click();
      await expect.poll(() => rec.getAttribute('data-recurrence'), POLL).toBe('approved');
      await rec.getByText('Autorizada', { exact: true }).waitFor();
      await rec.getByRole('button', { name: 'Cancelar Pix Automático' }).click();
      await modal().getByRole('button', { name: 'Confirmar cancelamento' }).click();
      await expect.poll(() => modal().locator('[data-field=reason] .field-error').textContent(), POLL).toContain('informe o motivo');
      await modal().locator('input[name=reason]').fill('Cliente pediu boleto');
      await modal().getByRole('button', { name: 'Confirmar cancelamento' }).click();
      await page.getByText('Pix Automático cancelado.').waitFor();
      await expect.poll(() => rec.getAttribute('data-recurrence'), POLL).toBe('cancelled');
      expect(await rec.textContent()).toContain('Cliente pediu boleto');
      await expect.poll(() => sim.recs.get(recurrence.id_rec)?.status, POLL).toBe('CANCELADA');
      expect(await seriousViolations()).toEqual([]);

      expect(senderErrors).toEqual([]);
      expect(sim.violations).toEqual([]);
    },
  );
});
