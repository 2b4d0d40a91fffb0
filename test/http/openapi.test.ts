// /openapi.json documents every status an operation can answer, in the error format the operation
// really uses (issue 13): walks every operation and checks it against its kind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';
import { errorShapeOf, operations, paramValue, responseValidator, urlFor, type Operation, type Schema } from './openapi-walk.ts';

let ctx: TestContext;
let t: TestTenant;
let ops: Operation[];

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  ops = operations((await ctx.call(null, 'GET', '/openapi.json')).json());
});
afterAll(() => ctx.close());

/** What every error status of an operation must look like, by the format of its prefix. */
const SHAPES: Record<ReturnType<typeof errorShapeOf>, (s: Schema) => boolean> = {
  canonical: (s) => s.properties?.error?.type === 'object' && !!s.properties.error.properties?.request_id,
  toconline: (s) => s.properties?.errors?.type === 'array',
  modulo12: (s) => !!s.properties?.status && !!s.properties?.code && !!s.properties?.details,
  dezwork: (s) => !!s.properties?.errorCode && !!s.properties?.errorMessage,
  crm: (s) => !!s.properties?.erro && !!s.properties?.erros,
  oauth: (s) => s.properties?.error?.type === 'string' && !!s.properties?.error_description,
};

/** The error statuses an operation of this kind can answer. */
function expectedStatuses(op: Operation): number[] {
  const out = [400, 500];
  if (op.authenticated) out.push(401);
  if (op.authenticated && !['GET', 'HEAD'].includes(op.method)) out.push(403); // a session cookie without X-Cobre-CSRF
  if (op.pathParams.length) out.push(404);
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(op.method)) out.push(413, 415);
  return out;
}

describe('/openapi.json documents the errors of every operation', () => {
  it('each operation documents the error statuses of its kind, in the error format of its prefix', () => {
    expect(ops.length).toBeGreaterThan(150);
    const missing: string[] = [];
    const wrongShape: string[] = [];
    const notJson: string[] = []; // errors are the JSON envelope even where the answer is a file (xlsx, csv)
    for (const op of ops) {
      const responses: Record<string, Schema> = op.op.responses ?? {};
      for (const status of expectedStatuses(op)) if (!responses[status]) missing.push(`${op.method} ${op.path} ${status}`);
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        if (Object.keys(response.content ?? {}).join() !== 'application/json') notJson.push(`${op.method} ${op.path} ${status}`);
        const schema = Object.values<Schema>(response.content ?? {})[0]?.schema ?? {};
        if (!SHAPES[errorShapeOf(op.path)](schema)) wrongShape.push(`${op.method} ${op.path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
    expect(wrongShape).toEqual([]);
    expect(notJson).toEqual([]);
  });

  it('POST /oauth/token documents its RFC 6749 errors, and they are what it answers', async () => {
    const token = ops.find((op) => op.method === 'POST' && op.path === '/oauth/token')!;
    expect(token.authenticated).toBe(false);
    for (const status of ['400', '401', '413', '415', '500']) {
      expect(token.op.responses[status]?.content?.['application/json']?.schema?.required, status).toEqual(['error', 'error_description']);
    }
    const check = responseValidator();
    const badRequest = await ctx.call(null, 'POST', '/oauth/token', { client_id: t.liveKeyId, client_secret: t.live });
    expect(badRequest.statusCode).toBe(400);
    expect(badRequest.json()).toEqual({ error: 'invalid_request', error_description: 'grant_type is required' });
    expect(check(token, 400, badRequest.json())).toBeNull();
    const unsupported = await ctx.call(null, 'POST', '/oauth/token', { grant_type: 'password' });
    expect(unsupported.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect(check(token, unsupported.statusCode, unsupported.json())).toBeNull();
    const badClient = await ctx.call(null, 'POST', '/oauth/token', {
      grant_type: 'client_credentials',
      client_id: t.liveKeyId,
      client_secret: 'ck_live_wrong',
    });
    expect(badClient.statusCode).toBe(401);
    expect(check(token, 401, badClient.json())).toBeNull();
    const unsupportedType = await ctx.call(null, 'POST', '/oauth/token', '<x/>', { 'content-type': 'application/xml' });
    expect(unsupportedType.statusCode).toBe(415);
    expect(check(token, 415, unsupportedType.json())).toBeNull();
  });

  it('the documented 404 and 400 match what operations with path parameters answer', async () => {
    const check = responseValidator();
    const failures: string[] = [];
    for (const op of ops.filter((o) => o.pathParams.length && o.authenticated)) {
      // An id that exists nowhere; one that breaks the parameter's schema where it has one.
      const values = Object.fromEntries(op.pathParams.map((p) => [p.name, encodeURIComponent(paramValue(p, t.id))]));
      const res = await ctx.call(t.live, op.method, urlFor(op, values), ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
      if (res.statusCode >= 500) failures.push(`${op.method} ${op.path} → ${res.statusCode}`);
      else if (res.statusCode >= 400) {
        const mismatch = check(op, res.statusCode, res.json());
        if (mismatch) failures.push(`${op.method} ${op.path}: ${mismatch}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('the document as client generators read it', () => {
  it('every operation has a unique, stable operationId; the document names its server and license', async () => {
    const doc = (await ctx.call(null, 'GET', '/openapi.json')).json();
    const ids: string[] = [];
    const missing: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { operationId?: string }>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (op.operationId) ids.push(op.operationId);
        else missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.every((id) => /^[a-z]+[A-Z0-9][A-Za-z0-9]*$/.test(id))).toBe(true);
    expect(doc.paths['/v1/customers'].get.operationId).toBe('getV1Customers');
    expect(doc.paths['/v1/charges/{id}/boleto'].post.operationId).toBe('postV1ChargesIdBoleto');
    expect(doc.paths['/v1/api-keys/{id}/revoke'].post.operationId).toBe('postV1ApiKeysIdRevoke');
    expect(doc.servers).toEqual([{ url: '/', description: 'This Cobre' }]);
    expect(doc.info.license).toEqual({ name: 'AGPL-3.0-or-later', identifier: 'AGPL-3.0-or-later' });
  });
});
