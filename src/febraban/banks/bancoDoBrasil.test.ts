import { describe, expect, it } from 'vitest';
import { bbMod11 } from './bancoDoBrasil.ts';
import { validateCollectionAccount } from './registry.ts';
import { gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_brasil_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/BancoDoBrasilTest.php
//          ST  = caelum/caelum-stella@54ce3f90 stella-boleto/src/test/java/br/com/caelum/stella/boleto/bancos/BancoDoBrasilTest.java
const brc = { bankCode: '001', agency: '4042', account: '61900', carteira: '18' };
const ob = { bankCode: '001', agency: '1545', account: '10403005', carteira: '18' };

describe('Banco do Brasil (001)', () => {
  it.each([
    // [source, account, sequence, dueDate, cents, barcode | null, linha, nossoNumero | null] (null = not published)
    [
      'BRC convênio 8, NN 9',
      { ...brc, convenio: '12387989' },
      777700168,
      '2008-02-01',
      13500,
      '00193376900000135000000001238798977770016818',
      '00190.00009 01238.798977 77700.168188 3 37690000013500',
      '12387989777700168',
    ],
    [
      'BRC convênio 8, NN 9 (short)',
      { ...brc, convenio: '12387989' },
      7700168,
      '2008-02-02',
      13500,
      '00193377000000135000000001238798900770016818',
      '00190.00009 01238.798902 07700.168185 3 37700000013500',
      '12387989007700168',
    ],
    [
      'BRC convênio 7',
      { ...brc, convenio: '1238798' },
      7777700168,
      '2008-02-03',
      13500,
      '00193377100000135000000001238798777770016818',
      '00190.00009 01238.798779 77700.168188 3 37710000013500',
      '12387987777700168',
    ],
    [
      'BRC convênio 7, 723.56',
      { ...brc, convenio: '1238798' },
      7777700168,
      '2008-02-03',
      72356,
      '00195377100000723560000001238798777770016818',
      '00190.00009 01238.798779 77700.168188 5 37710000072356',
      '12387987777700168',
    ],
    [
      'BRC convênio 7, 723.56 on 02-01',
      { ...brc, convenio: '1238798' },
      7777700168,
      '2008-02-01',
      72356,
      '00194376900000723560000001238798777770016818',
      '00190.00009 01238.798779 77700.168188 4 37690000072356',
      '12387987777700168',
    ],
    [
      'BRC convênio 6, NN 11',
      { ...brc, convenio: '123879' },
      1234,
      '2008-02-01',
      13500,
      '00192376900000135001238790123440420006190018',
      '00191.23876 90123.440423 00061.900189 2 37690000013500',
      null,
    ],
    [
      'BRC convênio 6, NN 17, carteira 16',
      { ...brc, convenio: '123879', carteira: '16', nossoNumero17: true },
      1234567899,
      '2008-02-01',
      13500,
      '00199376900000135001238790000000123456789921',
      '00191.23876 90000.000126 34567.899215 9 37690000013500',
      null,
    ],
    [
      'BRC convênio 6, NN 17, carteira 18',
      { ...brc, convenio: '123879', nossoNumero17: true },
      1234567899,
      '2008-02-01',
      13500,
      '00199376900000135001238790000000123456789921',
      '00191.23876 90000.000126 34567.899215 9 37690000013500',
      null,
    ],
    [
      'BRC convênio 4',
      { ...brc, convenio: '1238' },
      123456,
      '2008-02-01',
      13500,
      '00191376900000135001238012345640420006190018',
      '00191.23801 12345.640424 00061.900189 1 37690000013500',
      null,
    ],
    [
      'BRC convênio 7, carteira 17',
      { bankCode: '001', agency: '3174', account: '00011672', carteira: '17', convenio: '1474166' },
      328,
      '2016-07-05',
      224674,
      '00191684600002246740000001474166000000032817',
      '00190.00009 01474.166004 00000.328179 1 68460000224674',
      '14741660000000328',
    ],
    [
      'OB convênio 7',
      { ...ob, convenio: '1234567' },
      1,
      '2013-01-01',
      1050,
      null,
      '00190.00009 01234.567004 00000.001180 7 55650000001050',
      '12345670000000001',
    ],
    [
      'OB convênio 6',
      { ...ob, convenio: '123456' },
      1,
      '2013-01-01',
      1050,
      null,
      '00191.23454 60000.115455 10403.005183 1 55650000001050',
      '12345600001-7',
    ],
    [
      'OB convênio 4',
      { ...ob, convenio: '1234' },
      1,
      '2013-01-01',
      1050,
      null,
      '00191.23405 00000.115451 10403.005183 5 55650000001050',
      '12340000001-1',
    ],
    [
      'ST convênio 7',
      { bankCode: '001', agency: '1824', account: '76000', carteira: '18', convenio: '1207113' },
      9000206,
      '2008-05-02',
      4000,
      '00195386000000040000000001207113000900020618',
      '00190.00009 01207.113000 09000.206186 5 38600000004000',
      '12071130009000206',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, barcode, linha, nossoNumero) => {
    const out = gen(account, sequence, dueDate, cents);
    if (barcode) expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavelFormatted).toBe(linha);
    if (nossoNumero) expect(out.nossoNumero).toBe(nossoNumero); // null: the source publishes no nosso número
  });

  it('nosso número DV (mod 11, weights 9..2, 10 → X) — BRC "Montar nosso_numero_boleto" and the 8-digit convênio cases', () => {
    expect(bbMod11('12387989000004042')).toBe('4');
    expect(bbMod11('12387989000061900')).toBe('7');
    expect(bbMod11('12387989000000719')).toBe('2');
    expect(bbMod11('12387989777700168')).toBe('7');
    expect(bbMod11('14741660000000328')).toBe('4');
  });

  it('agency and account DVs use the same rule — BRC "Calcular agencia_dv" / "Montar agencia_conta_boleto"', () => {
    expect(bbMod11('4042')).toBe('8');
    expect(bbMod11('0719')).toBe('6');
    expect(bbMod11('85068014982')).toBe('9');
    expect(bbMod11('00001448')).toBe('6');
  });

  it('refuses what the layouts cannot hold', () => {
    expect(() => validateCollectionAccount({ ...brc, convenio: '12345' })).toThrowError(/Banco do Brasil/);
    expect(() => validateCollectionAccount({ ...brc, convenio: '123879', carteira: '17', nossoNumero17: true })).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        details: [{ field: 'carteira', issue: 'nosso_numero_17_needs_carteira_16_or_18' }],
      }),
    );
    expect(() => validateCollectionAccount({ ...brc, agency: '', convenio: '1234' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'agency', issue: 'required' }] }),
    );
    // Convênio 7 does not print agency/account in the barcode, so they may be absent.
    expect(() =>
      validateCollectionAccount({ bankCode: '001', agency: '', account: '', carteira: '17', convenio: '1234567' }),
    ).not.toThrow();
    expect(() => gen({ ...brc, convenio: '123879' }, 100_000, '2008-02-01', 1)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
