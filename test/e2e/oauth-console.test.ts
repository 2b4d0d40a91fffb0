// End-to-end in Chromium: an admin authorises an OAuth application in the console (the consent
// that binds it to the company's sandbox), copies its client id and secret, a TOConline-style
// client runs the authorization-code dance with them and reads the sandbox's customers, and the
// admin revokes it from the same screen. axe-core finds no violation on the screen and its dialog.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser test skips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { axeViolations, ensureConsoleBuilt } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const tools = systemTools('the OAuth applications console end-to-end test in a browser', ['chromium']);
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
const REDIRECT = 'http://127.0.0.1:4080/oauth/callback';

let t: TestContext;
let tenant: TestTenant;
let browser: Browser;
let page: Page;
let base: string;
const seed = Date.now() % 1_000_000;
const adminEmail = `oauth-e2e-${seed}@example.com`;
const password = 'console-e2e-123';

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext();
  tenant = await t.newTenant(`Empresa OAuth ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email: adminEmail, password, role: 'admin', name: 'Olga Administradora' }),
  );
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(HANG_MS);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('OAuth applications in the console', () => {
  it.skipIf(!tools.has('chromium'))(
    'an admin authorises an application for the sandbox, a client uses it, the admin revokes it',
    async () => {
      await t.call(tenant.test, 'POST', '/v1/customers', { name: 'Cliente do sandbox', person_type: 'PF', country: 'PT' });
      await page.goto(base + '/');
      await page.getByLabel('E-mail').fill(adminEmail);
      await page.getByLabel('Senha').fill(password);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.getByRole('heading', { name: 'Painel' }).waitFor();
      await page.locator('.sidebar').getByRole('link', { name: 'Aplicativos OAuth', exact: true }).click();
      await page.getByRole('heading', { name: 'Aplicativos OAuth' }).waitFor();
      await page.getByText('Nenhum aplicativo autorizado.').waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel('Nome do aplicativo').fill('Integração TOConline');
      await page.getByLabel('Dados que o aplicativo acessa').selectOption('test');
      await page.getByLabel(/Endereços de retorno/).fill(REDIRECT);
      // Without the consent ticked the form is not sent.
      await page.getByRole('button', { name: 'Autorizar aplicativo' }).click();
      expect((await t.call(tenant.live, 'GET', '/v1/oauth-clients')).json().data).toEqual([]);
      await page.getByLabel(/Autorizo este aplicativo a ler e alterar os dados da empresa \(sandbox\)/).check();
      await page.getByRole('button', { name: 'Autorizar aplicativo' }).click();
      const modal = page.locator('.modal');
      const clientId = (await modal.locator('[data-client-id]').textContent())!.trim();
      const secret = (await modal.locator('[data-secret]').textContent())!.trim();
      expect(secret).toMatch(/^cos_/);
      expect(await axeViolations(page)).toEqual([]);
      await modal.getByRole('button', { name: 'Já guardei' }).click();
      const row = page.locator('table.grid tr', { hasText: 'Integração TOConline' });
      expect(await row.textContent()).toContain('Sandbox');
      expect(await page.locator('table.grid').textContent()).not.toContain(secret);

      // The client: GET …/oauth/auth without following the redirect, then the code for tokens.
      const auth = await fetch(
        `${base}/toconline/oauth/auth?client_id=${clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=commercial`,
        { redirect: 'manual' },
      );
      expect(auth.status).toBe(302);
      const code = auth.headers.get('location')!.split('code=')[1];
      const token = await fetch(`${base}/toconline/oauth/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic ' + Buffer.from(`${clientId}:${secret}`).toString('base64'),
        },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, scope: 'commercial' }).toString(),
      });
      expect(token.status).toBe(200);
      const access = ((await token.json()) as { access_token: string }).access_token;
      const customers = await fetch(`${base}/toconline/api/customers`, {
        headers: { authorization: `Bearer ${access}`, accept: 'application/vnd.api+json' },
      });
      expect(
        ((await customers.json()) as { data: { attributes: { business_name: string } }[] }).data.map((c) => c.attributes.business_name),
      ).toEqual(['Cliente do sandbox']);

      // Revoked from the screen (after confirming): the client's token stops working.
      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: 'Revogar' }).click();
      await expect.poll(() => row.locator('.badge').textContent(), POLL).toBe('Revogado');
      await page.getByText('Aplicativo revogado.').waitFor();
      const after = await fetch(`${base}/toconline/api/customers`, { headers: { authorization: `Bearer ${access}` } });
      expect(after.status).toBe(401);
    },
  );
});
