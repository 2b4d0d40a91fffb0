// Scenario: a monthly plan through its first three bills, told through the public API on a clock
// that travels day by day (test/support/time-travel.ts runs the daily tick and the workers each
// morning, as a running installation does).
//
//   November   Maria signs a R$ 129,90 fibre plan, billed in arrears on the 1st, due on the 11th.
//   1 Dec      the billing run bills November; the boleto is issued; a reminder goes five days before.
//   10 Dec     the bank's return file (CNAB 240) settles the boleto: paid, the schedule stops.
//   1 Jan      December is billed; this time nobody pays.
//   12 Jan     the charge is overdue: reminder, due-day and overdue notices queued; fine and interest accrue.
//   26 Jan     fifteen days late, the tenant's dunning schedule suspends the contract.
//   1 Feb      January is billed for the 25 days with service only.
//   3 Feb      Maria pays the overdue charge with fine and interest; the clerk resumes the contract.
//
// Every date is a frame date (d(), br()), so the story also runs with COBRE_TEST_NOW years away.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { br, cpfFrom, createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { return240 } from '../support/cnab-return.ts';
import { startOn, travelTo } from '../support/time-travel.ts';

const PRICE = 12_990; // R$ 129,90 a month
const previousKey = process.env.COBRE_SECRET_KEY;
let ctx: TestContext;
let t: TestTenant;

async function api(method: string, url: string, body?: unknown, status = 200, headers?: Record<string, string>) {
  const res: LightMyRequestResponse = await ctx.call(t.live, method, url, body, headers);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
}
const chargesOfContract = async (contractId: string) =>
  (await api('GET', `/v1/charges?contract_id=${contractId}&sort=number&page_size=10`)).data;
/** The dunning messages queued for a charge: [step, event, status]. */
const dunningMessages = async (chargeId: string) =>
  ((await api('GET', `/v1/charges/${chargeId}/notifications`)) as { step_key: string; event: string; status: string }[])
    .filter((m) => m.step_key.startsWith('step:'))
    .map((m) => [m.step_key, m.event, m.status]);

beforeAll(async () => {
  // The e-mail channel stores its settings encrypted.
  process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  ctx = await createTestContext();
  startOn(ctx, '2026-10-30');
  t = await ctx.newTenant('Provedor Fibra Sul');
});
afterAll(async () => {
  await ctx?.close();
  if (previousKey === undefined) delete process.env.COBRE_SECRET_KEY;
  else process.env.COBRE_SECRET_KEY = previousKey;
});

describe('a monthly plan: billed, paid by boleto, then unpaid, overdue and suspended', () => {
  let account: { id: string };
  let contract: { id: string; number: number };
  let november: { id: string; number: number };
  let december: { id: string; number: number };

  it('30 Oct: the provider sets up its bank account, its late charges and its dunning schedule', async () => {
    account = await api(
      'POST',
      '/v1/collection-accounts',
      {
        bank_code: '341',
        agency: '0057',
        account: '12345',
        carteira: '109',
        beneficiary_name: 'Provedor Fibra Sul Ltda',
        beneficiary_document: '11.222.333/0001-81',
        beneficiary_address: {
          street: 'Rua João Pessoa',
          number: '17',
          district: 'Centro',
          city: 'Garibaldi',
          state: 'RS',
          postal_code: '95720-000',
        },
      },
      201,
    );
    await api('PUT', '/v1/notification-channels/email', {
      provider: 'smtp',
      settings: { host: '127.0.0.1', port: 2525, secure: false, starttls: 'never', from_email: 'cobranca@fibrasul.example' },
    });
    // Multa de 2 % e juros de 1 % ao mês, simples, from the due date.
    await api('PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
      grace_days: 0,
    });
    await api(
      'POST',
      '/v1/dunning-schedules',
      {
        name: 'Régua com suspensão',
        is_default: true,
        steps: [
          { offset_days: -5, action: 'notify', event: 'reminder', channels: ['email'] },
          { offset_days: 0, action: 'notify', event: 'due_today', channels: ['email'] },
          { offset_days: 1, action: 'notify', event: 'overdue', channels: ['email'] },
          { offset_days: 15, action: 'suspend_contract', event: 'contract_suspended', channels: ['email'] },
        ],
      },
      201,
    );
  });

  it('30 Oct: Maria signs the fibre plan from 1 Nov, billed on the 1st and due ten days later, by boleto', async () => {
    const service = await api(
      'POST',
      '/v1/services',
      { code: 'FIBRA300', name: 'Fibra 300 Mbps', unit: 'mês', pricing_model: 'flat', price_cents: PRICE },
      201,
    );
    const maria = await api(
      'POST',
      '/v1/customers',
      {
        person_type: 'PF',
        name: 'Maria da Silva',
        document: cpfFrom(424242),
        emails: [{ email: 'maria@example.com' }],
        addresses: [
          { street: 'Rua Buarque de Macedo', number: '250', district: 'Centro', city: 'Garibaldi', state: 'RS', postal_code: '95720-000' },
        ],
      },
      201,
    );
    contract = await api(
      'POST',
      '/v1/contracts',
      {
        customer_id: maria.id,
        start_date: d('2026-11-01'),
        billing_day: 1,
        due_days: 10,
        payment_method: 'boleto',
        items: [{ service_id: service.id }],
      },
      201,
    );
    expect((await api('POST', `/v1/contracts/${contract.id}/activate`)).status).toBe('active');
  });

  it('1 Dec: the day’s billing run bills November in arrears; the boleto is issued for the whole month', async () => {
    await travelTo(ctx, '2026-12-01');
    const charges = await chargesOfContract(contract.id);
    expect(charges).toHaveLength(1);
    november = charges[0];
    expect(charges[0]).toMatchObject({
      amount_cents: PRICE,
      status: 'open',
      origin: 'billing_run',
      issue_date: d('2026-12-01'),
      due_date: d('2026-12-11'),
      period_start: d('2026-11-01'),
      period_end: d('2026-11-30'),
    });
    const boleto = await api('POST', `/v1/charges/${november.id}/boleto`);
    expect(boleto).toMatchObject({ created: true, amount_cents: PRICE, due_date: d('2026-12-11'), bank_code: '341' });
  });

  it('6 Dec: five days before the due date, the reminder is queued', async () => {
    await travelTo(ctx, '2026-12-06');
    expect(await dunningMessages(november.id)).toEqual([['step:-5:notify', 'reminder', 'queued']]);
  });

  it('10 Dec: the bank’s return file settles the boleto; the charge is paid and its schedule stops', async () => {
    await travelTo(ctx, '2026-12-10');
    const { nosso_numero } = await api('GET', `/v1/charges/${november.id}/boleto`);
    const file = return240('341', [
      {
        code: '06',
        nossoNumero: String(nosso_numero).replace(/\D/g, ''),
        amount: PRICE,
        paid: PRICE,
        fee: 199,
        paymentDate: br('10122026'),
      },
    ]);
    const result = await api('POST', `/v1/collection-accounts/${account.id}/returns`, file, 200, {
      'content-type': 'application/octet-stream',
    });
    expect(result).toMatchObject({ paid_total_cents: PRICE, fee_total_cents: 199 });
    expect(result.payments).toEqual([expect.objectContaining({ charge_id: november.id, paid_cents: PRICE, charge_status: 'paid' })]);
    expect(await api('GET', `/v1/charges/${november.id}`)).toMatchObject({ status: 'paid', paid_cents: PRICE });

    // The due day and the day after pass: no due-day or overdue notice for a paid charge.
    await travelTo(ctx, '2026-12-12');
    expect(await dunningMessages(november.id)).toEqual([['step:-5:notify', 'reminder', 'queued']]);
    expect((await api('GET', `/v1/charges/${november.id}`)).status).toBe('paid');
  });

  it('1 Jan: December is billed; the boleto is issued', async () => {
    await travelTo(ctx, '2027-01-01');
    const charges = await chargesOfContract(contract.id);
    expect(charges).toHaveLength(2);
    december = charges[1];
    expect(december).toMatchObject({
      amount_cents: PRICE,
      status: 'open',
      due_date: d('2027-01-11'),
      period_start: d('2026-12-01'),
      period_end: d('2026-12-31'),
    });
    expect((await api('POST', `/v1/charges/${december.id}/boleto`)).amount_cents).toBe(PRICE);
  });

  it('12 Jan: unpaid past its due date, the charge is overdue; reminder, due-day and overdue notices are queued', async () => {
    await travelTo(ctx, '2027-01-12');
    expect(await api('GET', `/v1/charges/${december.id}`)).toMatchObject({ status: 'overdue', paid_cents: 0 });
    expect(await dunningMessages(december.id)).toEqual([
      ['step:-5:notify', 'reminder', 'queued'],
      ['step:+0:notify', 'due_today', 'queued'],
      ['step:+1:notify', 'overdue', 'queued'],
    ]);
    // Paid on 21 Jan (10 days late) it would cost the fine and 10 days of interest. Maria is a
    // consumer: the 2 % fine is capped at 2 % rounded down (CDC art. 52), ⌊259,8⌋ = 259;
    // interest 12990 × 1 % × 10/30 = 43,3 → 43.
    expect(await api('GET', `/v1/charges/${december.id}/amount-due?date=${d('2027-01-21')}`)).toMatchObject({
      original_cents: PRICE,
      fine_cents: 259,
      interest_cents: 43,
      paid_cents: 0,
      days_late: 10,
      total_cents: PRICE + 259 + 43,
    });
  });

  it('26 Jan: fifteen days late, the schedule suspends the contract and tells Maria', async () => {
    await travelTo(ctx, '2027-01-25');
    expect((await api('GET', `/v1/contracts/${contract.id}`)).status).toBe('active');
    await travelTo(ctx, '2027-01-26');
    expect((await api('GET', `/v1/contracts/${contract.id}`)).status).toBe('suspended');
    const history = (await api('GET', `/v1/contracts/${contract.id}/history`)).data;
    // Done by the system's daily tick, from that day.
    expect(history.at(-1)).toMatchObject({
      action: 'suspend',
      from_status: 'active',
      to_status: 'suspended',
      effective_date: d('2027-01-26'),
      actor: { type: 'system' },
      reason: `Régua de cobrança: cobrança nº ${december.number} vencida em ${br('11/01/2027')}`,
    });
    expect((await dunningMessages(december.id)).at(-1)).toEqual(['step:+15:suspend_contract', 'contract_suspended', 'queued']);
    const dunning = await api('GET', `/v1/charges/${december.id}/dunning`);
    expect(dunning.runs.map((r: { step_key: string; outcome: string }) => [r.step_key, r.outcome]).at(-1)).toEqual([
      'step:+15:suspend_contract',
      'suspended',
    ]);
  });

  it('1 Feb: January is billed for its 25 days of service; the 6 suspended days are not', async () => {
    await travelTo(ctx, '2027-02-01');
    const charges = await chargesOfContract(contract.id);
    expect(charges).toHaveLength(3);
    // 12990 × 25/31 = 10475,8 → 10476 (half up, once per line).
    expect(charges[2]).toMatchObject({
      amount_cents: 10_476,
      status: 'open',
      due_date: d('2027-02-11'),
      period_start: d('2027-01-01'),
      period_end: d('2027-01-31'),
    });
    expect(charges[2].lines).toEqual([expect.objectContaining({ amount_cents: 10_476 })]);
  });

  it('3 Feb: Maria pays the overdue charge with fine and interest; the clerk resumes the service', async () => {
    await travelTo(ctx, '2027-02-03');
    // 23 days late: fine 259, interest 12990 × 1 % × 23/30 = 99,6 → 100.
    const due = await api('GET', `/v1/charges/${december.id}/amount-due`);
    expect(due).toMatchObject({ date: d('2027-02-03'), fine_cents: 259, interest_cents: 100, days_late: 23, total_cents: 13_349 });
    const paid = await api(
      'POST',
      `/v1/charges/${december.id}/payments`,
      { amount_cents: 13_349, method: 'pix', external_id: 'pix-maria-dez' },
      201,
    );
    expect(paid.charge).toMatchObject({ status: 'paid', paid_cents: 13_349 });
    // The same payment sent again is not counted twice.
    const again = await api('POST', `/v1/charges/${december.id}/payments`, {
      amount_cents: 13_349,
      method: 'pix',
      external_id: 'pix-maria-dez',
    });
    expect(again).toMatchObject({ created: false, charge: { status: 'paid', paid_cents: 13_349 } });

    const resumed = await api('POST', `/v1/contracts/${contract.id}/resume`, { reason: 'Débito quitado' });
    expect(resumed.status).toBe('active');
    expect((await api('GET', `/v1/contracts/${contract.id}/history`)).data.at(-1)).toMatchObject({
      action: 'resume',
      to_status: 'active',
      reason: 'Débito quitado',
    });
    // Paid: the overdue charge takes no further step of the schedule.
    await travelTo(ctx, '2027-02-05');
    expect((await dunningMessages(december.id)).map(([step]) => step)).toEqual([
      'step:-5:notify',
      'step:+0:notify',
      'step:+1:notify',
      'step:+15:suspend_contract',
    ]);
    const summary = await api('GET', `/v1/charges/summary?from=${d('2026-11-01')}&to=${d('2027-02-28')}`);
    // Received: November's boleto and December's Pix.
    expect(summary.received).toMatchObject({ count: 2, amount_cents: PRICE + 13_349 });
  });
});
