import { describe, expect, it } from 'vitest';
import { digitMismatches, expectedDigits } from '../../boleto/accounts/check-digits.ts';
import { parseBoleto } from '../parseBoleto.ts';
import { SUPPORTED_BANKS, validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';
import { uniprimeDigit } from './uniprime.ts';

// Vectors: BNC = BoletoNet/BoletoNetCore@41e74401 BoletoNetCore.Testes/BancoUniprimeNortePRCarteira09Tests.cs,
//                UniprimeNortePR_09_BoletoOK: agency 0012-4, account 47744-3, carteira 09, twelve boletos
//                [amount, nosso número, printed nosso número, barcode, linha, due date].
//          BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/bradesco_spec.rb (Bradesco's digit rule).
const bnc = { bankCode: '084', agency: '0012', agencyDigit: '4', account: '47744', accountDigit: '3', carteira: '09' };

describe('Uniprime (084)', () => {
  it.each([
    [
      71240,
      10035,
      '09/00000010035-0',
      '08497948400000712400012090000001003500477440',
      '08490.01201 90000.001009 35004.774408 7 94840000071240',
      '2023-09-25',
    ],
    [
      18083,
      10012,
      '09/00000010012-1',
      '08496903200000180830012090000001001200477440',
      '08490.01201 90000.001009 12004.774407 6 90320000018083',
      '2022-06-30',
    ],
    [
      27415,
      10020,
      '09/00000010020-2',
      '08499929500000274150012090000001002000477440',
      '08490.01201 90000.001009 20004.774400 9 92950000027415',
      '2023-03-20',
    ],
    [
      18083,
      10008,
      '09/00000010008-3',
      '08498891000000180830012090000001000800477440',
      '08490.01201 90000.001009 08004.774405 8 89100000018083',
      '2022-02-28',
    ],
    [
      71833,
      10002,
      '09/00000010002-4',
      '08495889400000718330012090000001000200477440',
      '08490.01201 90000.001009 02004.774408 5 88940000071833',
      '2022-02-12',
    ],
    [
      18083,
      10010,
      '09/00000010010-5',
      '08492897100000180830012090000001001000477440',
      '08490.01201 90000.001009 10004.774401 2 89710000018083',
      '2022-04-30',
    ],
    [
      27413,
      10015,
      '09/00000010015-6',
      '08496914400000274130012090000001001500477440',
      '08490.01201 90000.001009 15004.774400 6 91440000027413',
      '2022-10-20',
    ],
    [
      315320,
      10023,
      '09/00000010023-7',
      '08491921200003153200012090000001002300477440',
      '08490.01201 90000.001009 23004.774404 1 92120000315320',
      '2022-12-27',
    ],
    [
      88000,
      10014,
      '09/00000010014-8',
      '08491900200000880000012090000001001400477440',
      '08490.01201 90000.001009 14004.774403 1 90020000088000',
      '2022-05-31',
    ],
    [
      50000,
      10005,
      '09/00000010005-9',
      '08491886800000500000012090000001000500477440',
      '08490.01201 90000.001009 05004.774401 1 88680000050000',
      '2022-01-17',
    ],
    [
      27413,
      10019,
      '09/00000010019-9',
      '08498926700000274130012090000001001900477440',
      '08490.01201 90000.001009 19004.774402 8 92670000027413',
      '2023-02-20',
    ],
    [
      71240,
      10027,
      '09/00000010027-P',
      '08494924100000712400012090000001002700477440',
      '08490.01201 90000.001009 27004.774405 4 92410000071240',
      '2023-01-25',
    ],
  ] as const)('BNC R$ %i, nosso número %i → %s', (cents, sequence, printed, barcode, linha, dueDate) => {
    const out = gen(bnc, sequence, dueDate, cents);
    expect(out.nossoNumero).toBe(printed);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    expect(out.linhaDigitavelFormatted).toBe(linha);
    expect(parseBoleto(out.linhaDigitavel, { today: dueDate })).toMatchObject({
      bankCode: '084',
      bankName: 'Uniprime',
      barcode,
      amountCents: cents,
      dueDate,
      freeField: barcode.slice(19),
    });
  });

  it('a wrong check digit in a BNC linha is refused by the parser, naming the field', () => {
    // BNC 10035's linha with the general DV 7 → 8, then field 3's DV 8 → 9.
    expect(() => parseBoleto('08490.01201 90000.001009 35004.774408 8 94840000071240', { today: '2023-09-25' })).toThrowError(
      expect.objectContaining({ code: 'invalid_boleto', details: [{ field: 'code', issue: 'general_check_digit' }] }),
    );
    expect(() => parseBoleto('08490.01201 90000.001009 35004.774409 7 94840000071240', { today: '2023-09-25' })).toThrowError(
      expect.objectContaining({ code: 'invalid_boleto', details: [{ field: 'code', issue: 'field3_check_digit' }] }),
    );
  });

  it('agency and account digits are computed (Bradesco’s modulo 11) and checked — BNC 0012-4 / 47744-3', () => {
    expect(uniprimeDigit('0012')).toBe('4');
    expect(uniprimeDigit('0047744')).toBe('3');
    expect(expectedDigits('084', '0012', '47744')).toEqual({ agency_digit: '4', account_digit: '3' });
    expect(digitMismatches('084', { agency: '12', agency_digit: '5', account: '0047744', account_digit: '3' })).toEqual([
      { field: 'agency_digit', expected: '4' },
    ]);
    expect(() => validateCollectionAccount(bnc)).not.toThrow();
    // BRC bradesco_spec.rb "#conta_corrente_dv": 0019669 → P; not checked (a P cannot be typed).
    expect(uniprimeDigit('0019669')).toBe('P');
    expect(expectedDigits('084', '0012', '19669')).toEqual({ agency_digit: '4' });
    expect(() => validateCollectionAccount({ ...bnc, account: '19669', accountDigit: '0' })).not.toThrow();
    expect(() => validateCollectionAccount({ ...bnc, agencyDigit: '5', accountDigit: '2' })).toThrowError(
      expect.objectContaining({
        code: 'validation_failed',
        details: [
          { field: 'agencyDigit', issue: 'does_not_match_agency_account' },
          { field: 'accountDigit', issue: 'does_not_match_agency_account' },
        ],
      }),
    );
  });

  it('is an issuing bank; refuses other carteiras and values that do not fit, never truncating', () => {
    expect(SUPPORTED_BANKS).toContainEqual({ code: '084', name: 'Uniprime' });
    expect(() => validateCollectionAccount({ ...bnc, agency: '00012', account: '00047744', carteira: '06' })).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'account', issue: 'max_7_digits' },
          { field: 'carteira', issue: 'must_be_09' },
        ],
      }),
    );
    expect(() => gen(bnc, 100_000_000_000, '2023-09-25', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
