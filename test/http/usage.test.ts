import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant, d } from '../support/app.ts';
import { makeContract, makeCustomer, makeService } from '../support/usage-fixtures.ts';
import { freezeUsage, unfreezeUsage, usageTotalsForPeriod } from '../../src/usage/index.ts';
import { resolveContractItem } from '../../src/contracts/index.ts';
import { prepareUsage } from '../../src/usage/prepare-usage.ts';
import { systemScope } from '../../src/platform/scope.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;
let customerId: string;
let energy: { id: string; code: string };
let water: { id: string; code: string };
let single: { id: string; number: number; itemIds: string[] };
let double: { id: string; number: number; itemIds: string[] };

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
  customerId = await makeCustomer(ctx.db, t.id, { document: '58009342000152', externalCode: 'CLI-1' });
  energy = await makeService(ctx.db, t.id, 'ENERGIA');
  water = await makeService(ctx.db, t.id, 'AGUA');
  single = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }], externalCode: 'CT-ENERGIA' });
  double = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }, { serviceId: water.id }] });
});
afterAll(() => ctx.close());

const count = async (tenantId: string) =>
  (await ctx.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM usage_records WHERE tenant_id = $1', [tenantId])).rows[0].n;

describe('create', () => {
  it('records consumption against an item, a single-item contract, or a contract + service, with exact quantities', async () => {
    const byItem = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: double.itemIds[1],
      quantity: '12.500000',
      reference_date: d('2026-03-05'),
      description: 'Leitura março',
    });
    expect(byItem.statusCode).toBe(201);
    expect(byItem.json()).toMatchObject({
      contract_id: double.id,
      contract_item_id: double.itemIds[1],
      customer_id: customerId,
      service_id: water.id,
      quantity: '12.5',
      reference_date: d('2026-03-05'),
      billed: false,
      billed_at: null,
    });
    const byContract = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: single.id,
      quantity: 0.1,
      reference_date: d('2026-03-06'),
    });
    expect(byContract.statusCode).toBe(201);
    expect(byContract.json()).toMatchObject({ contract_item_id: single.itemIds[0], quantity: '0.1' });
    const byCode = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: double.id,
      service_code: 'ENERGIA',
      quantity: '3',
      reference_date: d('2026-03-06'),
    });
    expect(byCode.json()).toMatchObject({ contract_item_id: double.itemIds[0], quantity: '3' });
    const events = await ctx.db.query<{ type: string }>(`SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2`, [
      t.id,
      byItem.json().id,
    ]);
    expect(events.rows.map((r) => r.type)).toEqual(['consumption.created']);
  });

  it('refuses ambiguous, unknown, out-of-force and malformed records with a clear 4xx', async () => {
    const ambiguous = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: double.id,
      quantity: '1',
      reference_date: d('2026-03-06'),
    });
    expect(ambiguous.statusCode).toBe(400);
    expect(ambiguous.json().error).toMatchObject({ code: 'ambiguous_contract_item', details: [{ field: 'service_id' }] });
    // The customer has two contracts with ENERGIA: customer + service is ambiguous too.
    const ambiguousCustomer = await ctx.call(t.live, 'POST', '/v1/consumption', {
      customer_id: customerId,
      service_id: energy.id,
      quantity: '1',
      reference_date: d('2026-03-06'),
    });
    expect(ambiguousCustomer.json().error.code).toBe('ambiguous_contract_item');
    const byCustomer = await ctx.call(t.live, 'POST', '/v1/consumption', {
      customer_id: customerId,
      service_id: water.id,
      quantity: '1',
      reference_date: d('2026-03-06'),
    });
    expect(byCustomer.statusCode).toBe(201);
    expect(byCustomer.json().contract_item_id).toBe(double.itemIds[1]);
    const beforeStart = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: single.id,
      quantity: '1',
      reference_date: d('2025-12-31'),
    });
    expect(beforeStart.statusCode).toBe(404);
    const unknownCode = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: double.id,
      service_code: 'NOPE',
      quantity: '1',
      reference_date: d('2026-03-06'),
    });
    expect(unknownCode.statusCode).toBe(404);
    expect(unknownCode.json().error.details).toEqual([{ field: 'service_code', issue: 'no service with code NOPE' }]);
    const noRef = await ctx.call(t.live, 'POST', '/v1/consumption', { quantity: '1', reference_date: d('2026-03-06') });
    expect(noRef.statusCode).toBe(400);
    for (const [quantity, issue] of [
      ['1.1234567', 'at most 6 decimal places'],
      ['-1', undefined],
      [1e-7, 'at most 6 decimal places and 14 integer digits'],
      ['123456789012345', 'at most 14 integer digits'],
    ] as const) {
      const res = await ctx.call(t.live, 'POST', '/v1/consumption', { contract_id: single.id, quantity, reference_date: d('2026-03-06') });
      expect(res.statusCode, String(quantity)).toBe(400);
      if (issue) expect(res.json().error.details).toContainEqual({ field: 'quantity', issue });
    }
    const badDate = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_id: single.id,
      quantity: '1',
      reference_date: d('2026-02-30'),
    });
    expect(badDate.statusCode).toBe(400);
    const otherTenant = await ctx.call(other.live, 'POST', '/v1/consumption', {
      contract_id: single.id,
      quantity: '1',
      reference_date: d('2026-03-06'),
    });
    expect(otherTenant.statusCode).toBe(404);
  });

  it('does not count a re-sent external_id twice; other content is a 409', async () => {
    const body = {
      contract_id: single.id,
      quantity: '7.25',
      reference_date: d('2026-04-01'),
      external_id: 'leitura-42',
      metadata: { medidor: 'A1' },
    };
    const first = await ctx.call(t.live, 'POST', '/v1/consumption', body);
    expect(first.statusCode).toBe(201);
    const again = await ctx.call(t.live, 'POST', '/v1/consumption', { ...body, quantity: 7.25 });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const changed = await ctx.call(t.live, 'POST', '/v1/consumption', { ...body, quantity: '8' });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe('duplicate_external_id');
    const list = await ctx.call(t.live, 'GET', '/v1/consumption?external_id=leitura-42');
    expect(list.json().data).toHaveLength(1);
    // Another record cannot take this external_id by PUT either, even with identical content.
    const other = (await ctx.call(t.live, 'POST', '/v1/consumption', { ...body, external_id: 'leitura-43' })).json();
    const steal = await ctx.call(t.live, 'PUT', `/v1/consumption/${other.id}`, body);
    expect(steal.statusCode).toBe(409);
    expect(steal.json().error.code).toBe('duplicate_external_id');
  });
});

describe('get, replace, delete, list', () => {
  it('reads, replaces, deletes and lists with filters and metadata', async () => {
    const created = (
      await ctx.call(t.live, 'POST', '/v1/consumption', {
        contract_id: single.id,
        quantity: '1',
        reference_date: d('2026-05-10'),
        description: 'x',
      })
    ).json();
    const got = await ctx.call(t.live, 'GET', `/v1/consumption/${created.id}`);
    expect(got.json()).toEqual(created);
    expect((await ctx.call(other.live, 'GET', `/v1/consumption/${created.id}`)).statusCode).toBe(404);

    const replaced = await ctx.call(t.live, 'PUT', `/v1/consumption/${created.id}`, {
      contract_item_id: double.itemIds[1],
      quantity: '2.5',
      reference_date: d('2026-05-11'),
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      id: created.id,
      contract_id: double.id,
      service_id: water.id,
      quantity: '2.5',
      description: null,
    });

    const list = await ctx.call(
      t.live,
      'GET',
      `/v1/consumption?contract_id=${double.id}&reference_date_from=${d('2026-05-01')}&reference_date_to=${d('2026-05-31')}&billed=false`,
    );
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((r: { id: string }) => r.id)).toEqual([created.id]);
    const search = await ctx.call(t.live, 'POST', '/v1/consumption/search', {
      filters: [
        { field: 'quantity', op: 'gte', value: '2.5' },
        { field: 'service_id', op: 'eq', value: water.id },
      ],
    });
    expect(search.json().data.map((r: { id: string }) => r.id)).toContain(created.id);
    const meta = await ctx.call(t.live, 'GET', '/v1/consumption/metadata');
    expect(meta.json().fields.find((f: { field: string }) => f.field === 'billed')).toMatchObject({ type: 'boolean', filterable: true });

    const deleted = await ctx.call(t.live, 'DELETE', `/v1/consumption/${created.id}`);
    expect(deleted.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/consumption/${created.id}`)).statusCode).toBe(404);
    const events = await ctx.db.query<{ type: string }>(`SELECT type FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`, [
      t.id,
      created.id,
    ]);
    expect(events.rows.map((r) => r.type)).toEqual(['consumption.created', 'consumption.updated', 'consumption.deleted']);
  });
});

describe('batch', () => {
  it('stores up to 1000 records in one go and reports re-sent ones as existing', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      contract_id: single.id,
      quantity: `${i}.5`,
      reference_date: d('2026-06-15'),
      external_id: `b-${i}`,
    }));
    const res = await ctx.call(t.live, 'POST', '/v1/consumption/batch', { records });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 1000, existing: 0 });
    expect(res.json().records[999]).toMatchObject({ index: 999, status: 'created', record: { quantity: '999.5', external_id: 'b-999' } });
    // One event for the batch, listing the id of every record it created.
    const events = await ctx.db.query<{ data: { count: number; ids: string[] } }>(
      `SELECT data FROM events WHERE tenant_id = $1 AND type = 'consumption.batch_created' AND request_id = $2`,
      [t.id, res.headers['x-request-id']],
    );
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0].data.count).toBe(1000);
    expect(events.rows[0].data.ids).toEqual(res.json().records.map((r: { record: { id: string } }) => r.record.id));
    const again = await ctx.call(t.live, 'POST', '/v1/consumption/batch', {
      records: [...records.slice(0, 2), { contract_id: single.id, quantity: '1', reference_date: d('2026-06-16') }],
    });
    expect(again.json()).toMatchObject({ created: 1, existing: 2 });
    expect(again.json().records.map((r: { status: string }) => r.status)).toEqual(['existing', 'existing', 'created']);
  });

  it('is all or nothing: one bad record stores nothing and the 400 lists every bad index', async () => {
    const before = await count(t.id);
    const res = await ctx.call(t.live, 'POST', '/v1/consumption/batch', {
      records: [
        { contract_id: single.id, quantity: '1', reference_date: d('2026-06-20') },
        { contract_id: single.id, quantity: '1.0000001', reference_date: d('2026-06-20') },
        { contract_id: double.id, quantity: '1', reference_date: d('2026-06-20') },
        { contract_id: single.id, quantity: '1', reference_date: d('2026-06-20'), external_id: 'b-0' },
      ],
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('validation_failed');
    expect(err.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
      [1, 'validation_failed'],
      [2, 'ambiguous_contract_item'],
      [3, 'duplicate_external_id'],
    ]);
    expect(err.details.map((d: { field: string }) => d.field)).toEqual([
      'records[1].quantity',
      'records[2].service_id',
      'records[3].external_id',
    ]);
    expect(await count(t.id)).toBe(before);
    const tooMany = await ctx.call(t.live, 'POST', '/v1/consumption/batch', {
      records: Array.from({ length: 1001 }, () => ({ contract_id: single.id, quantity: '1', reference_date: d('2026-06-20') })),
    });
    expect(tooMany.statusCode).toBe(400);
  });
});

describe('frozen after billing', () => {
  it('freezes a billed period: no update, delete or new record in it; totals for billing; unfreeze reopens', async () => {
    const c = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }, { serviceId: water.id }] });
    const rec = (
      await ctx.call(t.live, 'POST', '/v1/consumption', {
        contract_item_id: c.itemIds[0],
        quantity: '10.5',
        reference_date: d('2026-07-10'),
        external_id: 'fz-1',
      })
    ).json();
    await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: c.itemIds[0],
      quantity: '0.25',
      reference_date: d('2026-07-31'),
    });
    await ctx.call(t.live, 'POST', '/v1/consumption', { contract_item_id: c.itemIds[1], quantity: '3', reference_date: d('2026-07-01') });
    const outside = (
      await ctx.call(t.live, 'POST', '/v1/consumption', { contract_item_id: c.itemIds[1], quantity: '99', reference_date: d('2026-08-01') })
    ).json();

    const frozen = await ctx.db.transaction((tx) =>
      freezeUsage(
        tx,
        t.id,
        { contractId: c.id, periodStart: d('2026-07-01'), periodEnd: d('2026-07-31'), periodKey: d('2026-07'), chargeId: null },
        ctx.clock.now(),
      ),
    );
    expect(frozen).toBe(3);
    expect(await usageTotalsForPeriod(ctx.db, t.id, c.id, d('2026-07-01'), d('2026-07-31'))).toEqual(
      [
        { contractItemId: c.itemIds[0], quantity: '10.75' },
        { contractItemId: c.itemIds[1], quantity: '3' },
      ].sort((a, b) => a.contractItemId.localeCompare(b.contractItemId)),
    );
    const got = (await ctx.call(t.live, 'GET', `/v1/consumption/${rec.id}`)).json();
    expect(got).toMatchObject({ billed: true, billing_period_key: d('2026-07') });

    const put = await ctx.call(t.live, 'PUT', `/v1/consumption/${rec.id}`, {
      contract_item_id: c.itemIds[0],
      quantity: '1',
      reference_date: d('2026-07-10'),
    });
    expect(put.statusCode).toBe(409);
    expect(put.json().error.code).toBe('frozen');
    expect((await ctx.call(t.live, 'DELETE', `/v1/consumption/${rec.id}`)).json().error.code).toBe('frozen');
    const late = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: c.itemIds[1],
      quantity: '1',
      reference_date: d('2026-07-15'),
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: 'frozen', details: [{ field: 'reference_date' }] });
    // Moving an open record into the billed period is refused too.
    const move = await ctx.call(t.live, 'PUT', `/v1/consumption/${outside.id}`, {
      contract_item_id: c.itemIds[1],
      quantity: '99',
      reference_date: d('2026-07-20'),
    });
    expect(move.json().error.code).toBe('frozen');
    // A re-sent record identical to a billed one is still "existing", not a conflict.
    const resend = await ctx.call(t.live, 'POST', '/v1/consumption', {
      contract_item_id: c.itemIds[0],
      quantity: '10.5',
      reference_date: d('2026-07-10'),
      external_id: 'fz-1',
    });
    expect(resend.statusCode).toBe(200);
    const batch = await ctx.call(t.live, 'POST', '/v1/consumption/batch', {
      records: [
        { contract_item_id: c.itemIds[1], quantity: '1', reference_date: d('2026-08-02') },
        { contract_item_id: c.itemIds[1], quantity: '1', reference_date: d('2026-07-02') },
      ],
    });
    expect(batch.statusCode).toBe(409);
    expect(batch.json().error.errors).toEqual([expect.objectContaining({ index: 1, code: 'frozen' })]);
    const listed = await ctx.call(t.live, 'GET', `/v1/consumption?contract_id=${c.id}&billed=true`);
    expect(listed.json().data).toHaveLength(3);

    expect(await ctx.db.transaction((tx) => unfreezeUsage(tx, t.id, { contractId: c.id, periodKey: d('2026-07') }, ctx.clock.now()))).toBe(
      3,
    );
    expect((await ctx.call(t.live, 'DELETE', `/v1/consumption/${rec.id}`)).statusCode).toBe(200);
  });
});

describe('aggregate', () => {
  it('totals per contract item for a period, a month, or split by month', async () => {
    const c = await makeContract(ctx.db, t.id, { customerId, items: [{ serviceId: energy.id }, { serviceId: water.id }] });
    const add = (i: number, quantity: string, reference_date: string) =>
      ctx.call(t.live, 'POST', '/v1/consumption', { contract_item_id: c.itemIds[i], quantity, reference_date });
    await add(0, '1.5', d('2026-09-01'));
    await add(0, '2.25', d('2026-09-30'));
    await add(1, '4', d('2026-09-15'));
    await add(0, '100', d('2026-10-01'));
    const month = await ctx.call(t.live, 'GET', `/v1/consumption/aggregate?contract_id=${c.id}&month=${d('2026-09')}`);
    expect(month.statusCode).toBe(200);
    const rows = month.json().data;
    expect(rows).toHaveLength(2);
    expect(rows.find((r: { contract_item_id: string }) => r.contract_item_id === c.itemIds[0])).toMatchObject({
      quantity: '3.75',
      records: 2,
      period_start: d('2026-09-01'),
      period_end: d('2026-09-30'),
    });
    expect(rows.find((r: { contract_item_id: string }) => r.contract_item_id === c.itemIds[1])).toMatchObject({
      quantity: '4',
      records: 1,
    });
    const split = await ctx.call(
      t.live,
      'GET',
      `/v1/consumption/aggregate?contract_id=${c.id}&period_start=${d('2026-09-15')}&period_end=${d('2026-10-31')}&group_by=month`,
    );
    expect(
      split
        .json()
        .data.map((r: { period_start: string; period_end: string; quantity: string }) => [r.period_start, r.period_end, r.quantity]),
    ).toEqual([
      [d('2026-09-15'), d('2026-09-30'), expect.any(String)],
      [d('2026-09-15'), d('2026-09-30'), expect.any(String)],
      [d('2026-10-01'), d('2026-10-31'), '100'],
    ]);
    expect((await ctx.call(t.live, 'GET', `/v1/consumption/aggregate?contract_id=${c.id}`)).statusCode).toBe(400);
  });
});

describe('same item resolution as the contracts module', () => {
  it('prepareUsage and resolveContractItem agree on every kind of reference', async () => {
    const cust = await makeCustomer(ctx.db, t.id);
    const a = await makeContract(ctx.db, t.id, {
      customerId: cust,
      items: [
        { serviceId: energy.id, startsOn: null, endsOn: d('2026-03-31') },
        { serviceId: energy.id, startsOn: d('2026-04-01') },
        { serviceId: water.id },
      ],
    });
    const pending = await makeContract(ctx.db, t.id, { customerId: cust, status: 'pending', items: [{ serviceId: water.id }] });
    const ended = await makeContract(ctx.db, t.id, {
      customerId: cust,
      startDate: d('2025-01-01'),
      endDate: d('2025-12-31'),
      items: [{ serviceId: energy.id }],
    });
    const scope = systemScope(t.id, ctx.clock.now());
    const refs = [
      { contractId: a.id, serviceId: energy.id, date: d('2026-03-31') },
      { contractId: a.id, serviceId: energy.id, date: d('2026-04-01') },
      { contractId: a.id, date: d('2026-04-01') },
      { contractId: a.id, serviceId: water.id, date: d('2025-06-01') },
      { customerId: cust, serviceId: energy.id, date: d('2025-06-01') },
      { customerId: cust, serviceId: energy.id, date: d('2026-06-01') },
      { customerId: cust, serviceId: water.id, date: d('2026-06-01') },
      { contractId: pending.id, date: d('2026-06-01') },
      { contractId: ended.id, date: d('2026-06-01') },
      { contractItemId: ended.itemIds[0], date: d('2030-01-01') },
      { contractItemId: a.itemIds[2], contractId: ended.id, date: d('2026-06-01') },
    ];
    for (const ref of refs) {
      const theirs = await resolveContractItem(ctx.db, scope, ref).then(
        (r) => r.contractItemId,
        (e) => e.code,
      );
      const ours = await ctx.db.transaction(async (tx) => {
        const { records, errors } = await prepareUsage(
          tx,
          scope,
          [
            {
              contract_item_id: ref.contractItemId,
              contract_id: ref.contractId,
              customer_id: ref.customerId,
              service_id: ref.serviceId,
              quantity: '1',
              reference_date: ref.date,
            },
          ],
          { onExisting: 'conflict' },
        );
        return errors.length ? errors[0].code : records[0].value.contract_item_id;
      });
      expect(ours, JSON.stringify(ref)).toBe(theirs);
    }
  });
});
