// Reports through the HTTP API: overdue by age (bucket boundaries on the test clock, payments,
// reversals, cancellations, as of a past date), receipts by period and method (reversals left out,
// refunds netted), their XLSX variants, and the onboarding checklist.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpfFrom, createTestContext, d, y, type TestContext, type TestTenant } from '../support/app.ts';
import { refundPayment } from '../../src/charges/charges.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { daysBefore } from '../../src/reports/reports.ts';

let t: TestContext;
let tenant: TestTenant;
let other: TestTenant;
const today = d('2026-11-23');
const seed = Math.floor(Math.random() * 1_000_000);

const call = (method: string, url: string, body?: unknown, key = tenant.live) => t.call(key, method, url, body);

async function customer(name: string, n: number, key = tenant.live): Promise<string> {
  const res = await call('POST', '/v1/customers', { person_type: 'PF', name, document: cpfFrom(seed + n) }, key);
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function charge(customerId: string, daysPastDue: number, amount: number, key = tenant.live): Promise<string> {
  const due = daysBefore(today, daysPastDue);
  const res = await call('POST', '/v1/charges', { customer_id: customerId, amount_cents: amount, issue_date: due, due_date: due }, key);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function pay(chargeId: string, amount: number, paidOn: string, method: string): Promise<string> {
  const res = await call('POST', `/v1/charges/${chargeId}/payments`, { amount_cents: amount, paid_on: paidOn, method });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().payment.id;
}

async function sheet(url: string): Promise<(string | number | null)[][]> {
  const res = await call('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: (string | number | null)[][] = [];
  wb.worksheets[0].eachRow((row) =>
    rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v ?? null) as string | number | null)),
  );
  return rows;
}

beforeAll(async () => {
  t = await createTestContext();
  tenant = await t.newTenant();
  other = await t.newTenant();
});
afterAll(() => t.close());

describe('overdue aging', () => {
  let ana: string;
  let bruno: string;
  beforeAll(async () => {
    ana = await customer('Ana Devedora', 1);
    bruno = await customer('Bruno Atrasado', 2);
    // One charge per boundary; the amount says its age (1000 + days).
    for (const n of [0, 1, 30, 31, 60, 61, 90, 91]) await charge(ana, n, 1000 + n);
    // Bruno: 45 days late, 5000 of which 2000 paid (counts) and 1000 paid then reversed (does not).
    const b = await charge(bruno, 45, 5000);
    await pay(b, 2000, daysBefore(today, 10), 'pix');
    const reversed = await pay(b, 1000, daysBefore(today, 5), 'boleto');
    expect((await call('POST', `/v1/charges/${b}/payments/${reversed}/reverse`, { reason: 'cheque devolvido' })).statusCode).toBe(200);
    // Neither a paid nor a cancelled charge is overdue.
    const paid = await charge(bruno, 20, 700);
    await pay(paid, 700, daysBefore(today, 2), 'cash');
    const cancelled = await charge(bruno, 20, 800);
    expect((await call('POST', `/v1/charges/${cancelled}/cancel`, { reason: 'erro' })).statusCode).toBe(200);
    // Another company's overdue charges never show.
    await charge(await customer('Outra Empresa', 3, other.live), 10, 99_999, other.live);
  });

  it('puts each charge in its bucket by days past due, as of today by default', async () => {
    const res = await call('GET', '/v1/reports/overdue-aging');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.as_of).toBe(today);
    expect(r.buckets.map((b: { key: string; count: number; open_cents: number }) => [b.key, b.count, b.open_cents])).toEqual([
      ['1-30', 2, 1001 + 1030],
      ['31-60', 3, 1031 + 1060 + 3000],
      ['61-90', 2, 1061 + 1090],
      ['90+', 1, 1091],
    ]);
    expect(r.total).toEqual({ count: 8, open_cents: 1001 + 1030 + 1031 + 1060 + 1061 + 1090 + 1091 + 3000 });
    // The due dates of each bucket, for the link to Contas a Receber.
    expect(r.buckets[0]).toMatchObject({ due_from: daysBefore(today, 30), due_to: daysBefore(today, 1) });
    expect(r.buckets[3]).toMatchObject({ due_from: null, due_to: daysBefore(today, 91) });
    // Per customer, largest debt first.
    expect(r.customers.map((c: { customer_id: string }) => c.customer_id)).toEqual([ana, bruno]);
    expect(r.customers[1]).toMatchObject({ name: 'Bruno Atrasado', total: { count: 1, open_cents: 3000 } });
    expect(r.customers[1].buckets[1]).toEqual({ count: 1, open_cents: 3000 });
    expect(r.customers[0].buckets.map((b: { count: number }) => b.count)).toEqual([2, 2, 2, 1]);
  });

  it('counts ages and payments as of a past date', async () => {
    // 31 days ago: the 60-, 61-day charges were 29 and 30 days late, Bruno's 14 (and unpaid: his
    // payments came later), the 90- and 91-day ones 59 and 60; the 31-day one was due that very day.
    const r = (await call('GET', `/v1/reports/overdue-aging?as_of=${daysBefore(today, 31)}`)).json();
    expect(r.buckets.map((b: { count: number }) => b.count)).toEqual([3, 2, 0, 0]);
    expect(r.buckets[0].open_cents).toBe(1060 + 1061 + 5000);
    expect(r.buckets[1].open_cents).toBe(1090 + 1091);
  });

  it('gives the report as XLSX, one row per customer and a total', async () => {
    const rows = await sheet('/v1/reports/overdue-aging.xlsx');
    expect(rows[0][0]).toBe('Cliente');
    expect(rows[1][0]).toBe('Ana Devedora');
    expect(rows[2][0]).toBe('Bruno Atrasado');
    expect(String(rows[3][0])).toMatch(/^Total em /);
    expect(rows[3].at(-1)).toBe((1001 + 1030 + 1031 + 1060 + 1061 + 1090 + 1091 + 3000) / 100);
  });

  it('refuses an invalid date with a 400', async () => {
    expect((await call('GET', '/v1/reports/overdue-aging?as_of=2026-02-30')).statusCode).toBe(400);
    expect((await call('GET', '/v1/reports/overdue-aging?as_of=ontem')).statusCode).toBe(400);
  });
});

describe('receipts', () => {
  const m1 = d('2026-09-10');
  const m1b = d('2026-09-25');
  const m2 = d('2026-10-03');
  beforeAll(async () => {
    const c = await customer('Carla Pagadora', 10);
    const ch = async (amount: number) =>
      (
        await call('POST', '/v1/charges', { customer_id: c, amount_cents: amount, issue_date: d('2026-09-01'), due_date: d('2026-12-30') })
      ).json().id as string;
    const a = await ch(10_000);
    await pay(a, 10_000, m1, 'pix');
    const b = await ch(20_000);
    const pb = await pay(b, 20_000, m1b, 'boleto');
    // 5000 of the Pix of b refunded: received net of it.
    await t.db.transaction((tx) => refundPayment(tx, systemScope(tenant.id, t.clock.now()), b, pb, 5_000, 'devolução parcial', { today }));
    const e = await ch(30_000);
    await pay(e, 7_000, m2, 'cash');
    const rev = await pay(e, 8_000, m2, 'pix');
    expect((await call('POST', `/v1/charges/${e}/payments/${rev}/reverse`, { reason: 'estorno' })).statusCode).toBe(200);
  });

  it('sums payments net of refunds per day, without reversed payments', async () => {
    const res = await call('GET', `/v1/reports/receipts?from=${d('2026-09-01')}&to=${d('2026-10-31')}&group_by=day`);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rows.map((x: { key: string; received_cents: number; count: number }) => [x.key, x.count, x.received_cents])).toEqual([
      [m1, 1, 10_000],
      [m1b, 1, 15_000],
      [m2, 1, 7_000],
    ]);
    expect(r.total).toMatchObject({ count: 3, received_cents: 32_000, refunded_cents: 5_000 });
    expect(r.total.methods.map((m: { method: string; received_cents: number }) => [m.method, m.received_cents])).toEqual([
      ['boleto', 15_000],
      ['cash', 7_000],
      ['pix', 10_000],
    ]);
  });

  it('groups by month and by method, within the dates asked', async () => {
    const byMonth = (await call('GET', `/v1/reports/receipts?from=${d('2026-09-01')}&to=${d('2026-10-31')}&group_by=month`)).json();
    expect(byMonth.rows.map((x: { key: string; received_cents: number }) => [x.key, x.received_cents])).toEqual([
      [d('2026-09'), 25_000],
      [d('2026-10'), 7_000],
    ]);
    expect(byMonth.rows[0].methods.map((m: { method: string }) => m.method)).toEqual(['boleto', 'pix']);
    const byMethod = (await call('GET', `/v1/reports/receipts?from=${d('2026-09-15')}&to=${d('2026-10-31')}&group_by=method`)).json();
    expect(byMethod.rows.map((x: { key: string; received_cents: number }) => [x.key, x.received_cents])).toEqual([
      ['boleto', 15_000],
      ['cash', 7_000],
    ]);
    // Another company sees none of it; the default period (this month) has none of it either.
    expect((await t.call(other.live, 'GET', `/v1/reports/receipts?from=${d('2026-09-01')}&to=${d('2026-10-31')}`)).json().total.count).toBe(
      0,
    );
    const current = (await call('GET', '/v1/reports/receipts')).json();
    expect([current.from, current.to]).toEqual([d('2026-11-01'), today]);
  });

  it('gives the receipts as XLSX and refuses a reversed period', async () => {
    const rows = await sheet(`/v1/reports/receipts.xlsx?from=${d('2026-09-01')}&to=${d('2026-10-31')}&group_by=month`);
    expect(rows[0]).toEqual(['Período', 'Forma de pagamento', 'Pagamentos', 'Recebido (líquido de devoluções)', 'Devolvido', 'Tarifas']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      [`09/${y(2026)}`, 'Boleto', 150],
      [`09/${y(2026)}`, 'PIX', 100],
      [`10/${y(2026)}`, 'Dinheiro', 70],
      ['Total', null, 320],
    ]);
    const bad = await call('GET', `/v1/reports/receipts?from=${d('2026-10-31')}&to=${d('2026-09-01')}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
    expect((await call('GET', '/v1/reports/receipts?group_by=week')).statusCode).toBe(400);
  });
});

describe('onboarding checklist', () => {
  it('derives each step from the data of the company', async () => {
    const fresh = await t.newTenant();
    const steps = async () =>
      Object.fromEntries(
        (await t.call(fresh.live, 'GET', '/v1/reports/onboarding'))
          .json()
          .steps.map((s: { key: string; done: boolean }) => [s.key, s.done]),
      );
    expect(await steps()).toEqual({
      collection_account: false,
      customer: false,
      service: false,
      contract: false,
      billing: false,
      email_channel: false,
      operator_user: false,
    });
    await customer('Primeiro Cliente', 20, fresh.live);
    expect((await steps()).customer).toBe(true);
    expect((await t.call(fresh.live, 'GET', '/v1/reports/onboarding')).json().done).toBe(false);
  });
});
