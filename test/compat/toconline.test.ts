// The TOConline dialect (seed 001): JSON:API customers, addresses, e-mail addresses and countries,
// the document's own request bodies replayed through HTTP, JSON:API errors, isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';
import { uuidv7 } from '../../src/platform/ids.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

const JSON_API = 'application/vnd.api+json';

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

const api = (key: string | null, method: string, url: string, body?: unknown) =>
  ctx.call(key, method, `/toconline${url}`, body, body === undefined ? {} : { 'content-type': JSON_API });

// The relationships block of the document's POST /customers example, verbatim.
const docRelationships = {
  company: { data: { resource: 'current_company' } },
  main_address: { data: { table: 'addresses', resource: 'addresses' } },
  main_email_address: { data: { table: 'email_addresses', resource: 'email_addresses' } },
  tax_exemption_reason: { data: { resource: 'tax_exemption_reasons' } },
  defaults: { data: { table: 'customer_defaults', resource: 'customers_defaults' } },
  addresses: { data: { table: 'addresses', resource: 'addresses' } },
  email_addresses: { data: { table: 'email_addresses', resource: 'email_addresses' } },
};

// The document's attribute list with real values in place of "text".
const attributes = {
  id: 1,
  tax_registration_number: '501964843',
  business_name: 'Empresa Portuguesa Lda',
  contact_name: 'Maria Silva',
  website: 'https://exemplo.pt',
  phone_number: '213456789',
  mobile_number: '912345678',
  email: 'geral@exemplo.pt',
  observations: 'Cliente desde 2020',
  internal_observations: 'Paga a 30 dias',
  not_final_customer: true,
  cashed_vat: true,
  tax_country_region: 'PT',
  country_iso_alpha_2: 'PT',
  saft_import_id: 1,
  is_tax_exempt: true,
  data: {},
};

const ATTRIBUTE_KEYS = Object.keys(attributes).sort();

/** The error pointers of a JSON:API error response, sorted. */
const pointers = (res: { json(): { errors?: { source?: { pointer?: string } }[] } }) =>
  (res.json().errors ?? []).map((e) => e.source?.pointer ?? '(none)').sort();
// Responses also carry `contacts` (the live product's name for the e-mail addresses, issue 20).
const RELATIONSHIP_KEYS = [...Object.keys(docRelationships), 'contacts'].sort();

let customerId: string;

describe('customers', () => {
  it('POST /customers with the document body: 200, a JSON:API document with every attribute and relationship', async () => {
    const res = await api(t.live, 'POST', '/customers', { data: { type: 'customers', attributes, relationships: docRelationships } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_API);
    const { data } = res.json();
    customerId = data.id;
    expect(data.type).toBe('customers');
    expect(data.id).toBe('1');
    expect(Object.keys(data.attributes).sort()).toEqual(ATTRIBUTE_KEYS);
    expect(Object.keys(data.relationships).sort()).toEqual(RELATIONSHIP_KEYS);
    expect(data.attributes).toEqual({ ...attributes, id: 1 });
    expect(data.relationships).toMatchObject({
      company: { data: { type: 'companies', id: t.id } },
      main_email_address: { data: { type: 'email_addresses' } },
      email_addresses: { data: [{ type: 'email_addresses' }] },
      main_address: { data: null },
      addresses: { data: [] },
      tax_exemption_reason: { data: null },
    });
    // The same customer through the canonical API: a PJ (NIF starting with 5) in Portugal.
    const v1 = (await ctx.call(t.live, 'GET', '/v1/customers/1')).json();
    expect(v1).toMatchObject({
      person_type: 'PJ',
      document: '501964843',
      document_kind: 'nif',
      name: 'Empresa Portuguesa Lda',
      country: 'PT',
      tax_region: 'PT',
      final_consumer: false,
      cash_vat: true,
      tax_exempt: true,
      notes: 'Cliente desde 2020',
      internal_notes: 'Paga a 30 dias',
      primary_email: 'geral@exemplo.pt',
      phones: [
        { number: '+351213456789', type: 'landline' },
        { number: '+351912345678', type: 'mobile' },
      ],
    });
  });

  it('infers PF for individuals (NIF 1/2/3, 45, 8), PJ for collective NIFs, and accepts plain application/json', async () => {
    const res = await ctx.call(t.live, 'POST', '/toconline/customers', {
      data: { type: 'customers', attributes: { business_name: 'João Sousa', tax_registration_number: '123456789' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(JSON_API);
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${res.json().data.id}`)).json()).toMatchObject({
      person_type: 'PF',
      country: 'PT',
      tax_region: 'PT',
      final_consumer: true,
    });
    const azores = await api(t.live, 'POST', '/customers', {
      data: {
        type: 'customers',
        attributes: { business_name: 'Açoriana SA', tax_registration_number: '987654322', country_iso_alpha_2: 'PT-AC' },
      },
    });
    expect(azores.statusCode).toBe(200);
    expect(azores.json().data.attributes).toMatchObject({ country_iso_alpha_2: 'PT', tax_country_region: 'PT-AC' });
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${azores.json().data.id}`)).json()).toMatchObject({
      person_type: 'PJ',
      tax_region: 'PT-AC',
    });
    const spanish = await api(t.live, 'POST', '/customers', {
      data: {
        type: 'customers',
        attributes: {
          business_name: 'Empresa Española SL',
          tax_registration_number: 'B12345678',
          country_iso_alpha_2: 'ES',
          tax_country_region: 'ES',
        },
      },
    });
    expect(spanish.statusCode).toBe(200);
    expect(spanish.json().data.attributes).toMatchObject({
      country_iso_alpha_2: 'ES',
      tax_country_region: 'ES',
      tax_registration_number: 'B12345678',
    });
  });

  it('GET /customers lists them all as JSON:API resources; GET /customers/{id} returns one', async () => {
    const list = await api(t.live, 'GET', '/customers');
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toBe(JSON_API);
    const body = list.json();
    expect(body.data.map((c: { id: string }) => c.id)).toEqual(['1', '2', '3', '4']);
    expect(body.meta).toEqual({ total: 4, page: 1, page_size: 1000 });
    const paged = (await api(t.live, 'GET', '/customers?page[size]=3&page[number]=1')).json();
    expect(paged.data).toHaveLength(3);
    expect(paged.links.next).toContain('page%5Bnumber%5D=2');
    const byNif = (await api(t.live, 'GET', '/customers?filter[tax_registration_number]=501964843')).json();
    expect(byNif.data.map((c: { id: string }) => c.id)).toEqual(['1']);
    const one = await api(t.live, 'GET', `/customers/${customerId}`);
    expect(one.json().data).toEqual(body.data[0]);
  });

  it('PATCH /customers/{id} changes only the attributes sent', async () => {
    const res = await api(t.live, 'PATCH', `/customers/${customerId}`, {
      data: {
        type: 'customers',
        id: customerId,
        attributes: {
          contact_name: 'Rui Costa',
          email: 'faturas@exemplo.pt',
          mobile_number: null,
          not_final_customer: false,
          data: { segmento: 'retalho' },
        },
        relationships: docRelationships,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.attributes).toEqual({
      ...attributes,
      contact_name: 'Rui Costa',
      email: 'faturas@exemplo.pt',
      mobile_number: null,
      not_final_customer: false,
      data: { segmento: 'retalho' },
    });
    const mismatch = await api(t.live, 'PATCH', `/customers/${customerId}`, {
      data: { type: 'customers', id: '2', attributes: { contact_name: 'X' } },
    });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().errors[0]).toMatchObject({ status: '409', source: { pointer: '/data/id' } });
  });
});

describe('addresses', () => {
  let addressId: string;
  // TOConline's own country ids (issue 20): 1 = PT, 2 = PT-MA, 3 = PT-AC.
  const ptId = '1';

  it('POST /addresses (the document body with real values) attaches a primary address; country defaults to PT', async () => {
    const res = await api(t.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: {
          id: 1,
          is_primary: true,
          address_detail: 'Rua Augusta 1',
          city: 'Lisboa',
          postcode: '1100-048',
          region: 'Lisboa',
          name: 'Sede',
          for_discharge: true,
          for_charge: true,
        },
        relationships: {
          country: { data: { resource: 'countries' } },
          company: { data: { table: 'addresses', resource: 'current_company' } },
          customer: { data: { type: 'customers', id: customerId } },
          supplier: { data: { table: 'addresses', resource: 'suppliers' } },
          user: { data: { table: 'addresses', resource: 'current_company_users' } },
        },
      },
    });
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    addressId = data.id;
    expect(data).toEqual({
      type: 'addresses',
      id: addressId,
      attributes: {
        id: Number(addressId),
        is_primary: true,
        address_detail: 'Rua Augusta 1',
        city: 'Lisboa',
        postcode: '1100-048',
        region: 'Lisboa',
        name: 'Sede',
        for_discharge: true,
        for_charge: true,
      },
      relationships: { country: { data: { type: 'countries', id: ptId } }, customer: { data: { type: 'customers', id: customerId } } },
    });
    const customer = (await api(t.live, 'GET', `/customers/${customerId}`)).json().data;
    expect(customer.relationships.main_address).toEqual({ data: { type: 'addresses', id: addressId } });
  });

  it('PATCH /addresses with the documented payload (id in the body, country PT-AC by relationship)', async () => {
    const countries = (await api(t.live, 'GET', '/countries?filter[iso_alpha_2]=PT-AC')).json().data;
    expect(countries).toEqual([
      {
        type: 'countries',
        id: '3',
        attributes: {
          id: 3,
          default_name: 'Portugal - Açores',
          iso_alpha_2: 'PT-AC',
          tax_country_region: 'PT-AC',
          name: 'Portugal - Açores',
          name_en: 'Portugal - Azores',
        },
      },
    ]);
    const res = await api(t.live, 'PATCH', '/addresses', {
      data: {
        type: 'addresses',
        id: addressId,
        attributes: { address_detail: 'Test address', city: 'Test city', postcode: '9500-326', region: 'Test region' },
        relationships: { country: { data: { type: 'countries', id: countries[0].id } } },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      id: addressId,
      attributes: {
        address_detail: 'Test address',
        city: 'Test city',
        postcode: '9500-326',
        region: 'Test region',
        name: 'Sede',
        is_primary: true,
      },
      relationships: { country: { data: { type: 'countries', id: '3' } } },
    });
    // The relationships block may be omitted; PATCH /addresses/{id} works too.
    const again = await api(t.live, 'PATCH', `/addresses/${addressId}`, {
      data: { type: 'addresses', attributes: { city: 'Ponta Delgada' } },
    });
    expect(again.json().data.attributes.city).toBe('Ponta Delgada');
    expect((await api(t.live, 'GET', `/addresses/${addressId}`)).json().data.attributes.city).toBe('Ponta Delgada');
  });

  it('a second primary address takes over; postcodes must be DDDD-DDD in Portugal', async () => {
    const second = await api(t.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { is_primary: true, address_detail: 'Av. da Liberdade 10', city: 'Lisboa', postcode: '1250-096' },
        relationships: { customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(second.statusCode).toBe(200);
    const customer = (await api(t.live, 'GET', `/customers/${customerId}`)).json().data;
    expect(customer.relationships.main_address.data.id).toBe(second.json().data.id);
    expect(customer.relationships.addresses.data).toHaveLength(2);

    const bad = await api(t.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { address_detail: 'X', city: 'Lisboa', postcode: '1000-01' },
        relationships: { customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(bad.statusCode).toBe(400);
    // The message states the format the value breaks (it used to say "NNNN-NNN" to a refused "0000-000").
    expect(bad.json().errors).toEqual([
      {
        status: '400',
        code: 'validation_failed',
        title: 'Invalid request',
        detail: 'postcode postal code must be DDDD-DDD (4 digits, a hyphen, 3 digits)',
        source: { pointer: '/data/attributes/postcode' },
      },
    ]);
    const badPatch = await api(t.live, 'PATCH', '/addresses', {
      data: { type: 'addresses', id: addressId, attributes: { postcode: '12345' } },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors[0].source.pointer).toBe('/data/attributes/postcode');
    const noCustomer = await api(t.live, 'POST', '/addresses', {
      data: { type: 'addresses', attributes: { city: 'Lisboa', postcode: '1000-001' } },
    });
    expect(noCustomer.statusCode).toBe(400);
    expect(noCustomer.json().errors[0].source.pointer).toBe('/data/relationships/customer/data/id');
    const badCountry = await api(t.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { city: 'X', postcode: '1000-001' },
        relationships: { country: { data: { type: 'countries', id: '9999' } }, customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(badCountry.statusCode).toBe(400);
    expect(badCountry.json().errors[0].source.pointer).toBe('/data/relationships/country/data/id');
    const noId = await api(t.live, 'PATCH', '/addresses', { data: { type: 'addresses', attributes: { city: 'X' } } });
    expect(noId.statusCode).toBe(400);
    expect(noId.json().errors[0].source.pointer).toBe('/data/id');
  });
});

describe('e-mail addresses', () => {
  it('GET /email_addresses lists them; PATCH /email_addresses with the documented payload changes one', async () => {
    const list = await api(t.live, 'GET', `/email_addresses?filter[customer_id]=${customerId}`);
    expect(list.statusCode).toBe(200);
    const [email] = list.json().data;
    expect(email).toEqual({
      type: 'email_addresses',
      id: email.id,
      attributes: { id: Number(email.id), email: 'faturas@exemplo.pt', is_primary: true },
      relationships: { customer: { data: { type: 'customers', id: customerId } } },
    });
    const res = await api(t.live, 'PATCH', '/email_addresses', {
      data: { type: 'email_addresses', id: email.id, attributes: { email: 'test@gmail.com' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.attributes.email).toBe('test@gmail.com');
    expect((await api(t.live, 'GET', `/customers/${customerId}`)).json().data.attributes.email).toBe('test@gmail.com');

    const added = await api(t.live, 'POST', '/email_addresses', {
      data: {
        type: 'email_addresses',
        attributes: { email: 'outro@exemplo.pt' },
        relationships: { customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().data.attributes).toMatchObject({ email: 'outro@exemplo.pt', is_primary: false });
    const all = (await api(t.live, 'GET', '/email_addresses')).json();
    expect(all.data.map((e: { attributes: { email: string } }) => e.attributes.email)).toEqual(['test@gmail.com', 'outro@exemplo.pt']);

    const bad = await api(t.live, 'PATCH', '/email_addresses', {
      data: { type: 'email_addresses', id: email.id, attributes: { email: 'not-an-email' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ code: 'validation_failed', source: { pointer: '/data/attributes/email' } });
    const missing = await api(t.live, 'PATCH', '/email_addresses', { data: { type: 'email_addresses', id: email.id, attributes: {} } });
    expect(missing.json().errors[0].source.pointer).toBe('/data/attributes/email');
    const dup = await api(t.live, 'PATCH', `/email_addresses/${added.json().data.id}`, {
      data: { type: 'email_addresses', attributes: { email: 'test@gmail.com' } },
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].source.pointer).toBe('/data/attributes/email');
  });
});

describe('countries', () => {
  it("GET /countries?filter[iso_alpha_2]=PT returns Portugal with the product's id; | separates several; no filter lists all", async () => {
    const pt = (await api(t.live, 'GET', '/countries?filter[iso_alpha_2]=PT')).json();
    expect(pt).toEqual({
      data: [
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
      ],
    });
    const several = (await api(t.live, 'GET', '/countries?filter[iso_alpha_2]=PT|PT-MA|ES')).json();
    expect(several.data.map((c: { id: string }) => c.id)).toEqual(['1', '2', '68']);
    expect((await api(t.live, 'GET', '/countries')).json().data).toHaveLength(251);
    expect((await api(t.live, 'GET', '/countries/31')).json().data.attributes.iso_alpha_2).toBe('BR');
    // AD, AE and AF gave their ids to PT, PT-MA and PT-AC and took theirs.
    expect((await api(t.live, 'GET', '/countries/184')).json().data.attributes.iso_alpha_2).toBe('AD');
  });
});

describe('JSON:API errors', () => {
  it('the verbatim document example ("text" placeholders) is refused with one error object per bad attribute', async () => {
    const verbatim = {
      ...attributes,
      tax_registration_number: 'text',
      business_name: 'text',
      contact_name: 'text',
      website: 'text',
      phone_number: 'text',
      mobile_number: 'text',
      email: 'text',
      tax_country_region: 'text',
      country_iso_alpha_2: 'text',
    };
    const res = await api(t.live, 'POST', '/customers', {
      data: { type: 'customers', attributes: verbatim, relationships: docRelationships },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/vnd\.api\+json(;|$)/);
    // Every bad attribute, not only the first stage's: the country (mapping) and the values the
    // domain refuses. The tax number waits for a valid country (it is "any tax id" in some countries).
    expect(res.json().errors).toEqual([
      {
        status: '400',
        code: 'validation_failed',
        title: 'Invalid request',
        detail: 'text is not an ISO 3166-1 alpha-2 country code',
        source: { pointer: '/data/attributes/country_iso_alpha_2' },
      },
      {
        status: '400',
        code: 'validation_failed',
        title: 'Invalid request',
        detail: 'must be PT, PT-AC, PT-MA, UE, NON-UE or an ISO 3166-1 alpha-2 country code',
        source: { pointer: '/data/attributes/tax_country_region' },
      },
      // phone_number / mobile_number "text" are no longer refused: a value that is no phone number is kept as text (issue 20).
      {
        status: '400',
        code: 'validation_failed',
        title: 'Invalid request',
        detail: 'email must have the form local@domain.tld',
        source: { pointer: '/data/attributes/email' },
      },
    ]);
    // With a valid country, the tax number is judged too.
    const inPortugal = await api(t.live, 'POST', '/customers', {
      data: {
        type: 'customers',
        attributes: { ...verbatim, country_iso_alpha_2: 'PT', tax_country_region: 'PT' },
        relationships: docRelationships,
      },
    });
    expect(pointers(inPortugal)).toEqual(['/data/attributes/email', '/data/attributes/tax_registration_number']);
  });

  it('an invalid NIF for a Portuguese customer, bad phones and unknown attributes point at the attribute; nothing is written', async () => {
    const count = async () =>
      (await ctx.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM customers WHERE tenant_id = $1', [t.id])).rows[0].n;
    const before = await count();
    const nif = await api(t.live, 'POST', '/customers', {
      data: { type: 'customers', attributes: { business_name: 'X', tax_registration_number: '501964844' } },
    });
    expect(nif.statusCode).toBe(400);
    expect(nif.json().errors).toEqual([
      {
        status: '400',
        code: 'invalid_document',
        title: 'Invalid request',
        detail: 'tax_registration_number invalid NIF',
        source: { pointer: '/data/attributes/tax_registration_number' },
      },
    ]);
    const phones = await api(t.live, 'POST', '/customers', {
      data: { type: 'customers', attributes: { business_name: 'X', mobile_number: '12', phone_number: '213456789', email: 'xyz' } },
    });
    expect(phones.statusCode).toBe(400);
    // mobile_number '12' is no phone number: kept as text, not refused (issue 20); only the e-mail is.
    expect(
      phones
        .json()
        .errors.map((e: { source: { pointer: string } }) => e.source.pointer)
        .sort(),
    ).toEqual(['/data/attributes/email']);
    const unknown = await api(t.live, 'POST', '/customers', { data: { type: 'customers', attributes: { business_name: 'X', vat: '1' } } });
    expect(unknown.json().errors[0].source.pointer).toBe('/data/attributes/vat');
    const wrongType = await api(t.live, 'POST', '/customers', { data: { type: 'clients', attributes: { business_name: 'X' } } });
    expect(wrongType.json().errors[0].source.pointer).toBe('/data/type');
    const noName = await api(t.live, 'POST', '/customers', {
      data: { type: 'customers', attributes: { tax_registration_number: '123456789' } },
    });
    expect(noName.json().errors[0]).toMatchObject({ detail: 'is required', source: { pointer: '/data/attributes/business_name' } });
    const nested = await api(t.live, 'POST', '/customers', {
      data: { type: 'customers', attributes: { business_name: 'X', data: { a: { b: 1 } } } },
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().errors[0].source.pointer).toBe('/data/attributes/data');
    expect(await count()).toBe(before);
  });

  it('credentials, unknown ids, malformed JSON, text bodies and unknown routes', async () => {
    const anon = await api(null, 'GET', '/customers');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toEqual({ errors: [{ status: '401', code: 'unauthorized', title: 'Unauthorized', detail: expect.any(String) }] });
    const missing = await api(t.live, 'GET', '/customers/99999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().errors[0]).toMatchObject({ status: '404', code: 'not_found' });
    expect((await api(t.live, 'GET', '/customers/abc')).statusCode).toBe(400);
    expect((await api(t.live, 'GET', '/addresses/99999')).statusCode).toBe(404);
    expect((await api(t.live, 'GET', '/email_addresses/99999')).statusCode).toBe(404);
    const badJson = await ctx.call(t.live, 'POST', '/toconline/customers', '{"data":', { 'content-type': JSON_API });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().errors[0].code).toBe('invalid_json');
    const text = await ctx.call(t.live, 'POST', '/toconline/customers', 'hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().errors[0].status).toBe('415');
    const noRoute = await api(t.live, 'GET', '/suppliers');
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json().errors[0].status).toBe('404');
    // vnd.api+json is only accepted under /toconline.
    expect(
      (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'X' }, { 'content-type': JSON_API })).statusCode,
    ).toBe(415);
  });
});

describe('delete', () => {
  it('DELETE /customers/{id} removes a customer for good; one with financial history is refused with 409', async () => {
    const c = (await api(t.live, 'POST', '/customers', { data: { type: 'customers', attributes: { business_name: 'Temporário' } } })).json()
      .data;
    const del = await api(t.live, 'DELETE', `/customers/${c.id}`);
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ meta: { deleted: true, id: Number(c.id) } });
    expect((await api(t.live, 'GET', `/customers/${c.id}`)).statusCode).toBe(404);

    const kept = (
      await api(t.live, 'POST', '/customers', { data: { type: 'customers', attributes: { business_name: 'Com contrato' } } })
    ).json().data;
    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${kept.id}`)).json();
    await ctx.db.query(
      `INSERT INTO contracts (tenant_id, id, number, customer_id, start_date, billing_day, created_at, updated_at) VALUES ($1, $2, 9101, $3, '2026-01-01', 5, $4, $4)`,
      [t.id, uuidv7(), v1.id, ctx.clock.now()],
    );
    const refused = await api(t.live, 'DELETE', `/customers/${kept.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().errors[0]).toMatchObject({ status: '409', code: 'customer_has_history' });
    expect((await api(t.live, 'GET', `/customers/${kept.id}`)).statusCode).toBe(200);
  });
});

describe('isolation', () => {
  it("another tenant's customer, address and e-mail ids are not found; its lists are its own", async () => {
    const mine = (await api(t.live, 'GET', `/customers/${customerId}`)).json().data;
    const addressId = mine.relationships.addresses.data[0].id;
    const emailId = mine.relationships.email_addresses.data[0].id;
    for (const url of [`/customers/${customerId}`, `/addresses/${addressId}`, `/email_addresses/${emailId}`]) {
      expect((await api(other.live, 'GET', url)).statusCode, url).toBe(404);
    }
    const patch = await api(other.live, 'PATCH', '/addresses', {
      data: { type: 'addresses', id: addressId, attributes: { city: 'Hack' } },
    });
    expect(patch.statusCode).toBe(404);
    const attach = await api(other.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { city: 'Lisboa', postcode: '1000-001' },
        relationships: { customer: { data: { type: 'customers', id: customerId } } },
      },
    });
    expect(attach.statusCode).toBe(404);
    expect((await api(other.live, 'GET', '/customers')).json().data).toEqual([]);
    expect((await api(other.live, 'GET', '/email_addresses')).json().data).toEqual([]);
    expect((await api(t.test, 'GET', '/customers')).json().data).toEqual([]);
  });
});

describe('every bad attribute in one response (issue 13)', () => {
  let doc: TestTenant;
  let customer: string;
  beforeAll(async () => {
    doc = await ctx.newTenant();
    customer = (
      await api(doc.live, 'POST', '/customers', {
        data: { type: 'customers', attributes: { business_name: 'Erros Lda', tax_registration_number: '501964843' } },
      })
    ).json().data.id;
  });
  const stored = async (url: string) => (await api(doc.live, 'GET', url)).json().data;

  it('POST and PATCH /customers name the schema, mapping and domain problems together; nothing is written', async () => {
    const attributes = {
      business_name: 'X',
      is_tax_exempt: 'sim', // schema: not a boolean
      vat: '1', // schema: unknown attribute
      country_iso_alpha_2: 'PT-AC',
      tax_country_region: 'PT-MA', // mapping: contradicts the country
      tax_registration_number: '501964844', // domain: bad NIF check digit
      email: 'xyz', // domain
      mobile_number: '12', // kept as text since issue 20, not refused
    };
    const created = await api(doc.live, 'POST', '/customers', { data: { type: 'customers', attributes } });
    expect(created.statusCode).toBe(400);
    const expected = ['is_tax_exempt', 'email', 'tax_country_region', 'tax_registration_number', 'vat']
      .map((a) => `/data/attributes/${a}`)
      .sort();
    expect(pointers(created)).toEqual(expected);
    expect(created.json().errors.every((e: { status: string; code: string }) => e.status === '400' && e.code === 'validation_failed')).toBe(
      true,
    );
    expect((await api(doc.live, 'GET', '/customers')).json().meta.total).toBe(1);

    const before = await stored(`/customers/${customer}`);
    const patched = await api(doc.live, 'PATCH', `/customers/${customer}`, {
      data: { type: 'customers', id: customer, attributes: { ...attributes, business_name: 'Renomeada' } },
    });
    expect(patched.statusCode).toBe(400);
    expect(pointers(patched)).toEqual(expected);
    expect(await stored(`/customers/${customer}`)).toEqual(before);
  });

  it('POST /addresses names the relationships and the attributes together', async () => {
    const res = await api(doc.live, 'POST', '/addresses', {
      data: {
        type: 'addresses',
        attributes: { is_primary: 'sim', postcode: '#1', city: 'Lisboa' },
        relationships: { country: { data: { type: 'countries', id: '9999' } } },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(pointers(res)).toEqual([
      '/data/attributes/is_primary',
      '/data/attributes/postcode',
      '/data/relationships/country/data/id',
      '/data/relationships/customer/data/id',
    ]);
    expect((await stored(`/customers/${customer}`)).relationships.addresses.data).toEqual([]);
  });

  it('PATCH /addresses names the schema and domain problems of a Brazilian address together; nothing changes', async () => {
    const added = (
      await api(doc.live, 'POST', '/addresses', {
        data: {
          type: 'addresses',
          attributes: { address_detail: 'Rua Augusta 1', city: 'Lisboa', postcode: '1100-048' },
          relationships: { customer: { data: { type: 'customers', id: customer } } },
        },
      })
    ).json().data;
    const res = await api(doc.live, 'PATCH', `/addresses/${added.id}`, {
      data: {
        type: 'addresses',
        attributes: { for_charge: 'sim', postcode: 'x', region: 'XX', city: 'Porto Alegre' },
        relationships: { country: { data: { type: 'countries', id: '31' } } },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(pointers(res)).toEqual(['/data/attributes/for_charge', '/data/attributes/postcode', '/data/attributes/region']);
    expect(await stored(`/addresses/${added.id}`)).toEqual(added);
  });

  it('e-mail writes name a missing customer and a bad address together', async () => {
    const res = await api(doc.live, 'POST', '/email_addresses', {
      data: { type: 'email_addresses', attributes: { email: 'not-an-email', is_primary: 'sim' } },
    });
    expect(res.statusCode).toBe(400);
    expect(pointers(res)).toEqual(['/data/attributes/email', '/data/attributes/is_primary', '/data/relationships/customer/data/id']);
  });

  it('a malformed document (no data, a wrong type) is refused at once with every schema problem', async () => {
    const res = await api(doc.live, 'POST', '/customers', { data: { type: 'clients', attributes: { business_name: 5, email: 'xyz' } } });
    expect(res.statusCode).toBe(400);
    expect(pointers(res)).toEqual(['/data/attributes/business_name', '/data/type']);
  });
});

// The document's request examples, verbatim (seed 001), replayed as a client written from the document
// would send them: its annotated payloads without the // comments and the trailing commas they leave,
// its <placeholders> filled with real ids. No request may be refused for a value the document uses;
// only its "text" type placeholders (and a relationship that names no customer) may be.
describe('the document request examples, replayed', () => {
  const POST_CUSTOMERS = `{
  "data": {
    "type": "customers",
    "attributes": {
      "id": 1,
      "tax_registration_number": "text",
      "business_name": "text",
      "contact_name": "text",
      "website": "text",
      "phone_number": "text",
      "mobile_number": "text",
      "email": "text",
      "observations": "text",
      "internal_observations": "text",
      "not_final_customer": true,
      "cashed_vat": true,
      "tax_country_region": "text",
      "country_iso_alpha_2": "text",
      "saft_import_id": 1,
      "is_tax_exempt": true,
      "data": {}
    },
    "relationships": {
      "company": { "data": { "resource": "current_company" } },
      "main_address": { "data": { "table": "addresses", "resource": "addresses" } },
      "main_email_address": { "data": { "table": "email_addresses", "resource": "email_addresses" } },
      "tax_exemption_reason": { "data": { "resource": "tax_exemption_reasons" } },
      "defaults": { "data": { "table": "customer_defaults", "resource": "customers_defaults" } },
      "addresses": { "data": { "table": "addresses", "resource": "addresses" } },
      "email_addresses": { "data": { "table": "email_addresses", "resource": "email_addresses" } }
    }
  }
}`;
  const POST_ADDRESSES = `{
  "data": {
    "type": "addresses",
    "attributes": {
      "id": 1,
      "is_primary": true,
      "address_detail": "text",
      "city": "text",
      "postcode": "text",
      "region": "text",
      "name": "text",
      "for_discharge": true,
      "for_charge": true
    },
    "relationships": {
      "country": { "data": { "resource": "countries" } },
      "company": { "data": { "table": "addresses", "resource": "current_company" } },
      "customer": { "data": { "table": "addresses", "resource": "customers" } },
      "supplier": { "data": { "table": "addresses", "resource": "suppliers" } },
      "user": { "data": { "table": "addresses", "resource": "current_company_users" } }
    }
  }
}`;
  const PATCH_ADDRESSES = `{
  "data": {
    "type": "addresses",                              // [OBRIGATÓRIO]
    "id": "<id da morada principal do cliente>",      // [OBRIGATÓRIO]
    "attributes": {
      "address_detail": "Test address",               // [OPCIONAL]
      "city": "Test city",                            // [OPCIONAL]
      "postcode": "0000-000",                         // [OPCIONAL] Se o país for Portugal, deve obedecer ao formato português, DDDD-DDD
      "region": "Test region"                         // [OPCIONAL]
    },
    "relationships": {                                // [OPCIONAL] Recursos associados à morada. Caso nenhum seja indicado, este bloco "relationships" deve ser omitido
      "country": {                                    // [OPCIONAL] Por omissão, a morada fica associada ao país "PT"
        "data": {
          "type": "countries",                        // [OBRIGATÓRIO]
          "id": "<id do país>"                        // [OBRIGATÓRIO] Vd. NOTA 1
        }
      }
    }
  }
}`;
  const PATCH_EMAIL_ADDRESSES = `{
  "data": {
    "type": "email_addresses",                        // [OBRIGATÓRIO]
    "id": "<id do endereço de email do cliente>",     // [OBRIGATÓRIO]
    "attributes": {
      "email": "test@gmail.com",                      // [OBRIGATÓRIO]
    }
  }
}`;

  const parseExample = (text: string, ids: Record<string, string> = {}) => {
    let filled = text;
    for (const [placeholder, id] of Object.entries(ids)) filled = filled.replace(placeholder, id);
    return JSON.parse(filled.replace(/\/\/[^\n]*/g, '').replace(/,(\s*[}\]])/g, '$1'));
  };
  /** Pointers of the attributes whose example value is the "text" type placeholder. */
  const placeholders = (body: { data: { attributes: Record<string, unknown> } }) =>
    Object.entries(body.data.attributes)
      .filter(([, v]) => v === 'text')
      .map(([k]) => `/data/attributes/${k}`);

  let doc: TestTenant;
  let customer: string;
  beforeAll(async () => {
    doc = await ctx.newTenant();
  });

  it('POST /customers: only "text" placeholders are refused, each named; as PATCH (plus data.id) the same', async () => {
    const body = parseExample(POST_CUSTOMERS);
    const res = await api(doc.live, 'POST', '/customers', body);
    expect(res.statusCode).toBe(400);
    const refused = pointers(res);
    expect(refused.length).toBeGreaterThan(1);
    expect(placeholders(body)).toEqual(expect.arrayContaining(refused));
    // Placeholders that are valid strings (a name, a contact, a website, observations) pass.
    expect(refused).not.toContain('/data/attributes/business_name');
    customer = (await api(doc.live, 'POST', '/customers', { ...body, data: { ...body.data, attributes: attributes } })).json().data.id;
    expect(customer).toBeDefined();
    const patch = await api(doc.live, 'PATCH', `/customers/${customer}`, { data: { ...body.data, id: customer } });
    expect(patch.statusCode).toBe(400);
    expect(placeholders(body)).toEqual(expect.arrayContaining(pointers(patch)));
    const patchReal = await api(doc.live, 'PATCH', `/customers/${customer}`, {
      data: { ...body.data, id: customer, attributes: { ...attributes, contact_name: 'Outro contacto' } },
    });
    expect(patchReal.statusCode).toBe(200);
  });

  it('POST /addresses: only the "text" postcode and the customer placeholder are refused; with a customer it is saved', async () => {
    const body = parseExample(POST_ADDRESSES);
    const res = await api(doc.live, 'POST', '/addresses', body);
    expect(res.statusCode).toBe(400);
    expect(pointers(res)).toEqual(['/data/attributes/postcode', '/data/relationships/customer/data/id']);
    // A client fills the customer in and a postcode of the documented format (the document's own, 0000-000).
    body.data.relationships.customer.data.id = customer;
    body.data.attributes.postcode = '0000-000';
    const saved = await api(doc.live, 'POST', '/addresses', body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().data.attributes).toMatchObject({
      address_detail: 'text',
      city: 'text',
      postcode: '0000-000',
      region: 'text',
      name: 'text',
      is_primary: true,
      for_charge: true,
      for_discharge: true,
    });
  });

  it('PATCH /addresses: the documented payload, as written (postcode 0000-000), is accepted', async () => {
    const main = (await api(doc.live, 'GET', `/customers/${customer}`)).json().data.relationships.main_address.data.id;
    const pt = (await api(doc.live, 'GET', '/countries?filter[iso_alpha_2]=PT')).json().data[0].id;
    const body = parseExample(PATCH_ADDRESSES, { '<id da morada principal do cliente>': main, '<id do país>': pt });
    const res = await api(doc.live, 'PATCH', '/addresses', body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({
      id: main,
      attributes: { address_detail: 'Test address', city: 'Test city', postcode: '0000-000', region: 'Test region' },
      relationships: { country: { data: { type: 'countries', id: pt } } },
    });
    // The same address through the canonical API: the same postcode.
    expect((await ctx.call(doc.live, 'GET', `/v1/customers/${customer}`)).json().addresses[0]).toMatchObject({
      postal_code: '0000-000',
      country: 'PT',
    });
  });

  it('PATCH /email_addresses: the documented payload is accepted', async () => {
    const email = (await api(doc.live, 'GET', `/customers/${customer}`)).json().data.relationships.main_email_address.data.id;
    const res = await api(
      doc.live,
      'PATCH',
      '/email_addresses',
      parseExample(PATCH_EMAIL_ADDRESSES, { '<id do endereço de email do cliente>': email }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.attributes.email).toBe('test@gmail.com');
  });
});
