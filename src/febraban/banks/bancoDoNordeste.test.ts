import { describe, expect, it } from 'vitest';
import { bnbNossoNumeroDv } from './bancoDoNordeste.ts';
import { parseBoleto } from '../parseBoleto.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_nordeste_spec.rb
//          BNB = "Cobrança Eletrônica BNB — CNAB 400", July 2011, Nota 01 (kept in brcobranca as
//                docs/BNB/Novo Manual Leiaute CNAB400 v2 0.pdf)
const brc = { bankCode: '004', agency: '0016', account: '0001193', accountDigit: '2', carteira: '21' };

describe('Banco do Nordeste (004)', () => {
  it.each([
    // [source, account, sequence, dueDate, cents, free field, barcode, linha]
    [
      'BRC "Montar código de barras" 1',
      brc,
      53,
      '2009-10-21',
      100000,
      '0016000119320000053121000',
      '00491439700001000000016000119320000053121000',
      '00490.01605 00119.320000 00531.210003 1 43970000100000',
    ],
    [
      'BRC "Montar código de barras" 2',
      brc,
      2720,
      '2012-09-08',
      5400,
      '0016000119320002720021000',
      '00497545000000054000016000119320002720021000',
      '00490.01605 00119.320000 27200.210006 7 54500000005400',
    ],
    [
      'BRC "Montar código de barras" 3',
      { ...brc, agency: '0259', account: '0008549', accountDigit: '3' },
      1,
      '2017-01-17',
      101,
      '0259000854930000001921000',
      '00492704200000001010259000854930000001921000',
      '00490.25901 00854.930005 00019.210004 2 70420000000101',
    ],
    [
      'BRC "Montar código de barras" 4',
      { ...brc, agency: '0275', account: '0000253', accountDigit: '5' },
      5,
      '2016-07-28',
      280775,
      '0275000025350000005121000',
      '00491686900002807750275000025350000005121000',
      '00490.27501 00025.350000 00051.210003 1 68690000280775',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, freeField, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.freeField).toBe(freeField);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(parseBoleto(out.linhaDigitavel, { today: dueDate })).toMatchObject({ bankCode: '004', barcode, amountCents: cents, dueDate });
  });

  it('nosso número DV — BNB Nota 01 example: 0000010 → sum 3 → 8', () => {
    expect(bnbNossoNumeroDv('0000010')).toBe(8);
  });

  it('nosso número DV — BRC "Montar nosso_numero_dv"', () => {
    for (const [nn, dv] of [
      ['9061138', 1],
      ['0000010', 8],
      ['0020572', 9],
      ['1961005', 0],
      ['0000053', 1],
    ] as const)
      expect(bnbNossoNumeroDv(nn), nn).toBe(dv);
    expect(gen(brc, 20572, '2009-10-21', 100).nossoNumero).toBe('0020572-9');
  });

  it('refuses values that do not fit, never truncating', () => {
    expect(() =>
      validateCollectionAccount({ ...brc, agency: '00160', account: '00011930', accountDigit: undefined, carteira: '31' }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'account', issue: 'max_7_digits' },
          { field: 'accountDigit', issue: 'required' },
          { field: 'carteira', issue: 'must_be_21_41_or_51' },
        ],
      }),
    );
    expect(() => gen(brc, 10_000_000, '2009-10-21', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
