// Security headers (@fastify/helmet) on every response, API and errors alike; the console keeps
// its own stricter Content-Security-Policy and framing rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(() => ctx.close());

describe('security headers', () => {
  it('an API answer, an error and a dialect answer carry them', async () => {
    for (const res of [
      await ctx.call(t.live, 'GET', '/v1/customers'),
      await ctx.call(null, 'GET', '/v1/customers'),
      await ctx.call(t.live, 'GET', '/toconline/api/countries?filter[iso_alpha_2]=PT'),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
      // JSON needs no CSP; the console and the payer's page set their own.
      expect(res.headers['content-security-policy']).toBeUndefined();
    }
  });

  it('the console keeps its own policy', async () => {
    const res = await ctx.call(null, 'GET', '/clientes');
    if (res.statusCode === 200) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
    } else {
      // Not built in this checkout: the 503 page still carries the headers.
      expect(res.statusCode).toBe(503);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
