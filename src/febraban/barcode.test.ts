import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT_CENTS, barcodeToLinhaDigitavel, buildBarcode, formatLinhaDigitavel, linhaDigitavelToBarcode } from './barcode.ts';

// kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_brasil_spec.rb ("convenio de 8 digitos")
const BB_BARCODE = '00193376900000135000000001238798977770016818';
const BB_LINHA = '00190000090123879897777700168188337690000013500';

describe('barcode and linha digitável', () => {
  it('builds the published barcode from its parts', () => {
    expect(buildBarcode({ bankCode: '001', dueDate: '2008-02-01', amountCents: 13500, freeField: '0000001238798977770016818' })).toBe(
      BB_BARCODE,
    );
  });

  it('converts both ways and formats', () => {
    expect(barcodeToLinhaDigitavel(BB_BARCODE)).toBe(BB_LINHA);
    expect(linhaDigitavelToBarcode(BB_LINHA)).toBe(BB_BARCODE);
    expect(formatLinhaDigitavel(BB_LINHA)).toBe('00190.00009 01238.798977 77700.168188 3 37690000013500');
    expect(linhaDigitavelToBarcode('00190.00009 01238.798977 77700.168188 3 37690000013500')).toBe(BB_BARCODE);
  });

  it('@mrmgomes/boleto-utils README example: 34196790600001000002220000005566385101214000 ↔ 34192220090000556638551012140003679060000100000', () => {
    expect(barcodeToLinhaDigitavel('34196790600001000002220000005566385101214000')).toBe('34192220090000556638551012140003679060000100000');
  });

  it('no due date → factor 0000', () => {
    const barcode = buildBarcode({ bankCode: '237', dueDate: null, amountCents: 100, freeField: '2'.repeat(25) });
    expect(barcode.slice(5, 9)).toBe('0000');
  });

  it('amount: 10 digits of cents, up to 99,999,999.99', () => {
    const free = '0'.repeat(25);
    expect(buildBarcode({ bankCode: '001', dueDate: '2030-01-01', amountCents: MAX_AMOUNT_CENTS, freeField: free }).slice(9, 19)).toBe(
      '9999999999',
    );
    for (const amountCents of [MAX_AMOUNT_CENTS + 1, -1, 1.5, Number.NaN]) {
      expect(
        () => buildBarcode({ bankCode: '001', dueDate: '2030-01-01', amountCents, freeField: free }),
        String(amountCents),
      ).toThrowError(expect.objectContaining({ code: 'amount_out_of_range' }));
    }
  });

  it('validates shapes', () => {
    expect(() => buildBarcode({ bankCode: '01', dueDate: null, amountCents: 0, freeField: '0'.repeat(25) })).toThrowError(
      expect.objectContaining({ details: [{ field: 'bankCode', issue: 'must_be_3_digits' }] }),
    );
    expect(() => buildBarcode({ bankCode: '001', dueDate: null, amountCents: 0, freeField: '0'.repeat(24) })).toThrowError(
      expect.objectContaining({ details: [{ field: 'freeField', issue: 'must_be_25_digits' }] }),
    );
    expect(() => formatLinhaDigitavel('123')).toThrowError(expect.objectContaining({ code: 'validation_failed' }));
  });
});
