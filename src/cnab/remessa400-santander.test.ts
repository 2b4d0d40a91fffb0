// Santander CNAB 400 remittance against the manual (Santander "Layout 400 posições – Padrão Santander"
// H7800 v2.17, abril/2018, pp. 6-10 and Notas) and against brcobranca's published remittance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mod11ZeroOnHigh } from '../febraban/checkDigits.ts';
import type { MovementKind } from './movements.ts';
import { normalizeAlpha } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import {
  buildRemessa400Santander,
  readRemessa400Santander,
  SANTANDER_400_MAX_TITLES,
  SANTANDER_400_MOVEMENTS,
} from './remessa400-santander.ts';
import {
  at,
  expectRegistered,
  isoDateUntil,
  lines400,
  movementCodeTests400,
  payerArb,
  plainTitle,
  refusalMessages,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  shiftDays,
  trimmed,
} from './remessa-test-fixtures.ts';

/** The boleto's nosso_numero_digits as the Santander bank module issues them: 12 digits and the DV. */
const nn = (n: number) => {
  const twelve = String(n).padStart(12, '0');
  return twelve + mod11ZeroOnHigh(twelve);
};

const SANTANDER: SampleBank = {
  bankCode: '033',
  bankName: 'Banco Santander',
  fileSequence: 7,
  beneficiary: { agency: '2050', agencyDigit: '7', account: '001234567', accountDigit: '8', convenio: '1234567', carteira: '101' },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(SANTANDER, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) => sampleBoleto({ nossoNumero: nn(1), documentNumber: 'FAT-001' }, over);

const linesOf = (file: string) => lines400(file);

describe('Santander CNAB 400 record positions (H7800 v2.17 pp. 6-10)', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
    fine: { kind: 'percent', fromDate: '2026-04-15', value: 200 },
  });
  const plain = plainTitle(boleto, nn(2));
  const lines = linesOf(buildRemessa400Santander(input([full, plain])));

  it('header, a record 1 per title, trailer', () => {
    expect(lines.map((l) => l[0])).toEqual(['0', '1', '1', '9']);
  });

  it('header (p. 6): the código de transmissão composed as Nota 2 lays it out when the account has none', () => {
    const h = lines[0];
    expect(at(h, 1, 1)).toBe('0');
    expect(at(h, 2, 2)).toBe('1');
    expect(at(h, 3, 9)).toBe('REMESSA');
    expect(at(h, 10, 11)).toBe('01');
    expect(at(h, 12, 26)).toBe('COBRANCA'.padEnd(15));
    expect(at(h, 27, 46)).toBe('2050' + '00123456' + '00123456'); // agência, conta movimento, conta cobrança
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 77, 79)).toBe('033');
    expect(at(h, 80, 94)).toBe('SANTANDER'.padEnd(15));
    expect(at(h, 95, 100)).toBe('100326');
    expect(at(h, 101, 116)).toBe('0'.repeat(16));
    expect(at(h, 117, 391)).toBe(' '.repeat(275)); // mensagens 1-5 and brancos
    expect(at(h, 392, 394)).toBe('000'); // versão da remessa: not informed
    expect(at(h, 395, 400)).toBe('000001');
  });

  it('a código de transmissão given by the bank goes to 27-46, right-aligned', () => {
    const file = buildRemessa400Santander(
      input([boleto()], { beneficiary: { ...input([]).beneficiary, transmissionCode: '20500123456700001234' } }),
    );
    const [h, d] = linesOf(file);
    expect(at(h, 27, 46)).toBe('20500123456700001234');
    expect(at(d, 18, 37)).toBe('2050' + '00123456' + '00123456'); // the record keeps agência and contas (p. 7)
    const short = linesOf(
      buildRemessa400Santander(input([boleto()], { beneficiary: { ...input([]).beneficiary, transmissionCode: '123' } })),
    );
    expect(at(short[0], 27, 46)).toBe('123'.padStart(20, '0'));
  });

  it('registro de movimento of an entry (pp. 7-9)', () => {
    const d = lines[1];
    expect(at(d, 1, 1)).toBe('1');
    expect(at(d, 2, 3)).toBe('02'); // CNPJ
    expect(at(d, 4, 17)).toBe('11222333000181');
    expect(at(d, 18, 21)).toBe('2050'); // Nota 2: agência without its digit
    expect(at(d, 22, 29)).toBe('00123456'); // conta movimento: first 8 of 001234567-8
    expect(at(d, 30, 37)).toBe('00123456'); // conta cobrança
    expect(at(d, 38, 62)).toBe('FAT-001'.padEnd(25));
    expect(at(d, 63, 70)).toBe(`0000001${nn(1)[12]}`); // Nota 3: 7 digits + DV
    expect(at(d, 71, 76)).toBe('000000'); // no second discount
    expect(at(d, 77, 77)).toBe(' ');
    expect(at(d, 78, 78)).toBe('4'); // Nota 4: multa
    expect(at(d, 79, 82)).toBe('0200'); // 2.00 %
    expect(at(d, 83, 84)).toBe('00');
    expect(at(d, 85, 97)).toBe('0'.repeat(13));
    expect(at(d, 98, 101)).toBe('    ');
    expect(at(d, 102, 107)).toBe('150426'); // the fine from 15/04/26 on
    expect(at(d, 108, 108)).toBe('5'); // carteira 101: rápida com registro
    expect(at(d, 109, 110)).toBe('01');
    expect(at(d, 111, 120)).toBe('FAT-001'.padEnd(10));
    expect(at(d, 121, 126)).toBe('100426');
    expect(at(d, 127, 139)).toBe('0000000123456');
    expect(at(d, 140, 142)).toBe('033');
    expect(at(d, 143, 147)).toBe('00000');
    expect(at(d, 148, 149)).toBe('01'); // duplicata
    expect(at(d, 150, 150)).toBe('N');
    expect(at(d, 151, 156)).toBe('100326');
    expect(at(d, 157, 158)).toBe('07'); // Nota 13: não protestar
    expect(at(d, 159, 160)).toBe('04'); // não baixar
    expect(at(d, 161, 173)).toBe('0000000000041');
    expect(at(d, 174, 179)).toBe('050426');
    expect(at(d, 180, 192)).toBe('0000000000500');
    expect(at(d, 193, 205)).toBe('0'.repeat(13));
    expect(at(d, 206, 218)).toBe('0'.repeat(13));
    expect(at(d, 219, 220)).toBe('01');
    expect(at(d, 221, 234)).toBe('00012345678909');
    expect(at(d, 235, 274)).toBe('JOSE DA CONCEICAO'.padEnd(40));
    expect(at(d, 275, 314)).toBe('RUA DAS ACACIAS, 100'.padEnd(40));
    expect(at(d, 315, 326)).toBe('CENTRO'.padEnd(12));
    expect(at(d, 327, 331)).toBe('01310');
    expect(at(d, 332, 334)).toBe('100');
    expect(at(d, 335, 349)).toBe('SAO PAULO'.padEnd(15));
    expect(at(d, 350, 351)).toBe('SP');
    expect(at(d, 352, 382)).toBe(' '.repeat(31));
    expect(at(d, 383, 383)).toBe('I'); // Nota 2: conta cobrança of 10 positions
    expect(at(d, 384, 385)).toBe('78'); // its last digit and DV
    expect(at(d, 386, 391)).toBe(' '.repeat(6));
    expect(at(d, 392, 393)).toBe('00');
    expect(at(d, 394, 394)).toBe(' ');
    expect(at(d, 395, 400)).toBe('000002');
  });

  it('a title without discount, interest or fine: zeros', () => {
    const d = lines[2];
    expect(at(d, 63, 70)).toBe(`0000002${nn(2)[12]}`);
    expect(at(d, 78, 82) + at(d, 102, 107)).toBe('0'.repeat(11));
    expect(at(d, 161, 192)).toBe('0'.repeat(32));
    expect(at(d, 219, 234)).toBe('0211222333000181');
    expect(at(d, 235, 274)).toBe('COMERCIO DE ALIMENTOS BOA VISTA LTDA ME'.padEnd(40));
  });

  it('trailer (p. 10): records, total of the titles, zeros', () => {
    const t = lines[3];
    expect(at(t, 1, 1)).toBe('9');
    expect(at(t, 2, 7)).toBe('000004');
    expect(at(t, 8, 20)).toBe(String(123456 + 1000).padStart(13, '0'));
    expect(at(t, 21, 394)).toBe('0'.repeat(374));
    expect(at(t, 395, 400)).toBe('000004');
  });

  it('a fine from the day after the due date writes zeros at 102-107 (Nota 4)', () => {
    const [, d] = linesOf(buildRemessa400Santander(input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 999 } })])));
    expect(at(d, 78, 82) + at(d, 102, 107)).toBe('40999' + '000000');
  });

  it('carteiras 104 and 201 have their códigos 1 and 6; a monthly rate becomes the amount per day', () => {
    for (const [carteira, code] of [
      ['104', '1'],
      ['201', '6'],
    ]) {
      const [, d] = linesOf(buildRemessa400Santander(input([boleto()], { beneficiary: { ...input([]).beneficiary, carteira } })));
      expect(at(d, 108, 108)).toBe(code);
    }
    const [, d] = linesOf(
      buildRemessa400Santander(input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 } })])),
    );
    expect(at(d, 161, 173)).toBe('0000000000041'); // 1 % of R$ 1.234,56 / 30
  });
});

// kivanio/brcobranca spec/fixtures/remessa/remessa-santander-cnab400.rem (commit 325e0eae69ad298477b935a441a22c61c7556f31),
// written by spec/brcobranca/remessa/cnab400/santander_spec.rb with Timecop at 2015-07-14. Copied unchanged.
const BRCOBRANCA_SANTANDER = [
  `01REMESSA01COBRANCA       17777751042700080112SOCIEDADE BRASILEIRA DE ZOOLOG033SANTANDER      1407150000000000000000${' '.repeat(275)}058000001`,
  '10100012345678910177777510427000801126969                     00000123000000 40200000000000000000    000000101000000000014071500000000199900330000001N140715060000000000008000000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS12345678SANTA RITA DE CSP                               I78      06 000002',
  `9000003${'0000000019990'}${'0'.repeat(374)}000003`,
];

describe("brcobranca's published Santander remittance, byte for byte", () => {
  // The spec's inputs: código de transmissão 17777751042700080112, agência 8888, conta 000002997-8,
  // empresa CPF 12345678910, pagador CPF 12345678901, R$ 199,90 due and issued 2015-07-14, nosso número
  // 123, documento 6969, multa 4 of 2.00 %, mora R$ 8,00 a day, carteira código 1 (Cobre's 104). Names
  // as brcobranca cuts them.
  const file = buildRemessa400Santander({
    bankCode: '033',
    bankName: 'Santander',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'),
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cpf',
      document: '12345678910',
      agency: '8888',
      account: '000002997',
      accountDigit: '8',
      carteira: '104',
      transmissionCode: '17777751042700080112',
    },
    boletos: [
      {
        nossoNumero: nn(12), // brcobranca writes "00000123" as given; Cobre writes 0000012 and its DV 4
        documentNumber: '6969',
        issueDate: '2015-07-14',
        dueDate: '2015-07-14',
        amountCents: 19990,
        payer: {
          name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
          documentKind: 'cpf',
          document: '12345678901',
          address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
          district: 'SAO JOSE DOS',
          city: 'SANTA RITA DE C',
          state: 'SP',
          postalCode: '12345678',
        },
        interest: { kind: 'daily_amount', fromDate: '2015-07-15', value: 800 },
        fine: { kind: 'percent', fromDate: '2015-07-15', value: 200 },
      },
    ],
  });
  const lines = linesOf(file);

  it('the trailer is identical; the header differs only in the optional versão (392-394)', () => {
    expect(lines[2]).toBe(BRCOBRANCA_SANTANDER[2]);
    expect(lines[0]).toBe(`${BRCOBRANCA_SANTANDER[0].slice(0, 391)}000000001`);
  });

  it('the record differs only where the spec chose other inputs or brcobranca departs from the manual', () => {
    const differing = (a: string, b: string) => [...a].flatMap((c, i) => (c === b[i] ? [] : [i + 1]));
    // 18-37: brcobranca repeats the código de transmissão; the manual's record has agência, conta
    //   movimento and conta cobrança there (p. 7, Nota 2).
    // 70: the DV of 0000012 is 4 (Nota 3); the spec's "123" is written as given.
    // 111-120: brcobranca writes its "numero" (unset: zeros); Cobre writes the seu número.
    // 157-160 and 392-393: the spec asks to protest in 6 days on entry (06); Cobre's entry says
    //   "não protestar" (07, Nota 13) and "não baixar" (04), and protests with ocorrência 09.
    const expected = [...BRCOBRANCA_SANTANDER[1]];
    const put = (start: number, text: string) => {
      for (let i = 0; i < text.length; i++) expected[start - 1 + i] = text[i];
    };
    put(18, '8888' + '00000299' + '00000299');
    put(70, '4');
    put(111, '6969      ');
    put(157, '0704');
    put(392, '00');
    expect(lines[1]).toBe(expected.join(''));
    expect(differing(lines[1], BRCOBRANCA_SANTANDER[1])).toEqual([
      18, 19, 20, 21, 22, 23, 24, 25, 27, 28, 29, 33, 35, 36, 37, 70, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 158, 160, 393,
    ]);
  });
});

describe('Santander movements (p. 7, 109-110)', () => {
  const detailOf = (b: RemessaBoleto) => linesOf(buildRemessa400Santander(input([b])))[1];

  movementCodeTests400({
    bank: 'Santander',
    table: SANTANDER_400_MOVEMENTS,
    codes: {
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_keep: '18',
    },
    detailOf: (movement) => detailOf(boleto({ movement, protestDays: 5, rebateCents: 700 })),
    build: (movement) => buildRemessa400Santander(input([boleto({ movement })])),
  });

  it('09 asks to protest (06 at 157-158) in the days at 392-393; 04/05 carry the abatimento, other instructions none', () => {
    const protest = detailOf(boleto({ movement: 'protest', protestDays: 5 }));
    expect([at(protest, 157, 160), at(protest, 392, 393)]).toEqual(['0604', '05']);
    expect(at(detailOf(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'rebate_cancel', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'write_off', rebateCents: 1_050 })), 206, 218)).toBe('0'.repeat(13));
    expect(at(detailOf(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 121, 126)).toBe('200526');
  });
});

describe('Santander refuses what it cannot carry', () => {
  const beneficiary = input([]).beneficiary;
  const cases: Array<[string, RemessaInput, string]> = [
    ['a percent discount', input([boleto({ discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 } })]), 'percent'],
    ['a fixed fine', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-11', value: 100 } })]), 'only as a percent'],
    ['a fine of 100 %', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 10_000 } })]), 'under 100%'],
    ['a fine from the due date', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-10', value: 200 } })]), 'Nota 4'],
    [
      'interest from another day',
      input([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-12', value: 41 } })]),
      'no interest date',
    ],
    ['a seu número over 10 characters', input([boleto({ documentNumber: 'FAT-2026-0001' })]), 'documentNumber'],
    ['a district over 12 characters', input([boleto({ payer: { ...boleto().payer, district: 'Jardim Paulista' } })]), 'payerDistrict'],
    ['a nosso número over 7 digits', input([boleto({ nossoNumero: nn(12_345_678) })]), 'Nota 3'],
    ['a nosso número with a wrong DV', input([boleto({ nossoNumero: nn(1).slice(0, 12) + ((Number(nn(1)[12]) + 1) % 10) })]), 'DV'],
    ['a carteira sem registro', input([boleto()], { beneficiary: { ...beneficiary, carteira: '102' } }), 'carteiras 101, 104 and 201'],
    ['an account without its digit', input([boleto()], { beneficiary: { ...beneficiary, accountDigit: undefined } }), 'accountDigit'],
    ['an account over 9 digits', input([boleto()], { beneficiary: { ...beneficiary, account: '1234567890' } }), 'account'],
    ['an agency over 4 digits', input([boleto()], { beneficiary: { ...beneficiary, agency: '12345' } }), 'agency'],
    [
      'a código de transmissão over 20 digits',
      input([boleto()], { beneficiary: { ...beneficiary, transmissionCode: '1'.repeat(21) } }),
      'transmissionCode',
    ],
    ['a protest without days', input([boleto({ movement: 'protest' })]), 'protestDays'],
    ['an abatimento without its value', input([boleto({ movement: 'rebate_grant' })]), 'abatimento'],
    ['an amount over 11 integer digits', input([boleto({ amountCents: 1e13 })]), 'amount'],
    ['another bank', input([boleto()], { bankCode: '341' }), 'bank 033'],
    ['no boletos', input([]), 'at least one'],
  ];
  refusalMessages(buildRemessa400Santander, cases);
});

describe('Santander registry entry', () => {
  it('is registered as cnab400_santander for bank 033 only', () => {
    expectRegistered(
      {
        id: 'cnab400_santander',
        recordLength: 400,
        banks: ['033'],
        maxTitles: SANTANDER_400_MAX_TITLES,
        textLengths: { documentNumber: 10, payerDistrict: 12 },
      },
      SANTANDER_400_MOVEMENTS,
      '341',
    );
    expect(SANTANDER_400_MAX_TITLES).toBe(999_997);
  });
});

describe('round trip through readRemessa400Santander', () => {
  it('reads back the account and every title; a trailer that does not add up is refused', () => {
    const entry = boleto({
      discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
      interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
      fine: { kind: 'percent', fromDate: '2026-04-15', value: 200 },
    });
    const file = buildRemessa400Santander(input([entry, boleto({ movement: 'protest', nossoNumero: nn(3), protestDays: 9 })]));
    const read = readRemessa400Santander(file);
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '2050',
      account: '1234567',
      accountDigit: '8',
      carteira: '101',
      documentKind: 'cnpj',
      document: '11222333000181',
    });
    expect(read.recordCount).toBe(4);
    expect(read.titles[0]).toEqual({
      ...entry,
      movement: 'entry',
      payer: {
        ...entry.payer,
        name: 'JOSE DA CONCEICAO',
        document: '12345678909',
        address: 'RUA DAS ACACIAS, 100',
        district: 'CENTRO',
        city: 'SAO PAULO',
        postalCode: '01310100',
      },
    });
    expect(read.titles[1]).toMatchObject({ movement: 'protest', nossoNumero: nn(3), protestDays: 9 });
    const tampered = file.replace(
      /\r\n9000004(\d{13})/,
      (_m, total: string) => `\r\n9000004${String(Number(total) + 1).padStart(13, '0')}`,
    );
    expect(() => readRemessa400Santander(tampered)).toThrow('valor total');
  });

  it('property: any valid file round-trips', () => {
    const isoDate = isoDateUntil('2099-10-31');
    const kinds = Object.keys(SANTANDER_400_MOVEMENTS) as MovementKind[];
    const arbBoleto = fc
      .record({
        movement: fc.constantFrom(...kinds),
        n: fc.integer({ min: 0, max: 9_999_999 }),
        documentNumber: trimmed(10, 'X'),
        issueDate: isoDate,
        dueDate: isoDate,
        amountCents: fc.integer({ min: 1, max: 99_999_999_999 }),
        payer: payerArb({ name: 40, address: 40, district: 12, city: 15 }),
        discount: fc.option(fc.record({ untilDate: isoDate, value: fc.integer({ min: 0, max: 1e9 }) }), { nil: undefined }),
        interest: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: undefined }),
        fine: fc.option(fc.record({ days: fc.integer({ min: 1, max: 60 }), value: fc.integer({ min: 1, max: 9_999 }) }), {
          nil: undefined,
        }),
        rebateCents: fc.integer({ min: 1, max: 1e9 }),
        protestDays: fc.integer({ min: 1, max: 99 }),
      })
      .map(
        ({ n, payer, discount, interest, fine, rebateCents, protestDays, ...b }): RemessaBoleto => ({
          ...b,
          nossoNumero: nn(n),
          payer: { ...payer, document: payer.documentKind === 'cpf' ? payer.document.slice(3) : payer.document },
          discount: discount && { kind: 'fixed', ...discount },
          interest: interest === undefined ? undefined : { kind: 'daily_amount', fromDate: shiftDays(b.dueDate, 1), value: interest },
          fine: fine && { kind: 'percent', fromDate: shiftDays(b.dueDate, fine.days), value: fine.value },
          rebateCents: ['entry', 'rebate_grant', 'rebate_cancel'].includes(b.movement) ? rebateCents : undefined,
          protestDays: b.movement === 'protest' ? protestDays : undefined,
        }),
      );
    const norm = (s: string) => normalizeAlpha(s).trimEnd();
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 6 }), (boletos) => {
        const read = readRemessa400Santander(buildRemessa400Santander(input(boletos)));
        const expected = boletos.map((b) => {
          const e: Record<string, unknown> = {
            ...b,
            documentNumber: norm(b.documentNumber),
            payer: {
              ...b.payer,
              name: norm(b.payer.name),
              address: norm(b.payer.address),
              district: norm(b.payer.district),
              city: norm(b.payer.city),
            },
          };
          for (const k of ['discount', 'interest', 'fine', 'rebateCents', 'protestDays'] as const) if (e[k] === undefined) delete e[k];
          return e;
        });
        expect(read.titles).toEqual(expected);
        expect(read.recordCount).toBe(boletos.length + 2);
      }),
      { numRuns: 300 },
    );
  });
});
