import { describe, expect, it } from 'vitest';
import { banrisulNc } from '../checkDigits.ts';
import { parseBoleto } from '../parseBoleto.ts';
import { validateCollectionAccount } from './registry.ts';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/banrisul_spec.rb
//          NC  = Banrisul, "Cálculo dos números de controle (NC) do nosso número" (2015-12-11), kept in
//                kivanio/brcobranca as docs/Banrisul/CÁLCULO DOS NÚMEROS DE CONTROLE.docx
//          CED = Banrisul, "Como é formado o código/número do Cedente" (2010-09-14), kept in brcobranca as
//                docs/Banrisul/CobrancaBanrisul_segunda_via_codigo_numero_cedente_txtvrs14092010.pdf
//          FUT = Futura's Banrisul page (futura.atlassian.net/wiki/spaces/SPT/pages/2878211214), campo-livre example
const brc = { bankCode: '041', agency: '1102', account: '9000150', accountDigit: '46', carteira: '2' };

describe('Banrisul (041)', () => {
  it.each([
    // [source, account, sequence, dueDate, cents, barcode, linha]
    [
      'BRC "Criar nova instancia com atributos válidos"',
      brc,
      22832563,
      '2015-06-26',
      127890,
      '04191647100001278902111029000150228325634059',
      '04192.11107 29000.150226 83256.340593 1 64710000127890',
    ],
    [
      'BRC "Montar codio de barras" 1',
      brc,
      22832563,
      '2000-07-04',
      55000,
      '04198100100000550002111029000150228325634059',
      '04192.11107 29000.150226 83256.340593 8 10010000055000',
    ],
    [
      'BRC "Montar codio de barras" 2',
      brc,
      9274,
      '2000-07-04',
      55000,
      '04194100100000550002111029000150000092744028',
      '04192.11107 29000.150002 00927.440289 4 10010000055000',
    ],
    [
      'BRC "Montar codio de barras" 3',
      brc,
      9194,
      '2000-07-04',
      55000,
      '04198100100000550002111029000150000091944023',
      '04192.11107 29000.150002 00919.440230 8 10010000055000',
    ],
    [
      'BRC "Montar codio de barras" 4 (agency 0016, beneficiário 0164640)',
      { ...brc, agency: '0016', account: '0164640', accountDigit: undefined },
      3408099,
      '2017-01-12',
      121600,
      '04192703700001216002100160164640034080994027',
      '04192.10018 60164.640033 40809.940279 2 70370000121600',
    ],
  ] as const)('%s', (_source, account, sequence, dueDate, cents, barcode, linha) => {
    const out = gen(account, sequence, dueDate, cents);
    expect(out.barcode).toBe(barcode);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
    const parsed = parseBoleto(out.linhaDigitavel, { today: dueDate });
    expect(parsed).toMatchObject({ bankCode: '041', barcode, amountCents: cents, dueDate, freeField: barcode.slice(19) });
  });

  it("NC — the manual's worked example: 00000702 → 11 (mod 10 gives 1; mod 11 remainder 10 gives 1)", () => {
    expect(banrisulNc('00000702')).toBe('11');
    expect(gen(brc, 702, '2015-06-26', 100).nossoNumero).toBe('00000702-11');
  });

  it('nosso número with its NC — BRC "Montar nosso_numero_boleto"', () => {
    expect(gen(brc, 9274, '2015-06-26', 100).nossoNumero).toBe('00009274-22');
    expect(gen(brc, 9194, '2015-06-26', 100).nossoNumero).toBe('00009194-38');
    expect(gen(brc, 22832563, '2015-06-26', 100).nossoNumero).toBe('22832563-51');
  });

  it('campo livre positions — FUT example (agency 9999, beneficiário 8888888, NN 77777777)', () => {
    // FUT prints the NC as 65, but its first digit is mod 10 of the 23 digits, which is 5 (and 6
    // would give 63): that NC is illustrative, so only the positions are taken from it.
    const out = gen({ bankCode: '041', agency: '9999', account: '8888888', carteira: '2' }, 77777777, '2015-06-26', 100);
    expect(out.freeField.slice(0, 23)).toBe('21999988888887777777740');
    expect(out.freeField).toBe('2199998888888777777774055');
  });

  it('the código do beneficiário NC is computed and checked (BRC "agencia_conta_boleto": 900015.0.46)', () => {
    expect(banrisulNc('9000150')).toBe('46');
    expect(() => validateCollectionAccount(brc)).not.toThrow();
    expect(() => validateCollectionAccount({ ...brc, accountDigit: '47' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'accountDigit', issue: 'does_not_match_agency_account' }] }),
    );
  });

  it('the agency NC is computed and checked — CED: agency 77 is written 7781', () => {
    expect(banrisulNc('0077')).toBe('81');
    expect(() => validateCollectionAccount({ ...brc, agency: '0077', agencyDigit: '81' })).not.toThrow();
    expect(() => validateCollectionAccount({ ...brc, agency: '77', agencyDigit: '18' })).toThrowError(
      expect.objectContaining({ details: [{ field: 'agencyDigit', issue: 'does_not_match_agency_account' }] }),
    );
  });

  it('refuses values that do not fit, never truncating', () => {
    expect(() =>
      validateCollectionAccount({ ...brc, agency: '11020', account: '90001500', carteira: '3', accountDigit: undefined }),
    ).toThrowError(
      expect.objectContaining({
        details: [
          { field: 'agency', issue: 'max_4_digits' },
          { field: 'account', issue: 'max_7_digits' },
          { field: 'carteira', issue: 'must_be_1_or_2' },
        ],
      }),
    );
    expect(() => gen(brc, 100_000_000, '2015-06-26', 100)).toThrowError(
      expect.objectContaining({ details: [{ field: 'sequence', issue: 'out_of_range' }] }),
    );
  });
});
