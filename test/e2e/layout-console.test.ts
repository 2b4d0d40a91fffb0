// End-to-end: the console's phone layout and accessibility in Chromium (playwright-core) against a
// real listening server. On a phone (390×844) the clerk logs in, opens and closes the menu (mouse
// and keyboard), and visits every screen of the menu plus a customer, a contract and a charge:
// no screen scrolls sideways and axe-core finds no violation of any impact. On a desktop the same
// screens have no axe violation, the skip link is the first Tab stop, a dialog takes, holds and
// gives back the focus, a wrong password says so, throttling says so, and an operator who opens
// an administrators' page by its address gets a pt-BR page instead of an error.
// Without Chromium (Debian package chromium, or CHROMIUM_PATH) the browser tests skip.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant, testNow } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { systemTools } from '../support/tools.ts';
import { HANG_MS } from '../support/wait.ts';
import { PHONE_VIEWPORT, axeViolations, ensureConsoleBuilt, navigate } from '../support/console-browser.ts';

const POLL = { timeout: HANG_MS, interval: 100 };
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tools = systemTools('the console layout and accessibility test in a browser', ['chromium']);
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

let t: TestContext;
let tenant: TestTenant;
let browser: Browser;
let base: string;
const seed = Date.now() % 1_000_000;
const admin = { email: `layout-admin-${seed}@example.com`, password: 'layout-e2e-123' };
const operator = { email: `layout-operador-${seed}@example.com`, password: 'layout-e2e-456' };
let customer: { id: string; name: string };
let contract: { id: string };
let charge: { id: string; number: number };

/** The menu as App.tsx declares it (path and label), so a screen added to the menu is visited too. */
function menuRoutes(): { to: string; label: string; admin: boolean }[] {
  const src = readFileSync(join(ROOT, 'web/src/App.tsx'), 'utf8');
  const menu = src.slice(src.indexOf('const MENU'), src.indexOf('];', src.indexOf('const MENU')));
  return [...menu.matchAll(/\{ to: '([^']+)', label: '([^']+)'(, admin: true)? \}/g)].map((m) => ({
    to: m[1],
    label: m[2],
    admin: !!m[3],
  }));
}

async function newPage(viewport: { width: number; height: number }, phone = false): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    viewport,
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(testNow('2026-11-23T15:00:00Z'));
  page.setDefaultTimeout(HANG_MS);
  return { context, page };
}

async function login(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Senha').fill(who.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.locator('#conteudo').waitFor();
}

/** Waits until the screen has its heading, nothing says "Carregando…" and the DOM stopped changing. */
async function settled(page: Page): Promise<void> {
  await page.locator('#conteudo h1').first().waitFor();
  let last = '';
  await expect
    .poll(
      async () => {
        const html = await page.locator('#conteudo').innerHTML();
        const stable = html === last && !html.includes('Carregando…');
        last = html;
        return stable;
      },
      { timeout: HANG_MS, interval: 250 },
    )
    .toBe(true);
}

/** How far the page scrolls sideways beyond the phone's width (0 = not at all). */
const sideways = (page: Page) =>
  page.evaluate((w) => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - w, PHONE_VIEWPORT.width);

/** Visible controls shorter than a finger (44 px) on the phone, as "tag name/label: height". */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'button, .button, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea',
      ),
    ]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? (el as HTMLInputElement).name ?? '').trim().slice(0, 30)}": ${Math.round(el.getBoundingClientRect().height)}px`,
      ),
  );

beforeAll(async () => {
  ensureConsoleBuilt();
  t = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  tenant = await t.newTenant(`Empresa Layout ${seed}`);
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { ...admin, role: 'admin', name: 'Clara Financeiro' }),
  );
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { ...operator, role: 'operator', name: 'Otávio Operador' }),
  );
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
    beneficiary_name: 'Empresa Layout Ltda',
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
  const service = await call('POST', '/v1/services', {
    code: `MENS${seed}`,
    name: 'Mensalidade com um nome bem comprido para testar a quebra de linha',
    unit: 'mês',
    pricing_model: 'flat',
    price_cents: 45000,
  });
  customer = await call('POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria Aparecida da Silva Pagadora de Oliveira',
    document: cpfFrom(seed),
    emails: [{ email: `maria.aparecida.pagadora.${seed}@exemplo-de-dominio-longo.com.br`, is_primary: true }],
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
  });
  contract = await call('POST', '/v1/contracts', {
    customer_id: customer.id,
    start_date: d('2026-11-01'),
    billing_day: 5,
    due_days: 10,
    payment_method: 'boleto',
    items: [{ service_id: service.id }],
  });
  charge = await call('POST', '/v1/charges', {
    customer_id: customer.id,
    amount_cents: 45000,
    due_date: d('2026-12-10'),
    description: 'Mensalidade de dezembro',
  });
  base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  if (!tools.has('chromium')) return;
  browser = await chromium.launch({ executablePath: tools.path('chromium'), args: ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Every screen to check: the menu's routes, then a customer (two tabs), a contract, a charge and the customer form. */
function screens(): { path: string; label: string }[] {
  return [
    ...menuRoutes().map((r) => ({ path: r.to, label: r.label })),
    { path: `/clientes/${customer.id}`, label: 'Cliente (Dados)' },
    { path: `/clientes/${customer.id}?aba=contratos`, label: 'Cliente (Contratos)' },
    { path: `/clientes/${customer.id}?aba=cobrancas`, label: 'Cliente (Cobranças)' },
    { path: `/clientes/${customer.id}/contratos/${contract.id}`, label: 'Contrato' },
    { path: `/contas-a-receber/${charge.id}`, label: 'Cobrança' },
    { path: '/clientes/novo', label: 'Novo cliente' },
  ];
}

describe('console layout and accessibility', () => {
  it.skipIf(!tools.has('chromium'))(
    'on a phone: the menu opens and closes by mouse and keyboard, and no screen scrolls sideways or has an axe violation',
    async () => {
      const { context, page } = await newPage(PHONE_VIEWPORT, true);
      const problems: string[] = [];
      try {
        // The login page: landmarks, no violation, fits the phone.
        await page.goto(base + '/');
        await page.getByRole('main').getByRole('heading', { level: 1 }).waitFor();
        expect(await page.title()).toBe('Entrar — Cobre');
        expect(await axeViolations(page)).toEqual([]);
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        // The password-reset page (reached from an e-mail, without a session) as well.
        await page.goto(base + '/redefinir-senha?token=invalido');
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        for (const v of await axeViolations(page)) problems.push(`/redefinir-senha (phone): ${v}`);
        await login(page, admin);

        // The sidebar is a drawer: hidden until "Menu" opens it.
        const menuButton = page.getByRole('button', { name: 'Menu', exact: true });
        const sidebarLink = (label: string) => page.locator('#menu-principal').getByRole('link', { name: label, exact: true });
        await expect.poll(() => menuButton.getAttribute('aria-expanded'), POLL).toBe('false');
        expect(await menuButton.getAttribute('aria-controls')).toBe('menu-principal');
        expect(await sidebarLink('Clientes').isVisible()).toBe(false);
        // Keyboard: Enter on "Menu" opens it and puts the focus on its first link; Escape closes it
        // and gives the focus back to "Menu".
        await menuButton.focus();
        await page.keyboard.press('Enter');
        await expect.poll(() => menuButton.getAttribute('aria-expanded'), POLL).toBe('true');
        await sidebarLink('Clientes').waitFor({ state: 'visible' });
        await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), POLL).toBe('Painel');
        expect(await axeViolations(page)).toEqual([]);
        await page.keyboard.press('Escape');
        await expect.poll(() => menuButton.getAttribute('aria-expanded'), POLL).toBe('false');
        await sidebarLink('Clientes').waitFor({ state: 'hidden' });
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-controls'))).toBe('menu-principal');
        // The drawer's own close button, then the mouse.
        await menuButton.click();
        await page.getByRole('button', { name: 'Fechar menu' }).click();
        await expect.poll(() => menuButton.getAttribute('aria-expanded'), POLL).toBe('false');

        // Every menu screen, reached through the drawer (which closes on navigation).
        const routes = menuRoutes();
        expect(routes.length).toBeGreaterThan(20);
        for (const r of routes) {
          await menuButton.click();
          await sidebarLink(r.label).click();
          await expect.poll(() => menuButton.getAttribute('aria-expanded'), POLL).toBe('false');
          await expect.poll(() => page.evaluate(() => location.pathname), POLL).toBe(r.to);
          // The drawer is closed (hidden from the accessibility tree): find the link by its address.
          await expect.poll(() => page.locator(`#menu-principal nav a[href="${r.to}"]`).getAttribute('aria-current'), POLL).toBe('page');
          await settled(page);
          expect(await page.title()).toBe(`${r.label} — Cobre`);
          const over = await sideways(page);
          if (over > 0) problems.push(`${r.to}: scrolls sideways by ${over}px`);
          for (const small of await smallTargets(page)) problems.push(`${r.to}: small touch target ${small}`);
          for (const v of await axeViolations(page)) problems.push(`${r.to} (phone): ${v}`);
        }
        // The screens of one customer, contract and charge.
        for (const s of screens().slice(routes.length)) {
          await navigate(page, s.path);
          await settled(page);
          const over = await sideways(page);
          if (over > 0) problems.push(`${s.path}: scrolls sideways by ${over}px`);
          for (const small of await smallTargets(page)) problems.push(`${s.path}: small touch target ${small}`);
          for (const v of await axeViolations(page)) problems.push(`${s.path} (phone): ${v}`);
        }
        // A table row is a card whose cells are named by their column.
        await navigate(page, '/clientes');
        await settled(page);
        const cell = page.locator('table.grid tbody tr').first().locator('td[data-label]').first();
        expect(await cell.getAttribute('data-label')).toBeTruthy();
        // The header row is hidden visually (1 px, clipped) but stays for screen readers.
        expect((await page.locator('table.grid thead').first().boundingBox())!.height).toBeLessThanOrEqual(1);
        expect(
          await page
            .locator('table.grid tbody tr')
            .first()
            .evaluate((tr) => getComputedStyle(tr).display),
        ).toBe('block');
        // A dialog takes the whole width.
        await navigate(page, '/servicos');
        await settled(page);
        await page.getByRole('button', { name: 'Incluir+' }).click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        expect((await dialog.boundingBox())!.width).toBeGreaterThanOrEqual(PHONE_VIEWPORT.width - 1);
        expect(await sideways(page)).toBeLessThanOrEqual(0);
        for (const v of await axeViolations(page)) problems.push(`/servicos dialog (phone): ${v}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });

        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it.skipIf(!tools.has('chromium'))(
    'on a desktop: every screen has no axe violation; skip link first; a dialog holds and returns the focus',
    async () => {
      const { context, page } = await newPage(DESKTOP);
      const problems: string[] = [];
      try {
        await login(page, admin);
        // The skip link is the first Tab stop of a freshly loaded screen and moves the focus to the content.
        await page.goto(base + '/');
        await settled(page);
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pular para o conteúdo');
        // …shown on screen, with a focus ring.
        const skip = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          return { href: el.getAttribute('href'), top: el.getBoundingClientRect().top, outline: getComputedStyle(el).outlineStyle };
        });
        expect(skip).toEqual({ href: '#conteudo', top: expect.any(Number), outline: 'solid' });
        expect(skip.top).toBeGreaterThanOrEqual(0);
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('conteudo');
        // Sidebar links show a focus ring.
        await page.locator('#menu-principal').getByRole('link', { name: 'Clientes', exact: true }).focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');

        for (const s of screens()) {
          await navigate(page, s.path);
          await settled(page);
          for (const v of await axeViolations(page)) problems.push(`${s.path} (desktop): ${v}`);
        }

        // A dialog: takes the focus on open, keeps Tab and Shift+Tab inside, closes on Escape and
        // gives the focus back to the button that opened it.
        await navigate(page, '/servicos');
        await settled(page);
        const opener = page.getByRole('button', { name: 'Incluir+' });
        await opener.focus();
        await page.keyboard.press('Enter');
        const dialog = page.getByRole('dialog', { name: 'Incluir serviço' });
        await dialog.waitFor();
        expect(await dialog.getAttribute('aria-modal')).toBe('true');
        const inDialog = () => page.evaluate(() => !!document.activeElement?.closest('[role=dialog]'));
        await expect.poll(inDialog, POLL).toBe(true);
        for (let i = 0; i < 40; i++) {
          await page.keyboard.press('Tab');
          expect(await inDialog()).toBe(true);
        }
        for (let i = 0; i < 5; i++) {
          await page.keyboard.press('Shift+Tab');
          expect(await inDialog()).toBe(true);
        }
        for (const v of await axeViolations(page)) problems.push(`/servicos dialog (desktop): ${v}`);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Incluir+');

        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );

  it.skipIf(!tools.has('chromium'))('a wrong password says so, tied to the field; throttling says so', async () => {
    const { context, page } = await newPage(DESKTOP);
    try {
      await page.goto(base + '/');
      await page.getByLabel('E-mail').fill(admin.email);
      await page.getByLabel('Senha').fill('senha-errada');
      await page.getByRole('button', { name: 'Entrar' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent(), POLL).toContain('E-mail ou senha incorretos');
      expect(await alert.textContent()).not.toContain('sessão');
      const pw = page.getByLabel('Senha');
      expect(await pw.getAttribute('aria-invalid')).toBe('true');
      const described = await pw.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${described}"]`).textContent()).toContain('senha');
      expect(await page.getByLabel('E-mail').inputValue()).toBe(admin.email);
      expect(await axeViolations(page)).toEqual([]);

      // An unknown e-mail locks after 5 failures (it counts like a known one).
      const stranger = `ninguem-${seed}@example.com`;
      for (let i = 0; i < 6; i++) {
        await page.getByLabel('E-mail').fill(stranger);
        await page.getByLabel('Senha').fill('qualquer-coisa');
        await page.getByRole('button', { name: 'Entrar' }).click();
        await expect.poll(() => page.getByRole('button', { name: 'Entrar' }).isEnabled(), POLL).toBe(true);
      }
      await expect.poll(() => alert.textContent(), POLL).toContain('bloqueado');
      expect(await alert.textContent()).toMatch(/Tente novamente em \d+ minutos?/);
    } finally {
      await context.close();
    }
  });

  it.skipIf(!tools.has('chromium'))(
    'an operator who opens an administrators\u2019 page by its address gets a pt-BR page with a way back',
    async () => {
      const { context, page } = await newPage(DESKTOP);
      try {
        await login(page, operator);
        const admins = menuRoutes().filter((r) => r.admin);
        expect(admins.map((r) => r.to)).toEqual(expect.arrayContaining(['/configuracoes/usuarios', '/configuracoes/chaves-api']));
        for (const r of admins) {
          // Typed in the address bar: a full page load.
          await page.goto(base + r.to);
          await page.getByRole('heading', { name: 'Acesso restrito a administradores' }).waitFor();
          expect(await page.locator('#conteudo').textContent()).not.toMatch(/forbidden|permission|Forbidden/);
          expect(await page.locator('#menu-principal').getByRole('link', { name: r.label, exact: true }).count()).toBe(0);
          expect(await axeViolations(page)).toEqual([]);
        }
        await page.getByRole('link', { name: 'Voltar ao painel' }).click();
        await expect.poll(() => page.evaluate(() => location.pathname), POLL).toBe('/');
      } finally {
        await context.close();
      }
    },
  );
});
