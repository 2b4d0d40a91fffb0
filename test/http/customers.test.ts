import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneIdempotencyKeys } from '../../src/platform/http/idempotency.ts';
import { createTestContext, cnpjFrom, cpfFrom, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

const pf = (over: Record<string, unknown> = {}) => ({
  person_type: 'PF',
  name: 'Nome do Cliente',
  document: '008.578.930-50',
  birth_date: '1995-02-06',
  gender: 'female',
  phones: [{ number: '54 999999999' }],
  emails: [{ email: 'dev@branvo.com' }],
  addresses: [
    {
      street: 'Rua João Pessoa',
      number: '17',
      complement: 'Sala 04',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postal_code: '95720000',
    },
  ],
  ...over,
});

describe('create', () => {
  it('creates a PF with a formatted document, normalized phone, primary e-mail and address, and numbers it per tenant', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/customers', pf());
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      person_type: 'PF',
      document: '00857893050',
      document_kind: 'cpf',
      document_formatted: '008.578.930-50',
      phones: [{ number: '+5554999999999', formatted: '(54) 99999-9999', type: 'mobile' }],
      primary_email: 'dev@branvo.com',
      addresses: [{ is_primary: true, state: 'RS', postal_code: '95720000', postal_code_formatted: '95720-000', country: 'BR' }],
      active: true,
      number: 1,
    });
    const second = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(1), emails: [] }));
    expect(second.json().number).toBe(2);
    // Another tenant starts its own numbering.
    const elsewhere = await ctx.call(other.live, 'POST', '/v1/customers', pf());
    expect(elsewhere.statusCode).toBe(201);
    expect(elsewhere.json().number).toBe(1);
  });

  it('creates a PJ with a numeric CNPJ, ISENTO state registration and trading name', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PJ',
      name: 'Empresa Exemplo Ltda',
      trading_name: 'Exemplo',
      state_registration: 'isento',
      document: '58.009.342/0001-52',
      emails: [{ email: 'financeiro@exemplo.com.br' }, { email: 'ti@exemplo.com.br', is_primary: true }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      document: '58009342000152',
      document_formatted: '58.009.342/0001-52',
      state_registration: 'ISENTO',
      primary_email: 'ti@exemplo.com.br',
    });
  });

  it('accepts the alphanumeric CNPJ (in use since July 2026)', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PJ',
      name: 'Nova Empresa SA',
      document: '12.abc.345/01de-35',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ document: '12ABC34501DE35', document_kind: 'cnpj', document_formatted: '12.ABC.345/01DE-35' });
  });

  it('creates a Portuguese customer with a NIF, a PT postcode and an Azores address', async () => {
    const res = await ctx.call(t.live, 'POST', '/v1/customers', {
      person_type: 'PJ',
      name: 'Empresa Portuguesa Lda',
      document: 'PT 501 964 843',
      country: 'PT',
      phones: [{ number: '+351 912 345 678' }],
      addresses: [
        { street: 'Rua Augusta 1', city: 'Lisboa', postal_code: '1100-048', country: 'PT' },
        { street: 'Rua do Mercado', city: 'Ponta Delgada', postal_code: '9500-326', country: 'PT-AC', is_primary: true },
      ],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ country: 'PT', tax_region: 'PT', document: '501964843', document_kind: 'nif' });
    expect(c.addresses[0]).toMatchObject({ country: 'PT-AC', postal_code: '9500-326', is_primary: true });
  });

  it('keeps external_code unique per tenant (409) but allows the same code in another tenant', async () => {
    const a = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(2), external_code: 'ERP-1', emails: [] }));
    expect(a.statusCode).toBe(201);
    const b = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(3), external_code: 'ERP-1', emails: [] }));
    expect(b.statusCode).toBe(409);
    expect(b.json().error.code).toBe('duplicate_external_code');
    const c = await ctx.call(other.live, 'POST', '/v1/customers', pf({ document: cpfFrom(3), external_code: 'ERP-1', emails: [] }));
    expect(c.statusCode).toBe(201);
  });

  it('concurrent creates of one document without Idempotency-Key (one statement each, no transaction): one 201, the rest 409', async () => {
    const body = pf({ document: cpfFrom(7740), emails: [{ email: 'conc40@example.com' }] });
    const responses = await Promise.all(Array.from({ length: 6 }, () => ctx.call(t.live, 'POST', '/v1/customers', body)));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const created = responses.find((r) => r.statusCode === 201)!.json();
    const stored = await ctx.db.query<{ n: string; emails: string; events: string }>(
      `SELECT (SELECT count(*) FROM customers WHERE tenant_id = $1 AND document = $2) AS n,
              (SELECT count(*) FROM customer_emails WHERE tenant_id = $1 AND email = 'conc40@example.com') AS emails,
              (SELECT count(*) FROM events WHERE tenant_id = $1 AND type = 'customer.created' AND resource_id = $3) AS events`,
      [t.id, cpfFrom(7740), created.id],
    );
    expect(stored.rows[0]).toEqual({ n: 1, emails: 1, events: 1 });
  });

  it('refuses the same document twice in a tenant with 409 naming the existing customer', async () => {
    const first = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(4), emails: [] }));
    const dup = await ctx.call(
      t.live,
      'POST',
      '/v1/customers',
      pf({ document: cpfFrom(4).replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4'), emails: [] }),
    );
    expect(dup.statusCode).toBe(409);
    const err = dup.json().error;
    expect(err.code).toBe('duplicate_document');
    expect(err.existing_customer_id).toBe(first.json().id);
    expect(err.message).toContain(first.json().id);
  });
});

describe('bad input: a clear 4xx in the envelope, nothing stored', () => {
  async function count(key: string): Promise<number> {
    const total = (await ctx.call(key, 'GET', '/v1/customers?page_size=1&include_total=true')).json().total;
    expect(total).toEqual(expect.any(Number));
    return total;
  }

  it.each([
    ['malformed JSON', '{"person_type": "PF", "name": ', 400, 'invalid_json'],
    ['a wrong type', { ...pf(), name: 42 }, 400, 'validation_failed'],
    ['an unknown field', { ...pf(), nickname: 'x' }, 400, 'validation_failed'],
    ['a missing required field', { name: 'Sem tipo' }, 400, 'validation_failed'],
    ['an invalid CPF', { ...pf(), document: '123.456.789-00' }, 400, 'invalid_document'],
    ['a CNPJ on a PF', { ...pf(), document: '58.009.342/0001-52' }, 400, 'invalid_document'],
    ['an invalid NIF', { person_type: 'PF', name: 'Zé', country: 'PT', document: '123456780' }, 400, 'invalid_document'],
    ['a bad date', { ...pf(), birth_date: '1995-02-30' }, 400, 'validation_failed'],
    ['a future birth date', { ...pf(), birth_date: '2999-01-01' }, 400, 'validation_failed'],
    ['a bad CEP', { ...pf(), addresses: [{ city: 'X', state: 'RS', postal_code: '123' }] }, 400, 'validation_failed'],
    ['a bad UF', { ...pf(), addresses: [{ city: 'X', state: 'XX', postal_code: '95720000' }] }, 400, 'validation_failed'],
    ['a phone without DDD', { ...pf(), phones: [{ number: '99999-9999' }] }, 400, 'validation_failed'],
    ['a bad e-mail', { ...pf(), emails: [{ email: 'not-an-email' }] }, 400, 'validation_failed'],
    [
      'two primary e-mails',
      {
        ...pf(),
        emails: [
          { email: 'a@x.com', is_primary: true },
          { email: 'b@x.com', is_primary: true },
        ],
      },
      400,
      'validation_failed',
    ],
    ['a PJ-only field on a PF', { ...pf(), trading_name: 'Fantasia' }, 400, 'validation_failed'],
    ['a PF-only field on a PJ', { person_type: 'PJ', name: 'Empresa', gender: 'male' }, 400, 'validation_failed'],
    ['a bad state registration', { person_type: 'PJ', name: 'Empresa', state_registration: 'abc' }, 400, 'validation_failed'],
    ['an unknown country', { ...pf(), document: null, country: 'ZZ' }, 400, 'validation_failed'],
    ['a JSON array body', [pf()], 400, 'validation_failed'],
  ])('%s → %i %s', async (_label, body, status, code) => {
    const before = await count(t.test);
    const res = await ctx.call(t.test, 'POST', '/v1/customers', body);
    expect(res.statusCode).toBe(status);
    const err = res.json().error;
    expect(err.code).toBe(code);
    expect(err.message).toBeTruthy();
    expect(Array.isArray(err.details)).toBe(true);
    expect(err.request_id).toBe(res.headers['x-request-id']);
    expect(await count(t.test)).toBe(before);
  });

  it('reports every problem of a record at once, each with its field', async () => {
    const res = await ctx.call(t.test, 'POST', '/v1/customers', {
      ...pf(),
      document: '111.111.111-11',
      emails: [{ email: 'not-an-email' }],
      phones: [{ number: '123' }],
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['document', 'emails[0].email', 'phones[0].number']));
  });

  it('refuses an oversized body with 413', async () => {
    const res = await ctx.call(t.test, 'POST', '/v1/customers', { ...pf(), notes: 'x'.repeat(2_000_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('refuses a non-JSON content type with 415', async () => {
    const res = await ctx.call(t.test, 'POST', '/v1/customers', 'name=x', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('unsupported_media_type');
  });

  it('answers an unknown route with a 404 envelope', async () => {
    const res = await ctx.call(t.test, 'GET', '/v1/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });
});

describe('get, update, deactivate, delete', () => {
  let id: string;
  let number: number;
  beforeAll(async () => {
    const res = await ctx.call(
      t.live,
      'POST',
      '/v1/customers',
      pf({ document: cpfFrom(10), external_code: 'LEG-10', emails: [{ email: 'a@x.com' }, { email: 'b@x.com' }] }),
    );
    id = res.json().id;
    number = res.json().number;
  });

  it('gets by UUID, by number and by external code', async () => {
    for (const url of [`/v1/customers/${id}`, `/v1/customers/${number}`, '/v1/customers/by-external-code/LEG-10']) {
      const res = await ctx.call(t.live, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.json().id).toBe(id);
    }
  });

  it('patches only the fields sent and keeps e-mail ids that are sent back', async () => {
    const current = (await ctx.call(t.live, 'GET', `/v1/customers/${id}`)).json();
    const keep = current.emails[1];
    const res = await ctx.call(t.live, 'PATCH', `/v1/customers/${id}`, {
      name: 'Nome Alterado',
      emails: [{ id: keep.id, email: keep.email, is_primary: true }, { email: 'c@x.com' }],
    });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    expect(c.name).toBe('Nome Alterado');
    expect(c.document).toBe(current.document);
    expect(c.emails.map((e: { email: string }) => e.email).sort()).toEqual(['b@x.com', 'c@x.com']);
    expect(c.emails.find((e: { email: string }) => e.email === 'b@x.com')).toMatchObject({ id: keep.id, is_primary: true });
  });

  it('validates the merged result of a patch (a PF cannot get a trading name)', async () => {
    const res = await ctx.call(t.live, 'PATCH', `/v1/customers/${id}`, { trading_name: 'X' });
    expect(res.statusCode).toBe(400);
    const empty = await ctx.call(t.live, 'PATCH', `/v1/customers/${id}`, {});
    expect(empty.statusCode).toBe(400);
  });

  it('deactivates and reactivates', async () => {
    const off = await ctx.call(t.live, 'POST', `/v1/customers/${id}/deactivate`);
    expect(off.json()).toMatchObject({ active: false });
    expect(off.json().deactivated_at).toBeTruthy();
    const on = await ctx.call(t.live, 'POST', `/v1/customers/${id}/activate`);
    expect(on.json()).toMatchObject({ active: true, deactivated_at: null });
  });

  it('deletes a customer without history and records the before image', async () => {
    const created = (await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(11), emails: [] }))).json();
    const del = await ctx.call(t.live, 'DELETE', `/v1/customers/${created.id}`);
    expect(del.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${created.id}`)).statusCode).toBe(404);
    const { rows } = await ctx.db.query<{ type: string; data: { before: { id: string } } }>(
      `SELECT type, data FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`,
      [t.id, created.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['customer.created', 'customer.deleted']);
    expect(rows[1].data.before.id).toBe(created.id);
  });

  it('refuses to delete a customer that financial records reference (409), keeping it', async () => {
    const created = (await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(12), emails: [] }))).json();
    // Any table that references a customer blocks the delete through its foreign key.
    await ctx.db.exec(`CREATE TABLE IF NOT EXISTS test_financial_refs (tenant_id uuid NOT NULL, customer_id uuid NOT NULL,
      FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id))`);
    await ctx.db.query('INSERT INTO test_financial_refs VALUES ($1, $2)', [t.id, created.id]);
    const del = await ctx.call(t.live, 'DELETE', `/v1/customers/${created.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('customer_has_history');
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${created.id}`)).statusCode).toBe(200);
    await ctx.db.query('DELETE FROM test_financial_refs WHERE tenant_id = $1', [t.id]);
  });

  it('records who, when and before/after for every write', async () => {
    const { rows } = await ctx.db.query<{
      type: string;
      actor_type: string;
      actor_id: string;
      data: { before?: unknown; after?: { name: string } };
    }>(`SELECT type, actor_type, actor_id, data FROM events WHERE tenant_id = $1 AND resource_id = $2 ORDER BY seq`, [t.id, id]);
    expect(rows.map((r) => r.type)).toEqual(['customer.created', 'customer.updated', 'customer.deactivated', 'customer.activated']);
    expect(rows.every((r) => r.actor_type === 'api_key' && r.actor_id === t.liveKeyId)).toBe(true);
    expect(rows[1].data.before).toBeTruthy();
    expect(rows[1].data.after!.name).toBe('Nome Alterado');
  });
});

describe('isolation between tenants and modes', () => {
  it('a customer of another tenant or of the other mode is 404, indistinguishable from a missing one', async () => {
    const live = (await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(20), emails: [] }))).json();
    for (const key of [other.live, other.test, t.test]) {
      for (const [method, url, body] of [
        ['GET', `/v1/customers/${live.id}`],
        ['PATCH', `/v1/customers/${live.id}`, { name: 'x' }],
        ['DELETE', `/v1/customers/${live.id}`],
        ['POST', `/v1/customers/${live.id}/deactivate`],
        ['GET', `/v1/customers/${live.number}`],
      ] as const) {
        const res = await ctx.call(key, method, url, body);
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json().error.code).toBe('not_found');
      }
    }
    const missing = await ctx.call(t.live, 'GET', '/v1/customers/01900000-0000-7000-8000-000000000000');
    expect(missing.json().error).toMatchObject({ code: 'not_found', message: 'Customer not found' });
  });

  it('lists never show another tenant or mode', async () => {
    const sandbox = await ctx.call(t.test, 'POST', '/v1/customers', pf({ document: cpfFrom(21), name: 'Somente Sandbox', emails: [] }));
    expect(sandbox.statusCode).toBe(201);
    const liveList = (await ctx.call(t.live, 'GET', '/v1/customers?q=Somente%20Sandbox')).json();
    expect(liveList.data).toHaveLength(0);
    const testList = (await ctx.call(t.test, 'GET', '/v1/customers?q=Somente%20Sandbox')).json();
    expect(testList.data).toHaveLength(1);
    const otherList = (
      await ctx.call(other.test, 'POST', '/v1/customers/search', { filters: [{ field: 'name', op: 'contains', value: 'Somente' }] })
    ).json();
    expect(otherList.data).toHaveLength(0);
  });
});

describe('listing, search and metadata', () => {
  let s: TestTenant;
  beforeAll(async () => {
    s = await ctx.newTenant();
    const names = ['Ana Souza', 'Bruno Lima', 'Carla Souza', 'Daniel Alves', 'Eduarda Costa', 'Fábio Souza', 'Gabriela Nunes'];
    for (const [i, name] of names.entries()) {
      const res = await ctx.call(s.live, 'POST', '/v1/customers', {
        person_type: i % 2 ? 'PJ' : 'PF',
        name,
        document: i % 2 ? cnpjFrom(100 + i) : cpfFrom(100 + i),
        emails: [
          {
            email: `${name
              .split(' ')[0]
              .normalize('NFD')
              .replace(/[^A-Za-z]/g, '')
              .toLowerCase()}@example.com`,
          },
        ],
        associate: i < 3,
        external_code: `E${i}`,
      });
      expect(res.statusCode, name).toBe(201);
    }
  });

  it('pages by page number; counts the total on request, and knows it on the last page', async () => {
    const p1 = (await ctx.call(s.live, 'GET', '/v1/customers?page=1&page_size=3')).json();
    expect(p1).toMatchObject({ page: 1, page_size: 3, total: null, total_is_exact: false, has_more: true });
    expect(p1.data.map((c: { name: string }) => c.name)).toEqual(['Ana Souza', 'Bruno Lima', 'Carla Souza']);
    const counted = (await ctx.call(s.live, 'GET', '/v1/customers?page=1&page_size=3&include_total=true')).json();
    expect(counted).toMatchObject({ page: 1, total: 7, total_is_exact: true, has_more: true });
    const p3 = (await ctx.call(s.live, 'GET', '/v1/customers?page=3&page_size=3')).json();
    expect(p3.data.map((c: { name: string }) => c.name)).toEqual(['Gabriela Nunes']);
    expect(p3).toMatchObject({ has_more: false, total: 7, total_is_exact: true });
    const past = (await ctx.call(s.live, 'GET', '/v1/customers?page=9&page_size=3')).json();
    expect(past).toMatchObject({ data: [], has_more: false, total: null, total_is_exact: false });
    const searched = (
      await search({ filters: [{ field: 'name', op: 'contains', value: 'souza' }], page_size: 2, include_total: true })
    ).json();
    expect(searched).toMatchObject({ total: 3, total_is_exact: true, has_more: true });
    expect((await search({ filters: [{ field: 'name', op: 'contains', value: 'souza' }], page_size: 2 })).json()).toMatchObject({
      total: null,
      has_more: true,
    });
  });

  it('pages by cursor through every row exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await ctx.call(s.live, 'GET', url)).json();
      seen.push(...page.data.map((c: { name: string }) => c.name));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    const bad = await ctx.call(s.live, 'GET', '/v1/customers?limit=2&cursor=garbage');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });

  it('refuses page_size over 100', async () => {
    const res = await ctx.call(s.live, 'GET', '/v1/customers?page_size=101');
    expect(res.statusCode).toBe(400);
  });

  it('sorts by any sortable field', async () => {
    const res = (await ctx.call(s.live, 'GET', '/v1/customers?sort=-name&page_size=2')).json();
    expect(res.data.map((c: { name: string }) => c.name)).toEqual(['Gabriela Nunes', 'Fábio Souza']);
  });

  const search = (body: unknown) => ctx.call(s.live, 'POST', '/v1/customers/search', body);
  const names = async (body: unknown) => (await search(body)).json().data.map((c: { name: string }) => c.name);

  it.each([
    [{ field: 'name', op: 'contains', value: 'souza' }, ['Ana Souza', 'Carla Souza', 'Fábio Souza']],
    [{ field: 'name', op: 'contains', value: 'FABIO' }, ['Fábio Souza']],
    [{ field: 'name', op: 'contains', value: 'ábio sou' }, ['Fábio Souza']],
    [{ field: 'name', op: 'starts_with', value: 'fáb' }, ['Fábio Souza']],
    [{ field: 'name', op: 'starts_with', value: 'Da' }, ['Daniel Alves']],
    [{ field: 'name', op: 'eq', value: 'Bruno Lima' }, ['Bruno Lima']],
    [{ field: 'person_type', op: 'eq', value: 'PJ' }, ['Bruno Lima', 'Daniel Alves', 'Fábio Souza']],
    [{ field: 'person_type', op: 'neq', value: 'PJ' }, ['Ana Souza', 'Carla Souza', 'Eduarda Costa', 'Gabriela Nunes']],
    [{ field: 'number', op: 'gt', value: 5 }, ['Fábio Souza', 'Gabriela Nunes']],
    [{ field: 'number', op: 'gte', value: 6 }, ['Fábio Souza', 'Gabriela Nunes']],
    [{ field: 'number', op: 'lt', value: 2 }, ['Ana Souza']],
    [{ field: 'number', op: 'lte', value: 2 }, ['Ana Souza', 'Bruno Lima']],
    [{ field: 'external_code', op: 'in', value: ['E0', 'E6'] }, ['Ana Souza', 'Gabriela Nunes']],
    [
      { field: 'trading_name', op: 'is_null', value: true },
      ['Ana Souza', 'Bruno Lima', 'Carla Souza', 'Daniel Alves', 'Eduarda Costa', 'Fábio Souza', 'Gabriela Nunes'],
    ],
    [{ field: 'associate', op: 'eq', value: true }, ['Ana Souza', 'Bruno Lima', 'Carla Souza']],
    [{ field: 'email', op: 'contains', value: 'carla@' }, ['Carla Souza']],
    [{ field: 'email', op: 'eq', value: 'ANA@example.com' }, ['Ana Souza']],
  ])('filter %j', async (filter, expected) => {
    expect(await names({ filters: [filter], page_size: 100 })).toEqual(expected);
  });

  it('free-text search ignores case and accents in names', async () => {
    const found = (await ctx.call(s.live, 'GET', '/v1/customers?q=FABIO%20SOU')).json();
    expect(found.data.map((c: { name: string }) => c.name)).toEqual(['Fábio Souza']);
  });

  it('finds by document with or without punctuation (contains)', async () => {
    const doc = cpfFrom(100);
    const formatted = `${doc.slice(6, 9)}-${doc.slice(9)}`;
    expect(await names({ filters: [{ field: 'document', op: 'contains', value: formatted }] })).toEqual(['Ana Souza']);
  });

  it('escapes LIKE wildcards in contains', async () => {
    expect(await names({ filters: [{ field: 'name', op: 'contains', value: '%' }] })).toEqual([]);
    expect(await names({ filters: [{ field: 'name', op: 'contains', value: '_' }] })).toEqual([]);
  });

  it('combines filters and sort', async () => {
    expect(
      await names({
        filters: [
          { field: 'name', op: 'contains', value: 'souza' },
          { field: 'person_type', op: 'eq', value: 'PF' },
        ],
        sort: [{ field: 'name', direction: 'desc' }],
      }),
    ).toEqual(['Carla Souza', 'Ana Souza']);
  });

  it.each([
    [{ filters: [{ field: 'metadata', op: 'eq', value: 'x' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'nope', op: 'eq', value: 'x' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'number', op: 'contains', value: '1' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'number', op: 'eq', value: 'one' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'created_at', op: 'gt', value: 'yesterday' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'name', op: 'in', value: 'x' }] }, 'invalid_filter'],
    [{ filters: [{ field: 'name', op: 'like', value: 'x' }] }, 'validation_failed'],
    [{ sort: [{ field: 'email' }] }, 'invalid_sort'],
    [{ sort: [{ field: 'phones' }] }, 'invalid_sort'],
    [{ page_size: 500 }, 'validation_failed'],
  ])('refuses %j', async (body, code) => {
    const res = await search(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('describes each field in the metadata', async () => {
    const res = await ctx.call(s.live, 'GET', '/v1/customers/metadata');
    expect(res.statusCode).toBe(200);
    const byName = Object.fromEntries(res.json().fields.map((f: { field: string }) => [f.field, f]));
    expect(byName.name).toMatchObject({ type: 'string', max_length: 200, required: true, filterable: true, sortable: true });
    expect(byName.email).toMatchObject({ filterable: true, sortable: false });
    expect(byName.metadata).toMatchObject({ filterable: false, sortable: false });
    expect(byName.person_type.enum).toEqual(['PF', 'PJ']);
    expect(byName.name.operators).toContain('contains');
  });

  it('GET list with q searches name, document and e-mail', async () => {
    const res = (await ctx.call(s.live, 'GET', '/v1/customers?q=eduarda')).json();
    expect(res.data.map((c: { name: string }) => c.name)).toEqual(['Eduarda Costa']);
    const byDoc = (await ctx.call(s.live, 'GET', `/v1/customers?q=${cnpjFrom(101).slice(0, 8)}`)).json();
    expect(byDoc.data.map((c: { name: string }) => c.name)).toEqual(['Bruno Lima']);
  });
});

describe('idempotency', () => {
  it('a retry with the same key returns the first response and creates nothing new', async () => {
    const body = pf({ document: cpfFrom(30), emails: [] });
    const a = await ctx.call(t.live, 'POST', '/v1/customers', body, { 'idempotency-key': 'create-30' });
    const b = await ctx.call(t.live, 'POST', '/v1/customers', body, { 'idempotency-key': 'create-30' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.body).toBe(a.body);
    expect(b.headers['idempotent-replayed']).toBe('true');
  });

  it('the same key with another body → 422', async () => {
    await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(31), emails: [] }), { 'idempotency-key': 'create-31' });
    const res = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(32), emails: [] }), {
      'idempotency-key': 'create-31',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('idempotency_key_reused');
  });

  it('a failed request does not burn its key', async () => {
    const bad = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: '123' }), { 'idempotency-key': 'create-33' });
    expect(bad.statusCode).toBe(400);
    const good = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(33), emails: [] }), {
      'idempotency-key': 'create-33',
    });
    expect(good.statusCode).toBe(201);
  });

  it('keys are kept COBRE_IDEMPOTENCY_KEY_HOURS (24 h) and then forgotten: a retry after that is a new request', async () => {
    // Key ages are reckoned on the app's clock: at `later`, old-37 is 25 h old and fresh-38 23 h;
    // exactly 24 h after it was stored, old-37 is not yet past its retention.
    const start = ctx.clock.now();
    await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(37), emails: [] }), { 'idempotency-key': 'old-37' });
    ctx.clock.advance(2 * 3600_000);
    try {
      await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(38), emails: [] }), { 'idempotency-key': 'fresh-38' });
    } finally {
      ctx.clock.set(start);
    }
    const later = new Date(start.getTime() + 25 * 3600_000);
    const kept = async () =>
      (
        await ctx.db.query(`SELECT key FROM idempotency_keys WHERE tenant_id = $1 AND key IN ('old-37', 'fresh-38') ORDER BY key`, [t.id])
      ).rows.map((r) => r.key);
    await pruneIdempotencyKeys(ctx.db, 24, new Date(start.getTime() + 24 * 3600_000), 1);
    expect(await kept()).toEqual(['fresh-38', 'old-37']);
    expect(await pruneIdempotencyKeys(ctx.db, 24, later, 1)).toBeGreaterThanOrEqual(1);
    expect(await kept()).toEqual(['fresh-38']);
    const reused = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(39), emails: [] }), {
      'idempotency-key': 'old-37',
    });
    expect(reused.statusCode).toBe(201);
    expect(reused.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keys are scoped per tenant', async () => {
    const a = await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(34), emails: [] }), {
      'idempotency-key': 'shared-key',
    });
    const b = await ctx.call(other.live, 'POST', '/v1/customers', pf({ document: cpfFrom(35), emails: [] }), {
      'idempotency-key': 'shared-key',
    });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('concurrent retries create exactly one customer and all get the same response', async () => {
    const body = pf({ document: cpfFrom(36), emails: [] });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => ctx.call(t.live, 'POST', '/v1/customers', body, { 'idempotency-key': 'concurrent-36' })),
    );
    const ok = responses.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(8);
    expect(new Set(ok.map((r) => r.json().id)).size).toBe(1);
    const list = (
      await ctx.call(t.live, 'POST', '/v1/customers/search', { filters: [{ field: 'document', op: 'eq', value: cpfFrom(36) }] })
    ).json();
    expect(list.total).toBe(1);
  });
});

describe('POST alias of PATCH (Smartbill "Alterar Cliente" is a POST)', () => {
  it('updates like PATCH', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(40), emails: [] }))).json();
    const res = await ctx.call(t.live, 'POST', `/v1/customers/${c.id}`, { name: 'Alterado por POST' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: c.id, name: 'Alterado por POST', document: c.document });
  });
});

describe('concurrency', () => {
  it('many concurrent creates (more than the connection pool) all succeed with distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        ctx.call(t.live, 'POST', '/v1/customers', pf({ document: cpfFrom(3000 + i), emails: [{ email: `c${i}@x.com` }], addresses: [] })),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(40).fill(201));
    expect(new Set(results.map((r) => r.json().number)).size).toBe(40);
  });
});
