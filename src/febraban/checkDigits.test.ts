import { describe, expect, it } from 'vitest';
import { barcodeMod11, mod10, mod11ZeroOnHigh } from './checkDigits.ts';

describe('check digits', () => {
  it('mod10 of the linha-digitável fields — kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banco_brasil_spec.rb (linha "00190.00009 01238.798977 77700.168188 …")', () => {
    expect(mod10('001900000')).toBe(9);
    expect(mod10('0123879897')).toBe(7);
    expect(mod10('7770016818')).toBe(8);
  });

  it('barcode general DV — same source: 0019?3769…  → 3, and the 0/10/11 → 1 rule', () => {
    expect(barcodeMod11('0019376900000135000000001238798977770016818')).toBe(3);
    // FEBRABAN: 11 − (sum mod 11), and the results 0, 10, 11 become 1, so the digit is never 0.
    expect(barcodeMod11('0'.repeat(43))).toBe(1); // sum 0 → 11 → 1
    expect(barcodeMod11('0'.repeat(42) + '6')).toBe(1); // 6·2 = 12 ≡ 1 → 10 → 1
    expect(barcodeMod11('0'.repeat(42) + '5')).toBe(1); // 5·2 = 10 → 1
    expect(barcodeMod11('0'.repeat(42) + '1')).toBe(9); // 2 → 9
    expect(barcodeMod11('0'.repeat(41) + '10')).toBe(8); // weight 3 on the second digit from the right
  });

  it('mod11ZeroOnHigh maps 10 and 11 to 0 (Santander/Caixa/Sicredi)', () => {
    expect(mod11ZeroOnHigh('0')).toBe(0); // 11 → 0
    expect(mod11ZeroOnHigh('6')).toBe(0); // 12 ≡ 1 → 10 → 0
    expect(mod11ZeroOnHigh('5')).toBe(1); // 10 → 11 − 10 = 1
    expect(mod11ZeroOnHigh('1961005')).toBe(0); // kivanio/brcobranca spec/brcobranca/boleto/santander_spec.rb
  });
});
