// One domain, several dialects: a customer written through one is read, with the same data,
// through the others and the canonical API; a change through one is seen by all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(() => ctx.close());

describe('cross-dialect visibility', () => {
  it('a customer created through Dezwork is the same customer in TOConline, Modulo12 and /v1', async () => {
    const created = await ctx.call(t.live, 'POST', '/dezwork/v1/clientes', {
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
        },
      ],
    });
    expect(created.statusCode).toBe(201);
    const number = created.json().data.client.id;

    const v1 = (await ctx.call(t.live, 'GET', `/v1/customers/${number}`)).json();
    expect(v1).toMatchObject({
      number,
      person_type: 'PF',
      name: 'NOME DO CLIENTE',
      document: '00857893050',
      birth_date: '1995-02-06',
      gender: 'female',
      primary_email: 'dev@branvo.com',
      phones: [{ number: '+5554999999999' }],
      addresses: [
        {
          street: 'Rua João Pessoa',
          street_number: '17',
          city: 'Garibaldi',
          state: 'RS',
          postal_code: '95720000',
          responsible_name: 'Nome do responsável',
          reference: 'Super Mercado Y',
          kind: 1,
        },
      ],
    });
    expect(JSON.stringify(v1)).not.toMatch(/senha|scrypt|password/);

    const toc = (await ctx.call(t.live, 'GET', `/toconline/customers/${number}`)).json().data;
    expect(toc).toMatchObject({
      type: 'customers',
      id: String(number),
      attributes: {
        id: number,
        business_name: 'NOME DO CLIENTE',
        tax_registration_number: '00857893050',
        email: 'dev@branvo.com',
        mobile_number: '+5554999999999',
        country_iso_alpha_2: 'BR',
        not_final_customer: false,
      },
      relationships: { main_address: { data: { type: 'addresses', id: String(v1.addresses[0].number) } } },
    });
    const address = (await ctx.call(t.live, 'GET', `/toconline/addresses/${v1.addresses[0].number}`)).json().data;
    expect(address.attributes).toMatchObject({
      address_detail: 'Rua João Pessoa, 17 Sala 04 - Centro',
      city: 'Garibaldi',
      postcode: '95720-000',
      region: 'RS',
    });
    expect(address.relationships.country.data.id).toBe('31');

    const m12 = (await ctx.call(t.live, 'GET', `/modulo12/v1/partner/${t.id}/customer/${v1.id}`)).json();
    expect(m12).toMatchObject({
      id: v1.id,
      number,
      name: 'NOME DO CLIENTE',
      cpf: '00857893050',
      birthDate: '1995-02-06',
      email: 'dev@branvo.com',
      address: { street: 'Rua João Pessoa', postalCode: '95720000' },
    });
    expect((await ctx.call(t.live, 'GET', `/modulo12/v1/partner/${t.id}/customer`)).json()).toContainEqual({
      id: v1.id,
      name: 'NOME DO CLIENTE',
      rg: null,
      cpf: '00857893050',
      cnpj: null,
    });

    // A change through TOConline is what Dezwork returns next.
    const patched = await ctx.call(
      t.live,
      'PATCH',
      `/toconline/email_addresses/${v1.emails[0].number}`,
      { data: { type: 'email_addresses', attributes: { email: 'novo@branvo.com' } } },
      { 'content-type': 'application/vnd.api+json' },
    );
    expect(patched.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/dezwork/v1/clientes/${number}`)).json().data.client.mail).toBe('novo@branvo.com');
    // …and a Dezwork PUT keeps what only other dialects know (the Modulo12 RG, TOConline's observations).
    await ctx.call(t.live, 'PATCH', `/v1/customers/${number}`, { rg: '1234567890', notes: 'Observação' });
    const put = await ctx.call(t.live, 'PUT', '/dezwork/v1/clientes', {
      id: number,
      type: 'PF',
      name: 'NOME ALTERADO',
      document: '008.578.930-50',
      phone: '(54)99999-9999',
      birthDate: '06/02/1995',
      mail: 'novo@branvo.com',
      gender: 'Feminino',
      addresses: [
        { id: v1.addresses[0].number, street: 'Rua João Pessoa', number: '17', city: 'Garibaldi', state: 'RS', postcode: '95720000' },
      ],
    });
    expect(put.statusCode).toBe(200);
    expect((await ctx.call(t.live, 'GET', `/modulo12/v1/partner/${t.id}/customer/${v1.id}`)).json()).toMatchObject({
      name: 'NOME ALTERADO',
      rg: '1234567890',
    });
    expect((await ctx.call(t.live, 'GET', `/toconline/customers/${number}`)).json().data.attributes).toMatchObject({
      business_name: 'NOME ALTERADO',
      observations: 'Observação',
    });
  });

  it('a customer created through TOConline or Modulo12 is listed by Dezwork in its format', async () => {
    const toc = await ctx.call(t.live, 'POST', '/toconline/customers', {
      data: {
        type: 'customers',
        attributes: {
          business_name: 'Empresa Exemplo Ltda',
          tax_registration_number: '58009342000152',
          country_iso_alpha_2: 'BR',
          email: 'fin@exemplo.com.br',
        },
      },
    });
    expect(toc.statusCode).toBe(200);
    const m12 = await ctx.call(t.live, 'POST', `/modulo12/v1/partner/${t.id}/customer`, {
      name: 'Maria da Silva',
      cpf: '529.982.247-25',
      rg: '99887766',
    });
    expect(m12.statusCode).toBe(201);
    const clients = (await ctx.call(t.live, 'GET', '/dezwork/v1/clientes/pagina/1')).json().data.clients;
    expect(clients.find((c: { id: number }) => c.id === Number(toc.json().data.id))).toMatchObject({
      type: 'PJ',
      name: 'Empresa Exemplo Ltda',
      document: '58.009.342/0001-52',
      mail: 'fin@exemplo.com.br',
      active: '1',
      addresses: [],
    });
    expect(clients.find((c: { name: string }) => c.name === 'Maria da Silva')).toMatchObject({
      type: 'PF',
      document: '529.982.247-25',
      birthdate: null,
      gender: null,
      phone: null,
    });
  });
});
