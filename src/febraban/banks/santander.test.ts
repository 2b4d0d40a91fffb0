import { describe, expect, it } from 'vitest';
import { mod11ZeroOnHigh } from '../checkDigits.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/santander_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/SantanderTest.php
//          ST  = caelum/caelum-stella@54ce3f90 stella-boleto/src/test/java/br/com/caelum/stella/boleto/bancos/SantanderTest.java
describe('Santander (033)', () => {
  it.each([
    [
      'BRC Gerar boleto #1',
      { convenio: '1899775', agency: '0059' },
      9000026,
      '2011-10-09',
      2500,
      '03399511500000025009189977500000900002690102',
      '03399.18997 77500.000904 00026.901025 9 51150000002500',
      null,
    ],
    [
      'BRC Gerar boleto #2',
      { convenio: '1899775', agency: '0059' },
      9000272,
      '2012-09-08',
      5400,
      '03393545000000054009189977500000900027250102',
      '03399.18997 77500.000904 00272.501024 3 54500000005400',
      null,
    ],
    [
      'OB testInstantiateShouldWork',
      { convenio: '1234567', agency: '1234' },
      12345678901,
      '2013-01-01',
      2300,
      null,
      '03399.12347 56701.234561 78901.001020 2 55650000002300',
      '012345678901-0',
    ],
    [
      'ST testCodigoDeBarraDoBancoSantander',
      { convenio: '5260965', agency: '6790' },
      105613749501,
      '2013-05-08',
      21950,
      '03392569200000219509526096510561374950140102',
      null,
      '105613749501-4',
    ],
    [
      'ST testUtilizarNumeroConvenio',
      { convenio: '3903125', agency: '' },
      382713000472,
      '2013-05-08',
      21950,
      '03391569200000219509390312538271300047220102',
      null,
      '382713000472-2',
    ],
  ] as const)('%s', (_source, extra, sequence, dueDate, cents, barcode, linha, nossoNumero) => {
    const out = gen({ bankCode: '033', account: '', carteira: '102', ...extra }, sequence, dueDate, cents);
    if (barcode) expect(out.barcode).toBe(barcode);
    if (linha) expect(out.linhaDigitavelFormatted).toBe(linha);
    if (nossoNumero) expect(out.nossoNumero).toBe(nossoNumero);
  });

  it('nosso número DV — ST testRetornarDigitoNossoNumero and BRC "Montar nosso_numero_dv"', () => {
    const cases: [string, number][] = [
      ['566612457800', 2],
      ['566612457801', 0],
      ['566612457802', 9],
      ['566612457803', 7],
      ['566612457804', 5],
      ['566612457810', 0],
      ['000000000001', 9],
      ['90002720', 7],
      ['1961005', 0],
    ];
    for (const [nn, dv] of cases) expect(mod11ZeroOnHigh(nn), nn).toBe(dv);
    expect(
      digitsOf(gen({ bankCode: '033', account: '', agency: '', carteira: '102', convenio: '1899775' }, 90002720, null, 0).nossoNumero),
    ).toBe('0000900027207');
  });

  it('needs the beneficiary code and a 3-digit carteira', () => {
    expect(() => validateCollectionAccount({ bankCode: '033', agency: '1', account: '', carteira: '12' })).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'convenio', issue: 'required' },
          { field: 'carteira', issue: 'must_be_3_digits' },
        ],
      }),
    );
  });
});
