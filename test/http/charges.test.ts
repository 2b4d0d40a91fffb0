import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, cnpjFrom, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
let pf: { id: string; number: number };
let pj: { id: string };

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  pf = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Maria Pagadora', document: cpfFrom(7001) })).json();
  pj = (
    await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PJ', name: 'Empresa Devedora Ltda', document: cnpjFrom(7002) })
  ).json();
});
afterAll(() => ctx.close());

const oneOff = (over: Record<string, unknown> = {}) => ({
  customer_id: pf?.id ?? '__pf__',
  description: 'Taxa de adesão',
  amount_cents: 10_000,
  due_date: d('2026-12-10'),
  ...over,
});

describe('one-off charges', () => {
  it('creates with an amount, numbered per tenant, open, with one line and a status history entry', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/charges', oneOff({ external_code: 'FAT-1' }));
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      origin: 'one_off',
      status: 'open',
      amount_cents: 10_000,
      paid_cents: 0,
      balance_cents: 10_000,
      issue_date: d('2026-11-23'),
      due_date: d('2026-12-10'),
      external_code: 'FAT-1',
    });
    expect(c.lines).toEqual([expect.objectContaining({ kind: 'one_off', description: 'Taxa de adesão', amount_cents: 10_000 })]);
    const history = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/history`)).json().data;
    expect(history).toEqual([expect.objectContaining({ from_status: null, to_status: 'open', actor_type: 'api_key' })]);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${c.number}`)).json().id).toBe(c.id);
  });

  it('creates from lines with exact decimal math (one half-up rounding per line)', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/charges', {
      customer_id: String(pf.number),
      due_date: d('2026-12-15'),
      lines: [
        { description: 'Energia', quantity: '123.456789', unit_price_cents: '75.4321' }, // 9312.5654… → 9313
        { description: 'Taxa', unit_price_cents: 250 },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().amount_cents).toBe(9_313 + 250);
    expect(res.json().lines.map((l: { amount_cents: number }) => l.amount_cents)).toEqual([9_313, 250]);
  });

  it.each([
    ['no amount nor lines', { customer_id: 'x', due_date: d('2026-12-10') }, 400],
    ['both amount and lines', { ...oneOff(), lines: [{ description: 'a', unit_price_cents: 1 }] }, 400],
    ['a zero amount', oneOff({ amount_cents: 0 }), 400],
    ['a negative amount', oneOff({ amount_cents: -5 }), 400],
    ['a float amount', oneOff({ amount_cents: 10.5 }), 400],
    ['a due date before issue', oneOff({ issue_date: d('2026-12-01'), due_date: d('2026-11-30') }), 400],
    ['a bad date', oneOff({ due_date: d('2026-02-30') }), 400],
    ['an unknown customer', oneOff({ customer_id: '01900000-0000-7000-8000-000000000000' }), 400],
    [
      'too many decimals',
      { customer_id: 'x', due_date: d('2026-12-10'), lines: [{ description: 'a', quantity: '1.1234567', unit_price_cents: '1' }] },
      400,
    ],
    ['a bad late policy', oneOff({ late_policy: { grace_days: 0, interest: { monthly_percent: 'abc', compound: false } } }), 400],
  ])('refuses %s', async (_label, body, status) => {
    const before = (await ctx.call(t.live, 'GET', '/v1/charges?page_size=1&include_total=true')).json().total;
    expect(before).toEqual(expect.any(Number));
    const res = await ctx.call(t.live, 'POST', '/v1/charges', {
      ...body,
      customer_id: body.customer_id === '__pf__' ? pf.id : body.customer_id,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBeTruthy();
    expect((await ctx.call(t.live, 'GET', '/v1/charges?page_size=1&include_total=true')).json().total).toBe(before);
  });

  it('refuses a duplicate external code and a deactivated customer (409)', async () => {
    expect((await ctx.call(t.live, 'POST', '/v1/charges', oneOff({ external_code: 'FAT-1' }))).statusCode).toBe(409);
    const inactive = (
      await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Inativo', document: cpfFrom(7003), active: false })
    ).json();
    const res = await ctx.call(t.live, 'POST', '/v1/charges', oneOff({ customer_id: inactive.id }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('customer_inactive');
  });

  it('a customer with charges cannot be deleted (409 customer_has_history)', async () => {
    const res = await ctx.call(t.live, 'DELETE', `/v1/customers/${pf.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('customer_has_history');
  });
});

describe('payments', () => {
  it('a partial payment leaves it partially paid; the rest pays it; the history keeps every change', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    const p1 = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, {
      amount_cents: 4_000,
      method: 'pix',
      paid_on: d('2026-11-23'),
    });
    expect(p1.statusCode).toBe(201);
    expect(p1.json().charge).toMatchObject({ status: 'partially_paid', paid_cents: 4_000, balance_cents: 6_000 });
    const p2 = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 6_000, fee_cents: 150, method: 'boleto' });
    expect(p2.json().charge).toMatchObject({ status: 'paid', paid_cents: 10_000, fee_cents: 150, balance_cents: 0, overpaid_cents: 0 });
    expect(p2.json().charge.paid_at).toBeTruthy();
    const history = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/history`))
      .json()
      .data.map((h: { to_status: string }) => h.to_status);
    expect(history).toEqual(['open', 'partially_paid', 'paid']);
  });

  it('keeps an over-payment visible', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    const res = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 12_345, method: 'transfer' });
    expect(res.json().charge).toMatchObject({ status: 'paid', paid_cents: 12_345, overpaid_cents: 2_345 });
  });

  it('a re-sent external_id is not counted twice; a different payment with it → 409', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    const body = { amount_cents: 3_000, method: 'pix', paid_on: d('2026-11-20'), external_id: 'PIX-E2E-1' };
    const a = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, body);
    const b = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, body);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toMatchObject({ created: false, payment: { id: a.json().payment.id } });
    expect(b.json().charge.paid_cents).toBe(3_000);
    const other = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { ...body, amount_cents: 3_001 });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('duplicate_external_id');
  });

  it('reversing a payment reopens the charge and keeps the payment in the history', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    const paid = (await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 10_000, method: 'cash' })).json();
    expect(paid.charge.status).toBe('paid');
    const rev = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments/${paid.payment.id}/reverse`, { reason: 'cheque devolvido' });
    expect(rev.statusCode).toBe(200);
    expect(rev.json().charge).toMatchObject({ status: 'open', paid_cents: 0, paid_at: null });
    const payments = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/payments`)).json().data;
    expect(payments).toEqual([expect.objectContaining({ id: paid.payment.id, reversal_reason: 'cheque devolvido' })]);
    expect(payments[0].reversed_at).toBeTruthy();
    const again = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments/${paid.payment.id}/reverse`, { reason: 'x' });
    expect(again.statusCode).toBe(409);
  });

  it('refuses future dates and payments on cancelled charges', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    expect(
      (await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 1, method: 'pix', paid_on: d('2026-12-31') }))
        .statusCode,
    ).toBe(400);
    await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/cancel`, { reason: 'lançado em duplicidade' });
    const res = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 100, method: 'pix' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('charge_cancelled');
  });
});

describe('cancel', () => {
  it('changes the status, keeps the charge, records who and why; cancelling twice → 409', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/charges', oneOff())).json();
    const res = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/cancel`, { reason: 'cliente desistiu' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancel_reason: 'cliente desistiu' });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${c.id}`)).json().status).toBe('cancelled');
    const history = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/history`)).json().data;
    expect(history.at(-1)).toMatchObject({
      from_status: 'open',
      to_status: 'cancelled',
      reason: 'cliente desistiu',
      actor_id: t.liveKeyId,
    });
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/cancel`, { reason: 'de novo' })).statusCode).toBe(409);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/cancel`, {})).statusCode).toBe(400);
  });
});

describe('late charges through amount-due', () => {
  it('applies the charge late policy: 2% fine (consumer cap) and 1% a month pro rata', async () => {
    const c = (
      await ctx.call(
        t.live,
        'POST',
        '/v1/charges',
        oneOff({
          due_date: d('2026-11-23'),
          late_policy: { grace_days: 0, fine: { kind: 'percent', value: '5' }, interest: { monthly_percent: '1', compound: false } },
        }),
      )
    ).json();
    const onTime = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/amount-due?date=${d('2026-11-23')}`)).json();
    expect(onTime).toMatchObject({ total_cents: 10_000, fine_cents: 0, interest_cents: 0, days_late: 0 });
    const late = (await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/amount-due?date=${d('2026-12-23')}`)).json();
    // 30 days late on R$ 100,00: fine 5% capped at 2% for a PF consumer = 200; interest 1% × 30/30 = 100.
    expect(late).toMatchObject({ original_cents: 10_000, fine_cents: 200, interest_cents: 100, total_cents: 10_300, days_late: 30 });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/amount-due?date=${d('2020-01-01')}`)).statusCode).toBe(400);
  });

  it('a payment of the original amount after the due date leaves the charge short (not paid)', async () => {
    const c = (
      await ctx.call(
        t.live,
        'POST',
        '/v1/charges',
        oneOff({
          customer_id: pj.id,
          issue_date: d('2026-10-01'),
          due_date: d('2026-10-23'),
          late_policy: { grace_days: 0, fine: { kind: 'percent', value: '2' } },
        }),
      )
    ).json();
    const short = (
      await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 10_000, method: 'pix', paid_on: d('2026-11-23') })
    ).json();
    expect(short.charge.status).toBe('overdue');
    const rest = (
      await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 200, method: 'pix', paid_on: d('2026-11-23') })
    ).json();
    expect(rest.charge.status).toBe('paid');
  });
});

describe('overdue, listing, summary and export', () => {
  let s: TestTenant;
  let cust: { id: string };
  beforeAll(async () => {
    s = await ctx.newTenant();
    cust = (await ctx.call(s.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Listado', document: cpfFrom(7100) })).json();
    for (const [due, amount] of [
      [d('2026-11-10'), 1_000],
      [d('2026-11-30'), 2_000],
      [d('2026-12-10'), 3_000],
    ] as const) {
      await ctx.call(s.live, 'POST', '/v1/charges', {
        customer_id: cust.id,
        amount_cents: amount,
        issue_date: d('2026-11-01'),
        due_date: due,
      });
    }
  });

  it('a charge created already past due is overdue; the sweep marks the rest as time passes', async () => {
    const list = (await ctx.call(s.live, 'GET', '/v1/charges?sort=due_date')).json().data;
    expect(list.map((c: { status: string }) => c.status)).toEqual(['overdue', 'open', 'open']);
    const { markOverdueCharges } = await import('../../src/charges/charges.ts');
    const scope = {
      tenantId: s.id,
      accountId: s.id,
      mode: 'live' as const,
      actor: { type: 'system' as const, id: null },
      now: ctx.clock.now(),
    };
    const changed = await ctx.db.transaction((tx) => markOverdueCharges(tx, scope, d('2026-12-01')));
    expect(changed).toBe(1);
    const after = (await ctx.call(s.live, 'GET', '/v1/charges?status=overdue')).json();
    expect(after.total).toBe(2);
  });

  it('filters by status list, due range and amount range', async () => {
    expect((await ctx.call(s.live, 'GET', '/v1/charges?status=open,overdue&amount_min=1500')).json().total).toBe(2);
    expect((await ctx.call(s.live, 'GET', `/v1/charges?due_from=${d('2026-11-15')}&due_to=${d('2026-12-31')}`)).json().total).toBe(2);
    expect((await ctx.call(s.live, 'GET', `/v1/charges?customer_id=${cust.id}`)).json().total).toBe(3);
    expect((await ctx.call(s.live, 'GET', '/v1/charges?status=bogus')).statusCode).toBe(400);
    const search = (
      await ctx.call(s.live, 'POST', '/v1/charges/search', { filters: [{ field: 'customer_name', op: 'contains', value: 'listad' }] })
    ).json();
    expect(search.total).toBe(3);
  });

  it('sums open, overdue and received', async () => {
    const c = (await ctx.call(s.live, 'GET', '/v1/charges?sort=-due_date&page_size=1')).json().data[0];
    await ctx.call(s.live, 'POST', `/v1/charges/${c.id}/payments`, {
      amount_cents: 3_000,
      fee_cents: 100,
      method: 'pix',
      paid_on: d('2026-11-23'),
    });
    const sum = (await ctx.call(s.live, 'GET', `/v1/charges/summary?from=${d('2026-11-01')}&to=${d('2026-12-31')}`)).json();
    expect(sum.overdue).toEqual({ count: 2, amount_cents: 3_000 });
    expect(sum.received).toEqual({ count: 1, amount_cents: 3_000, fee_cents: 100 });
    expect(sum.issued).toEqual({ count: 3, amount_cents: 6_000 });
    expect(sum.by_month.map((m: { month: string }) => m.month)).toEqual([d('2026-11'), d('2026-12')]);
  });

  it('exports to XLSX with the same filters, readable back', async () => {
    const res = await ctx.call(s.live, 'GET', '/v1/charges/export.xlsx?status=overdue');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    expect(sheet.getRow(1).getCell(2).value).toBe('Cliente');
    expect(sheet.rowCount).toBe(3);
    const values = [sheet.getRow(2), sheet.getRow(3)].map((r) => [r.getCell(2).value, r.getCell(7).value, r.getCell(10).value]);
    expect(values).toEqual([
      ['Listado', 10, 'Vencido'],
      ['Listado', 20, 'Vencido'],
    ]);
  });

  it('another tenant or the sandbox cannot see or touch the charges (404)', async () => {
    const c = (await ctx.call(s.live, 'GET', '/v1/charges?page_size=1')).json().data[0];
    for (const key of [t.live, s.test]) {
      expect((await ctx.call(key, 'GET', `/v1/charges/${c.id}`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'POST', `/v1/charges/${c.id}/cancel`, { reason: 'x' })).statusCode).toBe(404);
      expect((await ctx.call(key, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 1, method: 'pix' })).statusCode).toBe(404);
    }
  });
});

describe('late policy shape', () => {
  it('is returned as sent, in the snake_case of /v1/late-charge-policy', async () => {
    const c = (
      await ctx.call(t.live, 'POST', '/v1/charges', {
        customer_id: pj.id,
        amount_cents: 500,
        due_date: d('2026-12-01'),
        late_policy: { grace_days: 3, fine: { kind: 'fixed', value: 150 }, interest: { monthly_percent: '2', compound: true } },
      })
    ).json();
    expect(c.late_policy).toEqual({
      grace_days: 3,
      fine: { kind: 'fixed', value: 150, cap_percent: null },
      interest: { monthly_percent: '2', compound: true },
      accept_days_after_due: null,
    });
  });
});
