// Saved filters through the HTTP API: per user (session), isolated between users and companies,
// refused to API keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';
import { createUser } from '../../src/users/users.ts';
import { systemScope } from '../../src/platform/scope.ts';

let t: TestContext;
let tenant: TestTenant;
let other: TestTenant;
const uniq = Math.random().toString(36).slice(2, 8);
const CSRF = { 'x-cobre-csrf': '1' };
const cookies: Record<string, string> = {};

async function loginAs(email: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password: 'senha-forte-1' }, headers: CSRF });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0];
}

const as = (who: string, method: string, url: string, payload?: unknown) =>
  t.app.inject({
    method: method as 'GET',
    url,
    payload: payload as object,
    headers: { cookie: cookies[who], ...(method === 'GET' ? {} : CSRF) },
  });

beforeAll(async () => {
  t = await createTestContext();
  tenant = await t.newTenant();
  other = await t.newTenant();
  for (const [who, tn, role] of [
    ['ana', tenant, 'admin'],
    ['bia', tenant, 'operator'],
    ['caio', other, 'admin'],
  ] as const) {
    const email = `${who}-${uniq}@example.com`;
    await t.db.transaction((tx) => createUser(tx, systemScope(tn.id, t.clock.now()), { email, password: 'senha-forte-1', role }));
    cookies[who] = await loginAs(email);
  }
});
afterAll(() => t.close());

describe('saved filters', () => {
  it('saves, lists, replaces by name and deletes the user’s own filters of a screen', async () => {
    const created = await as('ana', 'POST', '/v1/saved-filters', {
      screen: 'contas-a-receber',
      name: 'Vencidos',
      query: '?situacao=overdue&pagina=3&de=2026-01-01',
    });
    expect(created.statusCode).toBe(201);
    // The page is not part of a filter; keys are kept in order.
    expect(created.json()).toMatchObject({ screen: 'contas-a-receber', name: 'Vencidos', query: 'de=2026-01-01&situacao=overdue' });
    expect(created.json()).not.toHaveProperty('created');

    const again = await as('ana', 'POST', '/v1/saved-filters', {
      screen: 'contas-a-receber',
      name: ' vencidos ',
      query: 'situacao=overdue',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(created.json().id);
    expect(again.json().query).toBe('situacao=overdue');

    await as('ana', 'POST', '/v1/saved-filters', { screen: 'clientes', name: 'Ativos', query: 'status=active' });
    const list = await as('ana', 'GET', '/v1/saved-filters?screen=contas-a-receber');
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((f: { name: string }) => f.name)).toEqual(['vencidos']);

    const gone = await as('ana', 'DELETE', `/v1/saved-filters/${created.json().id}`);
    expect(gone.statusCode).toBe(200);
    expect((await as('ana', 'GET', '/v1/saved-filters?screen=contas-a-receber')).json().data).toEqual([]);
    expect((await as('ana', 'DELETE', `/v1/saved-filters/${created.json().id}`)).statusCode).toBe(404);
  });

  it('keeps each user’s filters private, within and across companies', async () => {
    const mine = (
      await as('bia', 'POST', '/v1/saved-filters', { screen: 'contas-a-receber', name: 'Meu filtro', query: 'cliente=x' })
    ).json();
    expect((await as('ana', 'GET', '/v1/saved-filters?screen=contas-a-receber')).json().data).toEqual([]);
    expect((await as('caio', 'GET', '/v1/saved-filters?screen=contas-a-receber')).json().data).toEqual([]);
    // Another user's filter cannot be deleted: it is as unknown as a missing one.
    expect((await as('ana', 'DELETE', `/v1/saved-filters/${mine.id}`)).statusCode).toBe(404);
    expect((await as('caio', 'DELETE', `/v1/saved-filters/${mine.id}`)).statusCode).toBe(404);
    expect((await as('bia', 'GET', '/v1/saved-filters?screen=contas-a-receber')).json().data).toHaveLength(1);
  });

  it('answers API keys with 403 and bad input with 400', async () => {
    const byKey = await t.call(tenant.live, 'GET', '/v1/saved-filters?screen=contas-a-receber');
    expect(byKey.statusCode).toBe(403);
    expect(byKey.json().error.message).toMatch(/console user/);
    expect((await t.call(tenant.live, 'POST', '/v1/saved-filters', { screen: 'contas-a-receber', name: 'x', query: '' })).statusCode).toBe(
      403,
    );
    expect((await as('ana', 'GET', '/v1/saved-filters')).statusCode).toBe(400);
    expect((await as('ana', 'GET', '/v1/saved-filters?screen=Contas%20a%20Receber')).statusCode).toBe(400);
    expect((await as('ana', 'POST', '/v1/saved-filters', { screen: 'contas-a-receber', name: '   ', query: '' })).statusCode).toBe(400);
    expect((await as('ana', 'POST', '/v1/saved-filters', { screen: 'contas-a-receber', name: 'x', query: '', extra: 1 })).statusCode).toBe(
      400,
    );
  });
});
