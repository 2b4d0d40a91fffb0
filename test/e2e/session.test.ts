// Console login, sessions, CSRF, roles and users, through the HTTP API (no browser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { hashPassword, verifyPassword } from '../../src/users/passwords.ts';
import { LoginThrottle } from '../../src/users/throttle.ts';
import { operatorMayNot } from '../../src/users/sessions.ts';

let t: TestContext;
let tenant: TestTenant;
const uniq = Math.random().toString(36).slice(2, 8);
const adminEmail = `admin-${uniq}@example.com`;
const opEmail = `op-${uniq}@example.com`;
const CSRF = { 'x-cobre-csrf': '1' };

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = String(res.headers['set-cookie']);
  return raw.split(';')[0];
}

async function login(email: string, password: string, ip = '10.0.0.1') {
  return t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password }, headers: { ...CSRF }, remoteAddress: ip });
}

beforeAll(async () => {
  t = await createTestContext();
  tenant = await t.newTenant();
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), {
      email: adminEmail,
      password: 'senha-forte-1',
      role: 'admin',
      name: 'Ana Admin',
    }),
  );
  await t.db.transaction((tx) =>
    createUser(tx, systemScope(tenant.id, t.clock.now()), { email: opEmail, password: 'senha-forte-2', role: 'operator' }),
  );
});
afterAll(() => t.close());

describe('passwords', () => {
  it('hashes with scrypt and a per-user salt', async () => {
    const a = await hashPassword('segredo123', { N: 1024, r: 8, p: 1 });
    const b = await hashPassword('segredo123', { N: 1024, r: 8, p: 1 });
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('segredo123', a)).toBe(true);
    expect(await verifyPassword('segredo124', a)).toBe(false);
    expect(await verifyPassword('segredo123', 'garbage')).toBe(false);
  });

  it('the throttle locks after the limit and unlocks after the lock time', () => {
    let now = 0;
    const th = new LoginThrottle({ maxFailuresPerEmail: 3, maxFailuresPerIp: 10, windowMs: 1000, lockMs: 5000, now: () => now });
    th.fail('a', 'ip');
    th.fail('a', 'ip');
    expect(th.lockedFor('a', 'ip')).toBeNull();
    th.fail('a', 'ip');
    expect(th.lockedFor('a', 'ip')).toEqual({ kind: 'email', ms: 5000 });
    expect(th.lockedFor('b', 'ip')).toBeNull();
    now = 5001;
    expect(th.lockedFor('a', 'ip')).toBeNull();
  });
});

describe('console session', () => {
  it('a session lasts 12 h on the app clock, and its clean-up reads the same clock', async () => {
    const start = t.clock.now();
    try {
      const res = await login(adminEmail, 'senha-forte-1');
      const cookie = cookieOf(res);
      expect(res.json()).toMatchObject({ expires_at: new Date(start.getTime() + 12 * 3600_000).toISOString(), today: d('2026-11-23') });
      t.clock.advance(12 * 3600_000 - 1000);
      expect((await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } })).statusCode).toBe(200);
      t.clock.advance(2000);
      expect((await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } })).statusCode).toBe(401);
      // A day after it expired, the next login of the company removes it; not before.
      const sessions = async () => (await t.db.query(`SELECT id FROM user_sessions WHERE tenant_id = $1`, [tenant.id])).rows.length;
      const before = await sessions();
      await login(adminEmail, 'senha-forte-1');
      expect(await sessions()).toBe(before + 1);
      t.clock.advance(24 * 3600_000);
      const kept = await sessions();
      await login(adminEmail, 'senha-forte-1');
      expect(await sessions()).toBeLessThan(kept + 1);
    } finally {
      t.clock.set(start);
    }
  });

  it('logs in with an HTTP-only SameSite=Strict cookie, tells who is logged in, logs out', async () => {
    const res = await login(adminEmail.toUpperCase(), 'senha-forte-1');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^cobre_session=[\w-]{40,};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(res.json()).toMatchObject({
      user: { email: adminEmail, role: 'admin', name: 'Ana Admin' },
      mode: 'live',
      account_id: tenant.id,
      tenant_id: tenant.id,
    });
    const cookie = cookieOf(res);
    const me = await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(adminEmail);
    // The session stores only a hash of its id.
    const stored = await t.db.query<{ token_hash: Buffer }>(`SELECT token_hash FROM user_sessions WHERE tenant_id = $1`, [tenant.id]);
    expect(stored.rows.length).toBeGreaterThan(0);
    expect(stored.rows.every((r) => !Buffer.from(r.token_hash).toString().includes(cookie.split('=')[1]))).toBe(true);

    const out = await t.app.inject({ method: 'DELETE', url: '/v1/session', headers: { cookie, ...CSRF } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await t.app.inject({ method: 'GET', url: '/v1/customers', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('needs the CSRF header on login and on every cookie-authenticated write', async () => {
    const noHeader = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { email: adminEmail, password: 'senha-forte-1' } });
    expect(noHeader.statusCode).toBe(403);
    const cookie = cookieOf(await login(adminEmail, 'senha-forte-1'));
    const body = { person_type: 'PF', name: 'Cliente Sessão' };
    const refused = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: body, headers: { cookie } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.details[0].field).toBe('X-Cobre-CSRF');
    const ok = await t.app.inject({ method: 'POST', url: '/v1/customers', payload: body, headers: { cookie, ...CSRF } });
    expect(ok.statusCode).toBe(201);
    // The write is attributed to the user.
    const ev = await t.db.query<{ actor_type: string; actor_id: string }>(
      `SELECT actor_type, actor_id FROM events WHERE tenant_id = $1 AND resource_id = $2`,
      [tenant.id, ok.json().id],
    );
    expect(ev.rows[0].actor_type).toBe('user');
    // Reads need no header; the bearer path is unchanged.
    expect((await t.app.inject({ method: 'GET', url: `/v1/customers/${ok.json().id}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await t.call(tenant.live, 'GET', `/v1/customers/${ok.json().id}`)).statusCode).toBe(200);
  });

  it('switches to the sandbox: test-mode data never mixes with live', async () => {
    const cookie = cookieOf(await login(adminEmail, 'senha-forte-1'));
    const sw = await t.app.inject({ method: 'PATCH', url: '/v1/session', payload: { mode: 'test' }, headers: { cookie, ...CSRF } });
    expect(sw.statusCode).toBe(200);
    expect(sw.json()).toMatchObject({ mode: 'test', tenant_id: tenant.sandboxId });
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/customers',
      payload: { person_type: 'PJ', name: 'Só no sandbox' },
      headers: { cookie, ...CSRF },
    });
    expect(created.statusCode).toBe(201);
    expect((await t.call(tenant.test, 'GET', `/v1/customers/${created.json().id}`)).statusCode).toBe(200);
    expect((await t.call(tenant.live, 'GET', `/v1/customers/${created.json().id}`)).statusCode).toBe(404);
  });

  it('refuses wrong passwords alike for unknown e-mails, then locks after 5 failures with a pt-BR message', async () => {
    const unknown = await login(`ninguem-${uniq}@example.com`, 'x', '10.9.9.9');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toBe('E-mail ou senha incorretos.');
    const target = `lock-${uniq}@example.com`;
    await t.db.transaction((tx) =>
      createUser(tx, systemScope(tenant.id, t.clock.now()), { email: target, password: 'certa-123456', role: 'operator' }),
    );
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await login(target, 'errada-' + i, '10.1.1.1')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 429]);
    const locked = await login(target, 'certa-123456', '10.1.1.2');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/Muitas tentativas de login sem sucesso.*bloqueado por 15 minutos/);
    expect(locked.headers['retry-after']).toBe('900');
    t.clock.advance(15 * 60_000 + 1000);
    expect((await login(target, 'certa-123456', '10.1.1.2')).statusCode).toBe(200);
  });
});

describe('roles and users', () => {
  it('operators cannot manage users, API keys or collection accounts; admins can', async () => {
    const op = cookieOf(await login(opEmail, 'senha-forte-2'));
    for (const [method, url] of [
      ['GET', '/v1/users'],
      ['POST', '/v1/users'],
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys'],
    ] as const) {
      const payload = url === '/v1/users' ? { email: `x-${uniq}@example.com`, password: '12345678', role: 'admin' } : { name: 'chave' };
      const res = await t.app.inject({ method, url, headers: { cookie: op, ...CSRF }, ...(method === 'POST' ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/v1/customers', headers: { cookie: op } })).statusCode).toBe(200);
    // Collection accounts: operators may read them (billing screens show them), not change them.
    expect(operatorMayNot('POST', '/v1/collection-accounts')).toBe(true);
    expect(operatorMayNot('DELETE', '/v1/collection-accounts/:id')).toBe(true);
    expect(operatorMayNot('GET', '/v1/collection-accounts')).toBe(false);
    expect(operatorMayNot('POST', '/v1/customers')).toBe(false);

    const admin = cookieOf(await login(adminEmail, 'senha-forte-1'));
    const list = await t.app.inject({ method: 'GET', url: '/v1/users', headers: { cookie: admin } });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((u: { email: string }) => u.email)).toContain(opEmail);
    expect(JSON.stringify(list.json())).not.toContain('scrypt');
    expect((await t.app.inject({ method: 'GET', url: '/v1/api-keys', headers: { cookie: admin } })).statusCode).toBe(200);
  });

  it('creates, validates, changes and deletes users; the last admin stays', async () => {
    const admin = cookieOf(await login(adminEmail, 'senha-forte-1'));
    const h = { cookie: admin, ...CSRF };
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: { email: 'nope', password: '123', role: 'operator' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('email');
    const short = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: { email: `novo-${uniq}@example.com`, password: '123', role: 'operator' },
    });
    expect(short.json().error.details).toEqual([{ field: 'password', issue: 'must have at least 8 characters' }]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: { email: `novo-${uniq}@example.com`, password: '12345678', role: 'operator', name: 'Novo' },
    });
    expect(created.statusCode).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/v1/users',
      headers: h,
      payload: { email: `NOVO-${uniq}@example.com`, password: '12345678', role: 'admin' },
    });
    expect(dup.statusCode).toBe(409);
    const id = created.json().id;
    // The new user logs in; a password change ends that session.
    const userCookie = cookieOf(await login(`novo-${uniq}@example.com`, '12345678'));
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/users/${id}`,
      headers: h,
      payload: { password: 'outra-senha-9', role: 'admin' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().role).toBe('admin');
    expect((await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie: userCookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/users/${id}`, headers: h })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/v1/users/${id}`, headers: h })).statusCode).toBe(404);
    // Demoting the only remaining admin is refused.
    const me = (await t.app.inject({ method: 'GET', url: '/v1/session', headers: h })).json().user;
    const demote = await t.app.inject({ method: 'PATCH', url: `/v1/users/${me.id}`, headers: h, payload: { role: 'operator' } });
    expect(demote.statusCode).toBe(409);
  });

  it('API keys manage users too (a live key, not a sandbox key)', async () => {
    const body = { email: `via-api-${uniq}@example.com`, password: 'senha-da-api-1', role: 'admin' };
    const refused = await t.call(tenant.test, 'POST', '/v1/users', body);
    expect(refused.statusCode).toBe(403);
    const created = await t.call(tenant.live, 'POST', '/v1/users', body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: body.email, role: 'admin', active: true });
    expect((await login(body.email, body.password)).statusCode).toBe(200);
    // A console endpoint with an API key says it needs a session.
    expect((await t.call(tenant.live, 'GET', '/v1/session')).statusCode).toBe(401);
  });

  it('deactivated users cannot log in and lose their sessions', async () => {
    const email = `inativo-${uniq}@example.com`;
    const u = await t.db.transaction((tx) =>
      createUser(tx, systemScope(tenant.id, t.clock.now()), { email, password: 'senha-forte-3', role: 'operator' }),
    );
    const c = cookieOf(await login(email, 'senha-forte-3'));
    const admin = cookieOf(await login(adminEmail, 'senha-forte-1'));
    await t.app.inject({ method: 'PATCH', url: `/v1/users/${u.id}`, headers: { cookie: admin, ...CSRF }, payload: { active: false } });
    expect((await t.app.inject({ method: 'GET', url: '/v1/session', headers: { cookie: c } })).statusCode).toBe(401);
    const again = await login(email, 'senha-forte-3');
    expect(again.statusCode).toBe(403);
    expect(again.json().error.message).toContain('desativado');
  });
});
