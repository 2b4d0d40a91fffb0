import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { resolvePaymentTerms, resolvePaymentTermsMany } from '../../src/payment-rules/terms.ts';
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
  const res = await ctx.call(tenant.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Cliente Regra',
    document: cpfFrom(7000 + ++seq),
    associate,
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function service(tenant: TestTenant): Promise<string> {
  const res = await ctx.call(tenant.live, 'POST', '/v1/services', {
    code: `SVC${++seq}`,
    name: 'Plano',
    unit: 'mês',
    pricing_model: 'flat',
    price_cents: 10000,
  });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

/** A contract with one item per service, written directly (the contracts API is another capability). */
async function contract(tenant: TestTenant, customerId: string, serviceIds: string[] = []): Promise<string> {
  const id = uuidv7();
  const at = ctx.clock.now().toISOString();
  await ctx.db.query(
    `INSERT INTO contracts (tenant_id, id, number, customer_id, start_date, billing_day, created_at, updated_at) VALUES ($1, $2, $3, $4, $6, 5, $5, $5)`,
    [tenant.id, id, 900_000 + ++seq, customerId, at, d('2026-01-01')],
  );
  for (const s of serviceIds) {
    await ctx.db.query(`INSERT INTO contract_items (tenant_id, id, contract_id, service_id, created_at) VALUES ($1, $2, $3, $4, $5)`, [
      tenant.id,
      uuidv7(),
      id,
      s,
      at,
    ]);
  }
  return id;
}

const pct = (descricao: string, percentual: string, over: Record<string, unknown> = {}) => ({
  descricao,
  tipo_calculo_valor: 'N',
  percentual,
  ...over,
});

async function rule(tenant: TestTenant, body: Record<string, unknown>): Promise<{ id: string; codigo: number }> {
  const res = await ctx.call(tenant.live, 'POST', '/v1/payment-rules', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function link(tenant: TestTenant, ruleId: string, target_type: string, target_id?: string) {
  const res = await ctx.call(tenant.live, 'POST', `/v1/payment-rules/${ruleId}/links`, {
    target_type,
    ...(target_id ? { target_id } : {}),
  });
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
    const late = await rule(tn, {
      descricao: 'Atraso R$ 5',
      acrescimo_desconto: 'A',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 500,
      tipo_prazo_pagamento: 'DPV',
    });
    const thirdOnly = await rule(tn, pct('Só terceiros 9%', '9', { tipo_pessoa: 'T' }));
    await link(tn, tenantRule.id, 'tenant');
    await link(tn, late.id, 'tenant');
    await link(tn, serviceRule.id, 'service', svc);
    await link(tn, customerRule.id, 'customer', cust);
    await link(tn, extra.id, 'tenant');
    await link(tn, thirdOnly.id, 'contract', k);

    const resolve = (over: Partial<Parameters<typeof resolvePaymentTerms>[2]> = {}) =>
      resolvePaymentTerms(ctx.db, tn.id, {
        customerId: cust,
        contractId: k,
        serviceIds: [svc],
        chargeLatePolicy: null,
        customerIsAssociate: true,
        ...over,
      });

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
      {
        amountCents: 100000,
        dueDate: d('2026-12-10'),
        issueDate: d('2026-11-10'),
        paidCents: 0,
        customerIsAssociate: true,
        customerIsConsumer: false,
      },
      (await resolve()).rules,
      null,
      d('2026-12-10'),
    );
    expect(due.totalCents).toBe(100000 - 4000 - 500);

    // An inactive rule is never applied.
    expect((await ctx.call(tn.live, 'PATCH', `/v1/payment-rules/${contractRule.id}`, { ativo: false })).statusCode).toBe(200);
    expect((await resolve()).rules[0].descricao).toBe('Cliente 3%');

    // Late policies.
    const put = (url: string, body: unknown) => ctx.call(tn.live, 'PUT', url, body);
    expect(
      (await put('/v1/late-charge-policy', { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false } }))
        .statusCode,
    ).toBe(200);
    expect((await resolve()).late).toEqual({
      graceDays: 0,
      fine: { kind: 'percent', value: '2' },
      interest: { monthlyPercent: '1', compound: false },
    });
    expect(
      (await put(`/v1/customers/${cust}/late-charge-policy`, { fine: { kind: 'fixed', value: 1000 }, grace_days: 3 })).statusCode,
    ).toBe(200);
    expect((await resolve()).late).toEqual({ graceDays: 3, fine: { kind: 'fixed', value: 1000 } });
    expect((await put(`/v1/contracts/${k}/late-charge-policy`, { interest: { monthly_percent: '0.5', compound: true } })).statusCode).toBe(
      200,
    );
    expect((await resolve()).late).toEqual({ graceDays: 0, interest: { monthlyPercent: '0.5', compound: true } });
    // A one-off charge (no contract) of the customer gets the customer's; another customer the tenant's.
    expect((await resolve({ contractId: null })).late?.graceDays).toBe(3);
    expect((await resolve({ contractId: null, customerId: otherCust })).late?.fine).toEqual({ kind: 'percent', value: '2' });
    // The charge's own policy wins over everything.
    const own = { graceDays: 1, fine: { kind: 'percent' as const, value: '1' } };
    expect((await resolve({ chargeLatePolicy: own })).late).toBe(own);
  });
});

describe('resolvePaymentTermsMany', () => {
  it('gives, in two queries, exactly what resolvePaymentTerms gives for each charge', async () => {
    const tn = await ctx.newTenant();
    const [a, b, c] = [await customer(tn, true), await customer(tn, false), await customer(tn, true)];
    const [s1, s2] = [await service(tn), await service(tn)];
    const ka = await contract(tn, a, [s1]);
    const kb = await contract(tn, b, [s2]);
    const mk = async (descricao: string, over: Record<string, unknown>, target: [string, string?][]) => {
      const r = await rule(tn, { descricao, ...over });
      for (const [type, id] of target) await link(tn, r.id, type, id);
    };
    await mk('T 1%', { percentual: '1' }, [['tenant']]);
    await mk('T multa', { acrescimo_desconto: 'A', tipo_calculo_valor: 'V', valor_fixo_centavos: 300, tipo_prazo_pagamento: 'DPV' }, [
      ['tenant'],
    ]);
    await mk('S1 2%', { percentual: '2' }, [['service', s1]]);
    await mk('S2 extra', { percentual: '0.3', desconto_extra: 'S' }, [
      ['service', s2],
      ['customer', c],
    ]);
    await mk('A assoc 3%', { percentual: '3', tipo_pessoa: 'A' }, [
      ['customer', a],
      ['customer', b],
    ]);
    await mk('KA 4%', { percentual: '4' }, [['contract', ka]]);
    await mk(
      'KB terceiros acréscimo',
      { acrescimo_desconto: 'A', tipo_calculo_valor: 'V', valor_fixo_centavos: 900, tipo_prazo_pagamento: 'DPV', tipo_pessoa: 'T' },
      [['contract', kb]],
    );
    await ctx.call(tn.live, 'PUT', '/v1/late-charge-policy', { fine: { kind: 'percent', value: '2' } });
    await ctx.call(tn.live, 'PUT', `/v1/customers/${b}/late-charge-policy`, {
      grace_days: 5,
      interest: { monthly_percent: '1', compound: true },
    });
    await ctx.call(tn.live, 'PUT', `/v1/contracts/${ka}/late-charge-policy`, {});
    const inputs = [
      { customerId: a, contractId: ka, serviceIds: [s1], chargeLatePolicy: null, customerIsAssociate: true },
      { customerId: a, contractId: null, serviceIds: [s1, s2], chargeLatePolicy: null, customerIsAssociate: true },
      { customerId: b, contractId: kb, serviceIds: [s2], chargeLatePolicy: null, customerIsAssociate: false },
      { customerId: b, contractId: null, serviceIds: [], chargeLatePolicy: null, customerIsAssociate: false },
      { customerId: c, contractId: null, serviceIds: [s2, s2], chargeLatePolicy: null, customerIsAssociate: true },
      { customerId: c, contractId: null, serviceIds: [], chargeLatePolicy: { graceDays: 9 }, customerIsAssociate: true },
    ];
    const many = await resolvePaymentTermsMany(ctx.db, tn.id, inputs);
    const single = await Promise.all(inputs.map((i) => resolvePaymentTerms(ctx.db, tn.id, i)));
    expect(many).toEqual(single);
    // And the cases mean what they should.
    expect(single.map((x) => x.rules.map((r) => r.descricao))).toEqual([
      ['KA 4%', 'T multa'],
      ['A assoc 3%', 'T multa', 'S2 extra'],
      // b is a third party: the associates-only customer rule is skipped, the contract's surcharge wins.
      ['T 1%', 'KB terceiros acréscimo', 'S2 extra'],
      ['T 1%', 'T multa'],
      ['T 1%', 'T multa', 'S2 extra'],
      ['T 1%', 'T multa', 'S2 extra'],
    ]);
    expect(single.map((x) => x.late)).toEqual([
      { graceDays: 0 },
      { graceDays: 0, fine: { kind: 'percent', value: '2' } },
      { graceDays: 5, interest: { monthlyPercent: '1', compound: true } },
      { graceDays: 5, interest: { monthlyPercent: '1', compound: true } },
      { graceDays: 0, fine: { kind: 'percent', value: '2' } },
      { graceDays: 9 },
    ]);
    expect(await resolvePaymentTermsMany(ctx.db, tn.id, [])).toEqual([]);
  });
});

describe('/v1/payment-rules CRUD', () => {
  it('creates with defaults, numbers per tenant, reads by id and codigo, sets data_alteracao from the clock', async () => {
    const tn = await ctx.newTenant();
    const res = await ctx.call(tn.live, 'POST', '/v1/payment-rules', { descricao: '  Desconto pontualidade  ', percentual: '5' });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      codigo: 1,
      descricao: 'Desconto pontualidade',
      acrescimo_desconto: 'D',
      tipo_aplicacao_calculo: 'D',
      tipo_calculo_valor: 'N',
      tipo_juros: 'S',
      tipo_saldo: 'S',
      tipo_prazo_pagamento: 'AOV',
      tipo_pessoa: 'S',
      desconto_extra: 'N',
      codigo_externo: null,
      percentual: '5',
      valor_fixo_centavos: null,
      dias: null,
      ativo: true,
      data_alteracao: d('2026-11-23T12:00:00.000Z'),
      links: [],
    });
    expect((await ctx.call(tn.live, 'POST', '/v1/payment-rules', { descricao: 'Segunda', percentual: '1' })).json().codigo).toBe(2);
    expect((await ctx.call(tn.live, 'GET', `/v1/payment-rules/${r.id}`)).json().codigo).toBe(1);
    expect((await ctx.call(tn.live, 'GET', '/v1/payment-rules/1')).json().id).toBe(r.id);
    expect((await ctx.call(tn.live, 'GET', '/v1/payment-rules/99')).statusCode).toBe(404);
    // The sandbox numbers on its own.
    expect((await ctx.call(tn.test, 'POST', '/v1/payment-rules', { descricao: 'Sandbox', percentual: '1' })).json().codigo).toBe(1);
    // An event per write.
    const { rows } = await ctx.db.query(`SELECT type FROM events WHERE tenant_id = $1 AND resource_type = 'payment_rule' ORDER BY seq`, [
      tn.id,
    ]);
    expect(rows.map((e) => e.type)).toEqual(['payment_rule.created', 'payment_rule.created']);
  });

  it('stores every field and every code', async () => {
    const body = {
      descricao: 'Acréscimo composto por dia',
      acrescimo_desconto: 'A',
      tipo_aplicacao_calculo: 'P',
      tipo_calculo_valor: 'N',
      tipo_juros: 'C',
      tipo_saldo: 'A',
      tipo_prazo_pagamento: 'VCE',
      tipo_pessoa: 'T',
      desconto_extra: 'S',
      codigo_externo: 'EXT-ALL',
      percentual: '0.0333',
      dias: 3,
      teto_centavos: 5000,
      teto_percentual: '2.5',
      ativo: false,
    };
    const res = await ctx.call(t.live, 'POST', '/v1/payment-rules', body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject(body);
    expect((await ctx.call(t.live, 'GET', '/v1/payment-rules/by-external-code/EXT-ALL')).json().id).toBe(res.json().id);
  });

  it('refuses bad input per field with 400 and the field named', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ percentual: '1' }, 'descricao'],
      [{ descricao: '   ', percentual: '1' }, 'descricao'],
      [{ descricao: 'x', percentual: '1', acrescimo_desconto: 'X' }, 'acrescimo_desconto'],
      [{ descricao: 'x', percentual: '1', tipo_aplicacao_calculo: 'Q' }, 'tipo_aplicacao_calculo'],
      [{ descricao: 'x', percentual: '1', tipo_calculo_valor: 'Z' }, 'tipo_calculo_valor'],
      [{ descricao: 'x', percentual: '1', tipo_juros: 'X' }, 'tipo_juros'],
      [{ descricao: 'x', percentual: '1', tipo_saldo: 'X' }, 'tipo_saldo'],
      [{ descricao: 'x', percentual: '1', tipo_prazo_pagamento: 'XYZ' }, 'tipo_prazo_pagamento'],
      [{ descricao: 'x', percentual: '1', tipo_pessoa: 'X' }, 'tipo_pessoa'],
      [{ descricao: 'x', percentual: '1', desconto_extra: true }, 'desconto_extra'],
      [{ descricao: 'x' }, 'percentual'], // N needs a percentage
      [{ descricao: 'x', percentual: '100.5' }, 'percentual'],
      [{ descricao: 'x', percentual: '1.23456' }, 'percentual'],
      [{ descricao: 'x', percentual: 2 }, 'percentual'],
      [{ descricao: 'x', tipo_calculo_valor: 'V' }, 'valor_fixo_centavos'],
      [{ descricao: 'x', tipo_calculo_valor: 'V', valor_fixo_centavos: 10, percentual: '1' }, 'percentual'],
      [{ descricao: 'x', tipo_calculo_valor: 'V', valor_fixo_centavos: 1.5 }, 'valor_fixo_centavos'],
      [{ descricao: 'x', tipo_calculo_valor: 'M', tipo_aplicacao_calculo: 'P', valor_fixo_centavos: 10 }, 'tipo_aplicacao_calculo'],
      [{ descricao: 'x', percentual: '1', tipo_prazo_pagamento: 'VCE' }, 'dias'],
      [{ descricao: 'x', percentual: '1', tipo_prazo_pagamento: 'ADV', dias: 0 }, 'dias'],
      [{ descricao: 'x', percentual: '1', dias: 5 }, 'dias'], // AOV has no days
      [{ descricao: 'x', percentual: '1', teto_centavos: -1 }, 'teto_centavos'],
      [{ descricao: 'x', percentual: '1', teto_percentual: 'abc' }, 'teto_percentual'],
      [{ descricao: 'x', percentual: '1', codigo: 5 }, 'codigo'],
      [{ descricao: 'x', percentual: '1', data_alteracao: d('2026-01-01T00:00:00Z') }, 'data_alteracao'],
    ];
    for (const [body, field] of cases) {
      const res = await ctx.call(t.live, 'POST', '/v1/payment-rules', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(
        res.json().error.details.map((d: { field: string }) => d.field),
        JSON.stringify(body),
      ).toContain(field);
    }
  });

  it('keeps codigo_externo unique per tenant (409), not across tenants', async () => {
    const a = await rule(t, pct('A', '1', { codigo_externo: 'DUP-1' }));
    const dup = await ctx.call(t.live, 'POST', '/v1/payment-rules', pct('B', '1', { codigo_externo: 'DUP-1' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'duplicate_external_code', existing_codigo: a.codigo });
    const b = await rule(t, pct('B', '1'));
    expect((await ctx.call(t.live, 'PATCH', `/v1/payment-rules/${b.id}`, { codigo_externo: 'DUP-1' })).statusCode).toBe(409);
    expect((await ctx.call(other.live, 'POST', '/v1/payment-rules', pct('C', '1', { codigo_externo: 'DUP-1' }))).statusCode).toBe(201);
  });

  it('patches only the fields sent, validates the result, and moves data_alteracao', async () => {
    const r = await rule(t, pct('Patch me', '5'));
    ctx.clock.advance(60_000);
    const toV = await ctx.call(t.live, 'PATCH', `/v1/payment-rules/${r.id}`, { tipo_calculo_valor: 'V', valor_fixo_centavos: 1000 });
    expect(toV.statusCode).toBe(400);
    expect(toV.json().error.details).toEqual([{ field: 'percentual', issue: 'only used when tipo_calculo_valor = N' }]);
    const ok = await ctx.call(t.live, 'PATCH', `/v1/payment-rules/${r.id}`, {
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 1000,
      percentual: null,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      descricao: 'Patch me',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 1000,
      percentual: null,
      data_alteracao: d('2026-11-23T12:01:00.000Z'),
    });
    expect((await ctx.call(t.live, 'PATCH', `/v1/payment-rules/${r.id}`, {})).statusCode).toBe(400);
    expect((await ctx.call(t.live, 'PATCH', `/v1/payment-rules/${r.id}`, { data_alteracao: 'x' })).statusCode).toBe(400);
  });

  it('lists, searches (filters, sort, paging) and describes its fields', async () => {
    const tn = await ctx.newTenant();
    await rule(tn, pct('Beta desconto', '2'));
    await rule(tn, pct('Alfa desconto', '1', { codigo_externo: 'ALFA' }));
    await rule(tn, {
      descricao: 'Gama acréscimo',
      acrescimo_desconto: 'A',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 100,
      tipo_prazo_pagamento: 'DPV',
    });
    const all = (await ctx.call(tn.live, 'GET', '/v1/payment-rules')).json();
    expect(all.data.map((r: { codigo: number }) => r.codigo)).toEqual([1, 2, 3]);
    expect(all.total).toBe(3);
    const q = (await ctx.call(tn.live, 'GET', '/v1/payment-rules?q=desconto&sort=descricao')).json();
    expect(q.data.map((r: { descricao: string }) => r.descricao)).toEqual(['Alfa desconto', 'Beta desconto']);
    expect((await ctx.call(tn.live, 'GET', '/v1/payment-rules?acrescimo_desconto=A')).json().data).toHaveLength(1);
    const s = await ctx.call(tn.live, 'POST', '/v1/payment-rules/search', {
      filters: [{ field: 'percentual', op: 'gte', value: '1.5' }],
      sort: [{ field: 'codigo', direction: 'desc' }],
      page_size: 1,
    });
    expect(s.json()).toMatchObject({ total: 1, data: [{ descricao: 'Beta desconto' }] });
    const extra = await ctx.call(tn.live, 'POST', '/v1/payment-rules/search', {
      filters: [{ field: 'desconto_extra', op: 'eq', value: 'N' }],
    });
    expect(extra.json().total).toBe(3);
    expect(
      (await ctx.call(tn.live, 'POST', '/v1/payment-rules/search', { filters: [{ field: 'links', op: 'eq', value: 'x' }] })).statusCode,
    ).toBe(400);
    const meta = (await ctx.call(tn.live, 'GET', '/v1/payment-rules/metadata')).json();
    expect(meta.fields.find((f: { field: string }) => f.field === 'descricao')).toMatchObject({
      type: 'string',
      max_length: 200,
      required: true,
      filterable: true,
      sortable: true,
    });
    expect(meta.fields.find((f: { field: string }) => f.field === 'tipo_prazo_pagamento').enum).toEqual([
      'ADV',
      'AOV',
      'DIV',
      'DPV',
      'S',
      'VCE',
    ]);
    const codes = (await ctx.call(tn.live, 'GET', '/v1/payment-rules/codes')).json();
    expect(codes.codes.tipo_saldo.map((o: { value: string }) => o.value)).toEqual(['A', 'O', 'S']);
    expect(codes.rate_fields.map((f: { name: string }) => f.name)).toContain('teto_percentual');
  });

  it('deletes a rule with its links', async () => {
    const tn = await ctx.newTenant();
    const r = await rule(tn, pct('Apagar', '1'));
    await link(tn, r.id, 'tenant');
    const del = await ctx.call(tn.live, 'DELETE', `/v1/payment-rules/${r.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().links).toHaveLength(1);
    expect((await ctx.call(tn.live, 'GET', `/v1/payment-rules/${r.id}`)).statusCode).toBe(404);
    const { rows } = await ctx.db.query('SELECT count(*)::int AS n FROM payment_rule_links WHERE tenant_id = $1', [tn.id]);
    expect(rows[0].n).toBe(0);
    expect((await ctx.call(tn.live, 'DELETE', `/v1/payment-rules/${r.id}`)).statusCode).toBe(404);
  });

  it('isolates tenants', async () => {
    const r = await rule(t, pct('Minha', '1', { codigo_externo: 'ISO-1' }));
    expect((await ctx.call(other.live, 'GET', `/v1/payment-rules/${r.id}`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'GET', '/v1/payment-rules/by-external-code/ISO-1')).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'PATCH', `/v1/payment-rules/${r.id}`, { descricao: 'x' })).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'DELETE', `/v1/payment-rules/${r.id}`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'tenant' })).statusCode).toBe(404);
    // Nor can a rule be attached to another tenant's customer.
    const theirs = await customer(other);
    const res = await ctx.call(t.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'customer', target_id: theirs });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'target_id', issue: 'no such customer' }]);
    expect((await ctx.call(null, 'GET', '/v1/payment-rules')).statusCode).toBe(401);
  });
});

describe('links and effective rules', () => {
  it('attaches and detaches, refuses duplicates and bad targets', async () => {
    const tn = await ctx.newTenant();
    const cust = await customer(tn);
    const r = await rule(tn, pct('Link', '1'));
    const l1 = await link(tn, r.id, 'customer', cust);
    expect(l1).toMatchObject({ rule_id: r.id, target_type: 'customer', target_id: cust });
    const dup = await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'customer', target_id: cust });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.existing_link_id).toBe(l1.id);
    expect((await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'customer' })).statusCode).toBe(400);
    expect(
      (await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'tenant', target_id: cust })).statusCode,
    ).toBe(400);
    expect(
      (await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'planet', target_id: cust })).statusCode,
    ).toBe(400);
    expect(
      (await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'contract', target_id: uuidv7() })).statusCode,
    ).toBe(400);
    await link(tn, r.id, 'tenant');
    expect((await ctx.call(tn.live, 'POST', `/v1/payment-rules/${r.id}/links`, { target_type: 'tenant' })).statusCode).toBe(409);
    expect((await ctx.call(tn.live, 'GET', `/v1/payment-rules/${r.id}/links`)).json().data).toHaveLength(2);
    const del = await ctx.call(tn.live, 'DELETE', `/v1/payment-rules/${r.id}/links/${l1.id}`);
    expect(del.statusCode).toBe(200);
    expect((await ctx.call(tn.live, 'DELETE', `/v1/payment-rules/${r.id}/links/${l1.id}`)).statusCode).toBe(404);
    expect(
      (await ctx.call(tn.live, 'GET', `/v1/payment-rules/${r.id}`)).json().links.map((l: { target_type: string }) => l.target_type),
    ).toEqual(['tenant']);
    // Deleting the customer removes its links (configuration, not history).
    await link(tn, r.id, 'customer', cust);
    expect((await ctx.call(tn.live, 'DELETE', `/v1/customers/${cust}`)).statusCode).toBe(200);
    expect((await ctx.call(tn.live, 'GET', `/v1/payment-rules/${r.id}/links`)).json().data).toHaveLength(1);
  });

  it('shows the effective rules of a customer, a contract and a service', async () => {
    const tn = await ctx.newTenant();
    const assoc = await customer(tn, true);
    const third = await customer(tn, false);
    const svc = await service(tn);
    const k = await contract(tn, assoc, [svc]);
    const tenantRule = await rule(tn, pct('Tenant', '1'));
    const svcRule = await rule(tn, pct('Serviço', '2'));
    const custRule = await rule(tn, pct('Associado', '3', { tipo_pessoa: 'A' }));
    const kRule = await rule(tn, pct('Contrato extra', '0.5', { desconto_extra: 'S' }));
    const fine = await rule(tn, {
      descricao: 'Multa contratual',
      acrescimo_desconto: 'A',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 700,
      tipo_prazo_pagamento: 'DPV',
    });
    await link(tn, tenantRule.id, 'tenant');
    await link(tn, fine.id, 'tenant');
    await link(tn, svcRule.id, 'service', svc);
    await link(tn, custRule.id, 'customer', assoc);
    await link(tn, custRule.id, 'customer', third);
    await link(tn, kRule.id, 'contract', k);
    const view = async (url: string) => {
      const res = await ctx.call(tn.live, 'GET', url);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { associate: boolean; data: { level: string; rule: { descricao: string } }[] };
    };
    const names = (v: Awaited<ReturnType<typeof view>>) => v.data.map((d) => `${d.level}:${d.rule.descricao}`);
    expect(names(await view(`/v1/customers/${assoc}/payment-rules`))).toEqual(['customer:Associado', 'tenant:Multa contratual']);
    // The associates-only customer rule does not hide the tenant rule from a third party.
    const tv = await view(`/v1/customers/${third}/payment-rules`);
    expect(tv.associate).toBe(false);
    expect(names(tv)).toEqual(['tenant:Tenant', 'tenant:Multa contratual']);
    expect(names(await view(`/v1/contracts/${k}/payment-rules`))).toEqual([
      'customer:Associado',
      'tenant:Multa contratual',
      'contract:Contrato extra',
    ]);
    expect(names(await view(`/v1/services/${svc}/payment-rules`))).toEqual(['service:Serviço', 'tenant:Multa contratual']);
    expect((await view(`/v1/services/${svc}/payment-rules?associate=true`)).associate).toBe(true);
    expect((await ctx.call(tn.live, 'GET', `/v1/customers/${uuidv7()}/payment-rules`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'GET', `/v1/contracts/${k}/payment-rules`)).statusCode).toBe(404);
  });
});

describe('late-charge policies', () => {
  it('sets, reads, inherits and removes the policy per level', async () => {
    const tn = await ctx.newTenant();
    const cust = await customer(tn);
    const k = await contract(tn, cust);
    const empty = await ctx.call(tn.live, 'GET', '/v1/late-charge-policy');
    expect(empty.json()).toEqual({
      level: 'tenant',
      target_id: null,
      policy: null,
      updated_at: null,
      effective: { level: null, policy: null },
    });
    const put = await ctx.call(tn.live, 'PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2.00', cap_percent: '10' },
      interest: { monthly_percent: '1', compound: false },
      grace_days: 2,
    });
    expect(put.statusCode, put.body).toBe(200);
    const tenantPolicy = {
      fine: { kind: 'percent', value: '2', cap_percent: '10' },
      interest: { monthly_percent: '1', compound: false },
      grace_days: 2,
    };
    expect(put.json()).toMatchObject({ level: 'tenant', policy: tenantPolicy, effective: { level: 'tenant', policy: tenantPolicy } });
    // The contract inherits the tenant's until it has its own.
    let kv = (await ctx.call(tn.live, 'GET', `/v1/contracts/${k}/late-charge-policy`)).json();
    expect(kv).toMatchObject({ level: 'contract', target_id: k, policy: null, effective: { level: 'tenant' } });
    expect(
      (await ctx.call(tn.live, 'PUT', `/v1/customers/${cust}/late-charge-policy`, { fine: { kind: 'fixed', value: 1500 } })).statusCode,
    ).toBe(200);
    kv = (await ctx.call(tn.live, 'GET', `/v1/contracts/${k}/late-charge-policy`)).json();
    expect(kv.effective).toEqual({
      level: 'customer',
      policy: { fine: { kind: 'fixed', value: 1500, cap_percent: null }, interest: null, grace_days: 0, accept_days_after_due: null },
    });
    // "No late charges on this contract": an empty policy.
    expect((await ctx.call(tn.live, 'PUT', `/v1/contracts/${k}/late-charge-policy`, {})).json().effective).toEqual({
      level: 'contract',
      policy: { fine: null, interest: null, grace_days: 0, accept_days_after_due: null },
    });
    // Replacing is whole: the second PUT drops the fine.
    expect(
      (
        await ctx.call(tn.live, 'PUT', `/v1/customers/${cust}/late-charge-policy`, { interest: { monthly_percent: '2', compound: true } })
      ).json().policy,
    ).toEqual({
      fine: null,
      interest: { monthly_percent: '2', compound: true },
      grace_days: 0,
      accept_days_after_due: null,
    });
    const del = await ctx.call(tn.live, 'DELETE', `/v1/contracts/${k}/late-charge-policy`);
    expect(del.json()).toMatchObject({ policy: null, effective: { level: 'customer' } });
    expect((await ctx.call(tn.live, 'DELETE', `/v1/contracts/${k}/late-charge-policy`)).statusCode).toBe(404);
    const { rows } = await ctx.db.query(
      `SELECT type FROM events WHERE tenant_id = $1 AND resource_type = 'late_charge_policy' ORDER BY seq`,
      [tn.id],
    );
    expect(rows.map((e) => e.type)).toEqual([
      'late_charge_policy.updated',
      'late_charge_policy.updated',
      'late_charge_policy.updated',
      'late_charge_policy.updated',
      'late_charge_policy.deleted',
    ]);
  });

  it('refuses bad policies field by field', async () => {
    const cases: [unknown, string][] = [
      [{ fine: { kind: 'percent', value: 2 } }, 'fine.value'],
      [{ fine: { kind: 'fixed', value: '2' } }, 'fine.value'],
      [{ fine: { kind: 'fixed', value: -5 } }, 'fine.value'],
      [{ fine: { kind: 'daily', value: '2' } }, 'fine.kind'],
      [{ fine: { kind: 'percent', value: '2', cap_percent: '200' } }, 'fine.cap_percent'],
      [{ interest: { monthly_percent: '1' } }, 'interest.compound'],
      [{ interest: { monthly_percent: '1.23456', compound: false } }, 'interest.monthly_percent'],
      [{ grace_days: -1 }, 'grace_days'],
      [{ grace: 1 }, 'grace'],
    ];
    for (const [body, field] of cases) {
      const res = await ctx.call(t.live, 'PUT', '/v1/late-charge-policy', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res
          .json()
          .error.details.map((d: { field: string }) => d.field)
          .join(' '),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${uuidv7()}/late-charge-policy`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'PUT', `/v1/contracts/${uuidv7()}/late-charge-policy`, {})).statusCode).toBe(404);
  });

  it('keeps each tenant its own policy', async () => {
    const a = await ctx.newTenant();
    const b = await ctx.newTenant();
    await ctx.call(a.live, 'PUT', '/v1/late-charge-policy', { fine: { kind: 'percent', value: '2' } });
    expect((await ctx.call(b.live, 'GET', '/v1/late-charge-policy')).json().policy).toBeNull();
    expect((await ctx.call(a.test, 'GET', '/v1/late-charge-policy')).json().policy).toBeNull();
  });
});

describe('through the charges capability', () => {
  it('a rule written in the CRM dialect, attached to the customer, and the tenant late policy decide GET /v1/charges/{id}/amount-due', async () => {
    const tn = await ctx.newTenant();
    const cust = await customer(tn);
    const saved = await ctx.call(tn.live, 'POST', '/crm/desconto-pontualidade', [
      { descricao: 'Pontualidade 5%', percentual: '5', tipo_prazo_pagamento: 'AOV' },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    const ruleId = (await ctx.call(tn.live, 'GET', `/v1/payment-rules/${saved.json()[0].codigo}`)).json().id;
    await link(tn, ruleId, 'customer', cust);
    await ctx.call(tn.live, 'PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
    });
    const charge = await ctx.call(tn.live, 'POST', '/v1/charges', {
      customer_id: cust,
      description: 'Mensalidade',
      amount_cents: 100_000,
      due_date: d('2026-12-10'),
    });
    expect(charge.statusCode, charge.body).toBe(201);
    const due = async (date: string) => {
      const res = await ctx.call(tn.live, 'GET', `/v1/charges/${charge.json().id}/amount-due?date=${date}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    // On the due date: 5 % off R$ 1.000,00.
    expect(await due(d('2026-12-10'))).toMatchObject({ total_cents: 95_000, discounts: [{ rule_id: ruleId, amount_cents: 5000 }] });
    // 10 days late: no discount; fine 2 % = 2000; interest 100000 × 1 % × 10/30 = 333,33 → 333.
    expect(await due(d('2026-12-20'))).toMatchObject({ total_cents: 102_333, discounts: [], fine_cents: 2000, interest_cents: 333 });
  });
});
