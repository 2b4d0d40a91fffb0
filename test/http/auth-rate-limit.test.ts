// The per-IP burst limit on login and the password-reset routes (@fastify/rate-limit on the injected
// clock, src/users/rate-limit.ts): beyond COBRE_AUTH_RATE_LIMIT requests a window, 429 rate_limited in
// the canonical envelope with Retry-After; each route and each address counts on its own; other
// routes are not limited; the window ends on the app's clock. Small limits are configured here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestContext, type TestContext } from '../support/app.ts';

const LIMIT = 3;
const WINDOW_SECONDS = 30;
const CSRF = { 'x-cobre-csrf': '1' };
let t: TestContext;

const login = (ip: string, n: number) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/session',
    payload: { email: `ninguem-${n}@example.com`, password: 'errada-123' },
    headers: CSRF,
    remoteAddress: ip,
  });
const resetRequest = (ip: string, n: number) =>
  t.app.inject({ method: 'POST', url: '/v1/password-reset', payload: { email: `alguem-${n}@example.com` }, remoteAddress: ip });

function expectLimited(res: LightMyRequestResponse, retryAfter: number) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.headers['retry-after']).toBe(String(retryAfter));
  const { error } = res.json();
  expect(error).toMatchObject({
    code: 'rate_limited',
    details: [],
    retry_after_seconds: retryAfter,
    request_id: res.headers['x-request-id'],
  });
  expect(error.message).toMatch(/Muitas requisições deste endereço de rede/);
}

beforeAll(async () => {
  t = await createTestContext({ config: { authRateLimit: LIMIT, authRateLimitWindowSeconds: WINDOW_SECONDS } });
});
afterAll(() => t.close());

describe('burst limit on login and password reset', () => {
  it('refuses the request beyond the limit with 429 rate_limited and Retry-After; other addresses and routes go on', async () => {
    const ip = '10.20.0.1';
    for (let i = 0; i < LIMIT; i++) expect((await login(ip, i)).statusCode).toBe(401);
    // A failure for an unknown e-mail is 401 until the limit; the next one is not even read.
    expectLimited(await login(ip, 99), WINDOW_SECONDS);
    t.clock.advance(10_000);
    expectLimited(await login(ip, 100), WINDOW_SECONDS - 10);

    // Another address has a budget of its own.
    expect((await login('10.20.0.2', 1)).statusCode).toBe(401);
    // The other limited routes count on their own, and unlimited routes are not touched.
    expect((await resetRequest(ip, 1)).statusCode).toBe(202);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/v1/password-reset/confirm',
      payload: { token: 'x'.repeat(43), password: 'nova-senha-123' },
      remoteAddress: ip,
    });
    expect(confirm.statusCode, confirm.body).toBe(400);
    for (let i = 0; i < LIMIT + 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/password-reset', remoteAddress: ip });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    expect((await t.app.inject({ method: 'GET', url: '/healthz', remoteAddress: ip })).statusCode).toBe(200);
  });

  it('limits the password-reset request and its confirmation the same way', async () => {
    const ip = '10.20.1.1';
    for (let i = 0; i < LIMIT; i++) expect((await resetRequest(ip, i)).statusCode).toBe(202);
    expectLimited(await resetRequest(ip, 99), WINDOW_SECONDS);
    const confirm = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/password-reset/confirm',
        payload: { token: `token-invalido-${i}`.padEnd(43, 'x'), password: 'nova-senha-123' },
        remoteAddress: ip,
      });
    for (let i = 0; i < LIMIT; i++) expect((await confirm(i)).statusCode).toBe(400);
    expectLimited(await confirm(99), WINDOW_SECONDS);
  });

  it('lets the address in again once the window is over on the app clock', async () => {
    const ip = '10.20.2.1';
    for (let i = 0; i < LIMIT; i++) await login(ip, i);
    expectLimited(await login(ip, 99), WINDOW_SECONDS);
    t.clock.advance(WINDOW_SECONDS * 1000 - 1);
    expectLimited(await login(ip, 100), 1);
    t.clock.advance(1);
    expect((await login(ip, 101)).statusCode).toBe(401);
  });
});
