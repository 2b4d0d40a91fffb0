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

const newCustomer = (name: string, nif?: string) => ({ data: { type: 'customers', attributes: { business_name: name, ...(nif ? { tax_registration_number: nif } : {}) } } });

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
    expect(() => loadConfig({ COBRE_COMPAT_HOSTS: 'toc.example.pt=quickbooks' })).toThrow(/COBRE_COMPAT_HOSTS must be host=dialect pairs.*toconline, modulo12, crm, dezwork/);
    expect(loadConfig({}).compatHosts).toEqual({});
  });
});
