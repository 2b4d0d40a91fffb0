import { describe, expect, it } from 'vitest';
import { mod10 } from '../checkDigits.ts';
import { itauNossoNumeroDac } from './itau.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/itau_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/ItauTest.php
//          ST  = caelum/caelum-stella@54ce3f90 stella-boleto/src/test/java/br/com/caelum/stella/boleto/bancos/ItauTest.java
describe('Itaú (341)', () => {
  it.each([
    [
      'BRC Gerar boleto #1 (175)',
      '0810',
      '53678',
      '175',
      12345678,
      '2009-08-14',
      0,
      '34191432900000000001751234567840810536789000',
      '34191.75124 34567.840813 05367.890000 1 43290000000000',
    ],
    [
      'BRC Gerar boleto #2 (175)',
      '0810',
      '53678',
      '175',
      258281,
      '2008-02-02',
      13500,
      '34191377000000135001750025828170810536789000',
      '34191.75009 25828.170818 05367.890000 1 37700000013500',
    ],
    // Not used: BRC "Gerar boleto #3" (carteira 168). Its spec passes carteira as the Integer 168 while the
    // exception list holds Strings, so brcobranca computed that DAC over agency/account too, contrary to
    // Itaú's rule for 168 (and to the OB/ST implementations of it).
    [
      'BRC Gerar boleto #7 (109, factor of the 2025 cycle)',
      '1248',
      '02124',
      '109',
      10152,
      '2029-05-20',
      675787,
      '34194254800006757871090001015271248021246000',
      '34191.09008 01015.271248 80212.460002 4 25480000675787',
    ],
    [
      'OB testInstantiateShouldWork (112)',
      '1724',
      '12345',
      '112',
      12345678,
      '2013-01-01',
      1050,
      null,
      '34191.12127 34567.881726 41234.580003 1 55650000001050',
    ],
    [
      'ST testCodigoDeBarraDoBancoItau (157)',
      '167',
      '45145',
      '157',
      21897666,
      '2013-04-01',
      268016,
      '34196565500002680161572189766660167451459000',
      '34191.57213 89766.660164 74514.590004 6 56550000268016',
    ],
    [
      'ST testLinhaDoBancoItau2 (174)',
      '8462',
      '05825',
      '174',
      15135,
      '2014-04-10',
      268016,
      null,
      '34191.74002 01513.568467 20582.590004 6 60290000268016',
    ],
  ] as const)('%s', (_source, agency, account, carteira, sequence, dueDate, cents, barcode, linha) => {
    const out = gen({ bankCode: '341', agency, account, carteira }, sequence, dueDate, cents);
    if (barcode) expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
  });

  it('nosso número as printed — OB "112/12345678-8", ST DV 6 for 157/21897666, BRC "Montar nosso_numero_boleto"', () => {
    expect(gen({ bankCode: '341', agency: '1724', account: '12345', carteira: '112' }, 12345678, null, 0).nossoNumero).toBe(
      '112/12345678-8',
    );
    expect(gen({ bankCode: '341', agency: '0167', account: '45145', carteira: '157' }, 21897666, null, 0).nossoNumero).toBe(
      '157/21897666-6',
    );
    expect(gen({ bankCode: '341', agency: '0607', account: '15255', carteira: '175' }, 12345678, null, 0).nossoNumero).toBe(
      '175/12345678-4',
    );
  });

  it('nosso número DAC — BRC "Montar nosso_numero_dv" (agency 0810, account 53678, carteira 175)', () => {
    const cases: [string, number][] = [
      ['00015448', 6],
      ['12345678', 4],
      ['00034230', 5],
      ['00258281', 7],
    ];
    for (const [nn, dac] of cases) expect(itauNossoNumeroDac('0810', '53678', '175', nn), nn).toBe(dac);
  });

  it('agency/account DAC — BRC "Montar agencia_conta_corrente_dv"', () => {
    expect(mod10('060715255')).toBe(0);
    expect(mod10('154785547')).toBe(6);
    expect(mod10('154710207')).toBe(7);
    expect(mod10('081153678')).toBe(8);
    expect(() =>
      validateCollectionAccount({ bankCode: '341', agency: '0607', account: '15255', accountDigit: '0', carteira: '109' }),
    ).not.toThrow();
    expect(() =>
      validateCollectionAccount({ bankCode: '341', agency: '0607', account: '15255', accountDigit: '1', carteira: '109' }),
    ).toThrowError(expect.objectContaining({ details: [{ field: 'accountDigit', issue: 'does_not_match_agency_account' }] }));
  });

  it('refuses the "seu número" carteiras, whose free field has another layout', () => {
    expect(() => validateCollectionAccount({ bankCode: '341', agency: '0607', account: '15255', carteira: '198' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'carteira', issue: 'carteira_layout_not_supported' }] }),
    );
  });
});
