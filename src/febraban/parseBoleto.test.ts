import { describe, expect, it } from 'vitest';
import { parseBoleto } from './parseBoleto.ts';

const today = { today: '2008-01-15' };
// kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_brasil_spec.rb ("convenio de 8 digitos")
const LINHA = '00190.00009 01238.798977 77700.168188 3 37690000013500';
const BARCODE = '00193376900000135000000001238798977770016818';

describe('parseBoleto', () => {
  it('reads a formatted linha digitável', () => {
    expect(parseBoleto(LINHA, today)).toEqual({
      barcode: BARCODE,
      linhaDigitavel: '00190000090123879897777700168188337690000013500',
      bankCode: '001',
      bankName: 'Banco do Brasil',
      currency: '9',
      amountCents: 13500,
      dueDate: '2008-02-01',
      dueDateFactor: '3769',
      freeField: '0000001238798977770016818',
    });
  });

  it('reads the due date in the cycle of the reference date', () => {
    expect(parseBoleto(LINHA, { today: '2008-01-15' }).dueDate).toBe('2008-02-01');
    // Read in 2026 the same factor is 9000 days later (FEBRABAN restarted the factor on 2025-02-22).
    expect(parseBoleto(LINHA, { today: '2026-11-23' }).dueDate).toBe('2032-09-22');
  });

  it('reads a barcode, and a linha with stray spaces/dashes', () => {
    expect(parseBoleto(BARCODE, today).linhaDigitavel).toBe('00190000090123879897777700168188337690000013500');
    expect(parseBoleto(' 00190-00009 01238 798977  77700-168188 3 3769 0000013500 ', today).barcode).toBe(BARCODE);
  });

  it('new-cycle factor: Itaú 2029-05-20 — kivanio/brcobranca spec/brcobranca/boleto/itau_spec.rb', () => {
    const parsed = parseBoleto('34191.09008 01015.271248 80212.460002 4 25480000675787', { today: '2026-01-10' });
    expect(parsed).toMatchObject({ bankCode: '341', bankName: 'Itaú Unibanco', dueDate: '2029-05-20', amountCents: 675787 });
  });

  it('says which check digit failed', () => {
    const digits = LINHA.replace(/\D/g, '');
    const flip = (i: number) => digits.slice(0, i) + ((Number(digits[i]) + 1) % 10) + digits.slice(i + 1);
    const issueOf = (code: string) => {
      try {
        parseBoleto(code, today);
        return 'none';
      } catch (e) {
        expect(e).toMatchObject({ code: 'invalid_boleto' });
        return (e as { details: { issue: string }[] }).details[0].issue;
      }
    };
    expect(issueOf(flip(2))).toBe('field1_check_digit');
    expect(issueOf(flip(9))).toBe('field1_check_digit');
    expect(issueOf(flip(12))).toBe('field2_check_digit');
    expect(issueOf(flip(25))).toBe('field3_check_digit');
    expect(issueOf(flip(32))).toBe('general_check_digit');
    expect(issueOf(flip(40))).toBe('general_check_digit');
    expect(issueOf(BARCODE.slice(0, 4) + '9' + BARCODE.slice(5))).toBe('general_check_digit');
    expect(issueOf('123')).toBe('length');
    expect(issueOf('0019x')).toBe('non_numeric');
  });

  it('refuses arrecadação/convênio codes as unsupported', () => {
    // 48-digit linha and 44-digit barcode starting with 8 (format of the @mrmgomes/boleto-utils README)
    expect(() => parseBoleto('836200000005 667800481000 180975657313 001589636081', today)).toThrowError(
      expect.objectContaining({ code: 'unsupported_boleto' }),
    );
    expect(() => parseBoleto('8' + '3'.repeat(43), today)).toThrowError(expect.objectContaining({ code: 'unsupported_boleto' }));
  });

  it('refuses other currencies and a due-date factor below 1000', () => {
    const other = '0010' + BARCODE.slice(4); // currency 0; fix the DV by searching the one that validates
    const withDv = [...'0123456789']
      .map((d) => other.slice(0, 4) + d + other.slice(5))
      .find((code) => {
        try {
          parseBoleto(code, today);
          return true;
        } catch (e) {
          return (e as { code: string }).code === 'unsupported_boleto';
        }
      });
    expect(withDv).toBeDefined();
    expect(() => parseBoleto(withDv!, today)).toThrowError(expect.objectContaining({ code: 'unsupported_boleto' }));
  });
});
