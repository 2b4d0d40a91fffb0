import { describe, expect, it } from 'vitest';
import { parseBoleto } from '../parseBoleto.ts';
import { ailosDigit } from './ailos.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/ailos_spec.rb
//          AIL = Ailos' own test boleto, kept in brcobranca as docs/AILOS/boleto teste.pdf (cooperativa
//                0101-5, código 244140-3, nosso número 02441403000000071, carteira 01, R$ 100,00 due 2018-07-03)
const brc = { bankCode: '085', agency: '0101', account: '1111111', convenio: '000000', carteira: '1' };

describe('Ailos (085)', () => {
  it.each([
    // [source, account, sequence, dueDate, cents, free field, barcode, linha]
    [
      'AIL the test boleto (convênio 101002, account 244140-3, sequence 71)',
      { ...brc, convenio: '101002', account: '244140' },
      71,
      '2018-07-03',
      10000,
      '1010020244140300000007101',
      '08593757400000100001010020244140300000007101',
      '08591.01008 20244.140305 00000.071019 3 75740000010000',
    ],
    [
      'BRC "Montar código de barras" 1',
      brc,
      1,
      '2015-05-25',
      100,
      '0000001111111900000000101',
      '08593643900000001000000001111111900000000101',
      '08590.00002 01111.111900 00000.001016 3 64390000000100',
    ],
    [
      'BRC "Montar código de barras" 2 (convênio 234, account 356156)',
      { ...brc, convenio: '234', account: '356156' },
      1,
      '2015-05-25',
      100,
      '0002340356156900000000101',
      '08593643900000001000002340356156900000000101',
      '08590.00234 40356.156907 00000.001016 3 64390000000100',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, freeField, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.freeField).toBe(freeField);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(parseBoleto(out.linhaDigitavel, { today: dueDate })).toMatchObject({
      bankCode: '085',
      bankName: 'Ailos',
      barcode,
      amountCents: cents,
      dueDate,
    });
  });

  it('nosso número = account + its digit + sequence — AIL 02441403000000071, BRC "Montar nosso_numero_boleto"', () => {
    expect(gen({ ...brc, convenio: '101002', account: '244140' }, 71, '2018-07-03', 10000).nossoNumero).toBe('02441403000000071');
    expect(gen({ ...brc, account: '0357157' }, 1, '2015-05-25', 100).nossoNumero).toBe('03571572000000001');
  });

  it('agency and account digits are computed and checked — BRC "Montar agencia_conta_boleto"', () => {
    // 0101-5 / 1111111-9, 0719-6, 0548-7 / 0001448-6
    expect([ailosDigit('0101'), ailosDigit('0719'), ailosDigit('0548')]).toEqual(['5', '6', '7']);
    expect([ailosDigit('1111111'), ailosDigit('0001448'), ailosDigit('0356156')]).toEqual(['9', '6', '9']);
    expect(() => validateCollectionAccount({ ...brc, agencyDigit: '5', accountDigit: '9' })).not.toThrow();
    expect(() => validateCollectionAccount({ ...brc, agencyDigit: '4', accountDigit: '8' })).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agencyDigit', issue: 'does_not_match_agency_account' },
          { field: 'accountDigit', issue: 'does_not_match_agency_account' },
        ],
      }),
    );
  });

  it('refuses values that do not fit, never truncating (BRC: agency 00001, convênio 1234567, carteira 112 are invalid)', () => {
    expect(() =>
      validateCollectionAccount({ ...brc, agency: '00001', account: '11111111', convenio: '1234567', carteira: '112' }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'account', issue: 'max_7_digits' },
          { field: 'convenio', issue: 'max_6_digits' },
          { field: 'carteira', issue: 'must_be_1' },
        ],
      }),
    );
    expect(() => gen(brc, 1_000_000_000, '2015-05-25', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
