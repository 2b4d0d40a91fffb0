// The CRM's "Desconto Pontualidade" API (seed 002) under /crm: the document's own examples replayed,
// bad input in the dialect's error format, all-or-nothing batches, and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext, type TestTenant, d, br } from '../support/app.ts';
import { formatCrmDateTime, parseCrmDateTime } from '../../src/compat/crm/mapping.ts';

let ctx: TestContext;
let t: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  // 12:00 UTC = 09:00 in São Paulo.
  ctx = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  t = await ctx.newTenant();
  other = await ctx.newTenant();
});
afterAll(() => ctx.close());

// Seed 002, "Exemplo do json", verbatim.
const SEED_EXAMPLE = JSON.parse(
  '[ { "codigo": 1, "descricao": "Desconto para pagamento antecipado", "acrescimo_desconto": "D", "tipo_aplicacao_calculo": "D", "tipo_calculo_valor": "N", "tipo_juros": "S", "tipo_saldo": "A", "tipo_prazo_pagamento": "VCE", "tipo_pessoa": "A", "desconto_extra": "S", "codigo_externo": "EXT123", "data_alteracao": "09/09/2024 13:30" } ]',
);
// Seed 002, section 2.6, verbatim.
const SEED_SEARCH = JSON.parse(
  '{ "pagina": 1, "quantidadeRegistros": 10, "filtros": [ { "campo": "descricao", "comparacao": "CONTEM", "valor": "desconto" } ], "ordenacao": [ { "campo": "descricao", "ordenacao": "ASC" } ] }',
);

const crm = (tenant: TestTenant, method: string, url: string, body?: unknown) => ctx.call(tenant.live, method, `/crm${url}`, body);

function expectCrmError(res: { statusCode: number; json(): any }, status: number, erro: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json();
  expect(body).toMatchObject({ status, erro });
  expect(typeof body.mensagem).toBe('string');
  expect(Array.isArray(body.erros)).toBe(true);
  expect(typeof body.requestId).toBe('string');
  return body;
}

describe('seed examples', () => {
  it('creates the example record (without codigo), edits it with the example as given, ignores data_alteracao', async () => {
    const tn = await ctx.newTenant();
    const { codigo: _c, ...withoutCodigo } = SEED_EXAMPLE[0];
    // The seed record has no rate; a percentage rule (N) needs one (docs/compat.md).
    const created = await crm(tn, 'POST', '/desconto-pontualidade', [{ ...withoutCodigo, percentual: 5, dias: 3 }]);
    expect(created.statusCode, created.body).toBe(200);
    const [rec] = created.json();
    expect(rec).toMatchObject({
      codigo: 1,
      descricao: 'Desconto para pagamento antecipado',
      acrescimo_desconto: 'D',
      tipo_aplicacao_calculo: 'D',
      tipo_calculo_valor: 'N',
      tipo_juros: 'S',
      tipo_saldo: 'A',
      tipo_prazo_pagamento: 'VCE',
      tipo_pessoa: 'A',
      desconto_extra: 'S',
      codigo_externo: 'EXT123',
      data_alteracao: br('23/11/2026 09:00'), // the system's time, not the 09/09/2024 13:30 sent
      percentual: '5',
      dias: 3,
    });
    // The seed's own example, codigo 1 included, edits that record; only the fields sent change.
    ctx.clock.advance(5 * 60_000);
    const edited = await crm(tn, 'POST', '/desconto-pontualidade', [{ ...SEED_EXAMPLE[0], descricao: 'Desconto editado' }]);
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toEqual([{ ...rec, descricao: 'Desconto editado', data_alteracao: br('23/11/2026 09:05') }]);
    // The same rule through the canonical API.
    const canonical = (await ctx.call(tn.live, 'GET', '/v1/payment-rules/by-external-code/EXT123')).json();
    expect(canonical).toMatchObject({
      codigo: 1,
      descricao: 'Desconto editado',
      desconto_extra: 'S',
      data_alteracao: d('2026-11-23T12:05:00.000Z'),
    });
    ctx.clock.set(d('2026-11-23T12:00:00Z'));
  });

  it('refuses the literal seed record as a new rule: a percentage rule without its rate (400 naming percentual)', async () => {
    const { codigo: _c, ...literal } = SEED_EXAMPLE[0];
    const res = await crm(t, 'POST', '/desconto-pontualidade', [literal]);
    const body = expectCrmError(res, 400, 'validation_failed');
    expect(body.erros.map((e: { campo: string }) => e.campo)).toEqual(['[0].percentual', '[0].dias']);
  });

  it('replays the search example: CONTEM on descricao, ordered ASC, paged', async () => {
    const tn = await ctx.newTenant();
    const saved = await crm(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Zeta desconto antecipado', percentual: '3' },
      {
        descricao: 'Acréscimo por atraso',
        acrescimo_desconto: 'A',
        tipo_prazo_pagamento: 'DPV',
        tipo_calculo_valor: 'V',
        valor_fixo_centavos: 500,
      },
      { descricao: 'Alfa Desconto associados', percentual: 2.5, tipo_pessoa: 'A' },
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().map((r: { codigo: number }) => r.codigo)).toEqual([1, 2, 3]);
    const res = await crm(tn, 'POST', '/desconto-pontualidade/pesquisa', SEED_SEARCH);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().map((r: { descricao: string }) => r.descricao)).toEqual(['Alfa Desconto associados', 'Zeta desconto antecipado']);
    expect(res.headers['x-total-count']).toBe('2');
    expect(res.json()[0]).toMatchObject({ percentual: '2.5', tipo_pessoa: 'A', data_alteracao: br('23/11/2026 09:00') });
  });
});

describe('GET, todos, DELETE by code', () => {
  it('finds by codigoInterno or codigoExterno (external wins), 404 when missing, 400 with neither', async () => {
    const tn = await ctx.newTenant();
    await crm(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Um', percentual: '1', codigo_externo: 'E-1' },
      { descricao: 'Dois', percentual: '2', codigo_externo: 'E-2' },
    ]);
    // The document's format ("Exemplo do json"): an array, here of the one record found.
    expect((await crm(tn, 'GET', '/desconto-pontualidade?codigoInterno=2')).json()).toMatchObject([{ codigo: 2, descricao: 'Dois' }]);
    expect((await crm(tn, 'GET', '/desconto-pontualidade?codigoExterno=E-1')).json()).toMatchObject([{ codigo: 1 }]);
    // Both given: the external code wins.
    expect((await crm(tn, 'GET', '/desconto-pontualidade?codigoInterno=2&codigoExterno=E-1')).json()[0].descricao).toBe('Um');
    expectCrmError(await crm(tn, 'GET', '/desconto-pontualidade?codigoInterno=2&codigoExterno=NOPE'), 404, 'not_found');
    const neither = expectCrmError(await crm(tn, 'GET', '/desconto-pontualidade'), 400, 'validation_failed');
    expect(neither.erros[0].campo).toBe('codigoInterno');
    expectCrmError(await crm(tn, 'GET', '/desconto-pontualidade?codigoInterno=abc'), 400, 'validation_failed');
    const all = await crm(tn, 'GET', '/desconto-pontualidade/todos');
    expect(all.json().map((r: { codigo: number }) => r.codigo)).toEqual([1, 2]);
  });

  it("deletes by either code with the document's message", async () => {
    const tn = await ctx.newTenant();
    await crm(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Um', percentual: '1', codigo_externo: 'D-1' },
      { descricao: 'Dois', percentual: '2' },
    ]);
    const byExternal = await crm(tn, 'DELETE', '/desconto-pontualidade?codigoExterno=D-1');
    expect(byExternal.statusCode).toBe(200);
    expect(byExternal.json()).toEqual({ mensagem: 'Registro deletado com sucesso.' });
    const byInternal = await crm(tn, 'DELETE', '/desconto-pontualidade?codigoInterno=2');
    expect(byInternal.json()).toEqual({ mensagem: 'Registro deletado com sucesso.' });
    expect((await crm(tn, 'GET', '/desconto-pontualidade/todos')).json()).toEqual([]);
    expectCrmError(await crm(tn, 'DELETE', '/desconto-pontualidade?codigoInterno=2'), 404, 'not_found');
    expectCrmError(await crm(tn, 'DELETE', '/desconto-pontualidade'), 400, 'validation_failed');
  });
});

describe('POST: batches', () => {
  it('refuses more than 20 items and an empty list', async () => {
    const items = Array.from({ length: 21 }, (_, i) => ({ descricao: `Item ${i}`, percentual: '1' }));
    expectCrmError(await crm(t, 'POST', '/desconto-pontualidade', items), 400, 'validation_failed');
    expectCrmError(await crm(t, 'POST', '/desconto-pontualidade', []), 400, 'validation_failed');
    const twenty = await crm(t, 'POST', '/desconto-pontualidade', items.slice(0, 20));
    expect(twenty.statusCode).toBe(200);
    expect(twenty.json()).toHaveLength(20);
  });

  it('is all or nothing: one bad item saves nothing, and every bad item is named', async () => {
    const tn = await ctx.newTenant();
    await crm(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Existente', percentual: '1', codigo_externo: 'X-1' }]);
    const cases: [unknown[], number, string, string[]][] = [
      [[{ descricao: 'Nova', percentual: '1' }, { percentual: '1' }], 400, 'validation_failed', ['[1].descricao']],
      [
        [
          { descricao: 'Nova', percentual: '1' },
          { descricao: 'Ruim', percentual: '101' },
          { descricao: 'Ruim 2', tipo_calculo_valor: 'V' },
        ],
        400,
        'validation_failed',
        ['[1].percentual', '[2].valor_fixo_centavos'],
      ],
      [
        [
          { descricao: 'Nova', percentual: '1' },
          { codigo: 1, descricao: 'Edita', tipo_juros: 'X' },
        ],
        400,
        'validation_failed',
        ['[1].tipo_juros'],
      ],
      [
        [
          { descricao: 'Nova', percentual: '1' },
          { codigo: 99, descricao: 'Fantasma' },
        ],
        404,
        'not_found',
        ['[1].codigo'],
      ],
      [[{ descricao: 'Nova', percentual: '1', codigo_externo: 'X-1' }], 409, 'duplicate_external_code', ['[0].codigo_externo']],
      [
        [
          { descricao: 'A', percentual: '1', codigo_externo: 'S-1' },
          { descricao: 'B', percentual: '1', codigo_externo: 'S-1' },
        ],
        400,
        'validation_failed',
        ['[1].codigo_externo'],
      ],
      [[{ descricao: 'Nova', percentual: '1', campo_desconhecido: 1 }], 400, 'validation_failed', ['[0].campo_desconhecido']],
    ];
    for (const [items, status, erro, campos] of cases) {
      const res = await crm(tn, 'POST', '/desconto-pontualidade', items);
      const body = expectCrmError(res, status, erro);
      for (const campo of campos)
        expect(
          body.erros.map((e: { campo: string }) => e.campo),
          JSON.stringify(items),
        ).toContain(campo);
      const all = (await crm(tn, 'GET', '/desconto-pontualidade/todos')).json();
      expect(
        all.map((r: { descricao: string }) => r.descricao),
        JSON.stringify(items),
      ).toEqual(['Existente']);
    }
    // A failure after an earlier item was written (duplicate external code caught at write time) rolls back too.
    const late = await crm(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Primeira', percentual: '1' },
      { codigo: 1, descricao: 'Existente', codigo_externo: 'X-2' },
      { descricao: 'Terceira', percentual: '1', codigo_externo: 'X-2' },
    ]);
    expect(late.statusCode).toBe(400);
    const all = (await crm(tn, 'GET', '/desconto-pontualidade/todos')).json();
    expect(all).toHaveLength(1);
    expect(all[0].codigo_externo).toBe('X-1');
  });

  it('creates and edits in one batch; an empty codigo_externo clears it', async () => {
    const tn = await ctx.newTenant();
    await crm(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Velha', percentual: '1', codigo_externo: 'V-1' }]);
    const res = await crm(tn, 'POST', '/desconto-pontualidade', [
      { codigo: 1, descricao: 'Velha editada', codigo_externo: '' },
      { descricao: 'Nova', tipo_calculo_valor: 'V', valor_fixo_centavos: 1000, codigo_externo: 'V-1' },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().map((r: { codigo: number; codigo_externo: string | null }) => [r.codigo, r.codigo_externo])).toEqual([
      [1, null],
      [2, 'V-1'],
    ]);
  });
});

describe('idempotency and events', () => {
  it('replays a POST with the same Idempotency-Key without saving twice, and records one event per rule', async () => {
    const tn = await ctx.newTenant();
    const body = [
      { descricao: 'Uma vez', percentual: '1' },
      { descricao: 'Duas', percentual: '2' },
    ];
    const first = await ctx.call(tn.live, 'POST', '/crm/desconto-pontualidade', body, { 'idempotency-key': 'crm-lote-1' });
    const again = await ctx.call(tn.live, 'POST', '/crm/desconto-pontualidade', body, { 'idempotency-key': 'crm-lote-1' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await crm(tn, 'GET', '/desconto-pontualidade/todos')).json()).toHaveLength(2);
    const { rows } = await ctx.db.query(`SELECT type FROM events WHERE tenant_id = $1 AND resource_type = 'payment_rule' ORDER BY seq`, [
      tn.id,
    ]);
    expect(rows.map((e) => e.type)).toEqual(['payment_rule.created', 'payment_rule.created']);
  });
});

describe('metadados and pesquisa', () => {
  it('describes every field', async () => {
    const res = await crm(t, 'GET', '/desconto-pontualidade/metadados');
    expect(res.statusCode).toBe(200);
    const fields = res.json();
    expect(fields.map((f: { campo: string }) => f.campo).slice(0, 12)).toEqual([
      'codigo',
      'descricao',
      'acrescimo_desconto',
      'tipo_aplicacao_calculo',
      'tipo_calculo_valor',
      'tipo_juros',
      'tipo_saldo',
      'tipo_prazo_pagamento',
      'tipo_pessoa',
      'desconto_extra',
      'codigo_externo',
      'data_alteracao',
    ]);
    const descricao = fields.find((f: { campo: string }) => f.campo === 'descricao');
    expect(descricao).toMatchObject({ tipo: 'Texto', tamanhoMaximo: 200, obrigatorio: true, filtravel: true, ordenavel: true });
    expect(descricao.comparacoes).toEqual(
      expect.arrayContaining(['CONTEM', 'IGUAL', 'DIFERENTE', 'INICIA_COM', 'TERMINA_COM', 'NAO_CONTEM']),
    );
    expect(fields.find((f: { campo: string }) => f.campo === 'tipo_prazo_pagamento')).toMatchObject({
      tamanhoMaximo: 3,
      obrigatorio: false,
      valores: [
        { valor: 'ADV', descricao: 'Antes do vencimento' },
        { valor: 'AOV', descricao: 'Até o vencimento' },
        { valor: 'DIV', descricao: 'Dia do vencimento' },
        { valor: 'DPV', descricao: 'Depois do vencimento' },
        { valor: 'S', descricao: 'Sempre' },
        { valor: 'VCE', descricao: 'Depois do vencimento com carência específica' },
      ],
    });
    expect(fields.find((f: { campo: string }) => f.campo === 'codigo')).toMatchObject({
      tipo: 'Inteiro',
      filtravel: true,
      ordenavel: true,
    });
    expect(fields.find((f: { campo: string }) => f.campo === 'data_alteracao')).toMatchObject({ tipo: 'DataHora', filtravel: true });
  });

  it('supports every comparison, sorting and paging', async () => {
    const tn = await ctx.newTenant();
    await crm(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Desconto 5% antecipado', percentual: '5', codigo_externo: 'A-100' },
      { descricao: 'Desconto 2% no dia', percentual: '2', tipo_prazo_pagamento: 'DIV', codigo_externo: 'B-200' },
    ]);
    ctx.clock.set(d('2026-11-24T15:30:00Z'));
    await crm(tn, 'POST', '/desconto-pontualidade', [
      {
        descricao: 'Multa fixa',
        acrescimo_desconto: 'A',
        tipo_calculo_valor: 'V',
        valor_fixo_centavos: 990,
        tipo_prazo_pagamento: 'DPV',
        desconto_extra: 'S',
      },
    ]);
    ctx.clock.set(d('2026-11-23T12:00:00Z'));
    const search = async (
      filtros: unknown[],
      ordenacao: unknown[] = [{ campo: 'codigo', ordenacao: 'ASC' }],
      extra: Record<string, unknown> = {},
    ) => {
      const res = await crm(tn, 'POST', '/desconto-pontualidade/pesquisa', { filtros, ordenacao, ...extra });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().map((r: { codigo: number }) => r.codigo);
    };
    expect(await search([{ campo: 'descricao', comparacao: 'IGUAL', valor: 'Multa fixa' }])).toEqual([3]);
    expect(await search([{ campo: 'acrescimo_desconto', comparacao: 'DIFERENTE', valor: 'A' }])).toEqual([1, 2]);
    expect(await search([{ campo: 'descricao', comparacao: 'INICIA_COM', valor: 'desconto' }])).toEqual([1, 2]);
    expect(await search([{ campo: 'descricao', comparacao: 'TERMINA_COM', valor: 'DIA' }])).toEqual([2]);
    expect(await search([{ campo: 'descricao', comparacao: 'NAO_CONTEM', valor: '%' }])).toEqual([3]);
    expect(await search([{ campo: 'codigo_externo', comparacao: 'TERMINA_COM', valor: '00' }])).toEqual([1, 2]);
    expect(await search([{ campo: 'codigo', comparacao: 'MAIOR', valor: 1 }])).toEqual([2, 3]);
    expect(await search([{ campo: 'codigo', comparacao: 'MAIOR_IGUAL', valor: '2' }])).toEqual([2, 3]);
    expect(await search([{ campo: 'codigo', comparacao: 'MENOR', valor: 2 }])).toEqual([1]);
    expect(await search([{ campo: 'codigo', comparacao: 'MENOR_IGUAL', valor: 2 }])).toEqual([1, 2]);
    expect(await search([{ campo: 'percentual', comparacao: 'MAIOR', valor: 2.5 }])).toEqual([1]);
    expect(await search([{ campo: 'tipo_prazo_pagamento', comparacao: 'EM', valor: ['DIV', 'DPV'] }])).toEqual([2, 3]);
    expect(await search([{ campo: 'codigo_externo', comparacao: 'NULO' }])).toEqual([3]);
    expect(await search([{ campo: 'codigo_externo', comparacao: 'NAO_NULO' }])).toEqual([1, 2]);
    expect(await search([{ campo: 'desconto_extra', comparacao: 'IGUAL', valor: 'S' }])).toEqual([3]);
    expect(await search([{ campo: 'data_alteracao', comparacao: 'IGUAL', valor: br('23/11/2026 09:00') }])).toEqual([1, 2]);
    expect(await search([{ campo: 'data_alteracao', comparacao: 'IGUAL', valor: br('24/11/2026') }])).toEqual([3]);
    expect(await search([{ campo: 'data_alteracao', comparacao: 'MAIOR', valor: br('23/11/2026 09:00') }])).toEqual([3]);
    expect(await search([{ campo: 'data_alteracao', comparacao: 'MENOR_IGUAL', valor: br('23/11/2026') }])).toEqual([1, 2]);
    expect(await search([{ campo: 'data_alteracao', comparacao: 'DIFERENTE', valor: br('24/11/2026 12:30') }])).toEqual([1, 2]);
    expect(await search([], [{ campo: 'percentual', ordenacao: 'DESC' }])).toEqual([1, 2, 3]);
    expect(await search([], [{ campo: 'descricao', ordenacao: 'desc' }])).toEqual([3, 1, 2]);
    const page2 = await crm(tn, 'POST', '/desconto-pontualidade/pesquisa', { pagina: 2, quantidadeRegistros: 2 });
    expect(page2.json().map((r: { codigo: number }) => r.codigo)).toEqual([3]);
    expect(page2.headers).toMatchObject({ 'x-total-count': '3', 'x-pagina': '2', 'x-quantidade-registros': '2', 'x-tem-mais': 'false' });
  });

  it('refuses bad searches in the CRM error format', async () => {
    const bad = async (body: unknown, erro: string) =>
      expectCrmError(await crm(t, 'POST', '/desconto-pontualidade/pesquisa', body), 400, erro);
    await bad({ filtros: [{ campo: 'senha', comparacao: 'IGUAL', valor: 'x' }] }, 'invalid_filter');
    await bad({ filtros: [{ campo: 'descricao', comparacao: 'PARECIDO', valor: 'x' }] }, 'validation_failed');
    await bad({ filtros: [{ campo: 'codigo', comparacao: 'TERMINA_COM', valor: '1' }] }, 'invalid_filter');
    await bad({ filtros: [{ campo: 'codigo', comparacao: 'IGUAL', valor: 'um' }] }, 'invalid_filter');
    await bad({ filtros: [{ campo: 'descricao', comparacao: 'IGUAL' }] }, 'invalid_filter');
    await bad({ filtros: [{ campo: 'data_alteracao', comparacao: 'IGUAL', valor: d('2026-11-23') }] }, 'invalid_filter');
    await bad({ ordenacao: [{ campo: 'links', ordenacao: 'ASC' }] }, 'invalid_sort');
    await bad({ quantidadeRegistros: 101 }, 'validation_failed');
  });
});

describe('auth and tenants', () => {
  it('needs the bearer key, and each tenant (and sandbox) sees only its own rules', async () => {
    const res = await ctx.call(null, 'GET', '/crm/desconto-pontualidade/todos');
    expectCrmError(res, 401, 'unauthorized');
    await crm(other, 'POST', '/desconto-pontualidade', [{ descricao: 'Do outro', percentual: '1', codigo_externo: 'OUTRO-1' }]);
    expectCrmError(await crm(t, 'GET', '/desconto-pontualidade?codigoExterno=OUTRO-1'), 404, 'not_found');
    expectCrmError(await crm(t, 'DELETE', '/desconto-pontualidade?codigoExterno=OUTRO-1'), 404, 'not_found');
    expect((await crm(t, 'GET', '/desconto-pontualidade/todos')).json().map((r: { descricao: string }) => r.descricao)).not.toContain(
      'Do outro',
    );
    expect((await ctx.call(other.test, 'GET', '/crm/desconto-pontualidade/todos')).json()).toEqual([]);
    // Editing by codigo only reaches the caller's own rules.
    const mine = (await crm(t, 'GET', '/desconto-pontualidade/todos')).json();
    const [theirs] = (await crm(other, 'GET', '/desconto-pontualidade?codigoExterno=OUTRO-1')).json();
    expect(mine.some((r: { codigo: number }) => r.codigo === theirs.codigo)).toBe(true); // same numbers, different tenants
    await crm(t, 'POST', '/desconto-pontualidade', [{ codigo: theirs.codigo, descricao: 'Minha edição' }]);
    expect((await crm(other, 'GET', '/desconto-pontualidade?codigoExterno=OUTRO-1')).json()[0].descricao).toBe('Do outro');
    expectCrmError(await ctx.call(t.live, 'GET', '/crm/nada'), 404, 'not_found');
  });
});

describe('date format', () => {
  it('formats and parses dd/MM/yyyy HH:mm in America/Sao_Paulo', () => {
    expect(formatCrmDateTime('2026-11-23T12:00:00.000Z')).toBe('23/11/2026 09:00');
    expect(formatCrmDateTime('2027-01-01T02:59:00.000Z')).toBe('31/12/2026 23:59');
    // 2018 still had daylight saving time (UTC−2 in November).
    expect(formatCrmDateTime('2018-11-23T12:00:00.000Z')).toBe('23/11/2018 10:00');
    expect(parseCrmDateTime('23/11/2026 09:00')?.start.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(parseCrmDateTime('23/11/2018 10:00')?.start.toISOString()).toBe('2018-11-23T12:00:00.000Z');
    expect(parseCrmDateTime('23/11/2026')?.end.toISOString()).toBe('2026-11-24T03:00:00.000Z');
    expect(parseCrmDateTime('31/02/2026')).toBeNull();
    expect(parseCrmDateTime('23/11/2026 24:00')).toBeNull();
  });
});
