// Itaú CNAB 400 remittance against the manual (Itaú "Cobrança Bancária – Intercâmbio Eletrônico de
// Arquivos", Julho/2021, §3.1 and notas) and against brcobranca's published remittance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itauNossoNumeroDac } from '../febraban/banks/itau.ts';
import type { MovementKind } from './movements.ts';
import { normalizeAlpha } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { buildRemessa400Itau, ITAU_400_MAX_TITLES, ITAU_400_MOVEMENTS, readRemessa400Itau } from './remessa400-itau.ts';
import {
  at,
  expectRegistered,
  isoDateUntil,
  lines400,
  movementCodeTests400,
  payerArb,
  plainTitle,
  refusalMessages,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  trimmed,
} from './remessa-test-fixtures.ts';

/** The boleto's nosso_numero_digits as the Itaú bank module issues them: carteira, 8 digits, DAC. */
const nn = (n: number, carteira = '109', agency = '1234', account = '12345') => {
  const eight = String(n).padStart(8, '0');
  return carteira + eight + itauNossoNumeroDac(agency, account, carteira, eight);
};

const ITAU: SampleBank = {
  bankCode: '341',
  bankName: 'Itaú Unibanco',
  fileSequence: 7,
  beneficiary: { agency: '1234', account: '12345', accountDigit: '1', carteira: '109' },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(ITAU, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) => sampleBoleto({ nossoNumero: nn(1), documentNumber: 'FAT-001' }, over);

const linesOf = (file: string) => lines400(file);

describe('Itaú CNAB 400 record positions (§3.1 pp. 9-12, 18)', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
    fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
  });
  const plain = plainTitle(boleto, nn(2));
  const lines = linesOf(buildRemessa400Itau(input([full, plain])));

  it('header, detail and fine of the first title, detail of the second, trailer', () => {
    expect(lines.map((l) => l[0])).toEqual(['0', '1', '2', '1', '9']);
  });

  it('header label (p. 9)', () => {
    const h = lines[0];
    expect(at(h, 1, 1)).toBe('0');
    expect(at(h, 2, 2)).toBe('1');
    expect(at(h, 3, 9)).toBe('REMESSA');
    expect(at(h, 10, 11)).toBe('01');
    expect(at(h, 12, 26)).toBe('COBRANCA'.padEnd(15));
    expect(at(h, 27, 30)).toBe('1234');
    expect(at(h, 31, 32)).toBe('00');
    expect(at(h, 33, 37)).toBe('12345');
    expect(at(h, 38, 38)).toBe('1');
    expect(at(h, 39, 46)).toBe(' '.repeat(8));
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 77, 79)).toBe('341');
    expect(at(h, 80, 94)).toBe('BANCO ITAU SA'.padEnd(15));
    expect(at(h, 95, 100)).toBe('100326'); // 12:04:05 in São Paulo
    expect(at(h, 101, 394)).toBe(' '.repeat(294));
    expect(at(h, 395, 400)).toBe('000001');
  });

  it('detail of an entry (pp. 10-11)', () => {
    const d = lines[1];
    expect(at(d, 1, 1)).toBe('1');
    expect(at(d, 2, 3)).toBe('02'); // nota 1: CNPJ
    expect(at(d, 4, 17)).toBe('11222333000181');
    expect(at(d, 18, 21)).toBe('1234');
    expect(at(d, 22, 23)).toBe('00');
    expect(at(d, 24, 28)).toBe('12345');
    expect(at(d, 29, 29)).toBe('1');
    expect(at(d, 30, 33)).toBe('    ');
    expect(at(d, 34, 37)).toBe('0000'); // nota 27
    expect(at(d, 38, 62)).toBe('FAT-001'.padEnd(25)); // nota 2
    expect(at(d, 63, 70)).toBe('00000001'); // nota 3: without the DAC
    expect(at(d, 71, 83)).toBe('0'.repeat(13)); // nota 4
    expect(at(d, 84, 86)).toBe('109');
    expect(at(d, 87, 107)).toBe(' '.repeat(21));
    expect(at(d, 108, 108)).toBe('I'); // nota 5
    expect(at(d, 109, 110)).toBe('01'); // nota 6: remessa
    expect(at(d, 111, 120)).toBe('FAT-001'.padEnd(10)); // nota 18
    expect(at(d, 121, 126)).toBe('100426');
    expect(at(d, 127, 139)).toBe('0000000123456');
    expect(at(d, 140, 142)).toBe('341');
    expect(at(d, 143, 147)).toBe('00000'); // nota 9
    expect(at(d, 148, 149)).toBe('01'); // nota 10: duplicata mercantil
    expect(at(d, 150, 150)).toBe('N');
    expect(at(d, 151, 156)).toBe('100326');
    expect(at(d, 157, 160)).toBe('0000');
    expect(at(d, 161, 173)).toBe('0000000000041'); // nota 12: juros de 1 dia
    expect(at(d, 174, 179)).toBe('050426');
    expect(at(d, 180, 192)).toBe('0000000000500');
    expect(at(d, 193, 205)).toBe('0'.repeat(13));
    expect(at(d, 206, 218)).toBe('0'.repeat(13));
    expect(at(d, 219, 220)).toBe('01'); // CPF
    expect(at(d, 221, 234)).toBe('00012345678909');
    expect(at(d, 235, 274)).toBe('JOSE DA CONCEICAO'.padEnd(40)); // nota 15
    expect(at(d, 275, 314)).toBe('RUA DAS ACACIAS, 100'.padEnd(40));
    expect(at(d, 315, 326)).toBe('CENTRO'.padEnd(12));
    expect(at(d, 327, 334)).toBe('01310100');
    expect(at(d, 335, 349)).toBe('SAO PAULO'.padEnd(15));
    expect(at(d, 350, 351)).toBe('SP');
    expect(at(d, 352, 385)).toBe(' '.repeat(34));
    expect(at(d, 386, 391)).toBe('110426'); // data de mora
    expect(at(d, 392, 393)).toBe('00');
    expect(at(d, 394, 394)).toBe(' ');
    expect(at(d, 395, 400)).toBe('000002');
  });

  it('fine record after the entry (p. 12, notas 35-37)', () => {
    const m = lines[2];
    expect(at(m, 1, 1)).toBe('2');
    expect(at(m, 2, 2)).toBe('2'); // percentual
    expect(at(m, 3, 10)).toBe('10042026'); // DDMMAAAA: the fine starts after it (nota 36)
    expect(at(m, 11, 23)).toBe('0000000000200'); // 2.00 %
    expect(at(m, 24, 394)).toBe(' '.repeat(371));
    expect(at(m, 395, 400)).toBe('000003');
  });

  it('a title without discount, interest or fine: zeros, no record 2; a name of 40 across 235-274 (nota 15)', () => {
    const d = lines[3];
    expect(at(d, 63, 70)).toBe('00000002');
    expect(at(d, 161, 192)).toBe('0'.repeat(32));
    expect(at(d, 219, 234)).toBe('0211222333000181');
    expect(at(d, 235, 274)).toBe('COMERCIO DE ALIMENTOS BOA VISTA LTDA ME'.padEnd(40));
    expect(at(d, 386, 393)).toBe('0'.repeat(8));
  });

  it('trailer (p. 18): blanks and the last sequence', () => {
    const t = lines[4];
    expect(at(t, 1, 1)).toBe('9');
    expect(at(t, 2, 394)).toBe(' '.repeat(393));
    expect(at(t, 395, 400)).toBe('000005');
  });

  it('a fixed fine is code 1 with its amount; a fine of 0 writes no record', () => {
    const fixed = linesOf(buildRemessa400Itau(input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-14', value: 999 } })])));
    expect(at(fixed[2], 1, 23)).toBe('2113042026' + '0000000000999');
    const zero = linesOf(buildRemessa400Itau(input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 0 } })])));
    expect(zero.map((l) => l[0])).toEqual(['0', '1', '9']);
  });

  it('0 % interest a month is no interest; the account DAC is computed when the account has none', () => {
    const [, d] = linesOf(
      buildRemessa400Itau(
        input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 0 } })], {
          beneficiary: { ...input([]).beneficiary, accountDigit: undefined },
        }),
      ),
    );
    expect(at(d, 161, 173)).toBe('0'.repeat(13));
    expect(at(d, 386, 391)).toBe('000000');
    expect(at(d, 29, 29)).toBe('1'); // mod 10 of 1234 12345
  });

  it('carteiras 147 and 150 have their own código da carteira (nota 5)', () => {
    for (const [carteira, code] of [
      ['147', 'E'],
      ['150', 'U'],
      ['112', 'I'],
    ]) {
      const file = buildRemessa400Itau(
        input([boleto({ nossoNumero: nn(9, carteira) })], { beneficiary: { ...input([]).beneficiary, carteira } }),
      );
      const [, d] = linesOf(file);
      expect([at(d, 84, 86), at(d, 108, 108)]).toEqual([carteira, code]);
    }
  });
});

// kivanio/brcobranca spec/fixtures/remessa/remessa-itau-cnab400.rem (commit 325e0eae69ad298477b935a441a22c61c7556f31),
// written by spec/brcobranca/remessa/cnab400/itau_spec.rb with Timecop at 2015-07-14. Copied unchanged.
const BRCOBRANCA_ITAU = [
  `01REMESSA01COBRANCA       123400123451        SOCIEDADE BRASILEIRA DE ZOOLOG341BANCO ITAU SA  140715${' '.repeat(294)}000001`,
  `10100012345678910123400123451    00006969                     000001230000000000000123                     I01000000000014071500000000199903410000001N140715000000000000000000000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE           RUA RIO GRANDE DO SUL SAO PAULO MINAS CASAO JOSE DOS12345678SANTA RITA DE CSP                                  00000003 000002`,
  `21140720150000000000200${' '.repeat(371)}000003`,
  `9${' '.repeat(393)}000004`,
];

describe("brcobranca's published Itaú remittance, byte for byte", () => {
  // The spec's inputs: agência 1234, conta 12345-1, empresa CPF 12345678910, pagador CPF 12345678901,
  // R$ 199,90 due and issued 2015-07-14, nosso número 123, documento 6969, multa code 1 of 2.00
  // dated at the due date. Names and addresses as brcobranca cut them (Cobre's caller cuts them too).
  const file = buildRemessa400Itau({
    bankCode: '341',
    bankName: 'Itaú',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'), // 16:15:15 in São Paulo, as Timecop's local time
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cpf',
      document: '12345678910',
      agency: '1234',
      account: '12345',
      accountDigit: '1',
      carteira: '109',
    },
    boletos: [
      {
        nossoNumero: nn(123),
        documentNumber: '6969',
        issueDate: '2015-07-14',
        dueDate: '2015-07-14',
        amountCents: 19990,
        payer: {
          name: 'PABLO DIEGO JOSE FRANCISCO DE',
          documentKind: 'cpf',
          document: '12345678901',
          address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
          district: 'SAO JOSE DOS',
          city: 'SANTA RITA DE C',
          state: 'SP',
          postalCode: '12345678',
        },
        fine: { kind: 'fixed', fromDate: '2015-07-15', value: 200 }, // brcobranca writes the due date: the fine runs after it
      },
    ],
  });
  const lines = linesOf(file);

  it('header, fine record and trailer are identical', () => {
    expect(lines[0]).toBe(BRCOBRANCA_ITAU[0]);
    expect(lines[2]).toBe(BRCOBRANCA_ITAU[2]);
    expect(lines[3]).toBe(BRCOBRANCA_ITAU[3]);
  });

  it('the detail differs only where the spec chose other inputs or brcobranca departs from the manual', () => {
    const differing = (a: string, b: string) => [...a].flatMap((c, i) => (c === b[i] ? [] : [i + 1]));
    // 84-86: the spec's carteira 123 is not one of nota 5; Cobre's test uses 109.
    // 111-120: brcobranca writes its "numero" (unset: zeros); Cobre writes the seu número there (nota 18).
    // 392-393: brcobranca writes "03" days when it protests nothing; Cobre writes 00 (the prazo is
    // only for protest and negativation, nota 11 A).
    const expected = [...BRCOBRANCA_ITAU[1]];
    const put = (start: number, text: string) => {
      for (let i = 0; i < text.length; i++) expected[start - 1 + i] = text[i];
    };
    put(84, '109');
    put(111, '6969      ');
    put(392, '00');
    expect(lines[1]).toBe(expected.join(''));
    expect(differing(lines[1], BRCOBRANCA_ITAU[1])).toEqual([85, 86, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 393]);
  });
});

describe('Itaú movements (nota 6)', () => {
  const detailOf = (b: RemessaBoleto) => linesOf(buildRemessa400Itau(input([b])))[1];

  movementCodeTests400({
    bank: 'Itaú',
    table: ITAU_400_MOVEMENTS,
    codes: {
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_keep: '18',
      amount_change: '31',
      negativation: '66',
      negativation_stop: '68',
    },
    detailOf: (movement) => detailOf(boleto({ movement, protestDays: 5, rebateCents: 700 })),
    build: (movement) => buildRemessa400Itau(input([boleto({ movement })])),
  });

  it('an instruction carries only the fields nota 6 asks for, the rest zeros or blanks', () => {
    const d = detailOf(boleto({ movement: 'write_off' }));
    expect(at(d, 2, 37)).toBe('0211222333000181123400123451    0000');
    expect(at(d, 63, 70)).toBe('00000001');
    expect(at(d, 84, 86) + at(d, 108, 110)).toBe('109I02');
    expect(at(d, 127, 139)).toBe('0000000123456'); // valor do título (A)
    // Everything else: uso da empresa, documento, dates, espécie, aceite, payer, days.
    expect(at(d, 38, 62) + at(d, 111, 120)).toBe(' '.repeat(35));
    expect(at(d, 121, 126) + at(d, 151, 156) + at(d, 161, 234) + at(d, 327, 334) + at(d, 386, 393)).toBe('0'.repeat(6 + 6 + 74 + 8 + 8));
    expect(at(d, 148, 150) + at(d, 157, 160) + at(d, 235, 326) + at(d, 335, 385)).toBe(' '.repeat(3 + 4 + 92 + 51));
  });

  it('06 carries the new due date, 31 the new value, 04/05 the abatimento, 09/66 the days', () => {
    expect(at(detailOf(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 121, 126)).toBe('200526');
    const amount = detailOf(boleto({ movement: 'amount_change', amountCents: 98_765 }));
    expect([at(amount, 127, 139), at(amount, 121, 126)]).toEqual(['0000000098765', '000000']);
    expect(at(detailOf(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'rebate_cancel', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'protest', protestDays: 5 })), 392, 393)).toBe('05');
    const negativation = detailOf(boleto({ movement: 'negativation', protestDays: 30 }));
    expect([at(negativation, 392, 393), at(negativation, 127, 139)]).toEqual(['30', '0'.repeat(13)]); // B: no value
    const stop = detailOf(boleto({ movement: 'negativation_stop' }));
    expect((at(stop, 111, 139) + at(stop, 143, 393)).replace(/[0 ]/g, '')).toBe(''); // 140-142: the bank, 341
  });

  it('an instruction writes no fine record, even when the title has a fine', () => {
    const file = buildRemessa400Itau(
      input([boleto({ movement: 'write_off', fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 } })]),
    );
    expect(linesOf(file).map((l) => l[0])).toEqual(['0', '1', '9']);
  });
});

describe('a monthly interest rate becomes the amount per day (Cobre: amount × rate / 30, half up)', () => {
  const detail = (value: number) =>
    buildRemessa400Itau(input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value } })])).split('\r\n')[1];
  it('1 % a month of R$ 1.234,56 is R$ 0,41 a day; 0 % is none', () => {
    expect(detail(100).slice(160, 173)).toBe('0000000000041');
    expect(detail(0).slice(160, 173)).toBe('0'.repeat(13));
  });
});

describe('Itaú refuses what it cannot carry', () => {
  const beneficiary = input([]).beneficiary;
  const cases: Array<[string, RemessaInput, string]> = [
    ['a percent discount', input([boleto({ discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 } })]), 'percent'],
    ['a seu número over 10 characters', input([boleto({ documentNumber: 'FAT-2026-0001' })]), 'documentNumber'],
    ['a district over 12 characters', input([boleto({ payer: { ...boleto().payer, district: 'Jardim Paulista' } })]), 'payerDistrict'],
    ['a payer name over 40 characters', input([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(41) } })]), 'payerName'],
    ['an amount over 11 integer digits', input([boleto({ amountCents: 1e13 })]), 'amount'],
    ['a due date outside 2000-2099', input([boleto({ dueDate: '2100-01-01' })]), 'DDMMAA'],
    ['a nosso número of another carteira', input([boleto({ nossoNumero: nn(1, '112') })]), 'carteira 109'],
    ['a nosso número with a wrong DAC', input([boleto({ nossoNumero: `10900000001${(Number(nn(1)[11]) + 1) % 10}` })]), 'DAC'],
    ['a nosso número of another account', input([boleto({ nossoNumero: nn(1, '109', '1234', '12346') })]), 'DAC'],
    [
      'a carteira sem registro',
      input([boleto({ nossoNumero: nn(1, '175') })], { beneficiary: { ...beneficiary, carteira: '175' } }),
      'nota 5',
    ],
    ['a carteira of the other layout', input([boleto()], { beneficiary: { ...beneficiary, carteira: '198' } }), 'carteira'],
    ['an account DAC that does not match', input([boleto()], { beneficiary: { ...beneficiary, accountDigit: '7' } }), 'accountDigit'],
    ['an account over 5 digits', input([boleto()], { beneficiary: { ...beneficiary, account: '123456' } }), 'account'],
    ['a fine from the due date itself', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-10', value: 100 } })]), 'nota 36'],
    ['a fine of 100 %', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 10_000 } })]), 'nota 37'],
    ['a fine over the value', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-11', value: 123_456 } })]), 'nota 37'],
    ['a protest without days', input([boleto({ movement: 'protest' })]), 'protestDays'],
    ['a negativation after 100 days', input([boleto({ movement: 'negativation', protestDays: 100 })]), 'protestDays'],
    ['an abatimento without its value', input([boleto({ movement: 'rebate_grant' })]), 'nota 6'],
    ['another bank', input([boleto()], { bankCode: '237' }), 'bank 341'],
    ['no boletos', input([]), 'at least one'],
  ];
  refusalMessages(buildRemessa400Itau, cases);
});

describe('Itaú registry entry', () => {
  it('is registered as cnab400_itau for bank 341 only', () => {
    expectRegistered({ id: 'cnab400_itau', recordLength: 400, banks: ['341'], maxTitles: ITAU_400_MAX_TITLES }, ITAU_400_MOVEMENTS, '237');
    // Two records a title (detail and fine) plus header and trailer in 999,999 sequence numbers.
    expect(ITAU_400_MAX_TITLES).toBe(499_998);
  });
});

describe('round trip through readRemessa400Itau', () => {
  it('reads back the header, each entry and each instruction', () => {
    const entry = boleto({
      discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
      interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
    });
    const read = readRemessa400Itau(
      buildRemessa400Itau(
        input([
          entry,
          boleto({ movement: 'due_date_change', nossoNumero: nn(3), dueDate: '2026-06-01' }),
          boleto({ movement: 'protest', protestDays: 9 }),
        ]),
      ),
    );
    expect(read.bankCode).toBe('341');
    expect(read.generationDate).toBe('2026-03-10');
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '1234',
      account: '12345',
      accountDigit: '1',
      carteira: '109',
      documentKind: 'cnpj',
      document: '11222333000181',
    });
    expect(read.recordCount).toBe(6);
    expect(read.titles).toEqual([
      {
        ...entry,
        movement: 'entry',
        payer: {
          ...entry.payer,
          name: 'JOSE DA CONCEICAO',
          document: '12345678909',
          address: 'RUA DAS ACACIAS, 100',
          district: 'CENTRO',
          city: 'SAO PAULO',
          postalCode: '01310100',
        },
      },
      { movement: 'due_date_change', nossoNumero: nn(3), amountCents: 123456, dueDate: '2026-06-01' },
      { movement: 'protest', nossoNumero: nn(1), amountCents: 123456, protestDays: 9 },
    ]);
  });

  it('property: any valid file round-trips (entries whole, instructions with what they carry)', () => {
    const isoDate = isoDateUntil('2099-12-31');
    const kinds = Object.keys(ITAU_400_MOVEMENTS) as MovementKind[];
    const arbBoleto = fc
      .record({
        movement: fc.constantFrom(...kinds),
        n: fc.integer({ min: 0, max: 99_999_999 }),
        documentNumber: trimmed(10, 'X'),
        issueDate: isoDate,
        dueDate: isoDate,
        amountCents: fc.integer({ min: 2, max: 99_999_999_999 }),
        payer: payerArb({ name: 40, address: 40, district: 12, city: 15 }),
        discount: fc.option(fc.record({ untilDate: isoDate, value: fc.integer({ min: 0, max: 1e9 }) }), { nil: undefined }),
        interest: fc.option(fc.record({ fromDate: isoDate, value: fc.integer({ min: 0, max: 1e9 }) }), { nil: undefined }),
        fine: fc.option(
          fc.record({ percent: fc.boolean(), days: fc.integer({ min: 1, max: 60 }), value: fc.integer({ min: 1, max: 9_999 }) }),
          {
            nil: undefined,
          },
        ),
        rebateCents: fc.integer({ min: 1, max: 1e9 }),
        protestDays: fc.integer({ min: 1, max: 99 }),
      })
      .filter((b) => b.dueDate < '2099-11-01')
      .map(({ n, payer, discount, interest, fine, ...b }): RemessaBoleto => {
        const fineFrom = new Date(`${b.dueDate}T00:00:00Z`);
        fineFrom.setUTCDate(fineFrom.getUTCDate() + (fine?.days ?? 0));
        return {
          ...b,
          nossoNumero: nn(n),
          payer: { ...payer, document: payer.documentKind === 'cpf' ? payer.document.slice(3) : payer.document },
          discount: discount && { kind: 'fixed', ...discount },
          interest: interest && { kind: 'daily_amount', ...interest },
          fine: fine && {
            kind: fine.percent ? 'percent' : 'fixed',
            fromDate: fineFrom.toISOString().slice(0, 10),
            value: fine.percent ? fine.value : Math.min(fine.value, b.amountCents - 1),
          },
        };
      });
    const carried: Partial<Record<MovementKind, Array<keyof RemessaBoleto>>> = {
      write_off: ['amountCents'],
      rebate_grant: ['amountCents', 'rebateCents'],
      rebate_cancel: ['amountCents', 'rebateCents'],
      due_date_change: ['amountCents', 'dueDate'],
      protest: ['amountCents', 'protestDays'],
      protest_stop_keep: ['amountCents'],
      amount_change: ['amountCents'],
      negativation: ['protestDays'],
      negativation_stop: [],
    };
    const norm = (s: string) => normalizeAlpha(s).trimEnd();
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 6 }), (boletos) => {
        const read = readRemessa400Itau(buildRemessa400Itau(input(boletos)));
        const expected = boletos.map((b) => {
          const movement = b.movement ?? 'entry';
          if (movement !== 'entry') {
            const t: Record<string, unknown> = { movement, nossoNumero: b.nossoNumero };
            for (const k of carried[movement]!) t[k] = b[k];
            return t;
          }
          const e: Record<string, unknown> = {
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
          delete e.protestDays;
          for (const k of ['discount', 'interest', 'fine'] as const) if (e[k] === undefined) delete e[k];
          return e;
        });
        expect(read.titles).toEqual(expected);
        const records = 2 + boletos.length + boletos.filter((b) => b.movement === 'entry' && b.fine).length;
        expect(read.recordCount).toBe(records);
      }),
      { numRuns: 300 },
    );
  });
});
