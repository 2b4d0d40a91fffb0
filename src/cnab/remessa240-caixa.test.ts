import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa240 } from './remessa240.ts';
import { CAIXA_SIGCB_240, CAIXA_SIGCB_240_MOVEMENTS, caixaSigcbLayout } from './remessa240-caixa.ts';
import { readRemessa240 } from './remessa240-reader.ts';
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

const CAIXA: SampleBank = {
  bankCode: '104',
  bankName: 'Caixa Econômica Federal',
  fileSequence: 42,
  beneficiary: { agency: '1825', agencyDigit: '3', account: '0', beneficiaryCode: '245274', carteira: 'RG' },
};

const input = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  sampleInput(CAIXA, boletos, beneficiary);

// Cobre's Caixa nosso número: 14 (registrado, emissão beneficiário) + 15 digits, then its mod-11 DV.
const NN17 = '14000000000000001';
const NN18 = `${NN17}4`; // 11 − (Σ 2..9 from the right mod 11) = 4

const boleto = (over: Partial<RemessaBoleto> = {}) => sampleBoleto({ nossoNumero: NN18, documentNumber: 'FAT-000123' }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  splitRecords(buildRemessa240(input(boletos, beneficiary), CAIXA_SIGCB_240));

describe('Caixa SIGCB CNAB 240: the positions that differ from FEBRABAN (manual SIGCB abril/2017, leiaute 101)', () => {
  const lines = build([
    boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 }, instructions: ['Não receber após 30 dias'] }),
  ]);

  it('every line has 240 printable characters, bank 104', () => {
    expectRecords240(lines, 7, '104');
  });

  it('file header: 33-52 zeros, 59-64 código do beneficiário, 65-72 zeros, 164-166 101, 192-211 REMESSA-PRODUCAO', () => {
    const h = lines[0];
    expect(at(h, 33, 52)).toBe('0'.repeat(20)); // 07.0 Uso Exclusivo CAIXA
    expect(at(h, 53, 57)).toBe('01825'); // 08.0 agência
    expect(at(h, 58, 58)).toBe('3'); // 09.0 DV
    expect(at(h, 59, 64)).toBe('245274'); // 10.0 código do beneficiário
    expect(at(h, 65, 72)).toBe('00000000'); // 11.0, 12.0
    expect(at(h, 103, 132)).toBe('CAIXA ECONOMICA FEDERAL'.padEnd(30));
    expect(at(h, 164, 166)).toBe('101'); // 20.0
    expect(at(h, 167, 171)).toBe('00000');
    expect(at(h, 172, 191)).toBe(' '.repeat(20));
    expect(at(h, 192, 211)).toBe('REMESSA-PRODUCAO'.padEnd(20)); // 23.0 (G022)
    expect(at(h, 212, 240)).toBe(' '.repeat(29)); // 24.0, 25.0
  });

  it('batch header: 12-13 zeros, 14-16 060, 34-39 code + 40-53 zeros, 60-65 code, 66-73 zeros', () => {
    const b = lines[1];
    expect(at(b, 9, 11)).toBe('R01');
    expect(at(b, 12, 13)).toBe('00'); // 06.1
    expect(at(b, 14, 16)).toBe('060'); // 07.1
    expect(at(b, 34, 39)).toBe('245274'); // 11.1
    expect(at(b, 40, 53)).toBe('0'.repeat(14));
    expect(at(b, 54, 59)).toBe('018253');
    expect(at(b, 60, 65)).toBe('245274'); // 14.1 "mesmo código do campo 11.1"
    expect(at(b, 66, 72)).toBe('0000000'); // 15.1 modelo personalizado
    expect(at(b, 73, 73)).toBe('0'); // 16.1
    expect(at(b, 184, 199)).toBe('0000004210032026');
  });

  it('segment P: code at 24-29, zeros 30-40, nosso número 41-57 without DV, 60 2, 62 0, seu número 63-73, 106 0, baixa 224-227', () => {
    const p = lines[2];
    expect(at(p, 16, 17)).toBe('01');
    expect(at(p, 18, 23)).toBe('018253');
    expect(at(p, 24, 29)).toBe('245274'); // 10.3P
    expect(at(p, 30, 37)).toBe('00000000'); // 11.3P
    expect(at(p, 38, 39)).toBe('00'); // 12.3P
    expect(at(p, 40, 40)).toBe('0'); // 13.3P SINCO: '0' for a 17-position nosso número
    expect(at(p, 41, 57)).toBe(NN17); // 13.3P modalidade 14 + 15 digits
    expect(at(p, 58, 62)).toBe('11220'); // carteira 1, registrada 1, escritural 2, cliente emite 2, postagem pelo beneficiário 0
    expect(at(p, 63, 73)).toBe('FAT-000123 '); // 19.3P: 11 positions
    expect(at(p, 74, 77)).toBe('    ');
    expect(at(p, 78, 100)).toBe('10042026000000000123456');
    expect(at(p, 101, 106)).toBe('000000'); // 22.3P, 23.3P "Preencher '0'"
    expect(at(p, 107, 109)).toBe('02N');
    expect(at(p, 196, 220)).toBe('FAT-000123'.padEnd(25)); // 35.3P = 19.3P
    expect(at(p, 221, 223)).toBe('300'); // não protestar
    expect(at(p, 224, 227)).toBe('1999'); // C028 1 = baixar/devolver, C029 999 days
    expect(at(p, 228, 240)).toBe('090000000000 ');
  });

  it('segment Q keeps the FEBRABAN positions', () => {
    const q = lines[3];
    expect(at(q, 18, 33)).toBe('1000012345678909');
    expect(at(q, 129, 153)).toBe('01310100SAO PAULO      SP');
  });

  it('segment R: multa and messages as FEBRABAN, 180-240 spaces (no débito automático fields)', () => {
    const r = lines[4];
    expect(at(r, 66, 89)).toBe('211042026000000000000200');
    expect(at(r, 100, 139)).toBe('NAO RECEBER APOS 30 DIAS'.padEnd(40));
    expect(at(r, 180, 240)).toBe(' '.repeat(61));
  });

  it('trailers: batch 93-123 and file 30-35 are spaces', () => {
    expect(at(lines[5], 18, 46)).toBe('000005000001' + '00000000000123456');
    expect(at(lines[5], 47, 92)).toBe('0'.repeat(46));
    expect(at(lines[5], 93, 240)).toBe(' '.repeat(148));
    expect(at(lines[6], 18, 29)).toBe('000001000007');
    expect(at(lines[6], 30, 240)).toBe(' '.repeat(211));
  });

  it('a 7-digit código do beneficiário (above 1100000) takes 59-65 / 34-40 / 24-30 and leaves 60-65 of the batch header zeros (laravel-boleto Caixa.php)', () => {
    const [h, b, p] = build([boleto()], { beneficiaryCode: '1234567' });
    expect(at(h, 59, 72)).toBe('12345670000000');
    expect(at(b, 34, 53)).toBe('1234567' + '0'.repeat(13));
    expect(at(b, 60, 65)).toBe('000000');
    expect(at(p, 24, 37)).toBe('12345670000000');
  });

  it('a protest sends 1 and its days, with 2 = não baixar (C026, C028)', () => {
    const p = build([boleto({ movement: 'protest', protestDays: 10 })])[2];
    expect(at(p, 16, 17)).toBe('09');
    expect(at(p, 221, 227)).toBe('1102000');
  });

  it('takes the nosso número without its DV too', () => {
    expect(at(build([boleto({ nossoNumero: NN17 })])[2], 41, 57)).toBe(NN17);
  });
});

describe('Caixa SIGCB movements (manual C004)', () => {
  it('offers the C004 codes Cobre asks for and no negativação', () => {
    expect(codesOf(CAIXA_SIGCB_240_MOVEMENTS)).toEqual({
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
      amount_change: '47',
    });
    expect(caixaSigcbLayout.movements).toBe(CAIXA_SIGCB_240_MOVEMENTS);
  });

  movementInSegments240(CAIXA_SIGCB_240_MOVEMENTS, (movement) => build([boleto({ movement, protestDays: 5 })]));

  it.each(['negativation', 'negativation_stop'] as const)('%s is refused, not sent as another code', (kind) => {
    expect(() => build([boleto({ movement: kind, protestDays: 5 })])).toThrow(DomainError);
  });
});

describe('Caixa SIGCB against brcobranca', () => {
  // kivanio/brcobranca@325e0eae spec/fixtures/remessa/remessa-caixa-cnab240.rem, written by
  // lib/brcobranca/remessa/cnab240/caixa.rb for spec/brcobranca/remessa/cnab240/caixa_spec.rb.
  const FIXTURE = [
    '10400000         1000123456789010000000000000000000012345112345600000000SOCIEDADE BRASILEIRA DE ZOOLOGCAIXA ECONOMICA FEDERAL                 11407201516151500000105000000                    REMESSA-PRODUCAO    1234                         ',
    '10400011R0100030 10000123456789011234560000000000000012345112345600000000SOCIEDADE BRASILEIRA DE ZOOLOG                                                                                000000011407201500000000                                 ',
    '1040001300001P 0112345112345600000000000140000000000001231122000000006969    1407201500000000001999000000099N1407201511507201500000000000000000000000000000000000000000000000000000000000000000000000000006969              3001120090000000000 ',
    '1040001300002Q 011000012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS QU12345678SANTA RITA DE CSP0000000000000000                                        000                            ',
    '1040001300003R 01000000000000000000000000000000000000000000000000215072015000000000000000                                                                                                                                                       ',
    '10400015         000005000000000000000000000000000000000000000000000000000000000000000000000                                                                                                                                                    ',
    '10499999         000001000007                                                                                                                                                                                                                   ',
  ];

  // The spec's inputs (Timecop 2015-07-14 16:15:15; names as brcobranca's format_size cuts them), with
  // brcobranca's older layout versions 050/030.
  const lines = splitRecords(
    buildRemessa240(
      {
        bankCode: '104',
        bankName: 'CAIXA ECONOMICA FEDERAL',
        fileSequence: 1,
        generatedAt: new Date('2015-07-14T19:15:15Z'),
        layoutVersion: { file: '050', batch: '030' },
        beneficiary: {
          name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
          documentKind: 'cpf',
          document: '12345678901',
          agency: '12345',
          agencyDigit: '1',
          account: '1234',
          beneficiaryCode: '123456',
          carteira: 'RG',
        },
        boletos: [
          {
            nossoNumero: '14000000000000123',
            documentNumber: '00000006969',
            issueDate: '2015-07-14',
            dueDate: '2015-07-14',
            amountCents: 19990,
            interest: { kind: 'daily_amount', fromDate: '2015-07-15', value: 0 }, // tipo_mora '1', next day
            fine: { kind: 'percent', fromDate: '2015-07-15', value: 0 }, // codigo_multa '2', next day
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
      CAIXA_SIGCB_240,
    ),
  );

  /** Positions where brcobranca's spec or its code choose otherwise, each explained; everything else is compared byte for byte. */
  const DIFFERENCES: FixtureDifference[] = [
    [0, 212, 215, '1234', '    '], // the spec's versao_aplicativo; manual 24.0: spaces
    [2, 107, 108, '99', '02'], // brcobranca's default espécie 99 (outros); Cobre writes 02 DM
    [2, 225, 227, '120', '999'], // brcobranca's 120 days for baixa; Cobre the manual's maximum (C029)
    [5, 24, 29, '000000', '000001'], // brcobranca leaves 06.5 and 07.5 zeros; the manual wants count and total
    [5, 30, 46, '0'.repeat(17), '00000000000019990'],
  ];

  it('equals the fixture byte for byte outside the listed positions', () => {
    expectFixtureOutside(lines, FIXTURE, DIFFERENCES);
  });
});

describe('Caixa SIGCB round trip through readRemessa240', () => {
  it('reads back the beneficiary, every movement and the values', () => {
    const all = offeredOf(CAIXA_SIGCB_240_MOVEMENTS).map((movement, i) =>
      boleto({
        movement,
        nossoNumero: `1400000000000${String(1000 + i)}`,
        protestDays: movement === 'protest' ? 15 : undefined,
        rebateCents: movement === 'rebate_grant' ? 500 : undefined,
        discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
        interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
        fine: { kind: 'fixed', fromDate: '2026-04-11', value: 999 },
      }),
    );
    const read = readRemessa240(buildRemessa240(input(all), CAIXA_SIGCB_240), CAIXA_SIGCB_240);
    expect(read.bankCode).toBe('104');
    expect(read.beneficiary).toMatchObject({ agency: '1825', agencyDigit: '3', beneficiaryCode: '245274', document: '11222333000181' });
    expect(read.boletos.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents, b.documentNumber])).toEqual(
      all.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents, 'FAT-000123']),
    );
    expect(read.boletos[0]).toMatchObject({ discount: all[0].discount, interest: all[0].interest, fine: all[0].fine, amountCents: 123456 });
    expect(read.batchTrailer).toEqual({ recordCount: all.length * 3 + 2, simpleCount: all.length, simpleTotal: 123456 * all.length });
  });

  it('reads a 7-digit code back', () => {
    const file = buildRemessa240(input([boleto()], { beneficiaryCode: '1234567' }), CAIXA_SIGCB_240);
    expect(readRemessa240(file, CAIXA_SIGCB_240).beneficiary.beneficiaryCode).toBe('1234567');
  });

  it('the registry layout writes the same file', () => {
    expect(caixaSigcbLayout.build(input([boleto()]))).toBe(buildRemessa240(input([boleto()]), CAIXA_SIGCB_240));
    expect(caixaSigcbLayout).toMatchObject({ id: 'cnab240_caixa_sigcb', banks: ['104'], recordLength: 240 });
  });
});

describe('Caixa SIGCB refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a seu número over 11 characters', () => build([boleto({ documentNumber: 'FAT-2026-00001' })])],
    ['a nosso número of another modalidade', () => build([boleto({ nossoNumero: '11000000000000001' })])],
    ['a nosso número whose DV does not match', () => build([boleto({ nossoNumero: `${NN17}5` })])],
    ['a nosso número of 15 digits', () => build([boleto({ nossoNumero: '000000000000001' })])],
    ['a protest after 1 day', () => build([boleto({ movement: 'protest', protestDays: 1 })])],
    ['a protest after 91 days', () => build([boleto({ movement: 'protest', protestDays: 91 })])],
    ['no agency check digit', () => build([boleto()], { agencyDigit: undefined })],
    ['no código do beneficiário', () => build([boleto()], { beneficiaryCode: undefined })],
    ['a 7-digit code not above 1100000', () => build([boleto()], { beneficiaryCode: '1100000' })],
    ['an 8-digit code', () => build([boleto()], { beneficiaryCode: '12345678' })],
  ];
  refusalCases(cases);
});
