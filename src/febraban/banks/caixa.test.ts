import { describe, expect, it } from 'vitest';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/caixa_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/CaixaTest.php
//          ST  = caelum/caelum-stella@54ce3f90 stella-boleto/src/test/java/br/com/caelum/stella/boleto/bancos/CaixaTest.java
//          ST24 = same repo, .../bancos/CaixaCarteira24Test.java
describe('Caixa (104, SIGCB)', () => {
  it.each([
    [
      'ST testCodigoDeBarraDoBancoCaixaComCarteiraSICGB',
      'SR',
      '290274',
      900000000000132,
      '2012-09-04',
      8000,
      '10499544600000080002902745900200040000001322',
      '10492.90271 45900.200044 00000.013227 9 54460000008000',
      '24900000000000132-3',
    ],
    [
      'ST24 testCodigoDeBarraDoBancoCaixaComCarteiraSIGCBSimples',
      'SR',
      '503662',
      6,
      '2014-07-10',
      123,
      '10498612000000001235036623000200040000000060',
      '10495.03665 23000.200040 00000.000604 8 61200000000123',
      '24000000000000006-3',
    ],
    [
      'OB testInstantiateShouldWork',
      'SR',
      '433756',
      5000000061,
      '2014-03-18',
      81094,
      null,
      '10494.33756 65000.200546 00000.006106 8 60060000081094',
      '24000005000000061-2',
    ],
    [
      'OB testInstantiatingShouldWorkWithSevenDigitBeneficiary',
      'RG',
      '1242119',
      157460299,
      '2024-11-04',
      2000,
      null,
      '10491.24215 19000.100040 15746.029915 1 98900000002000',
      '14000000157460299-6',
    ],
  ] as const)('%s', (_source, carteira, beneficiaryCode, sequence, dueDate, cents, barcode, linha, nossoNumero) => {
    const out = gen({ bankCode: '104', agency: '0001', account: '', carteira, beneficiaryCode }, sequence, dueDate, cents);
    if (barcode) expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(out.nossoNumero).toBe(nossoNumero);
  });

  it('BRC "Gerar o código de barras" / "Montar nosso_numero_boleto": free field and nosso número', () => {
    const out = gen(
      { bankCode: '104', agency: '1825', account: '0000528', carteira: 'RG', beneficiaryCode: '245274' },
      1,
      '2030-01-01',
      1000,
    );
    expect(out.freeField).toBe('2452740000100040000000017');
    expect(out.nossoNumero).toBe('14000000000000001-4');
  });

  it('7-digit beneficiary codes from 1000000 to 1100000 do not exist (OB testInstantiatingShouldFailWithOutOfRangeBeneficiary)', () => {
    expect(() =>
      validateCollectionAccount({ bankCode: '104', agency: '', account: '', carteira: 'RG', beneficiaryCode: '1100000' }),
    ).toThrowError(expect.objectContaining({ details: [{ field: 'beneficiaryCode', issue: 'seven_digit_code_must_exceed_1100000' }] }));
    expect(() =>
      validateCollectionAccount({ bankCode: '104', agency: '', account: '', carteira: 'XX', beneficiaryCode: '1' }),
    ).toThrowError(expect.objectContaining({ details: [{ field: 'carteira', issue: 'must_be_RG_or_SR' }] }));
  });
});
