// PATCH /v1/charges/{id}: a new due date and/or amount for a charge still to be paid; its boleto takes
// them, and a boleto the bank already has gets the movements queued once for the next remittance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRemessa240 } from '../../src/cnab/remessa240-reader.ts';
import { createTestContext, d, type TestContext, type TestTenant, testNow } from '../support/app.ts';
import { ITAU_ACCOUNT, tenantWithAccount } from '../support/collection-setup.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const setup = (account: Record<string, unknown> = ITAU_ACCOUNT) => tenantWithAccount(ctx, account);

async function charge(t: TestTenant, customerId: string, amount: number, due = '2026-12-10') {
  const ch = await ctx.call(t.live, 'POST', '/v1/charges', { customer_id: customerId, amount_cents: amount, due_date: d(due) });
  expect(ch.statusCode, ch.body).toBe(201);
  return ch.json();
}

const patch = (t: TestTenant, id: string, body: Record<string, unknown>) => ctx.call(t.live, 'PATCH', `/v1/charges/${id}`, body);
const get = async (t: TestTenant, path: string) => (await ctx.call(t.live, 'GET', path)).json();

describe('PATCH /v1/charges/{id}', () => {
  it('changes due date and amount; the difference becomes an adjustment line with the reason; same values change nothing', async () => {
    const { t, customer } = await setup();
    const c = await charge(t, customer.id, 10_000);
    const res = await patch(t, c.id, { due_date: d('2026-12-20'), amount_cents: 12_550, reason: 'acréscimo de serviço avulso' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ due_date: d('2026-12-20'), amount_cents: 12_550, balance_cents: 12_550, status: 'open' });
    const lines = res.json().lines;
    expect(lines.map((l: { kind: string; amount_cents: number }) => [l.kind, l.amount_cents])).toEqual([
      [lines[0].kind, 10_000],
      ['adjustment', 2_550],
    ]);
    expect(lines[1].description).toBe('acréscimo de serviço avulso');

    const lower = await patch(t, c.id, { amount_cents: 9_000, reason: 'desconto negociado' });
    expect(lower.statusCode, lower.body).toBe(200);
    expect(lower.json().lines.at(-1)).toMatchObject({ kind: 'adjustment', amount_cents: -3_550, description: 'desconto negociado' });
    expect(lower.json().lines.reduce((s: number, l: { amount_cents: number }) => s + l.amount_cents, 0)).toBe(9_000);
    expect((await get(t, `/v1/charges/${c.id}/amount-due?date=${d('2026-12-20')}`)).total_cents).toBe(9_000);

    const same = await patch(t, c.id, { amount_cents: 9_000, due_date: d('2026-12-20'), reason: 'nada' });
    expect(same.statusCode).toBe(200);
    expect(same.json().lines).toHaveLength(3);
    expect(same.json().updated_at).toBe(lower.json().updated_at);
  });

  it('refuses what cannot be, saying which field, and changes nothing', async () => {
    const { t, customer } = await setup();
    const c = await charge(t, customer.id, 10_000);
    const expectRefused = async (body: Record<string, unknown>, status: number, fields: string[]) => {
      const r = await patch(t, c.id, body);
      expect(r.statusCode, r.body).toBe(status);
      if (fields.length) expect(r.json().error.details.map((x: { field: string }) => x.field)).toEqual(expect.arrayContaining(fields));
    };
    await expectRefused({ due_date: d('2026-11-01'), reason: 'x' }, 400, ['due_date']); // before the business today (23/11)
    await expectRefused({ amount_cents: 0, reason: 'x' }, 400, []);
    await expectRefused({ reason: 'só o motivo' }, 400, []);
    await expectRefused({ due_date: d('2026-12-20') }, 400, []);
    await expectRefused({ due_date: 'amanhã', reason: 'x' }, 400, []);
    await expectRefused({ amount_cents: 5_000, reason: 'x', status: 'paid' }, 400, []);
    expect(await get(t, `/v1/charges/${c.id}`)).toMatchObject({ amount_cents: 10_000, due_date: d('2026-12-10') });

    const pay = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 4_000, method: 'cash' });
    expect(pay.statusCode, pay.body).toBe(201);
    await expectRefused({ amount_cents: 4_000, reason: 'x' }, 400, ['amount_cents']);

    const cancelled = await charge(t, customer.id, 3_000);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'erro' })).statusCode).toBe(200);
    const r = await patch(t, cancelled.id, { amount_cents: 5_000, reason: 'x' });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.code).toBe('invalid_state_transition');
    expect((await patch(t, '00000000-0000-7000-8000-000000000000', { amount_cents: 5_000, reason: 'x' })).statusCode).toBe(404);
  });

  it('an overdue charge given a due date ahead is due again, with the change in its history', async () => {
    const { t, customer } = await setup();
    const c = await charge(t, customer.id, 10_000, '2026-11-25');
    try {
      ctx.clock.set(testNow('2026-12-01T12:00:00Z'));
      const pay = await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/payments`, { amount_cents: 1_000, method: 'cash' });
      expect(pay.statusCode, pay.body).toBe(201);
      expect((await get(t, `/v1/charges/${c.id}`)).status).toBe('overdue');
      const r = await patch(t, c.id, { due_date: d('2026-12-15'), reason: 'prorrogado a pedido do cliente' });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ status: 'partially_paid', due_date: d('2026-12-15') });
      const history = (await get(t, `/v1/charges/${c.id}/history`)).data;
      expect(history.at(-1)).toMatchObject({
        from_status: 'overdue',
        to_status: 'partially_paid',
        reason: 'prorrogado a pedido do cliente',
      });
    } finally {
      ctx.clock.set(testNow());
    }
  });
});

describe('the boleto follows the charge', () => {
  it('a boleto not yet sent takes the new values (same nosso número, new linha digitável); the remittance carries it as an entry', async () => {
    const { t, account, customer } = await setup();
    const c = await charge(t, customer.id, 10_000);
    const before = (await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/boleto`)).json();
    expect((await patch(t, c.id, { due_date: d('2026-12-28'), amount_cents: 15_075, reason: 'reajuste' })).statusCode).toBe(200);
    const after = await get(t, `/v1/charges/${c.id}/boleto`);
    expect(after).toMatchObject({ id: before.id, nosso_numero: before.nosso_numero, due_date: d('2026-12-28'), amount_cents: 15_075 });
    expect(after.linha_digitavel).not.toBe(before.linha_digitavel);
    const parsed = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: after.linha_digitavel });
    expect(parsed.json()).toMatchObject({ amount_cents: 15_075, due_date: d('2026-12-28') });

    const preview = await get(t, `/v1/collection-accounts/${account.id}/remittance/preview`);
    expect(preview.boletos.map((b: Record<string, unknown>) => [b.movement, b.due_date, b.amount_cents])).toEqual([
      ['entry', d('2026-12-28'), 15_075],
    ]);
  });

  it('a boleto the bank has gets 06 (vencimento) and 47 (valor) once in the next remittance, with the latest values', async () => {
    const { t, account, customer } = await setup();
    const c = await charge(t, customer.id, 10_000);
    const boleto = (await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/boleto`)).json();
    const first = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(first.statusCode, first.body).toBe(201);

    expect((await patch(t, c.id, { due_date: d('2026-12-20'), reason: 'prorrogação' })).statusCode).toBe(200);
    expect((await patch(t, c.id, { due_date: d('2026-12-22'), amount_cents: 11_000, reason: 'prorrogação e reajuste' })).statusCode).toBe(
      200,
    );
    const preview = await get(t, `/v1/collection-accounts/${account.id}/remittance/preview`);
    expect(preview).toMatchObject({ boleto_count: 0, movement_count: 2, total_cents: 0 });
    expect(preview.boletos.map((b: Record<string, unknown>) => [b.movement, b.movement_code, b.movement_text])).toEqual([
      ['due_date_change', '06', 'Alteração de Vencimento'],
      ['amount_change', '47', 'Alteração do Valor Nominal do Título'],
    ]);

    const second = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ file_sequence: 2, boleto_count: 0, movement_count: 2 });
    const file = readRemessa240((await ctx.call(t.live, 'GET', second.json().file_url)).body);
    expect(file.boletos.map((b) => [b.movement, b.nossoNumero, b.dueDate, b.amountCents])).toEqual([
      ['due_date_change', boleto.nosso_numero.replace(/\D/g, ''), d('2026-12-22'), 11_000],
      ['amount_change', boleto.nosso_numero.replace(/\D/g, ''), d('2026-12-22'), 11_000],
    ]);
    // Sent once.
    const none = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.reason).toBe('nothing_to_remit');
  });
});

describe('instructions about a boleto the bank has (protest, negativation)', () => {
  it('queues them once in the layout code, takes back a stopped one not sent yet, and lists them with their file', async () => {
    const { t, account, customer } = await setup();
    const c = await charge(t, customer.id, 10_000);
    (await ctx.call(t.live, 'POST', `/v1/charges/${c.id}/boleto`)).json();
    const ask = (body: Record<string, unknown>) => ctx.call(t.live, 'POST', `/v1/charges/${c.id}/boleto/instructions`, body);

    const early = await ask({ movement: 'protest', days: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.reason).toBe('boleto_not_at_bank');
    expect((await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`)).statusCode).toBe(201);

    expect((await ask({ movement: 'protest' })).json().error.details).toEqual([{ field: 'days', issue: 'required' }]);
    expect((await ask({ movement: 'protest_stop_keep', days: 3 })).statusCode).toBe(400);
    expect((await ask({ movement: 'write_off' })).statusCode).toBe(400);
    const protest = await ask({ movement: 'protest', days: 5 });
    expect(protest.statusCode, protest.body).toBe(200);
    expect(protest.json().data).toEqual([
      expect.objectContaining({
        movement: 'protest',
        code: '09',
        text: 'Protestar',
        days: 5,
        status: 'pending',
        remittance_file_sequence: null,
      }),
    ]);
    // Stopped before it went: taken back, nothing reaches the bank.
    expect((await ask({ movement: 'protest_stop_keep' })).json().data).toEqual([]);
    expect((await ask({ movement: 'protest_stop_keep' })).json().error.reason).toBe('nothing_to_stop');
    expect((await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`)).json().error.reason).toBe(
      'nothing_to_remit',
    );

    expect((await ask({ movement: 'negativation', days: 30 })).statusCode).toBe(200);
    const sent = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(sent.json()).toMatchObject({ file_sequence: 2, movement_count: 1 });
    const file = readRemessa240((await ctx.call(t.live, 'GET', sent.json().file_url)).body);
    expect(file.boletos.map((b) => [b.movement, b.protestDays])).toEqual([['negativation', 30]]);
    const stop = await ask({ movement: 'negativation_stop' });
    expect(stop.json().data.map((i: Record<string, unknown>) => [i.movement, i.code, i.status, i.remittance_file_sequence])).toEqual([
      ['negativation', '45', 'sent', 2],
      ['negativation_stop', '46', 'pending', null],
    ]);
    expect((await get(t, `/v1/charges/${c.id}/boleto/instructions`)).data).toHaveLength(2);

    // Cancelled now: the write-off replaces what was still pending.
    expect((await ctx.call(t.live, 'DELETE', `/v1/charges/${c.id}/boleto`)).statusCode).toBe(200);
    expect(
      (await get(t, `/v1/charges/${c.id}/boleto/instructions`)).data.map((i: Record<string, unknown>) => [i.movement, i.status]),
    ).toEqual([
      ['negativation', 'sent'],
      ['write_off', 'pending'],
    ]);
  });
});
