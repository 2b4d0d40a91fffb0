// The collection account of a contract: chosen on create/PATCH (the tenant's, active), shown on GET,
// and used for the boletos of the contract's charges (single issue, PDF, carnê) unless the request
// names another; contracts without one stay on the tenant's default account.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { chargeReceipt } from '../../src/boleto/printing.ts';
import { systemScope } from '../../src/platform/scope.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;
let net: { id: string };
let customer: { id: string };
let bb: { id: string; number: number };
let itau: { id: string; number: number };
let itauOther: { id: string };

const beneficiary = {
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

async function newAccount(tenant: TestTenant, body: Record<string, unknown>) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/collection-accounts', { ...beneficiary, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function billedCharge(contractId: string) {
  const run = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') });
  expect(run.statusCode, run.body).toBe(202);
  await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
  const list = (await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${contractId}&page_size=10`)).json().data;
  expect(list).toHaveLength(1);
  return list[0] as { id: string; contract_id: string };
}

async function newContract(body: Record<string, unknown>) {
  return ctx.call(t.live, 'POST', '/v1/contracts', {
    customer_id: customer.id,
    start_date: d('2026-10-05'),
    billing_day: 5,
    due_days: 30,
    payment_method: 'boleto',
    items: [{ service_id: net.id }],
    ...body,
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
  // The first account is the tenant's default.
  bb = await newAccount(t, { bank_code: '001', convenio: '1234567', carteira: '17', agency: '1234', account: '99999' });
  itau = await newAccount(t, { bank_code: '341', agency: '0057', account: '12345', carteira: '109', account_digit: '7' });
  itauOther = await newAccount(other, { bank_code: '341', agency: '0057', account: '12345', carteira: '109', account_digit: '7' });
  net = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'NET',
      name: 'Internet',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 10000,
    })
  ).json();
  customer = (
    await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: 'Maria Pagadora',
      document: cpfFrom(9401),
      addresses: [
        { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
      ],
    })
  ).json();
});
afterAll(() => ctx.close());

describe('a contract with its own collection account', () => {
  it('is shown on GET and its charge gets the boleto on that account, not the default', async () => {
    const res = await newContract({ collection_account_id: itau.id, status: 'active' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      collection_account_id: itau.id,
      collection_account: { number: itau.number, bank_code: '341', active: true },
    });
    const got = (await ctx.call(t.live, 'GET', `/v1/contracts/${res.json().id}`)).json();
    expect(got.collection_account_id).toBe(itau.id);
    const listed = (await ctx.call(t.live, 'GET', `/v1/contracts?collection_account_id=${itau.id}`)).json();
    expect(listed.data.map((c: { id: string }) => c.id)).toEqual([res.json().id]);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts?collection_account_id=${bb.id}`)).json().data).toEqual([]);

    const charge = await billedCharge(res.json().id);
    const boleto = await ctx.call(t.live, 'POST', `/v1/charges/${charge.id}/boleto`);
    expect(boleto.statusCode, boleto.body).toBe(200);
    expect(boleto.json()).toMatchObject({ created: true, collection_account_id: itau.id, bank_code: '341' });
    expect(boleto.json().linha_digitavel.slice(0, 3)).toBe('341');
  });

  it('the carnê issues each charge on its contract account, the others on the default', async () => {
    const own = (
      await newContract({ collection_account_id: itau.id, status: 'active', start_date: d('2026-10-06'), billing_day: 6 })
    ).json();
    const plain = (await newContract({ status: 'active', start_date: d('2026-10-06'), billing_day: 6 })).json();
    expect(plain.collection_account_id).toBeNull();
    const run = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-06') });
    expect(run.statusCode).toBe(202);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
    const chargeOf = async (id: string) =>
      (await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${id}&page_size=10`)).json().data[0].id as string;
    const [a, b] = [await chargeOf(own.id), await chargeOf(plain.id)];
    const carne = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [a, b] });
    expect(carne.statusCode, carne.body.slice(0, 300)).toBe(200);
    const boletoOf = async (id: string) => (await ctx.call(t.live, 'GET', `/v1/charges/${id}/boleto`)).json();
    expect(await boletoOf(a)).toMatchObject({ collection_account_id: itau.id, bank_code: '341' });
    expect(await boletoOf(b)).toMatchObject({ collection_account_id: bb.id, bank_code: '001' });
  });

  it('a request naming an account still wins over the contract', async () => {
    const c = (await newContract({ collection_account_id: itau.id, status: 'active', start_date: d('2026-10-07'), billing_day: 7 })).json();
    const run = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-07') });
    expect(run.statusCode).toBe(202);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
    const charge = (await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${c.id}&page_size=10`)).json().data[0];
    const boleto = await ctx.call(t.live, 'POST', `/v1/charges/${charge.id}/boleto`, { collection_account_id: bb.id });
    expect(boleto.statusCode, boleto.body).toBe(200);
    expect(boleto.json()).toMatchObject({ created: true, collection_account_id: bb.id, bank_code: '001' });
  });
});

describe('choosing the account', () => {
  it("refuses another tenant's or an unknown account (400) and an inactive one (409), naming collection_account_id", async () => {
    const foreign = await newContract({ collection_account_id: itauOther.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: 'collection_account_id', issue: 'no such collection account' }],
    });
    expect((await newContract({ collection_account_id: 'not-a-uuid' })).statusCode).toBe(400);

    const spare = await newAccount(t, { bank_code: '237', agency: '1172', account: '0403005', carteira: '09' });
    expect((await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${spare.id}`, { active: false })).statusCode).toBe(200);
    const inactive = await newContract({ collection_account_id: spare.id });
    expect(inactive.statusCode).toBe(409);
    expect(inactive.json().error).toMatchObject({
      code: 'conflict',
      reason: 'collection_account_inactive',
      details: [{ field: 'collection_account_id' }],
    });
  });

  it('PATCH sets and clears it; an inactive contract account stops its boletos with a reason', async () => {
    const c = (await newContract({})).json();
    expect(c.collection_account_id).toBeNull();
    const set = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { collection_account_id: itau.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().collection_account_id).toBe(itau.id);
    const cleared = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { collection_account_id: null });
    expect(cleared.json()).toMatchObject({ collection_account_id: null, collection_account: null });
    const bad = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { collection_account_id: itauOther.id });
    expect(bad.statusCode).toBe(400);

    // The contract keeps an account deactivated later: its boletos wait, with a reason, instead of going to another bank.
    const spare = await newAccount(t, { bank_code: '756', agency: '4327', beneficiary_code: '3666', carteira: '1' });
    const k = (
      await newContract({ collection_account_id: spare.id, status: 'active', start_date: d('2026-10-08'), billing_day: 8 })
    ).json();
    const run = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-08') });
    expect(run.statusCode).toBe(202);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
    const charge = (await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${k.id}&page_size=10`)).json().data[0];
    expect((await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${spare.id}`, { active: false })).statusCode).toBe(200);
    const refused = await ctx.call(t.live, 'POST', `/v1/charges/${charge.id}/boleto`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'conflict', reason: 'collection_account_inactive' });
    expect(refused.json().error.message).toContain(`contract #${k.number}`);
  });

  it("a Pix-only charge's Pix, its receipt and its payer page name the contract's account, not the default", async () => {
    const pixAccount = await newAccount(t, {
      bank_code: '341',
      agency: '0058',
      account: '54321',
      carteira: '109',
      pix_key: 'pix@conta-do-contrato.com.br',
      beneficiary_name: 'Filial Sul Ltda',
    });
    const k = (
      await newContract({
        collection_account_id: pixAccount.id,
        status: 'active',
        payment_method: 'pix',
        start_date: d('2026-10-07'),
        billing_day: 7,
      })
    ).json();
    const run = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-07') });
    expect(run.statusCode, run.body).toBe(202);
    await runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });
    const [charge] = (await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${k.id}&page_size=10`)).json().data;
    const pix = await ctx.call(t.live, 'GET', `/v1/charges/${charge.id}/pix`);
    expect(pix.statusCode, pix.body).toBe(200);
    expect(pix.json().key).toBe('pix@conta-do-contrato.com.br');
    const link = await ctx.call(t.live, 'POST', `/v1/charges/${charge.id}/payer-link`);
    expect(link.statusCode, link.body).toBeLessThan(300);
    const page = await ctx.app.inject({ method: 'GET', url: new URL(link.json().url).pathname });
    expect(page.body).toContain('Filial Sul Ltda');
    expect(
      (
        await ctx.call(t.live, 'POST', `/v1/charges/${charge.id}/payments`, {
          amount_cents: 10_000,
          method: 'pix',
          paid_on: d('2026-11-08'),
        })
      ).statusCode,
    ).toBe(201);
    const receipt = await chargeReceipt(ctx.db, systemScope(t.id, ctx.clock.now()), charge.id, ctx.clock.today());
    expect(receipt.issuer.name).toBe('Filial Sul Ltda');
    // An account a contract names is deactivated, not deleted; the refusal says why.
    const del = await ctx.call(t.live, 'DELETE', `/v1/collection-accounts/${pixAccount.id}`);
    expect(del.statusCode, del.body).toBe(409);
    expect(del.json().error).toMatchObject({
      code: 'in_use',
      message: expect.stringContaining('contracts refer to this collection account'),
    });
  });
});
