// Behind a reverse proxy that terminates TLS (docs/operations.md): with COBRE_TRUST_PROXY naming
// the proxy, the client's address comes from X-Forwarded-For (sessions, rate limits) and the
// session cookie is Secure when the proxy says https; without it, those headers are ignored.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app.ts';
import { loadConfig } from '../../src/platform/config.ts';

const contexts: TestContext[] = [];
afterAll(() => Promise.all(contexts.map((c) => c.close())));

async function loginThroughProxy(trustProxy: false | string): Promise<{ ip: string | null; cookie: string }> {
  const ctx = await createTestContext({ config: { trustProxy } });
  contexts.push(ctx);
  const t = await ctx.newTenant();
  const email = `proxy-${Math.random().toString(36).slice(2)}@example.com`;
  expect((await ctx.call(t.live, 'POST', '/v1/users', { email, password: 'senha-forte-123', role: 'admin', name: 'Ana' })).statusCode).toBe(
    201,
  );
  const login = await ctx.app.inject({
    method: 'POST',
    url: '/v1/session',
    remoteAddress: '10.0.0.2',
    headers: { 'x-cobre-csrf': '1', 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' },
    payload: { email, password: 'senha-forte-123' },
  });
  expect(login.statusCode, login.body).toBe(200);
  const { rows } = await ctx.db.query<{ ip: string | null }>(
    'SELECT s.ip FROM user_sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id WHERE u.email = $1',
    [email],
  );
  return { ip: rows[0].ip, cookie: String(login.headers['set-cookie']) };
}

describe('a reverse proxy in front', () => {
  it('is trusted only when named: client address and https come from its headers', async () => {
    const trusted = await loginThroughProxy('10.0.0.0/8');
    expect(trusted.ip).toBe('203.0.113.7');
    expect(trusted.cookie).toMatch(/;\s*Secure/i);
    const untrusted = await loginThroughProxy(false);
    expect(untrusted.ip).toBe('10.0.0.2');
    expect(untrusted.cookie).not.toMatch(/;\s*Secure/i);
  });

  it('reads COBRE_TRUST_PROXY as true, a hop count, or addresses, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ COBRE_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ COBRE_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ COBRE_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1, 10.0.0.0/8');
    expect(() => loadConfig({ COBRE_TRUST_PROXY: 'qualquer um' })).toThrow(/COBRE_TRUST_PROXY must be/);
  });
});
