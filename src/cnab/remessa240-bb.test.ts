import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import { MOVEMENT_KINDS } from './movements.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa240 } from './remessa240.ts';
import { BB_240, BB_240_MOVEMENTS, bb240Layout } from './remessa240-bb.ts';
import { readRemessa240 } from './remessa240-reader.ts';
import { remittanceLayout } from './remittance-layouts.ts';
import {
  at,
  BB_SAMPLE,
  bbIssued,
  codesOf,
  expectFixtureOutside,
  expectRecords240,
  type FixtureDifference,
  movementInSegments240,
  NITEROI,
  offeredOf,
  refusalCases,
  sampleBoleto,
  sampleInput,
  splitRecords,
} from './remessa-test-fixtures.ts';

type Beneficiary = RemessaInput['beneficiary'];

/** The nosso número as the boleto module issues it (its digits, DV included), for the account's convênio. */
const issued = bbIssued;

const input = (boletos: RemessaBoleto[], beneficiary: Partial<Beneficiary> = {}) => sampleInput(BB_SAMPLE, boletos, beneficiary);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: issued('2345678', 1), documentNumber: 'FAT-2026-001', payer: { ...NITEROI } }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<Beneficiary> = {}) =>
  splitRecords(buildRemessa240(input(boletos, beneficiary), BB_240));

describe('BB CNAB 240: the positions that differ from FEBRABAN (Particularidades BB, agosto/2017, 083/042)', () => {
  const lines = build([
    boleto({
      interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
      instructions: ['NAO RECEBER APOS 30 DIAS'],
    }),
    boleto({ nossoNumero: issued('2345678', 2) }),
  ]);

  it('every line has 240 characters, bank 001', () => {
    expectRecords240(lines, 10, '001');
  });

  it('file header: 07.0 convênio 9 + 0014 + carteira + variação + 2 blanks, agência/conta with DVs, BANCO DO BRASIL S.A., 083', () => {
    const h = lines[0];
    expect(at(h, 18, 32)).toBe('211222333000181');
    expect(at(h, 33, 41)).toBe('002345678'); // BB1
    expect(at(h, 42, 45)).toBe('0014'); // BB2
    expect(at(h, 46, 47)).toBe('17'); // BB3
    expect(at(h, 48, 50)).toBe('019'); // BB4
    expect(at(h, 51, 52)).toBe('  '); // BB5
    expect(at(h, 53, 72)).toBe('030643' + '000012345678' + 'X '); // 08.0-12.0, X in upper case
    expect(at(h, 103, 132)).toBe('BANCO DO BRASIL S.A.'.padEnd(30)); // 14.0
    expect(at(h, 143, 163)).toBe('1' + '10032026' + '120405' + '000042');
    expect(at(h, 164, 171)).toBe('08300000'); // 20.0 083, 21.0 zeros
  });

  it('batch header: 042, 11.1 convênio 34-53, blanks at 52-53 (not a test file)', () => {
    const b = lines[1];
    expect(at(b, 9, 17)).toBe('R01  042 ');
    expect(at(b, 34, 53)).toBe('002345678' + '0014' + '17' + '019' + '  ');
    expect(at(b, 54, 73)).toBe('030643' + '000012345678' + 'X ');
  });

  it('segment P: nosso número of 17 left-aligned, carteira code 7, emission and distribution 0, baixa 0/000, moeda 09', () => {
    const p = lines[2];
    expect(at(p, 18, 37)).toBe('030643' + '000012345678' + 'X ');
    expect(at(p, 38, 57)).toBe('23456780000000001   '); // 13.3P c): convênio 7 + sequence 10, blanks after
    expect(at(p, 58, 62)).toBe('71100'); // 14.3P 7 = carteira 17 simples, 15.3P 1, 16.3P 1, 17.3P 0, 18.3P 0
    expect(at(p, 63, 77)).toBe('FAT-2026-001   ');
    expect(at(p, 118, 141)).toBe('2' + '11042026' + '000000000000100'); // juros: taxa mensal from the day after the due date
    expect(at(p, 221, 240)).toBe('300' + '0000' + '09' + '0000000000' + ' '); // 36.3P-42.3P
  });

  it('segment Q: name 34-70 and bairro 114-125, the positions BB reads', () => {
    const q = lines[3];
    expect(at(q, 34, 73)).toBe('JOSE DA CONCEICAO'.padEnd(37) + '   ');
    expect(at(q, 114, 128)).toBe('CENTRO'.padEnd(12) + '   ');
    expect(at(q, 129, 153)).toBe('24020000NITEROI        RJ');
  });

  it('segment R: multa on the day after the due date, mensagem 3 only', () => {
    const r = lines[4];
    expect(at(r, 66, 89)).toBe('2' + '11042026' + '000000000000200');
    expect(at(r, 100, 139)).toBe('NAO RECEBER APOS 30 DIAS'.padEnd(40));
    expect(at(r, 140, 179)).toBe(' '.repeat(40));
  });

  it('batch trailer: the record count, zeros at 24-115 and blanks after (06.5); file trailer counts', () => {
    expect(at(lines[8], 18, 23)).toBe('000008');
    expect(at(lines[8], 24, 115)).toBe('0'.repeat(92));
    expect(at(lines[8], 116, 240)).toBe(' '.repeat(125));
    expect(at(lines[9], 18, 35)).toBe('000001000010000000');
  });

  it('convênio of 4 and 6 digits: 11 digits and the DV (mod 11) as the boleto prints it; carteira 11 is code 1', () => {
    const four = issued('1234', 123);
    expect(four).toBe('123400001239');
    expect(at(build([boleto({ nossoNumero: four })], { convenio: '1234', carteira: '11' })[2], 38, 58)).toBe('123400001239        1');
    const six = issued('123456', 123);
    expect(six).toBe('123456001234');
    const l = build([boleto({ nossoNumero: six })], { convenio: '123456' });
    expect(at(l[0], 33, 41)).toBe('000123456');
    expect(at(l[2], 38, 57)).toBe('123456001234        ');
  });

  it('protest: code 1 with the days (09)', () => {
    const p = build([boleto({ movement: 'protest', protestDays: 35 })])[2];
    expect(at(p, 16, 17)).toBe('09');
    expect(at(p, 221, 223)).toBe('135');
  });

  it('a multa on the due date is taken (15.3R "a mesma data do vencimento, ou dia seguinte")', () => {
    const r = build([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-10', value: 500 } })])[4];
    expect(at(r, 66, 89)).toBe('1' + '10042026' + '000000000000500');
  });
});

describe('BB movements (07.3P)', () => {
  it('offers 01, 02, 04, 05, 06, 07, 08, 09, 10', () => {
    expect(codesOf(BB_240_MOVEMENTS)).toEqual({
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      discount_grant: '07',
      discount_cancel: '08',
      protest: '09',
      protest_stop_keep: '10',
    });
  });

  movementInSegments240(BB_240_MOVEMENTS, (movement) => build([boleto({ movement, protestDays: 10 })]));

  it.each(MOVEMENT_KINDS.filter((k) => BB_240_MOVEMENTS[k] === undefined))('%s is refused, not sent as another code', (kind) => {
    expect(kind).toMatch(/^(protest_stop_write_off|amount_change|negativation|negativation_stop)$/);
    expect(() => build([boleto({ movement: kind, protestDays: 10 })])).toThrow(DomainError);
  });
});

describe('BB against brcobranca', () => {
  // kivanio/brcobranca@325e0eae spec/fixtures/remessa/remessa-banco_brasil-cnab240.rem, written by
  // lib/brcobranca/remessa/cnab240/banco_brasil.rb for spec/brcobranca/remessa/cnab240/banco_brasil_spec.rb.
  const FIXTURE = [
    '00100000         100012345678901001234567001412123  0123430000000123455 SOCIEDADE BRASILEIRA DE ZOOLOGBANCO DO BRASIL SA                      114072015161515000000083000000000000000000000000000000000000000000000                             ',
    '00100011R01  042 1000012345678901001234567001412123  0123430000000123455 SOCIEDADE BRASILEIRA DE ZOOLOG                                                                                000000001407201500000000                                 ',
    '0010001300001P 010123430000000123455 12345670000000123   71 000000000000069691407201500000000001999000000 02N14072015300000000000000000000000000000000000000000000000000000000000000000000000000000                     69693000000090000000000 ',
    '0010001300002Q 011000012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS QU12345678SANTA RITA DE CSP0000000000000000                                        000                            ',
    '0010001300003R 01000000000000000000000000000000000000000000000000000000000000000000000000                                                                                                              0000000000000000 000000000000  0         ',
    '00100015         0000050000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    '00199999         000001000007                                                                                                                                                                                                                   ',
  ];

  // The spec's inputs (Timecop 2015-07-14 16:15:15; agência 1234-3 and conta 12345-5, the DVs brcobranca
  // computes; convênio 1234567, variação 123; nosso número 123 → 12345670000000123), with carteira 17
  // (the spec's 12 is unidade variável, refused) and file sequence 1 (the spec has none).
  const lines = splitRecords(
    buildRemessa240(
      {
        bankCode: '001',
        bankName: 'BANCO DO BRASIL',
        fileSequence: 1,
        generatedAt: new Date('2015-07-14T19:15:15Z'),
        beneficiary: {
          name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
          documentKind: 'cpf',
          document: '12345678901',
          agency: '1234',
          agencyDigit: '3',
          account: '12345',
          accountDigit: '5',
          convenio: '1234567',
          carteira: '17',
          variation: '123',
        },
        boletos: [
          {
            nossoNumero: '12345670000000123',
            documentNumber: '6969',
            issueDate: '2015-07-14',
            dueDate: '2015-07-14',
            amountCents: 19990,
            payer: {
              name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA J',
              documentKind: 'cpf',
              document: '12345678901',
              address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
              district: 'SAO JOSE DOS',
              city: 'SANTA RITA DE C',
              state: 'SP',
              postalCode: '12345678',
            },
          },
        ],
      },
      BB_240,
    ),
  );

  /** Positions where brcobranca chooses otherwise, each explained; everything else is compared byte for byte. */
  const DIFFERENCES: FixtureDifference[] = [
    [0, 46, 47, '12', '17'], // 07.0 BB3 carteira: the spec's 12; Cobre refuses 12 (unidade variável) and sends 17
    [0, 120, 122, 'A  ', '.A.'], // 14.0 the manual writes "BANCO DO BRASIL S.A."; brcobranca strips the dots
    [0, 158, 163, '000000', '000001'], // 19.0 the spec has no sequence; Cobre numbers from 1
    [0, 172, 211, '0'.repeat(40), ' '.repeat(40)], // 22.0 / 23.0 reserved: "brancos OU zeros", Cobre blanks (FEBRABAN)
    [1, 47, 48, '12', '17'], // 11.1 BB3 carteira
    [1, 184, 191, '00000000', '00000001'], // 20.1 número remessa
    [2, 60, 60, ' ', '1'], // 16.3P "Pode ser informado 'branco', Zero, 1 – Tradicional": FEBRABAN's 1
    [2, 63, 77, '000000000006969', '6969           '], // 19.3P alfanumérico: left-aligned, as the boleto prints it
    [2, 196, 220, ' '.repeat(21) + '6969', '6969' + ' '.repeat(21)], // 35.3P alfanumérico, left-aligned
    [3, 71, 73, 'UAN', '   '], // 10.3Q "São tratadas somente 37 posições, da posição 34 a 70"
    [3, 126, 128, ' QU', '   '], // 12.3Q "São tratadas somente 12 posições, da posição 114 a 125"
    // 06.5 (24-240) "Informar Zeros e 'brancos'": brcobranca zeros throughout; Cobre zeros where FEBRABAN has
    // its totals (24-115) and blanks after, as FEBRABAN lays the record out.
    [5, 116, 240, '0'.repeat(125), ' '.repeat(125)],
    [6, 30, 35, ' '.repeat(6), '000000'], // 07.9 "informar Zeros ou 'brancos'"
  ];

  it('equals the fixture byte for byte outside the listed positions', () => {
    expectFixtureOutside(lines, FIXTURE, DIFFERENCES);
  });
});

describe('BB round trip through readRemessa240', () => {
  it('reads back the convênio, variação, account, every movement and the values', () => {
    const all = offeredOf(BB_240_MOVEMENTS).map((movement) =>
      boleto({
        movement,
        protestDays: movement === 'protest' ? 40 : undefined,
        rebateCents: movement === 'rebate_grant' ? 500 : undefined,
        discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
        interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
        fine: { kind: 'fixed', fromDate: '2026-04-10', value: 999 },
      }),
    );
    const read = readRemessa240(buildRemessa240(input(all), BB_240), BB_240);
    expect(read.beneficiary).toMatchObject({
      document: '11222333000181',
      convenio: '2345678',
      variation: '019',
      agency: '3064',
      agencyDigit: '3',
      account: '12345678',
      accountDigit: 'X',
    });
    expect(read.boletos.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents])).toEqual(
      all.map((b) => [b.movement, '23456780000000001', b.protestDays, b.rebateCents]),
    );
    expect(read.boletos[0]).toMatchObject({ discount: all[0].discount, interest: all[0].interest, fine: all[0].fine });
    // BB's batch trailer carries no totals (06.5): they read back as zeros.
    expect(read.batchTrailer).toEqual({ recordCount: all.length * 3 + 2, simpleCount: 0, simpleTotal: 0 });
    const four = issued('1234', 7);
    const back = readRemessa240(buildRemessa240(input([boleto({ nossoNumero: four })], { convenio: '1234' }), BB_240), BB_240);
    expect(back.boletos[0].nossoNumero).toBe(four);
    expect(back.boletos[0].interest).toBeUndefined();
  });

  it('the registry has the layout, for bank 001, with the lengths BB reads', () => {
    expect(remittanceLayout('cnab240_bb')).toBe(bb240Layout);
    expect(bb240Layout).toMatchObject({ banks: ['001'], recordLength: 240, textLengths: { payerName: 37, payerDistrict: 12 } });
    expect(bb240Layout.build(input([boleto()]))).toBe(buildRemessa240(input([boleto()]), BB_240));
  });
});

describe('BB CNAB 240 refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['no convênio', () => build([boleto()], { convenio: undefined })],
    ['a convênio of 5 digits', () => build([boleto()], { convenio: '12345' })],
    ['a convênio of 8 digits (not in the manual)', () => build([boleto({ nossoNumero: '12345678000000001' })], { convenio: '12345678' })],
    ['carteira 12 (unidade variável)', () => build([boleto()], { carteira: '12' })],
    ['carteira 31', () => build([boleto()], { carteira: '31' })],
    ['no variação', () => build([boleto()], { variation: undefined })],
    ['a variação of 4 digits', () => build([boleto()], { variation: '0019' })],
    ['no agência DV', () => build([boleto()], { agencyDigit: undefined })],
    ['no conta DV', () => build([boleto()], { accountDigit: '' })],
    ['a nosso número of another convênio', () => build([boleto({ nossoNumero: issued('2345679', 1) })])],
    ['a nosso número of 12 with a 7-digit convênio', () => build([boleto({ nossoNumero: '234567800019' })])],
    ['a nosso número whose DV does not match', () => build([boleto({ nossoNumero: '123400001238' })], { convenio: '1234' })],
    [
      'interest starting after the day after the due date',
      () => build([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-15', value: 10 } })]),
    ],
    ['a multa two days after the due date', () => build([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-12', value: 10 } })])],
    ['protest after 30 days', () => build([boleto({ movement: 'protest', protestDays: 30 })])],
    ['protest after 5 days', () => build([boleto({ movement: 'protest', protestDays: 5 })])],
    ['two instruction lines (mensagem 4 is not read)', () => build([boleto({ instructions: ['A', 'B'] })])],
    ['a payer name over 37 characters', () => build([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(38) } })])],
    ['a bairro over 12 characters', () => build([boleto({ payer: { ...boleto().payer, district: 'Jardim América' } })])],
  ];
  refusalCases(cases);
});
