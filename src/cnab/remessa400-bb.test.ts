// Banco do Brasil CNAB 400 CBR641 remittance against the manual (Layout de Arquivo Remessa CNAB400,
// convênios acima de 1.000.000, Versão Abril 2012) and against brcobranca's published remittance.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import { MOVEMENT_KINDS } from './movements.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { BB_400_MAX_TITLES, BB_400_MOVEMENTS, bb400Layout, buildRemessa400Bb, readRemessa400Bb } from './remessa400-bb.ts';
import { layoutsForBank, remittanceLayout } from './remittance-layouts.ts';
import {
  at,
  BB_SAMPLE,
  bbIssued,
  codesOf,
  expectFixtureOutside,
  type FixtureDifference,
  NITEROI,
  offeredOf,
  refusalCases,
  sampleBoleto,
  sampleInput,
  splitRecords,
} from './remessa-test-fixtures.ts';

/** The nosso número as the boleto module issues it for a convênio of 7 digits (convênio + 10 digits, no DV). */
const issued = (sequence: number, convenio = '2345678') => bbIssued(convenio, sequence);

type Beneficiary = RemessaInput['beneficiary'];

const input = (boletos: RemessaBoleto[], beneficiary: Partial<Beneficiary> = {}) => sampleInput(BB_SAMPLE, boletos, beneficiary);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: issued(1), documentNumber: 'FAT-001', payer: { ...NITEROI } }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<Beneficiary> = {}) =>
  splitRecords(buildRemessa400Bb(input(boletos, beneficiary)));

describe('BB CBR641: header, detail 7, multa 5 and trailer position by position', () => {
  const lines = build([
    boleto({
      interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
      discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
      instructions: ['NAO RECEBER APOS 30 DIAS'],
    }),
    boleto({ nossoNumero: issued(2) }),
  ]);

  it('400 characters a record, CR LF, numbered from 000001, no end-of-file mark', () => {
    const file = buildRemessa400Bb(input([boleto()]));
    expect(file.endsWith('\r\n')).toBe(true);
    expect(lines).toHaveLength(5); // header, 7 + 5, 7, trailer
    lines.forEach((l, i) => {
      expect(l).toHaveLength(400);
      expect(at(l, 395, 400)).toBe(String(i + 1).padStart(6, '0'));
    });
  });

  it('header: 01REMESSA01COBRANCA, agência/conta with DVs, 000000, name, 001BANCODOBRASIL, date, sequence, convênio líder', () => {
    const h = lines[0];
    expect(at(h, 1, 26)).toBe('01REMESSA01COBRANCA       '); // 01.0-06.0
    expect(at(h, 27, 46)).toBe('3064' + '3' + '12345678' + 'X' + '000000'); // 07.0-11.0
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30)); // 12.0
    expect(at(h, 77, 94)).toBe('001BANCODOBRASIL  '); // 13.0
    expect(at(h, 95, 100)).toBe('100326'); // 14.0
    expect(at(h, 101, 107)).toBe('0000042'); // 15.0
    expect(at(h, 108, 129)).toBe(' '.repeat(22)); // 16.0
    expect(at(h, 130, 136)).toBe('2345678'); // 17.0: the account's convênio leads
    expect(at(h, 137, 394)).toBe(' '.repeat(258)); // 18.0
  });

  it('detail 7: beneficiary, convênio, control, nosso número 17, variação, carteira 17, comando 01', () => {
    const d = lines[1];
    expect(at(d, 1, 17)).toBe('7' + '02' + '11222333000181'); // 01.7-03.7
    expect(at(d, 18, 38)).toBe('3064' + '3' + '12345678' + 'X' + '2345678'); // 04.7-08.7
    expect(at(d, 39, 63)).toBe('FAT-001'.padEnd(25)); // 09.7
    expect(at(d, 64, 80)).toBe('23456780000000001'); // 10.7
    expect(at(d, 81, 110)).toBe('0000' + '   ' + ' ' + '   ' + '019' + '0' + '000000' + '     ' + '17' + '01'); // 11.7-21.7
    expect(at(d, 111, 126)).toBe('FAT-001   ' + '100426'); // 22.7, 23.7
    expect(at(d, 127, 156)).toBe('0000000123456' + '001' + '0000' + ' ' + '01' + 'N' + '100326'); // 24.7-30.7
    expect(at(d, 157, 160)).toBe('0700'); // 31.7 "07 - Não protestar", 32.7
    expect(at(d, 161, 173)).toBe('0000000000041'); // 33.7
    expect(at(d, 174, 192)).toBe('050426' + '0000000000300'); // 34.7, 35.7
    expect(at(d, 193, 218)).toBe('0'.repeat(26)); // 36.7, 37.7
    expect(at(d, 219, 234)).toBe('01' + '00012345678909'); // 38.7, 39.7
    expect(at(d, 235, 274)).toBe('JOSE DA CONCEICAO'.padEnd(37) + '   '); // 40.7, 41.7
    expect(at(d, 275, 314)).toBe('RUA DAS ACACIAS, 100'.padEnd(40)); // 42.7
    expect(at(d, 315, 351)).toBe('CENTRO'.padEnd(12) + '24020000' + 'NITEROI'.padEnd(15) + 'RJ'); // 43.7-46.7
    expect(at(d, 352, 394)).toBe('NAO RECEBER APOS 30 DIAS'.padEnd(40) + '00' + ' '); // 47.7-49.7
  });

  it('multa 5 right after the entry: 99, code 2 (percentual), the start date, two decimals', () => {
    const m = lines[2];
    expect(at(m, 1, 22)).toBe('5' + '99' + '2' + '110426' + '000000000200');
    expect(at(m, 23, 394)).toBe(' '.repeat(372));
    expect(at(lines[3], 1, 1)).toBe('7'); // the second title has no fine
  });

  it('trailer: 9, blanks, the sequence', () => {
    expect(lines[4]).toBe('9' + ' '.repeat(393) + '000005');
  });

  it('a monthly rate goes as the amount per day (amount × rate / 30, half up)', () => {
    const d = build([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 } })])[1];
    expect(at(d, 161, 173)).toBe('0000000000041'); // 1234.56 × 1 % / 30 = 0.41152 → 0.41
  });

  it('a fixed fine is code 1 with the amount', () => {
    const m = build([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-12', value: 1500 } })])[2];
    expect(at(m, 1, 22)).toBe('5' + '99' + '1' + '120426' + '000000001500');
  });
});

describe('BB CBR641 comandos (Nota 20)', () => {
  const offered = offeredOf(BB_400_MOVEMENTS);

  it('offers 01, 02, 04, 05, 06, 09, 10, 31, 32', () => {
    expect(codesOf(BB_400_MOVEMENTS)).toEqual({
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_keep: '10',
      discount_grant: '31',
      discount_cancel: '32',
    });
  });

  const extra = (kind: string): Partial<RemessaBoleto> => ({
    protestDays: kind === 'protest' ? 10 : undefined,
    rebateCents: kind === 'rebate_grant' || kind === 'rebate_cancel' ? 500 : undefined,
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
    fine: { kind: 'fixed', fromDate: '2026-04-11', value: 999 },
  });

  it.each(offered.map((k) => [k, BB_400_MOVEMENTS[k]!.code] as const))('%s is written as comando %s', (kind, code) => {
    const lines = build([boleto({ movement: kind, ...extra(kind) })]);
    expect(at(lines[1], 109, 110)).toBe(code);
    // Nota 14: the multa record goes with comando 01 only.
    expect(lines).toHaveLength(kind === 'entry' ? 4 : 3);
  });

  it('instruction codes by comando (Nota 09): 01 → 07, 02 → 44 baixar, 09 → the days, others 00', () => {
    const code = (kind: (typeof offered)[number]) => at(build([boleto({ movement: kind, ...extra(kind) })])[1], 157, 160);
    expect(code('entry')).toBe('0700');
    expect(code('write_off')).toBe('4400');
    expect(code('protest')).toBe('1000');
    expect(code('due_date_change')).toBe('0000');
  });

  it('discount only with 01 and 31, zeros with 32; abatimento with 04 and 05; the new due date with 06', () => {
    const d = (kind: (typeof offered)[number]) => build([boleto({ movement: kind, ...extra(kind), dueDate: '2026-05-10' })])[1];
    expect(at(d('discount_grant'), 174, 192)).toBe('050426' + '0000000000300');
    expect(at(d('discount_cancel'), 174, 192)).toBe('0'.repeat(19));
    expect(at(d('due_date_change'), 174, 192)).toBe('0'.repeat(19));
    expect(at(d('rebate_grant'), 206, 218)).toBe('0000000000500');
    expect(at(d('write_off'), 206, 218)).toBe('0'.repeat(13));
    expect(at(d('due_date_change'), 121, 126)).toBe('100526');
  });

  it.each([6, 29, 30, 35, 40, 45])('protest after %i calendar days is instruction %i', (days) => {
    expect(at(build([boleto({ movement: 'protest', protestDays: days })])[1], 157, 158)).toBe(String(days).padStart(2, '0'));
  });

  it.each(MOVEMENT_KINDS.filter((k) => BB_400_MOVEMENTS[k] === undefined))('%s is refused, not sent as another code', (kind) => {
    expect(kind).toMatch(/^(protest_stop_write_off|amount_change|negativation|negativation_stop)$/);
    expect(() => build([boleto({ movement: kind, protestDays: 10 })])).toThrow(DomainError);
  });
});

describe('BB CBR641 against brcobranca', () => {
  // kivanio/brcobranca@325e0eae spec/fixtures/remessa/remessa-banco-brasil-cnab400.rem, written by
  // lib/brcobranca/remessa/cnab400/banco_brasil.rb for spec/brcobranca/remessa/cnab400/banco_brasil_spec.rb.
  const FIXTURE = [
    '01REMESSA01COBRANCA       12343000012343000000SOCIEDADE BRASILEIRA DE ZOOLOG001BANCODOBRASIL  1407150000001                      7654321                                                                                                                                                                                                                                                                  000001',
    '70100012345678910123430000123431234567                         123456700000001230000       123000000004DSC1201000000000014071500000000199900010000 01N140715000000000000000000000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA J   RUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS12345678SANTA RITA DE CSP                                        00 000002',
    '9                                                                                                                                                                                                                                                                                                                                                                                                         000003',
  ];

  // The spec's inputs (Timecop 2015-07-14; agência 1234-3 and conta 1234-3, the DVs brcobranca computes;
  // convênio 1234567, variação 123, remessa 1, nosso número 123; the spec has no seu número and writes ten
  // zeros, given here as the text '0000000000'), with carteira 17 (the spec's 12 is unidade variável).
  const file = buildRemessa400Bb({
    bankCode: '001',
    bankName: 'BANCO DO BRASIL',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'),
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cpf',
      document: '12345678910',
      agency: '1234',
      agencyDigit: '3',
      account: '1234',
      accountDigit: '3',
      convenio: '1234567',
      carteira: '17',
      variation: '123',
    },
    boletos: [
      {
        nossoNumero: '12345670000000123',
        documentNumber: '0000000000',
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
  });
  const lines = splitRecords(file);

  /** Positions where brcobranca's spec or code chooses otherwise, each explained; the rest is compared byte for byte. */
  const DIFFERENCES: FixtureDifference[] = [
    [0, 130, 136, '7654321', '1234567'], // 17.0 the spec's convenio_lider; Cobre: the account's convênio leads (as laravel-boleto's default)
    [1, 39, 63, ' '.repeat(25), '0000000000' + ' '.repeat(15)], // 09.7 brcobranca blanks; Cobre the seu número (Nota 23, returned)
    [1, 102, 106, '04DSC', '     '], // 19.7 the spec asks for modalidade descontada; Cobre registers cobrança simples (blanks, Nota 24)
    [1, 107, 108, '12', '17'], // 20.7 carteira: Cobre refuses 12 (unidade variável)
    [1, 157, 158, '00', '07'], // 31.7 brcobranca "00 - Ausência de instruções"; Cobre "07 - Não protestar" on entries
  ];

  it('equals the fixture byte for byte outside the listed positions', () => {
    expectFixtureOutside(lines, FIXTURE, DIFFERENCES);
  });
});

describe('BB CBR641 round trip through readRemessa400Bb', () => {
  it('reads back the beneficiary, every comando and the values', () => {
    const all = offeredOf(BB_400_MOVEMENTS).map((movement, i) =>
      boleto({
        movement,
        nossoNumero: issued(i + 1),
        protestDays: movement === 'protest' ? 45 : undefined,
        rebateCents: movement === 'rebate_grant' || movement === 'rebate_cancel' ? 500 : undefined,
        discount:
          movement === 'entry' || movement === 'discount_grant' ? { kind: 'fixed', untilDate: '2026-04-05', value: 300 } : undefined,
        interest: movement === 'entry' ? { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 } : undefined,
        fine: movement === 'entry' ? { kind: 'percent', fromDate: '2026-04-11', value: 200 } : undefined,
        instructions: movement === 'entry' ? ['PAGAVEL EM QUALQUER BANCO'] : undefined,
      }),
    );
    const read = readRemessa400Bb(buildRemessa400Bb(input(all)));
    expect(read).toMatchObject({ bankCode: '001', generationDate: '2026-03-10', fileSequence: 42, recordCount: all.length + 3 });
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '3064',
      account: '12345678',
      accountDigit: 'X',
      carteira: '17',
      documentKind: 'cnpj',
      document: '11222333000181',
      beneficiaryCode: '2345678',
    });
    expect(read.titles.map((t) => [t.movement, t.nossoNumero, t.protestDays, t.rebateCents])).toEqual(
      all.map((b) => [b.movement, b.nossoNumero, b.protestDays, b.rebateCents]),
    );
    expect(read.titles[0]).toMatchObject({
      documentNumber: 'FAT-001',
      dueDate: '2026-04-10',
      issueDate: '2026-03-10',
      amountCents: 123456,
      discount: all[0].discount,
      interest: all[0].interest,
      fine: all[0].fine,
      instructions: all[0].instructions,
      payer: {
        name: 'JOSE DA CONCEICAO',
        document: '12345678909',
        district: 'CENTRO',
        city: 'NITEROI',
        state: 'RJ',
        postalCode: '24020000',
      },
    });
    expect(read.titles.find((t) => t.movement === 'discount_grant')?.discount).toEqual(all[0].discount);
  });

  it('refuses a multa record after an instruction and an unknown comando', () => {
    const lines = build([boleto(), boleto({ movement: 'write_off' })]);
    const swapped = [lines[0], lines[3].slice(0, 394) + '000002', lines[2].slice(0, 394) + '000003', lines[4]];
    expect(() => readRemessa400Bb(swapped.join('\r\n'))).toThrow(DomainError);
    const unknown = [lines[0], lines[1].slice(0, 108) + '47' + lines[1].slice(110), lines[2], lines[3], lines[4]];
    expect(() => readRemessa400Bb(unknown.join('\r\n'))).toThrow(DomainError);
  });
});

describe('BB CBR641 refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['another bank', () => buildRemessa400Bb({ ...input([boleto()]), bankCode: '237' })],
    ['no boletos', () => build([])],
    ['a convênio of 6 digits', () => build([boleto()], { convenio: '234567' })],
    ['no convênio', () => build([boleto()], { convenio: undefined })],
    ['carteira 11 (numbered by the bank)', () => build([boleto()], { carteira: '11' })],
    ['carteira 12 (unidade variável)', () => build([boleto()], { carteira: '12' })],
    ['no variação', () => build([boleto()], { variation: undefined })],
    ['no agência DV', () => build([boleto()], { agencyDigit: undefined })],
    ['a conta DV of two characters', () => build([boleto()], { accountDigit: '10' })],
    ['an agência of 5 digits', () => build([boleto()], { agency: '30641' })],
    ['a conta of 9 digits', () => build([boleto()], { account: '123456789' })],
    ['a nosso número of another convênio', () => build([boleto({ nossoNumero: issued(1, '2345679') })])],
    ['a nosso número of 11 digits and DV', () => build([boleto({ nossoNumero: '123456001234' })])],
    ['interest from a later date', () => build([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-15', value: 10 } })])],
    ['a percent discount', () => build([boleto({ discount: { kind: 'percent', untilDate: '2026-04-05', value: 100 } })])],
    ['comando 31 without a discount', () => build([boleto({ movement: 'discount_grant' })])],
    ['comando 04 without the abatimento', () => build([boleto({ movement: 'rebate_grant' })])],
    ['protest after 5 days (dias úteis)', () => build([boleto({ movement: 'protest', protestDays: 5 })])],
    ['protest after 31 days', () => build([boleto({ movement: 'protest', protestDays: 31 })])],
    ['protest without days', () => build([boleto({ movement: 'protest' })])],
    ['two message lines', () => build([boleto({ instructions: ['A', 'B'] })])],
    ['a seu número over 10 characters', () => build([boleto({ documentNumber: 'FAT-2026-0001' })])],
    ['a payer name over 37 characters', () => build([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(38) } })])],
    ['a bairro over 12 characters', () => build([boleto({ payer: { ...boleto().payer, district: 'Jardim América' } })])],
    ['a date before 2000', () => build([boleto({ issueDate: '1999-12-31' })])],
  ];
  refusalCases(cases);
});

describe('BB CBR641 registry entry', () => {
  it('is offered to bank 001 with the lengths the layout holds', () => {
    expect(remittanceLayout('cnab400_bb_cbr641')).toBe(bb400Layout);
    expect(layoutsForBank('001').map((l) => l.id)).toContain('cnab400_bb_cbr641');
    expect(layoutsForBank('237').map((l) => l.id)).not.toContain('cnab400_bb_cbr641');
    expect(bb400Layout).toMatchObject({
      recordLength: 400,
      maxTitles: BB_400_MAX_TITLES,
      textLengths: { documentNumber: 10, payerName: 37, payerDistrict: 12 },
    });
    expect(bb400Layout.build(input([boleto()]))).toBe(buildRemessa400Bb(input([boleto()])));
  });
});
