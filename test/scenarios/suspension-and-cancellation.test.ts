// Scenario: a gym membership through a vacation, a disputed bill and a cancellation, told through the
// public API on a clock that travels day by day (test/support/time-travel.ts: the daily tick and the
// workers each morning).
//
//   November   João joins: R$ 99,90 a month from 10 Nov, billed on the 10th, due five days later.
//   10 Dec     November is billed; João pays on the 12th.
//   14 Dec     he suspends the membership for his vacation, until 31 Dec.
//   1 Jan      the planned suspension ends: the daily tick resumes the contract on its own.
//   10 Jan     the period is billed for its 13 days of service only.
//   12 Jan     João disputes the bill; the clerk cancels it: it never goes overdue and takes no payment.
//   20 Jan     João cancels the membership, effective today.
//   10 Feb     the last, partial period is billed once; 10 Mar bills nothing.
//
// Every date is a frame date (d()), so the story also runs with COBRE_TEST_NOW years away.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { cpfFrom, createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { startOn, travelTo } from '../support/time-travel.ts';

const PRICE = 9_990; // R$ 99,90 a month
let ctx: TestContext;
let t: TestTenant;

async function api(method: string, url: string, body?: unknown, status = 200) {
  const res: LightMyRequestResponse = await ctx.call(t.live, method, url, body);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}
const chargesOf = async (contractId: string) => (await api('GET', `/v1/charges?contract_id=${contractId}&sort=number&page_size=10`)).data;
const lastTransition = async (contractId: string) => (await api('GET', `/v1/contracts/${contractId}/history`)).data.at(-1);

beforeAll(async () => {
  ctx = await createTestContext();
  startOn(ctx, '2026-11-09');
  t = await ctx.newTenant('Academia Corpo em Movimento');
});
afterAll(() => ctx?.close());

describe('a membership: paid, suspended for a vacation, a bill disputed, then cancelled', () => {
  let contract: { id: string };
  let december: { id: string };
  let january: { id: string };

  it('9 Nov: João joins from 10 Nov, billed on the 10th and due five days later', async () => {
    const plan = await api(
      'POST',
      '/v1/services',
      { code: 'MENSAL', name: 'Plano mensal', unit: 'mês', pricing_model: 'flat', price_cents: PRICE },
      201,
    );
    const joao = await api('POST', '/v1/customers', { person_type: 'PF', name: 'João Pereira', document: cpfFrom(5150) }, 201);
    contract = await api(
      'POST',
      '/v1/contracts',
      { customer_id: joao.id, start_date: d('2026-11-10'), billing_day: 10, due_days: 5, items: [{ service_id: plan.id }] },
      201,
    );
    await api('POST', `/v1/contracts/${contract.id}/activate`);
  });

  it('10 Dec: November is billed; João pays it on the 12th', async () => {
    await travelTo(ctx, '2026-12-10');
    [december] = await chargesOf(contract.id);
    expect(december).toMatchObject({
      amount_cents: PRICE,
      period_start: d('2026-11-10'),
      period_end: d('2026-12-09'),
      due_date: d('2026-12-15'),
    });
    await travelTo(ctx, '2026-12-12');
    const paid = await api('POST', `/v1/charges/${december.id}/payments`, { amount_cents: PRICE, method: 'pix' }, 201);
    expect(paid.charge).toMatchObject({ status: 'paid', paid_cents: PRICE });
  });

  it('14 Dec: he suspends the membership for his vacation, until 31 Dec', async () => {
    await travelTo(ctx, '2026-12-14');
    const suspended = await api('POST', `/v1/contracts/${contract.id}/suspend`, { end_date: d('2026-12-31'), reason: 'Férias' });
    expect(suspended).toMatchObject({
      status: 'suspended',
      suspensions: [expect.objectContaining({ start_date: d('2026-12-14'), end_date: d('2026-12-31'), reason: 'Férias' })],
    });
  });

  it('1 Jan: the planned suspension is over; the daily tick resumes the contract by itself', async () => {
    await travelTo(ctx, '2026-12-31');
    expect((await api('GET', `/v1/contracts/${contract.id}`)).status).toBe('suspended');
    await travelTo(ctx, '2027-01-01');
    expect((await api('GET', `/v1/contracts/${contract.id}`)).status).toBe('active');
    expect(await lastTransition(contract.id)).toMatchObject({
      action: 'resume',
      to_status: 'active',
      reason: 'Fim da suspensão programada',
      actor: { type: 'system' },
    });
  });

  it('10 Jan: the period is billed for its 13 days of service; the 18 days of vacation are not', async () => {
    await travelTo(ctx, '2027-01-10');
    const charges = await chargesOf(contract.id);
    expect(charges).toHaveLength(2);
    january = charges[1];
    // 10 Dec – 9 Jan is 31 days, 14–31 Dec suspended: 9990 × 13/31 = 4189,35 → 4189.
    expect(january).toMatchObject({
      amount_cents: 4_189,
      status: 'open',
      period_start: d('2026-12-10'),
      period_end: d('2027-01-09'),
      due_date: d('2027-01-15'),
    });
  });

  it('12 Jan: João disputes the bill; the clerk cancels it, and it never goes overdue nor takes a payment', async () => {
    await travelTo(ctx, '2027-01-12');
    const cancelled = await api('POST', `/v1/charges/${january.id}/cancel`, { reason: 'Contestação: cobrança em período de férias' });
    expect(cancelled).toMatchObject({ status: 'cancelled' });
    await travelTo(ctx, '2027-01-17');
    expect((await api('GET', `/v1/charges/${january.id}`)).status).toBe('cancelled');
    const refused = await ctx.call(t.live, 'POST', `/v1/charges/${january.id}/payments`, { amount_cents: 4_189, method: 'pix' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('charge_cancelled');
    const history = (await api('GET', `/v1/charges/${january.id}/history`)).data;
    expect(history.filter((h: { kind: string }) => h.kind === 'status').map((h: { to_status: string }) => h.to_status)).toEqual([
      'open',
      'cancelled',
    ]);
  });

  it('20 Jan: João cancels the membership, effective today', async () => {
    await travelTo(ctx, '2027-01-20');
    const cancelled = await api('POST', `/v1/contracts/${contract.id}/cancel`, { reason: 'Mudança de cidade', effective: 'immediately' });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { effective_date: d('2027-01-20'), reason: 'Mudança de cidade' },
    });
  });

  it('10 Feb: the last, partial period is billed once; 10 Mar bills nothing', async () => {
    await travelTo(ctx, '2027-02-10');
    const charges = await chargesOf(contract.id);
    expect(charges).toHaveLength(3);
    // 10 Jan – 9 Feb is 31 days, service until 20 Jan: 9990 × 11/31 = 3544,8 → 3545.
    expect(charges[2]).toMatchObject({
      amount_cents: 3_545,
      status: 'open',
      period_start: d('2027-01-10'),
      period_end: d('2027-02-09'),
      due_date: d('2027-02-15'),
    });
    await travelTo(ctx, '2027-03-10');
    expect(await chargesOf(contract.id)).toHaveLength(3);
    // What João owes in the end: the last period, overdue since 16 Feb; the disputed bill is not counted.
    const open = (await api('GET', `/v1/charges?contract_id=${contract.id}&status=open,overdue,partially_paid`)).data;
    expect(open.map((c: { amount_cents: number; status: string }) => [c.amount_cents, c.status])).toEqual([[3_545, 'overdue']]);
  });
});
