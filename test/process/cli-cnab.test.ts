// `cobre cnab remessa` and `cobre cnab retorno` go through the server's API: the remittance is made
// (POST …/remittances, or only previewed) and written to a file with a pt-BR summary (new boletos and write-offs), a return file is uploaded
// and what it registered is printed; the same return again registers nothing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textSink } from '../support/text-sink.ts';
import { runCnabRemessa, runCnabRetorno } from '../../src/bank-files/cli-cnab.ts';
import { readRemessa240 } from '../../src/cnab/remessa240-reader.ts';
import { br, cpfFrom, createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { return240 } from '../support/cnab-return.ts';

let ctx: TestContext;
let t: TestTenant;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'cobre-cli-cnab-'));

const sink = textSink;

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-23T15:00:00Z' });
  t = await ctx.newTenant();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  const acc = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
    bank_code: '341',
    agency: '0057',
    account: '12345',
    account_digit: '7',
    carteira: '109',
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
  });
  expect(acc.statusCode, acc.body).toBe(201);
});
afterAll(() => ctx.close());

async function chargeWithBoleto(amount: number) {
  const cust = await ctx.call(t.live, 'POST', '/v1/customers', {
    person_type: 'PF',
    name: 'Pagadora da Linha de Comando',
    document: cpfFrom(9300 + amount),
    addresses: [{ street: 'Rua A', number: '1', district: 'Centro', city: 'Porto Alegre', state: 'RS', postal_code: '90010-000' }],
  });
  const ch = await ctx.call(t.live, 'POST', '/v1/charges', {
    customer_id: cust.json().id,
    amount_cents: amount,
    due_date: d('2026-12-10'),
  });
  expect(ch.statusCode, ch.body).toBe(201);
  const b = await ctx.call(t.live, 'POST', `/v1/charges/${ch.json().id}/boleto`);
  expect(b.statusCode, b.body).toBe(200);
  return { charge: ch.json(), boleto: b.json() };
}

describe('cobre cnab', () => {
  it('remessa writes the file and says what it carries; retorno registers the payment once', async () => {
    const a = await chargeWithBoleto(12_345);
    const b = await chargeWithBoleto(6_789);
    // A preview writes the same file and marks nothing: the real one is still nº 1.
    const preview = join(dir, 'previa.rem');
    const seen = sink();
    expect(
      await runCnabRemessa({ baseUrl: base, apiKey: t.live, preview: true, outFile: preview, out: seen.stream, err: sink().stream }),
    ).toBe(0);
    expect(seen.text()).toBe(`prévia (nada marcado) nº 1: 2 boleto(s), 0 instrução(ões) ao banco, total R$ 191,34 → ${preview}\n`);
    const first = join(dir, 'remessa-1.rem');
    const out = sink();
    expect(
      await runCnabRemessa({ baseUrl: base, apiKey: t.live, preview: false, outFile: first, out: out.stream, err: sink().stream }),
    ).toBe(0);
    expect(out.text()).toBe(`remessa nº 1: 2 boleto(s), 0 instrução(ões) ao banco, total R$ 191,34 → ${first}\n`);
    expect(readRemessa240(readFileSync(first)).boletos.map((x) => x.movement)).toEqual(['entry', 'entry']);
    expect(readRemessa240(readFileSync(preview)).boletos).toEqual(readRemessa240(readFileSync(first)).boletos);

    // b's charge is cancelled after the file went to the bank: the next file asks for its write-off.
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${b.charge.id}/cancel`, { reason: 'desistência' })).statusCode).toBe(200);
    const second = join(dir, 'remessa-2.rem');
    const out2 = sink();
    expect(
      await runCnabRemessa({ baseUrl: base, apiKey: t.live, preview: false, outFile: second, out: out2.stream, err: sink().stream }),
    ).toBe(0);
    expect(out2.text()).toBe(`remessa nº 2: 0 boleto(s), 1 instrução(ões) ao banco, total R$ 0,00 → ${second}\n`);
    expect(readRemessa240(readFileSync(second)).boletos.map((x) => [x.movement, x.amountCents])).toEqual([['write_off', 6_789]]);

    // Nothing waits: the CLI says why and exits 1.
    const err = sink();
    expect(
      await runCnabRemessa({
        baseUrl: base,
        apiKey: t.live,
        preview: false,
        outFile: join(dir, 'x.rem'),
        out: sink().stream,
        err: err.stream,
      }),
    ).toBe(1);
    expect(err.text()).toContain('nothing_to_remit');

    const ret = join(dir, 'retorno.ret');
    writeFileSync(
      ret,
      return240('341', [
        { code: '06', nossoNumero: a.boleto.nosso_numero.replace(/\D/g, ''), amount: 12_345, paid: 12_345, paymentDate: br('20112026') },
      ]),
    );
    const got = sink();
    expect(await runCnabRetorno({ baseUrl: base, apiKey: t.live, file: ret, out: got.stream, err: sink().stream })).toBe(0);
    expect(got.text()).toContain('cnab240 do banco 341: 1 ocorrência(s)');
    expect(got.text()).toContain('pagamentos registrados: 1 (R$ 123,45, tarifas R$ 0,00)');
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json().status).toBe('paid');
    const again = sink();
    expect(await runCnabRetorno({ baseUrl: base, apiKey: t.live, file: ret, out: again.stream, err: sink().stream })).toBe(0);
    expect(again.text()).toContain('Este arquivo já foi processado; nada foi registrado agora.');
  });
});
