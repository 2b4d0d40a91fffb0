// The API the console's bank-file and collection-account screens use: validation as the clerk types
// (expected check digits), deactivation, the remittance preview (JSON), the return-file dry run that
// writes nothing, and the webhook event-type catalogue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, br, d } from '../support/app.ts';
import { return240 } from '../support/cnab-return.ts';
import { digitMismatches, expectedDigits } from '../../src/boleto/accounts/check-digits.ts';

let ctx: TestContext;
let seed = 7100;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const beneficiary = {
  beneficiary_name: 'Empresa Demonstração Ltda',
  beneficiary_document: '11.222.333/0001-81',
  beneficiary_address: {
    street: 'Rua João Pessoa',
    number: '17',
    district: 'Centro',
    city: 'Garibaldi',
    state: 'RS',
    postal_code: '95720-000',
  },
};
const ITAU = { bank_code: '341', agency: '0057', account: '12345', account_digit: '7', carteira: '109' };

async function setup() {
  const t = await ctx.newTenant();
  const acc = await ctx.call(t.live, 'POST', '/v1/collection-accounts', { ...ITAU, ...beneficiary });
  expect(acc.statusCode, acc.body).toBe(201);
  const cust = await ctx.call(t.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria Pagadora',
    document: cpfFrom(++seed),
    addresses: [
      {
        street: 'Avenida Borges de Medeiros',
        number: '1501',
        district: 'Praia de Belas',
        city: 'Porto Alegre',
        state: 'RS',
        postal_code: '90119-900',
      },
    ],
  });
  expect(cust.statusCode, cust.body).toBe(201);
  return { t, account: acc.json(), customer: cust.json() };
}

async function chargeWithBoleto(t: TestTenant, customerId: string, amount: number) {
  const ch = await ctx.call(t.live, 'POST', '/v1/charges', { customer_id: customerId, amount_cents: amount, due_date: d('2026-12-10') });
  expect(ch.statusCode, ch.body).toBe(201);
  const b = await ctx.call(t.live, 'POST', `/v1/charges/${ch.json().id}/boleto`);
  expect(b.statusCode, b.body).toBe(200);
  return { charge: ch.json(), boleto: b.json() };
}

async function countRows(table: string, tenantId: string): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  return Number(rows[0].n);
}

describe('agency and account check digits', () => {
  it('computes the digits of the banks whose rule is known', () => {
    // Published examples: Banco do Brasil agency 1584-9, account 00210169-6; Itaú 0057 / 12345-7.
    expect(expectedDigits('001', '1584', '00210169')).toEqual({ agency_digit: '9', account_digit: '6' });
    expect(expectedDigits('001', '0001', null)).toEqual({ agency_digit: '9' });
    expect(expectedDigits('341', '0057', '12345')).toEqual({ account_digit: '7' });
    // Banrisul agency 0077-81 (its código do cedente document), código 9000150-46 (brcobranca banrisul_spec.rb); Ailos 0101-5 / 1111111-9 (ailos_spec.rb).
    expect(expectedDigits('041', '0077', '9000150')).toEqual({ agency_digit: '81', account_digit: '46' });
    expect(expectedDigits('085', '0101', '1111111')).toEqual({ agency_digit: '5', account_digit: '9' });
    expect(digitMismatches('085', { agency: '0548', agency_digit: '7', account: '1448', account_digit: '5' })).toEqual([
      { field: 'account_digit', expected: '6' },
    ]);
    expect(expectedDigits('237', '1234', '1234567')).toEqual({});
    expect(digitMismatches('001', { agency: '1584', agency_digit: '9', account: '210169', account_digit: 'x' })).toEqual([
      { field: 'account_digit', expected: '6' },
    ]);
    expect(digitMismatches('001', { agency: '1584', agency_digit: '', account: '210169', account_digit: '6' })).toEqual([]);
  });
});

describe('POST /v1/collection-accounts/validate', () => {
  it('says which digit the bank expects, judges only what was typed, and writes nothing', async () => {
    const t = await ctx.newTenant();
    const wrong = await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', {
      bank_code: '341',
      agency: '0057',
      account: '12345',
      account_digit: '0',
    });
    expect(wrong.statusCode, wrong.body).toBe(200);
    expect(wrong.json()).toMatchObject({ valid: false, expected_digits: { account_digit: '7' } });
    expect(wrong.json().issues).toEqual([{ field: 'account_digit', issue: 'does_not_match_agency_account; expected 7', expected: '7' }]);

    const bb = (
      await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', {
        bank_code: '001',
        convenio: '1234',
        carteira: '17',
        agency: '1584',
        agency_digit: '1',
        account: '00210169',
        account_digit: '6',
      })
    ).json();
    expect(bb.issues).toEqual([{ field: 'agency_digit', issue: 'does_not_match_agency_account; expected 9', expected: '9' }]);
    expect(bb.expected_digits).toEqual({ agency_digit: '9', account_digit: '6' });

    // Half a form: the empty beneficiary, address and carteira are not "missing" yet.
    const half = (
      await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', {
        bank_code: '341',
        agency: '0057',
        account: '12345',
        account_digit: '7',
      })
    ).json();
    expect(half).toMatchObject({ valid: true, issues: [] });
    const badCep = (
      await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { bank_code: '341', beneficiary_address: { postal_code: '123' } })
    ).json();
    expect(badCep.issues.map((i: { field: string }) => i.field)).toEqual(['beneficiary_address.postal_code']);

    const full = (await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { ...ITAU, ...beneficiary })).json();
    expect(full).toMatchObject({ valid: true, issues: [] });
    expect(await countRows('collection_accounts', t.id)).toBe(0);

    // Creating with the wrong Banco do Brasil digit is refused with the same words.
    const create = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
      bank_code: '001',
      convenio: '1234',
      carteira: '17',
      agency: '1584',
      agency_digit: '1',
      account: '00210169',
      account_digit: '6',
      ...beneficiary,
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().error.details).toContainEqual({ field: 'agency_digit', issue: 'does_not_match_agency_account; expected 9' });
  });

  it('validates an edit: a duplicate agreement, and the bank fields fixed once boletos exist', async () => {
    const { t, account, customer } = await setup();
    const other = await ctx.call(t.live, 'POST', '/v1/collection-accounts', { ...ITAU, carteira: '112', ...beneficiary });
    expect(other.statusCode, other.body).toBe(201);
    const dup = (await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { id: other.json().id, carteira: '109' })).json();
    expect(dup.valid).toBe(false);
    expect(dup.issues).toEqual([
      { field: 'convenio', issue: `same bank, agency, account, carteira and convênio as collection account #${account.number}` },
    ]);

    expect(
      (await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { id: account.id, label: 'Itaú principal' })).json(),
    ).toMatchObject({ valid: true, fixed_fields: [] });
    await chargeWithBoleto(t, customer.id, 1000);
    const fixed = (
      await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { id: account.id, agency: '0058', account_digit: '6' })
    ).json();
    expect(fixed.fixed_fields).toContain('agency');
    expect(fixed.issues).toEqual(
      expect.arrayContaining([
        { field: 'agency', issue: 'fixed once boletos exist' },
        { field: 'account_digit', issue: 'fixed once boletos exist' },
      ]),
    );
    // The label and the beneficiary stay editable; the PATCH agrees.
    const relabel = await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${account.id}`, {
      label: 'Itaú principal',
      beneficiary_name: 'Empresa Nova Ltda',
    });
    expect(relabel.statusCode, relabel.body).toBe(200);
    expect(relabel.json()).toMatchObject({ label: 'Itaú principal', beneficiary_name: 'Empresa Nova Ltda' });
    expect(
      (await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${account.id}`, { agency: '0058', account_digit: '6' })).statusCode,
    ).toBe(409);
  });

  it('refuses unknown fields like the other writes (400)', async () => {
    const t = await ctx.newTenant();
    const res = await ctx.call(t.live, 'POST', '/v1/collection-accounts/validate', { bank_code: '341', banana: 1 });
    expect(res.statusCode).toBe(400);
  });
});

describe('deactivating a collection account', () => {
  it('issues no new boleto while inactive, and again once reactivated', async () => {
    const { t, account, customer } = await setup();
    const off = await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${account.id}`, { active: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const ch = await ctx.call(t.live, 'POST', '/v1/charges', { customer_id: customer.id, amount_cents: 5000, due_date: d('2026-12-10') });
    const refused = await ctx.call(t.live, 'POST', `/v1/charges/${ch.json().id}/boleto`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.reason).toBe('collection_account_inactive');
    expect((await ctx.call(t.live, 'PATCH', `/v1/collection-accounts/${account.id}`, { active: true })).json().active).toBe(true);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${ch.json().id}/boleto`)).statusCode).toBe(200);
  });
});

describe('remittance preview (JSON)', () => {
  it('lists each boleto the next file carries and takes no file sequence', async () => {
    const { t, account, customer } = await setup();
    const none = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance/preview`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.reason).toBe('nothing_to_remit');
    const a = await chargeWithBoleto(t, customer.id, 12345);
    const b = await chargeWithBoleto(t, customer.id, 6789);
    const p = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance/preview`);
    expect(p.statusCode, p.body).toBe(200);
    expect(p.json()).toMatchObject({
      file_sequence: 1,
      boleto_count: 2,
      total_cents: 12345 + 6789,
      format: 'cnab240',
      file_name: `remessa-341-${account.number}-000001.rem`,
    });
    expect(p.json().boletos.map((x: { charge_number: number }) => x.charge_number)).toEqual([a.charge.number, b.charge.number]);
    expect(p.json().boletos[0]).toMatchObject({
      boleto_id: a.boleto.id,
      customer_name: 'Maria Pagadora',
      nosso_numero: a.boleto.nosso_numero,
      movement_code: '01',
      movement: 'entry',
      due_date: d('2026-12-10'),
      amount_cents: 12345,
    });
    const again = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance/preview`)).json();
    expect(again.file_sequence).toBe(1);
    expect(await countRows('remittances', t.id)).toBe(0);
    const real = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance`);
    expect(real.headers['x-file-sequence']).toBe('1');
    expect(real.headers['x-boleto-count']).toBe('2');
  });
});

describe('return file preview (?preview=true)', () => {
  it('says what processing would do, writes nothing, and processing then does exactly that', async () => {
    const { t, account, customer } = await setup();
    const a = await chargeWithBoleto(t, customer.id, 15000);
    const b = await chargeWithBoleto(t, customer.id, 25000);
    const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
    const nnB = b.boleto.nosso_numero.replace(/\D/g, '');
    const file = return240('341', [
      { code: '02', nossoNumero: nnB, amount: 25000 },
      { code: '06', nossoNumero: nnA, amount: 15000, paid: 15000, fee: 250, paymentDate: br('20112026') },
      { code: '06', nossoNumero: '99999999999', amount: 4200, paid: 4200, paymentDate: br('20112026') },
      { code: '28', nossoNumero: nnA, amount: 15000, fee: 90 },
    ]);
    const before = {
      payments: await countRows('payments', t.id),
      returns: await countRows('bank_returns', t.id),
      events: await countRows('events', t.id),
    };
    const url = `/v1/collection-accounts/${account.id}/returns`;
    const prev = await ctx.call(t.live, 'POST', `${url}?preview=true&file_name=ret.txt`, file, {
      'content-type': 'application/octet-stream',
    });
    expect(prev.statusCode, prev.body).toBe(200);
    const p = prev.json();
    expect(p).toMatchObject({
      preview: true,
      already_processed: false,
      entry_count: 4,
      paid_total_cents: 15000,
      fee_total_cents: 250,
      other_count: 1,
    });
    expect(p.payments).toHaveLength(1);
    expect(p.payments[0]).toMatchObject({ charge_id: a.charge.id, paid_cents: 15000, created: true, charge_status: 'paid' });
    expect(p.unmatched.map((u: { nosso_numero: string }) => u.nosso_numero)).toEqual(['99999999999']);
    expect(p.other).toEqual([expect.objectContaining({ occurrence_code: '28', nosso_numero: nnA })]);
    expect(p.charges[a.charge.id]).toMatchObject({
      number: a.charge.number,
      customer_name: 'Maria Pagadora',
      status: 'open',
      amount_cents: 15000,
      paid_cents: 0,
    });
    // Nothing written: no payment, no stored return, no event; the charge is still open, the boleto not registered.
    expect({
      payments: await countRows('payments', t.id),
      returns: await countRows('bank_returns', t.id),
      events: await countRows('events', t.id),
    }).toEqual(before);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json().status).toBe('open');
    expect((await ctx.call(t.live, 'GET', `/v1/boletos/${b.boleto.id}`)).json().status).toBe('issued');
    expect((await ctx.call(t.live, 'GET', url)).json().data).toEqual([]);

    const real = await ctx.call(t.live, 'POST', `${url}?file_name=ret.txt`, file, { 'content-type': 'application/octet-stream' });
    expect(real.statusCode, real.body).toBe(200);
    const r = real.json();
    expect(r.preview).toBeUndefined();
    expect(r.charges).toBeUndefined();
    for (const k of ['entry_count', 'paid_total_cents', 'fee_total_cents', 'other_count', 'unmatched', 'other'] as const)
      expect(r[k]).toEqual(p[k]);
    expect(r.payments.map((x: { charge_id: string; paid_cents: number }) => [x.charge_id, x.paid_cents])).toEqual([[a.charge.id, 15000]]);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json().status).toBe('paid');

    // The same file previewed again: it was processed already, nothing more would happen.
    const seen = (await ctx.call(t.live, 'POST', `${url}?preview=true`, file, { 'content-type': 'application/octet-stream' })).json();
    expect(seen).toMatchObject({ preview: true, already_processed: true, bank_return_id: r.bank_return_id });
  });

  it('explains a malformed file with the same 400 as processing', async () => {
    const { t, account } = await setup();
    const res = await ctx.call(
      t.live,
      'POST',
      `/v1/collection-accounts/${account.id}/returns?preview=true`,
      'isto não é um arquivo CNAB\r\n',
      { 'content-type': 'text/plain' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_return_file');
    expect(res.json().error.details[0].field).toBe('line 1');
  });
});

describe('GET /v1/webhook-endpoints/event-types', () => {
  it('lists the usual event types with a description, each one a valid subscription', async () => {
    const t = await ctx.newTenant();
    const res = await ctx.call(t.live, 'GET', '/v1/webhook-endpoints/event-types');
    expect(res.statusCode, res.body).toBe(200);
    const types = res.json().data as { type: string; group: string; description: string }[];
    expect(types.map((x) => x.type)).toEqual(
      expect.arrayContaining(['charge.paid', 'charge.overdue', 'payment.created', 'bank_return.processed', 'customer.created']),
    );
    expect(types.every((x) => x.description.length > 5 && x.group.length > 0)).toBe(true);
    const ep = await ctx.call(t.live, 'POST', '/v1/webhook-endpoints', {
      url: 'https://example.com/hook',
      event_types: types.map((x) => x.type),
    });
    expect(ep.statusCode, ep.body).toBe(201);
  });
});
