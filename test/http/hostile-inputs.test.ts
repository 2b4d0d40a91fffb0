// Findings of the outside hostile-input review (issue 13): NUL characters, authentication before
// validation, every error in the envelope, empty bodies with a JSON content type.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant } from '../support/app.ts';
import {
  errorShapeOf,
  fieldName,
  operations,
  paramValue,
  responseValidator,
  sample,
  stringPaths,
  urlFor,
  withValueAt,
  type Operation,
  type Schema,
} from './openapi-walk.ts';

const NUL = 'a\u0000b';
const NUL_ISSUE = 'must not contain the NUL character (U+0000)';
const DEZWORK_CLIENT = {
  type: 'PF',
  name: 'Cliente Dezwork',
  phone: '54 999999999',
  birthDate: '1995-02-06',
  mail: 'dev@example.com',
  gender: 1,
  addresses: [
    {
      street: 'Rua João Pessoa',
      number: '17',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postcode: '95720000',
      type: 1,
      active: true,
    },
  ],
};
const JSON_API = 'application/vnd.api+json';

let ctx: TestContext;
let t: TestTenant;
let ops: Operation[];
const documented = responseValidator();

beforeAll(async () => {
  // The current time: console sessions are checked against it (a fixed date in the past would expire them).
  ctx = await createTestContext({ config: { bodyLimitBytes: 64 * 1024 }, now: new Date().toISOString() });
  t = await ctx.newTenant();
  ops = operations((await ctx.call(null, 'GET', '/openapi.json')).json());
});
afterAll(() => ctx.close());

const baseParams = (op: Operation) => Object.fromEntries(op.pathParams.map((p) => [p.name, encodeURIComponent(paramValue(p, t.id))]));

/** The one error message of a body in any of the five formats (and OAuth's). */
function errorCodeOf(body: Schema): string | undefined {
  return (
    body.error?.code ??
    body.code ??
    body.erro ??
    body.errors?.[0]?.code ??
    body.errorCode ??
    (typeof body.error === 'string' ? body.error : undefined)
  );
}

describe('NUL characters (U+0000) are refused with a 400 naming the field, never a 500', () => {
  it('in a body field, in every dialect format', async () => {
    const v1 = await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: NUL });
    expect(v1.statusCode).toBe(400);
    expect(v1.json().error).toMatchObject({ code: 'validation_failed', details: [{ field: 'name', issue: NUL_ISSUE }] });
    expect(v1.json().error.message).toContain('name must not contain the NUL character (U+0000)');

    const m12 = await ctx.call(t.live, 'POST', `/modulo12/v1/partner/${t.id}/customer`, { name: NUL, cpf: cpfFrom(11) });
    expect(m12.statusCode).toBe(400);
    expect(m12.json()).toMatchObject({ status: 400, code: 'validation_failed', details: [{ field: 'name', issue: NUL_ISSUE }] });

    const toc = await ctx.call(
      t.live,
      'POST',
      '/toconline/customers',
      { data: { type: 'customers', attributes: { business_name: NUL } } },
      { 'content-type': JSON_API },
    );
    expect(toc.statusCode).toBe(400);
    expect(toc.headers['content-type']).toBe(JSON_API);
    expect(toc.json().errors).toEqual([
      expect.objectContaining({ status: '400', code: 'validation_failed', source: { pointer: '/data/attributes/business_name' } }),
    ]);
    expect(toc.json().errors[0].detail).toContain(NUL_ISSUE);

    const dez = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...DEZWORK_CLIENT, name: NUL, document: cpfFrom(12) });
    expect(dez.statusCode).toBe(400);
    expect(dez.json()).toEqual({ success: false, errorCode: 'EPI', errorMessage: `Parâmetro [name] inválido: ${NUL_ISSUE}` });

    const crm = await ctx.call(t.live, 'POST', '/crm/desconto-pontualidade', [{ descricao: 'ok' }, { descricao: NUL }]);
    expect(crm.statusCode).toBe(400);
    expect(crm.json()).toMatchObject({ status: 400, erro: 'validation_failed', erros: [{ campo: '[1].descricao', mensagem: NUL_ISSUE }] });

    // Keys too, and nothing was written.
    const key = await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Ana', metadata: { 'k\u0000': 'v' } });
    expect(key.statusCode).toBe(400);
    expect(key.json().error.details).toEqual([{ field: 'metadata.k\\u0000', issue: NUL_ISSUE }]);
    expect((await ctx.call(t.live, 'GET', '/v1/customers?include_total=true')).json().total).toBe(0);
  });

  it('in the path, the query string, a header and a form body', async () => {
    const path = await ctx.call(t.live, 'GET', '/v1/customers/by-external-code/a%00b');
    expect(path.statusCode).toBe(400);
    expect(path.json().error.details).toEqual([{ field: 'params.code', issue: NUL_ISSUE }]);

    const query = await ctx.call(t.live, 'GET', '/v1/customers?name=a%00b');
    expect(query.statusCode).toBe(400);
    expect(query.json().error.details).toEqual([{ field: 'querystring.name', issue: NUL_ISSUE }]);

    const tocQuery = await ctx.call(t.live, 'GET', '/toconline/customers?filter%5Bbusiness_name%5D=a%00b');
    expect(tocQuery.statusCode).toBe(400);
    expect(tocQuery.json().errors[0]).toMatchObject({ code: 'validation_failed', source: { parameter: 'filter[business_name]' } });

    const crmQuery = await ctx.call(t.live, 'DELETE', '/crm/desconto-pontualidade?codigoExterno=a%00b');
    expect(crmQuery.statusCode).toBe(400);
    expect(crmQuery.json()).toMatchObject({
      erro: 'validation_failed',
      erros: [{ campo: 'querystring.codigoExterno', mensagem: NUL_ISSUE }],
    });

    const header = await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Ana' }, { 'idempotency-key': NUL });
    expect(header.statusCode).toBe(400);
    expect(header.json().error.details).toEqual([{ field: 'headers.idempotency-key', issue: NUL_ISSUE }]);

    const form = await ctx.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${t.liveKeyId}&client_secret=a%00b`,
    });
    expect(form.statusCode).toBe(400);
    expect(form.json()).toEqual({
      error: 'invalid_request',
      error_description: expect.stringContaining('client_secret must not contain the NUL character'),
    });
  });

  it('no route answers 5xx to a NUL in any string it carries (every operation of /openapi.json, and the hidden ones)', async () => {
    const failures: string[] = [];
    let requests = 0;
    const check = async (op: Operation | null, what: string, url: string, body?: unknown, expectField?: string) => {
      requests++;
      const label = `${op?.method ?? 'GET'} ${url} [${what}]`;
      const res = await ctx
        .call(t.live, op?.method ?? 'GET', url, body === undefined ? undefined : JSON.stringify(body))
        .catch((err: Error) => err);
      if (res instanceof Error) return failures.push(`${label} → no response: ${res.message}`);
      if (res.statusCode >= 500) return failures.push(`${label} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (!op) return;
      // The partner check (403) comes before validation when the partner id itself carries the NUL.
      const expected = what === 'path partnerId' ? 403 : 400;
      if (res.statusCode !== expected)
        return failures.push(`${label} → ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 200)}`);
      const mismatch = documented(op, res.statusCode, res.json());
      if (mismatch) return failures.push(`${label}: ${mismatch}`);
      if (expectField && errorShapeOf(op.path) === 'canonical') {
        const details = res.json().error.details as { field: string; issue: string }[];
        if (!details.some((d) => d.field === expectField && d.issue === NUL_ISSUE))
          failures.push(`${label}: details do not name ${expectField}: ${JSON.stringify(details)}`);
      }
    };

    for (const op of ops) {
      const base = baseParams(op);
      for (const p of op.pathParams)
        await check(op, `path ${p.name}`, urlFor(op, { ...base, [p.name]: 'a%00b' }), undefined, `params.${p.name}`);
      for (const q of op.queryParams)
        await check(op, `query ${q.name}`, `${urlFor(op, base)}?${encodeURIComponent(q.name)}=a%00b`, undefined, `querystring.${q.name}`);
      if (op.jsonBody && op.jsonBody.format !== 'binary') {
        const body = sample(op.jsonBody);
        for (const at of stringPaths(body))
          await check(op, `body ${fieldName(at) || '(body)'}`, urlFor(op, base), withValueAt(body, at, NUL), fieldName(at) || '(body)');
      } else if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method)) {
        // No JSON body documented: a JSON body sent anyway is still checked.
        await check(op, 'undocumented body', urlFor(op, base), { nul: NUL }, 'nul');
      }
    }
    for (const url of [
      '/a%00b',
      '/docs/a%00b',
      '/openapi.json?x=a%00b',
      '/healthz?x=a%00b',
      '/toconline/a%00b',
      '/modulo12/a%00b',
      '/dezwork/a%00b',
      '/crm/a%00b',
      '/v1/a%00b',
    ]) {
      await check(null, 'hidden', url);
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
  });
});

describe('authentication comes before the body is read or validated', () => {
  it('every authenticated operation answers 401 without credentials, whatever the body, in its documented format', async () => {
    const failures: string[] = [];
    const authenticated = ops.filter((op) => op.authenticated);
    expect(authenticated.length).toBeGreaterThan(150);
    for (const op of authenticated) {
      const url = urlFor(op, baseParams(op));
      const res = await ctx.app.inject({
        method: op.method as 'GET',
        url,
        headers: { 'content-type': 'application/json' },
        payload: op.method === 'GET' ? undefined : '{"not json',
      });
      if (res.statusCode !== 401) {
        failures.push(`${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        continue;
      }
      const mismatch = documented(op, 401, res.json());
      if (mismatch) failures.push(`${op.method} ${url}: ${mismatch}`);
      if (res.headers['www-authenticate'] !== 'Bearer') failures.push(`${op.method} ${url}: no WWW-Authenticate`);
    }
    expect(failures).toEqual([]);
  });

  it('an invalid body, a malformed one and one over the size limit get 401, not 400 or 413: the body is never read', async () => {
    const invalid = await ctx.call(null, 'POST', '/v1/customers', { person_type: 'XX', unknown: 1 });
    expect(invalid.statusCode).toBe(401);
    expect(invalid.json().error).toMatchObject({ code: 'unauthorized', details: [] });

    const huge = JSON.stringify({ name: 'x'.repeat(200 * 1024) });
    for (const [url, type] of [
      ['/v1/customers', 'application/json'],
      ['/toconline/customers', JSON_API],
      ['/dezwork/v1/clientes', 'application/json'],
      ['/crm/desconto-pontualidade', 'application/json'],
      [`/modulo12/v1/partner/${t.id}/customer`, 'application/json'],
    ]) {
      const tooLarge = await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload: huge });
      expect(tooLarge.statusCode, url).toBe(401);
      expect(errorCodeOf(tooLarge.json()), url).toMatch(/unauthorized|EAU/);
      const malformed = await ctx.app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload: '{' });
      expect(malformed.statusCode, url).toBe(401);
    }
    // A key of another partner: 403 before the body is looked at.
    const other = await ctx.newTenant();
    const foreign = await ctx.app.inject({
      method: 'POST',
      url: `/modulo12/v1/partner/${other.id}/customer`,
      headers: { authorization: `Bearer ${t.live}`, 'content-type': 'application/json' },
      payload: '{',
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('console sessions (cookie + X-Cobre-CSRF) and public routes keep working', async () => {
    const email = `admin-${Date.now()}@example.com`;
    const created = await ctx.call(t.live, 'POST', '/v1/users', { email, password: 'senha-forte-123', role: 'admin', name: 'Ana' });
    expect(created.statusCode).toBe(201);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/v1/session',
      headers: { 'x-cobre-csrf': '1' },
      payload: { email, password: 'senha-forte-123' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0];

    expect((await ctx.app.inject({ method: 'GET', url: '/v1/customers', headers: { cookie } })).statusCode).toBe(200);
    const write = await ctx.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { cookie, 'x-cobre-csrf': '1' },
      payload: { person_type: 'PF', name: 'Pela Sessão' },
    });
    expect(write.statusCode).toBe(201);
    const noCsrf = await ctx.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{',
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.details).toEqual([{ field: 'X-Cobre-CSRF', issue: 'is required on every request that is not a GET' }]);

    expect((await ctx.call(null, 'GET', '/healthz')).statusCode).toBe(200);
    expect((await ctx.call(null, 'GET', '/openapi.json')).statusCode).toBe(200);
    const token = await ctx.call(null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: t.liveKeyId,
      client_secret: t.live,
    });
    expect(token.statusCode).toBe(200);
    // RFC 6749 §3.2: unknown parameters are ignored; a request without credentials is still refused.
    const badToken = await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'client_credentials', unknown: 1 });
    expect(badToken.statusCode).toBe(401);
    expect(badToken.json()).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });
    const tooLong = await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'client_credentials', code: 'x'.repeat(300) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toEqual({ error: 'invalid_request', error_description: expect.stringContaining('code') });
  });
});

describe('every error comes in the envelope, in the dialect of its prefix', () => {
  const shapes: [string, string, (body: Schema) => unknown][] = [
    ['/v1', 'canonical', (b) => b.error.code],
    ['/toconline', 'toconline', (b) => b.errors[0].code],
    ['/modulo12', 'modulo12', (b) => b.code],
    ['/dezwork', 'dezwork', (b) => b.errorCode],
    ['/crm', 'crm', (b) => b.erro],
  ];

  it('404: unknown paths and methods', async () => {
    for (const [prefix, , codeOf] of shapes) {
      for (const method of ['GET', 'POST', 'OPTIONS']) {
        const res = await ctx.call(t.live, method, `${prefix}/no-such-thing`);
        expect(res.statusCode, `${method} ${prefix}`).toBe(404);
        expect(codeOf(res.json()), `${method} ${prefix}`).toMatch(/not_found|ENF/);
      }
    }
    const root = await ctx.call(null, 'DELETE', '/no-such-thing');
    expect(root.statusCode).toBe(404);
    expect(root.json().error).toMatchObject({ code: 'not_found', request_id: root.headers['x-request-id'] });
    expect((await ctx.call(t.live, 'OPTIONS', '/toconline/no-such-thing')).headers['content-type']).toBe(JSON_API);
    expect((await ctx.call(t.live, 'GET', '/toconline/customers/%E0%A4%A')).headers['content-type']).toBe(JSON_API);
  });

  it('400 for a malformed percent-encoding in the path, before any route is matched', async () => {
    const urls: [string, (body: Schema) => unknown][] = [
      ['/v1/customers/%E0%A4%A', (b) => b.error.code],
      ['/toconline/customers/%E0%A4%A', (b) => b.errors[0].code],
      [`/modulo12/v1/partner/%E0%A4%A`, (b) => b.code],
      ['/dezwork/v1/clientes/%E0%A4%A', (b) => b.errorCode],
      ['/crm/%E0%A4%A', (b) => b.erro],
    ];
    for (const [url, codeOf] of urls) {
      const res = await ctx.call(t.live, 'GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.body, url).not.toContain('FST_ERR');
      expect(codeOf(res.json()), url).toMatch(/invalid_url|ERQ/);
      expect(res.headers['x-request-id'], url).toBeTruthy();
    }
  });

  it('path segments: over 100 characters reach validation (a 400 naming the parameter); over the router limit, a 414 in the envelope', async () => {
    const long = 'a'.repeat(101);
    const v1 = await ctx.call(t.live, 'GET', `/v1/contracts/${long}`);
    expect(v1.statusCode).toBe(400);
    expect(v1.json().error.details).toEqual([{ field: 'params.id', issue: 'must NOT have more than 64 characters' }]);
    const toc = await ctx.call(t.live, 'GET', `/toconline/customers/${long}`);
    expect(toc.statusCode).toBe(400);
    expect(toc.json().errors[0]).toMatchObject({ code: 'validation_failed', status: '400' });

    // Over the router's limit the route cannot match: a 414 where no catch-all route takes the
    // path, else the catch-all's 404 (the console's GET /*, each dialect's /<prefix>/*).
    const huge = 'a'.repeat(5000);
    const tooLong = await ctx.call(t.live, 'DELETE', `/v1/customers/${huge}`);
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.json()).toEqual({
      error: {
        code: 'uri_too_long',
        message: 'A path segment of the URL is too long',
        details: [],
        request_id: tooLong.headers['x-request-id'],
      },
    });
    const cases: [string, (b: Schema) => unknown][] = [
      [`/v1/customers/${huge}`, (b) => b.error.code],
      [`/toconline/customers/${huge}`, (b) => b.errors[0].code],
      [`/modulo12/v1/partner/${huge}`, (b) => b.code],
      [`/dezwork/v1/clientes/${huge}`, (b) => b.errorCode],
    ];
    for (const method of ['GET', 'POST', 'DELETE']) {
      for (const [url, codeOf] of cases) {
        const res = await ctx.call(t.live, method, url);
        expect(res.body, `${method} ${url.slice(0, 30)}`).not.toContain('FST_ERR');
        expect(`${res.statusCode} ${codeOf(res.json())}`, `${method} ${url.slice(0, 30)}`).toMatch(
          /^(414 uri_too_long|404 not_found|404 ENF)$/,
        );
      }
    }
  });

  it('413, 415 and malformed JSON, in each format', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(200 * 1024) });
    const cases: [string, string, (b: Schema) => unknown][] = [
      ['/v1/customers', 'application/json', (b) => b.error.code],
      ['/toconline/customers', JSON_API, (b) => b.errors[0].code],
      [`/modulo12/v1/partner/${t.id}/customer`, 'application/json', (b) => b.code],
      ['/dezwork/v1/clientes', 'application/json', (b) => b.errorCode],
      ['/crm/desconto-pontualidade', 'application/json', (b) => b.erro],
    ];
    for (const [url, type, codeOf] of cases) {
      const send = (payload: string, contentType: string) =>
        ctx.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${t.live}`, 'content-type': contentType }, payload });
      const tooLarge = await send(huge, type);
      expect(tooLarge.statusCode, url).toBe(413);
      expect(codeOf(tooLarge.json()), url).toMatch(/payload_too_large|ERQ/);
      const xml = await send('<a/>', 'application/xml');
      expect(xml.statusCode, url).toBe(415);
      expect(codeOf(xml.json()), url).toMatch(/unsupported_media_type|ERQ/);
      const malformed = await send('{"a":', type);
      expect(malformed.statusCode, url).toBe(400);
      expect(codeOf(malformed.json()), url).toMatch(/invalid_json|ERQ/);
      for (const res of [tooLarge, xml, malformed]) expect(res.body).not.toContain('FST_ERR');
    }
  });

  it('a request Node itself refuses (a NUL byte in a header on the wire) still gets the envelope', async () => {
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const raw = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = connect(port, '127.0.0.1', () => socket.write('GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n'));
      socket.on('data', (c) => (data += c));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 /);
    expect(head.toLowerCase()).toContain('content-type: application/json');
    expect(JSON.parse(body)).toEqual({
      error: { code: 'invalid_request', message: 'The HTTP request is malformed', details: [], request_id: expect.any(String) },
    });
  });
});

describe('an empty body with a JSON content type is no body', () => {
  const empty = (method: string, url: string, contentType = 'application/json', key = t.live) =>
    ctx.app.inject({
      method: method as 'DELETE',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'content-length': '0' },
      payload: '',
    });

  it('DELETE in /v1 and every dialect, as TOConline documents it with curl', async () => {
    const tocCreated = await ctx.call(
      t.live,
      'POST',
      '/toconline/customers',
      { data: { type: 'customers', attributes: { business_name: 'Para Apagar' } } },
      { 'content-type': JSON_API },
    );
    expect(tocCreated.statusCode).toBe(200);
    const toc = await empty('DELETE', `/toconline/customers/${tocCreated.json().data.id}`, JSON_API);
    expect(toc.statusCode, toc.body).toBeLessThan(300);

    const v1Created = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Apagar V1' })).json();
    const v1 = await empty('DELETE', `/v1/customers/${v1Created.id}`);
    expect(v1.statusCode, v1.body).toBe(200);

    const dezCreated = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...DEZWORK_CLIENT, document: cpfFrom(31) });
    expect(dezCreated.statusCode).toBe(201);
    const dez = await empty('DELETE', `/dezwork/v1/clientes/${dezCreated.json().data.client.id}`);
    expect(dez.statusCode, dez.body).toBe(200);

    const m12Created = await ctx.call(t.live, 'POST', `/modulo12/v1/partner/${t.id}/customer`, { name: 'Apagar M12', cpf: cpfFrom(32) });
    expect(m12Created.statusCode).toBe(201);
    const m12 = await empty('DELETE', `/modulo12/v1/partner/${t.id}/customer/${m12Created.json().id}`);
    expect(m12.statusCode, m12.body).toBe(200);

    const crmCreated = await ctx.call(t.live, 'POST', '/crm/desconto-pontualidade', [
      { descricao: 'Apagar', percentual: 2, codigo_externo: 'DEL-1' },
    ]);
    expect(crmCreated.statusCode).toBe(200);
    const crm = await empty('DELETE', '/crm/desconto-pontualidade?codigoExterno=DEL-1');
    expect(crm.statusCode, crm.body).toBe(200);
  });

  it('bodiless POST actions and optional action bodies', async () => {
    const c = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PF', name: 'Ação' })).json();
    const deactivate = await empty('POST', `/v1/customers/${c.id}/deactivate`);
    expect(deactivate.statusCode, deactivate.body).toBe(200);
    const activate = await empty('POST', `/v1/customers/${c.id}/activate`);
    expect(activate.statusCode, activate.body).toBe(200);
  });

  it('a route that requires a body still refuses an empty one, naming the body, in each format', async () => {
    const v1 = await empty('POST', '/v1/customers');
    expect(v1.statusCode).toBe(400);
    expect(v1.json().error).toMatchObject({
      code: 'validation_failed',
      details: [{ field: '(body)', issue: 'is required: send a JSON body' }],
    });

    const toc = await empty('POST', '/toconline/customers', JSON_API);
    expect(toc.statusCode).toBe(400);
    expect(toc.json().errors[0]).toMatchObject({
      code: 'validation_failed',
      source: { pointer: '/data' },
      detail: 'data is required: send a JSON body',
    });

    const m12 = await empty('POST', `/modulo12/v1/partner/${t.id}/customer`);
    expect(m12.statusCode).toBe(400);
    expect(m12.json()).toMatchObject({ code: 'validation_failed', details: [{ issue: 'is required: send a JSON body' }] });

    const dez = await empty('POST', '/dezwork/v1/clientes');
    expect(dez.statusCode).toBe(400);
    expect(dez.json()).toEqual({ success: false, errorCode: 'EPI', errorMessage: 'is required: send a JSON body' });

    const crm = await empty('POST', '/crm/desconto-pontualidade');
    expect(crm.statusCode).toBe(400);
    expect(crm.json()).toMatchObject({
      erro: 'validation_failed',
      erros: [{ campo: '(body)', mensagem: 'is required: send a JSON body' }],
    });
  });
});
