import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.ts';
import { MOVEMENT_KINDS } from './movements.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa240 } from './remessa240.ts';
import { readRemessa240 } from './remessa240-reader.ts';
import { SICOOB_240, SICOOB_240_MOVEMENTS, sicoobLayout } from './remessa240-sicoob.ts';
import {
  at,
  codesOf,
  expectRecords240,
  movementInSegments240,
  NITEROI,
  offeredOf,
  refusalCases,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  splitRecords,
} from './remessa-test-fixtures.ts';

// Cooperativa 4327-3 (the sheet's Contracapa example), código do cliente 229385 (brcobranca's
// sicoob_spec.rb "Montar nosso numero dv": sequences 1 and 2 have DVs 7 and 4).
const SICOOB: SampleBank = {
  bankCode: '756',
  bankName: 'Sicoob',
  fileSequence: 42,
  beneficiary: { agency: '4327', agencyDigit: '3', account: '12345', accountDigit: '6', beneficiaryCode: '229385', carteira: '1' },
};

const input = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  sampleInput(SICOOB, boletos, beneficiary);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: '00000017', documentNumber: 'FAT-2026-001', payer: { ...NITEROI } }, over);

const build = (boletos: RemessaBoleto[], beneficiary: Partial<RemessaInput['beneficiary']> = {}) =>
  splitRecords(buildRemessa240(input(boletos, beneficiary), SICOOB_240));

describe('Sicoob CNAB 240: the positions that differ from FEBRABAN (Leiaute Sicoob Sistemas de Terceiro 22/08/2017, 081/040)', () => {
  const lines = build([
    boleto({
      interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
    }),
    boleto({ nossoNumero: '00000024' }),
  ]);

  it('every line has 240 characters, bank 756', () => {
    expectRecords240(lines, 10, '756');
  });

  it('file header: convênio blank, cooperativa and conta with DVs, 72 zero, SICOOB, 081', () => {
    const h = lines[0];
    expect(at(h, 33, 52)).toBe(' '.repeat(20)); // 07.0
    expect(at(h, 53, 72)).toBe('043273000000012345' + '60'); // 08.0-12.0
    expect(at(h, 103, 132)).toBe('SICOOB'.padEnd(30)); // 14.0
    expect(at(h, 164, 171)).toBe('08100000'); // 20.0, 21.0
    expect(at(h, 172, 240)).toBe(' '.repeat(69));
  });

  it('batch header: 040, convênio blank, cooperativa and conta', () => {
    const b = lines[1];
    expect(at(b, 12, 17)).toBe('  040 ');
    expect(at(b, 34, 53)).toBe(' '.repeat(20)); // 11.1
    expect(at(b, 54, 73)).toBe('043273000000012345' + '6 '); // 12.1-16.1
  });

  it('segment P: nosso número = NumTitulo 10 + parcela 01 + modalidade + formulário 4 + 5 blanks, carteira, 0, blank, juros on the due date, baixa 0', () => {
    const p = lines[2];
    expect(at(p, 18, 37)).toBe('043273000000012345' + '6 ');
    expect(at(p, 38, 47)).toBe('0000000017'); // NumTitulo: number + DV
    expect(at(p, 48, 52)).toBe('01014'); // parcela 01, modalidade 01, A4 sem envelopamento
    expect(at(p, 53, 57)).toBe('     ');
    expect(at(p, 58, 62)).toBe('10 22'); // 14.3P carteira 1, 15.3P "0", 16.3P blank, beneficiary emits and distributes
    expect(at(p, 118, 141)).toBe('210042026000000000000100'); // 27.3P-29.3P: taxa mensal from the due date
    expect(at(p, 221, 229)).toBe('3000   09'); // 36.3P-40.3P
    expect(at(lines[5], 118, 141)).toBe('0' + '0'.repeat(23)); // '0' = Isento
  });

  it('segment R: multa dated on the due date (15.3R)', () => {
    expect(at(lines[4], 66, 89)).toBe('210042026000000000000200');
  });

  it('trailers keep the FEBRABAN counts and totals', () => {
    expect(at(lines[8], 18, 46)).toBe('000008000002' + '00000000000246912');
    expect(at(lines[9], 18, 35)).toBe('000001000010000000');
  });

  it('the modalidade comes from the account (variation)', () => {
    expect(at(build([boleto()], { variation: '05' })[2], 48, 52)).toBe('01054');
  });
});

describe('Sicoob movements (sheet 07.3P)', () => {
  it('offers 01, 02, 06, 09, 10, 11', () => {
    expect(codesOf(SICOOB_240_MOVEMENTS)).toEqual({
      entry: '01',
      write_off: '02',
      due_date_change: '06',
      protest: '09',
      protest_stop_write_off: '10',
      protest_stop_keep: '11',
    });
  });

  movementInSegments240(SICOOB_240_MOVEMENTS, (movement) => build([boleto({ movement, protestDays: 5 })]));

  it.each(MOVEMENT_KINDS.filter((k) => SICOOB_240_MOVEMENTS[k] === undefined))('%s is refused, not sent as another code', (kind) => {
    expect(() => build([boleto({ movement: kind, protestDays: 5 })])).toThrow(DomainError);
  });
});

describe('Sicoob round trip through readRemessa240', () => {
  it('reads back the account, every movement and the values', () => {
    const all = offeredOf(SICOOB_240_MOVEMENTS).map((movement) =>
      boleto({
        movement,
        protestDays: movement === 'protest' ? 15 : undefined,
        discount: { kind: 'fixed', untilDate: '2026-04-05', value: 300 },
        interest: { kind: 'daily_amount', fromDate: '2026-04-10', value: 41 },
        fine: { kind: 'fixed', fromDate: '2026-04-10', value: 999 },
      }),
    );
    const read = readRemessa240(buildRemessa240(input(all), SICOOB_240), SICOOB_240);
    expect(read.beneficiary).toMatchObject({ agency: '4327', agencyDigit: '3', account: '12345', accountDigit: '6' });
    expect(read.boletos.map((b) => [b.movement, b.nossoNumero, b.protestDays])).toEqual(
      all.map((b) => [b.movement, '00000017', b.protestDays]),
    );
    expect(read.boletos[0]).toMatchObject({ discount: all[0].discount, interest: all[0].interest, fine: all[0].fine });
    const plain = readRemessa240(buildRemessa240(input([boleto()]), SICOOB_240), SICOOB_240).boletos[0];
    expect(plain.interest).toBeUndefined(); // '0' = Isento reads as no interest
    expect(read.batchTrailer).toEqual({ recordCount: all.length * 3 + 2, simpleCount: all.length, simpleTotal: 123456 * all.length });
  });

  it('the registry layout writes the same file', () => {
    expect(sicoobLayout.build(input([boleto()]))).toBe(buildRemessa240(input([boleto()]), SICOOB_240));
    expect(sicoobLayout).toMatchObject({ id: 'cnab240_sicoob', banks: ['756'], recordLength: 240 });
  });
});

describe('Sicoob refuses what it cannot send', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a nosso número whose DV does not match', () => build([boleto({ nossoNumero: '00000018' })])],
    ['a nosso número without its DV', () => build([boleto({ nossoNumero: '0000001' })])],
    ['no cooperativa DV', () => build([boleto()], { agencyDigit: undefined })],
    ['no conta corrente', () => build([boleto()], { account: '0' })],
    ['no conta DV', () => build([boleto()], { accountDigit: undefined })],
    ['a modalidade of 1 digit', () => build([boleto()], { variation: '1' })],
    ['a carteira of 2 digits', () => build([boleto()], { carteira: '11' })],
    ['a seu número over 15 characters', () => build([boleto({ documentNumber: 'FAT-2026-0000001' })])],
  ];
  refusalCases(cases);
});
