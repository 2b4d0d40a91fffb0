import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.ts';
import { buildRemessa240 } from './remessa240.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { readRemessa240 } from './remessa240-reader.ts';
import { normalizeAlpha } from './record.ts';
import { FEBRABAN_240_MOVEMENTS, MOVEMENT_KINDS } from './movements.ts';
import { alnum, at, isoDateUntil, type SampleBank, sampleBoleto, sampleInput } from './remessa-test-fixtures.ts';

const FEBRABAN: SampleBank = {
  bankCode: '001',
  bankName: 'Banco do Brasil S.A.',
  fileSequence: 42,
  beneficiary: { agency: '1234', agencyDigit: '5', account: '67890', accountDigit: 'X', convenio: '1234567', carteira: '17' },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(FEBRABAN, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: '12345670000000001', documentNumber: 'FAT-2026-001' }, over);

function linesOf(file: string): string[] {
  expect(file.endsWith('\r\n')).toBe(true);
  const lines = file.slice(0, -2).split('\r\n');
  for (const l of lines) {
    expect(l).toHaveLength(240);
    expect(l).toMatch(/^[\x20-\x7E]+$/);
  }
  return lines;
}

describe('buildRemessa240 record positions (FEBRABAN 240 v10, cobrança)', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
    fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
    instructions: ['Não receber após 30 dias', 'Multa de 2%'],
  });
  const lines = linesOf(buildRemessa240(input([full, boleto({ nossoNumero: '12345670000000002', amountCents: 1000 })])));

  it('has header, batch header, P/Q/R per boleto, batch trailer and file trailer', () => {
    expect(lines).toHaveLength(2 + 3 * 2 + 2);
    expect(lines.map((l) => at(l, 8, 8) + (at(l, 8, 8) === '3' ? at(l, 14, 14) : ''))).toEqual([
      '0',
      '1',
      '3P',
      '3Q',
      '3R',
      '3P',
      '3Q',
      '3R',
      '5',
      '9',
    ]);
    for (const l of lines) expect(at(l, 1, 3)).toBe('001');
  });

  it('file header', () => {
    const h = lines[0];
    expect(at(h, 4, 7)).toBe('0000');
    expect(at(h, 9, 17)).toBe(' '.repeat(9));
    expect(at(h, 18, 18)).toBe('2'); // CNPJ
    expect(at(h, 19, 32)).toBe('11222333000181');
    expect(at(h, 33, 52)).toBe('1234567'.padEnd(20));
    expect(at(h, 53, 57)).toBe('01234');
    expect(at(h, 58, 58)).toBe('5');
    expect(at(h, 59, 70)).toBe('000000067890');
    expect(at(h, 71, 71)).toBe('X');
    expect(at(h, 73, 102)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 103, 132)).toBe('BANCO DO BRASIL S.A.'.padEnd(30));
    expect(at(h, 143, 143)).toBe('1'); // remessa
    expect(at(h, 144, 151)).toBe('10032026');
    expect(at(h, 152, 157)).toBe('120405');
    expect(at(h, 158, 163)).toBe('000042');
    expect(at(h, 164, 166)).toBe('103');
    expect(at(h, 167, 171)).toBe('00000');
  });

  it('batch header', () => {
    const b = lines[1];
    expect(at(b, 4, 7)).toBe('0001');
    expect(at(b, 9, 9)).toBe('R');
    expect(at(b, 10, 11)).toBe('01');
    expect(at(b, 14, 16)).toBe('060');
    expect(at(b, 18, 18)).toBe('2');
    expect(at(b, 19, 33)).toBe('011222333000181');
    expect(at(b, 34, 53)).toBe('1234567'.padEnd(20));
    expect(at(b, 54, 58)).toBe('01234');
    expect(at(b, 74, 103)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(b, 184, 191)).toBe('00000042');
    expect(at(b, 192, 199)).toBe('10032026');
    expect(at(b, 200, 207)).toBe('00000000');
  });

  it('segment P', () => {
    const p = lines[2];
    expect(at(p, 4, 7)).toBe('0001');
    expect(at(p, 9, 13)).toBe('00001');
    expect(at(p, 16, 17)).toBe('01'); // entrada de títulos
    expect(at(p, 18, 22)).toBe('01234');
    expect(at(p, 24, 35)).toBe('000000067890');
    expect(at(p, 38, 57)).toBe('12345670000000001'.padEnd(20));
    expect(at(p, 58, 58)).toBe('1');
    expect(at(p, 63, 77)).toBe('FAT-2026-001'.padEnd(15));
    expect(at(p, 78, 85)).toBe('10042026');
    expect(at(p, 86, 100)).toBe('000000000123456');
    expect(at(p, 107, 108)).toBe('02');
    expect(at(p, 109, 109)).toBe('N');
    expect(at(p, 110, 117)).toBe('10032026');
    expect(at(p, 118, 118)).toBe('1'); // juros: valor por dia
    expect(at(p, 119, 126)).toBe('11042026');
    expect(at(p, 127, 141)).toBe('000000000000041');
    expect(at(p, 142, 142)).toBe('1'); // desconto: valor fixo até a data
    expect(at(p, 143, 150)).toBe('05042026');
    expect(at(p, 151, 165)).toBe('000000000000500');
    expect(at(p, 196, 220)).toBe('FAT-2026-001'.padEnd(25));
    expect(at(p, 221, 221)).toBe('3');
    expect(at(p, 228, 229)).toBe('09');
  });

  it('segment Q', () => {
    const q = lines[3];
    expect(at(q, 9, 13)).toBe('00002');
    expect(at(q, 18, 18)).toBe('1'); // CPF
    expect(at(q, 19, 33)).toBe('000012345678909');
    expect(at(q, 34, 73)).toBe('JOSE DA CONCEICAO'.padEnd(40));
    expect(at(q, 74, 113)).toBe('RUA DAS ACACIAS, 100'.padEnd(40));
    expect(at(q, 114, 128)).toBe('CENTRO'.padEnd(15));
    expect(at(q, 129, 133)).toBe('01310');
    expect(at(q, 134, 136)).toBe('100');
    expect(at(q, 137, 151)).toBe('SAO PAULO'.padEnd(15));
    expect(at(q, 152, 153)).toBe('SP');
  });

  it('segment R', () => {
    const r = lines[4];
    expect(at(r, 9, 13)).toBe('00003');
    expect(at(r, 66, 66)).toBe('2'); // multa percentual
    expect(at(r, 67, 74)).toBe('11042026');
    expect(at(r, 75, 89)).toBe('000000000000200'); // 2.00 %
    expect(at(r, 100, 139)).toBe('NAO RECEBER APOS 30 DIAS'.padEnd(40));
    expect(at(r, 140, 179)).toBe('MULTA DE 2%'.padEnd(40));
  });

  it('boleto without discount/interest/fine gets the "none" codes and zero values', () => {
    const [p, , r] = [lines[5], lines[6], lines[7]];
    expect(at(p, 9, 13)).toBe('00004');
    expect(at(p, 118, 118)).toBe('3'); // isento
    expect(at(p, 119, 141)).toBe('0'.repeat(23));
    expect(at(p, 142, 142)).toBe('0');
    expect(at(p, 143, 165)).toBe('0'.repeat(23));
    expect(at(r, 66, 66)).toBe('0');
    expect(at(r, 67, 89)).toBe('0'.repeat(23));
    expect(at(r, 100, 179)).toBe(' '.repeat(80));
  });

  it('trailers count records and sum amounts', () => {
    const t5 = lines[8];
    expect(at(t5, 4, 7)).toBe('0001');
    expect(at(t5, 18, 23)).toBe('000008'); // batch header + 6 details + batch trailer
    expect(at(t5, 24, 29)).toBe('000002');
    expect(at(t5, 30, 46)).toBe('00000000000124456'); // 1234.56 + 10.00
    const t9 = lines[9];
    expect(at(t9, 4, 7)).toBe('9999');
    expect(at(t9, 18, 23)).toBe('000001');
    expect(at(t9, 24, 29)).toBe('000010');
  });

  it('percent discount and monthly interest use codes 2', () => {
    const [p] = linesOf(
      buildRemessa240(
        input([
          boleto({
            discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 },
            interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
            fine: { kind: 'fixed', fromDate: '2026-04-11', value: 999 },
          }),
        ]),
      ),
    ).slice(2);
    expect(at(p, 118, 118)).toBe('2');
    expect(at(p, 127, 141)).toBe('000000000000100');
    expect(at(p, 142, 142)).toBe('2');
    expect(at(p, 151, 165)).toBe('000000000000250');
  });
});

describe('movements other than the entry (FEBRABAN 240 v10.7 C004, C026)', () => {
  const segmentP = (b: RemessaBoleto) => buildRemessa240(input([b])).split('\r\n')[2];

  it.each(MOVEMENT_KINDS.map((k) => [k, FEBRABAN_240_MOVEMENTS[k]!.code] as const))(
    '%s is written as code %s in every segment',
    (kind, code) => {
      const lines = buildRemessa240(input([boleto({ movement: kind, protestDays: 5 })])).split('\r\n');
      expect([at(lines[2], 16, 17), at(lines[3], 16, 17), at(lines[4], 16, 17)]).toEqual([code, code, code]);
    },
  );

  it('a due-date change carries the new due date, an amount change the new amount', () => {
    expect(at(segmentP(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 78, 85)).toBe('20052026');
    expect(at(segmentP(boleto({ movement: 'amount_change', amountCents: 98_765 })), 86, 100)).toBe('000000000098765');
  });

  it('an abatimento is written at 181-195', () => {
    expect(at(segmentP(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 181, 195)).toBe('000000000001050');
    expect(at(segmentP(boleto()), 181, 195)).toBe('0'.repeat(15));
  });

  it('protest and negativation set the code for protest and its days (221-223); others say "não protestar"', () => {
    expect(at(segmentP(boleto({ movement: 'protest', protestDays: 5 })), 221, 223)).toBe('105');
    expect(at(segmentP(boleto({ movement: 'negativation', protestDays: 30 })), 221, 223)).toBe('830');
    expect(at(segmentP(boleto({ movement: 'protest_stop_keep' })), 221, 223)).toBe('300');
  });

  it('reads each movement back', () => {
    const all = MOVEMENT_KINDS.map((movement) =>
      boleto({ movement, protestDays: 7, rebateCents: movement === 'rebate_grant' ? 300 : undefined }),
    );
    const read = readRemessa240(buildRemessa240(input(all)));
    expect(read.boletos.map((b) => [b.movement, b.protestDays, b.rebateCents])).toEqual(
      MOVEMENT_KINDS.map((k) => [k, k === 'protest' || k === 'negativation' ? 7 : undefined, k === 'rebate_grant' ? 300 : undefined]),
    );
  });
});

describe('buildRemessa240 refuses values that do not fit', () => {
  const cases: Array<[string, RemessaInput]> = [
    ['payer name over 40 characters', input([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(41) } })])],
    ['nosso número over 20 characters', input([boleto({ nossoNumero: '1'.repeat(21) })])],
    ['amount over 13 integer digits', input([boleto({ amountCents: 1e15 })])],
    ['fractional cents', input([boleto({ amountCents: 10.5 })])],
    ['invalid date', input([boleto({ dueDate: '2026-02-30' })])],
    ['three instruction lines', input([boleto({ instructions: ['a', 'b', 'c'] })])],
    ['bad CEP', input([boleto({ payer: { ...boleto().payer, postalCode: '123' } })])],
    ['CPF with wrong length', input([boleto({ payer: { ...boleto().payer, document: '123' } })])],
    ['no boletos', input([])],
    ['a movement the layout does not have', input([boleto({ movement: 'reissue' as never })])],
    ['a protest without its days', input([boleto({ movement: 'protest' })])],
    ['a negativation after 100 days', input([boleto({ movement: 'negativation', protestDays: 100 })])],
    ['agency over 5 digits', input([boleto()], { beneficiary: { ...input([]).beneficiary, agency: '123456' } })],
  ];
  it.each(cases)('%s', (_name, bad) => {
    let error: unknown;
    try {
      buildRemessa240(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
  });
});

describe('round trip through readRemessa240', () => {
  it('reads back what was written', () => {
    const b = boleto({
      discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 },
      interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 100 },
      fine: { kind: 'fixed', fromDate: '2026-04-11', value: 999 },
      instructions: ['Linha um'],
    });
    const read = readRemessa240(buildRemessa240(input([b])));
    expect(read.bankCode).toBe('001');
    expect(read.fileSequence).toBe(42);
    expect(read.beneficiary.document).toBe('11222333000181');
    expect(read.boletos).toEqual([
      {
        ...b,
        movement: 'entry', // written when absent
        documentNumber: 'FAT-2026-001',
        payer: {
          ...b.payer,
          name: 'JOSE DA CONCEICAO',
          document: '12345678909',
          address: 'RUA DAS ACACIAS, 100',
          district: 'CENTRO',
          city: 'SAO PAULO',
          postalCode: '01310100',
        },
        instructions: ['LINHA UM'],
      },
    ]);
  });

  it('property: any valid batch round-trips and the trailers add up', () => {
    const isoDate = isoDateUntil('2099-12-31');
    const arbBoleto: fc.Arbitrary<RemessaBoleto> = fc.record({
      movement: fc.constantFrom(...MOVEMENT_KINDS.filter((k) => k !== 'protest' && k !== 'negativation')),
      nossoNumero: fc.stringMatching(/^[0-9]{1,20}$/),
      documentNumber: alnum(15).map((s) => s.trim() || 'X'),
      issueDate: isoDate,
      dueDate: isoDate,
      amountCents: fc.integer({ min: 0, max: 999_999_999_999 }),
      payer: fc.record({
        name: alnum(40).map((s) => s.trim() || 'N'),
        documentKind: fc.constant('cnpj' as const),
        document: fc.stringMatching(/^[0-9]{14}$/),
        address: alnum(40).map((s) => s.trim()),
        district: alnum(15).map((s) => s.trim()),
        city: alnum(15).map((s) => s.trim()),
        state: fc.constantFrom('SP', 'RJ', 'MG'),
        postalCode: fc.stringMatching(/^[0-9]{8}$/),
      }),
      discount: fc.option(
        fc.record({
          kind: fc.constantFrom('fixed' as const, 'percent' as const),
          untilDate: isoDate,
          value: fc.integer({ min: 0, max: 1e9 }),
        }),
        { nil: undefined },
      ),
      interest: fc.option(
        fc.record({
          kind: fc.constantFrom('daily_amount' as const, 'monthly_percent' as const),
          fromDate: isoDate,
          value: fc.integer({ min: 0, max: 1e9 }),
        }),
        { nil: undefined },
      ),
      fine: fc.option(
        fc.record({
          kind: fc.constantFrom('fixed' as const, 'percent' as const),
          fromDate: isoDate,
          value: fc.integer({ min: 0, max: 1e9 }),
        }),
        { nil: undefined },
      ),
      instructions: fc.option(
        fc.array(
          alnum(40).map((s) => s.trim() || 'I'),
          { minLength: 1, maxLength: 2 },
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 5 }), (boletos) => {
        const file = buildRemessa240(input(boletos));
        const read = readRemessa240(file);
        const norm = (s: string) => normalizeAlpha(s).trimEnd();
        const expected = boletos.map((b) => {
          const e: RemessaBoleto = {
            ...b,
            documentNumber: norm(b.documentNumber),
            payer: {
              ...b.payer,
              name: norm(b.payer.name),
              address: norm(b.payer.address),
              district: norm(b.payer.district),
              city: norm(b.payer.city),
            },
          };
          for (const k of ['discount', 'interest', 'fine', 'instructions'] as const) if (e[k] === undefined) delete e[k];
          if (e.instructions) e.instructions = e.instructions.map(norm);
          return e;
        });
        expect(read.boletos).toEqual(expected);
        expect(read.batchTrailer).toEqual({
          recordCount: boletos.length * 3 + 2,
          simpleCount: boletos.length,
          simpleTotal: boletos.reduce((s, b) => s + b.amountCents, 0),
        });
        expect(read.fileTrailer).toEqual({ batchCount: 1, recordCount: boletos.length * 3 + 4 });
      }),
      { numRuns: 300 },
    );
  });
});
