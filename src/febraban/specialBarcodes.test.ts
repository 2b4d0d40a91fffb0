// FEBRABAN's two special barcodes: due-date factor 0000 ("contra apresentação", no due date) and an
// amount field of zeros (the amount is typed at payment). Generation only on explicit request and
// where the bank's layout allows it; parsing of both.

import boletoUtils from '@mrmgomes/boleto-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_BANKS, generateBoletoNumbers, specialBarcodeSupport } from './banks/registry.ts';
import type { CollectionAccountData } from './banks/types.ts';
import { barcodeToLinhaDigitavel, buildBarcode, linhaDigitavelToBarcode } from './barcode.ts';
import { parseBoleto } from './parseBoleto.ts';

// Published: mrmgomes/boleto-utils@c59337cc test/test.js, "Boleto de Cartão de Crédito" (Bradesco):
// factor 0000 and amount 0000000000, as a barcode and as its linha digitável.
const BRADESCO_BARCODE = '23797000000000000004150090019801673500021140';
const BRADESCO_LINHA = '23794150099001980167035000211405700000000000000';
// Its free field read with Bradesco's layout (agency 4 | carteira 2 | nosso número 11 | account 7 | 0).
const BRADESCO_ACCOUNT: CollectionAccountData = { bankCode: '237', agency: '4150', account: '0002114', carteira: '09' };
const BRADESCO_SEQUENCE = 198016735;

// Hand-built variants of the published Bradesco barcode (same free field, so fields 1–3 of the linha
// and their DVs are the published ones: 23794150099 / 90019801670 / 35000211405). The general DV
// is mod 11 over the 43 digits without it, weights 2..9 cycling from the right; position p
// (0-based, left) has weight 2 + ((42 − p) mod 8). Published DV 7 = 11 − r gives r = S mod 11 = 4
// for the all-zeros body.
//  (a) amount 0000020000 (R$ 200,00), factor 0000: the '2' sits at p = 13, weight 2 + (29 mod 8) = 7;
//      r = (4 + 2·7) mod 11 = 18 mod 11 = 7, DV = 11 − 7 = 4.
const NO_DUE_DATE_BARCODE = '23794000000000200004150090019801673500021140';
const NO_DUE_DATE_LINHA = '23794150099001980167035000211405400000000020000';
//  (b) factor 2548 (2029-05-20, the second-cycle factor of kivanio/brcobranca spec/brcobranca/boleto/
//      itau_spec.rb), amount 0000000000: digits 2,5,4,8 at p = 4..7, weights 8,7,6,5 →
//      2·8 + 5·7 + 4·6 + 8·5 = 16 + 35 + 24 + 40 = 115; r = (4 + 115) mod 11 = 119 mod 11 = 9, DV = 2.
const OPEN_AMOUNT_BARCODE = '23792254800000000004150090019801673500021140';
const OPEN_AMOUNT_LINHA = '23794150099001980167035000211405225480000000000';

/** One valid collection account per bank (the shapes of crossCheck.test.ts). */
const ACCOUNTS: Record<string, CollectionAccountData> = {
  '001': { bankCode: '001', agency: '1234', account: '12345678', carteira: '18', convenio: '1234567' },
  '033': { bankCode: '033', agency: '1234', account: '', carteira: '101', convenio: '1234567' },
  '104': { bankCode: '104', agency: '1234', account: '', carteira: 'RG', beneficiaryCode: '123456' },
  '237': BRADESCO_ACCOUNT,
  '341': { bankCode: '341', agency: '1234', account: '12345', carteira: '109' },
  '756': { bankCode: '756', agency: '1234', account: '', carteira: '1', beneficiaryCode: '1234567', variation: '01' },
  '748': { bankCode: '748', agency: '1234', account: '', post: '12', beneficiaryCode: '12345', carteira: '1', byteIdt: '2' },
  '041': { bankCode: '041', agency: '1234', account: '1234567', carteira: '1' },
  '070': { bankCode: '070', agency: '123', account: '1234567', carteira: '1' },
  '004': { bankCode: '004', agency: '1234', account: '1234567', accountDigit: '1', carteira: '21' },
  '422': { bankCode: '422', agency: '1234', agencyDigit: '1', account: '12345678', accountDigit: '1', carteira: '1' },
  '136': { bankCode: '136', agency: '1234', account: '123456789', accountDigit: '1', carteira: '21' },
  '085': { bankCode: '085', agency: '1234', account: '1234567', convenio: '123456', carteira: '1' },
  '084': { bankCode: '084', agency: '1234', account: '1234567', carteira: '09' },
};
const ALLOWED = { noDueDate: ['237'], openAmount: ['237'] };

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string; details: { field: string; issue: string }[] };
  }
  throw new Error('expected a refusal');
};

describe('parseBoleto: factor 0000 and amount zero', () => {
  it('published Bradesco vector (boleto-utils): no due date, amount informed at payment, check digits verified', () => {
    for (const code of [BRADESCO_BARCODE, BRADESCO_LINHA]) {
      expect(parseBoleto(code, { today: '2026-12-08' })).toEqual({
        barcode: BRADESCO_BARCODE,
        linhaDigitavel: BRADESCO_LINHA,
        bankCode: '237',
        bankName: 'Banco Bradesco',
        currency: '9',
        amountCents: 0,
        amountInformedAtPayment: true,
        dueDate: null,
        dueDateFactor: '0000',
        freeField: '4150090019801673500021140',
      });
    }
    expect(barcodeToLinhaDigitavel(BRADESCO_BARCODE)).toBe(BRADESCO_LINHA);
    expect(linhaDigitavelToBarcode(BRADESCO_LINHA)).toBe(BRADESCO_BARCODE);
  });

  it('factor 0000 is read the same whatever the reference date (no cycle is chosen)', () => {
    for (const today of ['2000-07-03', '2025-02-21', '2025-02-22', '2049-10-13']) {
      expect(parseBoleto(NO_DUE_DATE_LINHA, { today })).toMatchObject({ dueDate: null, dueDateFactor: '0000', amountCents: 20000 });
    }
  });

  it('hand-built: factor 0000 with an amount has no amount flag; an amount of zeros with a date keeps the date', () => {
    const noDue = parseBoleto(NO_DUE_DATE_BARCODE, { today: '2026-12-08' });
    expect(noDue).toMatchObject({ linhaDigitavel: NO_DUE_DATE_LINHA, dueDate: null, amountCents: 20000 });
    expect(noDue).not.toHaveProperty('amountInformedAtPayment');
    expect(parseBoleto(OPEN_AMOUNT_LINHA, { today: '2026-01-10' })).toMatchObject({
      barcode: OPEN_AMOUNT_BARCODE,
      dueDate: '2029-05-20',
      dueDateFactor: '2548',
      amountCents: 0,
      amountInformedAtPayment: true,
    });
  });

  it('still verifies the general check digit with zeros in the factor and amount', () => {
    const wrongDv = `${BRADESCO_BARCODE.slice(0, 4)}3${BRADESCO_BARCODE.slice(5)}`;
    expect(errorOf(() => parseBoleto(wrongDv, { today: '2026-12-08' })).details).toEqual([{ field: 'code', issue: 'general_check_digit' }]);
    // A factor of 0000 typed over a dated linha keeps the dated DV: refused, not read as "no due date".
    const zeroedFactor = `${OPEN_AMOUNT_LINHA.slice(0, 33)}0000${OPEN_AMOUNT_LINHA.slice(37)}`;
    expect(errorOf(() => parseBoleto(zeroedFactor, { today: '2026-12-08' })).details).toEqual([
      { field: 'code', issue: 'general_check_digit' },
    ]);
  });
});

describe('generateBoletoNumbers: explicit requests, per bank', () => {
  it('Bradesco regenerates the published vector from its free field (noDueDate + openAmount)', () => {
    const out = generateBoletoNumbers({
      account: BRADESCO_ACCOUNT,
      sequence: BRADESCO_SEQUENCE,
      dueDate: null,
      amountCents: 0,
      noDueDate: true,
      openAmount: true,
    });
    expect(out.barcode).toBe(BRADESCO_BARCODE);
    expect(out.linhaDigitavel).toBe(BRADESCO_LINHA);
    expect(out.nossoNumero.startsWith('09/00198016735-')).toBe(true);
  });

  it('Bradesco: each request on its own (hand-built vectors above)', () => {
    const base = { account: BRADESCO_ACCOUNT, sequence: BRADESCO_SEQUENCE };
    const noDue = generateBoletoNumbers({ ...base, dueDate: null, amountCents: 20000, noDueDate: true });
    expect([noDue.barcode, noDue.linhaDigitavel]).toEqual([NO_DUE_DATE_BARCODE, NO_DUE_DATE_LINHA]);
    const open = generateBoletoNumbers({ ...base, dueDate: '2029-05-20', amountCents: 0, openAmount: true });
    expect([open.barcode, open.linhaDigitavel]).toEqual([OPEN_AMOUNT_BARCODE, OPEN_AMOUNT_LINHA]);
  });

  it('every bank: ordinary boletos as before; the requests only where the layout allows them, else validation_failed', () => {
    expect(Object.keys(ACCOUNTS).sort()).toEqual(SUPPORTED_BANKS.map((b) => b.code).sort());
    for (const [code, account] of Object.entries(ACCOUNTS)) {
      const base = { account, sequence: 1, issueDate: '2026-12-08' };
      const ordinary = generateBoletoNumbers({ ...base, dueDate: '2026-12-31', amountCents: 12345 });
      // 2026-12-31 is 677 days after 2025-02-22 (factor 1000): 365 to 2026-02-22, then 28 + 275 + 9.
      expect(ordinary.barcode.slice(5, 19), code).toBe('16770000012345');
      const name = SUPPORTED_BANKS.find((b) => b.code === code)!.name;
      for (const kind of ['noDueDate', 'openAmount'] as const) {
        const input =
          kind === 'noDueDate'
            ? { ...base, dueDate: null, amountCents: 12345, noDueDate: true }
            : { ...base, dueDate: '2026-12-31', amountCents: 0, openAmount: true };
        if (ALLOWED[kind].includes(code)) {
          const out = generateBoletoNumbers(input);
          expect(out.barcode.slice(kind === 'noDueDate' ? 5 : 9, kind === 'noDueDate' ? 9 : 19), `${code} ${kind}`).toMatch(/^0+$/);
          expect(out.freeField, `${code} ${kind}: the free field does not depend on it`).toBe(ordinary.freeField);
        } else {
          const e = errorOf(() => generateBoletoNumbers(input));
          expect(e.code, `${code} ${kind}`).toBe('validation_failed');
          expect(e.details).toEqual([{ field: kind, issue: 'not_allowed_by_bank' }]);
          expect(e.message).toContain(name);
        }
      }
    }
  });

  it('a bank that allows neither names both requests', () => {
    const e = errorOf(() =>
      generateBoletoNumbers({ account: ACCOUNTS['341'], sequence: 1, dueDate: null, amountCents: 0, noDueDate: true, openAmount: true }),
    );
    expect(e).toMatchObject({ code: 'validation_failed' });
    expect(e.details).toEqual([
      { field: 'noDueDate', issue: 'not_allowed_by_bank' },
      { field: 'openAmount', issue: 'not_allowed_by_bank' },
    ]);
  });

  it('contradictory requests are refused, even where the bank allows them', () => {
    const base = { account: BRADESCO_ACCOUNT, sequence: 1 };
    expect(errorOf(() => generateBoletoNumbers({ ...base, dueDate: '2026-12-31', amountCents: 100, noDueDate: true })).details).toEqual([
      { field: 'dueDate', issue: 'must_be_null_with_no_due_date' },
    ]);
    expect(errorOf(() => generateBoletoNumbers({ ...base, dueDate: '2026-12-31', amountCents: 100, openAmount: true })).details).toEqual([
      { field: 'amountCents', issue: 'must_be_zero_with_open_amount' },
    ]);
  });

  it('a missing due date is still refused', () => {
    const input = { account: BRADESCO_ACCOUNT, sequence: 1, amountCents: 100, noDueDate: false } as unknown as Parameters<
      typeof generateBoletoNumbers
    >[0];
    expect(errorOf(() => generateBoletoNumbers(input))).toMatchObject({ code: 'validation_failed' });
  });

  it('each declared support names its source; only Bradesco allows either', () => {
    for (const { code } of SUPPORTED_BANKS) {
      const support = specialBarcodeSupport(code)!;
      for (const kind of ['noDueDate', 'openAmount'] as const) {
        const entry = support[kind];
        expect(entry?.allowed === true, `${code} ${kind}`).toBe(ALLOWED[kind].includes(code));
        if (entry) expect(entry.source.length, `${code} ${kind} source`).toBeGreaterThan(20);
      }
    }
    expect(specialBarcodeSupport('001')?.noDueDate).toMatchObject({ allowed: false });
    expect(specialBarcodeSupport('999')).toBeUndefined();
  });

  it('property (Bradesco): parse(generate(x)) gives back null / 0 with the flag, and boleto-utils validates it', () => {
    const accountArb = fc.record({
      bankCode: fc.constant('237'),
      agency: fc.integer({ min: 0, max: 9999 }).map(String),
      account: fc.integer({ min: 0, max: 9_999_999 }).map(String),
      carteira: fc.constantFrom('02', '06', '09', '19'),
    });
    fc.assert(
      fc.property(
        accountArb,
        fc.integer({ min: 1, max: 99_999_999_999 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1_000_000 }),
        (account, sequence, noDueDate, openAmount, cents) => {
          const dueDate = noDueDate ? null : '2027-03-15';
          const amountCents = openAmount ? 0 : cents;
          const out = generateBoletoNumbers({ account, sequence, dueDate, amountCents, noDueDate, openAmount });
          const parsed = parseBoleto(out.linhaDigitavelFormatted, { today: '2026-12-08' });
          expect(parsed).toMatchObject({
            barcode: out.barcode,
            dueDate,
            amountCents,
            dueDateFactor: noDueDate ? '0000' : parsed.dueDateFactor,
          });
          expect(parsed.amountInformedAtPayment === true).toBe(openAmount);
          expect(boletoUtils.validarBoleto(out.linhaDigitavel).codigoBarras).toBe(out.barcode);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('buildBarcode: explicit requests', () => {
  const free = '4150090019801673500021140';
  it('builds the published barcode when asked for both', () => {
    expect(buildBarcode({ bankCode: '237', dueDate: null, amountCents: 0, freeField: free, noDueDate: true, openAmount: true })).toBe(
      BRADESCO_BARCODE,
    );
  });

  it('refuses a date with noDueDate and an amount with openAmount', () => {
    expect(
      errorOf(() => buildBarcode({ bankCode: '237', dueDate: '2026-12-31', amountCents: 0, freeField: free, noDueDate: true })).details,
    ).toEqual([{ field: 'dueDate', issue: 'must_be_null_with_no_due_date' }]);
    expect(
      errorOf(() => buildBarcode({ bankCode: '237', dueDate: null, amountCents: 1, freeField: free, openAmount: true })).details,
    ).toEqual([{ field: 'amountCents', issue: 'must_be_zero_with_open_amount' }]);
  });
});
