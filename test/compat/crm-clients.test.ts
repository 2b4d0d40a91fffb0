// The CRM's "Desconto Pontualidade" API (/crm) as an integrator's program would call it, over a real
// HTTP listener. No client code for this API is published (searched: "desconto-pontualidade",
// "tipo_aplicacao_calculo", "acrescimo_desconto" — /tmp/research/other-dialects.md §2), so the requests
// follow what the vendor publishes:
//  - the seed document, the Confluence page "Endpoints - Desconto Pontualidade"
//    (https://nimitz.atlassian.net/wiki/spaces/DPU/pages/3799973889) — paths, "Parâmetros"
//    codigoInterno/codigoExterno ("caso informado os dois o sistema prioriza o código externo"), the
//    record whose field list spells `data_alteração`, "Retorna o desconto … no formato documentado na
//    sessão Exemplo do json" (an array), the search body;
//  - its sibling page "Endpoints - Forma de parcelamento" (…/pages/3783524495): booleans as "S"/"N"
//    (`"ativo": "S"`), ISO or dd/MM/yyyy dates, upper-case enum words;
// and what a generic HTTP client does: `Content-Type: application/json` and `Accept` on every request,
// bodiless GET/DELETE included; both query parameters always sent, one of them empty; a cache-buster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { br, createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';

let ctx: TestContext;
let base: string;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T12:00:00Z' });
  base = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => ctx.close());

interface Res {
  status: number;
  headers: Headers;
  json(): any;
  text: string;
}

/** A request as an integrator's HTTP client builds it: JSON content type and Accept on every call. */
async function client(
  tenant: TestTenant | null,
  method: string,
  path: string,
  body?: unknown,
  opts: { raw?: string; contentType?: string | null } = {},
): Promise<Res> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.contentType !== null) headers['content-type'] = opts.contentType ?? 'application/json';
  if (tenant) headers.authorization = `Bearer ${tenant.live}`;
  const payload = opts.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  const res = await fetch(`${base}/crm${path}`, { method, headers, body: payload });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

function expectCrmError(res: Res, status: number, erro: string, campo?: string) {
  expect(res.status, res.text).toBe(status);
  const body = res.json();
  expect(body).toMatchObject({ status, erro });
  expect(typeof body.mensagem).toBe('string');
  expect(typeof body.requestId).toBe('string');
  if (campo) expect(body.erros.map((e: { campo: string }) => e.campo)).toContain(campo);
  return body;
}

const codigos = (res: Res) => res.json().map((r: { codigo: number }) => r.codigo);

describe('lookup and delete by code, as the "Parâmetros" are sent', () => {
  it("answers a lookup in the document's format, an array of the one record (C17), with both parameters always sent, one empty (C1/C2)", async () => {
    const tn = await ctx.newTenant();
    const saved = await client(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Um', percentual: '1', codigo_externo: 'EXT1' },
      { descricao: 'Dois', percentual: '2', codigo_externo: 'EXT2' },
    ]);
    expect(saved.status, saved.text).toBe(200);
    const todos = (await client(tn, 'GET', '/desconto-pontualidade/todos')).json();

    // "Retorna o desconto no formato documentado na sessão Exemplo do json": [ { … } ].
    const byInterno = await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=2&codigoExterno=');
    expect(byInterno.status, byInterno.text).toBe(200);
    expect(byInterno.json()).toEqual([todos[1]]);
    const byExterno = await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=&codigoExterno=EXT1');
    expect(byExterno.status, byExterno.text).toBe(200);
    expect(byExterno.json()).toEqual([todos[0]]);
    // Both given: the external code wins, as the document says.
    expect(codigos(await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=2&codigoExterno=EXT1'))).toEqual([1]);
    // Both empty is "neither": 400 naming the parameter; an unknown code is a 404.
    expectCrmError(
      await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=&codigoExterno='),
      400,
      'validation_failed',
      'codigoInterno',
    );
    expectCrmError(await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=&codigoExterno=NOPE'), 404, 'not_found');
    // Still refused: a code that is not a number.
    expectCrmError(
      await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=um'),
      400,
      'validation_failed',
      'querystring.codigoInterno',
    );
  });

  it('ignores query parameters it does not know: a cache-buster, a token (C3)', async () => {
    const tn = await ctx.newTenant();
    await client(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Um', percentual: '1' }]);
    const get = await client(tn, 'GET', '/desconto-pontualidade?codigoInterno=1&_=1764000000000&token=abc');
    expect(get.status, get.text).toBe(200);
    expect(codigos(get)).toEqual([1]);
    expect((await client(tn, 'GET', '/desconto-pontualidade/todos?_=1764000000000')).status).toBe(200);
    expect((await client(tn, 'GET', '/desconto-pontualidade/metadados?_=1764000000000')).status).toBe(200);
    const del = await client(tn, 'DELETE', '/desconto-pontualidade?codigoInterno=1&_=1764000000000');
    expect(del.status, del.text).toBe(200);
    expect(del.json()).toEqual({ mensagem: 'Registro deletado com sucesso.' });
  });

  it('deletes with the codes in a JSON body as well as in the query (C4)', async () => {
    const tn = await ctx.newTenant();
    await client(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Um', percentual: '1', codigo_externo: 'D-1' },
      { descricao: 'Dois', percentual: '2' },
      { descricao: 'Três', percentual: '3' },
      { descricao: 'Quatro', percentual: '4', codigo_externo: '4004' },
    ]);
    const byBodyExterno = await client(tn, 'DELETE', '/desconto-pontualidade', { codigoExterno: 'D-1' });
    expect(byBodyExterno.status, byBodyExterno.text).toBe(200);
    expect(byBodyExterno.json()).toEqual({ mensagem: 'Registro deletado com sucesso.' });
    const byBodyInterno = await client(tn, 'DELETE', '/desconto-pontualidade', { codigoInterno: 2 });
    expect(byBodyInterno.status, byBodyInterno.text).toBe(200);
    // Codes typed loosely in the body: a digit string, a number for the external code, empties as absent.
    expect((await client(tn, 'DELETE', '/desconto-pontualidade', { codigoInterno: '3', codigoExterno: '' })).status).toBe(200);
    expect((await client(tn, 'DELETE', '/desconto-pontualidade', { codigoInterno: null, codigoExterno: 4004 })).status).toBe(200);
    expect((await client(tn, 'GET', '/desconto-pontualidade/todos')).json()).toEqual([]);

    await client(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Cinco', percentual: '5' }]);
    // Query and body agreeing is fine; disagreeing is refused rather than guessed.
    expectCrmError(
      await client(tn, 'DELETE', '/desconto-pontualidade?codigoInterno=5', { codigoInterno: 6 }),
      400,
      'validation_failed',
      'codigoInterno',
    );
    expect((await client(tn, 'DELETE', '/desconto-pontualidade?codigoInterno=5', { codigoInterno: 5 })).status).toBe(200);
    // Neither code: Content-Type with no body, and an empty object.
    expectCrmError(await client(tn, 'DELETE', '/desconto-pontualidade'), 400, 'validation_failed', 'codigoInterno');
    expectCrmError(await client(tn, 'DELETE', '/desconto-pontualidade', {}), 400, 'validation_failed', 'codigoInterno');
    expectCrmError(
      await client(tn, 'DELETE', '/desconto-pontualidade', { codigoInterno: 'um' }),
      400,
      'validation_failed',
      'codigoInterno',
    );
    expectCrmError(await client(tn, 'DELETE', '/desconto-pontualidade', { codigoInterno: 99 }), 404, 'not_found');
  });
});

describe('POST as integrators write the record', () => {
  it('takes the vendor\'s style: "ativo" as "S"/"N" and friends (C5), codes in any case (C10), a decimal comma (C12), the accented data_alteração (C9)', async () => {
    const tn = await ctx.newTenant();
    const res = await client(tn, 'POST', '/desconto-pontualidade', [
      {
        descricao: 'Pontualidade 2,5%',
        acrescimo_desconto: 'd',
        tipo_aplicacao_calculo: 'd',
        tipo_calculo_valor: 'n',
        tipo_juros: 's',
        tipo_saldo: 'a',
        tipo_prazo_pagamento: 'vce',
        tipo_pessoa: 'a',
        desconto_extra: 'n',
        codigo_externo: 'EXT123',
        data_alteração: '09/09/2024 13:30',
        percentual: '2,5',
        teto_percentual: '10,25',
        dias: 3,
        ativo: 'S',
      },
      { descricao: 'Inativa N', percentual: '1', ativo: 'N', data_alteracao: '2024-08-31T21:11:19.546Z' },
      { descricao: 'Inativa false', percentual: '1', ativo: 'false' },
      { descricao: 'Ativa 1', percentual: '1', ativo: 1 },
      { descricao: 'Inativa 0', percentual: '1', ativo: 0 },
      { descricao: 'Ativa true', percentual: '1', ativo: true },
      { descricao: 'Ativa s', percentual: '1', ativo: 's' },
    ]);
    expect(res.status, res.text).toBe(200);
    const [first, ...rest] = res.json();
    expect(first).toMatchObject({
      acrescimo_desconto: 'D',
      tipo_aplicacao_calculo: 'D',
      tipo_calculo_valor: 'N',
      tipo_juros: 'S',
      tipo_saldo: 'A',
      tipo_prazo_pagamento: 'VCE',
      tipo_pessoa: 'A',
      desconto_extra: 'N',
      codigo_externo: 'EXT123',
      data_alteracao: br('23/11/2026 09:00'), // the system's, not the one sent under either spelling
      percentual: '2.5',
      teto_percentual: '10.25',
      dias: 3,
      ativo: true, // answered as Cobre always has: a JSON boolean (the seed's record does not show ativo)
    });
    expect(first).not.toHaveProperty('data_alteração');
    expect(rest.map((r: { ativo: boolean }) => r.ativo)).toEqual([false, false, true, false, true, true]);
    // The same values through the canonical API: exact decimals, upper-case codes.
    const canonical = (await ctx.call(tn.live, 'GET', '/v1/payment-rules/by-external-code/EXT123')).json();
    expect(canonical).toMatchObject({ percentual: '2.5', teto_percentual: '10.25', tipo_prazo_pagamento: 'VCE', ativo: true });

    // Still refused, naming the field: a word that is not a boolean, a code that does not exist, a malformed decimal.
    const bad = await client(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Ruim', percentual: '1', ativo: 'talvez' },
      { descricao: 'Ruim', percentual: '1', tipo_prazo_pagamento: 'xyz' },
      { descricao: 'Ruim', percentual: '2,5,0' },
    ]);
    const body = expectCrmError(bad, 400, 'validation_failed', '[0].ativo');
    expect(body.erros.map((e: { campo: string }) => e.campo)).toEqual(expect.arrayContaining(['[1].tipo_prazo_pagamento']));
    const badDecimal = await client(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Ruim', percentual: '2,5,0' }]);
    expectCrmError(badDecimal, 400, 'validation_failed', '[0].percentual');
    expect((await client(tn, 'GET', '/desconto-pontualidade/todos')).json()).toHaveLength(7);
  });

  it('takes numeric strings for integer fields and numbers for the external code (C6/C7), keeping cents exact', async () => {
    const tn = await ctx.newTenant();
    const created = await client(tn, 'POST', '/desconto-pontualidade', [
      {
        codigo: '',
        descricao: 'Fixo',
        tipo_calculo_valor: 'V',
        valor_fixo_centavos: '1050',
        teto_centavos: '99999999999',
        codigo_externo: 123,
      },
    ]);
    expect(created.status, created.text).toBe(200);
    expect(created.json()[0]).toMatchObject({ codigo: 1, valor_fixo_centavos: 1050, teto_centavos: 99_999_999_999, codigo_externo: '123' });
    // Edit by codigo sent as text; the external code sent as a number finds the record too.
    const edited = await client(tn, 'POST', '/desconto-pontualidade', [
      { codigo: '1', descricao: 'Fixo editado', dias: '2', tipo_prazo_pagamento: 'ADV' },
    ]);
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json()[0]).toMatchObject({ codigo: 1, descricao: 'Fixo editado', dias: 2, valor_fixo_centavos: 1050 });
    expect((await client(tn, 'GET', '/desconto-pontualidade?codigoExterno=123')).json()[0].descricao).toBe('Fixo editado');
    // Money is integer cents: a decimal amount is refused, never rounded.
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Ruim', tipo_calculo_valor: 'V', valor_fixo_centavos: '10,50' }]),
      400,
      'validation_failed',
      '[0].valor_fixo_centavos',
    );
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade', [{ descricao: 'Ruim', tipo_calculo_valor: 'V', valor_fixo_centavos: 10.5 }]),
      400,
      'validation_failed',
      '[0].valor_fixo_centavos',
    );
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade', [{ codigo: 'um', descricao: 'Ruim' }]),
      400,
      'validation_failed',
      '[0].codigo',
    );
    expect((await client(tn, 'GET', '/desconto-pontualidade/todos')).json()).toHaveLength(1);
  });

  it('takes a single object as well as an array, and answers with the array of the saved record either way (C8)', async () => {
    const tn = await ctx.newTenant();
    const created = await client(tn, 'POST', '/desconto-pontualidade', {
      descricao: 'Sozinho',
      percentual: '5',
      codigo_externo: 'SO-1',
      ativo: 'S',
    });
    expect(created.status, created.text).toBe(200);
    expect(created.json()).toEqual([expect.objectContaining({ codigo: 1, descricao: 'Sozinho', percentual: '5', ativo: true })]);
    const edited = await client(tn, 'POST', '/desconto-pontualidade', { codigo: 1, descricao: 'Sozinho editado' });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json()).toEqual([expect.objectContaining({ codigo: 1, descricao: 'Sozinho editado', codigo_externo: 'SO-1' })]);
    // A bad single object is named as the batch's item 0, and nothing is saved.
    expectCrmError(await client(tn, 'POST', '/desconto-pontualidade', { percentual: '1' }), 400, 'validation_failed', '[0].descricao');
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade', { descricao: 'X', percentual: '1', campo_desconhecido: 1 }),
      400,
      'validation_failed',
      '[0].campo_desconhecido',
    );
    expect((await client(tn, 'GET', '/desconto-pontualidade/todos')).json()).toHaveLength(1);
    // Not JSON at all, or a bare value: still the dialect's 400.
    expectCrmError(await client(tn, 'POST', '/desconto-pontualidade', undefined, { raw: '"texto"' }), 400, 'validation_failed');
  });
});

describe('pesquisa as integrators send it', () => {
  it('takes digit strings for paging (C14), comparisons in any case (C13), codes and booleans as written, and no body = everything (C16)', async () => {
    const tn = await ctx.newTenant();
    await client(tn, 'POST', '/desconto-pontualidade', [
      { descricao: 'Desconto antecipado', percentual: '2,5', tipo_pessoa: 'A' },
      { descricao: 'Desconto no dia', percentual: '1', tipo_prazo_pagamento: 'DIV', ativo: 'N' },
      { descricao: 'Multa fixa', acrescimo_desconto: 'A', tipo_calculo_valor: 'V', valor_fixo_centavos: 990, tipo_prazo_pagamento: 'DPV' },
    ]);
    const search = async (body: unknown) => {
      const res = await client(tn, 'POST', '/desconto-pontualidade/pesquisa', body);
      expect(res.status, res.text).toBe(200);
      return res;
    };
    const paged = await search({ pagina: '2', quantidadeRegistros: '2', ordenacao: [{ campo: 'codigo', ordenacao: 'asc' }] });
    expect(codigos(paged)).toEqual([3]);
    expect(paged.headers.get('x-pagina')).toBe('2');
    expect(paged.headers.get('x-quantidade-registros')).toBe('2');
    expect(paged.headers.get('x-total-count')).toBe('3');
    const sorted = { ordenacao: [{ campo: 'codigo', ordenacao: 'Asc' }] };
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'descricao', comparacao: 'contem', valor: 'desconto' }] }))).toEqual([
      1, 2,
    ]);
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'descricao', comparacao: 'Inicia_Com', valor: 'multa' }] }))).toEqual([3]);
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'tipo_pessoa', comparacao: 'igual', valor: 'a' }] }))).toEqual([1]);
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'percentual', comparacao: 'IGUAL', valor: '2,5' }] }))).toEqual([1]);
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'ativo', comparacao: 'IGUAL', valor: 'N' }] }))).toEqual([2]);
    expect(codigos(await search({ ...sorted, filtros: [{ campo: 'ativo', comparacao: 'IGUAL', valor: 'S' }] }))).toEqual([1, 3]);

    // No body, with the JSON content type every request carries, and with no content type at all.
    for (const contentType of [undefined, null]) {
      const all = await client(tn, 'POST', '/desconto-pontualidade/pesquisa', undefined, { contentType });
      expect(all.status, all.text).toBe(200);
      expect(codigos(all).sort()).toEqual([1, 2, 3]);
      expect(all.headers.get('x-pagina')).toBe('1');
      expect(all.headers.get('x-quantidade-registros')).toBe('20');
      expect(all.headers.get('x-tem-mais')).toBe('false');
    }
    expect(codigos(await search(null)).sort()).toEqual([1, 2, 3]);
  });

  it('refuses pages the document does not describe: pagina counts from 1, at most 100 records a page (C15)', async () => {
    const tn = await ctx.newTenant();
    expectCrmError(await client(tn, 'POST', '/desconto-pontualidade/pesquisa', { pagina: 0 }), 400, 'validation_failed', 'pagina');
    expectCrmError(await client(tn, 'POST', '/desconto-pontualidade/pesquisa', { pagina: '0' }), 400, 'validation_failed', 'pagina');
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade/pesquisa', { quantidadeRegistros: 500 }),
      400,
      'validation_failed',
      'quantidadeRegistros',
    );
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade/pesquisa', { quantidadeRegistros: 'dez' }),
      400,
      'validation_failed',
      'quantidadeRegistros',
    );
    expectCrmError(
      await client(tn, 'POST', '/desconto-pontualidade/pesquisa', {
        filtros: [{ campo: 'descricao', comparacao: 'parecido', valor: 'x' }],
      }),
      400,
      'validation_failed',
      'filtros[0].comparacao',
    );
  });
});

describe('an integration end to end', () => {
  it('creates, reads, edits, searches and deletes with only the base URL and key changed; no key is a 401 in the dialect (C18)', async () => {
    const tn = await ctx.newTenant();
    const created = await client(tn, 'POST', '/desconto-pontualidade', {
      descricao: 'Desconto para pagamento antecipado',
      acrescimo_desconto: 'D',
      tipo_prazo_pagamento: 'ADV',
      dias: '5',
      percentual: '3,5',
      codigo_externo: 987,
      ativo: 'S',
    });
    expect(created.status, created.text).toBe(200);
    const [rec] = created.json();
    const [read] = (await client(tn, 'GET', `/desconto-pontualidade?codigoInterno=&codigoExterno=987`)).json();
    expect(read).toEqual(rec);
    ctx.clock.advance(60_000);
    const edited = await client(tn, 'POST', '/desconto-pontualidade', [
      { ...read, codigo: String(read.codigo), descricao: 'Editado', ativo: 'N', data_alteração: read.data_alteracao },
    ]);
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json()).toEqual([{ ...rec, descricao: 'Editado', ativo: false, data_alteracao: br('23/11/2026 09:01') }]);
    const found = await client(tn, 'POST', '/desconto-pontualidade/pesquisa', {
      pagina: '1',
      quantidadeRegistros: '10',
      filtros: [{ campo: 'descricao', comparacao: 'contem', valor: 'edit' }],
    });
    expect(codigos(found)).toEqual([rec.codigo]);
    expect((await client(tn, 'DELETE', '/desconto-pontualidade', { codigoExterno: 987 })).json()).toEqual({
      mensagem: 'Registro deletado com sucesso.',
    });
    expectCrmError(await client(tn, 'GET', '/desconto-pontualidade?codigoExterno=987'), 404, 'not_found');
    expectCrmError(await client(null, 'GET', '/desconto-pontualidade/todos'), 401, 'unauthorized');
    ctx.clock.set(d('2026-11-23T12:00:00Z'));
  });
});
