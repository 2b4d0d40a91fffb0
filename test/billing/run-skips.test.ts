// Issue 16, point 1: a run says why it skipped each contract, and catch_up bills the periods whose
// billing date passed without a charge — each once, issued on the run's date.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant } from '../support/app.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

let ctx: TestContext;
let t: TestTenant;
const c: Record<string, string> = {};
const drain = () => runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });

interface Skip {
  contract_id: string;
  reason: string;
  next_billing_date: string | null;
  unbilled_periods: { period_start: string; billing_date: string; total_cents: number }[];
  unbilled_cents: number;
  message: string;
  contract_number: number;
  customer_name: string;
}

async function contract(name: string, over: Record<string, unknown>) {
  const cust = (
    await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PF',
      name: `Cliente ${name}`,
      document: cpfFrom(9100 + Object.keys(c).length),
    })
  ).json();
  const res = await ctx.call(t.live, 'POST', '/v1/contracts', {
    customer_id: cust.id,
    billing_day: 5,
    due_days: 10,
    payment_method: 'boleto',
    items: [{ service_id: c.net }],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  c[name] = res.json().id;
  expect((await ctx.call(t.live, 'POST', `/v1/contracts/${c[name]}/activate`)).statusCode).toBe(200);
}

async function run(body: Record<string, unknown>) {
  const res = await ctx.call(t.live, 'POST', '/v1/billing-runs', body);
  expect(res.statusCode, res.body).toBe(202);
  await drain();
  return (await ctx.call(t.live, 'GET', `/v1/billing-runs/${res.json().id}`)).json();
}

async function skipsOf(runId: string, query = ''): Promise<Skip[]> {
  const res = await ctx.call(t.live, 'GET', `/v1/billing-runs/${runId}/skipped?page_size=100${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data;
}

const byContract = (skips: Skip[]) =>
  Object.fromEntries(
    Object.entries(c)
      .filter(([k]) => k !== 'net')
      .flatMap(([name, id]) => {
        const s = skips.find((x) => x.contract_id === id);
        return s ? [[name, s.reason]] : [];
      }),
  );
const charges = async (contractId: string) => {
  const res = await ctx.call(t.live, 'GET', `/v1/charges?contract_id=${contractId}&page_size=100`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data.sort((a: { period_start: string }, b: { period_start: string }) => (a.period_start < b.period_start ? -1 : 1));
};

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-07T15:00:00Z' });
  t = await ctx.newTenant();
  c.net = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'NET',
      name: 'Internet 100MB',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 10000,
    })
  ).json().id;
  await contract('backdated', { start_date: d('2026-10-05') });
  await contract('midPeriod', { start_date: d('2026-10-20') }); // first period 05/10–04/11 prorated 16/31
  await contract('fresh', { start_date: d('2026-12-06') }); // first period ends 04/01, billed 05/01
  await contract('future', { start_date: d('2027-01-10') });
  await contract('suspended', { start_date: d('2026-11-05') });
  await contract('cancelled', { start_date: d('2026-10-05') });
  await contract('upToDate', { start_date: d('2026-10-10'), billing_day: 10 });
  expect(
    (await ctx.call(t.live, 'POST', `/v1/contracts/${c.suspended}/suspend`, { start_date: d('2026-12-05'), reason: 'pedido do cliente' }))
      .statusCode,
  ).toBe(200);
  expect((await ctx.call(t.live, 'POST', `/v1/contracts/${c.cancelled}/cancel`, { reason: 'mudou de cidade' })).statusCode).toBe(200); // last day: today, 07/12
  // upToDate's first period (10/10–09/11) is billed on its billing day; nothing of it is pending on 07/12.
  expect((await run({ reference_date: d('2026-11-10') })).charges_created).toBe(1);
});
afterAll(() => ctx.close());

describe('skip reasons', () => {
  it('the preview says, per contract, why nothing is billed on a date that is no billing day, and what catch_up would add', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: d('2026-12-07') });
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.charges).toEqual([]);
    expect(byContract(p.skipped_contracts)).toEqual({
      backdated: 'unbilled_past_periods',
      midPeriod: 'unbilled_past_periods',
      fresh: 'first_period_open',
      future: 'not_started',
      suspended: 'unbilled_past_periods',
      cancelled: 'unbilled_past_periods',
      upToDate: 'not_billing_day',
    });
    const backdated = p.skipped_contracts.find((s: Skip) => s.contract_id === c.backdated);
    expect(backdated).toMatchObject({
      next_billing_date: d('2027-01-05'),
      last_billing_date: d('2026-12-05'),
      billing_day: 5,
      customer_name: 'Cliente backdated',
      unbilled_periods: [
        { period_start: d('2026-10-05'), period_end: d('2026-11-04'), billing_date: d('2026-11-05'), total_cents: 10_000 },
        { period_start: d('2026-11-05'), period_end: d('2026-12-04'), billing_date: d('2026-12-05'), total_cents: 10_000 },
      ],
      unbilled_cents: 20_000,
    });
    expect(backdated.message).toContain('catch_up');
    // 20/10 … 04/11 is 16 of the period's 31 days: 10000 × 16/31 = 5161.29 → 5161.
    expect(
      p.skipped_contracts
        .find((s: Skip) => s.contract_id === c.midPeriod)
        .unbilled_periods.map((u: { total_cents: number }) => u.total_cents),
    ).toEqual([5_161, 10_000]);
    expect(p.skipped_contracts.find((s: Skip) => s.contract_id === c.fresh).next_billing_date).toBe(d('2027-01-05'));
    expect(p.skipped_contracts.find((s: Skip) => s.contract_id === c.future).next_billing_date).toBe(d('2027-02-05'));
    expect(p.skipped_contracts.find((s: Skip) => s.contract_id === c.upToDate).next_billing_date).toBe(d('2026-12-10'));
    expect(p.unbilled_past).toEqual({ contracts: 4, periods: 7, total_cents: 20_000 + 15_161 + 10_000 + 20_000 });
    expect(p.skipped_by_reason).toEqual({ unbilled_past_periods: 4, first_period_open: 1, not_started: 1, not_billing_day: 1 });
  });

  it('a run records the same reasons, lists them paged and by reason, and counts them on the run', async () => {
    const done = await run({ reference_date: d('2026-12-07') });
    expect(done).toMatchObject({
      status: 'finished',
      catch_up: false,
      charges_created: 0,
      skipped_contracts: 7,
      skipped_by_reason: { unbilled_past_periods: 4, first_period_open: 1, not_started: 1, not_billing_day: 1 },
      unbilled_past: { contracts: 4, periods: 7, total_cents: 65_161 },
    });
    const all = await skipsOf(done.id);
    expect(all).toHaveLength(7);
    expect(all.map((s) => s.contract_number)).toEqual([...all.map((s) => s.contract_number)].sort((a, b) => a - b));
    expect(all.find((s) => s.contract_id === c.backdated)).toMatchObject({
      reason: 'unbilled_past_periods',
      unbilled_cents: 20_000,
      customer_name: 'Cliente backdated',
    });
    const pending = await skipsOf(done.id, '&reason=unbilled_past_periods');
    expect(pending.map((s) => s.contract_id).sort()).toEqual([c.backdated, c.midPeriod, c.suspended, c.cancelled].sort());
    const page1 = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${done.id}/skipped?limit=4`)).json();
    const page2 = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${done.id}/skipped?limit=4&cursor=${page1.next_cursor}`)).json();
    expect([...page1.data, ...page2.data].map((s: Skip) => s.contract_id).sort()).toEqual(all.map((s) => s.contract_id).sort());
    expect(page2.has_more).toBe(false);
    expect((await ctx.call(t.live, 'GET', `/v1/billing-runs/${done.id}/skipped?reason=bogus`)).statusCode).toBe(400);
    const other = await ctx.newTenant();
    expect((await ctx.call(other.live, 'GET', `/v1/billing-runs/${done.id}/skipped`)).statusCode).toBe(404);
  });

  it('the daily scheduler run counts routine skips without a row each', async () => {
    const tick = (await ctx.call(t.live, 'POST', '/v1/billing-runs/tick', { date: d('2026-12-07') })).json();
    await drain();
    const done = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${tick.run_id}`)).json();
    expect(done.skipped_by_reason).toMatchObject({ not_billing_day: 1, unbilled_past_periods: 4 });
    const listed = await skipsOf(done.id);
    expect(listed).toHaveLength(6);
    expect(listed.some((s) => s.contract_id === c.upToDate)).toBe(false);
  });
});

describe('catch-up', () => {
  it('the catch-up preview bills every unbilled past period, issued on the run date and due due_days later', async () => {
    const p = (await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: d('2026-12-07'), catch_up: true })).json();
    expect(p).toMatchObject({
      catch_up: true,
      charges_count: 7,
      contracts_billed: 4,
      total_cents: 65_161,
      unbilled_past: { contracts: 0, periods: 0, total_cents: 0 },
    });
    expect(
      p.charges.every(
        (x: { catch_up: boolean; issue_date: string; due_date: string }) =>
          x.catch_up && x.issue_date === d('2026-12-07') && x.due_date === d('2026-12-17'),
      ),
    ).toBe(true);
    expect(byContract(p.skipped_contracts)).toEqual({ fresh: 'first_period_open', future: 'not_started', upToDate: 'not_billing_day' });
  });

  it('bills them exactly once, even with two catch-up runs at once, and matches its preview', async () => {
    const preview = (
      await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: d('2026-12-07'), catch_up: true })
    ).json();
    const r1 = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-12-07'), catch_up: true })).json();
    const r2 = (await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-12-07'), catch_up: true })).json();
    await drain();
    const runs = await Promise.all([r1, r2].map(async (r) => (await ctx.call(t.live, 'GET', `/v1/billing-runs/${r.id}`)).json()));
    expect(runs.every((r) => r.catch_up && r.status === 'finished')).toBe(true);
    expect(runs[0].charges_created + runs[1].charges_created).toBe(7);
    expect(runs[0].total_cents + runs[1].total_cents).toBe(preview.total_cents);
    const billed = (await Promise.all(['backdated', 'midPeriod', 'suspended', 'cancelled'].map((n) => charges(c[n])))).flat();
    expect(billed.map((x: { contract_id: string; period_key: string }) => `${x.contract_id}|${x.period_key}`).sort()).toEqual(
      preview.charges.map((x: { contract_id: string; period_key: string }) => `${x.contract_id}|${x.period_key}`).sort(),
    );
    const back = await charges(c.backdated);
    expect(
      back.map((x: { period_start: string; amount_cents: number; issue_date: string; due_date: string }) => [
        x.period_start,
        x.amount_cents,
        x.issue_date,
        x.due_date,
      ]),
    ).toEqual([
      [d('2026-10-05'), 10_000, d('2026-12-07'), d('2026-12-17')],
      [d('2026-11-05'), 10_000, d('2026-12-07'), d('2026-12-17')],
    ]);
    expect((await charges(c.midPeriod)).map((x: { amount_cents: number }) => x.amount_cents)).toEqual([5_161, 10_000]);
  });

  it('a second catch-up bills nothing new, and the contracts are then simply not due', async () => {
    const again = await run({ reference_date: d('2026-12-07'), catch_up: true });
    expect(again).toMatchObject({
      charges_created: 0,
      charges_existing: 0,
      skipped_contracts: 7,
      unbilled_past: { contracts: 0, periods: 0, total_cents: 0 },
    });
    expect(byContract(await skipsOf(again.id))).toEqual({
      backdated: 'not_billing_day',
      midPeriod: 'not_billing_day',
      suspended: 'not_billing_day',
      cancelled: 'not_billing_day',
      fresh: 'first_period_open',
      future: 'not_started',
      upToDate: 'not_billing_day',
    });
    const regular = await run({ reference_date: d('2026-12-05') });
    expect(regular).toMatchObject({ charges_created: 0, charges_existing: 4 });
  });

  it('a suspended contract is skipped for a period without service; a cancelled one bills its last days, then has ended', async () => {
    const jan = await run({ reference_date: d('2027-01-05') });
    const skips = await skipsOf(jan.id);
    expect(skips.find((s) => s.contract_id === c.suspended)).toMatchObject({ reason: 'suspended', next_billing_date: d('2027-02-05') });
    // Cancelled effective 07/12: 05/12 … 07/12 is 3 of 31 days: 10000 × 3/31 = 967.74 → 968.
    expect((await charges(c.cancelled)).map((x: { amount_cents: number }) => x.amount_cents)).toEqual([10_000, 10_000, 968]);
    const feb = await run({ reference_date: d('2027-02-05') });
    expect((await skipsOf(feb.id)).find((s) => s.contract_id === c.cancelled)).toMatchObject({ reason: 'ended', next_billing_date: null });
  });

  it('refuses a malformed catch_up', async () => {
    expect((await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: d('2026-12-07'), catch_up: 'yes' })).statusCode).toBe(400);
    expect((await ctx.call(t.live, 'POST', '/v1/billing-runs/preview', { reference_date: '2026-13-01' })).statusCode).toBe(400);
  });
});
