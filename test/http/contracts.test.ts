import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { listBillableContractIds, loadContractSnapshot, resolveContractItem } from '../../src/contracts/index.ts';
import { calculateCharge, periodDueOn } from '../../src/pricing/index.ts';
import { systemScope } from '../../src/platform/scope.ts';

// The test clock: 2026-11-23 (São Paulo).
let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;
let customerId: string;
let net: { id: string; code: string };
let kwh: { id: string };
let yearly: { id: string };

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
  customerId = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Maria Cliente', document: cpfFrom(7) })).json()
    .id;
  net = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'NET',
      name: 'Internet',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 10000,
    })
  ).json();
  kwh = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'KWH',
      name: 'Energia',
      unit: 'kWh',
      pricing_model: 'per_unit',
      price_cents: '75.5',
    })
  ).json();
  yearly = (
    await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'ANUAL',
      name: 'Licença anual',
      unit: 'licença',
      pricing_model: 'flat',
      price_cents: 120000,
      billing_period: 'yearly',
    })
  ).json();
});
afterAll(() => ctx.close());

const body = (over: Record<string, unknown> = {}) => ({
  customer_id: customerId,
  start_date: d('2026-11-05'),
  billing_day: 5,
  due_days: 10,
  payment_method: 'pix',
  items: [{ service_id: net.id }],
  ...over,
});

async function create(over: Record<string, unknown> = {}, key = t.live) {
  const res = await ctx.call(key, 'POST', '/v1/contracts', body(over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const act = (id: string, action: string, payload?: unknown) => ctx.call(t.live, 'POST', `/v1/contracts/${id}/${action}`, payload);

describe('create and get', () => {
  it('creates a pending contract with items, numbered, with its current period and allowed actions', async () => {
    const c = await create({
      external_code: 'CT-1',
      items: [{ service_id: net.id, quantity: '2', price_override_cents: '8990.5' }, { service_code: 'KWH' }],
    });
    expect(c).toMatchObject({
      number: 1,
      status: 'pending',
      allowed_actions: ['activate', 'cancel'],
      billing_day: 5,
      due_days: 10,
      payment_method: 'pix',
      billing_period: 'monthly',
      current_period: { start: d('2026-11-05'), end: d('2026-12-04') },
      customer: { name: 'Maria Cliente', active: true },
      external_code: 'CT-1',
      cancellation: null,
    });
    expect(c.items).toMatchObject([
      { service_id: net.id, service: { code: 'NET' }, quantity: '2', price_override_cents: '8990.5', starts_on: null, ends_on: null },
      { service_id: kwh.id, quantity: '1', price_override_cents: null },
    ]);
    for (const ref of [c.id, String(c.number)]) expect((await ctx.call(t.live, 'GET', `/v1/contracts/${ref}`)).json().id).toBe(c.id);
    expect((await ctx.call(t.live, 'GET', '/v1/contracts/by-external-code/CT-1')).json().id).toBe(c.id);
  });

  it('defaults billing day (start day, capped at 28), due days and payment method; can be created active', async () => {
    const c = await create({
      start_date: d('2026-10-30'),
      billing_day: undefined,
      due_days: undefined,
      payment_method: undefined,
      status: 'active',
    });
    expect(c).toMatchObject({ billing_day: 28, due_days: 5, payment_method: 'boleto', status: 'active' });
    expect(c.activated_at).not.toBeNull();
  });

  it('refuses mixing billing periods in one contract at write time (400)', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/contracts', body({ items: [{ service_id: net.id }, { service_id: yearly.id }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      field: 'items[1].service.billing_period',
      issue: 'mixed billing periods in one contract',
    });
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['unknown customer', { customer_id: '01890000-0000-7000-8000-000000000000' }, 'customer_id'],
    ['no items', { items: [] }, 'items'],
    ['unknown service', { items: [{ service_id: '01890000-0000-7000-8000-000000000000' }] }, 'items[0].service_id'],
    ['unknown service code', { items: [{ service_code: 'NOPE' }] }, 'items[0].service_code'],
    ['item without service', { items: [{ quantity: '1' }] }, 'items[0].service_id'],
    ['zero quantity', { items: [{ service_id: '$net', quantity: '0' }] }, 'items[0].quantity'],
    ['7-place quantity', { items: [{ service_id: '$net', quantity: '1.1234567' }] }, 'items[0].quantity'],
    ['negative override', { items: [{ service_id: '$net', price_override_cents: '-5' }] }, 'items[0].price_override_cents'],
    ['billing day 29', { billing_day: 29 }, 'billing_day'],
    ['billing day 0', { billing_day: 0 }, 'billing_day'],
    ['bad date', { start_date: d('2026-02-30') }, 'start_date'],
    ['end before start', { end_date: d('2026-11-01') }, 'end_date'],
    ['unknown payment method', { payment_method: 'cheque' }, 'payment_method'],
    ['negative due days', { due_days: -1 }, 'due_days'],
    ['unknown field', { color: 'blue' }, 'color'],
  ];
  for (const [label, over, field] of bad) {
    it(`400 for ${label}, nothing stored`, async () => {
      const before = (await ctx.call(t.live, 'GET', '/v1/contracts?page_size=1&include_total=true')).json().total;
      expect(before).toEqual(expect.any(Number));
      const payload = JSON.parse(JSON.stringify(body(over)).replaceAll('"$net"', JSON.stringify(net.id)));
      const res = await ctx.call(t.live, 'POST', '/v1/contracts', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect((await ctx.call(t.live, 'GET', '/v1/contracts?page_size=1&include_total=true')).json().total).toBe(before);
    });
  }

  it('refuses a deactivated service on a new item', async () => {
    const s = (
      await ctx.call(t.live, 'POST', '/v1/services', { code: 'OLD', name: 'Antigo', unit: 'mês', pricing_model: 'flat', price_cents: 1 })
    ).json();
    await ctx.call(t.live, 'POST', `/v1/services/${s.id}/deactivate`);
    const res = await ctx.call(t.live, 'POST', '/v1/contracts', body({ items: [{ service_id: s.id }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual([{ field: 'items[0].service_id', issue: 'the service is deactivated' }]);
  });

  it('keeps external_code unique per tenant (409)', async () => {
    await create({ external_code: 'DUP' });
    const res = await ctx.call(t.live, 'POST', '/v1/contracts', body({ external_code: 'DUP' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('duplicate_external_code');
  });
});

describe('state machine over HTTP', () => {
  it('walks pending → active → inactive → active → suspended → active → cancelled and keeps every transition', async () => {
    const c = await create();
    const steps: [string, unknown, string][] = [
      ['activate', { reason: 'assinado' }, 'active'],
      ['deactivate', undefined, 'inactive'],
      ['activate', undefined, 'active'],
      ['suspend', { reason: 'inadimplência' }, 'suspended'],
      ['resume', undefined, 'active'],
      ['cancel', { reason: 'mudou de cidade' }, 'cancelled'],
    ];
    for (const [action, payload, status] of steps) {
      const res = await act(c.id, action, payload);
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      expect(res.json().status).toBe(status);
    }
    const history = (await ctx.call(t.live, 'GET', `/v1/contracts/${c.id}/history`)).json().data;
    expect(
      history.map((h: { action: string; from_status: string | null; to_status: string }) => [h.action, h.from_status, h.to_status]),
    ).toEqual([
      ['create', null, 'pending'],
      ['activate', 'pending', 'active'],
      ['deactivate', 'active', 'inactive'],
      ['activate', 'inactive', 'active'],
      ['suspend', 'active', 'suspended'],
      ['resume', 'suspended', 'active'],
      ['cancel', 'active', 'cancelled'],
    ]);
    expect(history[1]).toMatchObject({ reason: 'assinado', effective_date: d('2026-11-23'), actor: { type: 'api_key', id: t.liveKeyId } });
    expect(history[6]).toMatchObject({ reason: 'mudou de cidade', effective_date: d('2026-11-23') });
    expect(history[6].request_id).toBeTruthy();
    const { rows } = await ctx.db.query<{ type: string }>(
      `SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`,
      [t.id, c.id],
    );
    expect(rows.map((r) => r.type)).toEqual([
      'contract.created',
      'contract.activated',
      'contract.deactivated',
      'contract.activated',
      'contract.suspended',
      'contract.resumed',
      'contract.cancelled',
    ]);
  });

  it('refuses actions not allowed from the current state with 409 listing the allowed ones', async () => {
    const c = await create();
    const cases: [string, unknown, string[]][] = [
      ['resume', undefined, ['activate', 'cancel']],
      ['suspend', undefined, ['activate', 'cancel']],
      ['deactivate', undefined, ['activate', 'cancel']],
    ];
    for (const [action, payload, allowed] of cases) {
      const res = await act(c.id, action, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({ code: 'invalid_state_transition', current_status: 'pending', allowed_actions: allowed });
    }
    await act(c.id, 'activate');
    const again = await act(c.id, 'activate');
    expect(again.json().error).toMatchObject({ code: 'invalid_state_transition', allowed_actions: ['deactivate', 'suspend', 'cancel'] });
    await act(c.id, 'suspend');
    expect((await act(c.id, 'deactivate')).json().error.allowed_actions).toEqual(['resume', 'cancel']);
    await act(c.id, 'cancel', { reason: 'fim' });
    for (const action of ['activate', 'deactivate', 'suspend', 'resume']) {
      const res = await act(c.id, action);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.allowed_actions).toEqual([]);
    }
    const twice = await act(c.id, 'cancel', { reason: 'de novo' });
    expect(twice.statusCode).toBe(409);
    // A refused action leaves no trace.
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${c.id}/history`)).json().data).toHaveLength(4);
  });

  it('cancel needs a reason (400)', async () => {
    const c = await create();
    expect((await act(c.id, 'cancel', {})).statusCode).toBe(400);
    expect((await act(c.id, 'cancel', { reason: '  ' })).statusCode).toBe(400);
  });

  it('contracts of a deactivated customer cannot be activated or resumed (409)', async () => {
    const cust = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Inativo', document: cpfFrom(99) })).json();
    const c = await create({ customer_id: cust.id });
    const s = await create({ customer_id: cust.id, status: 'active' });
    await act(s.id, 'suspend');
    await ctx.call(t.live, 'POST', `/v1/customers/${cust.id}/deactivate`);
    const res = await act(c.id, 'activate');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      code: 'conflict',
      reason: 'customer_inactive',
      details: [{ field: 'customer_id', issue: 'customer is deactivated' }],
    });
    expect((await act(s.id, 'resume')).statusCode).toBe(409);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${c.id}`)).json().status).toBe('pending');
    await ctx.call(t.live, 'POST', `/v1/customers/${cust.id}/activate`);
    expect((await act(c.id, 'activate')).json().status).toBe('active');
  });

  it('a customer with contracts cannot be deleted (409 customer_has_history)', async () => {
    const res = await ctx.call(t.live, 'DELETE', `/v1/customers/${customerId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('customer_has_history');
  });
});

describe('cancellation dates', () => {
  it('immediately: today is the last day of service', async () => {
    const c = await create({ status: 'active' });
    const res = await act(c.id, 'cancel', { reason: 'pedido do cliente', effective: 'immediately' });
    expect(res.json()).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'pedido do cliente', effective_date: d('2026-11-23') },
      allowed_actions: [],
    });
  });

  it('end_of_period: the last day of the current billing period', async () => {
    const c = await create({ status: 'active' });
    const res = await act(c.id, 'cancel', { reason: 'fim', effective: 'end_of_period' });
    expect(res.json().cancellation.effective_date).toBe(d('2026-12-04'));
    const q = await create({ status: 'active', billing_day: 10, start_date: d('2026-01-10'), items: [{ service_id: yearly.id }] });
    expect((await act(q.id, 'cancel', { reason: 'fim', effective: 'end_of_period' })).json().cancellation.effective_date).toBe(
      d('2027-01-09'),
    );
  });

  it('a pending contract or one not started yet never had service: the day before its start', async () => {
    const p = await create();
    expect((await act(p.id, 'cancel', { reason: 'desistiu' })).json().cancellation.effective_date).toBe(d('2026-11-04'));
    const future = await create({ status: 'active', start_date: d('2027-01-05') });
    expect((await act(future.id, 'cancel', { reason: 'desistiu', effective: 'end_of_period' })).json().cancellation.effective_date).toBe(
      d('2027-01-04'),
    );
  });

  it('an inactive contract: the day before it was deactivated', async () => {
    const c = await create({ status: 'active' });
    await act(c.id, 'deactivate');
    ctx.clock.advance(3 * 86_400_000);
    try {
      expect((await act(c.id, 'cancel', { reason: 'fim' })).json().cancellation.effective_date).toBe(d('2026-11-22'));
    } finally {
      ctx.clock.advance(-3 * 86_400_000);
    }
  });
});

describe('suspensions', () => {
  it('suspend from a date (default today), resume closes it the day before the resume date', async () => {
    const c = await create({ status: 'active' });
    const s = await act(c.id, 'suspend', { start_date: d('2026-11-10'), reason: 'férias' });
    expect(s.json().suspensions).toMatchObject([{ start_date: d('2026-11-10'), end_date: null, reason: 'férias' }]);
    const r = await act(c.id, 'resume', { date: d('2026-11-20') });
    expect(r.json()).toMatchObject({ status: 'active', suspensions: [{ start_date: d('2026-11-10'), end_date: d('2026-11-19') }] });
    const s2 = await act(c.id, 'suspend');
    expect(s2.json().suspensions[1]).toMatchObject({ start_date: d('2026-11-23'), end_date: null });
    const r2 = await act(c.id, 'resume');
    expect(r2.json().suspensions[1]).toMatchObject({ start_date: d('2026-11-23'), end_date: d('2026-11-22') });
  });

  it('a planned end is kept when it has passed and shortened when resuming earlier', async () => {
    const c = await create({ status: 'active' });
    await act(c.id, 'suspend', { start_date: d('2026-11-06'), end_date: d('2026-11-30') });
    expect((await act(c.id, 'resume', { date: d('2026-11-15') })).json().suspensions[0].end_date).toBe(d('2026-11-14'));
  });

  it('the daily tick resumes a contract whose planned suspension has ended (customer active), once', async () => {
    const u = await ctx.newTenant();
    const call = (method: string, path: string, payload?: unknown) => ctx.call(u.live, method, path, payload);
    const customer = (await call('POST', '/v1/customers', { person_type: 'PF', name: 'Cliente Férias', document: cpfFrom(8101) })).json();
    const inactive = (await call('POST', '/v1/customers', { person_type: 'PF', name: 'Cliente Inativo', document: cpfFrom(8102) })).json();
    const svc = (
      await call('POST', '/v1/services', { code: 'NET', name: 'Internet', unit: 'mês', pricing_model: 'flat', price_cents: 10000 })
    ).json();
    const mk = async (customer_id: string) => {
      const res = await call('POST', '/v1/contracts', { ...body({ customer_id, items: [{ service_id: svc.id }] }), status: 'active' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const ended = await mk(customer.id);
    const endsToday = await mk(customer.id);
    const ofInactive = await mk(inactive.id);
    for (const [id, end_date] of [
      [ended, d('2026-11-20')],
      [endsToday, d('2026-11-23')],
      [ofInactive, d('2026-11-10')],
    ]) {
      expect((await call('POST', `/v1/contracts/${id}/suspend`, { start_date: d('2026-11-06'), end_date })).statusCode).toBe(200);
    }
    expect((await call('POST', `/v1/customers/${inactive.id}/deactivate`)).statusCode).toBe(200);

    expect((await call('POST', '/v1/billing-runs/tick', { date: d('2026-11-23') })).json()).toMatchObject({ resumed: 1 });
    expect((await call('GET', `/v1/contracts/${ended}`)).json()).toMatchObject({
      status: 'active',
      suspensions: [{ start_date: d('2026-11-06'), end_date: d('2026-11-20') }],
    });
    const history = (await call('GET', `/v1/contracts/${ended}/history`)).json();
    expect(history.data.at(-1)).toMatchObject({
      action: 'resume',
      from_status: 'suspended',
      to_status: 'active',
      effective_date: d('2026-11-21'),
      reason: 'Fim da suspensão programada',
    });
    expect((await call('GET', `/v1/contracts/${endsToday}`)).json().status).toBe('suspended');
    expect((await call('GET', `/v1/contracts/${ofInactive}`)).json().status).toBe('suspended');
    expect((await call('POST', '/v1/billing-runs/tick', { date: d('2026-11-23') })).json()).toMatchObject({ resumed: 0 });
  });

  it('refuses a start before the current period, after today, or an end before the start', async () => {
    const c = await create({ status: 'active' });
    for (const [payload, field] of [
      [{ start_date: d('2026-11-04') }, 'start_date'],
      [{ start_date: d('2026-11-24') }, 'start_date'],
      [{ start_date: d('2026-11-20'), end_date: d('2026-11-19') }, 'end_date'],
    ] as const) {
      const res = await act(c.id, 'suspend', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details[0].field).toBe(field);
    }
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${c.id}`)).json()).toMatchObject({ status: 'active', suspensions: [] });
    await act(c.id, 'suspend', { start_date: d('2026-11-20') });
    expect((await act(c.id, 'resume', { date: d('2026-11-19') })).statusCode).toBe(400);
  });

  it('cancelling a suspended contract closes the suspension at the last day of service', async () => {
    const c = await create({ status: 'active' });
    await act(c.id, 'suspend', { start_date: d('2026-11-10') });
    const res = await act(c.id, 'cancel', { reason: 'fim', effective: 'end_of_period' });
    expect(res.json()).toMatchObject({
      cancellation: { effective_date: d('2026-12-04') },
      suspensions: [{ start_date: d('2026-11-10'), end_date: d('2026-12-04') }],
    });
  });
});

describe('PATCH rules', () => {
  it('a pending contract changes anything, items in place', async () => {
    const c = await create();
    const res = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      start_date: d('2026-12-01'),
      billing_day: 1,
      items: [{ id: c.items[0].id, service_id: net.id, quantity: 3 }, { service_id: kwh.id }],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ start_date: d('2026-12-01'), billing_day: 1 });
    expect(res.json().items).toMatchObject([
      { id: c.items[0].id, quantity: '3', starts_on: null },
      { service_id: kwh.id, starts_on: null },
    ]);
  });

  it('a running contract refuses customer, start date and billing day changes (409) and takes item changes from the next period', async () => {
    const c = await create({ status: 'active' });
    const refused = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { billing_day: 10, start_date: d('2026-11-01') });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.map((d: { field: string }) => d.field)).toEqual(['start_date', 'billing_day']);
    const res = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      due_days: 15,
      items: [{ id: c.items[0].id, service_id: net.id, quantity: '2' }, { service_id: kwh.id }],
    });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items).toMatchObject([
      { id: c.items[0].id, quantity: '1', starts_on: null, ends_on: d('2026-12-04') },
      { service_id: net.id, quantity: '2', starts_on: d('2026-12-05'), ends_on: null },
      { service_id: kwh.id, starts_on: d('2026-12-05'), ends_on: null },
    ]);
    // Billing sees the old items for the current period and the new ones from the next.
    const now = await loadContractSnapshot(ctx.db, t.id, c.id, d('2026-11-05'));
    expect(now.items.map((i) => [i.service.id, i.quantity])).toEqual([[net.id, '1']]);
    const next = await loadContractSnapshot(ctx.db, t.id, c.id, d('2026-12-05'));
    expect(next.items.map((i) => [i.service.id, i.quantity])).toEqual([
      [net.id, '2'],
      [kwh.id, '1'],
    ]);
    // Changing the not-yet-started items again edits them where they are.
    const again = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [{ id: items[1].id, service_id: net.id, quantity: '5' }],
    });
    expect(again.json().items).toMatchObject([
      { id: c.items[0].id, ends_on: d('2026-12-04') },
      { id: items[1].id, quantity: '5', starts_on: d('2026-12-05') },
    ]);
    const mixed = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { items: [{ service_id: yearly.id }] });
    expect(mixed.statusCode).toBe(400);
    const foreign = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, {
      items: [{ id: '01890000-0000-7000-8000-000000000000', service_id: net.id }],
    });
    expect(foreign.json().error.details).toEqual([{ field: 'items[0].id', issue: 'is not a current item of this contract' }]);
  });

  it('a cancelled contract only takes description, metadata and external_code', async () => {
    const c = await create({ status: 'active' });
    await act(c.id, 'cancel', { reason: 'fim' });
    expect((await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { due_days: 3 })).statusCode).toBe(409);
    const ok = await ctx.call(t.live, 'PATCH', `/v1/contracts/${c.id}`, { description: 'encerrado', metadata: { crm: 'x' } });
    expect(ok.json()).toMatchObject({ description: 'encerrado', metadata: { crm: 'x' } });
  });
});

describe('delete', () => {
  it('deletes only pending contracts', async () => {
    const p = await create();
    expect((await ctx.call(t.live, 'DELETE', `/v1/contracts/${p.id}`)).statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${p.id}`)).statusCode).toBe(404);
    const a = await create({ status: 'active' });
    const res = await ctx.call(t.live, 'DELETE', `/v1/contracts/${a.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.allowed_actions).toEqual(['deactivate', 'suspend', 'cancel']);
  });
});

describe('bulk status', () => {
  it('activates several contracts in one go', async () => {
    const a = await create();
    const b = await create();
    const res = await ctx.call(t.live, 'POST', '/v1/contracts/bulk-status', { ids: [a.id, b.id], action: 'activate' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ action: 'activate', count: 2 });
    expect(res.json().data.map((c: { status: string }) => c.status)).toEqual(['active', 'active']);
  });

  it('is all or nothing: one refused contract leaves all unchanged and is named', async () => {
    const a = await create();
    const b = await create({ status: 'active' });
    const res = await ctx.call(t.live, 'POST', '/v1/contracts/bulk-status', { ids: [a.id, b.id], action: 'activate' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details).toEqual([
      { field: 'ids[1]', issue: expect.stringContaining('Cannot activate a contract that is active') },
    ]);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${a.id}`)).json().status).toBe('pending');
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${a.id}/history`)).json().data).toHaveLength(1);
  });
});

describe('billing integration', () => {
  it('snapshots use the price in force at the period start: a price change applies to the next period only', async () => {
    const svc = (
      await ctx.call(t.live, 'POST', '/v1/services', {
        code: 'PLANO',
        name: 'Plano',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 5000,
      })
    ).json();
    const c = await create({ status: 'active', items: [{ service_id: svc.id }] });
    await ctx.call(t.live, 'PATCH', `/v1/services/${svc.id}`, { price_cents: 7000 });
    const current = await loadContractSnapshot(ctx.db, t.id, c.id, d('2026-11-05'));
    const period = periodDueOn(current, d('2026-12-05'))!;
    expect(period).toMatchObject({ start: d('2026-11-05'), end: d('2026-12-04') });
    expect(calculateCharge({ contract: current, period, usage: [], issueDate: d('2026-12-05') })!.totalCents).toBe(5000);
    const next = await loadContractSnapshot(ctx.db, t.id, c.id, d('2026-12-05'));
    const p2 = periodDueOn(next, d('2027-01-05'))!;
    expect(calculateCharge({ contract: next, period: p2, usage: [], issueDate: d('2027-01-05') })!.totalCents).toBe(7000);
  });

  it('snapshots carry suspensions, inactive days and the cancellation', async () => {
    const c = await create({ status: 'active' });
    await act(c.id, 'suspend', { start_date: d('2026-11-10') });
    await act(c.id, 'resume', { date: d('2026-11-15') });
    await act(c.id, 'deactivate');
    ctx.clock.advance(86_400_000);
    await act(c.id, 'activate');
    await act(c.id, 'cancel', { reason: 'fim', effective: 'end_of_period' });
    ctx.clock.advance(-86_400_000);
    const snap = await loadContractSnapshot(ctx.db, t.id, c.id, d('2026-11-05'));
    expect(snap).toMatchObject({
      status: 'cancelled',
      cancellation: { effectiveDate: d('2026-12-04') },
      suspensions: [
        { startDate: d('2026-11-10'), endDate: d('2026-11-14') },
        { startDate: d('2026-11-23'), endDate: d('2026-11-23') },
      ],
    });
  });

  it('lists billable contract ids in chunks: active, suspended, cancelled with service; never pending or inactive', async () => {
    const t2 = await ctx.newTenant();
    const cust = (await ctx.call(t2.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'B', document: cpfFrom(5) })).json();
    const svc = (
      await ctx.call(t2.live, 'POST', '/v1/services', { code: 'S', name: 'S', unit: 'mês', pricing_model: 'flat', price_cents: 1 })
    ).json();
    const mk = async (status?: string) =>
      (
        await ctx.call(t2.live, 'POST', '/v1/contracts', {
          customer_id: cust.id,
          start_date: d('2026-11-01'),
          billing_day: 1,
          items: [{ service_id: svc.id }],
          ...(status ? { status } : {}),
        })
      ).json();
    const active = await mk('active');
    const pending = await mk();
    const suspended = await mk('active');
    await ctx.call(t2.live, 'POST', `/v1/contracts/${suspended.id}/suspend`);
    const inactive = await mk('active');
    await ctx.call(t2.live, 'POST', `/v1/contracts/${inactive.id}/deactivate`);
    const cancelled = await mk('active');
    await ctx.call(t2.live, 'POST', `/v1/contracts/${cancelled.id}/cancel`, { reason: 'x' });
    const neverStarted = await mk();
    await ctx.call(t2.live, 'POST', `/v1/contracts/${neverStarted.id}/cancel`, { reason: 'x' });
    const first = await listBillableContractIds(ctx.db, t2.id, { limit: 2 });
    const rest = await listBillableContractIds(ctx.db, t2.id, { limit: 10, afterId: first[1] });
    expect([...first, ...rest]).toEqual([active.id, suspended.id, cancelled.id]);
    expect(await listBillableContractIds(ctx.db, t2.id, { limit: 10, asOf: d('2028-06-01') })).toEqual([active.id, suspended.id]);
    expect(pending.id).toBeTruthy();
  });

  it('resolveContractItem: by item, by contract (+service), by customer + service on a date; 404 and ambiguous', async () => {
    const t3 = await ctx.newTenant();
    const scope = systemScope(t3.id, ctx.clock.now());
    const cust = (await ctx.call(t3.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'C', document: cpfFrom(6) })).json();
    const svc = (
      await ctx.call(t3.live, 'POST', '/v1/services', { code: 'K', name: 'K', unit: 'kWh', pricing_model: 'per_unit', price_cents: 1 })
    ).json();
    const c1 = (
      await ctx.call(t3.live, 'POST', '/v1/contracts', {
        customer_id: cust.id,
        start_date: d('2026-11-01'),
        billing_day: 1,
        items: [{ service_id: svc.id }],
        status: 'active',
      })
    ).json();
    const item = c1.items[0].id;
    const expected = { contractId: c1.id, contractItemId: item, customerId: cust.id, serviceId: svc.id };
    expect(await resolveContractItem(ctx.db, scope, { contractItemId: item, date: d('2026-11-10') })).toEqual(expected);
    expect(await resolveContractItem(ctx.db, scope, { contractId: c1.id, date: d('2026-11-10') })).toEqual(expected);
    expect(await resolveContractItem(ctx.db, scope, { customerId: cust.id, serviceId: svc.id, date: d('2026-11-10') })).toEqual(expected);
    await expect(
      resolveContractItem(ctx.db, scope, { customerId: cust.id, serviceId: svc.id, date: d('2026-10-10') }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      resolveContractItem(ctx.db, systemScope(other.id, ctx.clock.now()), { contractItemId: item, date: d('2026-11-10') }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await ctx.call(t3.live, 'POST', '/v1/contracts', {
      customer_id: cust.id,
      start_date: d('2026-11-01'),
      billing_day: 1,
      items: [{ service_id: svc.id }],
      status: 'active',
    });
    await expect(
      resolveContractItem(ctx.db, scope, { customerId: cust.id, serviceId: svc.id, date: d('2026-11-10') }),
    ).rejects.toMatchObject({ code: 'ambiguous_contract_item' });
    await expect(resolveContractItem(ctx.db, scope, { customerId: cust.id, date: d('2026-11-10') })).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('listing, search, metadata, isolation, idempotency, export', () => {
  it('filters by customer, status, service, external code and dates; searches; describes fields', async () => {
    const byStatus = (await ctx.call(t.live, 'GET', `/v1/contracts?status=cancelled&customer_id=${customerId}&page_size=100`)).json();
    expect(byStatus.data.length).toBeGreaterThan(0);
    expect(byStatus.data.every((c: { status: string }) => c.status === 'cancelled')).toBe(true);
    const byService = (await ctx.call(t.live, 'GET', `/v1/contracts?service_id=${kwh.id}&page_size=100`)).json();
    expect(byService.data.length).toBeGreaterThan(0);
    expect(byService.data.every((c: { items: { service_id: string }[] }) => c.items.some((i) => i.service_id === kwh.id))).toBe(true);
    expect((await ctx.call(t.live, 'GET', '/v1/contracts?external_code=CT-1')).json().data).toHaveLength(1);
    const late = (await ctx.call(t.live, 'GET', `/v1/contracts?start_from=${d('2027-01-01')}`)).json();
    expect(late.data.every((c: { start_date: string }) => c.start_date >= d('2027-01-01'))).toBe(true);
    const search = await ctx.call(t.live, 'POST', '/v1/contracts/search', {
      filters: [{ field: 'customer_name', op: 'contains', value: 'maria' }],
      sort: [{ field: 'number', direction: 'desc' }],
      page_size: 3,
    });
    expect(search.statusCode).toBe(200);
    expect(search.json().data[0].number).toBeGreaterThan(search.json().data[1].number);
    const meta = (await ctx.call(t.live, 'GET', '/v1/contracts/metadata')).json();
    expect(meta.fields.find((f: { field: string }) => f.field === 'status')).toMatchObject({ type: 'enum', filterable: true });
    expect((await ctx.call(t.live, 'GET', '/v1/contracts?status=open')).statusCode).toBe(400);
  });

  it('another tenant or the sandbox gets 404 for every operation', async () => {
    const c = await create();
    for (const key of [other.live, t.test]) {
      expect((await ctx.call(key, 'GET', `/v1/contracts/${c.id}`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'GET', `/v1/contracts/${c.id}/history`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'PATCH', `/v1/contracts/${c.id}`, { due_days: 1 })).statusCode).toBe(404);
      expect((await ctx.call(key, 'POST', `/v1/contracts/${c.id}/activate`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'DELETE', `/v1/contracts/${c.id}`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'POST', '/v1/contracts/bulk-status', { ids: [c.id], action: 'activate' })).statusCode).toBe(404);
    }
    // Nor can another tenant point a contract at this tenant's customer or service.
    const res = await ctx.call(other.live, 'POST', '/v1/contracts', body());
    expect(res.statusCode).toBe(400);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${c.id}`)).json().status).toBe('pending');
  });

  it('a retried POST (create or action) with the same Idempotency-Key happens once', async () => {
    const h = { 'idempotency-key': 'contract-create-1' };
    const a = await ctx.call(t.live, 'POST', '/v1/contracts', body(), h);
    const b = await ctx.call(t.live, 'POST', '/v1/contracts', body(), h);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    const k = { 'idempotency-key': 'contract-activate-1' };
    const x = await ctx.call(t.live, 'POST', `/v1/contracts/${a.json().id}/activate`, undefined, k);
    const y = await ctx.call(t.live, 'POST', `/v1/contracts/${a.json().id}/activate`, undefined, k);
    expect(x.statusCode).toBe(200);
    expect(y.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/contracts/${a.json().id}/history`)).json().data).toHaveLength(2);
  });

  it('exports the filtered contracts to XLSX that exceljs reads back', async () => {
    const res = await ctx.call(t.live, 'GET', `/v1/contracts/export.xlsx?customer_id=${customerId}&status=active`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Contratos')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['Número', 'Nº do cliente', 'Cliente', 'CPF/CNPJ', 'Situação', 'Início']);
    const api = (await ctx.call(t.live, 'GET', `/v1/contracts?customer_id=${customerId}&status=active&page_size=100`)).json();
    expect(sheet.rowCount - 1).toBe(api.total);
    const rows = [];
    for (let r = 2; r <= sheet.rowCount; r++) rows.push(sheet.getRow(r));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(api.data.map((c: { number: number }) => c.number));
    const first = api.data[0];
    expect(rows[0].getCell(3).value).toBe('Maria Cliente');
    expect(rows[0].getCell(5).value).toBe('Ativo');
    expect((rows[0].getCell(6).value as Date).toISOString().slice(0, 10)).toBe(first.start_date);
    expect(rows[0].getCell(8).value).toBe(first.billing_day);
    const bad = await ctx.call(t.live, 'GET', '/v1/contracts/export.xlsx?status=nope');
    expect(bad.statusCode).toBe(400);
  });
});
