// A contract item's own end date (items[i].ends_on): validated on create and PATCH, honoured by the
// billing run (prorated by day in the period it ends in, absent from later periods).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

const NOW = '2027-02-20T15:00:00Z';
let ctx: TestContext;
let t: TestTenant;
let net: { id: string };
let tv: { id: string };
let customer: { id: string };

const drain = () => runJobsUntilIdle(ctx.db, { queues: ['billing'], clock: ctx.clock });

async function bill(referenceDate: string) {
  const res = await ctx.call(t.live, 'POST', '/v1/billing-runs', { reference_date: referenceDate });
  expect(res.statusCode, res.body).toBe(202);
  await drain();
  const run = (await ctx.call(t.live, 'GET', `/v1/billing-runs/${res.json().id}`)).json();
  expect(run).toMatchObject({ status: 'finished', error_count: 0 });
}

type Line = { contract_item_id: string; amount_cents: number; billable_days: number; period_days: number };
type Charge = { contract_id: string; period_start: string; amount_cents: number; lines: Line[] };
async function chargeOf(contractId: string, periodStart: string): Promise<Charge | undefined> {
  const list = (await ctx.call(t.live, 'GET', `/v1/charges?origin=billing_run&page_size=100&sort=number`)).json().data as Charge[];
  return list.find((c) => c.contract_id === contractId && c.period_start === periodStart);
}

async function newContract(body: Record<string, unknown>) {
  const res = await ctx.call(t.live, 'POST', '/v1/contracts', {
    customer_id: customer.id,
    billing_day: 5,
    due_days: 10,
    status: 'active',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  ctx = await createTestContext({ now: NOW });
  t = await ctx.newTenant();
  net = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'NET',
      name: 'Internet',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 10000,
    })
  ).json();
  tv = (
    await ctx.call(t.live, 'POST', '/v1/services', { code: 'TV', name: 'TV', unit: 'mês', pricing_model: 'flat', price_cents: 6000 })
  ).json();
  customer = (
    await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente Término', document: cpfFrom(9301) })
  ).json();
});
afterEach(() => ctx.clock.set(d(NOW)));
afterAll(() => ctx.close());

describe('an item ending mid-contract', () => {
  it('is billed in full before its end, prorated in the period it ends in, and not after', async () => {
    // Signed while the item still runs (the contract shows items in force today or later).
    ctx.clock.set(d('2026-10-06T15:00:00Z'));
    const c = await newContract({
      start_date: d('2026-10-05'),
      items: [{ service_id: net.id }, { service_id: tv.id, quantity: 2, ends_on: d('2026-11-20') }],
    });
    const tvItem = c.items.find((i: { service_id: string }) => i.service_id === tv.id);
    expect(tvItem.ends_on).toBe(d('2026-11-20'));
    const netItem = c.items.find((i: { service_id: string }) => i.service_id === net.id);
    expect(netItem.ends_on).toBeNull();
    ctx.clock.set(d(NOW));

    await bill(d('2026-11-05'));
    // 05/10 … 04/11: both items whole: 10000 + 2 × 6000.
    const first = (await chargeOf(c.id, d('2026-10-05')))!;
    expect(first.amount_cents).toBe(22_000);

    await bill(d('2026-12-05'));
    // 05/11 … 04/12 (30 days); the TV ends on 20/11: 16 of 30 days of 12000 = 6400.
    const second = (await chargeOf(c.id, d('2026-11-05')))!;
    expect(second.amount_cents).toBe(10_000 + 6_400);
    const tvLine = second.lines.find((l) => l.contract_item_id === tvItem.id)!;
    expect(tvLine).toMatchObject({ amount_cents: 6_400, billable_days: 16, period_days: 30 });
    expect(second.lines.find((l) => l.contract_item_id === netItem.id)).toMatchObject({ amount_cents: 10_000, billable_days: 30 });

    await bill(d('2027-01-05'));
    const third = (await chargeOf(c.id, d('2026-12-05')))!;
    expect(third.amount_cents).toBe(10_000);
    expect(third.lines.map((l) => l.contract_item_id)).toEqual([netItem.id]);
  });

  it('an item ending within a suspension loses the suspended days too, rounded half up to the cent', async () => {
    // 05/01 … 04/02 (31 days); the TV ends on 14/01 and 10/01 … 12/01 are suspended: 10 − 3 = 7 days of 6000 = 1354.84 → 1355.
    ctx.clock.set(d('2027-01-13T15:00:00Z'));
    const c = await newContract({
      start_date: d('2027-01-05'),
      items: [{ service_id: net.id }, { service_id: tv.id, ends_on: d('2027-01-14') }],
    });
    const s = await ctx.call(t.live, 'POST', `/v1/contracts/${c.id}/suspend`, { start_date: d('2027-01-10'), end_date: d('2027-01-12') });
    expect(s.statusCode, s.body).toBe(200);
    ctx.clock.set(d(NOW));
    await bill(d('2027-02-05'));
    const charge = (await chargeOf(c.id, d('2027-01-05')))!;
    const tvLine = charge.lines.find((l) => l.contract_item_id === c.items[1].id)!;
    expect(tvLine).toMatchObject({ amount_cents: 1_355, billable_days: 7, period_days: 31 });
    // The internet: 31 − 3 suspended days of 10000 = 9032.26 → 9032.
    expect(charge.amount_cents).toBe(9_032 + 1_355);
  });
});

describe('validation', () => {
  it('refuses an item end before the contract start or after its end_date, naming items[i].ends_on', async () => {
    const before = await ctx.call(t.live, 'POST', '/v1/contracts', {
      customer_id: customer.id,
      start_date: d('2027-03-01'),
      items: [{ service_id: net.id }, { service_id: tv.id, ends_on: d('2027-02-28') }],
    });
    expect(before.statusCode).toBe(400);
    expect(before.json().error).toMatchObject({ code: 'validation_failed' });
    expect(before.json().error.details).toEqual([{ field: 'items[1].ends_on', issue: expect.stringContaining(d('2027-03-01')) }]);

    const after = await ctx.call(t.live, 'POST', '/v1/contracts', {
      customer_id: customer.id,
      start_date: d('2027-03-01'),
      end_date: d('2027-06-30'),
      items: [{ service_id: net.id, ends_on: d('2027-07-01') }],
    });
    expect(after.statusCode).toBe(400);
    expect(after.json().error.details).toEqual([
      { field: 'items[0].ends_on', issue: `must not be after the contract's end_date (${d('2027-06-30')})` },
    ]);

    const notADate = await ctx.call(t.live, 'POST', '/v1/contracts', {
      customer_id: customer.id,
      start_date: d('2027-03-01'),
      items: [{ service_id: net.id, ends_on: '31/12/2027' }],
    });
    expect(notADate.statusCode).toBe(400);
  });
});

describe('PATCH with item end dates', () => {
  it('sets, keeps and clears an end on a kept item of a running contract in place, and refuses one in a billed period', async () => {
    const c = await newContract({ start_date: d('2027-01-05'), items: [{ service_id: net.id }, { service_id: tv.id }] });
    const [netItem, tvItem] = c.items;
    // Current period 05/02 … 04/03: ending the TV on 25/02 changes nothing else (no new item row).
    const set = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: netItem.id, service_id: net.id },
        { id: tvItem.id, service_id: tv.id, ends_on: d('2027-02-25') },
      ],
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(
      set.json().items.map((i: { id: string; ends_on: string | null; starts_on: string | null }) => [i.id, i.starts_on, i.ends_on]),
    ).toEqual([
      [netItem.id, null, null],
      [tvItem.id, null, d('2027-02-25')],
    ]);
    // Omitting ends_on on a kept item keeps it.
    const kept = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: netItem.id, service_id: net.id },
        { id: tvItem.id, service_id: tv.id },
      ],
    });
    expect(kept.json().items[1].ends_on).toBe(d('2027-02-25'));
    // Before the current period (05/02): already billed.
    const billed = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: netItem.id, service_id: net.id },
        { id: tvItem.id, service_id: tv.id, ends_on: d('2027-02-04') },
      ],
    });
    expect(billed.statusCode).toBe(400);
    expect(billed.json().error.details).toEqual([{ field: 'items[1].ends_on', issue: expect.stringContaining(d('2027-02-05')) }]);
    // null reopens it.
    const cleared = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: netItem.id, service_id: net.id },
        { id: tvItem.id, service_id: tv.id, ends_on: null },
      ],
    });
    expect(cleared.json().items[1].ends_on).toBeNull();
    expect(cleared.json().items).toHaveLength(2);
  });

  it('a changed item with an end: the old terms run to the period end and the new row carries the end; a new item starts next period', async () => {
    const c = await newContract({ start_date: d('2027-01-05'), items: [{ service_id: net.id }] });
    // A new item on a running contract starts with the next period (05/03): it cannot end before.
    const early = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: c.items[0].id, service_id: net.id },
        { service_id: tv.id, ends_on: d('2027-03-04') },
      ],
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details).toEqual([{ field: 'items[1].ends_on', issue: expect.stringContaining(d('2027-03-05')) }]);

    const res = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: c.items[0].id, service_id: net.id, quantity: 2, ends_on: d('2027-04-20') },
        { service_id: tv.id, ends_on: d('2027-03-20') },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .items.map((i: { service_id: string; quantity: string; starts_on: string | null; ends_on: string | null }) => [
          i.service_id,
          i.quantity,
          i.starts_on,
          i.ends_on,
        ]),
    ).toEqual([
      [net.id, '1', null, d('2027-03-04')],
      [net.id, '2', d('2027-03-05'), d('2027-04-20')],
      [tv.id, '1', d('2027-03-05'), d('2027-03-20')],
    ]);
  });

  it('a pending contract takes the end on the item itself; the start day itself is a valid end', async () => {
    const c = await newContract({
      status: 'pending',
      start_date: d('2027-03-01'),
      items: [{ service_id: net.id }, { service_id: tv.id, ends_on: d('2027-03-01') }],
    });
    expect(c.items[1].ends_on).toBe(d('2027-03-01'));
    const res = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: c.items[0].id, service_id: net.id, quantity: 2, ends_on: d('2027-05-31') },
        { id: c.items[1].id, service_id: tv.id, ends_on: null },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .items.map((i: { id: string; quantity: string; starts_on: string | null; ends_on: string | null }) => [
          i.id,
          i.quantity,
          i.starts_on,
          i.ends_on,
        ]),
    ).toEqual([
      [c.items[0].id, '2', null, d('2027-05-31')],
      [c.items[1].id, '1', null, null],
    ]);
    // Before the (new) start date, checked against the contract as patched.
    const bad = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      start_date: d('2027-06-01'),
      items: [{ id: c.items[0].id, service_id: net.id, ends_on: d('2027-05-31') }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details).toEqual([{ field: 'items[0].ends_on', issue: expect.stringContaining(d('2027-06-01')) }]);
  });

  it('a changed item ending inside the current period just ends there (the new terms would never start)', async () => {
    const c = await newContract({ start_date: d('2027-01-05'), items: [{ service_id: net.id }, { service_id: tv.id }] });
    const res = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [
        { id: c.items[0].id, service_id: net.id },
        { id: c.items[1].id, service_id: tv.id, quantity: 3, ends_on: d('2027-02-28') },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((i: { id: string; quantity: string; ends_on: string | null }) => [i.id, i.quantity, i.ends_on])).toEqual([
      [c.items[0].id, '1', null],
      [c.items[1].id, '1', d('2027-02-28')],
    ]);
  });
});
