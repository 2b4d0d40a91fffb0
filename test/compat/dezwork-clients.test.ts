// The Dezwork dialect as its official PHP SDK uses it (github.com/branvo/ebranvo-php-sdk, Packagist
// dezworksdk/dezwork-php-sdk), over a real HTTP listener. What the SDK sends, from its source:
// - src/EbranvoSdk.php::request: headers `Account-Token: <token>` and `Content-Type: application/json`
//   on every request, GET and DELETE included; bodies are json_encode() of the PHP array (Util/Json.php).
// - src/EbranvoSdk.php::add: `PUT` when the array has `id`, else `POST`, to the same path; ::replace
//   trims the trailing `/`; paths are relative (`v1/clientes/...`) to Guzzle's base_uri.
// - src/Ecommerce/Customer.php: v1/clientes/{id}, v1/clientes/pagina/{page}.
// - src/Ecommerce/Address.php: v1/clientes/enderecos/{id}, v1/clientes/{idClient}/enderecos.
// - src/EbranvoSdk.php::search: POST v1/branvo/search.
// Bodies are the README's examples ("Inserir", "Atualizar" for clients and addresses) with real values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpfFrom, createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

const DZ_HOST = 'api.dezwork.example.com';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;
let listener: string;

beforeAll(async () => {
  ctx = await createTestContext({ config: { compatHosts: { [DZ_HOST]: '/dezwork' } } });
  t = await ctx.newTenant();
  other = await ctx.newTenant();
  listener = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx.close());

/** The SDK's base_uri, patched to Cobre: it must end with `/` (RFC 3986 resolution, as Guzzle does it). */
const baseUri = () => `${listener}/dezwork/`;

/** EbranvoSdk::request: the relative path resolved against base_uri, the SDK's two headers, a JSON body or none. */
async function sdk(method: string, path: string, body?: unknown, token: string = t.live) {
  const url = new URL(path.replace(/\/+$/, ''), baseUri());
  const res = await fetch(url, {
    method,
    headers: { 'Account-Token': token, 'Content-Type': 'application/json', 'User-Agent': 'GuzzleHttp/6.5.5 curl/7.68.0 PHP/7.4.3' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) };
}

const formatCpf = (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;

// README "Cliente — Inserir", with real values where the README has placeholders.
const readmeCustomer = (seed: number) => ({
  type: 'PF',
  name: 'Nome do Cliente',
  document: formatCpf(cpfFrom(seed)),
  phone: '(54) 3462-1234',
  mail: 'email@exemplo.com',
  birthDate: '1990-05-17',
  gender: 1,
  active: true,
  addresses: [
    {
      street: 'Rua exemplo',
      number: '0',
      complement: 'Sala 00',
      district: 'Centro',
      city: 'São Paulo',
      state: 'SP',
      postcode: '01310-100',
      responsibleName: 'Nome do Responsável',
      type: 1,
      active: true,
    },
  ],
});

// README "Endereço — Inserir".
const readmeAddress = (idClient: number) => ({
  idClient,
  street: 'Rua exemplo',
  number: '0',
  complement: 'Sala 00',
  district: 'Centro',
  city: 'São Paulo',
  state: 'SP',
  postcode: '01310-100',
  responsibleName: 'Nome do Responsável',
  type: 1,
  active: true,
});

describe('authentication as the SDK sends it (Account-Token)', () => {
  it('accepts the API key in Account-Token, with no Authorization header', async () => {
    const res = await sdk('GET', 'v1/clientes/pagina/1');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { clients: [] } });
  });

  it('an unknown or empty token is 401 in the Dezwork envelope, naming the header', async () => {
    for (const token of ['D9442D9700A98EEF27105C799496BDB9', '']) {
      const res = await sdk('GET', 'v1/clientes/1', undefined, token);
      expect(res.status, token).toBe(401);
      expect(res.json(), token).toEqual({
        success: false,
        errorCode: 'EAU',
        errorMessage: 'Credenciais ausentes ou inválidas: envie Account-Token: <chave de API> (ou Authorization: Bearer <chave de API>)',
      });
    }
  });

  it('the test key reaches the sandbox (Cobre picks the mode by key, the SDK by host)', async () => {
    const created = await sdk('POST', 'v1/clientes', readmeCustomer(7001), t.test);
    expect(created.status).toBe(201);
    expect((await sdk('GET', `v1/clientes/${created.json().data.client.id}`, undefined, t.test)).status).toBe(200);
    expect((await sdk('GET', 'v1/clientes/pagina/1', undefined, t.test)).json().data.clients).toHaveLength(1);
    expect((await sdk('GET', 'v1/clientes/pagina/1')).json().data.clients).toHaveLength(0);
  });

  it('Account-Token is a Dezwork header only: Cobre’s own API still wants Authorization', async () => {
    const res = await fetch(`${listener}/v1/customers`, { headers: { 'Account-Token': t.live, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(401);
  });
});

describe('clients: addCustomer / getCustomer / allCustomers / delCustomer', () => {
  it('creates with the README body, reads it back and lists it', async () => {
    const created = await sdk('POST', 'v1/clientes/', readmeCustomer(7101));
    expect(created.status).toBe(201);
    const client = created.json().data.client;
    expect(client).toMatchObject({
      type: 'PF',
      name: 'Nome do Cliente',
      document: formatCpf(cpfFrom(7101)),
      birthDate: '17/05/1990',
      gender: 'Feminino',
      active: '1',
    });
    expect(client.addresses).toEqual([
      {
        id: expect.any(Number),
        idClient: client.id,
        street: 'RUA EXEMPLO',
        number: '0',
        complement: 'SALA 00',
        district: 'CENTRO',
        city: 'SÃO PAULO',
        state: 'SP',
        postcode: '01310100',
        responsibleName: 'NOME DO RESPONSÁVEL',
        reference: null,
        type: 1,
      },
    ]);
    const got = await sdk('GET', `v1/clientes/${client.id}`);
    expect(got.status).toBe(200);
    expect(got.json()).toEqual({ success: true, data: { client } });
    const listed = (await sdk('GET', 'v1/clientes/pagina/1')).json().data.clients;
    expect(listed.map((c: { id: number }) => c.id)).toContain(client.id);
  });

  it('the SDK test’s client without addresses is refused: the document marks addresses required (EPT)', async () => {
    // tests/EbranvoSdkTest.php builds this body (after an `exit`, so the vendor never sent it).
    const res = await sdk('POST', 'v1/clientes', {
      type: 'PF',
      name: 'NOME DO CLIENTE',
      document: cpfFrom(7102),
      phone: '54999999999',
      mail: 'dev@branvo.com',
      birthDate: '2019-07-15',
      gender: '2',
      active: 1,
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [addresses] é obrigatório' });
  });

  it('README "Atualizar": PUT {id, active:false} changes only active; the rest stays as stored', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7103))).json().data.client;
    const res = await sdk('PUT', 'v1/clientes', { id: c.id, active: false });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { client: { ...c, active: '0' } } });
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client).toEqual({ ...c, active: '0' });
  });

  it('PUT with a subset (name, phone, gender "2") changes those, keeps addresses, e-mail and the rest', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7104))).json().data.client;
    const res = await sdk('PUT', 'v1/clientes', { id: String(c.id), name: 'Nome Novo', phone: '(54) 99999-8888', gender: '2' });
    expect(res.status).toBe(200);
    expect(res.json().data.client).toEqual({ ...c, name: 'Nome Novo', phone: '(54)99999-8888', gender: 'Masculino' });
  });

  it('PUT that sends a required parameter empty is EPT; a bad value is EPI; nothing changes', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7105))).json().data.client;
    const empty = await sdk('PUT', 'v1/clientes', { id: c.id, name: '', mail: null });
    expect(empty.status).toBe(400);
    expect(empty.json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [name] é obrigatório; Parâmetro [mail] é obrigatório',
    });
    const bad = await sdk('PUT', 'v1/clientes', { id: c.id, birthDate: '1990-02-30' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ success: false, errorCode: 'EPI' });
    expect(bad.json().errorMessage).toContain('Parâmetro [birthDate] inválido');
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client).toEqual(c);
  });

  it('PUT that changes PF to PJ needs the PJ parameters (sent or stored) and clears the PF ones', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7106))).json().data.client;
    const missing = await sdk('PUT', 'v1/clientes', { id: c.id, type: 'PJ', document: '58009342000152' });
    expect(missing.json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [tradingName] é obrigatório; Parâmetro [stateRegister] é obrigatório',
    });
    const res = await sdk('PUT', 'v1/clientes', {
      id: c.id,
      type: 'PJ',
      document: '58009342000152',
      tradingName: 'Fantasia',
      stateRegister: 'ISENTO',
    });
    expect(res.status).toBe(200);
    const after = res.json().data.client;
    expect(after).toMatchObject({
      id: c.id,
      type: 'PJ',
      tradingName: 'Fantasia',
      stateRegister: 'ISENTO',
      document: '58.009.342/0001-52',
      addresses: c.addresses,
    });
    expect(after).not.toHaveProperty('birthDate');
    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    expect(v1).toMatchObject({ birth_date: null, gender: null });
  });

  it('PHP values as the caller typed them: phone and street number as integers are taken; a CEP as a number is refused (leading zeros)', async () => {
    const body = readmeCustomer(7108);
    const res = await sdk('POST', 'v1/clientes', {
      ...body,
      phone: 54999999999,
      gender: '1',
      active: 1,
      addresses: [{ ...body.addresses[0], number: 17, type: '1', active: 1 }],
    });
    expect(res.status).toBe(201);
    const c = res.json().data.client;
    expect(c).toMatchObject({ phone: '(54)99999-9999', active: '1' });
    expect(c.addresses[0]).toMatchObject({ number: '17', type: 1 });
    const put = await sdk('PUT', 'v1/clientes/enderecos', { id: c.addresses[0].id, number: 1340 });
    expect(put.json().data.address.number).toBe('1340');
    const cep = await sdk('POST', 'v1/clientes/enderecos', { ...readmeAddress(c.id), postcode: 1310100 });
    expect(cep.status).toBe(400);
    expect(cep.json()).toMatchObject({ success: false, errorCode: 'EPI' });
    expect(cep.json().errorMessage).toMatch(/^Parâmetro \[postcode\] inválido/);
  });

  it('delCustomer removes it; a second delete is 404 ENF', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7107))).json().data.client;
    const res = await sdk('DELETE', `v1/clientes/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.json().data.client.id).toBe(c.id);
    const again = await sdk('DELETE', `v1/clientes/${c.id}`);
    expect(again.status).toBe(404);
    expect(again.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Cliente não encontrado' });
  });
});

describe('addresses: addAddress / getAddress / allAddresses / delAddress', () => {
  it('adds an address with idClient (README body), reads it, lists the client’s addresses', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7201))).json().data.client;
    const added = await sdk('POST', 'v1/clientes/enderecos', {
      ...readmeAddress(c.id),
      street: 'Av. Paulista',
      number: '1000',
      reference: 'Perto do metrô',
    });
    expect(added.status).toBe(201);
    const address = added.json().data.address;
    expect(address).toEqual({
      id: expect.any(Number),
      idClient: c.id,
      street: 'AV. PAULISTA',
      number: '1000',
      complement: 'SALA 00',
      district: 'CENTRO',
      city: 'SÃO PAULO',
      state: 'SP',
      postcode: '01310100',
      responsibleName: 'NOME DO RESPONSÁVEL',
      reference: 'PERTO DO METRÔ',
      type: 1,
    });
    expect(address.id).not.toBe(c.addresses[0].id);
    const got = await sdk('GET', `v1/clientes/enderecos/${address.id}`);
    expect(got.status).toBe(200);
    expect(got.json()).toEqual({ success: true, data: { address } });
    const all = await sdk('GET', `v1/clientes/${c.id}/enderecos`);
    expect(all.status).toBe(200);
    expect(all.json()).toEqual({ success: true, data: { addresses: [c.addresses[0], address] } });
    // The client itself now has both.
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client.addresses).toEqual([c.addresses[0], address]);
  });

  it('README "Atualizar": PUT {id, ...subset} changes only those fields', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7202))).json().data.client;
    const a = c.addresses[0];
    const res = await sdk('PUT', 'v1/clientes/enderecos', { id: a.id, complement: 'Sala 12', type: '2' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { address: { ...a, complement: 'SALA 12', type: 2 } } });
    expect((await sdk('GET', `v1/clientes/enderecos/${a.id}`)).json().data.address).toEqual({ ...a, complement: 'SALA 12', type: 2 });
  });

  it('README "Atualizar": PUT {id, active:false} removes the address (Cobre keeps no inactive ones) and returns it', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7203))).json().data.client;
    const second = (await sdk('POST', 'v1/clientes/enderecos', readmeAddress(c.id))).json().data.address;
    const res = await sdk('PUT', 'v1/clientes/enderecos', { id: c.addresses[0].id, active: false });
    expect(res.status).toBe(200);
    expect(res.json().data.address).toEqual(c.addresses[0]);
    const gone = await sdk('GET', `v1/clientes/enderecos/${c.addresses[0].id}`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Endereço não encontrado' });
    expect((await sdk('GET', `v1/clientes/${c.id}/enderecos`)).json().data.addresses).toEqual([second]);
    // The remaining address became the primary one.
    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    expect(v1.addresses.map((x: { number: number; is_primary: boolean }) => [x.number, x.is_primary])).toEqual([[second.id, true]]);
  });

  it('delAddress removes it and returns it; the client keeps its other addresses', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7204))).json().data.client;
    const second = (await sdk('POST', 'v1/clientes/enderecos', readmeAddress(c.id))).json().data.address;
    const res = await sdk('DELETE', `v1/clientes/enderecos/${second.id}`);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { address: second } });
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client.addresses).toEqual(c.addresses);
    expect((await sdk('DELETE', `v1/clientes/enderecos/${second.id}`)).status).toBe(404);
  });

  it('errors name the address parameters: idClient missing (EPT) or unknown (ENF), bad CEP (EPI postcode), POST with id, idClient of another client', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7205))).json().data.client;
    const { idClient: _omit, ...noClient } = readmeAddress(c.id);
    expect((await sdk('POST', 'v1/clientes/enderecos', noClient)).json()).toEqual({
      success: false,
      errorCode: 'EPT',
      errorMessage: 'Parâmetro [idClient] é obrigatório',
    });
    const unknown = await sdk('POST', 'v1/clientes/enderecos', readmeAddress(999999));
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toEqual({ success: false, errorCode: 'ENF', errorMessage: 'Cliente não encontrado' });
    const badCep = await sdk('POST', 'v1/clientes/enderecos', { ...readmeAddress(c.id), postcode: '123' });
    expect(badCep.status).toBe(400);
    expect(badCep.json()).toMatchObject({ success: false, errorCode: 'EPI' });
    expect(badCep.json().errorMessage).toMatch(/^Parâmetro \[postcode\] inválido/);
    const withId = await sdk('POST', 'v1/clientes/enderecos', { ...readmeAddress(c.id), id: 5 });
    expect(withId.status).toBe(400);
    expect(withId.json().errorMessage).toMatch(/^Parâmetro \[id\] inválido/);
    const noId = await sdk('PUT', 'v1/clientes/enderecos', { city: 'Garibaldi' });
    expect(noId.json()).toEqual({ success: false, errorCode: 'EPT', errorMessage: 'Parâmetro [id] é obrigatório' });
    const d = (await sdk('POST', 'v1/clientes', readmeCustomer(7206))).json().data.client;
    const moved = await sdk('PUT', 'v1/clientes/enderecos', { id: c.addresses[0].id, idClient: d.id, city: 'Garibaldi' });
    expect(moved.status).toBe(400);
    expect(moved.json().errorMessage).toMatch(/^Parâmetro \[idClient\] inválido/);
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client.addresses).toEqual(c.addresses);
  });

  it("another tenant's addresses and clients are not found", async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7207))).json().data.client;
    const a = c.addresses[0].id;
    for (const [method, path, body] of [
      ['GET', `v1/clientes/enderecos/${a}`],
      ['DELETE', `v1/clientes/enderecos/${a}`],
      ['PUT', 'v1/clientes/enderecos', { id: a, city: 'Garibaldi' }],
      ['GET', `v1/clientes/${c.id}/enderecos`],
      ['POST', 'v1/clientes/enderecos', readmeAddress(c.id)],
    ] as [string, string, unknown?][]) {
      const res = await sdk(method, path, body, other.live);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json().errorCode).toBe('ENF');
    }
    expect((await sdk('GET', `v1/clientes/${c.id}`)).json().data.client.addresses).toEqual(c.addresses);
  });
});

describe('search and deployment', () => {
  it('POST v1/branvo/search is refused with a clear ENF (what it searches is not published); auth comes first', async () => {
    const res = await sdk('POST', 'v1/branvo/search', { name: 'Nome do Cliente' });
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({
      success: false,
      errorCode: 'ENF',
      errorMessage:
        'A busca (POST v1/branvo/search) não é suportada pela Cobre: use GET v1/clientes/pagina/{pagina} ou GET v1/clientes/{id}',
    });
    expect((await sdk('POST', 'v1/branvo/search', {}, 'nope')).status).toBe(401);
  });

  it('a base_uri without the trailing slash loses /dezwork (RFC 3986), so the documented base URL ends with /', () => {
    expect(new URL('v1/clientes', 'http://cobre.example/dezwork').pathname).toBe('/v1/clientes');
    expect(new URL('v1/clientes', 'http://cobre.example/dezwork/').pathname).toBe('/dezwork/v1/clientes');
  });

  it('COBRE_COMPAT_HOSTS=<host>=dezwork serves the dialect at the host root, so only the SDK host changes', async () => {
    const c = (await sdk('POST', 'v1/clientes', readmeCustomer(7301))).json().data.client;
    const onHost = (method: string, url: string, body?: unknown) =>
      ctx.app.inject({
        method: method as 'GET',
        url,
        headers: { host: DZ_HOST, 'account-token': t.live, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
    const got = await onHost('GET', `/v1/clientes/${c.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ success: true, data: { client: c } });
    const put = await onHost('PUT', '/v1/clientes', { id: c.id, active: false });
    expect(put.json().data.client.active).toBe('0');
    expect((await onHost('GET', `/v1/clientes/${c.id}/enderecos`)).json().data.addresses).toEqual(c.addresses);
    const unknown = await onHost('GET', '/v1/produtos');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, errorCode: 'ENF' });
  });
});
