// Steps a clerk takes in the console, shared by the browser tests that need them on the way to what
// they test (each starts on the screen named in its comment).
import type { Page } from 'playwright-core';

const modal = (page: Page) => page.locator('.modal').last();

/** A table cell by its whole text. Phone cards carry their column's name as CSS content, which
 * joins a cell's accessible name, so the cell is matched by its text. */
export function cellText(page: Page, text: string | RegExp) {
  const whole = typeof text === 'string' ? new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : text;
  return page.locator('td').filter({ hasText: whole }).first();
}

export interface ServiceDraft {
  code: string;
  name: string;
  unit: string;
  model: 'flat' | 'per_unit';
  price: string;
}

/** The monthly internet fee and the energy sold by the kWh most console tests bill. */
export const INTERNET_AND_ENERGY: ServiceDraft[] = [
  { code: 'INTERNET', name: 'Internet 300 Mega', unit: 'mês', model: 'flat', price: '99,90' },
  { code: 'ENERGIA', name: 'Energia elétrica', unit: 'kWh', model: 'per_unit', price: '0,85' },
];

/** On Serviços: "Incluir+" for each service, waiting for its row. */
export async function addServicesThroughUi(page: Page, services: ServiceDraft[]): Promise<void> {
  for (const s of services) {
    await page.getByRole('button', { name: 'Incluir+' }).click();
    await modal(page).locator('input[name=code]').fill(s.code);
    await modal(page).locator('input[name=name]').fill(s.name);
    await modal(page).locator('input[name=unit]').fill(s.unit);
    await modal(page).locator('select[name=pricing_model]').selectOption(s.model);
    await modal(page).locator('input[name=price]').fill(s.price);
    await modal(page).getByRole('button', { name: 'Salvar' }).click();
    await cellText(page, s.code).waitFor();
  }
}

/** On Contas de cobrança: "Incluir+" fills an Itaú account (agency 1565, account 13877-1, carteira 109).
 * Returns before "Salvar" so a test can look at the filled form. */
export async function fillItauAccountThroughUi(page: Page, a: { beneficiary: string; document: string; pixKey?: string }): Promise<void> {
  await page.getByRole('button', { name: 'Incluir+' }).click();
  const m = modal(page);
  await m.locator('select[name=bank_code]').selectOption('341');
  await m.locator('input[name=agency]').fill('1565');
  await m.locator('input[name=account]').fill('13877');
  await m.locator('input[name=account_digit]').fill('1');
  await m.locator('input[name=carteira]').fill('109');
  await m.locator('input[name=beneficiary_name]').fill(a.beneficiary);
  await m.locator('input[name=beneficiary_document]').fill(a.document);
  await m.locator('input[name=street]').fill('Av. Brasil');
  await m.locator('input[name=number]').fill('100');
  await m.locator('input[name=city]').fill('Porto Alegre');
  await m.locator('input[name=state]').fill('RS');
  await m.locator('input[name=postal_code]').fill('90010-000');
  if (a.pixKey) await m.locator('input[name=pix_key]').fill(a.pixKey);
}

/** After fillItauAccountThroughUi: save and wait for the account's row. */
export async function saveAccountThroughUi(page: Page): Promise<void> {
  await modal(page).getByRole('button', { name: 'Salvar' }).click();
  await cellText(page, /^\s*341 — /).waitFor(); // anchored: a company name may contain 341
}

/** On Consumo: choose the service by its code, "Incluir Consumo" for a customer found by `search`,
 * and wait for the row ("150,5 kWh"). */
export async function addConsumptionThroughUi(
  page: Page,
  c: { serviceCode: string; search: string; customer: RegExp; quantity: string; date: string; shown: string },
): Promise<void> {
  const value = await page.locator('select[name=service] option', { hasText: c.serviceCode }).getAttribute('value');
  await page.selectOption('select[name=service]', value!);
  await page.getByRole('button', { name: 'Incluir Consumo' }).click();
  const m = modal(page);
  await m.locator('input[name=customer_id]').fill(c.search);
  await m.getByRole('button', { name: c.customer }).click();
  await m.locator('input[name=quantity]').fill(c.quantity);
  await m.locator('input[name=reference_date]').fill(c.date);
  await m.getByRole('button', { name: 'Salvar' }).click();
  await cellText(page, c.shown).waitFor();
}

export interface AddressDraft {
  postal_code: string;
  street: string;
  number: string;
  district: string;
  city: string;
  state: string;
}

/** The bakery of the console tests, in Garibaldi (RS). */
export const GARIBALDI: AddressDraft = {
  postal_code: '95720-000',
  street: 'Rua João Pessoa',
  number: '17',
  district: 'Centro',
  city: 'Garibaldi',
  state: 'RS',
};

/** On the customer form: the address fields. */
export async function fillAddressThroughUi(page: Page, a: AddressDraft): Promise<void> {
  for (const [field, value] of Object.entries(a)) await page.fill(`input[name=${field}]`, value);
}
