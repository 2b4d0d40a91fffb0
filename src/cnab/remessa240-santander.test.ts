import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa240 } from './remessa240.ts';
import { readRemessa240 } from './remessa240-reader.ts';
import { SANTANDER_240, SANTANDER_240_MOVEMENTS, santanderLayout } from './remessa240-santander.ts';
import {
  at,
  codesOf,
  expectFixtureOutside,
  expectRecords240,
  type FixtureDifference,
  movementInSegments240,
  offeredOf,
  refusalCases,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  splitRecords,
} from './remessa-test-fixtures.ts';

const SANTANDER: SampleBank = {
  bankCode: '033',
  bankName: 'Banco Santander',
  fileSequence: 42,
  beneficiary: { agency: '3456', agencyDigit: '7', account: '013001234', accountDigit: '3', convenio: '1234567', carteira: '101' },
};

const input = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  sampleInput(SANTANDER, boletos, beneficiary);

// 12-digit nosso número 000001234567 + DV 9 (Nota 15, mod 11; brcobranca's spec has the same number).
const NN = '0000012345679';

const boleto = (over: Partial<RemessaBoleto> = {}) => sampleBoleto({ nossoNumero: NN, documentNumber: 'FAT-2026-001' }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  splitRecords(buildRemessa240(input(boletos, beneficiary), SANTANDER_240));

describe('Santander CNAB 240: the positions that differ from FEBRABAN (H7815 v2.9 abril/2018, 040/030)', () => {
  const lines = build([
    boleto({
      interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
    }),
  ]);

  it('every line has 240 characters, bank 033', () => {
    expectRecords240(lines, 7, '033');
  });

  it('file header: kind at 17, 15-digit document, código de transmissão 33-47, no time, 040, blanks after', () => {
    const h = lines[0];
    expect(at(h, 9, 16)).toBe(' '.repeat(8));
    expect(at(h, 17, 32)).toBe('2011222333000181');
    expect(at(h, 33, 47)).toBe('345600001234567'); // agência + 0000 + código do beneficiário (laravel-boleto)
    expect(at(h, 48, 72)).toBe(' '.repeat(25));
    expect(at(h, 103, 132)).toBe('BANCO SANTANDER'.padEnd(30));
    expect(at(h, 143, 151)).toBe('110032026');
    expect(at(h, 152, 157)).toBe(' '.repeat(6));
    expect(at(h, 158, 166)).toBe('000042040');
    expect(at(h, 167, 240)).toBe(' '.repeat(74));
  });

  it('batch header: 030, código de transmissão 54-68, blanks 34-53, 69-73 and 200-240', () => {
    const b = lines[1];
    expect(at(b, 9, 17)).toBe('R01  030 ');
    expect(at(b, 34, 53)).toBe(' '.repeat(20));
    expect(at(b, 54, 68)).toBe('345600001234567');
    expect(at(b, 69, 73)).toBe(' '.repeat(5));
    expect(at(b, 184, 199)).toBe('0000004210032026');
    expect(at(b, 200, 240)).toBe(' '.repeat(41));
  });

  it('segment P: agency 4 + DV, conta 9 + DV twice, nosso número 45-57, tipo de cobrança, escritural, 0 = não protestar, moeda 00', () => {
    const p = lines[2];
    expect(at(p, 18, 44)).toBe('34567' + '0130012343' + '0130012343' + '  ');
    expect(at(p, 45, 57)).toBe(NN);
    expect(at(p, 58, 62)).toBe('512  '); // carteira 101 → 5 (rápida com registro), registrada, escritural
    expect(at(p, 118, 141)).toBe('110042026000000000000041'); // Nota 22: juros dated on the due date
    expect(at(p, 221, 229)).toBe('000' + '2' + '0' + '00' + '00'); // Nota 25, 26, 27
    expect(at(p, 230, 240)).toBe(' '.repeat(11));
  });

  it('segment Q: 210-221 zeros (no carnê), 222-240 blanks', () => {
    expect(at(lines[3], 210, 240)).toBe('0'.repeat(12) + ' '.repeat(19));
  });

  it('segment R: 42-65 blanks, multa dated the day before it is charged (Nota 33), 180-240 blanks', () => {
    const r = lines[4];
    expect(at(r, 42, 65)).toBe(' '.repeat(24));
    expect(at(r, 66, 89)).toBe('210042026000000000000200');
    expect(at(r, 180, 240)).toBe(' '.repeat(61));
  });

  it('trailers: only the counts', () => {
    expect(at(lines[5], 18, 240)).toBe('000005' + ' '.repeat(217));
    expect(at(lines[6], 18, 240)).toBe('000001000007' + ' '.repeat(211));
  });

  it('carteiras 104 and 201 are tipo de cobrança 1 and 6; a given código de transmissão is written as is', () => {
    expect(at(build([boleto()], { carteira: '104' })[2], 58, 58)).toBe('1');
    expect(at(build([boleto()], { carteira: '201' })[2], 58, 58)).toBe('6');
    expect(at(build([boleto()], { transmissionCode: '123456789012345' })[0], 33, 47)).toBe('123456789012345');
  });

  it('a protest writes 1 and its days', () => {
    expect(at(build([boleto({ movement: 'protest', protestDays: 7 })])[2], 221, 223)).toBe('107');
  });
});

describe('Santander movements (Nota 14)', () => {
  it('offers its codes', () => {
    expect(codesOf(SANTANDER_240_MOVEMENTS)).toEqual({
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      discount_grant: '10',
      discount_cancel: '11',
      protest: '09',
      protest_stop_keep: '18',
      amount_change: '47',
    });
  });

  movementInSegments240(SANTANDER_240_MOVEMENTS, (movement) => build([boleto({ movement, protestDays: 5 })]));

  it.each(['protest_stop_write_off', 'negativation', 'negativation_stop'] as const)('%s is refused, not sent as another code', (kind) => {
    expect(() => build([boleto({ movement: kind, protestDays: 5 })])).toThrow(DomainError);
  });
});

describe('Santander against brcobranca', () => {
  // kivanio/brcobranca@325e0eae spec/fixtures/remessa/remessa-santander-cnab240.rem, written by
  // lib/brcobranca/remessa/cnab240/santander.rb for spec/brcobranca/remessa/cnab240/santander_spec.rb.
  const FIXTURE = [
    '03300000        2028254225000193000100001234567                         SOCIEDADE BRASILEIRA DE ZOOLOGBANCO SANTANDER                         114072015      000001040                                                                          ',
    '03300011R01  030 2028254225000193                    000100001234567     SOCIEDADE BRASILEIRA DE ZOOLOG                                                                                000000011407201500000000                                 ',
    '0330001300001P 010001901300123430130012343  0000012345679112  9999           1407201500000000001999000000 02N140720153000000000000000000000000000000000000000000000000000000000000000000000000000009999                     300300000           ',
    '0330001300002Q 011000012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS QU12345678SANTA RITA DE CSP0000000000000000                                        000000000000                   ',
    '0330001300003R 01000000000000000000000000000000000000000000000000000000000000000000000000                                                                                                                                                       ',
    '03300015         000005                                                                                                                                                                                                                         ',
    '03399999         000001000007                                                                                                                                                                                                                   ',
  ];

  // The spec's inputs (Timecop 2015-07-14; agência 0001-9 (brcobranca computes the 9), conta 013001234-3,
  // código do beneficiário 1234567 so that the código de transmissão is composed as the spec gives it).
  const lines = splitRecords(
    buildRemessa240(
      {
        bankCode: '033',
        bankName: 'BANCO SANTANDER',
        fileSequence: 1,
        generatedAt: new Date('2015-07-14T19:15:15Z'),
        beneficiary: {
          name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
          documentKind: 'cnpj',
          document: '28254225000193',
          agency: '0001',
          agencyDigit: '9',
          account: '013001234',
          accountDigit: '3',
          convenio: '1234567',
          carteira: '104',
        },
        boletos: [
          {
            nossoNumero: NN,
            documentNumber: '9999',
            issueDate: '2015-07-14',
            dueDate: '2015-07-14',
            amountCents: 19990,
            payer: {
              name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
              documentKind: 'cpf',
              document: '12345678901',
              address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
              district: 'SAO JOSE DOS QU',
              city: 'SANTA RITA DE C',
              state: 'SP',
              postalCode: '12345678',
            },
          },
        ],
      },
      SANTANDER_240,
    ),
  );

  /** Positions where brcobranca chooses otherwise, each explained; everything else is compared byte for byte. */
  const DIFFERENCES: FixtureDifference[] = [
    [1, 200, 207, '00000000', ' '.repeat(8)], // brcobranca's shared batch header writes data do crédito; the manual: 200-240 Reservado, blanks
    [2, 221, 221, '3', '0'], // brcobranca's default 3 = "utilizar perfil beneficiário"; Cobre 0 = não protestar (Nota 25)
    [2, 224, 224, '3', '2'], // the spec's codigo_baixa 3 (perfil); Cobre 2 = não baixar (Nota 26)
    [4, 42, 65, '0'.repeat(24), ' '.repeat(24)], // brcobranca's desconto 3 zeros; the manual: 042-065 Reservado, blanks
  ];

  it('equals the fixture byte for byte outside the listed positions', () => {
    expectFixtureOutside(lines, FIXTURE, DIFFERENCES);
  });
});

describe('Santander round trip through readRemessa240', () => {
  it('reads back the beneficiary, every movement and the values', () => {
    const all = offeredOf(SANTANDER_240_MOVEMENTS).map((movement) =>
      boleto({
        movement,
        protestDays: movement === 'protest' ? 15 : undefined,
        rebateCents: movement === 'rebate_grant' ? 500 : undefined,
        discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
        interest: { kind: 'monthly_percent', fromDate: '2026-04-10', value: 100 },
        fine: { kind: 'fixed', fromDate: '2026-04-11', value: 999 },
      }),
    );
    const read = readRemessa240(buildRemessa240(input(all), SANTANDER_240), SANTANDER_240);
    expect(read.beneficiary).toMatchObject({
      document: '11222333000181',
      convenio: '1234567',
      transmissionCode: '345600001234567',
      agency: '3456',
      agencyDigit: '7',
      account: '13001234',
      accountDigit: '3',
    });
    expect(read.boletos.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents])).toEqual(
      all.map((b) => [b.movement, NN, b.protestDays, b.rebateCents]),
    );
    expect(read.boletos[0]).toMatchObject({ discount: all[0].discount, interest: all[0].interest, fine: all[0].fine });
    expect(read.fileTrailer).toEqual({ batchCount: 1, recordCount: all.length * 3 + 4 });
  });

  it('the registry layout writes the same file', () => {
    expect(santanderLayout.build(input([boleto()]))).toBe(buildRemessa240(input([boleto()]), SANTANDER_240));
    expect(santanderLayout).toMatchObject({ id: 'cnab240_santander', banks: ['033'], recordLength: 240 });
  });
});

describe('Santander refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a nosso número whose DV does not match', () => build([boleto({ nossoNumero: '0000012345670' })])],
    ['a nosso número without its DV', () => build([boleto({ nossoNumero: '000001234567' })])],
    ['carteira 102 (sem registro)', () => build([boleto()], { carteira: '102' })],
    ['an agency of 5 digits', () => build([boleto()], { agency: '12345' })],
    ['no agency DV', () => build([boleto()], { agencyDigit: undefined })],
    ['no conta corrente', () => build([boleto()], { account: '0' })],
    ['a conta of 10 digits', () => build([boleto()], { account: '1234567890' })],
    ['no código do beneficiário nor código de transmissão', () => build([boleto()], { convenio: undefined })],
    ['a código de transmissão of 16 digits', () => build([boleto()], { transmissionCode: '1234567890123456' })],
  ];
  refusalCases(cases);
});
