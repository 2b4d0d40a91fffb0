import { describe, expect, it } from 'vitest';
import { sicoobNossoNumeroDv } from './sicoob.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/sicoob_spec.rb
//          OB  = openboleto/openboleto@1cb57131 tests/Banco/SicoobTest.php
describe('Sicoob (756)', () => {
  it.each([
    [
      'BRC modalidade 01',
      '4327',
      '229385',
      '01',
      2,
      '2016-02-18',
      5000,
      '1432701022938500000024001',
      '75691.43279 01022.938508 00000.240010 2 67080000005000',
      null,
    ],
    [
      'BRC modalidade 05',
      '4134',
      '148180',
      '05',
      110,
      '2017-04-15',
      23500,
      '1413405014818000001104001',
      '75691.41349 05014.818008 00011.040011 4 71300000023500',
      null,
    ],
    [
      'OB testInstantiateShouldWork',
      '3069',
      '153850',
      '01',
      203210,
      '2018-05-25',
      157575,
      null,
      '75691.30698 01015.385006 20321.010017 9 75350000157575',
      '0203210-1',
    ],
  ] as const)('%s', (_source, agency, beneficiaryCode, variation, sequence, dueDate, cents, freeField, linha, nossoNumero) => {
    const out = gen({ bankCode: '756', agency, account: '', carteira: '1', beneficiaryCode, variation }, sequence, dueDate, cents);
    if (freeField) expect(out.freeField).toBe(freeField);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    if (nossoNumero) expect(out.nossoNumero).toBe(nossoNumero);
  });

  it('nosso número DV (3-1-9-7) — BRC "Montar nosso numero dv" (cooperativa 4327, cliente 229385)', () => {
    const expected = [7, 4, 1, 9, 6, 3, 0, 8, 5, 3, 0, 8, 5]; // sequences 1..13
    for (const [i, dv] of expected.entries()) {
      expect(sicoobNossoNumeroDv('4327', '229385', String(i + 1).padStart(7, '0')), `seq ${i + 1}`).toBe(dv);
    }
  });
});
