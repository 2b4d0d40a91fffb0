// The dunning schedule (régua de cobrança) through the API against a real database: schedules and
// their validation, assignment precedence and pause, the daily tick walking a charge's steps day by
// day (once each, stopping when paid), suspension and protest flags, and the bulk manual send.
// Dates go through d()/br()/testNow(), so the file also passes with COBRE_TEST_NOW moved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Db } from '../../src/platform/db/types.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { runJobsUntilIdle } from '../../src/workers.ts';
import { dunningRoutes } from '../../src/notifications/dunning/routes.ts';
import { registerDunning } from '../../src/notifications/dunning/run.ts';
import { br, cpfFrom, d, openTestDb, testNow } from '../support/app.ts';

let db: Db;
let app: App;
let clock: ReturnType<typeof fixedClock>;
let n = 0;

interface Tenant {
  id: string;
  key: string;
}

async function newTenant(): Promise<Tenant> {
  const { tenant, liveKey } = await db.transaction((tx) =>
    createTenant(
      tx,
      { legal_name: `Régua ${++n} ${Math.random().toString(36).slice(2, 8)}`, contact_email: 'ti@example.com' },
      clock.now(),
    ),
  );
  return { id: tenant.id, key: liveKey.secret };
}

function call(t: Tenant, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse> {
  const options: InjectOptions = { method: method as InjectOptions['method'], url, headers: { authorization: `Bearer ${t.key}` } };
  if (body !== undefined) {
    options.payload = JSON.stringify(body);
    options.headers!['content-type'] = 'application/json';
  }
  return app.inject(options);
}

async function ok(res: Promise<LightMyRequestResponse>, status = 200) {
  const r = await res;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
}

/** The tenant can send e-mail (inserted directly: the channel API is not this file's subject). */
async function activateEmail(t: Tenant) {
  const now = clock.now().toISOString();
  await db.query(
    `INSERT INTO notification_channels (tenant_id, channel, provider, settings, active, created_at, updated_at) VALUES ($1, 'email', 'smtp', '{}', true, $2, $2)`,
    [t.id, now],
  );
}

async function customer(t: Tenant, seed: number, name = `Pagador ${seed}`) {
  return ok(
    call(t, 'POST', '/v1/customers', {
      person_type: 'PF',
      name,
      document: cpfFrom(seed),
      emails: [{ email: `pagador${seed}@example.com` }],
    }),
    201,
  );
}

async function charge(t: Tenant, customerId: string, due: string, amount = 10_000) {
  return ok(
    call(t, 'POST', '/v1/charges', { customer_id: customerId, description: 'Mensalidade', amount_cents: amount, due_date: due }),
    201,
  );
}

/** Moves the clock to 09:00 in São Paulo (12:00Z) of a frame date, or to a given instant, and runs the tenant's tick for that day. */
async function tickOn(t: Tenant, frameDate: string, at = `${frameDate}T12:00:00Z`) {
  clock.set(testNow(at));
  const res = await ok(call(t, 'POST', '/v1/billing-runs/tick', { date: d(frameDate) }));
  return res.steps.dunning as { charges: number; steps: number; queued: number; suspended: number; flagged: number };
}

/** The dunning messages of a charge (not the notices of its creation or payment). */
async function messages(t: Tenant, chargeId: string) {
  const { rows } = await db.query<{
    step_key: string;
    event: string;
    channel: string;
    status: string;
    not_before: string;
    recipient: string;
  }>(
    `SELECT step_key, event, channel, status, not_before, recipient FROM notification_messages
     WHERE tenant_id = $1 AND charge_id = $2 AND (step_key LIKE 'step:%' OR step_key LIKE 'manual:%') ORDER BY created_at, step_key, channel`,
    [t.id, chargeId],
  );
  return rows;
}

async function eventsOf(t: Tenant, resourceId: string, type: string) {
  const { rows } = await db.query<{ type: string; data: Record<string, unknown> }>(
    'SELECT type, data FROM events WHERE tenant_id = $1 AND resource_id = $2 AND type = $3 ORDER BY seq',
    [t.id, resourceId, type],
  );
  return rows;
}

const notify = (offset: number, event: string, channels = ['email']) => ({ offset_days: offset, action: 'notify', event, channels });

beforeAll(async () => {
  registerDunning();
  db = await openTestDb();
  clock = fixedClock(testNow('2026-11-23T15:00:00Z'));
  app = await buildApp({ db, clock, config: { authCacheSeconds: 0 } });
  // Until the app registers the dunning routes itself.
  if (!app.hasRoute({ method: 'GET', url: '/v1/dunning-schedules' })) await app.register(dunningRoutes);
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('schedules', () => {
  let t: Tenant;
  beforeAll(async () => {
    clock.set(testNow('2026-11-23T15:00:00Z'));
    t = await newTenant();
  });

  it('refuses invalid schedules naming each field', async () => {
    const bad = async (body: unknown) => {
      const res = await call(t, 'POST', '/v1/dunning-schedules', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      return res.json().error.details.map((x: { field: string }) => x.field);
    };
    expect(await bad({ name: 'X', steps: [{ offset_days: 1, action: 'notify', channels: [] }] })).toEqual([
      'steps[0].event',
      'steps[0].channels',
    ]);
    expect(await bad({ name: 'X', steps: [notify(1, 'overdue'), notify(-3, 'reminder'), notify(1, 'overdue', ['sms'])] })).toEqual([
      'steps[2].offset_days',
    ]);
    expect(await bad({ name: 'X', quiet_start: '20:00', steps: [] })).toEqual(['quiet_end']);
    expect(await bad({ name: 'X', quiet_start: '8h', quiet_end: '20:00', steps: [] })).toEqual(['quiet_start']);
    expect(await bad({ name: ' ', steps: [] })).toEqual(['name']);
    expect(await bad({ name: 'X', steps: [{ offset_days: 30, action: 'flag_protest', event: 'overdue', channels: [] }] })).toEqual([
      'steps[0].event',
    ]);
    expect(await bad({ name: 'X', steps: Array.from({ length: 21 }, (_, i) => notify(i, 'overdue')) })).toEqual(['steps']);
    // The shape itself (strict body): an unknown field, an action that does not exist.
    expect((await call(t, 'POST', '/v1/dunning-schedules', { name: 'X', steps: [], color: 'red' })).statusCode).toBe(400);
    expect((await call(t, 'POST', '/v1/dunning-schedules', { name: 'X', steps: [{ offset_days: 1, action: 'call' }] })).statusCode).toBe(
      400,
    );
  });

  it('creates, lists, updates and deletes; one default at a time; every write is an event', async () => {
    const a = await ok(
      call(t, 'POST', '/v1/dunning-schedules', { name: 'Padrão', is_default: true, steps: [notify(1, 'overdue'), notify(-2, 'reminder')] }),
      201,
    );
    expect(a).toMatchObject({ name: 'Padrão', is_default: true, day_kind: 'calendar', quiet_start: null, quiet_end: null });
    expect(a.steps.map((s: { key: string }) => s.key)).toEqual(['step:-2:notify', 'step:+1:notify']);
    const b = await ok(
      call(t, 'POST', '/v1/dunning-schedules', {
        name: 'Rigorosa',
        is_default: true,
        day_kind: 'business',
        quiet_start: '21:00',
        quiet_end: '07:30',
        steps: [
          notify(0, 'due_today', ['email', 'whatsapp']),
          { offset_days: 10, action: 'suspend_contract', event: 'contract_suspended', channels: ['email'] },
          { offset_days: 30, action: 'flag_protest' },
        ],
      }),
      201,
    );
    expect(b).toMatchObject({ is_default: true, day_kind: 'business', quiet_start: '21:00', quiet_end: '07:30' });
    expect((await ok(call(t, 'GET', `/v1/dunning-schedules/${a.id}`))).is_default).toBe(false);
    const list = await ok(call(t, 'GET', '/v1/dunning-schedules'));
    expect(list.data.map((s: { id: string }) => s.id)).toEqual([b.id, a.id]);

    const patched = await ok(
      call(t, 'PATCH', `/v1/dunning-schedules/${a.id}`, { name: 'Branda', is_default: true, quiet_start: '20:00', quiet_end: '08:00' }),
    );
    expect(patched).toMatchObject({ name: 'Branda', is_default: true, quiet_start: '20:00' });
    expect((await ok(call(t, 'GET', `/v1/dunning-schedules/${b.id}`))).is_default).toBe(false);
    const badPatch = await call(t, 'PATCH', `/v1/dunning-schedules/${a.id}`, { steps: [notify(1, 'overdue', [])] });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().error.details).toEqual([expect.objectContaining({ field: 'steps[0].channels' })]);
    expect((await call(t, 'PATCH', `/v1/dunning-schedules/${a.id}`, { quiet_end: null })).json().error.details[0].field).toBe('quiet_end');
    expect((await call(t, 'PATCH', `/v1/dunning-schedules/${a.id}`, {})).statusCode).toBe(400);
    expect((await call(t, 'GET', '/v1/dunning-schedules/0190a0a0-0000-7000-8000-000000000000')).statusCode).toBe(404);
    expect((await call(t, 'GET', '/v1/dunning-schedules/nope')).statusCode).toBe(404);

    expect((await ok(call(t, 'DELETE', `/v1/dunning-schedules/${b.id}`))).id).toBe(b.id);
    expect((await call(t, 'GET', `/v1/dunning-schedules/${b.id}`)).statusCode).toBe(404);
    expect(await eventsOf(t, a.id, 'dunning_schedule.created')).toHaveLength(1);
    expect((await eventsOf(t, a.id, 'dunning_schedule.updated')).length).toBe(2); // un-defaulted by b, then patched
    expect(await eventsOf(t, b.id, 'dunning_schedule.deleted')).toHaveLength(1);
  });

  it('shows the built-in schedule', async () => {
    const tpl = await ok(call(t, 'GET', '/v1/dunning-schedules/default-template'));
    expect(tpl).toMatchObject({ day_kind: 'calendar', quiet_start: '20:00', quiet_end: '08:00' });
    expect(tpl.steps.map((s: { key: string; channels: string[] }) => [s.key, s.channels])).toEqual([
      ['step:-5:notify', ['email']],
      ['step:+0:notify', ['email']],
      ['step:+1:notify', ['email', 'sms']],
      ['step:+7:notify', ['email', 'whatsapp']],
    ]);
  });
});

describe('assignment precedence and pause', () => {
  let t: Tenant;
  let cust: { id: string };
  let other: { id: string };
  let contractId: string;
  let x: { id: string };
  let y: { id: string };

  beforeAll(async () => {
    clock.set(testNow('2026-11-23T15:00:00Z'));
    t = await newTenant();
    await activateEmail(t);
    cust = await customer(t, 5101);
    other = await customer(t, 5102);
    const svc = await ok(
      call(t, 'POST', '/v1/services', { code: 'NET', name: 'Internet', unit: 'mês', pricing_model: 'flat', price_cents: 10000 }),
      201,
    );
    contractId = (
      await ok(
        call(t, 'POST', '/v1/contracts', {
          customer_id: cust.id,
          start_date: d('2026-11-05'),
          billing_day: 5,
          due_days: 10,
          items: [{ service_id: svc.id }],
        }),
        201,
      )
    ).id;
    x = await ok(call(t, 'POST', '/v1/dunning-schedules', { name: 'X', steps: [notify(-1, 'reminder')] }), 201);
    y = await ok(call(t, 'POST', '/v1/dunning-schedules', { name: 'Y', steps: [notify(-2, 'reminder')] }), 201);
  });

  it('contract > customer > tenant default > built-in', async () => {
    expect((await ok(call(t, 'GET', `/v1/customers/${cust.id}/dunning`))).effective).toMatchObject({
      source: 'built_in',
      schedule_id: null,
      paused: false,
    });
    const def = await ok(
      call(t, 'POST', '/v1/dunning-schedules', { name: 'Default', is_default: true, steps: [notify(-3, 'reminder')] }),
      201,
    );
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}/dunning`))).effective).toMatchObject({
      source: 'tenant',
      schedule_id: def.id,
      name: 'Default',
    });
    const put = await ok(call(t, 'PUT', `/v1/customers/${cust.id}/dunning`, { schedule_id: x.id }));
    expect(put).toMatchObject({
      target_type: 'customer',
      target_id: cust.id,
      schedule_id: x.id,
      paused: false,
      effective: { source: 'customer', schedule_id: x.id },
    });
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}/dunning`))).effective).toMatchObject({
      source: 'customer',
      schedule_id: x.id,
    });
    await ok(call(t, 'PUT', `/v1/contracts/${contractId}/dunning`, { schedule_id: y.id }));
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}/dunning`))).effective).toMatchObject({
      source: 'contract',
      schedule_id: y.id,
    });
    expect((await ok(call(t, 'GET', `/v1/customers/${cust.id}/dunning`))).effective).toMatchObject({
      source: 'customer',
      schedule_id: x.id,
    });
    // null inherits again; deleting a schedule releases its assignments.
    expect((await ok(call(t, 'PUT', `/v1/contracts/${contractId}/dunning`, { schedule_id: null }))).effective.source).toBe('customer');
    await ok(call(t, 'DELETE', `/v1/dunning-schedules/${def.id}`));
    expect((await ok(call(t, 'GET', `/v1/customers/${other.id}/dunning`))).effective.source).toBe('built_in');

    const missing = await call(t, 'PUT', `/v1/customers/${cust.id}/dunning`, { schedule_id: '0190a0a0-0000-7000-8000-000000000000' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('schedule_id');
    expect((await call(t, 'GET', '/v1/customers/0190a0a0-0000-7000-8000-000000000000/dunning')).statusCode).toBe(404);
    expect((await call(t, 'PUT', '/v1/contracts/12/dunning', { paused: true })).statusCode).toBe(404);
    expect((await call(t, 'PUT', `/v1/customers/${cust.id}/dunning`, { paused: 'yes' })).statusCode).toBe(400);
    expect(await eventsOf(t, cust.id, 'customer.dunning_updated')).toHaveLength(1);
    expect(await eventsOf(t, contractId, 'contract.dunning_updated')).toHaveLength(2);
  });

  it('a paused customer gets no step from the tick; the others do; un-pausing resumes', async () => {
    const paused = await ok(call(t, 'PUT', `/v1/customers/${cust.id}/dunning`, { paused: true, paused_reason: 'acordo em negociação' }));
    expect(paused).toMatchObject({
      paused: true,
      paused_reason: 'acordo em negociação',
      schedule_id: x.id,
      effective: { paused: true, paused_by: 'customer' },
    });
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}/dunning`))).effective).toMatchObject({
      paused: true,
      paused_by: 'customer',
    });
    // Both due on the 26th; X's −1 and the built-in −5 … fall differently, so give both the same schedule X.
    await ok(call(t, 'PUT', `/v1/customers/${other.id}/dunning`, { schedule_id: x.id }));
    const mine = await charge(t, cust.id, d('2026-11-26'));
    const theirs = await charge(t, other.id, d('2026-11-26'));
    const dunning = await ok(call(t, 'GET', `/v1/charges/${mine.id}/dunning`));
    expect(dunning).toMatchObject({ effective: { source: 'customer', paused: true }, runs: [], upcoming: [] });

    const r = await tickOn(t, '2026-11-25');
    expect(r).toMatchObject({ steps: 1, charges: 1 });
    expect(await messages(t, mine.id)).toEqual([]);
    expect((await messages(t, theirs.id)).map((m) => [m.step_key, m.event, m.status])).toEqual([['step:-1:notify', 'reminder', 'queued']]);

    const resumed = await ok(call(t, 'PUT', `/v1/customers/${cust.id}/dunning`, { paused: false }));
    expect(resumed).toMatchObject({ paused: false, paused_reason: null, schedule_id: x.id });
    expect((await tickOn(t, '2026-11-25')).steps).toBe(1); // caught up the same day
    expect((await messages(t, mine.id)).map((m) => m.step_key)).toEqual(['step:-1:notify']);
  });
});

describe('the daily tick walks the built-in schedule', () => {
  let t: Tenant;
  let a: { id: string; number: number };
  let b: { id: string };

  beforeAll(async () => {
    clock.set(testNow('2026-11-23T15:00:00Z'));
    t = await newTenant();
    await activateEmail(t);
    const c = await customer(t, 5201, 'Maria Pagadora');
    a = await charge(t, c.id, d('2026-12-10'));
    b = await charge(t, c.id, d('2026-12-10'), 5_000);
  });

  it('takes −5, 0 and +1 on their days, once each, and stops for a paid charge', async () => {
    expect((await tickOn(t, '2026-12-04')).steps).toBe(0);
    expect(await tickOn(t, '2026-12-05')).toMatchObject({ charges: 2, steps: 2, queued: 2 });
    // The same day again: nothing new.
    expect(await tickOn(t, '2026-12-05', '2026-12-05T18:00:00Z')).toMatchObject({ steps: 0, queued: 0 });
    expect((await messages(t, a.id)).map((m) => [m.step_key, m.event, m.channel, m.status, m.recipient])).toEqual([
      ['step:-5:notify', 'reminder', 'email', 'queued', 'pagador5201@example.com'],
    ]);
    // 09:00 in São Paulo is outside the quiet hours: it may go now.
    expect((await messages(t, a.id))[0].not_before).toBe(testNow('2026-12-05T12:00:00Z').toISOString());

    clock.set(testNow('2026-12-08T12:00:00Z'));
    await ok(call(t, 'POST', `/v1/charges/${b.id}/payments`, { amount_cents: 5_000, method: 'pix', paid_on: d('2026-12-08') }), 201);

    expect(await tickOn(t, '2026-12-10')).toMatchObject({ charges: 1, steps: 1 });
    // +1 at 20:30 in São Paulo: inside the quiet hours (20:00–08:00), the message waits for 08:00.
    // Its sms is not sent: the tenant has no active sms channel.
    expect(await tickOn(t, '2026-12-11', '2026-12-11T23:30:00Z')).toMatchObject({ charges: 1, steps: 1, queued: 1 });
    const msgs = await messages(t, a.id);
    expect(msgs.map((m) => [m.step_key, m.event, m.channel])).toEqual([
      ['step:-5:notify', 'reminder', 'email'],
      ['step:+0:notify', 'due_today', 'email'],
      ['step:+1:notify', 'overdue', 'email'],
    ]);
    expect(msgs[2].not_before).toBe(testNow('2026-12-12T11:00:00Z').toISOString());

    // The paid charge took only its first step.
    expect((await messages(t, b.id)).map((m) => m.step_key)).toEqual(['step:-5:notify']);
    const paid = await ok(call(t, 'GET', `/v1/charges/${b.id}/dunning`));
    expect(paid).toMatchObject({ status: 'paid', upcoming: [] });
    expect(paid.runs.map((r: { step_key: string }) => r.step_key)).toEqual(['step:-5:notify']);
  });

  it("shows the charge's steps, taken and upcoming, and records each in its events", async () => {
    const view = await ok(call(t, 'GET', `/v1/charges/${a.number}/dunning`));
    expect(view).toMatchObject({
      charge_id: a.id,
      status: 'overdue',
      due_date: d('2026-12-10'),
      effective: { source: 'built_in', paused: false },
    });
    expect(view.runs.map((r: { step_key: string; step_date: string; outcome: string }) => [r.step_key, r.step_date, r.outcome])).toEqual([
      ['step:-5:notify', d('2026-12-05'), 'queued'],
      ['step:+0:notify', d('2026-12-10'), 'queued'],
      ['step:+1:notify', d('2026-12-11'), 'queued'],
    ]);
    expect(view.upcoming).toEqual([
      { key: 'step:+7:notify', offset_days: 7, action: 'notify', event: 'overdue', channels: ['email', 'whatsapp'], date: d('2026-12-17') },
    ]);
    const events = await eventsOf(t, a.id, 'charge.dunning_step');
    expect(events.map((e) => [e.data.step_key, e.data.outcome, e.data.step_date])).toEqual([
      ['step:-5:notify', 'queued', d('2026-12-05')],
      ['step:+0:notify', 'queued', d('2026-12-10')],
      ['step:+1:notify', 'queued', d('2026-12-11')],
    ]);
  });

  it('catches up a step whose tick was missed for two days', async () => {
    expect(await tickOn(t, '2026-12-19')).toMatchObject({ steps: 1 });
    expect((await messages(t, a.id)).at(-1)).toMatchObject({ step_key: 'step:+7:notify', channel: 'email' });
    const run = (await ok(call(t, 'GET', `/v1/charges/${a.id}/dunning`))).runs.at(-1);
    expect(run).toMatchObject({ step_key: 'step:+7:notify', step_date: d('2026-12-17') });
  });
});

describe('suspension and protest flags', () => {
  let t: Tenant;
  let contractId: string;
  let contractCharge: { id: string; number: number };
  let oneOff: { id: string };

  beforeAll(async () => {
    clock.set(testNow('2026-11-23T15:00:00Z'));
    t = await newTenant();
    await activateEmail(t);
    await ok(
      call(t, 'POST', '/v1/dunning-schedules', {
        name: 'Com suspensão',
        is_default: true,
        steps: [
          { offset_days: 15, action: 'suspend_contract', event: 'contract_suspended', channels: ['email'] },
          { offset_days: 30, action: 'flag_protest' },
        ],
      }),
      201,
    );
    const c = await customer(t, 5301, 'João Devedor');
    const svc = await ok(
      call(t, 'POST', '/v1/services', { code: 'NET', name: 'Internet', unit: 'mês', pricing_model: 'flat', price_cents: 10000 }),
      201,
    );
    contractId = (
      await ok(
        call(t, 'POST', '/v1/contracts', {
          customer_id: c.id,
          start_date: d('2026-10-23'),
          billing_day: 23,
          due_days: 17,
          items: [{ service_id: svc.id }],
        }),
        201,
      )
    ).id;
    await ok(call(t, 'POST', `/v1/contracts/${contractId}/activate`));
    await ok(call(t, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-23') }), 202);
    await runJobsUntilIdle(db, { queues: ['billing'], clock });
    const list = await ok(call(t, 'GET', `/v1/charges?contract_id=${contractId}&page_size=10`));
    expect(list.data).toHaveLength(1);
    contractCharge = list.data[0];
    expect(contractCharge).toMatchObject({ due_date: d('2026-12-10') });
    oneOff = await charge(t, c.id, d('2026-12-10'), 7_000);
  });

  it('+15 suspends the contract with an ordinary, audited, reversible transition', async () => {
    expect(await tickOn(t, '2026-12-25')).toMatchObject({ steps: 2, suspended: 1, queued: 1 });
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}`))).status).toBe('suspended');
    const history = (await ok(call(t, 'GET', `/v1/contracts/${contractId}/history`))).data;
    expect(history.at(-1)).toMatchObject({
      action: 'suspend',
      from_status: 'active',
      to_status: 'suspended',
      effective_date: d('2026-12-25'),
    });
    expect(history.at(-1).reason).toBe(`Régua de cobrança: cobrança nº ${contractCharge.number} vencida em ${br('10/12/2026')}`);
    expect((await messages(t, contractCharge.id)).map((m) => [m.step_key, m.event, m.status])).toEqual([
      ['step:+15:suspend_contract', 'contract_suspended', 'queued'],
    ]);
    const runs = (await ok(call(t, 'GET', `/v1/charges/${oneOff.id}/dunning`))).runs;
    expect(runs.map((r: { step_key: string; outcome: string }) => [r.step_key, r.outcome])).toEqual([
      ['step:+15:suspend_contract', 'no_contract'],
    ]);

    // Reversible: a clerk resumes it, and the tick of the same day does not suspend it again.
    expect((await ok(call(t, 'POST', `/v1/contracts/${contractId}/resume`, { reason: 'acordo de pagamento' }))).status).toBe('active');
    expect(await tickOn(t, '2026-12-25', '2026-12-25T16:00:00Z')).toMatchObject({ steps: 0, suspended: 0 });
    expect((await ok(call(t, 'GET', `/v1/contracts/${contractId}`))).status).toBe('active');
  });

  it('+30 flags the charges for protest; the list and the CSV show them until paid', async () => {
    expect(await tickOn(t, '2027-01-09')).toMatchObject({ steps: 2, flagged: 2 });
    const flags = await ok(call(t, 'GET', '/v1/dunning/flags?page_size=1'));
    expect(flags).toMatchObject({ total: 2, page: 1, page_size: 1, has_more: true });
    const all = (await ok(call(t, 'GET', '/v1/dunning/flags'))).data;
    const row = all.find((f: { charge_id: string }) => f.charge_id === contractCharge.id);
    expect(row).toMatchObject({
      charge_number: contractCharge.number,
      customer_name: 'João Devedor',
      customer_document: cpfFrom(5301),
      amount_cents: 10_000,
      due_date: d('2026-12-10'),
      step_key: 'step:+30:flag_protest',
    });

    const csv = await call(t, 'GET', '/v1/dunning/flags.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe(
      'Cobrança nº;Pagador;Tipo de documento;CPF/CNPJ;Valor original (R$);Saldo em aberto (R$);Vencimento;Situação;Sinalizada em',
    );
    expect(lines).toContain(
      `${contractCharge.number};João Devedor;CPF;${cpfFrom(5301)};100,00;100,00;${br('10/12/2026')};overdue;${br('09/01/2027')}`,
    );

    await ok(call(t, 'POST', `/v1/charges/${oneOff.id}/payments`, { amount_cents: 7_000, method: 'pix' }), 201);
    expect((await ok(call(t, 'GET', '/v1/dunning/flags'))).data.map((f: { charge_id: string }) => f.charge_id)).toEqual([
      contractCharge.id,
    ]);
  });
});

describe('manual send', () => {
  let t: Tenant;
  let open: { id: string };
  let paid: { id: string };

  beforeAll(async () => {
    clock.set(testNow('2026-11-23T23:30:00Z')); // 20:30 in São Paulo: quiet hours do not hold a clerk's send
    t = await newTenant();
    await activateEmail(t);
    const c = await customer(t, 5401);
    open = await charge(t, c.id, d('2026-12-10'));
    paid = await charge(t, c.id, d('2026-12-10'));
    await ok(call(t, 'POST', `/v1/charges/${paid.id}/payments`, { amount_cents: 10_000, method: 'pix' }), 201);
  });

  it('queues for the open charges and lists the refused ones', async () => {
    const unknown = '0190a0a0-0000-7000-8000-000000000001';
    const res = await ok(
      call(t, 'POST', '/v1/dunning/send', { charge_ids: [open.id, paid.id, unknown], event: 'overdue', channels: ['email', 'sms'] }),
    );
    expect(res).toMatchObject({ queued: 1, skipped: 0 });
    expect(res.step_key).toMatch(/^manual:[0-9a-f-]{36}$/);
    expect(res.charges).toEqual([
      { charge_id: open.id, queued: 1, skipped: 0, problem: null },
      { charge_id: paid.id, queued: 0, skipped: 0, problem: 'the charge is paid' },
      { charge_id: unknown, queued: 0, skipped: 0, problem: 'not found' },
    ]);
    const msgs = await messages(t, open.id);
    expect(msgs.map((m) => [m.step_key, m.event, m.channel, m.status])).toEqual([[res.step_key, 'overdue', 'email', 'queued']]);
    expect(msgs[0].not_before).toBe(testNow('2026-11-23T23:30:00Z').toISOString());
    expect(await messages(t, paid.id)).toEqual([]);
    expect((await ok(call(t, 'GET', `/v1/charges/${open.id}/dunning`))).runs).toEqual([
      expect.objectContaining({ step_key: res.step_key, outcome: 'queued' }),
    ]);

    // A second send is another step: it goes again.
    const again = await ok(call(t, 'POST', '/v1/dunning/send', { charge_ids: [open.id], event: 'reminder', channels: ['email'] }));
    expect(again.queued).toBe(1);
    expect(again.step_key).not.toBe(res.step_key);
  });

  it('honours the unsubscribe for reminders, not for the charge itself', async () => {
    const c = await customer(t, 5402);
    const ch = await charge(t, c.id, d('2026-12-10'));
    const now = clock.now().toISOString();
    await db.query(
      `INSERT INTO notification_recipients (tenant_id, customer_id, unsubscribe_token, unsubscribed_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4)`,
      [t.id, c.id, `tok-${c.id}`, now],
    );
    const reminder = await ok(call(t, 'POST', '/v1/dunning/send', { charge_ids: [ch.id], event: 'reminder', channels: ['email'] }));
    expect(reminder).toMatchObject({ queued: 0, skipped: 1 });
    const created = await ok(call(t, 'POST', '/v1/dunning/send', { charge_ids: [ch.id], event: 'charge_created', channels: ['email'] }));
    expect(created).toMatchObject({ queued: 1, skipped: 0 });
  });

  it('refuses an empty or oversized batch', async () => {
    expect((await call(t, 'POST', '/v1/dunning/send', { charge_ids: [], event: 'overdue', channels: ['email'] })).statusCode).toBe(400);
    expect(
      (await call(t, 'POST', '/v1/dunning/send', { charge_ids: [open.id], event: 'paid_receipt', channels: ['email'] })).statusCode,
    ).toBe(400);
    const many = Array.from({ length: 1001 }, () => open.id);
    expect((await call(t, 'POST', '/v1/dunning/send', { charge_ids: many, event: 'overdue', channels: ['email'] })).statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents every dunning operation under the Dunning tag with its error statuses', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ops = Object.entries(doc.paths as Record<string, Record<string, { tags?: string[]; responses: Record<string, unknown> }>>)
      .filter(([path]) => path.includes('dunning'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(ops).toHaveLength(14);
    for (const { path, method, op } of ops) {
      expect(op.tags, `${method} ${path}`).toEqual(['Dunning']);
      const expected = ['400', '401', '500', ...(path.includes('{') ? ['404'] : []), ...(method === 'get' ? [] : ['403', '413', '415'])];
      for (const status of expected) expect(op.responses[status], `${method} ${path} ${status}`).toBeDefined();
    }
  });
});
