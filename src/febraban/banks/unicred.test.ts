import { describe, expect, it } from 'vitest';
import { parseBoleto } from '../parseBoleto.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';
import { unicredNossoNumeroDv } from './unicred.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/unicred_spec.rb
const brc = { bankCode: '136', agency: '1234', account: '12345', accountDigit: '7', carteira: '21' };

describe('Unicred (136)', () => {
  it('BRC "Montar código de barras": free field, linha, and back through the parser', () => {
    const out = gen(brc, 13871, '2012-01-24', 295295);
    expect(out.freeField).toBe('1234000012345700000138711');
    expect(out.linhaDigitavel).toBe(digitsOf('13691.23409 00012.345708 00001.387117 1 52220000295295'));
    expect(parseBoleto(out.linhaDigitavel, { today: '2012-01-24' })).toMatchObject({
      bankCode: '136',
      bankName: 'Unicred',
      barcode: out.barcode,
      amountCents: 295295,
      dueDate: '2012-01-24',
      freeField: '1234000012345700000138711',
    });
  });

  it('nosso número — BRC "Montar nosso_numero_boleto"', () => {
    expect(unicredNossoNumeroDv('0000013871')).toBe(1);
    expect(gen(brc, 13871, '2012-01-24', 100).nossoNumero).toBe('0000013871-1');
  });

  it('refuses values that do not fit, never truncating, and needs the account digit (it is in the barcode)', () => {
    expect(() =>
      validateCollectionAccount({ ...brc, agency: '12340', account: '1234567890', accountDigit: undefined, carteira: '1' }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'account', issue: 'max_9_digits' },
          { field: 'accountDigit', issue: 'required' },
          { field: 'carteira', issue: 'must_be_21' },
        ],
      }),
    );
  });
});
