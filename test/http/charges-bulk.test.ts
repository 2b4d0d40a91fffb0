// Contas a Receber's bulk actions: cancel and register payments for many charges (a result per
// charge; one refusal never blocks nor half-writes the others; Idempotency-Key honoured) and the
// XLSX export of a selection (ids).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
let customer: { id: string };

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  customer = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Lote Pagador', document: cpfFrom(8101) })).json();
});
afterAll(() => ctx.close());

async function charge(amount: number, due = '2026-12-10'): Promise<{ id: string; number: number }> {
  const res = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: customer.id,
    amount_cents: amount,
    due_date: d(due),
    description: `Lote ${amount}`,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const get = async (id: string) => (await ctx.call(t.live, 'GET', `/v1/charges/${id}`)).json();
const pay = async (id: string, amount: number) =>
  expect(
    (await ctx.call(t.live, 'POST', `/v1/charges/${id}/payments`, { amount_cents: amount, method: 'pix', paid_on: d('2026-11-23') }))
      .statusCode,
  ).toBe(201);

describe('POST /v1/charges/bulk-cancel', () => {
  it('cancels the cancellable ones and reports each refusal with its code; the refused ones are untouched', async () => {
    const a = await charge(1_000);
    const paid = await charge(2_000);
    await pay(paid.id, 2_000);
    const b = await charge(3_000);
    const missing = '01900000-0000-7000-8000-000000000000';
    const res = await ctx.call(t.live, 'POST', '/v1/charges/bulk-cancel', {
      charge_ids: [a.id, paid.id, String(b.number), missing],
      reason: 'Contrato encerrado',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok_count: 2, failed_count: 2 });
    expect(body.results).toEqual([
      { charge_id: a.id, ok: true, number: a.number, status: 'cancelled', error: null },
      { charge_id: paid.id, ok: false, number: null, status: null, error: expect.objectContaining({ code: 'invalid_state_transition' }) },
      { charge_id: b.id, ok: true, number: b.number, status: 'cancelled', error: null },
      { charge_id: missing, ok: false, number: null, status: null, error: expect.objectContaining({ code: 'not_found' }) },
    ]);
    expect((await get(a.id)).cancel_reason).toBe('Contrato encerrado');
    expect((await get(paid.id)).status).toBe('paid');
    // The refused item left nothing behind: the paid charge has no "cancelled" in its history.
    const history = (await ctx.call(t.live, 'GET', `/v1/charges/${paid.id}/history`)).json().data;
    expect(history.map((h: { to_status: string }) => h.to_status)).not.toContain('cancelled');
  });

  it('replays the first response for the same Idempotency-Key, and refuses the key with another body', async () => {
    const a = await charge(1_100);
    const headers = { 'idempotency-key': `bulk-cancel-${a.id}` };
    const first = await ctx.call(t.live, 'POST', '/v1/charges/bulk-cancel', { charge_ids: [a.id], reason: 'Duplicada' }, headers);
    expect(first.json()).toMatchObject({ ok_count: 1, failed_count: 0 });
    const again = await ctx.call(t.live, 'POST', '/v1/charges/bulk-cancel', { charge_ids: [a.id], reason: 'Duplicada' }, headers);
    expect(again.headers['idempotent-replayed']).toBe('true');
    // Without the key the second run would report "already cancelled"; the replay is the first answer.
    expect(again.json()).toEqual(first.json());
    const other = await ctx.call(t.live, 'POST', '/v1/charges/bulk-cancel', { charge_ids: [a.id], reason: 'Outra' }, headers);
    expect(other.statusCode).toBe(422);
  });

  it.each([
    ['no charges', { charge_ids: [], reason: 'x' }],
    ['a blank reason', { charge_ids: ['1'], reason: '   ' }],
    ['no reason', { charge_ids: ['1'] }],
    ['an unknown field', { charge_ids: ['1'], reason: 'x', force: true }],
    ['too many charges', { charge_ids: Array.from({ length: 1001 }, (_, i) => String(i + 1)), reason: 'x' }],
  ])('refuses %s (400)', async (_label, body) => {
    const res = await ctx.call(t.live, 'POST', '/v1/charges/bulk-cancel', body);
    expect(res.statusCode, res.body).toBe(400);
  });
});

describe('POST /v1/charges/bulk-payments', () => {
  it('registers the acceptable payments and reports each refusal; a refused item writes nothing', async () => {
    const a = await charge(5_000);
    const b = await charge(6_000);
    const cancelled = await charge(7_000);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'teste' })).statusCode).toBe(200);
    const c = await charge(8_000);
    const res = await ctx.call(t.live, 'POST', '/v1/charges/bulk-payments', {
      payments: [
        { charge_id: a.id, amount_cents: 5_000, paid_on: d('2026-11-23'), method: 'pix', external_id: `lote-${a.id}` },
        { charge_id: cancelled.id, amount_cents: 7_000, paid_on: d('2026-11-23'), method: 'cash' },
        { charge_id: b.id, amount_cents: 1_000, paid_on: d('2026-11-22'), method: 'transfer' },
        { charge_id: c.id, amount_cents: 8_000, paid_on: d('2026-11-30'), method: 'cash' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ ok_count: 2, failed_count: 2 });
    expect(body.results[0]).toMatchObject({
      charge_id: a.id,
      ok: true,
      number: a.number,
      status: 'paid',
      created: true,
      amount_cents: 5_000,
      payment_id: expect.any(String),
    });
    expect(body.results[1]).toMatchObject({ charge_id: cancelled.id, ok: false, payment_id: null, error: { code: 'charge_cancelled' } });
    expect(body.results[2]).toMatchObject({ charge_id: b.id, ok: true, status: 'partially_paid', created: true });
    expect(body.results[3]).toMatchObject({
      charge_id: c.id,
      ok: false,
      error: { code: 'validation_failed', details: [{ field: 'paid_on', issue: 'in the future' }] },
    });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${cancelled.id}/payments`)).json().data).toEqual([]);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${c.id}/payments`)).json().data).toEqual([]);
    expect(await get(b.id)).toMatchObject({ paid_cents: 1_000, status: 'partially_paid' });

    // A re-sent external_id is not counted twice (as the single endpoint), even without a key.
    const resent = await ctx.call(t.live, 'POST', '/v1/charges/bulk-payments', {
      payments: [{ charge_id: a.id, amount_cents: 5_000, paid_on: d('2026-11-23'), method: 'pix', external_id: `lote-${a.id}` }],
    });
    expect(resent.json().results[0]).toMatchObject({ ok: true, created: false, payment_id: body.results[0].payment_id });
    expect((await get(a.id)).paid_cents).toBe(5_000);
  });

  it('an Idempotency-Key replays the first response and registers nothing more', async () => {
    const a = await charge(4_000);
    const payload = { payments: [{ charge_id: a.id, amount_cents: 1_500, paid_on: d('2026-11-23'), method: 'cash' }] };
    const headers = { 'idempotency-key': `bulk-pay-${a.id}` };
    const first = await ctx.call(t.live, 'POST', '/v1/charges/bulk-payments', payload, headers);
    const again = await ctx.call(t.live, 'POST', '/v1/charges/bulk-payments', payload, headers);
    expect(first.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.id}/payments`)).json().data).toHaveLength(1);
    expect((await get(a.id)).paid_cents).toBe(1_500);
  });

  it.each([
    ['no payments', { payments: [] }],
    ['a zero amount', { payments: [{ charge_id: '1', amount_cents: 0, paid_on: d('2026-11-23'), method: 'cash' }] }],
    ['a bad method', { payments: [{ charge_id: '1', amount_cents: 1, paid_on: d('2026-11-23'), method: 'cheque' }] }],
    ['a bad date', { payments: [{ charge_id: '1', amount_cents: 1, paid_on: '2026-02-30', method: 'cash' }] }],
    ['no paid_on', { payments: [{ charge_id: '1', amount_cents: 1, method: 'cash' }] }],
  ])('refuses %s (400)', async (_label, body) => {
    const res = await ctx.call(t.live, 'POST', '/v1/charges/bulk-payments', body);
    expect(res.statusCode, res.body).toBe(400);
  });

  it('another tenant cannot touch the charges (each item not_found)', async () => {
    const a = await charge(900);
    const other = await ctx.newTenant();
    const res = await ctx.call(other.live, 'POST', '/v1/charges/bulk-payments', {
      payments: [{ charge_id: a.id, amount_cents: 900, paid_on: d('2026-11-23'), method: 'cash' }],
    });
    expect(res.json().results[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const cancel = await ctx.call(other.live, 'POST', '/v1/charges/bulk-cancel', { charge_ids: [a.id], reason: 'x' });
    expect(cancel.json().results[0]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await get(a.id)).status).toBe('open');
  });
});

describe('GET /v1/charges/export.xlsx?ids=', () => {
  async function sheetOf(url: string) {
    const res = await ctx.call(t.live, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0];
    return Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
  }

  it('exports exactly the given charges, comma-separated or repeated, sorted by due date', async () => {
    const late = await charge(1_234, '2027-01-20');
    const early = await charge(2_345, '2026-12-01');
    const notAsked = await charge(3_456, '2026-12-05');
    expect(await sheetOf(`/v1/charges/export.xlsx?ids=${late.id},${early.id}`)).toEqual([early.number, late.number]);
    expect(await sheetOf(`/v1/charges/export.xlsx?ids=${late.id}&ids=${early.id}`)).toEqual([early.number, late.number]);
    // The other filters still apply.
    expect(await sheetOf(`/v1/charges/export.xlsx?ids=${late.id},${early.id},${notAsked.id}&due_from=${d('2026-12-02')}`)).toEqual([
      notAsked.number,
      late.number,
    ]);
  });

  it('exports more than one listing chunk (100) of ids', async () => {
    const made = [];
    for (let i = 0; i < 105; i++) made.push(await charge(100 + i, '2027-02-01'));
    const numbers = await sheetOf(`/v1/charges/export.xlsx?ids=${made.map((c) => c.id).join(',')}`);
    expect(numbers).toEqual(made.map((c) => c.number));
  });

  it('refuses ids that are not UUIDs (400)', async () => {
    const res = await ctx.call(t.live, 'GET', '/v1/charges/export.xlsx?ids=12,abc');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'ids', issue: 'not a UUID' }]);
  });
});
