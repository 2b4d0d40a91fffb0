import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa240 } from './remessa240.ts';
import { readRemessa240 } from './remessa240-reader.ts';
import { SICREDI_240, SICREDI_240_MOVEMENTS, sicrediLayout } from './remessa240-sicredi.ts';
import {
  at,
  codesOf,
  expectFixtureOutside,
  expectRecords240,
  type FixtureDifference,
  movementInSegments240,
  offeredOf,
  PORTO_ALEGRE,
  refusalCases,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  splitRecords,
} from './remessa-test-fixtures.ts';

const SICREDI: SampleBank = {
  bankCode: '748',
  bankName: 'Banco Cooperativo Sicredi',
  fileSequence: 42,
  beneficiary: { agency: '0710', account: '0', beneficiaryCode: '00129', carteira: '1' },
};

const input = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  sampleInput(SICREDI, boletos, beneficiary);

// Cobre's Sicredi nosso número: year 26, byte 2, sequence 00001, DV.
const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: '262000015', documentNumber: 'FAT-000123', payer: { ...PORTO_ALEGRE } }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  splitRecords(buildRemessa240(input(boletos, beneficiary), SICREDI_240));

describe('Sicredi CNAB 240: the positions that differ from FEBRABAN (manual CNAB 240 agosto/2019, leiaute 081)', () => {
  const lines = build([
    boleto({
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
      discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    }),
  ]);

  it('every line has 240 characters, bank 748', () => {
    expectRecords240(lines, 7, '748');
  });

  it('file header: convênio and agency DV blank, conta = código do beneficiário, SICREDI, 081, density 01600', () => {
    const h = lines[0];
    expect(at(h, 33, 52)).toBe(' '.repeat(20)); // 07.0
    expect(at(h, 53, 57)).toBe('00710'); // 08.0
    expect(at(h, 58, 58)).toBe(' '); // 09.0
    expect(at(h, 59, 70)).toBe('000000000129'); // 10.0
    expect(at(h, 71, 72)).toBe('  '); // 11.0 no DV given (conta beneficiária), 12.0
    expect(at(h, 103, 132)).toBe('SICREDI'.padEnd(30)); // 14.0
    expect(at(h, 164, 166)).toBe('081'); // 20.0
    expect(at(h, 167, 171)).toBe('01600'); // 21.0
    expect(at(h, 172, 240)).toBe(' '.repeat(69));
  });

  it('batch header: 040, convênio and agency DV blank, conta at 60-71', () => {
    const b = lines[1];
    expect(at(b, 12, 17)).toBe('  040 '); // 06.1, 07.1, 08.1
    expect(at(b, 34, 53)).toBe(' '.repeat(20)); // 11.1
    expect(at(b, 54, 59)).toBe('00710 '); // 12.1, 13.1
    expect(at(b, 60, 71)).toBe('000000000129'); // 14.1
  });

  it('segment P: agency DV blank, nosso número 38-57, espécie 03, baixa 1 / 060', () => {
    const p = lines[2];
    expect(at(p, 18, 37)).toBe('00710 000000000129  ');
    expect(at(p, 38, 57)).toBe('262000015'.padEnd(20)); // 13.3P
    expect(at(p, 58, 62)).toBe('11122');
    expect(at(p, 63, 77)).toBe('FAT-000123'.padEnd(15));
    expect(at(p, 107, 109)).toBe('03N'); // 24.3P DMI
    expect(at(p, 142, 165)).toBe('105042026000000000000500'); // desconto 1
    expect(at(p, 221, 223)).toBe('300');
    expect(at(p, 224, 227)).toBe('1060'); // 38.3P, 39.3P
    expect(at(p, 228, 240)).toBe('090000000000 ');
  });

  it('segment R: multa percentual dated on the due date (15.3R)', () => {
    expect(at(lines[4], 66, 89)).toBe('210042026000000000000200');
  });

  it('batch trailer: the totals are zeros (06.5-13.5 are for the return file)', () => {
    expect(at(lines[5], 18, 23)).toBe('000005');
    expect(at(lines[5], 24, 123)).toBe('0'.repeat(92) + ' '.repeat(8));
    expect(at(lines[6], 18, 35)).toBe('000001000007000000');
  });

  it('an account check digit, when given, goes to 71, 72 and 36', () => {
    const [h, b, p] = build([boleto()], { accountDigit: '8' });
    expect(at(h, 71, 71)).toBe('8');
    expect(at(b, 72, 72)).toBe('8');
    expect(at(p, 36, 36)).toBe('8');
  });

  it('protest and negativação carry 1 or 8 and their days', () => {
    expect(at(build([boleto({ movement: 'protest', protestDays: 5 })])[2], 221, 223)).toBe('105');
    expect(at(build([boleto({ movement: 'negativation', protestDays: 30 })])[2], 221, 223)).toBe('830');
  });
});

describe('Sicredi movements (manual 07.3P)', () => {
  it('offers its codes, without 47', () => {
    expect(codesOf(SICREDI_240_MOVEMENTS)).toEqual({
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      discount_grant: '07',
      discount_cancel: '08',
      protest: '09',
      protest_stop_write_off: '10',
      protest_stop_keep: '11',
      negativation: '45',
      negativation_stop: '76',
    });
  });

  movementInSegments240(SICREDI_240_MOVEMENTS, (movement) => build([boleto({ movement, protestDays: 5 })]));

  it('amount_change is refused, not sent as another code', () => {
    expect(() => build([boleto({ movement: 'amount_change' })])).toThrow(DomainError);
  });
});

describe('Sicredi against brcobranca', () => {
  // kivanio/brcobranca@325e0eae spec/fixtures/remessa/remessa-sicredi-cnab240.rem, written by
  // lib/brcobranca/remessa/cnab240/sicredi.rb for spec/brcobranca/remessa/cnab240/sicredi_spec.rb.
  const FIXTURE = [
    '74800000         274576177000177                    00165 0000000006238 SOCIEDADE BRASILEIRA DE ZOOLOGSICREDI                                 11407200716151500000008101600                                                                     ',
    '74800011R01  040 2074576177000177                    00165 0000000006238 SOCIEDADE BRASILEIRA DE ZOOLOG                                                                                000000001407200700000000                                 ',
    '7480001300001P 0100165 0000000006238 072000031           111220000000000069691407200700000000000500000000 03N14072007115072007000000000000000100000000000000000000000000000000000000000000000000000                     69693001060090000000000 ',
    '7480001300002Q 011000082136760505PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS QU12345678SANTA RITA DE CRJ0000000000000000                                        000                            ',
    '7480001300003R 01000000000000000000000000000000000000000000000000000000000000000000000000                                                                                                              0000000000000000 000000000000  0         ',
    '74800015         00000500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000                                                                                                                             ',
    '74899999         000001000007000000                                                                                                                                                                                                             ',
  ];

  // The spec's inputs (Timecop 2007-07-14 16:15:15; agência 0165, conta 00623-8, names as brcobranca's
  // format_size cuts them; tipo_mora 1 from the next day with no amount).
  const lines = splitRecords(
    buildRemessa240(
      {
        bankCode: '748',
        bankName: 'SICREDI',
        fileSequence: 1,
        generatedAt: new Date('2007-07-14T19:15:15Z'),
        beneficiary: {
          name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
          documentKind: 'cnpj',
          document: '74576177000177',
          agency: '0165',
          account: '0',
          accountDigit: '8',
          beneficiaryCode: '00623',
          carteira: '1',
        },
        boletos: [
          {
            nossoNumero: '072000031',
            documentNumber: '6969',
            issueDate: '2007-07-14',
            dueDate: '2007-07-14',
            amountCents: 5000,
            interest: { kind: 'daily_amount', fromDate: '2007-07-15', value: 0 },
            payer: {
              name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
              documentKind: 'cpf',
              document: '82136760505',
              address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
              district: 'SAO JOSE DOS QU',
              city: 'SANTA RITA DE C',
              state: 'RJ',
              postalCode: '12345678',
            },
          },
        ],
      },
      SICREDI_240,
    ),
  );

  /** Positions where brcobranca chooses otherwise, each explained; everything else is compared byte for byte. */
  const DIFFERENCES: FixtureDifference[] = [
    [0, 158, 163, '000000', '000001'], // the spec sets no sequencial_remessa; Cobre numbers files from 1
    [1, 184, 191, '00000000', '00000001'],
    [2, 63, 77, '000000000006969', '6969           '], // brcobranca pads the documento with zeros to 15; Sicredi reads 10 (19.3P)
    [2, 142, 142, '1', '0'], // brcobranca always writes desconto code 1; Cobre 0 without one (laravel-boleto Sicredi.php too)
    [2, 196, 220, `${' '.repeat(21)}6969`, `6969${' '.repeat(21)}`], // brcobranca right-aligns the documento; an 'A' field is left-aligned (35.3P, not used by Sicredi)
  ];

  it('equals the fixture byte for byte outside the listed positions', () => {
    expectFixtureOutside(lines, FIXTURE, DIFFERENCES);
  });
});

describe('Sicredi round trip through readRemessa240', () => {
  it('reads back the beneficiary, every movement and the values', () => {
    const all = offeredOf(SICREDI_240_MOVEMENTS).map((movement, i) =>
      boleto({
        movement,
        nossoNumero: `2620${String(10000 + i)}`,
        protestDays: movement === 'protest' || movement === 'negativation' ? 15 : undefined,
        rebateCents: movement === 'rebate_grant' ? 500 : undefined,
        discount: { kind: 'percent', untilDate: '2026-04-05', value: 300 },
        interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
        fine: { kind: 'percent', fromDate: '2026-04-10', value: 200 },
      }),
    );
    const read = readRemessa240(buildRemessa240(input(all, { accountDigit: '3' }), SICREDI_240), SICREDI_240);
    expect(read.beneficiary).toMatchObject({ agency: '710', account: '129', accountDigit: '3', document: '11222333000181' });
    expect(read.boletos.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents])).toEqual(
      all.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents]),
    );
    expect(read.boletos[0]).toMatchObject({ discount: all[0].discount, interest: all[0].interest, fine: all[0].fine });
    expect(read.batchTrailer).toEqual({ recordCount: all.length * 3 + 2, simpleCount: 0, simpleTotal: 0 });
    expect(read.fileTrailer).toEqual({ batchCount: 1, recordCount: all.length * 3 + 4 });
  });

  it('the registry layout writes the same file', () => {
    expect(sicrediLayout.build(input([boleto()]))).toBe(buildRemessa240(input([boleto()]), SICREDI_240));
    expect(sicrediLayout).toMatchObject({ id: 'cnab240_sicredi', banks: ['748'], recordLength: 240 });
  });
});

describe('Sicredi refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a seu número over 10 characters', () => build([boleto({ documentNumber: 'FAT-2026-001' })])],
    ['a nosso número of 8 digits', () => build([boleto({ nossoNumero: '26200001' })])],
    ['a nosso número with byte 1 (pre-printed forms)', () => build([boleto({ nossoNumero: '261000015' })])],
    ['a fixed multa', () => build([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-10', value: 500 } })])],
    ['a multa over 99.99 %', () => build([boleto({ fine: { kind: 'percent', fromDate: '2026-04-10', value: 10_000 } })])],
    ['a protest after 2 days', () => build([boleto({ movement: 'protest', protestDays: 2 })])],
    ['a negativação after 2 days', () => build([boleto({ movement: 'negativation', protestDays: 2 })])],
    ['no código do beneficiário', () => build([boleto()], { beneficiaryCode: undefined })],
    ['a código do beneficiário of 6 digits', () => build([boleto()], { beneficiaryCode: '123456' })],
  ];
  refusalCases(cases);
});
