// Scenario: a condominium billed a flat fee plus metered water, through the public API on a clock
// that travels day by day (test/support/time-travel.ts: the daily tick and the workers each morning).
//
//   November   Apartment 302 joins: R$ 450,00 a month plus water beyond 10 m³ (graduated tiers),
//              billed on the 5th for the month before, due ten days later.
//   20 Nov     the meter reading (23,5 m³) is recorded.
//   5 Dec      the billing run bills November: the fee plus 13,5 m³ of water; the reading is frozen.
//   6 Dec      a reading dated inside November is refused; the same reading re-sent is not a new one.
//   Dec        two readings for December.
//   5 Jan      December is billed with December's water only; a second run of the day bills nothing.
//
// Every date is a frame date (d()), so the story also runs with COBRE_TEST_NOW years away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { cnpjFrom, createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { startOn, travelTo } from '../support/time-travel.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';

const FEE = 45_000; // R$ 450,00
let ctx: TestContext;
let t: TestTenant;

async function api(method: string, url: string, body?: unknown, status = 200) {
  const res: LightMyRequestResponse = await ctx.call(t.live, method, url, body);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}
const chargesOf = async (contractId: string) => (await api('GET', `/v1/charges?contract_id=${contractId}&sort=number&page_size=10`)).data;
const linesOf = (charge: { lines: { kind: string; amount_cents: number; quantity: string }[] }) =>
  // Quantities as numbers: charge lines answer them with six places ('13.500000').
  charge.lines.map((l) => [l.kind, Number(l.quantity), l.amount_cents]);

beforeAll(async () => {
  ctx = await createTestContext();
  startOn(ctx, '2026-11-02');
  t = await ctx.newTenant('Condomínio Solar das Águas');
});
afterAll(() => ctx?.close());

describe('metered usage: recorded, billed in its period, never billed twice', () => {
  let contract: { id: string; items: { id: string; service_id: string }[] };
  let waterItem: string;
  let november: { id: string };

  it('2 Nov: apartment 302 joins: a monthly fee plus water beyond a 10 m³ franchise', async () => {
    const fee = await api(
      'POST',
      '/v1/services',
      { code: 'TAXA', name: 'Taxa condominial', unit: 'mês', pricing_model: 'flat', price_cents: FEE },
      201,
    );
    // Graduated: the first 10 m³ beyond the franchise at R$ 8,00, the rest at R$ 12,00.
    const water = await api(
      'POST',
      '/v1/services',
      {
        code: 'AGUA',
        name: 'Água',
        unit: 'm³',
        pricing_model: 'tiered',
        included_quantity: '10',
        tiers: [
          { up_to: '10', unit_price_cents: '800' },
          { up_to: null, unit_price_cents: '1200' },
        ],
      },
      201,
    );
    const owner = await api(
      'POST',
      '/v1/customers',
      { person_type: 'PJ', name: 'Apto 302 Participações Ltda', document: cnpjFrom(302302) },
      201,
    );
    contract = await api(
      'POST',
      '/v1/contracts',
      {
        customer_id: owner.id,
        start_date: d('2026-11-05'),
        billing_day: 5,
        due_days: 10,
        items: [{ service_id: fee.id }, { service_id: water.id }],
      },
      201,
    );
    waterItem = contract.items.find((i) => i.service_id === water.id)!.id;
    await api('POST', `/v1/contracts/${contract.id}/activate`);
  });

  it('20 Nov: the meter reading of November is recorded', async () => {
    await travelTo(ctx, '2026-11-20');
    const reading = await api(
      'POST',
      '/v1/consumption',
      { contract_item_id: waterItem, quantity: '23.5', reference_date: d('2026-11-20'), external_id: 'hidrometro-302-2026-11' },
      201,
    );
    expect(reading).toMatchObject({ quantity: '23.5', billed: false });
  });

  it('5 Dec: November is billed: the fee plus 13,5 m³ of water beyond the franchise; the reading is frozen', async () => {
    await travelTo(ctx, '2026-12-05');
    const charges = await chargesOf(contract.id);
    expect(charges).toHaveLength(1);
    november = charges[0];
    // 23,5 − 10 = 13,5 m³: 10 × 800 + 3,5 × 1200 = 8000 + 4200 = 12200.
    expect(charges[0]).toMatchObject({
      amount_cents: FEE + 12_200,
      period_start: d('2026-11-05'),
      period_end: d('2026-12-04'),
      due_date: d('2026-12-15'),
      status: 'open',
    });
    expect(linesOf(charges[0])).toEqual([
      ['flat', 1, FEE],
      ['usage', 13.5, 12_200],
    ]);
    const readings = (await api('GET', `/v1/consumption?contract_id=${contract.id}`)).data;
    expect(readings).toEqual([expect.objectContaining({ external_id: 'hidrometro-302-2026-11', billed: true })]);
  });

  it('6 Dec: a late reading inside November is refused; the same reading re-sent is not a new one', async () => {
    await travelTo(ctx, '2026-12-06');
    const late = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: waterItem,
      quantity: '2',
      reference_date: d('2026-12-01'),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'frozen', details: [{ field: 'reference_date' }] });
    const resent = await api('POST', '/v1/consumption', {
      contract_item_id: waterItem,
      quantity: '23.5',
      reference_date: d('2026-11-20'),
      external_id: 'hidrometro-302-2026-11',
    });
    expect(resent).toMatchObject({ billed: true });
    expect((await api('GET', `/v1/consumption?contract_id=${contract.id}`)).data).toHaveLength(1);
  });

  it('December: two readings are recorded for the period', async () => {
    await travelTo(ctx, '2026-12-15');
    await api(
      'POST',
      '/v1/consumption',
      { contract_item_id: waterItem, quantity: '12.5', reference_date: d('2026-12-15'), external_id: 'h302-a' },
      201,
    );
    await travelTo(ctx, '2026-12-28');
    await api(
      'POST',
      '/v1/consumption',
      { contract_item_id: waterItem, quantity: '6.75', reference_date: d('2026-12-28'), external_id: 'h302-b' },
      201,
    );
  });

  it('5 Jan: December is billed with December’s water only; running the day again bills nothing more', async () => {
    await travelTo(ctx, '2027-01-05');
    const charges = await chargesOf(contract.id);
    expect(charges).toHaveLength(2);
    // 12,5 + 6,75 = 19,25 m³ − 10 = 9,25 m³, all in the first tier: 9,25 × 800 = 7400.
    expect(charges[1]).toMatchObject({ amount_cents: FEE + 7_400, period_start: d('2026-12-05'), period_end: d('2027-01-04') });
    expect(linesOf(charges[1])).toEqual([
      ['flat', 1, FEE],
      ['usage', 9.25, 7_400],
    ]);
    // November's charge is as it was.
    expect(await api('GET', `/v1/charges/${november.id}`)).toMatchObject({ amount_cents: FEE + 12_200 });
    expect((await api('GET', `/v1/consumption?contract_id=${contract.id}&billed=false`)).data).toEqual([]);

    // A clerk runs the day's billing again: the period is already billed, nothing is created.
    const run = await api('POST', '/v1/billing-runs', { reference_date: d('2027-01-05') }, 202);
    await runJobsUntilIdle(ctx.db, { clock: ctx.clock });
    expect(await api('GET', `/v1/billing-runs/${run.id}`)).toMatchObject({
      status: 'finished',
      charges_created: 0,
      charges_existing: 1,
      total_cents: 0,
    });
    expect(await chargesOf(contract.id)).toHaveLength(2);
  });
});
