// Each bank's own remittance through the API: an account chooses among the layouts its bank takes
// (GET /v1/remittance-layouts), the file is written in that layout (CNAB 400 Itaú and Bradesco, CNAB
// 240 Sicredi), changes to a charge go as that bank's codes, and a change the bank's layout has no
// movement for is refused before anything changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRemessa400Bradesco } from '../../src/cnab/remessa400-bradesco.ts';
import { readRemessa400Bb } from '../../src/cnab/remessa400-bb.ts';
import { BB_240 } from '../../src/cnab/remessa240-bb.ts';
import { readRemessa400Itau } from '../../src/cnab/remessa400-itau.ts';
import { readRemessa240 } from '../../src/cnab/remessa240-reader.ts';
import { SICREDI_240 } from '../../src/cnab/remessa240-sicredi.ts';
import { createTestContext, d, type TestContext, type TestTenant } from '../support/app.ts';
import { chargeWithBoleto as boletoOf, DEMO_BENEFICIARY, remit as remitFile, tenantWithAccount } from '../support/collection-setup.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const setup = (account: Record<string, unknown>) => tenantWithAccount(ctx, account);
const chargeWithBoleto = (t: TestTenant, customerId: string, amount: number, over: Record<string, unknown> = {}) =>
  boletoOf(ctx, t, customerId, amount, over);
const remit = (t: TestTenant, accountId: string) => remitFile(ctx, t, accountId);

describe('remittance layouts', () => {
  it('lists the layouts each bank takes with their movements; an account is refused a layout of another bank', async () => {
    const t = await ctx.newTenant();
    const ids = async (bank: string) =>
      (await ctx.call(t.live, 'GET', `/v1/remittance-layouts?bank_code=${bank}`)).json().data.map((l: { id: string }) => l.id);
    expect(await ids('341')).toEqual(['cnab240', 'cnab400_itau']);
    expect(await ids('237')).toEqual(['cnab240', 'cnab400_bradesco']);
    expect(await ids('748')).toEqual(['cnab240', 'cnab240_sicredi']);
    const all = (await ctx.call(t.live, 'GET', '/v1/remittance-layouts')).json().data;
    const sicredi = all.find((l: { id: string }) => l.id === 'cnab240_sicredi');
    expect(sicredi).toMatchObject({ record_length: 240, bank_codes: ['748'] });
    expect(sicredi.movements.map((m: { movement: string }) => m.movement)).not.toContain('amount_change');
    expect(all.find((l: { id: string }) => l.id === 'cnab240')).toMatchObject({ bank_codes: null, record_length: 240 });

    const wrong = await ctx.call(t.live, 'POST', '/v1/collection-accounts', {
      bank_code: '237',
      agency: '1172',
      account: '0403005',
      carteira: '09',
      remittance_layout: 'cnab400_itau',
      ...DEMO_BENEFICIARY,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.map((x: { field: string }) => x.field)).toEqual(['remittance_layout']);
  });

  it('Itaú CNAB 400: entries with the daily interest of the monthly rate, then a due-date (06) and an amount change (31)', async () => {
    const { t, account, customer } = await setup({
      bank_code: '341',
      agency: '0057',
      account: '12345',
      account_digit: '7',
      carteira: '109',
      remittance_layout: 'cnab400_itau',
    });
    expect(account.remittance_layout).toBe('cnab400_itau');
    const late = { fine: { kind: 'percent', value: '2' }, interest: { monthly_percent: '1', compound: false }, grace_days: 0 };
    const a = await chargeWithBoleto(t, customer.id, 123_456, { late_policy: late, external_code: 'CONTRATO-2026-000123' });
    const first = await remit(t, account.id);
    expect(first.made).toMatchObject({ format: 'cnab400_itau', file_sequence: 1, boleto_count: 1 });
    const lines = first.file.toString('latin1').split('\r\n').filter(Boolean);
    expect(lines.every((l) => l.length === 400)).toBe(true);
    const read = readRemessa400Itau(first.file);
    expect(read.titles).toHaveLength(1);
    expect(read.titles[0]).toMatchObject({ movement: 'entry', amountCents: 123_456, dueDate: d('2026-12-10') });
    // 1 % a month of R$ 1.234,56 = R$ 0,41 per day (nota 12); the external code is longer than the 10
    // positions of the seu número, so the charge number goes instead (never a cut code).
    expect(lines[1].slice(160, 173)).toBe('0000000000041');
    expect(lines[1].slice(110, 120).trim()).toBe(String(a.charge.number));

    expect(
      (
        await ctx.call(t.live, 'PATCH', `/v1/charges/${a.charge.id}`, {
          due_date: d('2026-12-30'),
          amount_cents: 130_000,
          reason: 'acordo',
        })
      ).statusCode,
    ).toBe(200);
    const second = await remit(t, account.id);
    expect(second.made).toMatchObject({ file_sequence: 2, boleto_count: 0, movement_count: 2 });
    const read2 = readRemessa400Itau(second.file);
    expect(read2.titles.map((x) => x.movement)).toEqual(['due_date_change', 'amount_change']);
    const codes = second.file
      .toString('latin1')
      .split('\r\n')
      .filter((l) => l[0] === '1')
      .map((l) => l.slice(108, 110));
    expect(codes).toEqual(['06', '31']);
  });

  it('Bradesco CNAB 400 with the código da empresa; an amount change goes as 20', async () => {
    const { t, account, customer } = await setup({
      bank_code: '237',
      agency: '1172',
      account: '0403005',
      account_digit: '2',
      carteira: '09',
      beneficiary_code: '00000000000004031234',
      remittance_layout: 'cnab400_bradesco',
    });
    const a = await chargeWithBoleto(t, customer.id, 8_000);
    const first = await remit(t, account.id);
    const read = readRemessa400Bradesco(first.file);
    expect(first.file.toString('latin1').slice(26, 46)).toBe('00000000000004031234'); // header 27-46: código da empresa
    expect(read.titles.map((x) => [x.movement, x.amountCents])).toEqual([['entry', 8_000]]);
    expect((await ctx.call(t.live, 'PATCH', `/v1/charges/${a.charge.id}`, { amount_cents: 9_000, reason: 'reajuste' })).statusCode).toBe(
      200,
    );
    const second = await remit(t, account.id);
    const detail = second.file
      .toString('latin1')
      .split('\r\n')
      .find((l) => l[0] === '1')!;
    expect(detail.slice(108, 110)).toBe('20');
    expect(readRemessa400Bradesco(second.file).titles.map((x) => [x.movement, x.amountCents])).toEqual([['amount_change', 9_000]]);
  });

  it('Sicredi CNAB 240: no amount-change movement, so a new amount is refused and nothing changes; a new due date goes as 06', async () => {
    const { t, account, customer } = await setup({
      bank_code: '748',
      agency: '0165',
      post: '02',
      beneficiary_code: '00623',
      carteira: '1',
      remittance_layout: 'cnab240_sicredi',
    });
    const a = await chargeWithBoleto(t, customer.id, 8_800);
    await remit(t, account.id);
    const refused = await ctx.call(t.live, 'PATCH', `/v1/charges/${a.charge.id}`, { amount_cents: 9_900, reason: 'reajuste' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      reason: 'movement_not_offered',
      details: [{ field: 'amount_cents', issue: 'movement_not_offered' }],
    });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}`)).json()).toMatchObject({
      amount_cents: 8_800,
      lines: [expect.anything()],
    });
    expect((await ctx.call(t.live, 'GET', `/v1/charges/${a.charge.id}/boleto`)).json().amount_cents).toBe(8_800);

    expect(
      (await ctx.call(t.live, 'PATCH', `/v1/charges/${a.charge.id}`, { due_date: d('2026-12-21'), reason: 'prorrogação' })).statusCode,
    ).toBe(200);
    const second = await remit(t, account.id);
    const read = readRemessa240(second.file.toString('latin1'), SICREDI_240);
    expect(read.boletos.map((b) => [b.movement, b.dueDate])).toEqual([['due_date_change', d('2026-12-21')]]);
  });
});

describe('Banco do Brasil', () => {
  const bb = {
    bank_code: '001',
    agency: '1584',
    agency_digit: '9',
    account: '00210169',
    account_digit: '6',
    convenio: '1234567',
    carteira: '17',
    variation: '019',
  };

  it('CNAB 400 CBR641 and CNAB 240 carry the convênio, the variação and the 17-digit nosso número', async () => {
    for (const layout of ['cnab400_bb_cbr641', 'cnab240_bb'] as const) {
      const { t, account, customer } = await setup({ ...bb, remittance_layout: layout });
      const a = await chargeWithBoleto(t, customer.id, 5_000);
      const { made, file } = await remit(t, account.id);
      expect(made).toMatchObject({ format: layout, boleto_count: 1 });
      const nn = a.boleto.nosso_numero.replace(/\D/g, '');
      expect(nn).toMatch(/^1234567\d{10}$/);
      if (layout === 'cnab400_bb_cbr641') {
        const read = readRemessa400Bb(file);
        expect(read.titles.map((x) => [x.movement, x.nossoNumero, x.amountCents])).toEqual([['entry', nn, 5_000]]);
      } else {
        const read = readRemessa240(file.toString('latin1'), BB_240);
        expect(read.boletos.map((x) => [x.movement, x.nossoNumero.trim(), x.amountCents])).toEqual([['entry', nn, 5_000]]);
        expect(file.toString('latin1').slice(32, 52)).toBe(`001234567${'0014'}17019  `); // file header 33-52: convênio, 0014, carteira, variação
      }
    }
  });
});
