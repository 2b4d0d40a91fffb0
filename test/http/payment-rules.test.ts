import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant } from '../support/app.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { resolvePaymentTerms } from '../../src/payment-rules/terms.ts';
import { computeAmountDue } from '../../src/payment-rules/calculate/index.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;
let seq = 0;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

async function customer(tenant: TestTenant, associate = false): Promise<string> {
  const res = await ctx.call(tenant.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente Regra', document: cpfFrom(7000 + ++seq), associate });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function service(tenant: TestTenant): Promise<string> {
  const res = await ctx.call(tenant.live, 'POST', '/v1/services', { code: `SVC${++seq}`, name: 'Plano', unit: 'mês', pricing_model: 'flat', price_cents: 10000 });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** A contract with one item per service, written directly (the contracts API is another capability). */
async function contract(tenant: TestTenant, customerId: string, serviceIds: string[] = []): Promise<string> {
  const id = uuidv7();
  await ctx.db.query(`INSERT INTO contracts (tenant_id, id, number, customer_id, start_date, billing_day) VALUES ($1, $2, $3, $4, '2026-01-01', 5)`, [
    tenant.id,
    id,
    900_000 + ++seq,
    customerId,
  ]);
  for (const s of serviceIds) {
    await ctx.db.query(`INSERT INTO contract_items (tenant_id, id, contract_id, service_id) VALUES ($1, $2, $3, $4)`, [tenant.id, uuidv7(), id, s]);
  }
  return id;
}

const pct = (descricao: string, percentual: string, over: Record<string, unknown> = {}) => ({ descricao, tipo_calculo_valor: 'N', percentual, ...over });

async function rule(tenant: TestTenant, body: Record<string, unknown>): Promise<{ id: string; codigo: number }> {
  const res = await ctx.call(tenant.live, 'POST', '/v1/payment-rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function link(tenant: TestTenant, ruleId: string, target_type: string, target_id?: string) {
  const res = await ctx.call(tenant.live, 'POST', `/v1/payment-rules/${ruleId}/links`, { target_type, ...(target_id ? { target_id } : {}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('resolvePaymentTerms (for the charges capability)', () => {
  it('selects rules by precedence contract > customer > service > tenant, stacks extras, and resolves the late policy charge > contract > customer > tenant', async () => {
    const tn = await ctx.newTenant();
    const cust = await customer(tn, true);
    const svc = await service(tn);
    const k = await contract(tn, cust, [svc]);
    const tenantRule = await rule(tn, pct('Tenant 1%', '1'));
    const serviceRule = await rule(tn, pct('Serviço 2%', '2'));
    const customerRule = await rule(tn, pct('Cliente 3%', '3'));
    const contractRule = await rule(tn, pct('Contrato 4%', '4'));
    const extra = await rule(tn, pct('Extra 0,5%', '0.5', { desconto_extra: 'S' }));
    const late = await rule(tn, { descricao: 'Atraso R$ 5', acrescimo_desconto: 'A', tipo_calculo_valor: 'V', valor_fixo_centavos: 500, tipo_prazo_pagamento: 'DPV' });
    const thirdOnly = await rule(tn, pct('Só terceiros 9%', '9', { tipo_pessoa: 'T' }));
    await link(tn, tenantRule.id, 'tenant');
    await link(tn, late.id, 'tenant');
    await link(tn, serviceRule.id, 'service', svc);
    await link(tn, customerRule.id, 'customer', cust);
    await link(tn, extra.id, 'tenant');
    await link(tn, thirdOnly.id, 'contract', k);

    const resolve = (over: Partial<Parameters<typeof resolvePaymentTerms>[2]> = {}) =>
      resolvePaymentTerms(ctx.db, tn.id, { customerId: cust, contractId: k, serviceIds: [svc], chargeLatePolicy: null, customerIsAssociate: true, ...over });

    // The contract level has only a third-party rule, so for an associate the customer level wins.
    let terms = await resolve();
    expect(terms.rules.map((r) => r.descricao)).toEqual(['Cliente 3%', 'Atraso R$ 5', 'Extra 0,5%']);
    expect(terms.late).toBeNull();
    // For a third party the contract's rule wins.
    terms = await resolve({ customerIsAssociate: false });
    expect(terms.rules.map((r) => r.descricao)).toEqual(['Só terceiros 9%', 'Atraso R$ 5', 'Extra 0,5%']);

    await link(tn, contractRule.id, 'contract', k);
    expect((await resolve()).rules.map((r) => r.descricao)).toEqual(['Contrato 4%', 'Atraso R$ 5', 'Extra 0,5%']);
    // Without a contract: customer; without customer rules: service; with nothing: tenant.
    expect((await resolve({ contractId: null })).rules[0].descricao).toBe('Cliente 3%');
    const otherCust = await customer(tn, true);
    expect((await resolve({ contractId: null, customerId: otherCust })).rules[0].descricao).toBe('Serviço 2%');
    expect((await resolve({ contractId: null, customerId: otherCust, serviceIds: [] })).rules[0].descricao).toBe('Tenant 1%');

    // The engine takes the result as is: 1.000,00 with 4% + 0,5% extra, paid on the due date.
    const due = computeAmountDue(
      { amountCents: 100000, dueDate: '2026-12-10', issueDate: '2026-11-10', paidCents: 0, customerIsAssociate: true, customerIsConsumer: false },
      (await resolve()).rules,
      null,
      '2026-12-10',
    );
    expect(due.totalCents).toBe(100000 - 4000 - 500);

    // An inactive rule is never applied.
    expect((await ctx.call(tn.live, 'PATCH', `/v1/payment-rules/${contractRule.id}`, { ativo: false })).statusCode).toBe(200);
    expect((await resolve()).rules[0].descricao).toBe('Cliente 3%');

    // Late policies.
    const put = (url: string, body: unknown) => ctx.call(tn.live, 'PUT', url, body);
    expect((await put('/v1/late-charge-policy', { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false } })).statusCode).toBe(200);
    expect((await resolve()).late).toEqual({ graceDays: 0, fine: { kind: 'percent', value: '2' }, interest: { monthlyPercent: '1', compound: false } });
    expect((await put(`/v1/customers/${cust}/late-charge-policy`, { fine: { kind: 'fixed', value: 1000 }, grace_days: 3 })).statusCode).toBe(200);
    expect((await resolve()).late).toEqual({ graceDays: 3, fine: { kind: 'fixed', value: 1000 } });
    expect((await put(`/v1/contracts/${k}/late-charge-policy`, { interest: { monthly_percent: '0.5', compound: true } })).statusCode).toBe(200);
    expect((await resolve()).late).toEqual({ graceDays: 0, interest: { monthlyPercent: '0.5', compound: true } });
    // A one-off charge (no contract) of the customer gets the customer's; another customer the tenant's.
    expect((await resolve({ contractId: null })).late?.graceDays).toBe(3);
    expect((await resolve({ contractId: null, customerId: otherCust })).late?.fine).toEqual({ kind: 'percent', value: '2' });
    // The charge's own policy wins over everything.
    const own = { graceDays: 1, fine: { kind: 'percent' as const, value: '1' } };
    expect((await resolve({ chargeLatePolicy: own })).late).toBe(own);
  });
});
