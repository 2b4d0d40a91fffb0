import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

let ctx: TestContext;
let t: TestTenant;
let net: { id: string };
let kwh: { id: string };
const c: Record<string, { id: string; itemIds: string[] }> = {};

const drain = () => runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });

async function contract(name: string, customerId: string, over: Record<string, unknown>) {
  const res = await ctx.call(t.live, 'POST', '/v1/contracts', {
    customer_id: customerId,
    billing_day: 5,
    due_days: 10,
    payment_method: 'boleto',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id;
  expect((await ctx.call(t.live, 'POST', `/v1/contracts/${id}/activate`)).statusCode).toBe(200);
  c[name] = { id, itemIds: res.json().items.map((i: { id: string }) => i.id) };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  net = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'NET',
      name: 'Internet 100MB',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 10000,
    })
  ).json();
  kwh = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'KWH',
      name: 'Energia',
      unit: 'kWh',
      pricing_model: 'per_unit',
      price_cents: '50',
      included_quantity: '10',
    })
  ).json();
  const a = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente A', document: cpfFrom(8001) })).json();
  const b = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente B', document: cpfFrom(8002) })).json();
  await contract('full', a.id, { start_date: d('2026-10-05'), items: [{ service_id: net.id }, { service_id: kwh.id }] });
  await contract('mid', b.id, { start_date: d('2026-10-17'), items: [{ service_id: net.id }] });
  // Usage inside the first period (30 kWh − 10 included = 20 × R$ 0,50), and one in the next period.
  expect(
    (
      await ctx.call(t.live, 'POST', '/v1/consumption', {
        contract_item_id: c.full.itemIds[1],
        quantity: '30',
        reference_date: d('2026-10-20'),
        external_id: 'leitura-out',
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await ctx.call(t.live, 'POST', '/v1/consumption', {
        contract_item_id: c.full.itemIds[1],
        quantity: '5',
        reference_date: d('2026-11-10'),
        external_id: 'leitura-nov',
      })
    ).statusCode,
  ).toBe(201);
});
afterAll(() => ctx.close());

const chargesOf = async () => (await ctx.call(t.live, 'GET', '/v1/charges?origin=billing_run&page_size=100&sort=number')).json();

describe('a billing run', () => {
  it('previews without writing anything', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: d('2026-11-05') });
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p.charges).toHaveLength(2);
    expect(p.total_cents).toBe(11_000 + 6_129);
    expect((await chargesOf()).total).toBe(0);
    const nothingDue = (await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: d('2026-11-06') })).json();
    expect(nothingDue.charges).toHaveLength(0);
    expect(nothingDue.skipped).toBe(2);
  });

  it('bills each due contract once: flat in arrears, prorated from a mid-period start, usage beyond the franchise', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', reference_date: d('2026-11-05') });
    await drain();
    const run = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${res.json().id}`)).json();
    expect(run).toMatchObject({
      status: 'finished',
      total_contracts: 2,
      processed_contracts: 2,
      charges_created: 2,
      error_count: 0,
      total_cents: 17_129,
      progress: { processed: 2, total: 2, percent: 100 },
    });

    const list = (await chargesOf()).data;
    const full = list.find((x: { contract_id: string }) => x.contract_id === c.full.id);
    const mid = list.find((x: { contract_id: string }) => x.contract_id === c.mid.id);
    expect(full).toMatchObject({
      amount_cents: 11_000,
      issue_date: d('2026-11-05'),
      due_date: d('2026-11-15'),
      period_start: d('2026-10-05'),
      period_end: d('2026-11-04'),
      status: 'overdue',
      billing_run_id: run.id,
    });
    expect(full.lines.map((l: { kind: string; amount_cents: number }) => [l.kind, l.amount_cents])).toEqual([
      ['flat', 10_000],
      ['usage', 1_000],
    ]);
    // 17/10 … 04/11 is 19 of the period's 31 days: 10000 × 19/31 = 6129.03 → 6129.
    expect(mid).toMatchObject({ amount_cents: 6_129 });
    expect(mid.lines[0]).toMatchObject({ billable_days: 19, period_days: 31 });
  });

  it('freezes the billed usage: no change, no delete, no new record in a billed period', async () => {
    const usage = (await ctx.call(t.live, 'GET', `/v1/consumption?contract_id=${c.full.id}&page_size=10`)).json().data;
    const billed = usage.find((u: { reference_date: string }) => u.reference_date === d('2026-10-20'));
    const put = await ctx.call(t.live, 'PUT', `/v1/consumption/${billed.id}`, {
      contract_item_id: c.full.itemIds[1],
      quantity: '31',
      reference_date: d('2026-10-20'),
    });
    expect(put.statusCode).toBe(409);
    expect((await ctx.call(t.live, 'DELETE', `/v1/consumption/${billed.id}`)).statusCode).toBe(409);
    const late = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: c.full.itemIds[1],
      quantity: '1',
      reference_date: d('2026-10-25'),
    });
    expect(late.statusCode).toBe(409);
    const open = usage.find((u: { reference_date: string }) => u.reference_date === d('2026-11-10'));
    expect((await ctx.call(t.live, 'DELETE', `/v1/consumption/${open.id}`)).statusCode).toBe(200);
  });

  it('a repeated run, and two runs at once, never bill a period twice', async () => {
    const again = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') })).json();
    const r1 = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') })).json();
    const r2 = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') })).json();
    await drain();
    for (const id of [again.id, r1.id, r2.id]) {
      const run = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${id}`)).json();
      expect(run).toMatchObject({ status: 'finished', charges_created: 0, charges_existing: 2 });
    }
    expect((await chargesOf()).total).toBe(2);
  });

  it('reports a contract with bad data and bills the others', async () => {
    const cust = (
      await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente D', document: cpfFrom(8004) })
    ).json();
    await contract('bad', cust.id, { start_date: d('2026-11-05'), items: [{ service_id: net.id }] });
    await contract('good', cust.id, { start_date: d('2026-11-05'), items: [{ service_id: net.id }] });
    // Corrupt one contract behind the API's back: a tier table without an open-ended last tier.
    const tiered = (
      await ctx.call(t.live, 'POST', '/v1/services', {
        code: 'TIER',
        name: 'Faixas',
        unit: 'm³',
        pricing_model: 'tiered',
        tiers: [{ up_to: null, unit_price_cents: '1' }],
      })
    ).json();
    await ctx.db.query(
      `UPDATE service_prices SET tiers = '[{"up_to": "5", "unit_price_cents": "1"}]' WHERE tenant_id = $1 AND service_id = $2`,
      [t.id, tiered.id],
    );
    await ctx.db.query(`UPDATE contract_items SET service_id = $3 WHERE tenant_id = $1 AND contract_id = $2`, [t.id, c.bad.id, tiered.id]);
    // And another whose service lost its price versions.
    const orphan = (
      await ctx.call(t.live, 'POST', '/v1/services', {
        code: 'ORFAO',
        name: 'Sem preço',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 100,
      })
    ).json();
    await contract('noprice', cust.id, { start_date: d('2026-11-05'), items: [{ service_id: orphan.id }] });
    await ctx.db.query(`DELETE FROM service_prices WHERE tenant_id = $1 AND service_id = $2`, [t.id, orphan.id]);
    const run = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-12-05') })).json();
    await drain();
    const done = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${run.id}`)).json();
    expect(done).toMatchObject({ status: 'finished', error_count: 2, charges_created: 3 });
    const errs = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${run.id}/errors`)).json().data;
    expect(errs.map((e: { contract_id: string }) => e.contract_id).sort()).toEqual([c.bad.id, c.noprice.id].sort());
    expect(errs.find((e: { contract_id: string }) => e.contract_id === c.noprice.id).message).toContain('has no price');
  });

  it('the daily tick starts one run per day and marks past-due charges overdue', async () => {
    const one = (await ctx.call(t.live, 'POST', '/v1/billing-runs/tick', { date: d('2026-11-23') })).json();
    expect(one.run_id).toBeTruthy();
    const two = (await ctx.call(t.live, 'POST', '/v1/billing-runs/tick', { date: d('2026-11-23') })).json();
    expect(two.run_id).toBeNull();
    expect((await ctx.call(t.live, 'POST', '/v1/billing-runs/tick', { date: d('2027-01-01') })).statusCode).toBe(400);
    const list = (await ctx.call(t.live, 'GET', '/v1/billing-runs')).json();
    expect(list.data[0]).toMatchObject({ trigger: 'scheduler', reference_date: d('2026-11-23') });
  });

  it('runs of another tenant are 404', async () => {
    const other = await ctx.newTenant();
    const run = (await ctx.call(t.live, 'GET', '/v1/billing-runs')).json().data[0];
    expect((await ctx.call(other.live, 'GET', `/v1/billing-runs/${run.id}`)).statusCode).toBe(404);
    expect((await ctx.call(t.test, 'GET', `/v1/billing-runs/${run.id}`)).statusCode).toBe(404);
  });
});
