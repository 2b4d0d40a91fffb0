import { describe, expect, it } from 'vitest';
import { bradescoNossoNumeroDv } from './bradesco.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/bradesco_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/BradescoTest.php
//          ST  = caelum/caelum-stella@54ce3f90 stella-boleto/src/test/java/br/com/caelum/stella/boleto/bancos/BradescoTest.java
describe('Bradesco (237)', () => {
  it.each([
    [
      'BRC carteira 06',
      '1172',
      '0403005',
      '06',
      75896452,
      '2009-04-30',
      295295,
      '23795422300002952951172060007589645204030050',
      '23791.17209 60007.589645 52040.300502 5 42230000295295',
    ],
    [
      'BRC carteira 03',
      '4042',
      '61900',
      '03',
      777700168,
      '2008-02-02',
      13500,
      '23791377000000135004042030077770016800619000',
      '23794.04201 30077.770011 68006.190000 1 37700000013500',
    ],
    [
      'OB testInstantiateShouldWork',
      '1172',
      '403005',
      '6',
      123456789,
      '2013-01-01',
      1050,
      null,
      '23791.17209 60012.345678 89040.300504 8 55650000001050',
    ],
    [
      'ST testCodigoDeBarraDoBancoBradesco',
      '2949',
      '6580',
      '6',
      3,
      '2006-06-10',
      100,
      '23796316800000001002949060000000000300065800',
      '23792.94909 60000.000004 03000.658009 6 31680000000100',
    ],
  ] as const)('%s', (_source, agency, account, carteira, sequence, dueDate, cents, barcode, linha) => {
    const out = gen({ bankCode: '237', agency, account, carteira }, sequence, dueDate, cents);
    if (barcode) expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
  });

  it('nosso número DV, 10 → P — BRC "Montar nosso_numero_boleto"', () => {
    const cases: [string, number, string][] = [
      ['06', 525, '06/00000000525-P'],
      ['09', 1, '09/00000000001-1'],
      ['19', 2, '19/00000000002-8'],
      ['19', 6, '19/00000000006-0'],
      ['19', 1, '19/00000000001-P'],
    ];
    for (const [carteira, seq, printed] of cases) {
      expect(gen({ bankCode: '237', agency: '4042', account: '61900', carteira }, seq, null, 0).nossoNumero).toBe(printed);
    }
    expect(bradescoNossoNumeroDv('0600000000525')).toBe('P');
  });

  it('agency/account DVs follow the same modulo 11 — BRC "#conta_corrente_dv" (weights 2..7)', () => {
    expect(bradescoNossoNumeroDv('0325620')).toBe('0');
    expect(bradescoNossoNumeroDv('0284025')).toBe('1');
    expect(bradescoNossoNumeroDv('0019669')).toBe('P');
  });
});
