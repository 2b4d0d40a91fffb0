// The console's error wording (web/src/errors.ts) fed with real error envelopes of the API: bad
// input sent to the test app, its answer turned into the console's ApiError and localized as the
// forms do. A detail or headline the console cannot say in Portuguese fails here, so a new English
// message in the API is caught before a clerk sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../web/src/api.ts';
import { explainError, explainIssue, isMappedIssue, labelOf, localizeError } from '../../web/src/errors.ts';
import { createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(async () => {
  await ctx?.close();
});

/** Sends a request expected to fail and returns the console's ApiError for its answer. */
async function refused(method: string, url: string, body: unknown): Promise<ApiError> {
  const res = await ctx.call(t.live, method, url, body);
  expect(res.statusCode).toBeGreaterThanOrEqual(400);
  const e = res.json().error;
  return new ApiError(res.statusCode, e.code, e.message, e.details ?? [], e.request_id ?? null);
}

/** Every detail translated (no fallback), and nothing of the API's English left on screen. */
function expectAllPortuguese(err: ApiError, shown: string[] = [], values: Record<string, string> = {}): ApiError {
  const untranslated = err.details.filter((x) => !isMappedIssue(x.issue)).map((x) => `${x.field}: ${x.issue}`);
  expect(untranslated).toEqual([]);
  const out = localizeError(err, { shown, values });
  expect(out.apiMessage).toBe(out.message); // the error box shows no "Mensagem da API"
  expect(out.message).not.toMatch(/\b(must|invalid|required|is not|should)\b/i);
  for (const x of out.details) expect(x.issue).not.toMatch(/mensagem da API/);
  return out;
}

const issueOf = (err: ApiError, field: string) => err.details.find((x) => x.field === field)?.issue;

describe('API errors in the console, in Portuguese', () => {
  it('a CPF with a wrong check digit says which digits were expected', async () => {
    const err = await refused('POST', '/v1/customers', { person_type: 'PF', name: 'Maria da Silva', document: '111.444.777-36' });
    expect(err.code).toBe('invalid_document');
    const out = expectAllPortuguese(err, ['document'], { document: '111.444.777-36' });
    expect(issueOf(out, 'document')).toBe(
      'CPF inválido: os dígitos verificadores deveriam ser 35 (111.444.777-35), não 36. Confira os números digitados.',
    );
    expect(out.message).toBe('Corrija o campo CPF/CNPJ: veja as mensagens abaixo de cada um.');
    const cnpj = localizeError(
      await refused('POST', '/v1/customers', { person_type: 'PJ', name: 'Padaria', document: '11.222.333/0001-18' }),
      { labels: { document: 'CNPJ' }, shown: ['document'], values: { document: '11.222.333/0001-18' } },
    );
    expect(issueOf(cnpj, 'document')).toContain('deveriam ser 81');
    expect(cnpj.message).toContain('CNPJ');
  });

  it('address, phone and e-mail refusals name the field as the form labels it', async () => {
    const err = await refused('POST', '/v1/customers', {
      person_type: 'PJ',
      name: 'Padaria',
      phones: [{ number: '(20) 3462-1234' }],
      emails: [{ email: 'financeiro@padaria', is_primary: true }],
      addresses: [{ street: 'Rua A', number: '1', city: 'Garibaldi', state: 'XX', postal_code: '9572', country: 'BR', is_primary: true }],
    });
    const out = expectAllPortuguese(err, ['addresses[0]']);
    const text = out.details.map((x) => `${x.field ?? ''} ${x.issue}`).join(' | ');
    expect(text).toMatch(/UF inválida: use a sigla do estado/);
    expect(text).toMatch(/CEP inválido: use os 8 números/);
    // Phones and e-mails had no input of their own in `shown`: their label leads the sentence.
    expect(text).toMatch(/Telefone: DDD inexistente/);
    expect(text).toMatch(/E-mail: e-mail inválido/);
    expect(labelOf('addresses[0].state')).toBe('UF');
    expect(labelOf('addresses[3].postal_code')).toBe('CEP');
  });

  it('a malformed country (the JSON Schema pattern) gets a hint, not the regular expression', async () => {
    const err = await refused('POST', '/v1/customers', {
      person_type: 'PJ',
      name: 'Padaria',
      addresses: [{ street: 'Rua A', country: 'Brasil' }],
    });
    expect(err.details.map((x) => x.issue).join()).toContain('must match pattern');
    const out = expectAllPortuguese(err, ['addresses[0]']);
    expect(issueOf(out, 'addresses[0].country')).toBe('formato inválido: use o código do país com 2 letras, como BR');
  });

  it('contracts: unknown service, zero quantity, unknown field', async () => {
    const customer = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PJ', name: 'Cliente Contratos' })).json();
    const err = await refused('POST', '/v1/contracts', {
      customer_id: customer.id,
      items: [{ service_id: '00000000-0000-4000-8000-000000000000', quantity: '0' }],
      start_date: d('2026-11-01'),
    });
    const out = expectAllPortuguese(err);
    expect(out.details.map((x) => x.issue)).toEqual(
      expect.arrayContaining(['Serviço: serviço não encontrado; escolha outro', 'Quantidade: deve ser maior que zero']),
    );
    const extra = await refused('POST', '/v1/contracts', {
      customer_id: customer.id,
      items: [{ service_code: 'X', colour: 'red' }],
      start_date: d('2026-11-01'),
    });
    expect(
      localizeError(extra)
        .details.map((x) => x.issue)
        .join(),
    ).toContain('campo desconhecido pela API');
  });

  it("contracts: an item's end before the start or after the contract's end, an unknown collection account", async () => {
    const customer = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PJ', name: 'Cliente Término' })).json();
    const service = (
      await ctx.call(t.live, 'POST', '/v1/services', {
        code: 'TERMINO',
        name: 'Plano',
        unit: 'mês',
        pricing_model: 'flat',
        price_cents: 1000,
      })
    ).json();
    const early = await refused('POST', '/v1/contracts', {
      customer_id: customer.id,
      items: [{ service_id: service.id, ends_on: d('2026-10-31') }],
      start_date: d('2026-11-01'),
    });
    expect(
      expectAllPortuguese(early)
        .details.map((x) => x.issue)
        .join(),
    ).toContain(`não pode ser antes de ${d('2026-11-01').split('-').reverse().join('/')} (início do contrato)`);
    const late = await refused('POST', '/v1/contracts', {
      customer_id: customer.id,
      items: [{ service_id: service.id, ends_on: d('2027-02-01') }],
      start_date: d('2026-11-01'),
      end_date: d('2027-01-31'),
    });
    expect(
      expectAllPortuguese(late)
        .details.map((x) => x.issue)
        .join(),
    ).toContain(`não pode ser depois do término do contrato (${d('2027-01-31').split('-').reverse().join('/')})`);
    const account = await refused('POST', '/v1/contracts', {
      customer_id: customer.id,
      items: [{ service_id: service.id }],
      start_date: d('2026-11-01'),
      collection_account_id: '00000000-0000-4000-8000-000000000000',
    });
    expect(
      expectAllPortuguese(account)
        .details.map((x) => x.issue)
        .join(),
    ).toContain('conta de cobrança não encontrada');
  });

  it('consumption for a customer without the service says what to do, not "customer_id + service_id"', async () => {
    const customer = (await ctx.call(t.live, 'POST', '/v1/customers', { person_type: 'PJ', name: 'Cliente Consumo' })).json();
    const service = (
      await ctx.call(t.live, 'POST', '/v1/services', {
        code: 'AGUA',
        name: 'Água',
        unit: 'm³',
        pricing_model: 'per_unit',
        price_cents: 500,
      })
    ).json();
    const err = await refused('POST', '/v1/consumption', {
      customer_id: customer.id,
      service_id: service.id,
      quantity: '3',
      reference_date: d('2026-11-15'),
    });
    expect(err.apiMessage).toMatch(/no contract item in force/);
    expect(err.message).toContain('Nenhum contrato em vigor em');
    expect(err.message).toContain('Contratar Serviços');
    expect(err.message).not.toMatch(/customer_id|service_id/);
    const out = expectAllPortuguese(err);
    expect(out.details[0].issue).toMatch(/^Cliente: nenhum contrato deste cliente tem este serviço em vigor em/);
  });

  it('services: tiers out of order and pricing fields of another model', async () => {
    const tiers = await refused('POST', '/v1/services', {
      code: 'FX',
      name: 'Faixas',
      unit: 'kWh',
      pricing_model: 'tiered',
      tiers: [
        { up_to: 100, unit_price_cents: 50 },
        { up_to: 50, unit_price_cents: 40 },
        { up_to: null, unit_price_cents: 30 },
      ],
    });
    const out = expectAllPortuguese(tiers, ['tiers']);
    expect(issueOf(out, 'tiers[1].up_to')).toContain('"Até" deve ser maior');
    const model = await refused('POST', '/v1/services', {
      code: 'FX2',
      name: 'Faixas',
      unit: 'kWh',
      pricing_model: 'tiered',
      price_cents: 10,
    });
    expect(localizeError(model, { shown: ['price_cents', 'tiers'] }).details.map((x) => x.issue)).toEqual(
      expect.arrayContaining([
        'não se usa na forma de cobrança “faixas progressivas” (os preços ficam nas faixas)',
        'é obrigatório na forma de cobrança “faixas progressivas”',
      ]),
    );
    expectAllPortuguese(model);
    expectAllPortuguese(
      await refused('POST', '/v1/services', { code: 'com espaço', name: ' ', unit: 'mês', pricing_model: 'flat', price_cents: 100 }),
    );
  });

  it('a collection account whose digit does not match agency and account', async () => {
    const err = await refused('POST', '/v1/collection-accounts', {
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
      bank_code: '341',
      agency: '0057',
      account: '12345',
      carteira: '109',
      account_digit: '3',
    });
    const out = expectAllPortuguese(err);
    expect(out.details.map((x) => x.issue).join()).toContain(
      'Dígito da conta: o dígito da conta não confere com a agência e a conta: para esta agência e conta o dígito é 7',
    );
  });

  it('a collection account in use by boletos, bank files or contracts is explained', () => {
    expect(
      explainError(
        409,
        'in_use',
        'Boletos, bank files or contracts refer to this collection account; deactivate it instead (PATCH active=false)',
      ),
    ).toBe('Há boletos, arquivos bancários ou contratos desta conta de cobrança; desative-a em vez de excluir.');
  });

  it('what is not mapped still reads as Portuguese and keeps the API words as a detail', () => {
    expect(explainIssue('frobnicated beyond repair')).toBe(
      'valor não aceito pela API; confira o que foi digitado (mensagem da API: “frobnicated beyond repair”)',
    );
    expect(explainError(400, 'some_new_code', 'Something new')).toBe('Não foi possível concluir a operação.');
    const out = localizeError(
      new ApiError(400, 'validation_failed', 'The request is odd', [{ field: 'weird', issue: 'frobnicated' }], null),
    );
    expect(out.apiMessage).toBe('The request is odd'); // kept, shown as "Mensagem da API"
    expect(out.details[0].issue).toContain('mensagem da API: “frobnicated”');
  });

  it('translations are stable: a translated issue passes through again unchanged', () => {
    const samples = [
      'is required',
      'invalid CPF',
      'unknown UF',
      'must increase',
      'does_not_match_agency_account',
      'out_of_range',
      'must_be_digits',
      'is not a known field',
      'must be integer',
      'the service is deactivated',
      'is cancelled',
      'must be >= 1',
    ];
    for (const s of samples) {
      const once = explainIssue(s, 'x');
      expect(explainIssue(once, 'x')).toBe(once);
    }
  });
});
