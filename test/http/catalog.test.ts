import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { servicePriceAt } from '../../src/catalog/index.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

// The test clock: 2026-11-23 09:00 in São Paulo.
beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

let seq = 0;
const flat = (over: Record<string, unknown> = {}) => ({
  code: `INT-${++seq}`,
  name: 'Internet 100MB',
  unit: 'mês',
  pricing_model: 'flat',
  price_cents: '9990',
  ...over,
});

describe('create and get', () => {
  it('creates a flat service with decimal-string prices in cents and reais, numbered per tenant', async () => {
    const res = await ctx.call(
      t.live,
      'POST',
      '/v1/services',
      flat({ code: 'NET100', description: 'Plano residencial', external_code: 'erp-1' }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'NET100',
      number: 1,
      unit: 'mês',
      pricing_model: 'flat',
      billing_period: 'monthly',
      price_cents: '9990',
      price: '99.90',
      tiers: null,
      included_quantity: null,
      price_effective_from: d('2026-11-23'),
      scheduled_prices: [],
      active: true,
      external_code: 'erp-1',
    });
    const elsewhere = await ctx.call(other.live, 'POST', '/v1/services', flat({ code: 'NET100' }));
    expect(elsewhere.json().number).toBe(1);
  });

  it('creates per_unit (franchise), tiered and volume services; exact 6-place cents', async () => {
    const kwh = await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'KWH',
      name: 'Energia',
      unit: 'kWh',
      pricing_model: 'per_unit',
      price_cents: '75.4321',
      included_quantity: '100.5',
    });
    expect(kwh.statusCode).toBe(201);
    expect(kwh.json()).toMatchObject({ price_cents: '75.4321', price: '0.754321', included_quantity: '100.5' });
    const tiered = await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'AGUA',
      name: 'Água',
      unit: 'm³',
      pricing_model: 'tiered',
      billing_period: 'quarterly',
      tiers: [
        { up_to: '10', unit_price_cents: 300 },
        { up_to: 20, unit_price_cents: '450.5', flat_fee_cents: 100 },
        { up_to: null, unit_price_cents: '600' },
      ],
    });
    expect(tiered.statusCode).toBe(201);
    expect(tiered.json()).toMatchObject({
      price_cents: null,
      billing_period: 'quarterly',
      tiers: [
        { up_to: '10', unit_price_cents: '300', unit_price: '3.00', flat_fee_cents: 0 },
        { up_to: '20', unit_price_cents: '450.5', unit_price: '4.505', flat_fee_cents: 100 },
        { up_to: null, unit_price_cents: '600', unit_price: '6.00', flat_fee_cents: 0 },
      ],
    });
    const volume = await ctx.call(t.live, 'POST', '/v1/services', {
      code: 'GB',
      name: 'Dados',
      unit: 'GB',
      pricing_model: 'volume',
      tiers: [{ up_to: null, unit_price_cents: '1' }],
    });
    expect(volume.statusCode).toBe(201);
  });

  it('gets by UUID, number, code and by-code', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'GET-ME' }))).json();
    for (const ref of [s.id, String(s.number), 'GET-ME']) {
      const res = await ctx.call(t.live, 'GET', `/v1/services/${ref}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().id).toBe(s.id);
    }
    expect((await ctx.call(t.live, 'GET', '/v1/services/by-code/GET-ME')).json().id).toBe(s.id);
    expect((await ctx.call(t.live, 'GET', '/v1/services/NOPE')).statusCode).toBe(404);
  });

  it('keeps code and external_code unique per tenant (409)', async () => {
    await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'UNIQ', external_code: 'x-uniq' }));
    const dupCode = await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'UNIQ' }));
    expect(dupCode.statusCode).toBe(409);
    expect(dupCode.json().error.details).toEqual([{ field: 'code', issue: 'already used by another service' }]);
    const dupExt = await ctx.call(t.live, 'POST', '/v1/services', flat({ external_code: 'x-uniq' }));
    expect(dupExt.statusCode).toBe(409);
    expect(dupExt.json().error.code).toBe('duplicate_external_code');
  });
});

describe('bad input: 400 with the field, nothing stored', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['flat without price', { price_cents: undefined }, 'price_cents'],
    ['flat with tiers', { tiers: [{ up_to: null, unit_price_cents: '1' }] }, 'tiers'],
    ['flat with a franchise', { included_quantity: '10' }, 'included_quantity'],
    ['7 decimal places', { price_cents: '1.1234567' }, 'price_cents'],
    ['a comma decimal', { price_cents: '99,90' }, 'price_cents'],
    ['a negative price', { price_cents: '-1' }, 'price_cents'],
    ['a huge price', { price_cents: '123456789012345' }, 'price_cents'],
    ['an unknown model', { pricing_model: 'free' }, 'pricing_model'],
    ['an unknown period', { billing_period: 'weekly' }, 'billing_period'],
    ['a blank name', { name: '   ' }, 'name'],
    ['a code with spaces', { code: 'A B' }, 'code'],
    ['a missing unit', { unit: undefined }, 'unit'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['tiered without tiers', { pricing_model: 'tiered', price_cents: undefined }, 'tiers'],
    ['tiered with a price', { pricing_model: 'tiered', tiers: [{ up_to: null, unit_price_cents: '1' }] }, 'price_cents'],
    [
      'tiers not ascending',
      {
        pricing_model: 'volume',
        price_cents: undefined,
        tiers: [
          { up_to: '10', unit_price_cents: '1' },
          { up_to: '5', unit_price_cents: '1' },
          { up_to: null, unit_price_cents: '1' },
        ],
      },
      'tiers[1].up_to',
    ],
    [
      'last tier bounded',
      { pricing_model: 'tiered', price_cents: undefined, tiers: [{ up_to: '10', unit_price_cents: '1' }] },
      'tiers[0].up_to',
    ],
    [
      'open tier not last',
      {
        pricing_model: 'tiered',
        price_cents: undefined,
        tiers: [
          { up_to: null, unit_price_cents: '1' },
          { up_to: null, unit_price_cents: '2' },
        ],
      },
      'tiers[0].up_to',
    ],
    [
      'bad tier price',
      { pricing_model: 'tiered', price_cents: undefined, tiers: [{ up_to: null, unit_price_cents: '1e3' }] },
      'tiers[0].unit_price_cents',
    ],
    ['negative franchise', { pricing_model: 'per_unit', included_quantity: '-2' }, 'included_quantity'],
  ];
  for (const [label, over, field] of cases) {
    it(label, async () => {
      const body = JSON.parse(JSON.stringify(flat({ code: `BAD-${label.replace(/\W/g, '')}`, ...over })));
      const res = await ctx.call(t.live, 'POST', '/v1/services', body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.map((d: { field: string }) => d.field)).toContain(field);
      expect((await ctx.call(t.live, 'GET', `/v1/services/by-code/${body.code}`)).statusCode).toBe(404);
    });
  }
});

describe('update and price versions', () => {
  it('changes descriptive fields at once and a price from tomorrow: the current period keeps its price', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'PRICE-1' }))).json();
    const res = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { name: 'Internet 200MB', price_cents: '12990' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'Internet 200MB',
      price_cents: '9990', // still in force today
      scheduled_prices: [{ effective_from: d('2026-11-24'), price_cents: '12990', price: '129.90', pricing_model: 'flat' }],
    });
    // What billing sees: a period that started today or earlier is priced with the old version.
    expect((await servicePriceAt(ctx.db, t.id, s.id, d('2026-11-23'))).priceCents).toBe('9990');
    expect((await servicePriceAt(ctx.db, t.id, s.id, d('2026-10-05'))).priceCents).toBe('9990');
    expect((await servicePriceAt(ctx.db, t.id, s.id, d('2026-11-24'))).priceCents).toBe('12990');
    expect(await servicePriceAt(ctx.db, t.id, s.id, d('2027-03-01'))).toMatchObject({
      priceCents: '12990',
      name: 'Internet 200MB',
      unit: 'mês',
      pricingModel: 'flat',
      billingPeriod: 'monthly',
    });
    // A second change the same day replaces tomorrow's version rather than stacking another.
    const again = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { price_cents: 13990 });
    expect(again.json().scheduled_prices).toHaveLength(1);
    expect(again.json().scheduled_prices[0].price_cents).toBe('13990');
    // Tomorrow it is the price in force.
    ctx.clock.advance(86_400_000);
    try {
      const tomorrow = await ctx.call(t.live, 'GET', `/v1/services/${s.id}`);
      expect(tomorrow.json()).toMatchObject({ price_cents: '13990', price_effective_from: d('2026-11-24'), scheduled_prices: [] });
    } finally {
      ctx.clock.advance(-86_400_000);
    }
  });

  it('schedules a price at a given future date and refuses today or the past', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'PRICE-2' }))).json();
    const res = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { price_cents: '5000', price_effective_from: d('2027-01-01') });
    expect(res.json().scheduled_prices).toMatchObject([{ effective_from: d('2027-01-01'), price_cents: '5000' }]);
    expect((await servicePriceAt(ctx.db, t.id, s.id, d('2026-12-31'))).priceCents).toBe('9990');
    const today = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { price_cents: '1', price_effective_from: d('2026-11-23') });
    expect(today.statusCode).toBe(400);
    expect(today.json().error.details[0].field).toBe('price_effective_from');
    const alone = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { price_effective_from: d('2027-02-01') });
    expect(alone.statusCode).toBe(400);
  });

  it('changes the pricing model as a new version and validates the merged pricing', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'PRICE-3' }))).json();
    const bad = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { pricing_model: 'tiered' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('tiers');
    const ok = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, {
      pricing_model: 'per_unit',
      price_cents: '12.5',
      included_quantity: '3',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      pricing_model: 'flat',
      scheduled_prices: [{ pricing_model: 'per_unit', price_cents: '12.5', included_quantity: '3' }],
    });
    const snap = await servicePriceAt(ctx.db, t.id, s.id, d('2026-12-01'));
    expect(snap).toMatchObject({ pricingModel: 'per_unit', priceCents: '12.5', includedQuantity: '3' });
    // Searching by model follows the latest version.
    const found = await ctx.call(t.live, 'GET', '/v1/services?pricing_model=per_unit&code=PRICE-3');
    expect(found.json().data).toHaveLength(1);
  });

  it('a patch that does not change the pricing adds no version; an empty patch is 400', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'PRICE-4' }))).json();
    const res = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { price_cents: '9990.00' });
    expect(res.json().scheduled_prices).toEqual([]);
    expect((await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, {})).statusCode).toBe(400);
  });

  it('deactivates and reactivates; records events', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'ACT-1' }))).json();
    const off = await ctx.call(t.live, 'POST', `/v1/services/${s.id}/deactivate`);
    expect(off.json()).toMatchObject({ active: false });
    expect(off.json().deactivated_at).not.toBeNull();
    const on = await ctx.call(t.live, 'POST', `/v1/services/${s.id}/activate`);
    expect(on.json()).toMatchObject({ active: true, deactivated_at: null });
    const { rows } = await ctx.db.query<{ type: string }>(
      'SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq',
      [t.id, s.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['service.created', 'service.updated', 'service.updated']);
  });

  it('deletes an unused service', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'DEL-1' }))).json();
    const res = await ctx.call(t.live, 'DELETE', `/v1/services/${s.id}`);
    expect(res.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/services/${s.id}`)).statusCode).toBe(404);
    const { rows } = await ctx.db.query<{ type: string }>(
      'SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq',
      [t.id, s.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['service.created', 'service.deleted']);
  });
});

describe('a service used by a contract', () => {
  it('cannot be deleted (409 in_use) nor change its billing period, but can be deactivated', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'USED-1' }))).json();
    const customer = (
      await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Cliente', document: cpfFrom(4242) })
    ).json();
    const contract = await ctx.call(t.live, 'POST', '/v1/contracts', {
      customer_id: customer.id,
      start_date: d('2026-11-01'),
      billing_day: 1,
      items: [{ service_id: s.id }],
    });
    expect(contract.statusCode).toBe(201);
    const del = await ctx.call(t.live, 'DELETE', `/v1/services/${s.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('in_use');
    expect((await ctx.call(t.live, 'GET', `/v1/services/${s.id}`)).statusCode).toBe(200);
    const period = await ctx.call(t.live, 'PATCH', `/v1/services/${s.id}`, { billing_period: 'yearly' });
    expect(period.statusCode).toBe(409);
    expect(period.json().error.details[0].field).toBe('billing_period');
    expect((await ctx.call(t.live, 'POST', `/v1/services/${s.id}/deactivate`)).json().active).toBe(false);
    const inUse = await ctx.call(t.live, 'POST', '/v1/services/search', {
      filters: [
        { field: 'in_use', op: 'eq', value: true },
        { field: 'code', op: 'eq', value: 'USED-1' },
      ],
    });
    expect(inUse.json().data).toHaveLength(1);
  });
});

describe('listing, search, metadata, isolation, idempotency', () => {
  it('lists with filters, free text and sort; searches with the engine; describes fields', async () => {
    const list = await ctx.call(t.live, 'GET', '/v1/services?q=energ');
    expect(list.json().data.map((s: { code: string }) => s.code)).toEqual(['KWH']);
    const sorted = await ctx.call(t.live, 'GET', '/v1/services?sort=-number&page_size=2');
    expect(sorted.json().data[0].number).toBeGreaterThan(sorted.json().data[1].number);
    const search = await ctx.call(t.live, 'POST', '/v1/services/search', {
      filters: [{ field: 'billing_period', op: 'eq', value: 'quarterly' }],
    });
    expect(search.json().data.map((s: { code: string }) => s.code)).toEqual(['AGUA']);
    const bad = await ctx.call(t.live, 'POST', '/v1/services/search', { filters: [{ field: 'price_cents', op: 'eq', value: '1' }] });
    expect(bad.statusCode).toBe(400);
    const meta = (await ctx.call(t.live, 'GET', '/v1/services/metadata')).json();
    expect(meta.fields.find((f: { field: string }) => f.field === 'pricing_model')).toMatchObject({
      type: 'enum',
      enum: ['flat', 'per_unit', 'tiered', 'volume'],
      filterable: true,
    });
  });

  it('another tenant or the sandbox sees 404 and empty lists', async () => {
    const s = (await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'ISO-1' }))).json();
    for (const key of [other.live, t.test]) {
      expect((await ctx.call(key, 'GET', `/v1/services/${s.id}`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'PATCH', `/v1/services/${s.id}`, { name: 'x' })).statusCode).toBe(404);
      expect((await ctx.call(key, 'DELETE', `/v1/services/${s.id}`)).statusCode).toBe(404);
      expect((await ctx.call(key, 'GET', '/v1/services?code=ISO-1')).json().data).toEqual([]);
    }
  });

  it('a retried POST with the same Idempotency-Key creates one service', async () => {
    const headers = { 'idempotency-key': 'svc-create-1' };
    const a = await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'IDEM-1' }), headers);
    const b = await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'IDEM-1' }), headers);
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().id).toBe(a.json().id);
    const c = await ctx.call(t.live, 'POST', '/v1/services', flat({ code: 'IDEM-2' }), headers);
    expect(c.statusCode).toBe(422);
  });
});
