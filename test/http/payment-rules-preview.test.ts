// POST /v1/payment-rules/preview and /v1/late-charge-policy/preview: an unsaved rule or policy on an
// example charge, computed by the engine. The numbers are the worked examples of docs/payment-rules.md
// (R$ 1.000,00 issued 10/11/2026, due 10/12/2026). Also GET /v1/late-charge-policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(() => ctx.close());

// The docs' dates are fixed calendar dates (the engine takes them as given), not "today".
const example = (paid_on: string[], over: Record<string, unknown> = {}) => ({
  amount_cents: 100000,
  issue_date: '2026-11-10',
  due_date: '2026-12-10',
  paid_on,
  ...over,
});

async function previewRule(body: Record<string, unknown>) {
  const res = await ctx.call(t.live, 'POST', '/v1/payment-rules/preview', body);
  return { status: res.statusCode, json: res.json(), body: res.body };
}
const totals = (json: { dates: { total_cents: number }[] }) => json.dates.map((x) => x.total_cents);

describe('POST /v1/payment-rules/preview', () => {
  it('computes an early-payment discount on each date, with the breakdown and the rule in words', async () => {
    const r = await previewRule({
      descricao: 'Desconto pontualidade 5%',
      acrescimo_desconto: 'D',
      tipo_calculo_valor: 'N',
      percentual: '5',
      tipo_prazo_pagamento: 'AOV',
      example: example(['2026-11-30', '2026-12-10', '2026-12-11']),
    });
    expect(r.status, r.body).toBe(200);
    expect(totals(r.json)).toEqual([95000, 95000, 100000]);
    const [early, onDue, late] = r.json.dates;
    expect(early).toMatchObject({
      paid_on: '2026-11-30',
      days_from_due: -10,
      days_late: 0,
      discounts: [{ descricao: 'Desconto pontualidade 5%', amount_cents: 5000 }],
      surcharges: [],
    });
    expect(onDue.days_from_due).toBe(0);
    expect(late).toMatchObject({ days_from_due: 1, days_late: 1, discounts: [], fine_cents: 0, interest_cents: 0 });
    expect(r.json.in_words).toEqual(['Até 10/12/2026: desconto de 5,00% (R$ 50,00).']);
    expect(r.json.example).toEqual({
      amount_cents: 100000,
      issue_date: '2026-11-10',
      due_date: '2026-12-10',
      paid_cents: 0,
      customer_is_associate: true,
      customer_is_consumer: false,
    });
    // Nothing was stored.
    const list = await ctx.call(t.live, 'GET', '/v1/payment-rules');
    expect(list.json().data).toEqual([]);
  });

  it('matches the documented examples: at least N days early, per day, compound, caps, grace of the rule', async () => {
    const ten = { descricao: 'R$ 10', tipo_calculo_valor: 'V', valor_fixo_centavos: 1000 };
    expect(
      totals((await previewRule({ ...ten, tipo_prazo_pagamento: 'ADV', dias: 5, example: example(['2026-12-05', '2026-12-06']) })).json),
    ).toEqual([99000, 100000]);
    // R$ 0,50 per day early; before the issue date the count stops at the issue date (30 days).
    const perDay = await previewRule({
      descricao: 'R$ 0,50/dia',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 50,
      tipo_aplicacao_calculo: 'P',
      example: example(['2026-11-30', '2026-11-01']),
    });
    expect(totals(perDay.json)).toEqual([99500, 98500]);
    // 0,1 % a day compound, 10 days early: 994,52 → 995 off.
    const compound = await previewRule({
      descricao: '0,1%/dia',
      percentual: '0.1',
      tipo_aplicacao_calculo: 'P',
      tipo_juros: 'C',
      example: example(['2026-11-30']),
    });
    expect(totals(compound.json)).toEqual([99005]);
    // A R$ 10,00-per-day surcharge 30 days late is 30000, capped at 2,5 % = 2500.
    const capped = await previewRule({
      descricao: 'Atraso diário',
      acrescimo_desconto: 'A',
      tipo_calculo_valor: 'V',
      valor_fixo_centavos: 1000,
      tipo_aplicacao_calculo: 'P',
      tipo_prazo_pagamento: 'DPV',
      teto_percentual: '2.5',
      example: example(['2027-01-09']),
    });
    expect(capped.json.dates[0]).toMatchObject({ total_cents: 102500, surcharges: [{ amount_cents: 2500 }] });
    // VCE, 3 days: a surcharge only after due + 3.
    const vce = await previewRule({
      ...ten,
      acrescimo_desconto: 'A',
      tipo_prazo_pagamento: 'VCE',
      dias: 3,
      example: example(['2026-12-13', '2026-12-14']),
    });
    expect(totals(vce.json)).toEqual([100000, 101000]);
    // Target amount with R$ 100,00 already paid: no discount.
    const target = await previewRule({
      descricao: 'Pague R$ 950',
      tipo_calculo_valor: 'M',
      valor_fixo_centavos: 95000,
      example: example(['2026-12-10'], { paid_cents: 10000 }),
    });
    expect(totals(target.json)).toEqual([90000]);
  });

  it('selects the example customer the rule is for, unless told', async () => {
    const third = { descricao: 'Terceiros R$ 10', tipo_calculo_valor: 'V', valor_fixo_centavos: 1000, tipo_pessoa: 'T' };
    const byDefault = await previewRule({ ...third, example: example(['2026-12-10']) });
    expect(byDefault.json.example.customer_is_associate).toBe(false);
    expect(totals(byDefault.json)).toEqual([99000]);
    const associate = await previewRule({ ...third, example: example(['2026-12-10'], { customer_is_associate: true }) });
    expect(totals(associate.json)).toEqual([100000]);
  });

  it('refuses an invalid rule with the same field details as create, and a bad example', async () => {
    const bodies = [
      { descricao: 'Sem percentual', tipo_calculo_valor: 'N' },
      { descricao: 'Montante por dia', tipo_calculo_valor: 'M', valor_fixo_centavos: 95000, tipo_aplicacao_calculo: 'P' },
      { descricao: 'Dias fora de lugar', percentual: '5', tipo_prazo_pagamento: 'AOV', dias: 3 },
    ];
    for (const body of bodies) {
      const created = await ctx.call(t.live, 'POST', '/v1/payment-rules', body);
      const previewed = await previewRule({ ...body, example: example(['2026-12-10']) });
      expect(created.statusCode).toBe(400);
      expect(previewed.status).toBe(400);
      expect(previewed.json.error.code).toBe('validation_failed');
      expect(previewed.json.error.details).toEqual(created.json().error.details);
    }
    const badDates = await previewRule({ descricao: 'x', percentual: '5', example: example(['2026-12-10'], { issue_date: '2026-12-20' }) });
    expect(badDates.status).toBe(400);
    expect(badDates.json.error.details).toEqual([{ field: 'example.issue_date', issue: 'must be on or before the due date' }]);
    const overpaid = await previewRule({ descricao: 'x', percentual: '5', example: example(['2026-12-10'], { paid_cents: 100001 }) });
    expect(overpaid.json.error.details).toEqual([{ field: 'example.paid_cents', issue: 'must not exceed amount_cents' }]);
    const noDates = await previewRule({ descricao: 'x', percentual: '5', example: example([]) });
    expect(noDates.status).toBe(400);
  });
});

describe('POST /v1/late-charge-policy/preview', () => {
  const preview = async (body: Record<string, unknown>) => {
    const res = await ctx.call(t.live, 'POST', '/v1/late-charge-policy/preview', body);
    return { status: res.statusCode, json: res.json(), body: res.body };
  };

  it('computes fine and interest with grace, as documented, and says it in words', async () => {
    const r = await preview({
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
      grace_days: 5,
      example: example(['2026-12-10', '2026-12-15', '2026-12-16']),
    });
    expect(r.status, r.body).toBe(200);
    expect(totals(r.json)).toEqual([100000, 100000, 102200]);
    expect(r.json.dates[2]).toMatchObject({ days_late: 6, fine_cents: 2000, interest_cents: 200 });
    expect(r.json.in_words).toEqual([
      'Após 15/12/2026 (carência de 5 dias): multa de 2,00% e juros de 1,00% ao mês desde o vencimento (R$ 0,33 por dia).',
    ]);
  });

  it("caps a consumer's fine at 2 %, compounds with the linear convention, and refuses an invalid policy", async () => {
    const tenPercent = { fine: { kind: 'percent', value: '10' }, interest: { monthly_percent: '1', compound: false } };
    expect(totals((await preview({ ...tenPercent, example: example(['2026-12-11'], { customer_is_consumer: true }) })).json)).toEqual([
      102033,
    ]);
    expect(totals((await preview({ ...tenPercent, example: example(['2026-12-11']) })).json)).toEqual([110033]);
    const compound = await preview({ interest: { monthly_percent: '1', compound: true }, example: example(['2027-01-24']) });
    expect(compound.json.dates[0]).toMatchObject({ days_late: 45, interest_cents: 1505, total_cents: 101505 });
    const bad = await preview({ fine: { kind: 'fixed', value: '2' }, example: example(['2026-12-11']) });
    expect(bad.status).toBe(400);
    const put = await ctx.call(t.live, 'PUT', '/v1/late-charge-policy', { fine: { kind: 'fixed', value: '2' } });
    expect(bad.json.error.details).toEqual(put.json().error.details);
  });
});

describe('GET /v1/late-charge-policies', () => {
  it('lists the tenant policy first, then customers and contracts with whom they belong to', async () => {
    const tn = await ctx.newTenant();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await ctx.call(tn.live, method, path, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const cust = await call('POST', '/v1/customers', { person_type: 'PF', name: 'Ana Própria', document: cpfFrom(4242) });
    const svc = await call('POST', '/v1/services', { code: 'PL1', name: 'Plano', unit: 'mês', pricing_model: 'flat', price_cents: 10000 });
    const k = await call('POST', '/v1/contracts', {
      customer_id: cust.id,
      start_date: d('2026-01-01'),
      billing_day: 5,
      items: [{ service_id: svc.id }],
    });
    expect((await call('GET', '/v1/late-charge-policies')).data).toEqual([]);
    await call('PUT', `/v1/contracts/${k.id}/late-charge-policy`, { interest: { monthly_percent: '0.5', compound: false } });
    await call('PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
    });
    await call('PUT', `/v1/customers/${cust.id}/late-charge-policy`, { fine: { kind: 'fixed', value: 500 }, grace_days: 3 });
    const list = await call('GET', '/v1/late-charge-policies');
    expect(list.has_more).toBe(false);
    expect(list.data.map((p: { level: string }) => p.level)).toEqual(['tenant', 'customer', 'contract']);
    expect(list.data[0]).toMatchObject({
      target_id: null,
      customer: null,
      contract: null,
      policy: { fine: { kind: 'percent', value: '2' } },
    });
    expect(list.data[1]).toMatchObject({
      target_id: cust.id,
      customer: { id: cust.id, number: cust.number, name: 'Ana Própria' },
      contract: null,
      policy: { grace_days: 3 },
    });
    expect(list.data[2]).toMatchObject({
      target_id: k.id,
      customer: { id: cust.id, name: 'Ana Própria' },
      contract: { id: k.id, number: k.number },
      policy: { fine: null },
    });
    const paged = await call('GET', '/v1/late-charge-policies?page=2&page_size=2');
    expect(paged.data.map((p: { level: string }) => p.level)).toEqual(['contract']);
    // Another tenant (which never stored a policy) sees none of them.
    expect((await ctx.call(t.live, 'GET', '/v1/late-charge-policies')).json().data).toEqual([]);
  });
});

describe('GET /v1/payment-rules?target_type=&target_id= (the rules attached to one record, for the console)', () => {
  it('lists only the rules attached to that target, and refuses a half-given target', async () => {
    const tn = await ctx.newTenant();
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await ctx.call(tn.live, method, path, body);
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json();
    };
    const a = await call('POST', '/v1/customers', { person_type: 'PF', name: 'Ana', document: cpfFrom(5151) });
    const b = await call('POST', '/v1/customers', { person_type: 'PF', name: 'Bia', document: cpfFrom(5152) });
    const r1 = await call('POST', '/v1/payment-rules', { descricao: 'R1', percentual: '1' });
    const r2 = await call('POST', '/v1/payment-rules', { descricao: 'R2', percentual: '2' });
    const r3 = await call('POST', '/v1/payment-rules', { descricao: 'R3', percentual: '3' });
    await call('POST', `/v1/payment-rules/${r1.id}/links`, { target_type: 'customer', target_id: a.id });
    await call('POST', `/v1/payment-rules/${r2.id}/links`, { target_type: 'customer', target_id: a.id });
    await call('POST', `/v1/payment-rules/${r2.id}/links`, { target_type: 'customer', target_id: b.id });
    await call('POST', `/v1/payment-rules/${r3.id}/links`, { target_type: 'tenant' });
    const names = (page: { data: { descricao: string }[] }) => page.data.map((r) => r.descricao).sort();
    expect(names(await call('GET', `/v1/payment-rules?target_type=customer&target_id=${a.id}`))).toEqual(['R1', 'R2']);
    expect(names(await call('GET', `/v1/payment-rules?target_type=customer&target_id=${b.id}&q=R`))).toEqual(['R2']);
    expect(names(await call('GET', '/v1/payment-rules?target_type=tenant'))).toEqual(['R3']);
    expect(names(await call('GET', `/v1/payment-rules?target_type=contract&target_id=${a.id}`))).toEqual([]);
    expect((await call('GET', `/v1/payment-rules?target_type=customer&target_id=${a.id}&include_total=true`)).total).toBe(2);
    for (const [query, field] of [
      [`target_id=${a.id}`, 'target_type'],
      ['target_type=customer', 'target_id'],
      [`target_type=tenant&target_id=${a.id}`, 'target_id'],
    ]) {
      const res = await ctx.call(tn.live, 'GET', `/v1/payment-rules?${query}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe(field);
    }
    // Another tenant's record gives nothing.
    expect((await ctx.call(t.live, 'GET', `/v1/payment-rules?target_type=customer&target_id=${a.id}`)).json().data).toEqual([]);
  });
});
