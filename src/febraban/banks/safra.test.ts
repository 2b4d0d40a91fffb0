import { describe, expect, it } from 'vitest';
import { parseBoleto } from '../parseBoleto.ts';
import { validateCollectionAccount } from './registry.ts';
import { safraNossoNumeroDv } from './safra.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/safra_spec.rb
const brc = { bankCode: '422', agency: '4042', agencyDigit: '8', account: '61900', accountDigit: '7', carteira: '1' };

describe('Banco Safra (422)', () => {
  it.each([
    // [source, account, sequence, dueDate, cents, free field, barcode, linha]
    [
      'BRC "Gerar código de barras" 1 (due 2025-02-23: the second factor cycle)',
      { ...brc, agency: '0040', agencyDigit: '0', account: '00027824', accountDigit: '7' },
      26173001,
      '2025-02-23',
      18084,
      '7004000002782472617300112',
      '42296100100000180847004000002782472617300112',
      '42297.00408 00002.782472 26173.001129 6 10010000018084',
    ],
    [
      'BRC "Gerar código de barras" 2',
      { ...brc, agency: '1150', agencyDigit: '0', account: '00627672', accountDigit: '9' },
      50153004,
      '2016-03-30',
      554305,
      '7115000062767295015300452',
      '42291674900005543057115000062767295015300452',
      '42297.11504 00062.767298 50153.004523 1 67490000554305',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, freeField, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.freeField).toBe(freeField);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(parseBoleto(out.linhaDigitavel, { today: dueDate })).toMatchObject({ bankCode: '422', barcode, amountCents: cents, dueDate });
  });

  it('nosso número DV — BRC "Montar nosso_numero_boleto"', () => {
    expect(safraNossoNumeroDv('94550200')).toBe(1);
    expect(safraNossoNumeroDv('93199999')).toBe(5);
    expect(gen(brc, 26173001, '2016-03-30', 100).nossoNumero).toBe('26173001-1');
  });

  it('refuses values that do not fit, never truncating, and needs both digits (they are in the barcode)', () => {
    expect(() =>
      validateCollectionAccount({
        ...brc,
        agency: '40420',
        agencyDigit: undefined,
        account: '619000000',
        accountDigit: '77',
        carteira: '101',
      }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'agencyDigit', issue: 'required' },
          { field: 'account', issue: 'max_8_digits' },
          { field: 'accountDigit', issue: 'must_be_1_digit' },
          { field: 'carteira', issue: 'max_2_digits' },
        ],
      }),
    );
    expect(() => gen(brc, 100_000_000, '2016-03-30', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
