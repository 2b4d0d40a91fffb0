// Sicoob CNAB 400 remittance against its spreadsheet (Sicoob "Layouts para troca de informações",
// fev/2017, sheet "03.Remessa - CNAB400", SEQ numbers) and against brcobranca's published remittance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sicoobNossoNumeroDv } from '../febraban/banks/sicoob.ts';
import type { MovementKind } from './movements.ts';
import { normalizeAlpha } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa400Sicoob, readRemessa400Sicoob, SICOOB_400_MAX_TITLES, SICOOB_400_MOVEMENTS } from './remessa400-sicoob.ts';
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

/** The boleto's nosso_numero_digits as the Sicoob bank module issues them: 7 digits and the DV. */
const nn = (n: number, cooperative = '4327', client = '1234567') => {
  const seven = String(n).padStart(7, '0');
  return seven + sicoobNossoNumeroDv(cooperative, client, seven);
};

const SICOOB: SampleBank = {
  bankCode: '756',
  bankName: 'Sicoob',
  fileSequence: 7,
  beneficiary: {
    agency: '4327',
    agencyDigit: '3',
    account: '12345678',
    accountDigit: '1',
    beneficiaryCode: '1234567',
    carteira: '1',
    variation: '01',
  },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(SICOOB, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: nn(1), documentNumber: 'FAT-001', payer: { district: 'Jardim Paulista' } }, over);

const linesOf = (file: string) => lines400(file);

describe('Sicoob CNAB 400 record positions (sheet "03.Remessa - CNAB400")', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 220 },
    fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
  });
  const plain = plainTitle(boleto, nn(2));
  const lines = linesOf(buildRemessa400Sicoob(input([full, plain])));

  it('header, a detail per title, trailer', () => {
    expect(lines.map((l) => l[0])).toEqual(['0', '1', '1', '9']);
  });

  it('header (SEQ 1-17)', () => {
    const h = lines[0];
    expect(at(h, 1, 11)).toBe('01REMESSA01');
    expect(at(h, 12, 26)).toBe('COBRANCA'.padEnd(15)); // SEQ 5-6
    expect(at(h, 27, 30)).toBe('4327'); // SEQ 7
    expect(at(h, 31, 31)).toBe(' '); // SEQ 8: "Preencher com espaços em branco"
    expect(at(h, 32, 40)).toBe('001234567'); // SEQ 9-10: código do cliente and its DV
    expect(at(h, 41, 46)).toBe(' '.repeat(6)); // SEQ 11
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 77, 94)).toBe('756BANCOOBCED'.padEnd(18)); // SEQ 13
    expect(at(h, 95, 100)).toBe('100326');
    expect(at(h, 101, 107)).toBe('0000007'); // SEQ 15
    expect(at(h, 108, 394)).toBe(' '.repeat(287));
    expect(at(h, 395, 400)).toBe('000001');
  });

  it('detail of an entry (SEQ 1-54)', () => {
    const d = lines[1];
    expect(at(d, 1, 1)).toBe('1');
    expect(at(d, 2, 3)).toBe('02');
    expect(at(d, 4, 17)).toBe('11222333000181');
    expect(at(d, 18, 21)).toBe('4327');
    expect(at(d, 22, 22)).toBe('3');
    expect(at(d, 23, 30)).toBe('12345678');
    expect(at(d, 31, 31)).toBe('1');
    expect(at(d, 32, 37)).toBe('000000'); // SEQ 8
    expect(at(d, 38, 62)).toBe('FAT-001'.padEnd(25)); // SEQ 9
    expect(at(d, 63, 73)).toBe('00000000001'); // SEQ 10: number
    expect(at(d, 74, 74)).toBe(nn(1)[7]); // SEQ 10: DV
    expect(at(d, 75, 76)).toBe('01'); // SEQ 11: parcela única
    expect(at(d, 77, 78)).toBe('00'); // SEQ 12
    expect(at(d, 79, 85)).toBe(' '.repeat(7)); // SEQ 13-15
    expect(at(d, 86, 101)).toBe('000' + '0' + '00000' + '0' + '000000'); // SEQ 16-20
    expect(at(d, 102, 105)).toBe('    '); // SEQ 21
    expect(at(d, 106, 106)).toBe('2'); // SEQ 22: cliente emite
    expect(at(d, 107, 108)).toBe('01'); // SEQ 23: simples com registro
    expect(at(d, 109, 110)).toBe('01'); // SEQ 24
    expect(at(d, 111, 120)).toBe('FAT-001'.padEnd(10));
    expect(at(d, 121, 126)).toBe('100426');
    expect(at(d, 127, 139)).toBe('0000000123456');
    expect(at(d, 140, 142)).toBe('756');
    expect(at(d, 143, 147)).toBe('43273'); // SEQ 29-30
    expect(at(d, 148, 149)).toBe('01'); // SEQ 31: duplicata mercantil
    expect(at(d, 150, 150)).toBe('0'); // SEQ 32: sem aceite
    expect(at(d, 151, 156)).toBe('100326');
    expect(at(d, 157, 160)).toBe('0700'); // SEQ 34-35: não protestar
    expect(at(d, 161, 166)).toBe('022000'); // SEQ 36: 2,20 % a month
    expect(at(d, 167, 172)).toBe('020000'); // SEQ 37: 2,00 %
    expect(at(d, 173, 173)).toBe('2'); // SEQ 38
    expect(at(d, 174, 179)).toBe('050426');
    expect(at(d, 180, 192)).toBe('0000000000500');
    expect(at(d, 193, 205)).toBe('9' + '0'.repeat(12)); // SEQ 41: moeda and IOF
    expect(at(d, 206, 218)).toBe('0'.repeat(13));
    expect(at(d, 219, 234)).toBe('0100012345678909');
    expect(at(d, 235, 274)).toBe('JOSE DA CONCEICAO'.padEnd(40));
    expect(at(d, 275, 311)).toBe('RUA DAS ACACIAS, 100'.padEnd(37)); // SEQ 46: A(37)
    expect(at(d, 312, 326)).toBe('JARDIM PAULISTA'); // SEQ 47: X(15)
    expect(at(d, 327, 334)).toBe('01310100');
    expect(at(d, 335, 349)).toBe('SAO PAULO'.padEnd(15));
    expect(at(d, 350, 351)).toBe('SP');
    expect(at(d, 352, 391)).toBe(' '.repeat(40)); // SEQ 51
    expect(at(d, 392, 393)).toBe('00'); // SEQ 52
    expect(at(d, 394, 394)).toBe(' ');
    expect(at(d, 395, 400)).toBe('000002');
  });

  it('a title without discount, interest or fine: zeros', () => {
    const d = lines[2];
    expect(at(d, 63, 74)).toBe(`0000000000${nn(2).slice(6)}`);
    expect(at(d, 161, 172)).toBe('0'.repeat(12));
    expect(at(d, 174, 192)).toBe('0'.repeat(19));
  });

  it('trailer: "9", blanks, sequence', () => {
    expect(lines[3]).toBe(`9${' '.repeat(393)}000004`);
  });
});

// kivanio/brcobranca spec/fixtures/remessa/remessa-sicoob-cnab400.rem (commit 325e0eae69ad298477b935a441a22c61c7556f31),
// written by spec/brcobranca/remessa/cnab400/sicoob_spec.rb with Timecop at 2015-07-14. Copied unchanged.
const BRCOBRANCA_SICOOB = [
  `01REMESSA01COBRANCA       43273123456789      SOCIEDADE BRASILEIRA DE ZOOLOG756BANCOOBCED     1407150000001${' '.repeat(287)}000001`,
  '1010001234567891043273123456781000000                         0000000001230100       0000000000000000    201010000000000140715000000001999075643273010140715000000000000000020000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINASSAO JOSE DOS QU12345678SANTA RITA DE CSP                                        00 000002',
  `9${'0'.repeat(393)}000003`,
];

describe("brcobranca's published Sicoob remittance, byte for byte", () => {
  // The spec's inputs: cooperativa 4327 (DV 3), conta 12345678-1, convênio 123456789 (code and DV),
  // empresa CPF 12345678910, pagador CPF 12345678901, R$ 199,90 due and issued 2015-07-14, nosso
  // número 123, no documento (brcobranca writes zeros), no interest, fine or discount. Names as
  // brcobranca cuts them.
  const file = buildRemessa400Sicoob({
    bankCode: '756',
    bankName: 'Sicoob',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'),
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cpf',
      document: '12345678910',
      agency: '4327',
      agencyDigit: '3',
      account: '12345678',
      accountDigit: '1',
      beneficiaryCode: '123456789',
      carteira: '1',
    },
    boletos: [
      {
        nossoNumero: nn(12, '4327', '123456789'), // brcobranca writes "123" as given; Cobre writes 0000012 and its DV 9
        documentNumber: '0000000000',
        issueDate: '2015-07-14',
        dueDate: '2015-07-14',
        amountCents: 19990,
        payer: {
          name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
          documentKind: 'cpf',
          document: '12345678901',
          address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS',
          district: 'SAO JOSE DOS QU',
          city: 'SANTA RITA DE C',
          state: 'SP',
          postalCode: '12345678',
        },
      },
    ],
  });
  const lines = linesOf(file);
  const differing = (a: string, b: string) => [...a].flatMap((c, i) => (c === b[i] ? [] : [i + 1]));

  it('the header differs only at 31, the trailer in its blanks', () => {
    // 31: brcobranca writes the prefixo's DV; SEQ 8 of the header says "Preencher com espaços em branco".
    expect(differing(lines[0], BRCOBRANCA_SICOOB[0])).toEqual([31]);
    expect(lines[0]).toBe(`${BRCOBRANCA_SICOOB[0].slice(0, 30)} ${BRCOBRANCA_SICOOB[0].slice(31)}`);
    // brcobranca fills 2-394 with zeros; the sheet's TRAILLER has blanks (SEQ 2) and messages (SEQ 3-7).
    expect(lines[2]).toBe(`9${' '.repeat(393)}000003`);
  });

  it('the detail differs only where the spec chose other inputs or brcobranca departs from the sheet', () => {
    // 38-47: brcobranca leaves the número de controle (SEQ 9) blank; Cobre writes the seu número there.
    // 74: the DV of 0000012 for cooperativa 4327 and cliente 123456789 is 9; the spec's "123" is as given.
    // 158: Cobre's entry says NAO PROTESTAR (07); brcobranca 00.
    // 193: the código da moeda of SEQ 41 (9, Real); brcobranca writes 0.
    const expected = [...BRCOBRANCA_SICOOB[1]];
    const put = (start: number, text: string) => {
      for (let i = 0; i < text.length; i++) expected[start - 1 + i] = text[i];
    };
    put(38, '0000000000');
    put(74, '9');
    put(158, '7');
    put(193, '9');
    expect(lines[1]).toBe(expected.join(''));
    expect(differing(lines[1], BRCOBRANCA_SICOOB[1])).toEqual([38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 74, 158, 193]);
  });
});

describe('Sicoob movements (SEQ 24)', () => {
  const detailOf = (b: RemessaBoleto) => linesOf(buildRemessa400Sicoob(input([b])))[1];

  movementCodeTests400({
    bank: 'Sicoob',
    table: SICOOB_400_MOVEMENTS,
    codes: {
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_write_off: '10',
    },
    detailOf: (movement) => detailOf(boleto({ movement, protestDays: 5, rebateCents: 700 })),
    build: (movement) => buildRemessa400Sicoob(input([boleto({ movement })])),
  });

  it('09 carries the days at 392-393; instructions other than the entry write 00; 04/05 the abatimento', () => {
    const protest = detailOf(boleto({ movement: 'protest', protestDays: 5 }));
    expect([at(protest, 157, 160), at(protest, 392, 393)]).toEqual(['0000', '05']);
    expect(at(detailOf(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'rebate_cancel', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'write_off', rebateCents: 1_050 })), 206, 218)).toBe('0'.repeat(13));
    expect(at(detailOf(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 121, 126)).toBe('200526');
  });
});

describe('Sicoob refuses what it cannot carry', () => {
  const beneficiary = input([]).beneficiary;
  const cases: Array<[string, RemessaInput, string]> = [
    [
      'interest as an amount a day',
      input([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 } })]),
      'rate a month',
    ],
    [
      'interest from another day',
      input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-12', value: 100 } })]),
      'no interest date',
    ],
    ['a fixed fine', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-11', value: 100 } })]), 'only as a percent'],
    ['a fine from another day', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-15', value: 200 } })]), 'no fine date'],
    ['a fine of 100 %', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 10_000 } })]), 'under 100%'],
    ['a percent discount', input([boleto({ discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 } })]), 'percent'],
    ['a seu número over 10 characters', input([boleto({ documentNumber: 'FAT-2026-0001' })]), 'documentNumber'],
    ['an address over 37 characters', input([boleto({ payer: { ...boleto().payer, address: 'X'.repeat(38) } })]), 'payerAddress'],
    ['a nosso número with a wrong DV', input([boleto({ nossoNumero: nn(1).slice(0, 7) + ((Number(nn(1)[7]) + 1) % 10) })]), 'DV'],
    ['a nosso número of another cliente', input([boleto({ nossoNumero: nn(1, '4327', '7654321') })], {}), 'DV'],
    ['a nosso número of 9 digits', input([boleto({ nossoNumero: '123456789' })]), '7-digit'],
    ['no código do cliente', input([boleto()], { beneficiary: { ...beneficiary, beneficiaryCode: undefined } }), 'código do cliente'],
    ['no cooperativa DV', input([boleto()], { beneficiary: { ...beneficiary, agencyDigit: undefined } }), 'agencyDigit'],
    ['no account DV', input([boleto()], { beneficiary: { ...beneficiary, accountDigit: undefined } }), 'accountDigit'],
    ['an account over 8 digits', input([boleto()], { beneficiary: { ...beneficiary, account: '123456789' } }), 'account'],
    ['modalidade 03 (caucionada)', input([boleto()], { beneficiary: { ...beneficiary, variation: '03' } }), 'modalidade 01'],
    ['a protest without days', input([boleto({ movement: 'protest' })]), 'protestDays'],
    ['an abatimento without its value', input([boleto({ movement: 'rebate_grant' })]), 'abatimento'],
    ['no file sequence', input([boleto()], { fileSequence: 0 }), 'fileSequence'],
    ['another bank', input([boleto()], { bankCode: '341' }), 'bank 756'],
    ['no boletos', input([]), 'at least one'],
  ];
  refusalMessages(buildRemessa400Sicoob, cases);
});

describe('Sicoob registry entry', () => {
  it('is registered as cnab400_sicoob for bank 756 only', () => {
    expectRegistered(
      {
        id: 'cnab400_sicoob',
        recordLength: 400,
        banks: ['756'],
        maxTitles: SICOOB_400_MAX_TITLES,
        textLengths: { documentNumber: 10, payerAddress: 37 },
      },
      SICOOB_400_MOVEMENTS,
      '341',
    );
  });
});

describe('round trip through readRemessa400Sicoob', () => {
  it('reads back the account and the titles', () => {
    const read = readRemessa400Sicoob(buildRemessa400Sicoob(input([boleto(), boleto({ movement: 'protest', protestDays: 9 })])));
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '4327',
      account: '12345678',
      accountDigit: '1',
      carteira: '01',
      documentKind: 'cnpj',
      document: '11222333000181',
      beneficiaryCode: '1234567',
    });
    expect(read.fileSequence).toBe(7);
    expect(read.titles[1]).toMatchObject({ movement: 'protest', protestDays: 9 });
  });

  it('property: any valid file round-trips', () => {
    const isoDate = isoDateUntil('2099-10-31');
    const kinds = Object.keys(SICOOB_400_MOVEMENTS) as MovementKind[];
    const arbBoleto = fc
      .record({
        movement: fc.constantFrom(...kinds),
        n: fc.integer({ min: 0, max: 9_999_999 }),
        documentNumber: trimmed(10, 'X'),
        issueDate: isoDate,
        dueDate: isoDate,
        amountCents: fc.integer({ min: 1, max: 99_999_999_999 }),
        payer: payerArb({ name: 40, address: 37, district: 15, city: 15 }),
        discount: fc.option(fc.record({ untilDate: isoDate, value: fc.integer({ min: 0, max: 1e9 }) }), { nil: undefined }),
        interest: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
        fine: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
        rebateCents: fc.integer({ min: 1, max: 1e9 }),
        protestDays: fc.integer({ min: 1, max: 99 }),
      })
      .map(
        ({ n, payer, discount, interest, fine, rebateCents, protestDays, ...b }): RemessaBoleto => ({
          ...b,
          nossoNumero: nn(n),
          payer: { ...payer, document: payer.documentKind === 'cpf' ? payer.document.slice(3) : payer.document },
          discount: discount && { kind: 'fixed', ...discount },
          interest: interest === undefined ? undefined : { kind: 'monthly_percent', fromDate: shiftDays(b.dueDate, 1), value: interest },
          fine: fine === undefined ? undefined : { kind: 'percent', fromDate: shiftDays(b.dueDate, 1), value: fine },
          rebateCents: ['entry', 'rebate_grant', 'rebate_cancel'].includes(b.movement) ? rebateCents : undefined,
          protestDays: b.movement === 'protest' ? protestDays : undefined,
        }),
      );
    const norm = (s: string) => normalizeAlpha(s).trimEnd();
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 6 }), (boletos) => {
        const read = readRemessa400Sicoob(buildRemessa400Sicoob(input(boletos)));
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
