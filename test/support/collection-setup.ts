// A tenant with a collection account and a payer with a full address, charges with their boleto and
// remittances: what the bank-file tests (remittances, returns, charge changes) start from.
import { expect } from 'vitest';
import { cpfFrom, d, type TestContext, type TestTenant } from './app.ts';

export const DEMO_BENEFICIARY = {
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
};

export const ITAU_ACCOUNT = { bank_code: '341', agency: '0057', account: '12345', account_digit: '7', carteira: '109' };

/** A payer whose name is longer than the 40 positions of a remittance. */
export const DEMO_PAYER = {
  person_type: 'PF',
  name: 'José de Alencar Pagador com um Nome Bem Comprido Mesmo',
  addresses: [
    {
      street: 'Avenida Borges de Medeiros',
      number: '1501',
      district: 'Praia de Belas',
      city: 'Porto Alegre',
      state: 'RS',
      postal_code: '90119-900',
    },
  ],
};

let seed = 5000;

/** A new tenant with one collection account (`account` + the demo beneficiary) and one payer. */
export async function tenantWithAccount(ctx: TestContext, account: Record<string, unknown>, payer: Record<string, unknown> = DEMO_PAYER) {
  const t = await ctx.newTenant();
  const acc = await ctx.call(t.live, 'POST', '/v1/collection-accounts', { ...account, ...DEMO_BENEFICIARY });
  expect(acc.statusCode, acc.body).toBe(201);
  const cust = await ctx.call(t.live, 'POST', '/v1/customers', { ...payer, document: cpfFrom(++seed) });
  expect(cust.statusCode, cust.body).toBe(201);
  return { t, account: acc.json(), customer: cust.json() };
}

/** A charge due on 10/12 (frame date) with its boleto issued. */
export async function chargeWithBoleto(
  ctx: TestContext,
  t: TestTenant,
  customerId: string,
  amount: number,
  over: Record<string, unknown> = {},
) {
  const ch = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: amount,
    due_date: d('2026-12-10'),
    ...over,
  });
  expect(ch.statusCode, ch.body).toBe(201);
  const b = await ctx.call(t.live, 'POST', `/v1/charges/${ch.json().id}/boleto`);
  expect(b.statusCode, b.body).toBe(200);
  return { charge: ch.json(), boleto: b.json() };
}

/** The next remittance of the account, made (201) and downloaded. */
export async function remit(ctx: TestContext, t: TestTenant, accountId: string) {
  const r = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${accountId}/remittances`);
  expect(r.statusCode, r.body).toBe(201);
  return { made: r.json(), file: (await ctx.call(t.live, 'GET', r.json().file_url)).rawPayload };
}
