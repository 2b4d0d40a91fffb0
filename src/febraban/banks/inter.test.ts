import { describe, expect, it } from 'vitest';
import { digitMismatches, expectedDigits } from '../../boleto/accounts/check-digits.ts';
import { parseBoleto } from '../parseBoleto.ts';
import { interDigit, interNossoNumeroDv, parseInterFreeField } from './inter.ts';
import { SUPPORTED_BANKS, bankName, validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors (the `sequence` is the nosso número Inter assigned, without its DV):
//   BNC = BoletoNet/BoletoNetCore@41e74401 BoletoNetCore.Testes/Bancos/BancoInter/Carteiras/BancoInterCarteira110Tests.cs:
//         agency 0001-9, carteira 110, operação (CodigoTransmissao) 1234567; its barcodes, linhas and printed
//         nossos números; and two CNAB 400 return files of Inter (arquivoTeste, arquivoTeste1) whose detail
//         records carry nossos números with their DV (positions 71–81) and the account (positions 21–37).
//   RJ  = renatojdev/bancointer-python@521c37b5 tests/tests.py test_boleto: a response of Inter's sandbox
//         (carteira 112, operação 0510113, nosso número 00713491373, R$ 9,00). Its barcode carries the factor
//         8722 = 2021-08-24 (the request's dataEmissao), not the requested dataVencimento 2021-08-30: the
//         response was recorded for another request, so the test takes the barcode's own date.
const bnc = { bankCode: '077', agency: '0001', agencyDigit: '9', account: '026245793', carteira: '110', convenio: '1234567' };

describe('Banco Inter (077)', () => {
  it.each([
    // [source, account, nosso número, dueDate, cents, barcode, linha]
    [
      'BNC 458',
      bnc,
      458,
      '2016-10-01',
      27615,
      '07792693400000276150001110123456700000004586',
      '07790.00116 10123.456708 00000.045864 2 69340000027615',
    ],
    [
      'BNC 451',
      bnc,
      451,
      '2016-08-01',
      64734,
      '07791687300000647340001110123456700000004511',
      '07790.00116 10123.456708 00000.045112 1 68730000064734',
    ],
    [
      'BNC 452',
      bnc,
      452,
      '2016-10-02',
      29323,
      '07793693500000293230001110123456700000004529',
      '07790.00116 10123.456708 00000.045294 3 69350000029323',
    ],
    [
      'BNC 453',
      bnc,
      453,
      '2016-09-02',
      21712,
      '07792690500000217120001110123456700000004537',
      '07790.00116 10123.456708 00000.045377 2 69050000021712',
    ],
    [
      'BNC 457',
      bnc,
      457,
      '2016-09-01',
      13157,
      '07799690400000131570001110123456700000004578',
      '07790.00116 10123.456708 00000.045781 9 69040000013157',
    ],
    [
      'BNC 1',
      bnc,
      1,
      '2023-08-31',
      500,
      '07791945900000005000001110123456700000000014',
      '07790.00116 10123.456708 00000.000141 1 94590000000500',
    ],
    [
      'RJ sandbox boleto, carteira 112',
      { ...bnc, carteira: '112', convenio: '0510113' },
      71349137,
      '2021-08-24',
      900,
      '07798872200000009000001112051011300713491373',
      '07790001161205101130707134913735887220000000900',
    ],
  ] as const)('%s: barcode, linha, and back through the parser', (_source, account, sequence, dueDate, cents, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(parseBoleto(linha, { today: dueDate })).toMatchObject({
      bankCode: '077',
      bankName: 'Banco Inter',
      barcode,
      amountCents: cents,
      dueDate,
      freeField: out.freeField,
    });
    expect(parseInterFreeField(out.freeField)).toEqual({
      agency: '0001',
      carteira: account.carteira,
      operacao: account.convenio,
      nossoNumero: String(sequence).padStart(10, '0'),
      dv: barcode.slice(-1),
    });
  });

  it('printed nosso número — BNC "nosso_numero_formatado_valido"', () => {
    const printed = (nn: number) => gen(bnc, nn, '2023-08-31', 500).nossoNumero;
    expect([4309540, 1, 4309541, 4309542, 4309543].map(printed)).toEqual([
      '00019/110/0004309540-1',
      '00019/110/0000000001-4',
      '00019/110/0004309541-9',
      '00019/110/0004309542-7',
      '00019/110/0004309543-5',
    ]);
  });

  it('nosso número DV = the DV of numbers Inter assigned (BNC return files, RJ)', () => {
    // BNC arquivoTeste1: 30061000215; arquivoTeste: 30061000017, 30060999995, 30061000009 (carteira 110).
    expect(['3006100021', '3006100001', '3006099999', '3006100000'].map((n) => interNossoNumeroDv('110', n))).toEqual([5, 7, 5, 9]);
    expect(interNossoNumeroDv('112', '0071349137')).toBe(3);
  });

  it('a wrong nosso-número DV or linha digit is refused', () => {
    // RJ's free field with the DV 3 → 4; its linha with field 3's DV 5 → 6.
    expect(() => parseInterFreeField('0001112051011300713491374')).toThrowError(
      expect.objectContaining({ code: 'invalid_boleto', details: [{ field: 'code', issue: 'nosso_numero_check_digit' }] }),
    );
    expect(() => parseBoleto('07790001161205101130707134913736887220000000900', { today: '2021-08-24' })).toThrowError(
      expect.objectContaining({ code: 'invalid_boleto', details: [{ field: 'code', issue: 'field3_check_digit' }] }),
    );
  });

  it('agency and account digits are computed and checked — 0001-9 (BNC, laravel-boleto), account 026245793-8 (BNC arquivoTeste1)', () => {
    expect(interDigit('0001')).toBe('9');
    expect(interDigit('026245793')).toBe('8');
    expect(expectedDigits('077', '0001', '26245793')).toEqual({ agency_digit: '9', account_digit: '8' });
    expect(digitMismatches('077', { agency: '0001', agency_digit: '9', account: '26245793', account_digit: '7' })).toEqual([
      { field: 'account_digit', expected: '8' },
    ]);
    expect(() => validateCollectionAccount({ ...bnc, accountDigit: '8' })).not.toThrow();
    expect(() => validateCollectionAccount({ ...bnc, agencyDigit: '0', accountDigit: '7' })).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        details: [
          { field: 'agencyDigit', issue: 'does_not_match_agency_account' },
          { field: 'accountDigit', issue: 'does_not_match_agency_account' },
        ],
      }),
    );
  });

  it('refuses another agency, carteira or an operação that does not fit, never truncating', () => {
    expect(() =>
      validateCollectionAccount({ ...bnc, agency: '0002', account: '1234567890', carteira: '109', convenio: '12345678' }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'must_be_0001' },
          { field: 'account', issue: 'max_9_digits' },
          { field: 'convenio', issue: 'max_7_digits' },
          { field: 'carteira', issue: 'must_be_110_or_112' },
        ],
      }),
    );
    expect(() => validateCollectionAccount({ ...bnc, convenio: undefined })).toThrowError(
      expect.objectContaining({ details: [{ field: 'convenio', issue: 'required' }] }),
    );
    expect(() => gen(bnc, 10_000_000_000, '2023-08-31', 500)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });

  it('is named, but not an issuing bank: Inter assigns the nosso número', () => {
    expect(bankName('077')).toBe('Banco Inter');
    expect(SUPPORTED_BANKS.map((b) => b.code)).not.toContain('077');
  });
});
