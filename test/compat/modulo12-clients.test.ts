// The SmartSindico partner API as its integrations call it. No client program is published; the
// requests are those of the product's own guide, github.com/Modulo12/Partner-API GetStarted.md
// (HEAD 9e361b3 and the earlier versions in its history, c69b829/b9ba7e2/b7c23c9), sent the way a
// Spring/Jackson client sends them: over a real HTTP listener, `Content-Type: application/json` and
// `Accept: application/json` on every request (bodiless GET and DELETE included), integer ids as
// the guide shows them, the new resource's URL read from the Location header of a 201. The one
// change a client needs is Cobre's Authorization header (the guide shows no authentication).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, d, type TestContext, type TestTenant } from '../support/app.ts';

const PARTNER_HOST = 'partner.example.com.br';

let ctx: TestContext;
let t: TestTenant;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { compatHosts: { [PARTNER_HOST]: '/modulo12' } } });
  t = await ctx.newTenant('Módulo12 Parceiro Ltda');
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx.close());

interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
}

/** A request as a Spring RestTemplate/Jackson client sends it: JSON headers on every call. */
async function client(
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<Res> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? t.live : opts.token;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(path.startsWith('http') ? path : base + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

const partner = () => `/modulo12/v1/partner/${t.id}`;
const lastSegment = (url: string) => Number(new URL(url).pathname.split('/').pop());

/** A collection account, so boletos can be issued (the product registers them at SICOOB; any bank Cobre supports does here). */
async function collectionAccount() {
  const res = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    carteira: '109',
    account_digit: '7',
    beneficiary_name: 'Módulo12 Parceiro Ltda',
    beneficiary_document: '11.222.333/0001-81',
    beneficiary_address: {
      street: 'SCN Quadra 1',
      number: '10',
      district: 'Asa Norte',
      city: 'Brasília',
      state: 'DF',
      postal_code: '70711-000',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

// GetStarted.md HEAD, step 3: the body "obrigatoriamente" sent to create a transaction.
const transactionBody = (over: Record<string, unknown> = {}) => ({
  dueDate: d('2026-12-21'),
  tenantAddress: { bairro: 'Asa Norte', cep: '70764540', cidade: 'Brasilia', logradouro: 'CLN 114', uf: 'DF' },
  tenantBirthDate: '1980-01-10',
  tenantCellPhone: '61-900000000',
  tenantCpf: '02125532085',
  tenantEmail: 'test@email.com',
  tenantFirstName: 'João',
  tenantLastName: 'Silva',
  type: 0,
  value: 15,
  ...over,
});

describe('GetStarted.md step by step', () => {
  let customerUrl: string;
  let transactionUrl: string;

  it('step 2: POST …/customer {cpf, info as an escaped JSON string, name} → 201, the URL in Location, the UUID in the body', async () => {
    // The guide's CPF 045.203.203-01 fails the check digits: refused like any invalid CPF (a boleto needs a real one).
    const guideCpf = await client('POST', `${partner()}/customer`, { cpf: '04520320301', info: '{"info1": "teste1"}', name: 'Cliente 1' });
    expect(guideCpf.status).toBe(400);
    expect(guideCpf.json()).toMatchObject({
      status: 400,
      code: 'invalid_document',
      details: [{ field: 'cpf/cnpj', issue: 'invalid CPF' }],
    });
    const cpf = cpfFrom(300);
    const res = await client('POST', `${partner()}/customer`, { cpf, info: '{"info1": "teste1"}', name: 'Cliente 1' });
    expect(res.status, res.text).toBe(201);
    customerUrl = res.headers.get('location')!;
    expect(customerUrl).toMatch(new RegExp(`^${base}/modulo12/v1/partner/${t.id}/customer/\\d+$`));
    const id = res.json().id;
    // The integer id of the Location is the per-tenant number; the same customer by number and by UUID.
    const byLocation = await client('GET', customerUrl);
    expect(byLocation.status).toBe(200);
    expect(byLocation.json()).toMatchObject({ id, number: lastSegment(customerUrl), name: 'Cliente 1', cpf, info: '{"info1": "teste1"}' });
    expect((await client('GET', `${partner()}/customer/${id}`)).json()).toEqual(byLocation.json());
    // info is kept in the customer's metadata, visible in the canonical API.
    expect((await ctx.call(t.live, 'GET', `/v1/customers/${id}`)).json().metadata).toEqual({ 'modulo12.info': '{"info1": "teste1"}' });
  });

  it('step 3: POST …/transaction with the guide body (value as a JSON number, type, tenant*) → 201 with Location; the transaction is Pending until its boleto exists', async () => {
    const res = await client('POST', `${customerUrl}/transaction`, transactionBody());
    expect(res.status, res.text).toBe(201);
    transactionUrl = res.headers.get('location')!;
    expect(transactionUrl).toMatch(new RegExp(`^${customerUrl}/transaction/\\d+$`));
    const uuid = res.json().id;

    const got = await client('GET', `${transactionUrl}?print_bill=false`);
    expect(got.status).toBe(200);
    expect(got.json()).toMatchObject({
      id: uuid,
      number: lastSegment(transactionUrl),
      tenantFirstName: 'João',
      tenantLastName: 'Silva',
      tenantBirthDate: '1980-01-10',
      tenantEmail: 'test@email.com',
      tenantCellPhone: '61-900000000',
      tenantCpf: '02125532085',
      statusCode: 1,
      statusDescription: 'Pending',
      type: 0,
      value: 15,
      dueDate: d('2026-12-21'),
      customer: lastSegment(customerUrl),
      tenantAddress: { logradouro: 'CLN 114', bairro: 'Asa Norte', cep: '70764540', cidade: 'Brasilia', uf: 'DF' },
      info: null,
      // Ours beside the product's.
      amount: '15.00',
      amountCents: 1500,
      status: 'open',
    });
    expect(got.json().timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    // Step 4: the status.
    const status = await client('GET', `${transactionUrl}/status`);
    expect(status.status).toBe(200);
    expect(status.json()).toEqual({ statusCode: 1, statusDescription: 'Pending', status: 'open' });
    // The same charge in the canonical API, the payer fields in its metadata.
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${uuid}`)).json().metadata).toMatchObject({
      source: 'modulo12',
      'modulo12.type': 0,
      'modulo12.tenantCpf': '02125532085',
      'modulo12.tenantAddress.cep': '70764540',
    });
  });

  it('step 4: ?print_bill=true while no boleto can exist → 409 saying why', async () => {
    const res = await client('GET', `${transactionUrl}?print_bill=true`);
    expect(res.status).toBe(409);
    expect(res.json()).toMatchObject({ status: 409, code: 'conflict' });
  });

  it('step 1: POST /v1/partner/ → 403 in the partner format naming the partner of the credentials (partners are provisioned by the operator)', async () => {
    const res = await client('POST', '/modulo12/v1/partner/', {
      contact: '(61) 3107-4189',
      email: 'contato@modulo12.com.br',
      info: '{"info1": "teste1","info2": "teste2"}',
      name: 'Módulo12',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('location')).toBeNull();
    expect(res.json()).toMatchObject({ status: 403, code: 'forbidden', details: [{ field: 'partnerId', issue: `yours is ${t.id}` }] });
    expect(res.json().message).toContain(t.id);
    // The older body (contatoTecnico, nome, info as an object), without the trailing slash: the same.
    const old = await client('POST', '/modulo12/v1/partner', {
      contatoTecnico: '(61) 3107-4189',
      email: 'contato@modulo12.com.br',
      info: { info1: 'teste1' },
      nome: 'Módulo12',
    });
    expect(old.status).toBe(403);
  });

  it('every request of the guide without Authorization (the guide shows none) → 401 in the partner format', async () => {
    for (const [method, path, body] of [
      ['POST', '/modulo12/v1/partner/', { name: 'Módulo12' }],
      ['POST', `${partner()}/customer`, { cpf: '04520320301', name: 'Cliente 1' }],
      ['POST', `${partner()}/customer/1/transaction`, transactionBody()],
      ['GET', `${partner()}/customer/1/transaction/1/status`, undefined],
      ['GET', `${partner()}/customer/1/transaction/1?print_bill=true`, undefined],
    ] as const) {
      const res = await client(method, path, body, { token: null });
      expect(res.status, path).toBe(401);
      expect(res.json(), path).toMatchObject({ status: 401, code: 'unauthorized' });
    }
  });
});

describe('the older forms in the guide history', () => {
  it('customer {cpf, info as an object, nome, partner} (b7c23c9) and {cpf, info, nome} (c69b829) → 201; info kept as JSON text; partner ignored', async () => {
    const a = await client('POST', `${partner()}/customer`, {
      cpf: cpfFrom(301),
      info: { info3: 'teste3' },
      nome: 'Cliente Antigo',
      partner: 1,
    });
    expect(a.status, a.text).toBe(201);
    expect((await client('GET', a.headers.get('location')!)).json()).toMatchObject({ name: 'Cliente Antigo', info: '{"info3":"teste3"}' });
    const b = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(302), info: '{"info1":"test"}', nome: 'Cliente Dois' });
    expect(b.status, b.text).toBe(201);
    expect((await client('GET', `${partner()}/customer/${b.json().id}`)).json()).toMatchObject({
      name: 'Cliente Dois',
      info: '{"info1":"test"}',
    });
    // Neither name nor nome → 400 naming name.
    const none = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(303), info: '{}' });
    expect(none.status).toBe(400);
    expect(none.json()).toMatchObject({ status: 400, code: 'validation_failed', details: [{ field: 'name', issue: 'is required' }] });
    // info longer than the 500 characters metadata keeps → 400 naming info; nothing written.
    const big = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(304), name: 'Grande', info: { text: 'x'.repeat(600) } });
    expect(big.status).toBe(400);
    expect(big.json()).toMatchObject({ status: 400, details: [{ field: 'info' }] });
  });

  it('transaction {type, customer, tenantName, tenantDocument, tenantAddress as one string, documentInstructions, billAccountValue as a string, info} (8f12df3…b9ba7e2) → 201', async () => {
    const c = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(310), name: 'Proprietário' });
    const cUrl = c.headers.get('location')!;
    const number = lastSegment(cUrl);
    const body = {
      type: 1,
      customer: number,
      tenantName: 'João Silva',
      tenantDocument: '05113405660',
      tenantAddress: 'Logradouro X Casa Y Bairro UF',
      dueDate: d('2026-12-01'),
      documentInstructions: '',
      billAccountValue: '150.0',
      info: '{"info1":"test"}',
    };
    const res = await client('POST', `${cUrl}/transaction`, body);
    expect(res.status, res.text).toBe(201);
    const got = (await client('GET', res.headers.get('location')!)).json();
    expect(got).toMatchObject({
      type: 1,
      customer: number,
      value: 150,
      billAccountValue: '150.00',
      tenantName: 'João Silva',
      tenantDocument: '05113405660',
      tenantAddress: 'Logradouro X Casa Y Bairro UF',
      info: '{"info1":"test"}',
      description: null,
    });
    // documentInstructions becomes the description when there is none.
    const withText = await client('POST', `${cUrl}/transaction`, { ...body, documentInstructions: 'Não receber após o vencimento' });
    expect((await client('GET', withText.headers.get('location')!)).json()).toMatchObject({
      description: 'Não receber após o vencimento',
      documentInstructions: 'Não receber após o vencimento',
    });
    // customer in the body must be the customer of the path.
    const wrong = await client('POST', `${cUrl}/transaction`, { ...body, customer: number + 1000 });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({ status: 400, details: [{ field: 'customer' }] });
    // The guide's placeholders "value": 0 / "billAccountValue": "00.0" are no amount → 400 naming the field.
    const zero = await client('POST', `${cUrl}/transaction`, transactionBody({ value: 0 }));
    expect(zero.status).toBe(400);
    expect(zero.json()).toMatchObject({ status: 400, details: [{ field: 'value', issue: 'must be greater than zero' }] });
    const zeroOld = await client('POST', `${cUrl}/transaction`, { ...body, billAccountValue: '00.0' });
    expect(zeroOld.json()).toMatchObject({ status: 400, details: [{ field: 'billAccountValue' }] });
    // Our own names keep working; two amounts that differ → 400.
    const ours = await client('POST', `${cUrl}/transaction`, { amount: '99.90', dueDate: d('2026-12-01'), description: 'Taxa' });
    expect(ours.status).toBe(201);
    expect((await client('GET', ours.headers.get('location')!)).json()).toMatchObject({
      amountCents: 9990,
      value: 99.9,
      type: null,
      tenantAddress: null,
    });
    const both = await client('POST', `${cUrl}/transaction`, transactionBody({ amount: '16.00' }));
    expect(both.json()).toMatchObject({ status: 400, details: [{ field: 'value', issue: 'differs from amount' }] });
  });
});

describe('a transaction through its life: statusCode, print_bill, integer ids', () => {
  it('with a collection account and a complete payer: issued on creation (2 Entrada Confirmada), print_bill in every spelling, paid (6), cancelled (9)', async () => {
    await collectionAccount();
    const c = await client('POST', `${partner()}/customer`, {
      name: 'Proprietária Completa',
      cpf: cpfFrom(320),
      address: { street: 'SQN 210 Bloco A', number: '101', district: 'Asa Norte', city: 'Brasília', state: 'DF', postalCode: '70862-010' },
    });
    expect(c.status, c.text).toBe(201);
    const res = await client('POST', `${c.headers.get('location')}/transaction`, transactionBody({ value: 250.5 }));
    expect(res.status, res.text).toBe(201);
    const url = res.headers.get('location')!;
    expect((await client('GET', `${url}/status`)).json()).toEqual({
      statusCode: 2,
      statusDescription: 'Entrada Confirmada',
      status: 'open',
    });

    for (const q of [
      'print_bill=true',
      'print_bill=TRUE',
      'print_bill=1',
      'print_bill=yes',
      'print_bill=On',
      'print_bill',
      'print_bill=true&_=1700000000',
    ]) {
      const pdf = await fetch(`${url}?${q}`, { headers: { 'content-type': 'application/json', authorization: `Bearer ${t.live}` } });
      expect(pdf.status, q).toBe(200);
      expect(pdf.headers.get('content-type'), q).toBe('application/pdf');
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
        q,
      ).toBe('%PDF-');
    }
    for (const q of [
      'print_bill=false',
      'print_bill=FALSE',
      'print_bill=0',
      'print_bill=no',
      'print_bill=off',
      '_=1700000000',
      'print_bill=false&_=1&foo=bar',
    ]) {
      const json = await client('GET', `${url}?${q}`);
      expect(json.status, q).toBe(200);
      expect(json.json(), q).toMatchObject({ statusCode: 2, statusDescription: 'Entrada Confirmada', value: 250.5 });
    }
    const bad = await client('GET', `${url}?print_bill=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed', details: [{ field: 'print_bill' }] });

    const uuid = res.json().id;
    const paid = await ctx.call(t.live, 'POST', `/v1/charges/${uuid}/payments`, { amount_cents: 25050, method: 'boleto' });
    expect(paid.statusCode, paid.body).toBeLessThan(300);
    expect((await client('GET', `${url}/status`)).json()).toEqual({ statusCode: 6, statusDescription: 'Liquidação', status: 'paid' });

    const open = await client('POST', `${c.headers.get('location')}/transaction`, transactionBody());
    const openUrl = open.headers.get('location')!;
    const cancelled = await client('DELETE', openUrl);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', statusCode: 9, statusDescription: 'Baixa' });
    expect((await client('GET', `${openUrl}/status`)).json()).toEqual({ statusCode: 9, statusDescription: 'Baixa', status: 'cancelled' });
    // The list carries the same codes.
    const list = await client('GET', `${c.headers.get('location')}/transaction?_=1700000000`);
    expect(list.status).toBe(200);
    expect(list.json().map((x: { statusCode: number }) => x.statusCode)).toEqual([6, 9]);
  });

  it('integer ids: a transaction number under another customer is 404; a number nobody has is 404', async () => {
    const a = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(330), name: 'A' });
    const b = await client('POST', `${partner()}/customer`, { cpf: cpfFrom(331), name: 'B' });
    const tx = await client('POST', `${a.headers.get('location')}/transaction`, transactionBody());
    const txNumber = lastSegment(tx.headers.get('location')!);
    expect((await client('GET', `${a.headers.get('location')}/transaction/${txNumber}/status`)).status).toBe(200);
    const other = await client('GET', `${b.headers.get('location')}/transaction/${txNumber}`);
    expect(other.status).toBe(404);
    expect(other.json()).toEqual({ status: 404, code: 'not_found', message: 'Transaction not found', details: [] });
    expect((await client('GET', `${partner()}/customer/987654/transaction/${txNumber}/status`)).status).toBe(404);
    // DELETE by number: B has no history and is removed; A has a transaction and is deactivated.
    expect((await client('DELETE', b.headers.get('location')!)).json()).toEqual({ id: b.json().id, status: 'deleted' });
    expect((await client('GET', b.headers.get('location')!)).status).toBe(404);
    expect((await client('DELETE', a.headers.get('location')!)).json()).toEqual({ id: a.json().id, status: 'deactivated' });
  });

  it('an Idempotency-Key replay of a create answers the same Location', async () => {
    const headers = { 'idempotency-key': 'modulo12-replay-1' };
    const body = { cpf: cpfFrom(340), name: 'Repetido' };
    const first = await client('POST', `${partner()}/customer`, body, { headers });
    const again = await client('POST', `${partner()}/customer`, body, { headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });
});

describe('a host that serves the dialect at its root (COBRE_COMPAT_HOSTS)', () => {
  it('paths without /modulo12, as the guide writes them; Location without the prefix', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/v1/partner/${t.id}/customer`,
      headers: { host: PARTNER_HOST, 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${t.live}` },
      payload: JSON.stringify({ cpf: cpfFrom(350), info: '{"info1": "teste1"}', name: 'Cliente na raiz' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers.location).toMatch(new RegExp(`^http://${PARTNER_HOST.replace(/\./g, '\\.')}/v1/partner/${t.id}/customer/\\d+$`));
  });
});
