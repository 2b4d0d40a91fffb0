// Collection accounts, boletos of charges (nosso número under concurrency, the PDF scanned back,
// carnê), the parse endpoint and the Pix of a charge, through HTTP against a real database.
// The PDF checks read the output back with poppler-utils and zbar-tools; without them those skip.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePix } from '../../src/pix/index.ts';
import { barcodeToLinhaDigitavel, dueDateFromFactor, formatLinhaDigitavel, parseBoleto } from '../../src/febraban/index.ts';
import { createTestContext, cpfFrom, type TestContext, type TestTenant, d } from '../support/app.ts';
import { systemScope } from '../../src/platform/scope.ts';
import { ensureChargeBoletos } from '../../src/boleto/boletos.ts';
import { chargeBoletoDocuments } from '../../src/boleto/document.ts';
import { systemTools } from '../support/tools.ts';

const tools = systemTools('the boleto PDF scan and text checks', ['pdftoppm', 'pdftotext', 'pdfinfo', 'zbarimg']);

let ctx: TestContext;
let t: TestTenant;
const dir = mkdtempSync(join(tmpdir(), 'boletos-http-'));

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

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

/** One valid account per supported bank (fields per docs/boletos.md). */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  '001': { bank_code: '001', convenio: '1234567', carteira: '17', agency: '1234', account: '99999' },
  '033': { bank_code: '033', convenio: '1234567', carteira: '101', agency: '3456' },
  '104': { bank_code: '104', beneficiary_code: '123456', carteira: 'RG', agency: '1234' },
  '237': { bank_code: '237', agency: '1172', account: '0403005', carteira: '09' },
  '341': { bank_code: '341', agency: '0057', account: '12345', carteira: '109', account_digit: '7' },
  '756': { bank_code: '756', agency: '4327', beneficiary_code: '3666', carteira: '1' },
  '748': { bank_code: '748', agency: '0165', post: '02', beneficiary_code: '00623', carteira: '1' },
  // brcobranca banrisul_spec.rb: agency 1102, código do beneficiário 9000150, NC 46
  '041': { bank_code: '041', agency: '1102', account: '9000150', account_digit: '46', carteira: '2' },
  // brcobranca banco_brasilia_spec.rb: agency 082, account 0000528, modalidade 2
  '070': { bank_code: '070', agency: '082', account: '0000528', carteira: '2' },
  // brcobranca banco_nordeste_spec.rb: agency 0016, account 0001193-2, carteira 21
  '004': { bank_code: '004', agency: '0016', account: '0001193', account_digit: '2', carteira: '21' },
  // brcobranca safra_spec.rb: agency 0040-0, account 00027824-7
  '422': { bank_code: '422', agency: '0040', agency_digit: '0', account: '00027824', account_digit: '7', carteira: '1' },
  // brcobranca unicred_spec.rb: agency 1234, account 12345-7, carteira 21
  '136': { bank_code: '136', agency: '1234', account: '12345', account_digit: '7', carteira: '21' },
  // brcobranca ailos_spec.rb: cooperativa 0101-5, account 1111111-9, convênio 234
  '085': { bank_code: '085', agency: '0101', agency_digit: '5', account: '1111111', account_digit: '9', convenio: '234', carteira: '1' },
  // BoletoNetCore BancoUniprimeNortePRCarteira09Tests.cs: agency 0012-4, account 47744-3, carteira 09
  '084': { bank_code: '084', agency: '0012', agency_digit: '4', account: '47744', account_digit: '3', carteira: '09' },
};

async function newAccount(tenant: TestTenant, bank: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/collection-accounts', { ...ACCOUNTS[bank], ...beneficiary, ...over });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

let seed = 1000;
async function newCustomer(tenant: TestTenant, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Maria da Silva Pagadora',
    document: cpfFrom(++seed),
    addresses: [
      { street: 'Avenida Brasil', number: '100', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' },
    ],
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function newCharge(tenant: TestTenant, customerId: string, over: Record<string, unknown> = {}) {
  const res = await ctx.call(tenant.live, 'POST', '/v1/charges', {
    customer_id: customerId,
    amount_cents: 12345,
    due_date: d('2026-12-10'),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

function scan(pdf: Buffer, name: string): string[] {
  const base = join(dir, name);
  writeFileSync(`${base}.pdf`, pdf);
  tools.run('pdftoppm', ['-r', '300', '-png', '-f', '1', '-l', '1', '-singlefile', `${base}.pdf`, base]);
  const out = tools.run('zbarimg', ['--nodbus', '--quiet', '--raw', '-Si25.enable', `${base}.png`]);
  return out.split('\n').filter((l) => l !== '');
}

function pageCount(pdf: Buffer, name: string): number {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return Number(/Pages:\s+(\d+)/.exec(tools.run('pdfinfo', [file]))?.[1]);
}

describe('collection accounts', () => {
  it('accepts a valid account of every supported bank; the first is the default', async () => {
    const tenant = await ctx.newTenant();
    const banks = (await ctx.call(tenant.live, 'GET', '/v1/collection-accounts/banks')).json().data.map((b: { code: string }) => b.code);
    expect(banks.sort()).toEqual(Object.keys(ACCOUNTS).sort());
    for (const bank of banks) {
      const a = await newAccount(tenant, bank);
      expect(a).toMatchObject({
        bank_code: bank,
        next_sequence: 1,
        active: true,
        beneficiary_document: '11222333000181',
        beneficiary_document_kind: 'cnpj',
      });
      expect(a.max_sequence).toBeGreaterThan(9_000);
    }
    const list = (await ctx.call(tenant.live, 'GET', '/v1/collection-accounts')).json().data;
    expect(list).toHaveLength(Object.keys(ACCOUNTS).length);
    expect(list.filter((a: { is_default: boolean }) => a.is_default).map((a: { bank_code: string }) => a.bank_code)).toEqual(['001']);
  });

  it.each([
    ['Banco do Brasil without convênio', { ...ACCOUNTS['001'], convenio: undefined }, 'convenio', 'required'],
    ['Banco do Brasil with a 5-digit convênio', { ...ACCOUNTS['001'], convenio: '12345' }, 'convenio', 'must_have_4_6_7_or_8_digits'],
    ['Santander with a 2-digit carteira', { ...ACCOUNTS['033'], carteira: '10' }, 'carteira', 'must_be_3_digits'],
    ['Caixa with carteira XX', { ...ACCOUNTS['104'], carteira: 'XX' }, 'carteira', undefined],
    [
      'Caixa with a beneficiary code in the 1,000,000–1,100,000 gap',
      { ...ACCOUNTS['104'], beneficiary_code: '1050000' },
      'beneficiary_code',
      undefined,
    ],
    ['Bradesco without account', { ...ACCOUNTS['237'], account: undefined }, 'account', 'required'],
    ['Itaú with a "seu número" carteira', { ...ACCOUNTS['341'], carteira: '198' }, 'carteira', undefined],
    ['Itaú with a wrong account digit', { ...ACCOUNTS['341'], account_digit: '0' }, 'account_digit', undefined],
    ['Sicoob without client code', { ...ACCOUNTS['756'], beneficiary_code: undefined }, 'beneficiary_code', 'required'],
    ['Sicredi with carteira 2', { ...ACCOUNTS['748'], carteira: '2' }, 'carteira', undefined],
    ['Banrisul with carteira 3', { ...ACCOUNTS['041'], carteira: '3' }, 'carteira', 'must_be_1_or_2'],
    [
      'Banrisul with a wrong agency NC',
      { ...ACCOUNTS['041'], agency: '0077', agency_digit: '18' },
      'agency_digit',
      'does_not_match_agency_account; expected 81',
    ],
    ['BRB with a 4-digit agency', { ...ACCOUNTS['070'], agency: '0082' }, 'agency', 'max_3_digits'],
    ['BRB with modalidade 4', { ...ACCOUNTS['070'], carteira: '4' }, 'carteira', 'must_be_1_2_or_3'],
    ['Banco do Nordeste without account digit', { ...ACCOUNTS['004'], account_digit: undefined }, 'account_digit', 'required'],
    ['Banco do Nordeste with carteira 31', { ...ACCOUNTS['004'], carteira: '31' }, 'carteira', 'must_be_21_41_or_51'],
    ['Safra without agency digit', { ...ACCOUNTS['422'], agency_digit: undefined }, 'agency_digit', 'required'],
    ['Safra with a 9-digit account', { ...ACCOUNTS['422'], account: '000278240' }, 'account', 'max_8_digits'],
    ['Unicred with carteira 1', { ...ACCOUNTS['136'], carteira: '1' }, 'carteira', 'must_be_21'],
    [
      'Ailos with a wrong account digit',
      { ...ACCOUNTS['085'], account_digit: '8' },
      'account_digit',
      'does_not_match_agency_account; expected 9',
    ],
    [
      'Ailos with a wrong agency digit',
      { ...ACCOUNTS['085'], agency_digit: '4' },
      'agency_digit',
      'does_not_match_agency_account; expected 5',
    ],
    ['Ailos without convênio', { ...ACCOUNTS['085'], convenio: undefined }, 'convenio', 'required'],
    ['Uniprime with carteira 06', { ...ACCOUNTS['084'], carteira: '06' }, 'carteira', 'must_be_09'],
    [
      'Uniprime with a wrong account digit',
      { ...ACCOUNTS['084'], account_digit: '2' },
      'account_digit',
      'does_not_match_agency_account; expected 3',
    ],
    ['Banrisul with an 8-digit código do beneficiário', { ...ACCOUNTS['041'], account: '90001500' }, 'account', 'max_7_digits'],
    [
      'Banrisul with a wrong NC of the código do beneficiário',
      { ...ACCOUNTS['041'], account_digit: '47' },
      'account_digit',
      'does_not_match_agency_account; expected 46',
    ],
    [
      'Banco Inter (Inter assigns the nosso número; docs/boletos.md)',
      {
        bank_code: '077',
        agency: '0001',
        agency_digit: '9',
        account: '26245793',
        account_digit: '8',
        carteira: '112',
        convenio: '0510113',
      },
      'bank_code',
      undefined,
    ],
    ['an unsupported bank', { ...ACCOUNTS['341'], bank_code: '999' }, 'bank_code', undefined],
    ['an invalid CNPJ', { ...ACCOUNTS['341'], beneficiary_document: '11.222.333/0001-82' }, 'beneficiary_document', undefined],
    ['an invalid Pix key', { ...ACCOUNTS['341'], pix_key: 'not a key' }, 'pix_key', undefined],
    [
      'an invalid CEP',
      { ...ACCOUNTS['341'], beneficiary_address: { ...beneficiary.beneficiary_address, postal_code: '123' } },
      'beneficiary_address.postal_code',
      undefined,
    ],
  ])('refuses %s with 400 naming the field', async (_name, fields, field, issue) => {
    const tenant = await ctx.newTenant();
    const res = await ctx.call(tenant.live, 'POST', '/v1/collection-accounts', { ...beneficiary, ...fields });
    expect(res.statusCode, res.body).toBe(400);
    const details = res.json().error.details as { field: string; issue: string }[];
    const hit = details.find((x) => x.field === field);
    expect(hit, JSON.stringify(details)).toBeDefined();
    if (issue) expect(hit!.issue).toBe(issue);
    expect((await ctx.call(tenant.live, 'GET', '/v1/collection-accounts')).json().data).toEqual([]);
  });

  it('keeps exactly one default, refuses a duplicate agreement, and canonicalises the Pix key', async () => {
    const tenant = await ctx.newTenant();
    const a = await newAccount(tenant, '341');
    const b = await newAccount(tenant, '237', { is_default: true, pix_key: 'Financeiro@Example.COM' });
    expect(b).toMatchObject({ is_default: true, pix_key: 'financeiro@example.com', pix_key_type: 'email' });
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${a.id}`)).json().is_default).toBe(false);
    const unset = await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${b.id}`, { is_default: false });
    expect(unset.statusCode).toBe(409);
    expect(unset.json().error.reason).toBe('default_collection_account');
    const dup = await ctx.call(tenant.live, 'POST', '/v1/collection-accounts', { ...ACCOUNTS['341'], ...beneficiary });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({
      code: 'conflict',
      reason: 'duplicate_collection_account',
      existing_collection_account_id: a.id,
    });
    // Deleting the default hands the role to the other account.
    expect((await ctx.call(tenant.live, 'DELETE', `/v1/collection-accounts/${b.number}`)).statusCode).toBe(200);
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${a.id}`)).json().is_default).toBe(true);
    // next_sequence can be raised, never lowered.
    expect((await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${a.id}`, { next_sequence: 500 })).json().next_sequence).toBe(
      500,
    );
    const lower = await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${a.id}`, { next_sequence: 10 });
    expect(lower.statusCode).toBe(400);
    expect(lower.json().error.details[0].field).toBe('next_sequence');
  });
});

describe('boleto of a charge', () => {
  let account: { id: string };
  beforeAll(async () => {
    account = await newAccount(t, '341', { pix_key: '11.222.333/0001-81', instructions: ['Não receber após 30 dias do vencimento.'] });
  });

  it('is 409 with a clear reason before it can exist', async () => {
    const bare = await ctx.newTenant();
    const c = await newCustomer(bare);
    const ch = await newCharge(bare, c.id);
    const none = await ctx.call(bare.live, 'POST', `/v1/charges/${ch.id}/boleto`);
    expect(none.statusCode).toBe(409);
    expect(none.json().error.reason).toBe('no_collection_account');

    const noDoc = await newCustomer(t, { document: null, addresses: [] });
    const ch2 = await newCharge(t, noDoc.id);
    const incomplete = await ctx.call(t.live, 'GET', `/v1/charges/${ch2.id}/boleto.pdf`);
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().error.reason).toBe('payer_incomplete');
    expect(incomplete.json().error.details.map((d: { field: string }) => d.field)).toEqual(['customer.document', 'customer.addresses']);

    const c3 = await newCustomer(t);
    const pixOnly = await newCharge(t, c3.id, { payment_method: 'pix' });
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${pixOnly.id}/boleto`)).json().error.reason).toBe('charge_not_payable_by_boleto');
    const cancelled = await newCharge(t, c3.id);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'teste' })).statusCode).toBe(200);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/boleto`)).json().error.reason).toBe('charge_cancelled');
    expect((await ctx.call(t.live, 'GET', '/v1/charges/00000000-0000-7000-8000-000000000000/boleto')).statusCode).toBe(404);
  });

  it('is issued once (idempotent), with numbers that parse back to the charge', async () => {
    const c = await newCustomer(t);
    const ch = await newCharge(t, c.id, { amount_cents: 98765 });
    const first = await ctx.call(t.live, 'POST', `/v1/charges/${ch.id}/boleto`);
    expect(first.statusCode, first.body).toBe(200);
    const b = first.json();
    expect(b).toMatchObject({
      created: true,
      status: 'issued',
      amount_cents: 98765,
      due_date: d('2026-12-10'),
      bank_code: '341',
      collection_account_id: account.id,
    });
    expect(b.nosso_numero).toMatch(/^109\/\d{8}-\d$/);
    const again = await ctx.call(t.live, 'POST', `/v1/charges/${ch.id}/boleto`);
    expect(again.json()).toMatchObject({ id: b.id, created: false, sequence: b.sequence });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${ch.number}/boleto`)).json().id).toBe(b.id);
    const parsed = parseBoleto(b.linha_digitavel, { today: d('2026-11-23') });
    expect(parsed).toMatchObject({ barcode: b.barcode, amountCents: 98765, dueDate: d('2026-12-10'), bankCode: '341' });
    // Cancelled, a new boleto takes a new nosso número; the old one is never reused.
    const cancelled = await ctx.call(t.live, 'DELETE', `/v1/charges/${ch.id}/boleto`);
    expect(cancelled.json().status).toBe('cancelled');
    const reissued = (await ctx.call(t.live, 'POST', `/v1/charges/${ch.id}/boleto`)).json();
    expect(reissued.id).not.toBe(b.id);
    expect(reissued.sequence).toBeGreaterThan(b.sequence);
    // Cancelling the charge cancels its boleto.
    await ctx.call(t.live, 'POST', `/v1/charges/${ch.id}/cancel`, { reason: 'desistência' });
    expect((await ctx.call(t.live, 'GET', `/v1/boletos/${reissued.id}`)).json().status).toBe('cancelled');
  });

  it('gives 50 concurrent issues 50 distinct, consecutive nossos números', async () => {
    const tenant = await ctx.newTenant();
    const acc = await newAccount(tenant, '756');
    const c = await newCustomer(tenant);
    const charges = [];
    for (let i = 0; i < 50; i++) charges.push(await newCharge(tenant, c.id, { amount_cents: 1000 + i }));
    const results = await Promise.all(charges.map((ch) => ctx.call(tenant.live, 'POST', `/v1/charges/${ch.id}/boleto`)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const sequences = results.map((r) => r.json().sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r.json().nosso_numero)).size).toBe(50);
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json()).toMatchObject({
      next_sequence: 51,
      boleto_count: 50,
    });
    // Concurrent requests for ONE charge get one boleto.
    const one = await newCharge(tenant, c.id);
    const same = await Promise.all(Array.from({ length: 8 }, () => ctx.call(tenant.live, 'GET', `/v1/charges/${one.id}/boleto`)));
    expect(new Set(same.map((r) => r.json().id)).size).toBe(1);
    // The bank agreement is fixed now.
    const change = await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${acc.id}`, { beneficiary_code: '9999' });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.reason).toBe('collection_account_in_use');
    expect((await ctx.call(tenant.live, 'DELETE', `/v1/collection-accounts/${acc.id}`)).json().error.code).toBe('in_use');
    expect((await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${acc.id}`, { label: 'Sicoob' })).statusCode).toBe(200);
  });

  /** Banks added by issue 17: [bank, nosso número pattern, agência/código as printed, bank code with DV]. */
  it.each([
    ['041', /^\d{8}-\d{2}$/, '1102 / 900015.0.46', '041-8'],
    ['070', /^2\d{6}070\d{2}$/, '082 / 0000528', '070-1'],
    ['004', /^\d{7}-\d$/, '0016 / 0001193-2', '004-3'],
    ['422', /^\d{8}-\d$/, '0040-0 / 00027824-7', '422-7'],
    ['136', /^\d{10}-\d$/, '1234 / 12345-7', '136-8'],
    ['085', /^11111119\d{9}$/, '0101-5 / 1111111-9', '085-0'],
    ['084', /^09\/\d{11}-[\dP]$/, '0012-4 / 47744-3', '084-1'],
  ] as const)(
    'issues a boleto on a %s account that parses back, and prints it with the bank code and its DV',
    async (bank, nossoNumero, agencyAccount, bankWithDigit) => {
      const tenant = await ctx.newTenant();
      const acc = await newAccount(tenant, bank);
      const c = await newCustomer(tenant);
      const ch = await newCharge(tenant, c.id, { amount_cents: 23456 });
      const res = await ctx.call(tenant.live, 'POST', `/v1/charges/${ch.id}/boleto`);
      expect(res.statusCode, res.body).toBe(200);
      const b = res.json();
      expect(b).toMatchObject({ bank_code: bank, collection_account_id: acc.id, amount_cents: 23456, sequence: 1 });
      expect(b.nosso_numero).toMatch(nossoNumero);
      const parsed = parseBoleto(b.linha_digitavel, { today: d('2026-11-23') });
      expect(parsed).toMatchObject({ barcode: b.barcode, bankCode: bank, amountCents: 23456, dueDate: d('2026-12-10') });
      const pdf = await ctx.call(tenant.live, 'GET', `/v1/charges/${ch.id}/boleto.pdf`);
      expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      // What the PDF prints in its header and beneficiary box.
      const docs = [];
      for await (const doc of chargeBoletoDocuments(ctx.db, systemScope(tenant.id, ctx.clock.now()), [ch.id], d('2026-11-23')))
        docs.push(doc);
      expect(docs[0]).toMatchObject({ bank: { code: bank, digit: bankWithDigit }, agencyAccount, nossoNumero: b.nosso_numero });
      if (tools.has('pdftotext')) {
        const file = join(dir, `bank-${bank}.pdf`);
        writeFileSync(file, pdf.rawPayload);
        const text = tools.run('pdftotext', ['-layout', file, '-']);
        expect(text).toContain(bankWithDigit);
        expect(text).toContain(agencyAccount);
        expect(text).toContain(formatLinhaDigitavel(b.linha_digitavel));
      }
    },
  );

  it.skipIf(!tools.has('pdftoppm', 'zbarimg', 'pdftotext'))(
    'renders a PDF whose barcode scans to the stored 44 digits and whose QR is the Pix of the charge (bolepix)',
    async () => {
      const c = await newCustomer(t);
      const ch = await newCharge(t, c.id, {
        amount_cents: 45678,
        late_policy: { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false }, grace_days: 0 },
      });
      const res = await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/boleto.pdf`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      const pdf = res.rawPayload;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const boleto = (await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/boleto`)).json();
      const symbols = scan(pdf, 'single');
      expect(symbols).toContain(boleto.barcode);
      expect(symbols).toContain(boleto.pix_payload);
      const file = join(dir, 'single.pdf');
      const text = tools.run('pdftotext', ['-layout', file, '-']);
      expect(text).toContain('multa de 2,00%');
      expect(text).toContain('Não receber após 30 dias do vencimento.');
      expect(text).toContain('Maria da Silva Pagadora');
    },
  );

  /** Three charges of one customer, their carnê by POST and by GET. */
  async function carneOfThree() {
    const c = await newCustomer(t);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newCharge(t, c.id, { amount_cents: 5000 + i, due_date: d(`2027-0${i + 1}-10`) })).id);
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: ids });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const viaGet = await ctx.call(t.live, 'GET', `/v1/boletos/carne.pdf?charge_ids=${ids.join(',')}`);
    expect(viaGet.statusCode, viaGet.body.slice(0, 300)).toBe(200);
    return { customer: c, posted: res.rawPayload, got: viaGet.rawPayload };
  }

  it.skipIf(!tools.has('pdfinfo'))('makes one carnê PDF with a page per charge, by POST and by GET', async () => {
    const { posted, got } = await carneOfThree();
    expect(pageCount(posted, 'carne')).toBe(3);
    expect(pageCount(got, 'carne2')).toBe(3);
  });

  it('makes a carnê all or nothing for the charges it prints (paid, cancelled and unknown ones are skipped)', async () => {
    const { customer: c, posted } = await carneOfThree();
    expect(posted.subarray(0, 5).toString()).toBe('%PDF-');

    const fresh = await newCharge(t, c.id);
    const cancelled = await newCharge(t, c.id);
    await ctx.call(t.live, 'POST', `/v1/charges/${cancelled.id}/cancel`, { reason: 'x' });
    const noAddress = await newCustomer(t, { addresses: [] });
    const incomplete = await newCharge(t, noAddress.id);
    const unknown = '00000000-0000-7000-8000-000000000001';
    const bad = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [fresh.id, cancelled.id, unknown, incomplete.id] });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error).toMatchObject({ reason: 'carne_incomplete', failed_count: 1 });
    expect(bad.json().error.details).toEqual([{ field: 'charge_ids[3]', issue: 'payer_incomplete' }]);
    // Nothing was issued for the charge that could have had one.
    const before = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}`)).json().boleto_count;
    await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [fresh.id, incomplete.id] });
    expect((await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}`)).json().boleto_count).toBe(before);
    // Without the incomplete payer the rest prints; the skipped ones are named in the headers.
    const ok = await ctx.call(t.live, 'POST', '/v1/boletos/carne', { charge_ids: [fresh.id, cancelled.id, unknown] });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
    expect(ok.headers['cobre-skipped-count']).toBe('2');
    expect(ok.headers['cobre-skipped']).toBe(`${cancelled.number},${unknown}`);
  });

  it('gives the Pix of a charge: a payload that parses back with the amount due', async () => {
    const c = await newCustomer(t);
    const ch = await newCharge(t, c.id, { amount_cents: 31415, payment_method: 'both' });
    const res = await ctx.call(t.live, 'GET', `/v1/charges/${ch.id}/pix`);
    expect(res.statusCode, res.body).toBe(200);
    const pix = res.json();
    const parsed = parsePix(pix.payload);
    expect(parsed).toMatchObject({
      type: 'static',
      key: '11222333000181',
      amountCents: 31415,
      txid: `COBRE${ch.number}`,
      merchantCity: 'GARIBALDI',
    });
    expect(Buffer.from(pix.qr_png_base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const png = await ctx.call(t.live, 'GET', pix.qr_png_url);
    expect(png.headers['content-type']).toBe('image/png');

    const other = await ctx.newTenant();
    await newAccount(other, '237');
    const oc = await newCustomer(other);
    const och = await newCharge(other, oc.id);
    const noKey = await ctx.call(other.live, 'GET', `/v1/charges/${och.id}/pix`);
    expect(noKey.statusCode).toBe(409);
    expect(noKey.json().error.reason).toBe('no_pix_key');
  });
});

describe('carnê through the batch path', () => {
  /** The text of each page of a PDF (pdftotext separates pages with a form feed). */
  function pageTexts(pdf: Buffer, name: string): string[] {
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, pdf);
    return tools
      .run('pdftotext', ['-layout', file, '-'])
      .split('\f')
      .filter((p) => p.trim() !== '');
  }

  /** Seven charges of two customers, two of them with a boleto already, in one carnê in a shuffled order. */
  async function carneOfSeven() {
    const tenant = await ctx.newTenant();
    const acc = await newAccount(tenant, '341');
    const c1 = await newCustomer(tenant, { name: 'Ana Carnê Primeira' });
    const c2 = await newCustomer(tenant, { name: 'Bruno Carnê Segundo' });
    const charges: { id: string; number: number; amount_cents: number; due_date: string }[] = [];
    for (let i = 0; i < 7; i++)
      charges.push(await newCharge(tenant, (i % 2 ? c2 : c1).id, { amount_cents: 7000 + i, due_date: d(`2027-0${i + 1}-15`) }));
    // Two already have a boleto (issued one at a time); the rest are issued by the carnê.
    const pre = [charges[1], charges[4]];
    const preBoletos = [];
    for (const ch of pre) preBoletos.push((await ctx.call(tenant.live, 'POST', `/v1/charges/${ch.id}/boleto`)).json());
    const order = [6, 1, 3, 0, 4, 5, 2].map((i) => charges[i]);
    // One id in upper case: the same charge, not another.
    const ids = order.map((ch, i) => (i === 2 ? ch.id.toUpperCase() : ch.id));
    const res = await ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    const boletos: { id: string; sequence: number; nosso_numero: string; linha_digitavel: string; barcode: string }[] = [];
    for (const ch of order) boletos.push((await ctx.call(tenant.live, 'GET', `/v1/charges/${ch.id}/boleto`)).json());
    return { tenant, acc, order, ids, preBoletos, boletos, pdf: res.rawPayload };
  }

  it('issues the missing boletos with distinct sequences in the order asked', async () => {
    const { tenant, acc, order, ids, preBoletos, boletos } = await carneOfSeven();
    // The boletos that existed are kept; the new ones take the next sequences, in the carnê's order.
    expect(boletos[1]).toMatchObject({ id: preBoletos[0].id, sequence: preBoletos[0].sequence });
    expect(boletos[4]).toMatchObject({ id: preBoletos[1].id, sequence: preBoletos[1].sequence });
    expect([0, 2, 3, 5, 6].map((i) => boletos[i].sequence)).toEqual([3, 4, 5, 6, 7]);
    expect(new Set(boletos.map((b) => b.nosso_numero)).size).toBe(7);
    boletos.forEach((b, i) => {
      expect(b).toMatchObject({
        charge_id: order[i].id,
        amount_cents: order[i].amount_cents,
        due_date: order[i].due_date,
        status: 'issued',
      });
      expect(parseBoleto(b.linha_digitavel, { today: d('2026-11-23') })).toMatchObject({
        barcode: b.barcode,
        amountCents: order[i].amount_cents,
      });
    });
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json()).toMatchObject({
      next_sequence: 8,
      boleto_count: 7,
    });
    // One boleto.issued event per boleto the carnê issued.
    const { rows } = await ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE tenant_id = $1 AND type = 'boleto.issued' AND data->>'charge_id' = ANY($2::text[])`,
      [tenant.id, [0, 2, 3, 5, 6].map((i) => order[i].id)],
    );
    expect(rows[0].n).toBe(5);
    // Repeating the carnê issues nothing more.
    const again = await ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids });
    expect(again.statusCode, again.body.slice(0, 300)).toBe(200);
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json().next_sequence).toBe(8);
  });

  it.skipIf(!tools.has('pdftotext'))('prints one page per charge in the order asked, again when repeated', async () => {
    const { tenant, order, ids, boletos, pdf } = await carneOfSeven();
    const pages = pageTexts(pdf, 'carne-batch');
    expect(pages).toHaveLength(7);
    order.forEach((ch, i) => {
      expect(pages[i]).toContain(`Cobrança nº ${ch.number}`);
      expect(pages[i]).toContain(boletos[i].nosso_numero);
    });
    expect(pages[0]).toContain('Ana Carnê Primeira');
    expect(pages[1]).toContain('Bruno Carnê Segundo');
    const again = await ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids });
    expect(pageTexts(again.rawPayload, 'carne-batch-2')).toHaveLength(7);
  });

  it('keeps the order and the numbering across batch boundaries (batches of 2)', async () => {
    const tenant = await ctx.newTenant();
    await newAccount(tenant, '237');
    const c = await newCustomer(tenant);
    const charges: { id: string; number: number; amount_cents: number; due_date: string }[] = [];
    for (let i = 0; i < 5; i++) charges.push(await newCharge(tenant, c.id, { amount_cents: 100 + i }));
    await ctx.call(tenant.live, 'POST', `/v1/charges/${charges[2].id}/boleto`);
    const order = [4, 2, 0, 3, 1].map((i) => charges[i]);
    const scope = systemScope(tenant.id, ctx.clock.now());
    const result = await ctx.db.transaction((tx) =>
      ensureChargeBoletos(
        tx,
        scope,
        order.map((ch) => ch.id),
        { today: d('2026-11-23'), batchSize: 2 },
      ),
    );
    expect(result).toEqual({ issued: 4, existing: 1 });
    const docs = [];
    for await (const doc of chargeBoletoDocuments(
      ctx.db,
      scope,
      order.map((ch) => ch.id),
      d('2026-11-23'),
      2,
    ))
      docs.push(doc);
    expect(docs.map((doc) => doc.documentNumber)).toEqual(order.map((ch) => String(ch.number)));
    expect(docs.map((doc) => doc.amountCents)).toEqual(order.map((ch) => ch.amount_cents));
    const sequences = [];
    for (const ch of order) sequences.push((await ctx.call(tenant.live, 'GET', `/v1/charges/${ch.id}/boleto`)).json().sequence);
    expect(sequences).toEqual([2, 1, 3, 4, 5]);
  });

  it('refuses, issuing nothing, when the account runs out of nossos números for the whole carnê', async () => {
    const tenant = await ctx.newTenant();
    const acc = await newAccount(tenant, '341');
    expect((await ctx.call(tenant.live, 'PATCH', `/v1/collection-accounts/${acc.id}`, { next_sequence: 99_999_998 })).statusCode).toBe(200);
    const c = await newCustomer(tenant);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await newCharge(tenant, c.id)).id);
    const res = await ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({
      reason: 'carne_incomplete',
      failed_count: 1,
      details: [{ field: 'charge_ids[2]', issue: 'nosso_numero_exhausted' }],
    });
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json()).toMatchObject({
      next_sequence: 99_999_998,
      boleto_count: 0,
    });
    // Two fit.
    const ok = await ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids.slice(0, 2) });
    expect(ok.statusCode).toBe(200);
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json()).toMatchObject({
      next_sequence: 100_000_000,
      boleto_count: 2,
    });
  });

  it('gives overlapping carnês and single issues running at once one boleto per charge and distinct numbers', async () => {
    const tenant = await ctx.newTenant();
    const acc = await newAccount(tenant, '756');
    const c = await newCustomer(tenant);
    const charges = [];
    for (let i = 0; i < 12; i++) charges.push(await newCharge(tenant, c.id, { amount_cents: 2000 + i }));
    const ids = charges.map((ch) => ch.id);
    const reversed = [...ids].reverse();
    const results = await Promise.all([
      ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: ids.slice(0, 8) }),
      ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: reversed.slice(0, 8) }),
      ctx.call(tenant.live, 'POST', `/v1/charges/${ids[5]}/boleto`),
      ctx.call(tenant.live, 'GET', `/v1/charges/${ids[9]}/boleto.pdf`),
      ctx.call(tenant.live, 'POST', '/v1/boletos/carne', { charge_ids: [ids[3], ids[10], ids[0]] }),
    ]);
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    const { rows } = await ctx.db.query<{ charge_id: string; sequence: number }>(
      `SELECT charge_id, sequence FROM boletos WHERE tenant_id = $1 ORDER BY sequence`,
      [tenant.id],
    );
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.charge_id)).size).toBe(12);
    expect(rows.map((r) => Number(r.sequence))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect((await ctx.call(tenant.live, 'GET', `/v1/collection-accounts/${acc.id}`)).json().next_sequence).toBe(13);
  });
});

describe('POST /v1/boletos/parse', () => {
  it('reads a linha digitável: bank, amount and due date', async () => {
    // Published: the barcode of the @mrmgomes/boleto-utils README (Itaú, R$ 1.000,00), as its linha digitável.
    const linha = formatLinhaDigitavel(barcodeToLinhaDigitavel('34196790600001000002220000005566385101214000'));
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: linha });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      bank_code: '341',
      bank_name: 'Itaú Unibanco',
      amount_cents: 100000,
      barcode: '34196790600001000002220000005566385101214000',
    });
  });

  it('reads an old boleto in its own cycle with reference_date, in the cycle of today without it', async () => {
    // kivanio/brcobranca spec/brcobranca/boleto/banco_brasil_spec.rb: factor 3769 = 2008-02-01.
    const linha = '00190.00009 01238.798977 77700.168188 3 37690000013500';
    const old = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: linha, reference_date: '2008-01-15' });
    expect(old.statusCode, old.body).toBe(200);
    expect(old.json()).toMatchObject({ due_date: '2008-02-01', due_date_factor: '3769', amount_cents: 13500 });
    const now = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: linha });
    expect(now.statusCode, now.body).toBe(200);
    // Default: the test clock's today, whose payment window holds the second cycle's 3769.
    expect(now.json().due_date).toBe(dueDateFromFactor('3769', d('2026-11-23')));
    expect(now.json().due_date).not.toBe('2008-02-01');
  });

  it.each([
    ['not a calendar date', '2025-02-30'],
    ['not YYYY-MM-DD', '01/02/2008'],
    ['not a string', 20080115],
  ])('refuses a reference_date that is %s', async (_label, reference_date) => {
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/parse', {
      code: '00190000090123879897777700168188337690000013500',
      reference_date,
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ field: 'reference_date' })] });
  });

  it('says which check digit failed', async () => {
    const linha = barcodeToLinhaDigitavel('34196790600001000002220000005566385101214000');
    const wrong = linha.slice(0, 9) + String((Number(linha[9]) + 1) % 10) + linha.slice(10);
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: wrong });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_boleto', details: [{ field: 'code', issue: 'field1_check_digit' }] });
    const short = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: '3419' });
    expect(short.json().error.details[0].issue).toBe('length');
  });

  it('reads a boleto without due date and with the amount informed at payment: due_date null, amount_cents 0', async () => {
    // Published: mrmgomes/boleto-utils test/test.js, "Boleto de Cartão de Crédito" (Bradesco), factor 0000 and amount zeros.
    const res = await ctx.call(t.live, 'POST', '/v1/boletos/parse', { code: '23794150099001980167035000211405700000000000000' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      bank_code: '237',
      bank_name: 'Banco Bradesco',
      amount_cents: 0,
      due_date: null,
      due_date_factor: '0000',
      barcode: '23797000000000000004150090019801673500021140',
      linha_digitavel_formatted: '23794.15009 90019.801670 35000.211405 7 00000000000000',
    });
  });
});
