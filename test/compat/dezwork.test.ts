// The Dezwork dialect (seed 004): the document's own request examples replayed through HTTP, the
// response shapes it shows, its error envelope, the password rule, delete-or-deactivate, paging,
// sandbox and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { verifyCustomerPassword } from '../../src/customers/customer-password.ts';
import { createCustomer } from '../../src/customers/customers.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import type { Scope } from '../../src/platform/scope.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

const scopeOf = (tenantId: string): Scope => ({
  tenantId,
  accountId: tenantId,
  mode: 'live',
  actor: { type: 'system', id: null },
  now: ctx.clock.now(),
});

// "Adicionar Cliente — Exemplo de Requisição", verbatim.
const createExample = {
  type: 'PF',
  name: 'NOME DO CLIENTE',
  document: '00857893050',
  phone: '54 999999999',
  birthDate: '1995-02-06',
  mail: 'dev@branvo.com',
  password: 'senha_exemplo',
  gender: 1,
  active: true,
  addresses: [
    {
      street: 'Rua João Pessoa',
      number: '17',
      complement: 'Sala 04',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postcode: '95720000',
      responsibleName: 'Nome do responsável',
      reference: 'Super Mercado Y',
      type: 1,
      active: true,
    },
  ],
};

// "Atualizar Cliente — Exemplo de Requisição", verbatim (note birthdate and gender "1").
const updateExample = {
  id: 1,
  type: 'PF',
  name: 'NOME DO CLIENTE',
  document: '00857893050',
  phone: '54 999999999',
  birthdate: '1995-02-06',
  mail: 'dev@branvo.com',
  password: 'senha_exemplo',
  gender: '1',
  active: true,
  addresses: [
    {
      id: 1,
      street: 'Rua João Pessoa',
      number: '17',
      complement: 'Sala 04',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postcode: '95720000',
      responsibleName: 'Nome do Responsável',
      reference: 'Super Mercado Y',
      type: 1,
    },
  ],
};

// The document's response, minus the password it echoes (Cobre never returns it).
const expectedClient = {
  id: 1,
  type: 'PF',
  name: 'NOME DO CLIENTE',
  document: '008.578.930-50',
  phone: '(54)99999-9999',
  birthDate: '06/02/1995',
  mail: 'dev@branvo.com',
  gender: 'Feminino',
  active: '1',
  addresses: [
    {
      id: 1,
      idClient: 1,
      street: 'RUA JOÃO PESSOA',
      number: '17',
      complement: 'SALA 04',
      district: 'CENTRO',
      city: 'GARIBALDI',
      state: 'RS',
      postcode: '95720000',
      responsibleName: 'NOME DO RESPONSÁVEL',
      reference: 'SUPER MERCADO Y',
      type: 1,
    },
  ],
};

const pj = (over: Record<string, unknown> = {}) => ({
  type: 'PJ',
  name: 'NOME DO CLIENTE ATUALIZADO',
  tradingName: 'NOME FANTASIA DO CLIENTE',
  stateRegister: 'ISENTO',
  document: '58009342000152',
  phone: '54 999999999',
  mail: 'dev@branvo.com',
  active: true,
  addresses: [
    {
      street: 'Rua João Pessoa',
      number: '1340',
      complement: 'Sala 05',
      district: 'Centro',
      city: 'Garibaldi',
      state: 'RS',
      postcode: '95720000',
      responsibleName: 'Nome do responsável',
      reference: 'Super Mercado X',
      type: 1,
    },
  ],
  ...over,
});

describe('the document examples', () => {
  it('POST /v1/clientes: 201 with the documented response, the password hashed and not returned', async () => {
    const res = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', createExample);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ success: true, data: { client: expectedClient } });
    expect(res.body).not.toContain('senha_exemplo');
    expect(res.body).not.toContain('password');
    const stored = await ctx.db.query<{ portal_password_hash: string }>(
      `SELECT portal_password_hash FROM customers WHERE tenant_id = $1 AND number = 1`,
      [t.id],
    );
    expect(stored.rows[0].portal_password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyCustomerPassword(ctx.db, scopeOf(t.id), '1', 'senha_exemplo')).toBe(true);
    expect(await verifyCustomerPassword(ctx.db, scopeOf(t.id), '1', 'senha_errada')).toBe(false);
    // The audit trail says the password changed, never what it is.
    const events = await ctx.db.query<{ type: string; data: unknown }>(
      `SELECT type, data FROM events WHERE tenant_id = $1 AND resource_type = 'customer' ORDER BY id`,
      [t.id],
    );
    expect(events.rows.map((e) => e.type)).toEqual(['customer.created', 'customer.password_changed']);
    expect(JSON.stringify(events.rows)).not.toContain('senha_exemplo');
    expect(JSON.stringify(events.rows)).not.toContain('scrypt$');
  });

  it('PUT /v1/clientes with the documented body (birthdate, gender "1", address id 1): 200, same client, address kept', async () => {
    const res = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', updateExample);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { client: expectedClient } });
    const v1 = (await ctx.call(t.live, 'GET', '/v1/customers/1')).json();
    expect(v1.addresses).toHaveLength(1);
    expect(v1.addresses[0]).toMatchObject({ number: 1, responsible_name: 'Nome do Responsável', kind: 1 });
  });

  it('GET /v1/clientes/{id}: the documented single-client response', async () => {
    const res = await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { client: expectedClient } });
  });

  it('GET /v1/clientes/pagina/1: PF and PJ items as in the document (birthdate in the list, PJ with tradingName and stateRegister)', async () => {
    const created = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', pj());
    expect(created.statusCode).toBe(201);
    const res = await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/pagina/1');
    expect(res.statusCode).toBe(200);
    const { birthDate, ...listed } = expectedClient;
    expect(res.json()).toEqual({
      success: true,
      data: {
        clients: [
          { ...listed, birthdate: birthDate },
          {
            id: 2,
            type: 'PJ',
            name: 'NOME DO CLIENTE ATUALIZADO',
            tradingName: 'NOME FANTASIA DO CLIENTE',
            stateRegister: 'ISENTO',
            document: '58.009.342/0001-52',
            phone: '(54)99999-9999',
            mail: 'dev@branvo.com',
            active: '1',
            addresses: [
              {
                id: 2,
                idClient: 2,
                street: 'RUA JOÃO PESSOA',
                number: '1340',
                complement: 'SALA 05',
                district: 'CENTRO',
                city: 'GARIBALDI',
                state: 'RS',
                postcode: '95720000',
                responsibleName: 'NOME DO RESPONSÁVEL',
                reference: 'SUPER MERCADO X',
                type: 1,
              },
            ],
          },
        ],
      },
    });
  });

  it('DELETE /v1/clientes/{id} returns the client and removes it', async () => {
    const created = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, document: cpfFrom(11), name: 'A Remover' });
    const id = created.json().data.client.id;
    const res = await ctx.call(t.live, 'DELETE', `/dezwork/v1/clientes/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.client).toMatchObject({ id, name: 'A Remover', active: '1' });
    const gone = await ctx.call(t.live, 'GET', `/dezwork/v1/clientes/${id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Cliente não encontrado' });
  });
});

describe('liberal input, strict values', () => {
  it('accepts "Tipo", gender "2"/"Masculino", a formatted document and phone, DD/MM/AAAA, active "1"', async () => {
    const res = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', {
      ...createExample,
      type: undefined,
      Tipo: 'pf',
      document: '529.982.247-25',
      phone: '(54)99999-9999',
      birthDate: '31/12/1980',
      gender: 'Masculino',
      active: '1',
      password: undefined,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.client).toMatchObject({
      type: 'PF',
      document: '529.982.247-25',
      phone: '(54)99999-9999',
      birthDate: '31/12/1980',
      gender: 'Masculino',
      active: '1',
    });
  });

  it('PUT changes fields, adds and removes addresses, keeps other e-mails, and leaves the password alone when absent', async () => {
    const doc = cpfFrom(21);
    const c = (await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, document: doc })).json().data.client;
    const keptAddress = c.addresses[0].id;
    // Another API adds a second e-mail; Dezwork's mail is the primary one.
    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    const patched = await ctx.call(t.live, 'PATCH', `/v1/customers/${c.id}`, {
      emails: [...v1.emails.map((e: { id: string; email: string }) => ({ id: e.id, email: e.email })), { email: 'outro@branvo.com' }],
    });
    expect(patched.statusCode).toBe(200);
    const res = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', {
      ...updateExample,
      id: c.id,
      document: doc,
      name: 'NOME NOVO',
      mail: 'novo@branvo.com',
      gender: 2,
      active: false,
      password: undefined,
      addresses: [
        { ...updateExample.addresses[0], id: keptAddress, street: 'Rua Nova' },
        { street: 'Av. Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'rs', postcode: '90010-000', type: 2 },
      ],
    });
    expect(res.statusCode).toBe(200);
    const client = res.json().data.client;
    expect(client).toMatchObject({ id: c.id, name: 'NOME NOVO', mail: 'novo@branvo.com', gender: 'Masculino', active: '0' });
    expect(client.addresses.map((a: { id: number; street: string; type: number }) => [a.id === keptAddress, a.street, a.type])).toEqual([
      [true, 'RUA NOVA', 1],
      [false, 'AV. BRASIL', 2],
    ]);
    const after = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    expect(after.emails.map((e: { email: string }) => e.email).sort()).toEqual(['novo@branvo.com', 'outro@branvo.com']);
    expect(await verifyCustomerPassword(ctx.db, scopeOf(t.id), String(c.id), 'senha_exemplo')).toBe(true);

    // Leaving an address out removes it; an address marked inactive is not kept either.
    const again = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', {
      ...updateExample,
      id: c.id,
      document: doc,
      addresses: [
        { ...updateExample.addresses[0], id: keptAddress },
        { street: 'X', city: 'Garibaldi', state: 'RS', postcode: '95720000', active: false },
      ],
      password: 'nova_senha_123',
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().data.client.addresses).toHaveLength(1);
    expect(await verifyCustomerPassword(ctx.db, scopeOf(t.id), String(c.id), 'nova_senha_123')).toBe(true);
  });

  it('pages hold 50 clients in id order; a page past the end is empty', async () => {
    const tenant = await ctx.newTenant();
    await ctx.db.transaction(async (tx) => {
      for (let i = 0; i < 53; i++)
        await createCustomer(
          tx,
          scopeOf(tenant.id),
          { person_type: 'PF', name: `Cliente ${i + 1}`, document: cpfFrom(1000 + i) },
          { today: d('2026-11-23') },
        );
    });
    const p1 = (await ctx.call(tenant.live, 'GET', '/dezwork/v1/clientes/pagina/1')).json().data.clients;
    const p2 = (await ctx.call(tenant.live, 'GET', '/dezwork/v1/clientes/pagina/2')).json().data.clients;
    const p3 = await ctx.call(tenant.live, 'GET', '/dezwork/v1/clientes/pagina/3');
    expect(p1).toHaveLength(50);
    expect(p1[0].id).toBe(1);
    expect(p1[49].id).toBe(50);
    expect(p2.map((c: { id: number }) => c.id)).toEqual([51, 52, 53]);
    expect(p3.statusCode).toBe(200);
    expect(p3.json()).toEqual({ success: true, data: { clients: [] } });
  });
});

describe('delete of a client with financial history', () => {
  it('deactivates instead of removing, and returns the client with active "0"', async () => {
    const c = (await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, document: cpfFrom(31) })).json().data.client;
    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    await ctx.db.query(
      `INSERT INTO contracts (tenant_id, id, number, customer_id, start_date, billing_day, created_at, updated_at) VALUES ($1, $2, 9001, $3, $5, 5, $4, $4)`,
      [t.id, uuidv7(), v1.id, ctx.clock.now().toISOString(), d('2026-01-01')],
    );
    const res = await ctx.call(t.live, 'DELETE', `/dezwork/v1/clientes/${c.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.client).toMatchObject({ id: c.id, active: '0' });
    const still = await ctx.call(t.live, 'GET', `/dezwork/v1/clientes/${c.id}`);
    expect(still.statusCode).toBe(200);
    expect(still.json().data.client.active).toBe('0');
  });
});

describe('errors in the Dezwork envelope', () => {
  const count = async (tenantId: string) =>
    (await ctx.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM customers WHERE tenant_id = $1', [tenantId])).rows[0].n;

  it('a missing required parameter → 400 EPT "Parâmetro [campo] é obrigatório"', async () => {
    const { name: _name, ...noName } = createExample;
    const res = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', noName);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [name] é obrigatório' });
  });

  it('PF needs birthDate and gender; PJ needs tradingName and stateRegister; type is required', async () => {
    const { birthDate: _b, gender: _g, ...pfBare } = createExample;
    const pfRes = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', pfBare);
    expect(pfRes.json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [birthDate] é obrigatório; Parâmetro [gender] é obrigatório',
    });
    const pjRes = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', pj({ tradingName: undefined, stateRegister: '' }));
    expect(pjRes.json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [tradingName] é obrigatório; Parâmetro [stateRegister] é obrigatório',
    });
    const noType = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, type: undefined });
    expect(noType.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [type] é obrigatório' });
    const noAddresses = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, addresses: [] });
    expect(noAddresses.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [addresses] é obrigatório' });
    const noId = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', { ...updateExample, id: undefined });
    expect(noId.statusCode).toBe(400);
    expect(noId.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [id] é obrigatório' });
  });

  it('invalid values → 400 EPI naming the Dezwork parameter; nothing is written', async () => {
    const before = await count(t.id);
    const cases: [Record<string, unknown>, string][] = [
      [{ document: '00857893051' }, 'Parâmetro [document] inválido'],
      [{ phone: '12345' }, 'Parâmetro [phone] inválido'],
      [{ birthDate: '1995-02-30' }, 'Parâmetro [birthDate] inválido'],
      [{ gender: 3 }, 'Parâmetro [gender] inválido'],
      [{ mail: 'not-an-email' }, 'Parâmetro [mail] inválido'],
      [{ type: 'PX' }, 'Parâmetro [type] inválido'],
      [{ password: 'curta' }, 'Parâmetro [password] inválido'],
      [{ addresses: [{ ...createExample.addresses[0], postcode: '123' }] }, 'Parâmetro [addresses[0].postcode] inválido'],
      [{ addresses: [{ ...createExample.addresses[0], state: 'XX' }] }, 'Parâmetro [addresses[0].state] inválido'],
      [{ unknownField: 1 }, 'Parâmetro [unknownField] inválido'],
      [{ name: 12 }, 'Parâmetro [name] inválido'],
    ];
    for (const [over, message] of cases) {
      const res = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, document: cpfFrom(41), ...over });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json(), JSON.stringify(over)).toMatchObject({ success: false, errorCode: 'EPI' });
      expect(res.json().errorMessage, JSON.stringify(over)).toContain(message);
    }
    const missingCep = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', {
      ...createExample,
      document: cpfFrom(41),
      addresses: [{ street: 'Rua', city: 'Garibaldi', state: 'RS' }],
    });
    expect(missingCep.json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [addresses[0].postcode] é obrigatório',
    });
    expect(await count(t.id)).toBe(before);
  });

  it('bad ids, unknown clients, duplicates, credentials, malformed JSON, unknown routes', async () => {
    expect((await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/abc')).json()).toMatchObject({ success: false, errorCode: 'EPI' });
    expect((await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/pagina/0')).json()).toMatchObject({ success: false, errorCode: 'EPI' });
    const missing = await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Cliente não encontrado' });
    const putMissing = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', { ...updateExample, id: 999999 });
    expect(putMissing.statusCode).toBe(404);
    const foreignAddress = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', {
      ...updateExample,
      addresses: [{ ...updateExample.addresses[0], id: 999999 }],
    });
    expect(foreignAddress.statusCode).toBe(400);
    expect(foreignAddress.json().errorMessage).toBe('Parâmetro [addresses[0].id] inválido: is not an address of this client');

    const dup = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', createExample);
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({ success: false, errorCode: 'ECF', errorMessage: 'Já existe um cliente com este documento (id 1)' });

    const anon = await ctx.call(null, 'GET', '/dezwork/v1/clientes/1');
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ success: false, errorCode: 'EAU' });
    const badKey = await ctx.call('cobre_live_nope', 'GET', '/dezwork/v1/clientes/1');
    expect(badKey.statusCode).toBe(401);

    const badJson = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', '{"type": "PF",');
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toEqual({ success: false, errorCode: 'ERQ', errorMessage: 'O corpo da requisição não é um JSON válido' });

    const noRoute = await ctx.call(t.live, 'GET', '/dezwork/v1/outra-coisa');
    expect(noRoute.statusCode).toBe(404);
    expect(noRoute.json()).toMatchObject({ success: false, errorCode: 'ENF' });
  });

  it('Idempotency-Key replays a POST without creating twice', async () => {
    const body = { ...createExample, document: cpfFrom(51) };
    const a = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', body, { 'idempotency-key': 'dz-1' });
    const b = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', body, { 'idempotency-key': 'dz-1' });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json()).toEqual(a.json());
  });
});

describe('isolation', () => {
  it("another tenant's ids are not found; test keys see only the sandbox", async () => {
    const mine = (await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', { ...createExample, document: cpfFrom(61) })).json().data.client
      .id;
    const res = await ctx.call(other.live, 'GET', `/dezwork/v1/clientes/${mine}`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Cliente não encontrado' });
    expect((await ctx.call(other.live, 'DELETE', `/dezwork/v1/clientes/${mine}`)).statusCode).toBe(404);
    expect(
      (await ctx.call(other.live, 'PUT', '/dezwork/v1/clientes', { ...updateExample, id: mine, document: cpfFrom(62) })).statusCode,
    ).toBe(404);

    const sandbox = await ctx.call(t.test, 'POST', '/dezwork/v1/clientes', createExample);
    expect(sandbox.statusCode).toBe(201);
    expect(sandbox.json().data.client.id).toBe(1);
    const sandboxList = (await ctx.call(t.test, 'GET', '/dezwork/v1/clientes/pagina/1')).json().data.clients;
    expect(sandboxList).toHaveLength(1);
    const live = (await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/pagina/1')).json().data.clients;
    expect(live.length).toBeGreaterThan(1);
  });
});
