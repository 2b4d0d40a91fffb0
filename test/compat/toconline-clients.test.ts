// The TOConline dialect as published client programs use it: over a real HTTP listener, with the
// headers those clients put on every request, the live product's `/api/...` paths, a host that
// serves the dialect at its root (COBRE_COMPAT_HOSTS), and never the console page on an API path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

const JSON_API = 'application/vnd.api+json';
const TOC_HOST = 'toc.example.pt';

let ctx: TestContext;
let t: TestTenant;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { compatHosts: { [TOC_HOST]: '/toconline' } } });
  t = await ctx.newTenant();
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx.close());

/** A request as the Python and PHP clients build it: JSON:API content type and Accept on every call, bodiless ones included. */
async function client(method: string, path: string, body?: unknown, opts: { token?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': JSON_API, accept: JSON_API, authorization: `Bearer ${opts.token ?? t.live}` };
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
}

/** fetch() keeps the Host header it derives from the URL; a raw request sets another one. */
async function onHost(host: string, method: string, path: string, body?: unknown) {
  const res = await ctx.app.inject({
    method: method as 'GET',
    url: path,
    headers: { host, 'content-type': JSON_API, accept: JSON_API, authorization: `Bearer ${t.live}` },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: res.statusCode, type: String(res.headers['content-type'] ?? ''), text: res.body, json: () => res.json() };
}

const newCustomer = (name: string, nif?: string) => ({
  data: { type: 'customers', attributes: { business_name: name, ...(nif ? { tax_registration_number: nif } : {}) } },
});

describe('the live product paths', () => {
  it('serves every resource at /toconline/api/... as well as /toconline/..., the same data', async () => {
    const created = await client('POST', '/toconline/api/customers', newCustomer('Cliente pela API', '501964843'));
    expect(created.status).toBe(200);
    expect(created.type).toBe(JSON_API);
    const id = created.json().data.id;
    const viaApi = await client('GET', `/toconline/api/customers/${id}`);
    const viaDoc = await client('GET', `/toconline/customers/${id}`);
    expect(viaApi.status).toBe(200);
    expect(viaApi.json()).toEqual(viaDoc.json());
    const list = await client('GET', '/toconline/api/customers?page[size]=1');
    expect(list.json().links.self).toMatch(/^\/toconline\/api\/customers\?/);
    expect((await client('GET', '/toconline/api/countries?filter[iso_alpha_2]=PT')).json().data[0].attributes.iso_alpha_2).toBe('PT');
  });

  it('answers an unknown path under /toconline/api with a JSON:API 404, any method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await client(method, '/toconline/api/suppliers', method === 'POST' ? { data: { type: 'suppliers' } } : undefined);
      expect(res.status).toBe(404);
      expect(res.type).toBe(JSON_API);
      expect(res.json().errors[0]).toMatchObject({ status: '404' });
    }
  });

  it('never answers an /api path at the host root with the console page: a JSON 404 that says where the dialects live', async () => {
    for (const path of ['/api/customers', '/api', '/api/addresses/1?x=1']) {
      const res = await client('GET', path);
      expect(res.status).toBe(404);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.text).not.toMatch(/<html/i);
      expect(res.json().error.message).toContain('/toconline/api');
    }
  });

  it('the openapi document lists the document paths once (the /api copies are served, not listed)', async () => {
    const doc = (await ctx.call(null, 'GET', '/openapi.json')).json();
    expect(doc.paths['/toconline/customers']).toBeDefined();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/toconline/api/'))).toEqual([]);
  });
});

describe('a host that serves the dialect at its root (COBRE_COMPAT_HOSTS)', () => {
  it('routes /api/customers on that host to the dialect, with links as the client asked', async () => {
    const created = await onHost(TOC_HOST, 'POST', '/api/customers', newCustomer('Cliente no host'));
    expect(created.status).toBe(200);
    const id = created.json().data.id;
    const got = await onHost(`${TOC_HOST.toUpperCase()}:8443`, 'GET', `/api/customers/${id}`);
    expect(got.json().data.attributes.business_name).toBe('Cliente no host');
    const list = await onHost(TOC_HOST, 'GET', '/api/customers?page[size]=1');
    expect(list.status).toBe(200);
    expect(list.json().links.self).toMatch(/^\/api\/customers\?/);
    // The document's own paths work there too, and a path that already has the prefix is left alone.
    expect((await onHost(TOC_HOST, 'GET', `/customers/${id}`)).status).toBe(200);
    expect((await onHost(TOC_HOST, 'GET', `/toconline/customers/${id}`)).status).toBe(200);
  });

  it('answers an unknown path on that host in the dialect format, and leaves other hosts alone', async () => {
    const res = await onHost(TOC_HOST, 'GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.type).toBe(JSON_API);
    expect(res.json().errors[0].status).toBe('404');
    // Another host: the Cobre API as usual.
    const own = await onHost('cobre.example.com', 'GET', '/v1/customers?page_size=1');
    expect(own.status).toBe(200);
    expect(own.json().data).toBeInstanceOf(Array);
  });
});

describe('COBRE_COMPAT_HOSTS itself', () => {
  it('is read as host=dialect pairs, and a wrong one stops the start with a clear message', async () => {
    const { loadConfig } = await import('../../src/platform/config.ts');
    expect(loadConfig({ COBRE_COMPAT_HOSTS: 'Toc.Example.pt=toconline, sindico.example.com.br=modulo12' }).compatHosts).toEqual({
      'toc.example.pt': '/toconline',
      'sindico.example.com.br': '/modulo12',
    });
    expect(() => loadConfig({ COBRE_COMPAT_HOSTS: 'toc.example.pt=quickbooks' })).toThrow(
      /COBRE_COMPAT_HOSTS must be host=dialect pairs.*toconline, modulo12, crm, dezwork/,
    );
    expect(loadConfig({}).compatHosts).toEqual({});
  });
});

// ---- Issue 20, items 3 and 4: what each published client sends (research: /tmp/research/toconline-clients.md) ----

/** A request with exactly the headers given (no defaults added): each client's own header set. */
async function raw(method: string, path: string, headers: Record<string, string>, body?: string, tenant: TestTenant = t) {
  const res = await fetch(base + path, { method, headers: { ...headers, authorization: `Bearer ${tenant.live}` }, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) };
}
const json = (v: unknown) => JSON.stringify(v);
const ids = (res: { json(): { data: { id: string }[] } }) => res.json().data.map((r) => r.id);

// dmp593/django-toconline, toconline/services.py: `default_headers` is only `Accept: */*` and the
// bearer (no Content-Type on GET/DELETE); create/update use requests' `json=`, i.e.
// `Content-Type: application/json`; `update` PATCHes `/api/{resource}` with the id in `data.id`;
// `first()` is `list(..., limit=1, **filters)` → `filter[k]=v&page[size]=1`.
describe('django-toconline (dmp593/django-toconline toconline/services.py, tests/tests/test_customers.py)', () => {
  const A_GET = { accept: '*/*' };
  const A_BODY = { accept: '*/*', 'content-type': 'application/json' };
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await ctx.newTenant();
  });
  const create = (resource: string, attributes: Record<string, unknown>) =>
    raw('POST', `/toconline/api/${resource}`, A_BODY, json({ data: { attributes, type: resource } }), tenant);

  it('test_create_customer: a freephone mobile_number is kept as text; first(email=) finds it; delete answers JSON with meta', async () => {
    const created = await create('customers', {
      business_name: 'Foo Lda',
      contact_name: 'Foo Lda',
      email: 'foo.lda+test@example.pt',
      mobile_number: '800201937',
      internal_observations: 'Created via unit test',
      tax_registration_number: '999999990',
    });
    expect(created.status, created.text).toBe(200);
    expect(created.json().data.attributes).toMatchObject({ mobile_number: '800201937', tax_registration_number: '999999990' });
    // requests encodes params: filter%5Bemail%5D=foo.lda%2Btest%40example.pt&page%5Bsize%5D=1
    const first = await raw(
      'GET',
      `/toconline/api/customers?${new URLSearchParams({ 'filter[email]': 'foo.lda+test@example.pt', 'page[size]': '1' })}`,
      A_GET,
      undefined,
      tenant,
    );
    expect(first.status).toBe(200);
    expect(ids(first)).toEqual([created.json().data.id]);
    const del = await raw('DELETE', `/toconline/api/customers/${created.json().data.id}`, A_GET, undefined, tenant);
    expect(del.status).toBe(200);
    expect(del.json().meta).toMatchObject({ deleted: true });
  });

  it('test_create_customer_address: addressable_id as the string id, no addressable_type; country defaults to PT (id 1)', async () => {
    // Faker's phone_number() is free-form ("001-555-123-4567x89"): kept as text, as the product does.
    const customer = (
      await create('customers', {
        business_name: 'Bar SA',
        contact_name: 'Ana',
        email: 'bar@example.pt',
        mobile_number: '001-555-123-4567x89',
        internal_observations: 'x',
        tax_registration_number: '999999990',
      })
    ).json().data;
    expect(customer.attributes.mobile_number).toBe('001-555-123-4567x89');
    const address = await create('addresses', {
      addressable_id: customer.id,
      address_detail: 'Leiria não existe, 404',
      city: 'Leiria',
      postcode: '2430-123',
      region: 'Leiria',
    });
    expect(address.status, address.text).toBe(200);
    expect(address.json().data).toMatchObject({
      type: 'addresses',
      attributes: { address_detail: 'Leiria não existe, 404', city: 'Leiria', postcode: '2430-123', is_primary: true },
      relationships: { customer: { data: { type: 'customers', id: customer.id } }, country: { data: { type: 'countries', id: '1' } } },
    });
    const del = await raw('DELETE', `/toconline/api/customers/${customer.id}`, A_GET, undefined, tenant);
    expect(del.status).toBe(200);
  });

  it('test_create_customer_email: POST /contacts with contactable_id and null name/phones/position', async () => {
    const customer = (
      await create('customers', {
        business_name: 'Baz Lda',
        contact_name: 'Mr. Foo',
        email: 'baz@example.pt',
        mobile_number: '800201937',
        internal_observations: 'x',
        tax_registration_number: '999999990',
      })
    ).json().data;
    const contact = await create('contacts', {
      contactable_id: customer.id,
      email: 'outro.baz@example.pt',
      is_primary: true,
      mobile_number: null,
      name: null,
      phone_number: null,
      position: null,
    });
    expect(contact.status, contact.text).toBe(200);
    const c = contact.json().data;
    expect(c).toMatchObject({
      type: 'contacts',
      attributes: { email: 'outro.baz@example.pt', is_primary: true, contactable_id: Number(customer.id), contactable_type: 'Customer' },
    });
    const after = (await raw('GET', `/toconline/api/customers/${customer.id}`, A_GET, undefined, tenant)).json().data;
    expect(after.attributes.email).toBe('outro.baz@example.pt');
    expect(after.relationships.main_email_address.data.id).toBe(c.id);
    expect(after.relationships.contacts.data.map((r: { id: string }) => r.id)).toContain(c.id);
    expect((await raw('DELETE', `/toconline/api/customers/${customer.id}`, A_GET, undefined, tenant)).status).toBe(200);
  });

  it('update(): PATCH /api/customers with the id in data.id (a string or a number), no id in the path', async () => {
    const customer = (await create('customers', { business_name: 'Qux Lda', tax_registration_number: '501964843' })).json().data;
    const asString = await raw(
      'PATCH',
      '/toconline/api/customers',
      A_BODY,
      json({ data: { attributes: { contact_name: 'Rita' }, id: customer.id, type: 'customers' } }),
      tenant,
    );
    expect(asString.status, asString.text).toBe(200);
    expect(asString.json().data.attributes.contact_name).toBe('Rita');
    const asNumber = await raw(
      'PATCH',
      '/toconline/api/customers',
      A_BODY,
      json({ data: { attributes: { website: 'https://qux.pt' }, id: Number(customer.id), type: 'customers' } }),
      tenant,
    );
    expect(asNumber.status).toBe(200);
    expect(asNumber.json().data.attributes).toMatchObject({ contact_name: 'Rita', website: 'https://qux.pt' });
    const noId = await raw(
      'PATCH',
      '/toconline/api/customers',
      A_BODY,
      json({ data: { attributes: { website: null }, type: 'customers' } }),
      tenant,
    );
    expect(noId.status).toBe(400);
    expect(noId.json().errors[0].source.pointer).toBe('/data/id');
  });
});

// erpgap/toc_online_odoo, toc_invoice/models/toc_api.py: `Content-Type: application/json` on every
// request, GET included, requests' default `Accept: */*`; customer lookups concatenate the value
// into the URL unencoded (`?filter[email]=` + email); create sends empty strings, `active`, and
// `country_iso_alpha_2` null when the partner has no country.
describe('toc_online_odoo (erpgap/toc_online_odoo toc_invoice/models/toc_api.py)', () => {
  const E = { 'content-type': 'application/json', accept: '*/*' };
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await ctx.newTenant();
  });

  it('creates with "" values, active and a null country; finds the customer by NIF and by an unencoded e-mail with +', async () => {
    const body = {
      data: {
        type: 'customers',
        attributes: {
          tax_registration_number: '123456789',
          business_name: 'Cliente Odoo',
          contact_name: 'Cliente Odoo',
          website: '',
          phone_number: '',
          mobile_number: '',
          email: 'odoo+faturas@example.pt',
          observations: '',
          internal_observations: '',
          is_tax_exempt: false,
          active: true,
          country_iso_alpha_2: null,
        },
      },
    };
    const created = await raw('POST', '/toconline/api/customers', E, json(body), tenant);
    expect(created.status, created.text).toBe(200);
    expect(created.json().data.attributes).toMatchObject({
      country_iso_alpha_2: 'PT',
      phone_number: null,
      mobile_number: null,
      email: 'odoo+faturas@example.pt',
    });
    const id = created.json().data.id;
    const byNif = await raw('GET', '/toconline/api/customers?filter[tax_registration_number]=123456789', E, undefined, tenant);
    expect(byNif.status).toBe(200);
    expect(ids(byNif)).toEqual([id]);
    // '+' unencoded in a query string reads as a space; no e-mail address has one, so it is a '+'.
    const byEmail = await raw('GET', '/toconline/api/customers?filter[email]=odoo+faturas@example.pt', E, undefined, tenant);
    expect(ids(byEmail)).toEqual([id]);
    const none = await raw('GET', '/toconline/api/customers?filter[tax_registration_number]=501964843', E, undefined, tenant);
    expect(none.json().data).toEqual([]);
  });
});

// themiguelamador/toconline-mcp: src/toconline_mcp/http/client.py sends `Accept` and `Content-Type`
// `application/vnd.api+json` on every request; tools/_helpers.py build_list_params gives
// page[size], page[number], sort, fields[<type>], filter[...]; tools/addresses.py lists a
// customer's addresses with the nested route, POSTs addressable_type/addressable_id and re-GETs;
// tools/contacts.py POSTs categories ["general"] and PATCHes /api/contacts/{id} with data.id.
describe('toconline-mcp (themiguelamador/toconline-mcp src/toconline_mcp/tools/*.py)', () => {
  let tenant: TestTenant;
  const C = { 'content-type': JSON_API, accept: JSON_API };
  const send = (method: string, path: string, body?: unknown) =>
    raw(method, `/toconline/api${path}`, C, body === undefined ? undefined : json(body), tenant);
  const customerIds: string[] = [];
  beforeAll(async () => {
    tenant = await ctx.newTenant();
    for (const [name, nif, country] of [
      ['Beta Lda', '501964843', 'PT'],
      ['Alfa SA', '503504564', 'PT'],
      ['Gama SL', 'B12345678', 'ES'],
    ]) {
      const r = await send('POST', '/customers', {
        data: { type: 'customers', attributes: { business_name: name, tax_registration_number: nif, country_iso_alpha_2: country } },
      });
      expect(r.status, r.text).toBe(200);
      customerIds.push(r.json().data.id);
    }
  });

  it('list_customers: sort (with -), page[size]/page[number], fields[customers] with a relationship name, filter[business_name]', async () => {
    const sorted = await send('GET', '/customers?sort=business_name');
    expect(sorted.json().data.map((c: { attributes: { business_name: string } }) => c.attributes.business_name)).toEqual([
      'Alfa SA',
      'Beta Lda',
      'Gama SL',
    ]);
    const desc = await send('GET', '/customers?sort=-id&page[size]=2&page[number]=1');
    expect(ids(desc)).toEqual([customerIds[2], customerIds[1]]);
    expect(desc.json().links.next).toContain('page%5Bnumber%5D=2');
    const page2 = await send('GET', '/customers?sort=-id&page[size]=2&page[number]=2');
    expect(ids(page2)).toEqual([customerIds[0]]);
    const sparse = await send(
      'GET',
      `/customers?${new URLSearchParams({ 'fields[customers]': 'business_name,email,main_address', 'filter[business_name]': 'Alfa' })}`,
    );
    expect(sparse.status).toBe(200);
    expect(sparse.json().data).toEqual([
      {
        type: 'customers',
        id: customerIds[1],
        attributes: { business_name: 'Alfa SA', email: null },
        relationships: { main_address: { data: null } },
      },
    ]);
    const byCountry = await send('GET', '/customers?filter[country_iso_alpha_2]=ES');
    expect(ids(byCountry)).toEqual([customerIds[2]]);
    // A single GET takes fields too.
    const one = await send('GET', `/customers/${customerIds[0]}?fields[customers]=tax_registration_number`);
    expect(one.json().data).toEqual({ type: 'customers', id: customerIds[0], attributes: { tax_registration_number: '501964843' } });
  });

  it('a sort or a filter on an attribute that cannot be applied is a 400 naming the parameter; empty and unknown-shaped ones are ignored', async () => {
    const badSort = await send('GET', '/customers?sort=-observations');
    expect(badSort.status).toBe(400);
    expect(badSort.json().errors[0]).toMatchObject({ status: '400', code: 'validation_failed', source: { parameter: 'sort' } });
    expect(badSort.json().errors[0].detail).toMatch(/^sort cannot sort by observations; sortable: id, business_name/);
    const badFilter = await send('GET', '/customers?filter[website]=x');
    expect(badFilter.status).toBe(400);
    expect(badFilter.json().errors[0].source).toEqual({ parameter: 'filter[website]' });
    // An empty filter (`filter[x]=`), a raw SQL-ish `filter=`, `page`/`per_page`: ignored.
    const lenient = await send('GET', `/customers?filter[x]=&filter=${encodeURIComponent('documents.pending_total>0')}&page=2&per_page=50`);
    expect(lenient.status).toBe(200);
    expect(ids(lenient)).toEqual(customerIds);
  });

  it('create_address: nested GET /customers/{id}/addresses, POST with addressable_type/addressable_id, re-GET, PATCH /addresses/{id}, DELETE', async () => {
    const parent = `/customers/${customerIds[0]}/addresses`;
    const before = await send('GET', parent);
    expect(before.status).toBe(200);
    expect(before.json().data).toEqual([]);
    const created = await send('POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: {
          address_detail: 'Rua do Ouro 1',
          city: 'Lisboa',
          postcode: '1100-060',
          region: 'Lisboa',
          is_primary: false,
          addressable_type: 'Customer',
          addressable_id: customerIds[0],
        },
      },
    });
    expect(created.status, created.text).toBe(200);
    const id = created.json().data.id;
    const again = await send('GET', `/addresses/${id}`);
    expect(again.json().data.relationships.customer.data.id).toBe(customerIds[0]);
    const listed = await send('GET', `${parent}?fields[addresses]=address_detail,postcode`);
    expect(listed.json().data).toEqual([{ type: 'addresses', id, attributes: { address_detail: 'Rua do Ouro 1', postcode: '1100-060' } }]);
    const patched = await send('PATCH', `/addresses/${id}`, { data: { type: 'addresses', id, attributes: { city: 'Porto' } } });
    expect(patched.status).toBe(200);
    expect(patched.json().data.attributes.city).toBe('Porto');
    const del = await send('DELETE', `/addresses/${id}`);
    expect(del.status).toBe(200);
    expect(del.json()).toEqual({ meta: { deleted: true, id: Number(id) } });
    expect((await send('GET', `/addresses/${id}`)).status).toBe(404);
    expect((await send('GET', parent)).json().data).toEqual([]);
  });

  it('a Supplier address or contact is refused with 422 naming the attribute; the nested supplier route is a 404', async () => {
    const supplier = await send('POST', '/addresses', {
      data: { type: 'addresses', attributes: { address_detail: 'X', city: 'Lisboa', addressable_type: 'Supplier', addressable_id: '7' } },
    });
    expect(supplier.status).toBe(422);
    expect(supplier.json().errors[0]).toMatchObject({ status: '422', source: { pointer: '/data/attributes/addressable_type' } });
    const contact = await send('POST', '/contacts', {
      data: {
        type: 'contacts',
        attributes: { email: 'f@example.pt', contactable_type: 'Supplier', contactable_id: '7', categories: ['general'] },
      },
    });
    expect(contact.status).toBe(422);
    expect(contact.json().errors[0].source.pointer).toBe('/data/attributes/contactable_type');
    expect((await send('GET', '/suppliers/7/addresses')).status).toBe(404);
  });

  it('contacts: create (categories ["general"]), list by filter[customer_id] with sort, update by /contacts/{id} with data.id, delete', async () => {
    const owner = customerIds[1];
    const first = await send('POST', '/contacts', {
      data: {
        type: 'contacts',
        attributes: {
          name: 'Faturação',
          email: 'faturas@alfa.pt',
          phone_number: '213456789',
          position: 'CFO',
          is_primary: false,
          categories: ['general'],
          contactable_type: 'Customer',
          contactable_id: owner,
        },
      },
    });
    expect(first.status, first.text).toBe(200);
    // The first e-mail of a customer is its primary one; name is kept (as the label), the rest is not.
    expect(first.json().data.attributes).toEqual({
      id: Number(first.json().data.id),
      email: 'faturas@alfa.pt',
      name: 'Faturação',
      is_primary: true,
      position: null,
      phone_number: null,
      mobile_number: null,
      categories: null,
      contactable_id: Number(owner),
      contactable_type: 'Customer',
    });
    const second = await send('POST', '/contacts', {
      data: {
        type: 'contacts',
        attributes: {
          name: 'Geral',
          email: 'geral@alfa.pt',
          is_primary: false,
          categories: ['general'],
          contactable_type: 'Customer',
          contactable_id: owner,
        },
      },
    });
    expect(second.status).toBe(200);
    const listed = await send('GET', `/contacts?filter[customer_id]=${owner}&sort=-email`);
    expect(listed.json().data.map((c: { attributes: { email: string } }) => c.attributes.email)).toEqual([
      'geral@alfa.pt',
      'faturas@alfa.pt',
    ]);
    expect((await send('GET', `/contacts?filter[supplier_id]=${owner}`)).json().data).toEqual([]);
    const sid = second.json().data.id;
    const updated = await send('PATCH', `/contacts/${sid}`, {
      data: { type: 'contacts', id: sid, attributes: { name: 'Geral 2', is_primary: true } },
    });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json().data.attributes).toMatchObject({ name: 'Geral 2', is_primary: true, email: 'geral@alfa.pt' });
    expect((await send('GET', `/customers/${owner}`)).json().data.attributes.email).toBe('geral@alfa.pt');
    const del = await send('DELETE', `/contacts/${first.json().data.id}`);
    expect(del.status).toBe(200);
    expect(del.json().meta).toEqual({ deleted: true, id: Number(first.json().data.id) });
    expect(ids(await send('GET', `/customers/${owner}/contacts`))).toEqual([sid]);
  });

  it('include=addresses,email_addresses on a customer adds them under included', async () => {
    const owner = customerIds[2];
    await send('POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { address_detail: 'Calle Mayor 1', city: 'Madrid', postcode: '28013', addressable_id: owner, country_id: 71 },
      },
    });
    await send('POST', '/contacts', { data: { type: 'contacts', attributes: { email: 'gama@example.es', contactable_id: owner } } });
    const res = await send('GET', `/customers/${owner}?include=addresses,email_addresses`);
    expect(res.status).toBe(200);
    const inc = res.json().included;
    expect(inc.map((r: { type: string }) => r.type).sort()).toEqual(['addresses', 'email_addresses']);
    expect(inc.find((r: { type: string }) => r.type === 'addresses').attributes.city).toBe('Madrid');
    expect(inc.find((r: { type: string }) => r.type === 'addresses').relationships.country.data.id).toBe('71');
    const list = await send('GET', `/customers?filter[id]=${owner}&include=contacts`);
    expect(list.json().included.map((r: { type: string; attributes: { email: string } }) => [r.type, r.attributes.email])).toEqual([
      ['contacts', 'gama@example.es'],
    ]);
  });
});

// joaovitoriasilva/toconline-mcp, src/toconline_mcp/client.py: `Accept: application/json` and
// `Content-Type: application/vnd.api+json` on every request; tools/customers.py PATCHes
// /api/customers with data.id, phones typed `str | int`, tax_country_region 'NON-UE';
// tools/addresses.py: addressable_id an int, country_id a string, PATCH /api/addresses (data.id),
// delete_address returns `response.get("meta")` after parsing the body unconditionally.
describe('toconline-mcp (joaovitoriasilva/toconline-mcp src/toconline_mcp/tools/*.py)', () => {
  let tenant: TestTenant;
  const D = { accept: 'application/json', 'content-type': JSON_API };
  const send = (method: string, path: string, body?: unknown) =>
    raw(method, `/toconline/api${path}`, D, body === undefined ? undefined : json(body), tenant);
  beforeAll(async () => {
    tenant = await ctx.newTenant();
  });

  it('phones as JSON numbers, tax_country_region NON-UE and UE stored and echoed, PATCH /customers by data.id', async () => {
    const created = await send('POST', '/customers', {
      data: {
        type: 'customers',
        attributes: {
          business_name: 'Acme Inc',
          tax_registration_number: 'US123456',
          country_iso_alpha_2: 'US',
          tax_country_region: 'NON-UE',
          phone_number: 12025550123,
        },
      },
    });
    expect(created.status, created.text).toBe(200);
    // 12025550123 is no number in national form for the US (Cobre wants +1…): kept as text.
    expect(created.json().data.attributes).toMatchObject({
      country_iso_alpha_2: 'US',
      tax_country_region: 'NON-UE',
      phone_number: '12025550123',
    });
    const id = created.json().data.id;
    const patched = await send('PATCH', '/customers', {
      data: { type: 'customers', id, attributes: { phone_number: '+12025550123', mobile_number: 912345678 } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json().data.attributes).toMatchObject({
      phone_number: '+12025550123',
      mobile_number: '912345678',
      tax_country_region: 'NON-UE',
    });
    const v1 = (await ctx.call(tenant.live, 'GET', `/v1/customers/${id}`)).json();
    // The international number is a phone now; 912345678 is no US number in national form: text.
    expect(v1.phones.map((p: { number: string; type: string }) => [p.number, p.type])).toEqual([['+12025550123', 'landline']]);
    const eu = await send('PATCH', '/customers', {
      data: {
        type: 'customers',
        id,
        attributes: { country_iso_alpha_2: 'DE', tax_country_region: 'UE', tax_registration_number: 'DE123456789' },
      },
    });
    expect(eu.json().data.attributes).toMatchObject({ country_iso_alpha_2: 'DE', tax_country_region: 'UE' });
    const home = await send('PATCH', '/customers', {
      data: { type: 'customers', id, attributes: { country_iso_alpha_2: 'PT-MA', tax_registration_number: 503504564 } },
    });
    expect(home.status, home.text).toBe(200);
    expect(home.json().data.attributes).toMatchObject({
      country_iso_alpha_2: 'PT',
      tax_country_region: 'PT-MA',
      tax_registration_number: '503504564',
    });
    const bad = await send('PATCH', '/customers', { data: { type: 'customers', id, attributes: { tax_country_region: 'EUROPA' } } });
    expect(bad.status).toBe(400);
    expect(bad.json().errors[0].source.pointer).toBe('/data/attributes/tax_country_region');
  });

  it('addresses: addressable_id an int, country_id "3" (PT-AC), PATCH /addresses with data.id and country_id "2", DELETE parsed as JSON', async () => {
    const customer = (
      await send('POST', '/customers', {
        data: { type: 'customers', attributes: { business_name: 'Açores Lda', tax_registration_number: '501964843' } },
      })
    ).json().data.id;
    const created = await send('POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: {
          address_detail: 'Rua da Sé 2',
          addressable_id: Number(customer),
          addressable_type: 'Customer',
          city: 'Ponta Delgada',
          postcode: '9500-326',
          region: 'Açores',
          name: 'Sede',
          is_primary: true,
          country_id: '3',
        },
      },
    });
    expect(created.status, created.text).toBe(200);
    const address = created.json().data;
    expect(address.relationships.country.data.id).toBe('3');
    const patched = await send('PATCH', '/addresses', {
      data: { type: 'addresses', id: address.id, attributes: { city: 'Funchal', postcode: '9000-018', country_id: '2' } },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json().data).toMatchObject({
      attributes: { city: 'Funchal', name: 'Sede' },
      relationships: { country: { data: { id: '2' } } },
    });
    const flat = await send('GET', `/addresses?filter[addressable_id]=${customer}`);
    expect(ids(flat)).toEqual([address.id]);
    expect((await send('GET', '/addresses?filter[country_id]=2')).json().data.map((a: { id: string }) => a.id)).toEqual([address.id]);
    const del = await send('DELETE', `/addresses/${address.id}`);
    expect(del.status).toBe(200);
    expect(JSON.parse(del.text).meta).toEqual({ deleted: true, id: Number(address.id) });
    const badCountry = await send('POST', '/addresses', {
      data: { type: 'addresses', attributes: { address_detail: 'X', addressable_id: Number(customer), country_id: 9999 } },
    });
    expect(badCountry.status).toBe(400);
    expect(badCountry.json().errors[0].source.pointer).toBe('/data/attributes/country_id');
  });

  it('countries: filter[iso_alpha_2] with the product ids and attributes, sort and fields accepted', async () => {
    const pt = await send('GET', '/countries?filter[iso_alpha_2]=PT');
    expect(pt.json().data).toEqual([
      {
        type: 'countries',
        id: '1',
        attributes: {
          id: 1,
          default_name: 'Portugal - Continente',
          iso_alpha_2: 'PT',
          tax_country_region: 'PT',
          name: 'Portugal',
          name_en: 'Portugal',
        },
      },
    ]);
    const first3 = await send('GET', '/countries?page[size]=3&fields[countries]=iso_alpha_2');
    expect(first3.json().data).toEqual([
      { type: 'countries', id: '1', attributes: { iso_alpha_2: 'PT' } },
      { type: 'countries', id: '2', attributes: { iso_alpha_2: 'PT-MA' } },
      { type: 'countries', id: '3', attributes: { iso_alpha_2: 'PT-AC' } },
    ]);
    const de = await send('GET', '/countries?filter[tax_country_region]=DE&sort=-id');
    expect(de.json().data.map((c: { attributes: { iso_alpha_2: string } }) => c.attributes.iso_alpha_2)).toEqual(['DE']);
  });
});

// hhaddenn/Odoo_TOCOnline, connectors/toconline_customer.py: PATCH /api/customers/{id} with
// `data.id` = str(id); writes drop the JSON:API content type so httpx sends application/json;
// reads send `Accept: application/json`, `Content-Type: application/vnd.api+json`.
// TOCOnlineService (Laravel app code, index id 40658221814): `acceptJson()`, phones as numbers.
describe('Odoo_TOCOnline (hhaddenn) and the Laravel TOCOnlineService: ids in both places, numbers for phones', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await ctx.newTenant();
  });

  it('PATCH /customers/{id} with data.id as a string, application/json', async () => {
    const created = await raw(
      'POST',
      '/toconline/api/customers',
      { 'content-type': 'application/json', accept: 'application/json' },
      json({
        data: {
          type: 'customers',
          attributes: {
            business_name: 'Sync Lda',
            tax_registration_number: '501964843',
            email: 'sync@example.pt',
            phone_number: '213456789',
          },
        },
      }),
      tenant,
    );
    expect(created.status, created.text).toBe(200);
    const id = created.json().data.id;
    const patched = await raw(
      'PATCH',
      `/toconline/api/customers/${id}`,
      { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      json({ data: { type: 'customers', id: String(id), attributes: { business_name: 'Sync Lda (novo)' } } }),
      tenant,
    );
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json().data.attributes.business_name).toBe('Sync Lda (novo)');
  });

  it('G: mobile_number and phone_number as JSON numbers; a 30x nomadic number is kept as text', async () => {
    const created = await raw(
      'POST',
      '/toconline/api/customers',
      { 'content-type': 'application/json', accept: 'application/json' },
      json({
        data: {
          type: 'customers',
          attributes: {
            business_name: 'Laravel Lda',
            contact_name: 'Rui',
            email: 'laravel@example.pt',
            internal_observations: '',
            mobile_number: 939038342,
            observations: '',
            phone_number: 309867004,
            tax_registration_number: '221976302',
            website: '',
          },
        },
      }),
      tenant,
    );
    expect(created.status, created.text).toBe(200);
    expect(created.json().data.attributes).toMatchObject({ mobile_number: '939038342', phone_number: '309867004' });
    const v1 = (await ctx.call(tenant.live, 'GET', `/v1/customers/${created.json().data.id}`)).json();
    expect(v1.phones).toEqual([expect.objectContaining({ number: '+351939038342', type: 'mobile' })]);
  });
});

// peter9x/laravel-toconline-api, src/Support/TOCQueryBuilder.php: `include` and `sort` as comma
// lists; its filters are keyed "filter[{field}]=" and so arrive as `filter%5Bfield%5D%3D=value`;
// JulioBanana69/toconline-mcp api/mcp.js asks `?page=&per_page=`.
describe('laravel-toconline-api (peter9x) query shapes, and every Content-Type/Accept pair clients use', () => {
  it('the buggy filter key, page and per_page are ignored; include is accepted', async () => {
    const res = await raw(
      'GET',
      '/toconline/api/customers?filter%5Bbusiness_name%5D%3D=Nada&include=addresses,email_addresses&sort=-id&page=1&per_page=10',
      { accept: 'application/json', 'content-type': JSON_API },
    );
    expect(res.status, res.text).toBe(200);
    expect(res.json().data.length).toBeGreaterThan(0);
  });

  it('no 415 or 406 for GET and DELETE with any Content-Type and Accept the clients send, with or without charset', async () => {
    const contentTypes = [undefined, JSON_API, 'application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'];
    const accepts = ['*/*', 'application/json', JSON_API];
    for (const ct of contentTypes) {
      for (const accept of accepts) {
        const headers = { accept, ...(ct ? { 'content-type': ct } : {}) };
        const list = await raw('GET', '/toconline/api/customers?page[size]=1', headers);
        expect(list.status, `${ct} ${accept}`).toBe(200);
        const c = (
          await raw(
            'POST',
            '/toconline/api/customers',
            { ...headers, 'content-type': ct ?? 'application/json' },
            json({ data: { type: 'customers', attributes: { business_name: 'Para apagar' } } }),
          )
        ).json().data;
        const del = await raw('DELETE', `/toconline/api/customers/${c.id}`, headers);
        expect(del.status, `${ct} ${accept}`).toBe(200);
        expect(del.json().meta.deleted).toBe(true);
      }
    }
  });
});

describe('removing addresses and e-mail addresses', () => {
  let tenant: TestTenant;
  const send = (method: string, path: string, body?: unknown) =>
    raw(
      method,
      `/toconline/api${path}`,
      { 'content-type': JSON_API, accept: JSON_API },
      body === undefined ? undefined : json(body),
      tenant,
    );
  beforeAll(async () => {
    tenant = await ctx.newTenant();
  });

  it('deleting the primary address or e-mail makes the next one primary; unknown ids are 404; a filter naming no customer matches nothing', async () => {
    const customer = (
      await send('POST', '/customers', {
        data: { type: 'customers', attributes: { business_name: 'Duas Moradas Lda', email: 'a@duas.pt' } },
      })
    ).json().data.id;
    const first = (
      await send('POST', '/addresses', {
        data: {
          type: 'addresses',
          attributes: { address_detail: 'Rua A 1', city: 'Lisboa', postcode: '1000-001', addressable_id: customer },
        },
      })
    ).json().data;
    const second = (
      await send('POST', '/addresses', {
        data: {
          type: 'addresses',
          attributes: { address_detail: 'Rua B 2', city: 'Porto', postcode: '4000-001', addressable_id: customer },
        },
      })
    ).json().data;
    expect([first.attributes.is_primary, second.attributes.is_primary]).toEqual([true, false]);
    expect((await send('DELETE', `/addresses/${first.id}`)).status).toBe(200);
    const after = (await send('GET', `/customers/${customer}`)).json().data.relationships;
    expect(after.main_address.data.id).toBe(second.id);
    expect(after.addresses.data.map((a: { id: string }) => a.id)).toEqual([second.id]);
    expect((await send('DELETE', `/addresses/${first.id}`)).status).toBe(404);

    const other = (
      await send('POST', '/email_addresses', {
        data: {
          type: 'email_addresses',
          attributes: { email: 'b@duas.pt' },
          relationships: { customer: { data: { type: 'customers', id: customer } } },
        },
      })
    ).json().data;
    const main = (await send('GET', `/customers/${customer}`)).json().data.relationships.main_email_address.data.id;
    const del = await send('DELETE', `/email_addresses/${main}`);
    expect(del.status).toBe(200);
    expect(del.json().meta).toEqual({ deleted: true, id: Number(main) });
    expect((await send('GET', `/customers/${customer}`)).json().data.attributes.email).toBe('b@duas.pt');
    expect((await send('GET', `/contacts/${other.id}`)).json().data.attributes).toMatchObject({ email: 'b@duas.pt', is_primary: true });
    expect((await send('DELETE', `/contacts/${main}`)).status).toBe(404);
    expect(
      (await send('PATCH', `/contacts/${other.id}`, { data: { type: 'contacts', id: other.id, attributes: { email: null } } })).status,
    ).toBe(400);

    expect((await send('GET', '/addresses?filter[customer_id]=99999')).json().data).toEqual([]);
    expect((await send('GET', '/contacts?filter[contactable_id]=99999')).json().data).toEqual([]);
    expect((await send('GET', '/customers/99999/addresses')).status).toBe(404);
  });
});
