// The SmartSindico partner API (seed 000): partner = tenant, customers by UUID, transactions =
// one-off charges (boleto PDF with ?print_bill=true, cancel never deletes), 403 for another partner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cnpjFrom, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant('Condomínio Parceiro Ltda');
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const base = () => `/modulo12/v1/partner/${t.id}`;

const customerBody = (over: Record<string, unknown> = {}) => ({
  name: 'Maria da Silva',
  cpf: '008.578.930-50',
  rg: '1234567890',
  rgIssuer: 'SSP/RS',
  birthDate: '1980-05-17',
  email: 'maria@example.com',
  phone: '(54) 99999-9999',
  address: {
    street: 'Rua João Pessoa',
    number: '17',
    complement: 'Ap 301',
    district: 'Centro',
    city: 'Garibaldi',
    state: 'RS',
    postalCode: '95720-000',
  },
  ...over,
});

describe('partner', () => {
  it('GET /v1/partner/{partnerId} returns the tenant: name, technical contact, e-mail', async () => {
    const res = await ctx.call(t.live, 'GET', base());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: t.id,
      name: 'Condomínio Parceiro Ltda',
      email: 'ti@example.com',
      technicalContact: { email: 'ti@example.com' },
      country: 'BR',
      mode: 'live',
    });
    // A test key is the same partner, in test mode.
    expect((await ctx.call(t.test, 'GET', base())).json()).toMatchObject({ id: t.id, mode: 'test' });
  });

  it('another partnerId → 403 in the partner error format, for every route', async () => {
    for (const url of [
      `/modulo12/v1/partner/${other.id}`,
      `/modulo12/v1/partner/${other.id}/customer`,
      '/modulo12/v1/partner/not-a-uuid/customer',
    ]) {
      const res = await ctx.call(t.live, 'GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toEqual({
        status: 403,
        code: 'forbidden',
        message: 'These credentials do not belong to this partner',
        details: [],
      });
    }
    const anon = await ctx.call(null, 'GET', base());
    expect(anon.statusCode).toBe(401);
    expect(anon.json()).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

let customerId: string;

describe('customers', () => {
  it('POST creates a customer and returns its UUID; GET lists UUID, name, RG, CPF; GET one has the registration data', async () => {
    const res = await ctx.call(t.live, 'POST', `${base()}/customer`, customerBody());
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['id']);
    customerId = res.json().id;
    expect(customerId).toMatch(UUID);

    const pj = await ctx.call(t.live, 'POST', `${base()}/customer`, {
      name: 'Empresa Exemplo Ltda',
      cnpj: '58.009.342/0001-52',
      email: 'fin@exemplo.com.br',
    });
    expect(pj.statusCode).toBe(201);

    const list = await ctx.call(t.live, 'GET', `${base()}/customer`);
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-total-count']).toBe('2');
    expect(list.json()).toEqual([
      { id: customerId, name: 'Maria da Silva', rg: '1234567890', cpf: '00857893050', cnpj: null },
      { id: pj.json().id, name: 'Empresa Exemplo Ltda', rg: null, cpf: null, cnpj: '58009342000152' },
    ]);

    const one = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}`);
    expect(one.json()).toEqual({
      id: customerId,
      number: 1,
      personType: 'PF',
      name: 'Maria da Silva',
      rg: '1234567890',
      rgIssuer: 'SSP/RS',
      cpf: '00857893050',
      cnpj: null,
      birthDate: '1980-05-17',
      email: 'maria@example.com',
      phone: '+5554999999999',
      address: {
        street: 'Rua João Pessoa',
        number: '17',
        complement: 'Ap 301',
        district: 'Centro',
        city: 'Garibaldi',
        state: 'RS',
        postalCode: '95720000',
        country: 'BR',
      },
      externalCode: null,
      info: null,
      active: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('bad input → 400 naming the partner field; nothing is written', async () => {
    const count = async () => (await ctx.call(t.live, 'GET', `${base()}/customer`)).json().length;
    const before = await count();
    const badCpf = await ctx.call(t.live, 'POST', `${base()}/customer`, customerBody({ cpf: '008.578.930-51' }));
    expect(badCpf.statusCode).toBe(400);
    expect(badCpf.json()).toMatchObject({ status: 400, code: 'invalid_document', details: [{ field: 'cpf/cnpj', issue: 'invalid CPF' }] });
    const both = await ctx.call(t.live, 'POST', `${base()}/customer`, customerBody({ cnpj: cnpjFrom(3) }));
    expect(both.json()).toMatchObject({ status: 400, details: [{ field: 'cnpj' }] });
    const noName = await ctx.call(t.live, 'POST', `${base()}/customer`, { cpf: cpfFrom(5) });
    expect(noName.json()).toMatchObject({ status: 400, code: 'validation_failed', details: [{ field: 'name', issue: 'is required' }] });
    const badCep = await ctx.call(
      t.live,
      'POST',
      `${base()}/customer`,
      customerBody({ cpf: cpfFrom(6), address: { street: 'Rua', city: 'Garibaldi', state: 'RS', postalCode: '123' } }),
    );
    expect(badCep.json()).toMatchObject({ status: 400, details: [{ field: 'address.postalCode' }] });
    const dup = await ctx.call(t.live, 'POST', `${base()}/customer`, customerBody());
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ status: 409, code: 'duplicate_document' });
    expect(await count()).toBe(before);
    const missing = await ctx.call(t.live, 'GET', `${base()}/customer/01900000-0000-7000-8000-000000000000`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ status: 404, code: 'not_found', message: 'Customer not found', details: [] });
    // Integer ids are the per-tenant numbers (the product's ids are integers): customer 1 is Maria; a number nobody has is 404.
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/1`)).json().id).toBe(customerId);
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/999999`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/not-an-id`)).statusCode).toBe(404);
  });
});

describe('transactions', () => {
  let txId: string;

  it('POST creates a one-off charge and returns its UUID; list and get show its details and status', async () => {
    const res = await ctx.call(t.live, 'POST', `${base()}/customer/${customerId}/transaction`, {
      amount: '150.00',
      dueDate: d('2026-12-10'),
      description: 'Taxa condominial dezembro',
    });
    expect(res.statusCode).toBe(201);
    expect(Object.keys(res.json())).toEqual(['id']);
    txId = res.json().id;
    expect(txId).toMatch(UUID);
    const expected = {
      id: txId,
      customerId,
      description: 'Taxa condominial dezembro',
      amount: '150.00',
      amountCents: 15000,
      paidAmount: '0.00',
      issueDate: d('2026-11-23'),
      dueDate: d('2026-12-10'),
      status: 'open',
      paymentMethod: 'boleto',
      externalCode: null,
      paidAt: null,
      cancelledAt: null,
    };
    const one = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject(expected);
    const list = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction`);
    expect(list.json()).toEqual([one.json()]);
    // The same charge in the canonical API.
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${txId}`)).json()).toMatchObject({
      id: txId,
      amount_cents: 15000,
      origin: 'one_off',
      status: 'open',
    });
    const cents = await ctx.call(t.live, 'POST', `${base()}/customer/${customerId}/transaction`, {
      amount: 99.9,
      dueDate: d('2026-12-10'),
    });
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${cents.json().id}`)).json().amountCents).toBe(
      9990,
    );
  });

  it('bad transactions → 400; a transaction under another customer → 404', async () => {
    for (const body of [
      { amount: '1.999', dueDate: d('2026-12-10') },
      { amount: 0, dueDate: d('2026-12-10') },
      { amount: '10.00', dueDate: d('2026-02-30') },
      { amount: '10.00' },
      { amount: '10.00', dueDate: d('2026-11-01') },
    ]) {
      const res = await ctx.call(t.live, 'POST', `${base()}/customer/${customerId}/transaction`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().status).toBe(400);
    }
    const otherCustomer = (await ctx.call(t.live, 'POST', `${base()}/customer`, { name: 'Outro', cpf: cpfFrom(77) })).json().id;
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${otherCustomer}/transaction/${txId}`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'DELETE', `${base()}/customer/${otherCustomer}/transaction/${txId}`)).statusCode).toBe(404);
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${otherCustomer}/transaction`)).json()).toEqual([]);
  });

  it('?print_bill=true: 409 until a boleto can exist, then the PDF', async () => {
    const before = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}?print_bill=true`);
    expect(before.statusCode).toBe(409);
    expect(before.json()).toMatchObject({ status: 409, code: 'conflict' });
    const account = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
      bank_code: '341',
      agency: '0057',
      account: '12345',
      carteira: '109',
      account_digit: '7',
      beneficiary_name: 'Condomínio Parceiro Ltda',
      beneficiary_document: '11.222.333/0001-81',
      beneficiary_address: {
        street: 'Rua João Pessoa',
        number: '17',
        district: 'Centro',
        city: 'Garibaldi',
        state: 'RS',
        postal_code: '95720-000',
      },
    });
    expect(account.statusCode, account.body).toBe(201);
    const pdf = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}?print_bill=true`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(2000);
    expect(pdf.rawPayload.subarray(-6).toString()).toContain('%%EOF');
    // print_bill=false is the JSON details.
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}?print_bill=false`)).json().id).toBe(txId);
  });

  it('DELETE cancels (never deletes): the transaction stays, cancelled; a second cancel → 409', async () => {
    const res = await ctx.call(t.live, 'DELETE', `${base()}/customer/${customerId}/transaction/${txId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: txId, status: 'cancelled', cancelledAt: expect.any(String) });
    const still = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}`);
    expect(still.json().status).toBe('cancelled');
    expect(
      (await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction`)).json().map((x: { id: string }) => x.id),
    ).toContain(txId);
    const again = await ctx.call(t.live, 'DELETE', `${base()}/customer/${customerId}/transaction/${txId}`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ status: 409, code: 'invalid_state_transition' });
    const printCancelled = await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction/${txId}?print_bill=true`);
    expect(printCancelled.statusCode).toBe(409);
  });

  it('DELETE of a customer: removed without history, deactivated with transactions', async () => {
    const plain = (await ctx.call(t.live, 'POST', `${base()}/customer`, { name: 'Sem Histórico', cpf: cpfFrom(88) })).json().id;
    const del = await ctx.call(t.live, 'DELETE', `${base()}/customer/${plain}`);
    expect(del.json()).toEqual({ id: plain, status: 'deleted' });
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${plain}`)).statusCode).toBe(404);

    const kept = await ctx.call(t.live, 'DELETE', `${base()}/customer/${customerId}`);
    expect(kept.json()).toEqual({ id: customerId, status: 'deactivated' });
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}`)).json().active).toBe(false);
    expect((await ctx.call(t.live, 'GET', `${base()}/customer/${customerId}/transaction`)).json().length).toBeGreaterThan(0);
  });
});

describe('isolation', () => {
  it("another tenant's customer and transaction UUIDs are not found under its own partner id", async () => {
    const otherBase = `/modulo12/v1/partner/${other.id}`;
    expect((await ctx.call(other.live, 'GET', `${otherBase}/customer/${customerId}`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'DELETE', `${otherBase}/customer/${customerId}`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'GET', `${otherBase}/customer/${customerId}/transaction`)).statusCode).toBe(404);
    expect((await ctx.call(other.live, 'GET', `${otherBase}/customer`)).json()).toEqual([]);
    // The sandbox is another data space.
    expect((await ctx.call(t.test, 'GET', `${base()}/customer`)).json()).toEqual([]);
    expect((await ctx.call(t.test, 'GET', `${base()}/customer/${customerId}`)).statusCode).toBe(404);
  });
});
