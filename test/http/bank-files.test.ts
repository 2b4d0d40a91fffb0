// CNAB bank files through HTTP: the remittance of a collection account (240-character lines, record
// counts, marking, preview) and return files (liquidations become payments once, unknown nossos
// números reported, a malformed line rejects the whole file, trimmed lines and blank lines are read
// and reported).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRemessa240 } from '../../src/cnab/remessa240-reader.ts';
import { createTestContext, type TestContext, type TestTenant, br, d } from '../support/app.ts';
import { chargeWithBoleto as boletoOf, tenantWithAccount } from '../support/collection-setup.ts';
import { num, paid400, record, return240, return400 } from '../support/cnab-return.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const setup = (account: Record<string, unknown>) => tenantWithAccount(ctx, account);
const chargeWithBoleto = (t: TestTenant, customerId: string, amount: number, over: Record<string, unknown> = {}) =>
  boletoOf(ctx, t, customerId, amount, over);

/** The upload answered 200 with one payment of `paid` cents on the charge (tariff 1,50, paid on 20/11), and the charge is paid. */
async function expectPaidByReturn(t: TestTenant, res: Awaited<ReturnType<typeof upload>>, chargeId: string, paid: number) {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json().payments[0]).toMatchObject({ charge_id: chargeId, paid_cents: paid, fee_cents: 150, paid_on: d('2026-11-20') });
  expect((await ctx.call(t.live, 'GET', `/v1/charges/${chargeId}`)).json().status).toBe('paid');
}

function upload(t: TestTenant, accountId: string, body: string) {
  return ctx.call(t.live, 'POST', `/v1/collection-accounts/${accountId}/returns`, body, { 'content-type': 'application/octet-stream' });
}

describe('remittance (CNAB 240)', () => {
  it('lists the boletos not yet sent in 240-character lines with the right counts; preview marks nothing', async () => {
    const { t, account, customer } = await setup({
      bank_code: '341',
      agency: '0057',
      account: '12345',
      account_digit: '7',
      carteira: '109',
    });
    const late = { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false }, grace_days: 0 };
    const made = [];
    for (const amount of [10000, 20050, 33333]) made.push(await chargeWithBoleto(t, customer.id, amount, { late_policy: late }));

    const preview = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance?preview=true`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.headers['x-preview']).toBe('true');
    const lines = preview.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3 * 3 + 4);
    expect(lines.every((l) => l.length === 240)).toBe(true);
    const batchTrailer = lines[lines.length - 2];
    expect(batchTrailer.slice(17, 23)).toBe(num(3 * 3 + 2, 6));
    expect(batchTrailer.slice(23, 29)).toBe(num(3, 6));
    expect(Number(batchTrailer.slice(29, 46))).toBe(10000 + 20050 + 33333);
    expect(lines[lines.length - 1].slice(23, 29)).toBe(num(13, 6));
    const read = readRemessa240(preview.body);
    expect(read.boletos.map((b) => b.nossoNumero)).toEqual(made.map((m) => m.boleto.nosso_numero.replace(/\D/g, '')));
    // Fine (segment R) and interest (segment P) from the charge's late policy: 2.00 % and 1.00 %/month.
    const segR = lines.find((l) => l[13] === 'R')!;
    expect(segR[65]).toBe('2');
    expect(Number(segR.slice(74, 89))).toBe(200);
    const segP = lines.find((l) => l[13] === 'P')!;
    expect(segP[117]).toBe('2');
    expect(Number(segP.slice(126, 141))).toBe(100);
    // Payer name cut to the 40 positions of segment Q.
    expect(lines.find((l) => l[13] === 'Q')!.slice(33, 73)).toBe('JOSE DE ALENCAR PAGADOR COM UM NOME BEM ');

    const again = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance?preview=true`);
    expect(again.headers['x-file-sequence']).toBe('1');

    const real = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance`);
    expect(real.statusCode).toBe(200);
    expect(real.headers['x-file-sequence']).toBe('1');
    expect(real.headers['x-boleto-count']).toBe('3');
    const remittanceId = real.headers['x-remittance-id'] as string;
    expect((await ctx.call(t.live, 'GET', `/v1/boletos/${made[0].boleto.id}`)).json().remittance_id).toBe(remittanceId);

    const empty = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance`);
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.reason).toBe('nothing_to_remit');

    await chargeWithBoleto(t, customer.id, 777);
    const second = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance`);
    expect(second.headers['x-file-sequence']).toBe('2');
    expect(second.headers['x-boleto-count']).toBe('1');

    const list = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittances`)).json().data;
    expect(list.map((r: { file_sequence: number }) => r.file_sequence)).toEqual([2, 1]);
    const file = await ctx.call(t.live, 'GET', list[1].file_url);
    expect(file.body).toBe(real.body);
  });
});

describe('remittance movements: write-offs and the file sequence', () => {
  it('a boleto cancelled after it was sent goes as 02 (pedido de baixa) in the next file, once; one never sent goes nowhere', async () => {
    const { t, account, customer } = await setup({
      bank_code: '341',
      agency: '0057',
      account: '12345',
      account_digit: '7',
      carteira: '109',
    });
    const [a, b] = [
      await chargeWithBoleto(t, customer.id, 1000),
      await chargeWithBoleto(t, customer.id, 2000),
      await chargeWithBoleto(t, customer.id, 3000),
    ];
    const make = (key?: string) =>
      ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`, undefined, key ? { 'idempotency-key': key } : {});

    const first = await make('remessa-1');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ file_sequence: 1, boleto_count: 3, movement_count: 0, total_cents: 6000 });
    // A retry of the same request answers the same file; it does not make another.
    const retried = await make('remessa-1');
    expect(retried.json().id).toBe(first.json().id);

    // After the file: a cancelled charge and a cancelled boleto need a write-off; a new boleto is an entry.
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${a.charge.id}/cancel`, { reason: 'contrato encerrado' })).statusCode).toBe(200);
    expect((await ctx.call(t.live, 'DELETE', `/v1/charges/${b.charge.id}/boleto`)).json().status).toBe('cancelled');
    const d2 = await chargeWithBoleto(t, customer.id, 4000);
    // Issued and cancelled before any file: the bank never had it.
    const never = await chargeWithBoleto(t, customer.id, 5000);
    expect((await ctx.call(t.live, 'POST', `/v1/charges/${never.charge.id}/cancel`, { reason: 'emitida por engano' })).statusCode).toBe(
      200,
    );

    const preview = await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittance/preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ file_sequence: 2, boleto_count: 1, movement_count: 2, total_cents: 4000 });
    expect(preview.json().boletos.map((l: Record<string, unknown>) => [l.boleto_id, l.movement_code, l.movement, l.movement_text])).toEqual(
      [
        [d2.boleto.id, '01', 'entry', 'Entrada de Títulos'],
        [a.boleto.id, '02', 'write_off', 'Pedido de Baixa'],
        [b.boleto.id, '02', 'write_off', 'Pedido de Baixa'],
      ],
    );

    const second = await make();
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json()).toMatchObject({ file_sequence: 2, boleto_count: 1, movement_count: 2, total_cents: 4000 });
    const file = await ctx.call(t.live, 'GET', second.json().file_url);
    const read = readRemessa240(file.body);
    const digits = (m: { boleto: { nosso_numero: string } }) => m.boleto.nosso_numero.replace(/\D/g, '');
    expect(read.boletos.map((x) => [x.movement, x.nossoNumero])).toEqual([
      ['entry', digits(d2)],
      ['write_off', digits(a)],
      ['write_off', digits(b)],
    ]);
    expect(
      file.body
        .split('\r\n')
        .filter((l) => l[13] === 'P')
        .map((l) => l.slice(15, 17)),
    ).toEqual(['01', '02', '02']);
    const sent = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittances`)).json().data[0];
    expect(sent).toMatchObject({ file_sequence: 2, boleto_count: 1, movement_count: 2 });

    // Sent once: nothing is waiting now, and the refusal takes no sequence number.
    const empty = await make();
    expect(empty.statusCode).toBe(409);
    expect(empty.json().error.reason).toBe('nothing_to_remit');
    await chargeWithBoleto(t, customer.id, 600);
    expect((await make()).json()).toMatchObject({ file_sequence: 3, boleto_count: 1, movement_count: 0 });
  });

  it('two requests at once make one file: the sequence neither repeats nor skips', async () => {
    const { t, account, customer } = await setup({
      bank_code: '341',
      agency: '0057',
      account: '12345',
      account_digit: '7',
      carteira: '109',
    });
    await chargeWithBoleto(t, customer.id, 1234);
    const both = await Promise.all([1, 2].map(() => ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`)));
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    await chargeWithBoleto(t, customer.id, 4321);
    const next = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/remittances`);
    expect(next.json().file_sequence).toBe(2);
    const list = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/remittances`)).json().data;
    expect(list.map((r: { file_sequence: number }) => r.file_sequence)).toEqual([2, 1]);
  });
});

describe('return files', () => {
  it('registers a liquidation as a payment once, reports unknown nossos números, and recognises the same file', async () => {
    const { t, account, customer } = await setup({ bank_code: '341', agency: '0057', account: '12345', carteira: '109' });
    const a = await chargeWithBoleto(t, customer.id, 15000);
    const b = await chargeWithBoleto(t, customer.id, 25000);
    const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
    const nnB = b.boleto.nosso_numero.replace(/\D/g, '');
    const file = return240('341', [
      { code: '02', nossoNumero: nnB, amount: 25000 },
      { code: '06', nossoNumero: nnA, amount: 15000, paid: 15000, fee: 250, paymentDate: br('20112026') },
      { code: '06', nossoNumero: '99999999999', amount: 4200, paid: 4200, paymentDate: br('20112026') },
    ]);
    const res = await upload(t, account.id, file);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({
      already_processed: false,
      format: 'cnab240',
      bank_code: '341',
      entry_count: 3,
      paid_total_cents: 15000,
      fee_total_cents: 250,
    });
    expect(r.payments).toHaveLength(1);
    expect(r.payments[0]).toMatchObject({
      charge_id: a.charge.id,
      boleto_id: a.boleto.id,
      paid_on: d('2026-11-20'),
      paid_cents: 15000,
      fee_cents: 250,
      created: true,
      charge_status: 'paid',
      line: 5,
    });
    expect(r.unmatched).toEqual([
      {
        line: 7,
        nosso_numero: '99999999999',
        occurrence_code: '06',
        occurrence_text: 'Liquidação',
        kind: 'liquidation',
        amount_cents: 4200,
        reason_texts: [],
      },
    ]);
    expect(r.registered.map((x: { boleto_id: string }) => x.boleto_id)).toEqual([b.boleto.id]);

    const charge = (await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json();
    expect(charge).toMatchObject({ status: 'paid', paid_cents: 15000 });
    expect((await ctx.call(t.live, 'GET', `/v1/boletos/${a.boleto.id}`)).json().status).toBe('paid');
    expect((await ctx.call(t.live, 'GET', `/v1/boletos/${b.boleto.id}`)).json().status).toBe('registered');
    const payments = (await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}/payments`)).json();
    const list = Array.isArray(payments) ? payments : payments.data;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ method: 'boleto', external_id: `cnab:341:${nnA}:${d('2026-11-20')}` });

    // The same file again: recognised, nothing registered.
    const twice = await upload(t, account.id, file);
    expect(twice.statusCode).toBe(200);
    expect(twice.json()).toMatchObject({ already_processed: true, bank_return_id: r.bank_return_id });
    // Another file with the same liquidation: it is not counted twice either.
    const other = return240('341', [
      { code: '06', nossoNumero: nnA, amount: 15000, paid: 15000, fee: 250, paymentDate: br('20112026') },
      { code: '28', nossoNumero: nnA, amount: 15000, fee: 90 },
    ]);
    const third = (await upload(t, account.id, other)).json();
    expect(third).toMatchObject({ already_processed: false, paid_total_cents: 0, other_count: 1 });
    expect(third.payments[0]).toMatchObject({ created: false, charge_id: a.charge.id });
    const after = (await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}/payments`)).json();
    expect(Array.isArray(after) ? after : after.data).toHaveLength(1);
    const returns = (await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/returns`)).json().data;
    expect(returns).toHaveLength(2);
  });

  it('rejects a file with a malformed line, naming it, and applies nothing', async () => {
    const { t, account, customer } = await setup({ bank_code: '341', agency: '0057', account: '12345', carteira: '109' });
    const a = await chargeWithBoleto(t, customer.id, 5000);
    const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
    const lines = return240('341', [{ code: '06', nossoNumero: nnA, amount: 5000, paid: 5000, paymentDate: br('20112026') }]).split('\r\n');
    lines[3] = lines[3].slice(0, 77) + 'XX' + lines[3].slice(79); // line 4 (segment U): a letter inside valor pago
    lines[1] = lines[1] + '  '; // line 2: longer than 240 (a shorter one would be padded)
    const res = await upload(t, account.id, lines.join('\r\n'));
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('invalid_return_file');
    expect(err.details.map((d: { field: string }) => d.field)).toEqual(['line 2', 'line 4']);
    expect(err.first_error_line).toBe(2);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json()).toMatchObject({ status: 'open', paid_cents: 0 });
    expect((await ctx.call(t.live, 'GET', `/v1/collection-accounts/${account.id}/returns`)).json().data).toEqual([]);

    const wrongBank = await upload(
      t,
      account.id,
      return240('237', [{ code: '06', nossoNumero: nnA, amount: 5000, paid: 5000, paymentDate: br('20112026') }]),
    );
    expect(wrongBank.statusCode).toBe(400);
    expect(wrongBank.json().error.details[0].field).toBe('line 1');
    const json = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/returns`, { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('matches Bradesco CNAB 400 liquidations by the nosso número without carteira', async () => {
    const { t, account, customer } = await setup({ bank_code: '237', agency: '1172', account: '0403005', carteira: '09' });
    const a = await chargeWithBoleto(t, customer.id, 8000);
    // '09/00000000001-P' → positions 71-82 hold the 11 digits and the DV.
    const afterSlash = a.boleto.nosso_numero.split('/')[1].replace('-', '');
    const header = record(400, [
      [1, '02RETORNO01COBRANCA'],
      [77, '237'],
      [95, br('201126')],
      [395, '000001'],
    ]);
    const detail = record(400, [
      [1, '1'],
      [71, afterSlash],
      [109, '06'],
      [111, br('201126')],
      [153, num(8000, 13)],
      [176, num(199, 13)],
      [241, num(0, 13)],
      [254, num(8000, 13)],
      [267, num(0, 13)],
      [296, br('231126')],
      [395, '000002'],
    ]);
    const trailer = record(400, [
      [1, '9201237'],
      [395, '000003'],
    ]);
    const res = await upload(t, account.id, [header, detail, trailer].join('\r\n') + '\r\n');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().payments[0]).toMatchObject({
      charge_id: a.charge.id,
      paid_cents: 8000,
      fee_cents: 199,
      paid_on: d('2026-11-20'),
      created: true,
    });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json().status).toBe('paid');
  });
  it("CNAB 240 preview: each entry carries the bank's text of its occurrence and of each rejection motive (FEBRABAN C044/C047)", async () => {
    const { t, account, customer } = await setup({ bank_code: '341', agency: '0057', account: '12345', carteira: '109' });
    const a = await chargeWithBoleto(t, customer.id, 7000);
    const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
    const file = return240('341', [
      { code: '03', nossoNumero: nnA, amount: 7000, reasons: '0816ZZ' },
      { code: '28', nossoNumero: nnA, amount: 7000, fee: 90 },
      { code: '77', nossoNumero: nnA, amount: 7000 },
    ]);
    const res = await ctx.call(t.live, 'POST', `/v1/collection-accounts/${account.id}/returns?preview=true`, file, {
      'content-type': 'application/octet-stream',
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.rejected).toEqual([
      {
        line: 3,
        nosso_numero: nnA,
        occurrence_code: '03',
        occurrence_text: 'Entrada Rejeitada',
        kind: 'entry_rejected',
        amount_cents: 0, // the paid amount of segment U (none), as for every entry
        boleto_id: a.boleto.id,
        reasons: ['08', '16', 'ZZ'],
        reason_texts: [
          { code: '08', text: 'Nosso Número Inválido' },
          { code: '16', text: 'Data de Vencimento Inválida' },
          { code: 'ZZ', text: null },
        ],
      },
    ]);
    // A tarifa and an undocumented code: listed with their text (null when the bank's table lacks it), nothing applied.
    expect(r.other_count).toBe(2);
    expect(
      r.other.map((e: { occurrence_code: string; occurrence_text: string | null; kind: string }) => [
        e.occurrence_code,
        e.occurrence_text,
        e.kind,
      ]),
    ).toEqual([
      ['28', 'Débito de Tarifas/Custas', 'fee'],
      ['77', null, 'other'],
    ]);
  });

  it("CNAB 400 (Bradesco) preview: an entrada rejeitada with its motives (319-328) in the bank's words", async () => {
    const { t, account, customer } = await setup({ bank_code: '237', agency: '1172', account: '0403005', carteira: '09' });
    const a = await chargeWithBoleto(t, customer.id, 8000);
    const afterSlash = a.boleto.nosso_numero.split('/')[1].replace('-', '');
    const header = record(400, [
      [1, '02RETORNO01COBRANCA'],
      [77, '237'],
      [95, br('201126')],
      [395, '000001'],
    ]);
    const detail = record(400, [
      [1, '1'],
      [71, afterSlash],
      [109, '03'],
      [111, br('201126')],
      [153, num(8000, 13)],
      [176, num(0, 13)],
      [241, num(0, 13)],
      [254, num(0, 13)],
      [267, num(0, 13)],
      [319, '4548'],
      [395, '000002'],
    ]);
    const trailer = record(400, [
      [1, '9201237'],
      [395, '000003'],
    ]);
    const res = await ctx.call(
      t.live,
      'POST',
      `/v1/collection-accounts/${account.id}/returns?preview=true`,
      [header, detail, trailer].join('\r\n') + '\r\n',
      {
        'content-type': 'application/octet-stream',
      },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected).toEqual([
      expect.objectContaining({
        occurrence_code: '03',
        occurrence_text: 'Entrada Rejeitada',
        boleto_id: a.boleto.id,
        reasons: ['45', '48'],
        reason_texts: [
          { code: '45', text: 'Nome do pagador não informado' },
          { code: '48', text: 'CEP Inválido' },
        ],
      }),
    ]);
  });

  it('reads a CNAB 240 file with trimmed lines, blank lines, mixed line ends and a Ctrl-Z, and says which lines it padded and skipped', async () => {
    const { t, account, customer } = await setup({ bank_code: '341', agency: '0057', account: '12345', carteira: '109' });
    const a = await chargeWithBoleto(t, customer.id, 12345);
    const nnA = a.boleto.nosso_numero.replace(/\D/g, '');
    const lines = return240('341', [
      { code: '06', nossoNumero: nnA, amount: 12345, paid: 12345, fee: 150, paymentDate: br('21112026') },
      { code: '06', nossoNumero: '88888888888', amount: 100, paid: 100, paymentDate: br('21112026') },
    ])
      .split('\r\n')
      .slice(0, -1)
      .map((l) => l.trimEnd());
    expect(lines.map((l) => l.length).every((n) => n < 240)).toBe(true);
    // Line 1 blank, records on lines 2-4, a blank line 5, the rest on 6-10 (LF), then a line with Ctrl-Z.
    const file = '\r\n' + lines.slice(0, 3).join('\r\n') + '\r\n\r\n' + lines.slice(3).join('\n') + '\n\x1a';
    const res = await upload(t, account.id, file);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ format: 'cnab240', entry_count: 2, paid_total_cents: 12345, fee_total_cents: 150 });
    expect(r.line_report).toEqual({
      record_count: 8,
      padded_lines: '2-4, 6-10',
      padded_count: 8,
      skipped_lines: '1, 5, 11',
      skipped_count: 3,
    });
    // Entries name their lines in the file as sent (the T of the first pair is line 4).
    expect(r.payments[0]).toMatchObject({ line: 4, charge_id: a.charge.id, paid_cents: 12345, created: true, charge_status: 'paid' });
    expect(r.unmatched).toEqual([
      {
        line: 7,
        nosso_numero: '88888888888',
        occurrence_code: '06',
        occurrence_text: 'Liquidação',
        kind: 'liquidation',
        amount_cents: 100,
        reason_texts: [],
      },
    ]);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json()).toMatchObject({ status: 'paid', paid_cents: 12345 });
    // The stored result carries the report too.
    expect((await upload(t, account.id, file)).json()).toMatchObject({ already_processed: true, line_report: r.line_report });
  });

  it('reads a CNAB 400 file after a blank line with LF ends, pads a header trimmed of its blanks, and refuses a record cut short, saying so', async () => {
    const { t, account, customer } = await setup({ bank_code: '237', agency: '1172', account: '0403005', carteira: '09' });
    const a = await chargeWithBoleto(t, customer.id, 4321);
    const afterSlash = a.boleto.nosso_numero.split('/')[1].replace('-', '');
    // This header leaves its sequence number blank, so its line ends in blanks that a transfer trimmed.
    const header = record(400, [
      [1, '02RETORNO01COBRANCA'],
      [77, '237'],
      [80, 'BRADESCO'],
      [95, br('201126')],
    ]).trimEnd();
    const detail = record(400, [
      [1, '1'],
      [71, afterSlash],
      [109, '06'],
      [111, br('201126')],
      [153, num(4321, 13)],
      [176, num(99, 13)],
      [241, num(0, 13)],
      [254, num(4321, 13)],
      [267, num(0, 13)],
      [296, br('231126')],
      [395, '000002'],
    ]);
    const trailer = record(400, [
      [1, '9201237'],
      [395, '000003'],
    ]);
    const cut = await upload(t, account.id, ['', header, detail.slice(0, 280), trailer].join('\n'));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.details).toEqual([
      { field: 'line 3', issue: 'non-numeric sequence (395-400) (the line has 280 characters, padded with spaces to 400)' },
    ]);
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json().status).toBe('open');

    const res = await upload(t, account.id, ['', header, detail, trailer].join('\n') + '\n');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'cnab400',
      line_report: { record_count: 3, padded_lines: '2', padded_count: 1, skipped_lines: '1', skipped_count: 1 },
    });
    expect(res.json().payments[0]).toMatchObject({ line: 3, charge_id: a.charge.id, paid_cents: 4321, fee_cents: 99, created: true });
  });

  it('Santander CNAB 400: matches the 7 digits + DV at 63-70, skips the PIX record 2, and pays the charge', async () => {
    const { t, account, customer } = await setup({ bank_code: '033', convenio: '1234567', carteira: '101', agency: '3456' });
    const a = await chargeWithBoleto(t, customer.id, 6500);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 12 digits + DV
    const file = return400('033', [
      paid400(6500, [[63, nn.slice(-8)]]),
      [
        [1, '2'],
        [2, '1'],
        [79, 'txid-pix'],
      ],
    ]);
    const res = await upload(t, account.id, file);
    await expectPaidByReturn(t, res, a.charge.id, 6500);
  });

  it('Sicoob CNAB 400: matches the number without DV at 63-73, reads the tariff at 182-188, and pays the charge', async () => {
    const { t, account, customer } = await setup({ bank_code: '756', agency: '4327', beneficiary_code: '3666', carteira: '1' });
    const a = await chargeWithBoleto(t, customer.id, 7300);
    const [nn, dv] = a.boleto.nosso_numero.split('-'); // 'NNNNNNN-D'
    const fields = paid400(7300, [
      [63, nn.padStart(11, '0')],
      [74, dv],
      [176, br('231126')],
      [182, num(150, 7)],
    ]);
    const res = await upload(t, account.id, return400('756', [fields]));
    await expectPaidByReturn(t, res, a.charge.id, 7300);
  });

  it('Banrisul CNAB 400: matches the number with its NC at 63-72 and pays the charge', async () => {
    const { t, account, customer } = await setup({
      bank_code: '041',
      agency: '1102',
      account: '9000150',
      account_digit: '46',
      carteira: '2',
    });
    const a = await chargeWithBoleto(t, customer.id, 5400);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 'NNNNNNNN-NC' → 10 digits
    const res = await upload(t, account.id, return400('041', [paid400(5400, [[63, nn]])]));
    await expectPaidByReturn(t, res, a.charge.id, 5400);
  });

  it('Sicredi CNAB 400: matches the unedited 9 digits at 48-62, reads the AAAAMMDD credit date, and pays the charge', async () => {
    const { t, account, customer } = await setup({
      bank_code: '748',
      agency: '0165',
      post: '02',
      beneficiary_code: '00623',
      carteira: '1',
    });
    const a = await chargeWithBoleto(t, customer.id, 8800);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 'AA/BXXXXX-D' → 9 digits
    const res = await upload(
      t,
      account.id,
      return400('748', [
        paid400(8800, [
          [48, nn],
          [296, '      '],
          [329, d('2026-11-23').replace(/-/g, '')],
        ]),
      ]),
    );
    await expectPaidByReturn(t, res, a.charge.id, 8800);
  });

  it('Caixa CNAB 400: matches the 17 digits without DV at 57-73, liquidation 21, credit date at 294, and pays the charge', async () => {
    const { t, account, customer } = await setup({ bank_code: '104', beneficiary_code: '123456', carteira: 'RG', agency: '1234' });
    const a = await chargeWithBoleto(t, customer.id, 9100);
    const [nn] = a.boleto.nosso_numero.split('-'); // 17 digits + '-' + DV
    const fields = paid400(9100, [
      [57, nn],
      [109, '21'],
      [296, '      '],
      [294, br('231126')],
    ]);
    const res = await upload(t, account.id, return400('104', [fields]));
    await expectPaidByReturn(t, res, a.charge.id, 9100);
  });

  it('BRB CNAB 400: matches the 12 digits at 71-82, reads DDMMAAAA dates and the amounts at 157 and 258, and pays the charge', async () => {
    const { t, account, customer } = await setup({ bank_code: '070', agency: '082', account: '0000528', carteira: '2' });
    const a = await chargeWithBoleto(t, customer.id, 6700);
    const res = await upload(
      t,
      account.id,
      return400('070', [
        [
          [1, '1'],
          [71, a.boleto.nosso_numero], // MSSSSSS070dd, printed as is
          [109, '06'],
          [111, br('20112026')],
          [119, br('23112026')],
          [157, num(6700, 13)],
          [180, num(150, 13)],
          [245, num(0, 13)],
          [258, num(6700, 13)],
          [284, num(0, 13)],
        ],
      ]),
    );
    await expectPaidByReturn(t, res, a.charge.id, 6700);
  });

  it('Banco do Nordeste CNAB 400: matches the 7 digits + DV at 63-70, takes the credit date inside the error table without refusing it, and pays the charge', async () => {
    const { t, account, customer } = await setup({
      bank_code: '004',
      agency: '0016',
      account: '0001193',
      account_digit: '2',
      carteira: '21',
    });
    const a = await chargeWithBoleto(t, customer.id, 4700);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 'NNNNNNN-D' → 8 digits
    const res = await upload(t, account.id, return400('004', [paid400(4700, [[63, nn]])]));
    await expectPaidByReturn(t, res, a.charge.id, 4700);
  });

  it('Safra CNAB 400: matches the 8 digits + DV at 63-71 and pays the charge', async () => {
    const { t, account, customer } = await setup({
      bank_code: '422',
      agency: '0040',
      agency_digit: '0',
      account: '00027824',
      account_digit: '7',
      carteira: '1',
    });
    const a = await chargeWithBoleto(t, customer.id, 5900);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 'NNNNNNNN-D' → 9 digits
    const res = await upload(t, account.id, return400('422', [paid400(5900, [[63, nn]])]));
    await expectPaidByReturn(t, res, a.charge.id, 5900);
  });

  it('Unicred CNAB 400: matches the number with DV at 46-62, reads the tariff at 182-188, and pays the charge', async () => {
    const { t, account, customer } = await setup({
      bank_code: '136',
      agency: '1234',
      account: '12345',
      account_digit: '7',
      carteira: '21',
    });
    const a = await chargeWithBoleto(t, customer.id, 6100);
    const nn = a.boleto.nosso_numero.replace(/\D/g, ''); // 'NNNNNNNNNN-D' → 11 digits
    const fields = paid400(6100, [
      [46, nn.padStart(17, '0')],
      [176, br('231126')],
      [182, num(150, 7)],
      [296, '      '], // 280-305 is the seu número here
    ]);
    const res = await upload(t, account.id, return400('136', [fields]));
    await expectPaidByReturn(t, res, a.charge.id, 6100);
  });
});
