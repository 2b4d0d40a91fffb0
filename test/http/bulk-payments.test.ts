// registerPaymentsInBulk (a return file's liquidations) against registerPayment one at a time: the
// same payments on twin charges end in the same charge state — paid, fees, overpaid, status, the
// status history's last step — and the same refusals (a cancelled charge, an external_id with other
// content), while an external_id sent again is counted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPaymentsInBulk, type BulkPaymentInput } from '../../src/charges/bulk-payments.ts';
import { registerPayment } from '../../src/charges/charges.ts';
import type { DomainError } from '../../src/platform/errors.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
let customerId: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-12-20T12:00:00Z' });
  t = await ctx.newTenant();
  const c = await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Paula Pagadora', document: cpfFrom(9401) });
  expect(c.statusCode, c.body).toBe(201);
  customerId = c.json().id;
});
afterAll(() => ctx.close());

const late = { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false }, grace_days: 0 };

async function charge(amount: number, due: string, over: Record<string, unknown> = {}) {
  const r = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: amount,
    due_date: d(due),
    issue_date: d('2026-11-25'),
    late_policy: late,
    ...over,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

const state = async (id: string) => {
  const c = (await ctx.call(t.live, 'GET', `/v1/charges/${id}`)).json();
  const h = (await ctx.call(t.live, 'GET', `/v1/charges/${id}/history`)).json().data;
  return {
    status: c.status,
    paid: c.paid_cents,
    fee: c.fee_cents,
    overpaid: c.overpaid_cents,
    balance: c.balance_cents,
    last: h.at(-1)?.to_status,
  };
};

describe('registerPaymentsInBulk agrees with registerPayment', () => {
  it('the same payments on twin charges end in the same state; refusals are the same', async () => {
    // [amount, due date, payments as [paid, fee, paid on]] — exact, late with fine and interest, partial,
    // over, two in one batch, and a charge to be cancelled.
    const cases: [number, string, [number, number, string][], boolean][] = [
      [10_000, '2026-12-15', [[10_000, 150, '2026-12-14']], false],
      [10_000, '2026-12-01', [[10_300, 150, '2026-12-18']], false],
      [10_000, '2026-12-15', [[4_000, 0, '2026-12-10']], false],
      [10_000, '2026-12-15', [[12_000, 100, '2026-12-12']], false],
      [
        10_000,
        '2026-12-15',
        [
          [3_000, 0, '2026-12-10'],
          [7_000, 0, '2026-12-11'],
        ],
        false,
      ],
      [10_000, '2026-12-15', [[10_000, 0, '2026-12-10']], true],
    ];
    const scope = () => systemScope(t.id, ctx.clock.now());
    const today = ctx.clock.today();
    const oneByOne: unknown[] = [];
    const bulkInput: BulkPaymentInput[] = [];
    const twins: [string, string][] = [];
    for (const [n, [amount, due, payments, cancel]] of cases.entries()) {
      const single = await charge(amount, due);
      const bulk = await charge(amount, due);
      if (cancel)
        for (const id of [single, bulk])
          expect((await ctx.call(t.live, 'POST', `/v1/charges/${id}/cancel`, { reason: 'x' })).statusCode).toBe(200);
      twins.push([single, bulk]);
      for (const [k, [paid, fee, on]] of payments.entries()) {
        try {
          await ctx.db.transaction((tx) =>
            registerPayment(
              tx,
              scope(),
              single,
              { amount_cents: paid, fee_cents: fee, paid_on: d(on), method: 'boleto', external_id: `one:${n}:${k}` } as never,
              { today, source: 'bank_return' },
            ),
          );
          oneByOne.push('ok');
        } catch (err) {
          oneByOne.push((err as DomainError).code);
        }
        bulkInput.push({
          charge_id: bulk,
          amount_cents: paid,
          fee_cents: fee,
          paid_on: d(on),
          method: 'boleto',
          external_id: `bulk:${n}:${k}`,
        });
      }
    }
    // The first payment again with the same content (counted once) and with other content (refused).
    bulkInput.push({ ...bulkInput[0] }, { ...bulkInput[0], amount_cents: 1 });
    const outcomes = await ctx.db.transaction((tx) => registerPaymentsInBulk(tx, scope(), bulkInput, { today, source: 'bank_return' }));
    expect(outcomes.slice(0, -2).map((o) => (o.ok ? 'ok' : o.code))).toEqual(oneByOne);
    expect(outcomes.at(-2)).toMatchObject({ ok: true, created: false });
    expect(outcomes.at(-1)).toMatchObject({ ok: false, code: 'duplicate_external_id' });
    for (const [single, bulk] of twins) expect(await state(bulk)).toEqual(await state(single));
    expect((await state(twins[1][1])).status).toBe('paid'); // late: 10000 + fine 200 + interest of 17 days, under 10300
    expect(await state(twins[2][1])).toMatchObject({ status: 'overdue', paid: 4_000, balance: 6_000 }); // partly paid, past due on 20/12
    expect((await state(twins[3][1])).overpaid).toBe(2_000);
  });
});
