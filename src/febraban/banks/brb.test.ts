import { describe, expect, it } from 'vitest';
import { parseBoleto } from '../parseBoleto.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_brasilia_spec.rb
//          BRB = "BRB Cobrança – Manual e Leiautes", Maio/2017 (versão 077), kept in brcobranca as
//                docs/BRB/BRB Cobrança  - Manual e Leiautes - Maio2017 (versão 077).xls
const brc = { bankCode: '070', agency: '082', account: '0000528', carteira: '2' };

describe('BRB (070)', () => {
  it.each([
    // [source, account, sequence (incremento + sequencial), dueDate, cents, free field, barcode, linha]
    [
      'BRC "Gerar código de barras" 1 (incremento 000)',
      brc,
      1,
      '2015-04-30',
      1000,
      '0000820000528200000107013',
      '07099641400000010000000820000528200000107013',
      '07090.00087 20000.528206 00001.070135 9 64140000001000',
    ],
    [
      'BRB "Exemplo da barra/linha" = BRC "Gerar código de barras" 2 (convênio 240 0044990, modalidade 1, incremento 002)',
      { ...brc, carteira: '1', agency: '240', account: '44990' },
      2_000_001,
      '2016-07-25',
      37277,
      '0022400044990100000107070',
      '07099686600000372770022400044990100000107070',
      '07090.02240 00044.990109 00001.070705 9 68660000037277',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, freeField, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.freeField).toBe(freeField);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(parseBoleto(out.linhaDigitavel, { today: dueDate })).toMatchObject({
      bankCode: '070',
      bankName: 'BRB',
      barcode,
      amountCents: cents,
      dueDate,
    });
  });

  it('BRB "Cálculo dos Dígitos do Nosso Número": chave 000 058 6002006 1 000001 070 → DD 45 (D1 4, D2 5)', () => {
    const out = gen({ bankCode: '070', agency: '058', account: '6002006', carteira: '1' }, 1, '2016-07-25', 100);
    expect(out.freeField).toBe('0000586002006100000107045');
    expect(out.nossoNumero).toBe('100000107045');
  });

  it('nosso número — BRC "Montar nosso_numero_boleto"', () => {
    expect(gen(brc, 1, '2015-04-30', 1000).nossoNumero).toBe('200000107013');
  });

  it('refuses values that do not fit, never truncating (BRC: agency 0080, account 12345678, carteira 24 are invalid)', () => {
    expect(() => validateCollectionAccount({ ...brc, agency: '0080', account: '12345678', carteira: '24' })).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_3_digits' },
          { field: 'account', issue: 'max_7_digits' },
          { field: 'carteira', issue: 'must_be_1_2_or_3' },
        ],
      }),
    );
    expect(() => gen(brc, 1_000_000_000, '2015-04-30', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
