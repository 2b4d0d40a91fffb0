import { describe, expect, it } from 'vitest';
import { digitsOf, gen } from './testSupport.ts';

// Vectors: BRC = kivanio/brcobranca@325e0eae spec/brcobranca/boleto/sicredi_spec.rb
// (cooperativa 0710, posto 65, beneficiário 129, byte 2, data_processamento 2016-08-22)
const account = { bankCode: '748', agency: '0710', account: '', post: '65', beneficiaryCode: '129', byteIdt: '2' };

describe('Sicredi (748)', () => {
  it.each([
    [
      'BRC carteira número 3',
      '3',
      8879,
      '2016-08-22',
      19557,
      '3116208879307106500129105',
      '74893.11626 08879.307109 65001.291056 1 68940000019557',
    ],
    [
      'BRC carteira 1 case 1',
      '1',
      8879,
      '2016-08-22',
      19557,
      '1116208879307106500129101',
      '74891.11620 08879.307109 65001.291015 1 68940000019557',
    ],
    [
      'BRC carteira 1 case 2',
      '1',
      8902,
      '2016-07-25',
      70000,
      '1116208902107106500129100',
      '74891.11620 08902.107104 65001.291007 3 68660000070000',
    ],
    [
      'BRC carteira 1 case 3',
      '1',
      8896,
      '2016-07-25',
      70000,
      '1116208896307106500129107',
      '74891.11620 08896.307108 65001.291072 1 68660000070000',
    ],
    [
      'BRC carteira 1 case 4',
      '1',
      8899,
      '2016-07-25',
      70000,
      '1116208899807106500129103',
      '74891.11620 08899.807104 65001.291031 6 68660000070000',
    ],
    [
      'BRC carteira 1 case 5',
      '1',
      8878,
      '2016-07-25',
      19558,
      '1116208878507106500129106',
      '74891.11620 08878.507105 65001.291064 1 68660000019558',
    ],
    [
      'BRC carteira 1 case 6',
      '1',
      9048,
      '2016-08-26',
      22200,
      '1116209048807106500129103',
      '74891.11620 09048.807102 65001.291031 8 68980000022200',
    ],
  ] as const)('%s', (_source, carteira, sequence, dueDate, cents, freeField, linha) => {
    const out = gen({ ...account, carteira }, sequence, dueDate, cents, '2016-08-22');
    expect(out.freeField).toBe(freeField);
    expect(out.linhaDigitavel).toBe(digitsOf(linha));
  });

  it('nosso número — BRC "Montar nosso_numero_boleto"', () => {
    expect(gen({ ...account, carteira: '1' }, 8879, '2016-08-22', 19557, '2016-08-22').nossoNumero).toBe('16/208879-3');
    const other = { ...account, agency: '0165', post: '02', beneficiaryCode: '00623' };
    expect(gen({ ...other, carteira: '1' }, 3, '2007-08-26', 100, '2007-08-26').nossoNumero).toBe('07/200003-1');
  });

  it('needs the issue date', () => {
    expect(() => gen({ ...account, carteira: '1' }, 1, '2016-08-22', 100)).toThrowError(
      expect.objectContaining({ code: 'validation_failed', details: [{ field: 'issueDate', issue: 'required' }] }),
    );
  });
});
