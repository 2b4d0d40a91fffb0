// Banrisul CNAB 400 remittance against the manual ("Cobrança Banrisul – Leiaute CNAB 400 Posições
// Padrão Febraban com Código de Agência com 4 Dígitos", §1.4, §2.1, §2.2, §2.7) and against brcobranca's
// published remittance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { banrisulNc } from '../febraban/checkDigits.ts';
import type { MovementKind } from './movements.ts';
import { normalizeAlpha } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { BANRISUL_400_MAX_TITLES, BANRISUL_400_MOVEMENTS, buildRemessa400Banrisul, readRemessa400Banrisul } from './remessa400-banrisul.ts';
import {
  at,
  expectRegistered,
  isoDateUntil,
  lines400,
  movementCodeTests400,
  plainTitle,
  PORTO_ALEGRE,
  refusalMessages,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  shiftDays,
  trimmed,
} from './remessa-test-fixtures.ts';

/** The boleto's nosso_numero_digits as the Banrisul bank module issues them: 8 digits and the NC. */
const nn = (n: number) => {
  const eight = String(n).padStart(8, '0');
  return eight + banrisulNc(eight);
};

const BANRISUL: SampleBank = {
  bankCode: '041',
  bankName: 'Banrisul',
  fileSequence: 7,
  beneficiary: { agency: '1102', account: '9000150', accountDigit: '46', carteira: '2' },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(BANRISUL, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) =>
  sampleBoleto({ nossoNumero: nn(1), documentNumber: 'FAT-001', payer: { ...PORTO_ALEGRE } }, over);

const linesOf = (file: string) => lines400(file, '\r\n\x1a'); // §1.4: CR LF after each record, 1A after the trailer

describe('Banrisul CNAB 400 record positions (§2.1, §2.2, §2.7)', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
    fine: { kind: 'percent', fromDate: '2026-04-16', value: 250 },
  });
  const plain = plainTitle(boleto, nn(2), 'Comércio de Alimentos Boa Vista');
  const lines = linesOf(buildRemessa400Banrisul(input([full, plain])));

  it('header, a transação per title, trailer', () => {
    expect(lines.map((l) => l[0])).toEqual(['0', '1', '1', '9']);
  });

  it('header (§2.1)', () => {
    const h = lines[0];
    expect(at(h, 1, 9)).toBe('01REMESSA');
    expect(at(h, 10, 26)).toBe(' '.repeat(17));
    expect(at(h, 27, 39)).toBe('1102' + '9000150' + '46'); // AAAA + código de cedente with its NC
    expect(at(h, 40, 46)).toBe(' '.repeat(7));
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 77, 87)).toBe('041BANRISUL');
    expect(at(h, 88, 94)).toBe(' '.repeat(7));
    expect(at(h, 95, 100)).toBe('100326');
    expect(at(h, 101, 394)).toBe(' '.repeat(294));
    expect(at(h, 395, 400)).toBe('000001');
  });

  it('transação tipo 1 of an entry (§2.2)', () => {
    const d = lines[1];
    expect(at(d, 1, 1)).toBe('1');
    expect(at(d, 2, 17)).toBe(' '.repeat(16));
    expect(at(d, 18, 30)).toBe('1102900015046');
    expect(at(d, 31, 37)).toBe(' '.repeat(7));
    expect(at(d, 38, 62)).toBe('FAT-001'.padEnd(25));
    expect(at(d, 63, 72)).toBe(nn(1));
    expect(at(d, 73, 107)).toBe(' '.repeat(35)); // mensagem, brancos
    expect(at(d, 108, 108)).toBe('1'); // cobrança simples
    expect(at(d, 109, 110)).toBe('01');
    expect(at(d, 111, 120)).toBe('FAT-001'.padEnd(10));
    expect(at(d, 121, 126)).toBe('100426');
    expect(at(d, 127, 139)).toBe('0000000123456');
    expect(at(d, 140, 142)).toBe('041');
    expect(at(d, 143, 147)).toBe(' '.repeat(5));
    expect(at(d, 148, 149)).toBe('08'); // carteira 2: cobrança credenciada, printed by the beneficiary
    expect(at(d, 150, 150)).toBe('N');
    expect(at(d, 151, 156)).toBe('100326');
    expect(at(d, 157, 160)).toBe('1823'); // multa, não protestar
    expect(at(d, 161, 161)).toBe('0'); // valor diário
    expect(at(d, 162, 173)).toBe('000000000041');
    expect(at(d, 174, 179)).toBe('050426');
    expect(at(d, 180, 192)).toBe('0000000000500');
    expect(at(d, 193, 218)).toBe(' '.repeat(26)); // IOF and abatimento unused: blank
    expect(at(d, 219, 234)).toBe('0100012345678909');
    expect(at(d, 235, 269)).toBe('JOSE DA CONCEICAO'.padEnd(35));
    expect(at(d, 270, 274)).toBe(' '.repeat(5));
    expect(at(d, 275, 314)).toBe('RUA DAS ACACIAS, 100'.padEnd(40));
    expect(at(d, 315, 321)).toBe(' '.repeat(7));
    expect(at(d, 322, 324)).toBe('025'); // 2,5 %
    expect(at(d, 325, 326)).toBe('05'); // after 5 days of the due date: from the 6th day on
    expect(at(d, 327, 334)).toBe('90010000');
    expect(at(d, 335, 349)).toBe('PORTO ALEGRE'.padEnd(15));
    expect(at(d, 350, 351)).toBe('RS');
    expect(at(d, 352, 394)).toBe(' '.repeat(43));
    expect(at(d, 395, 400)).toBe('000002');
  });

  it('a title without discount, interest or fine leaves those fields blank', () => {
    const d = lines[2];
    expect(at(d, 157, 160)).toBe('23  ');
    expect(at(d, 161, 218)).toBe(' '.repeat(58));
    expect(at(d, 322, 326)).toBe(' '.repeat(5));
  });

  it('trailer (§2.7): the total of the titles; the file ends with 1A', () => {
    const t = lines[3];
    expect(at(t, 1, 27)).toBe(`9${' '.repeat(26)}`);
    expect(at(t, 28, 40)).toBe(String(123456 + 1000).padStart(13, '0'));
    expect(at(t, 41, 394)).toBe(' '.repeat(354));
    expect(at(t, 395, 400)).toBe('000004');
  });

  it('carteira 1 is tipo de documento 06; a monthly rate is mora code 1 with two decimals', () => {
    const [, d] = linesOf(
      buildRemessa400Banrisul(
        input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value: 150 } })], {
          beneficiary: { ...input([]).beneficiary, carteira: '1' },
        }),
      ),
    );
    expect(at(d, 148, 149)).toBe('06');
    expect(at(d, 161, 173)).toBe('1000000000150');
  });
});

// kivanio/brcobranca spec/fixtures/remessa/remessa-banrisul-cnab400.rem (commit 325e0eae69ad298477b935a441a22c61c7556f31),
// written by spec/brcobranca/remessa/cnab400/banrisul_spec.rb with Timecop at 2015-07-14. Copied unchanged.
const BRCOBRANCA_BANRISUL = [
  `01REMESSA                 1102900015046       SOCIEDADE BRASILEIRA DE ZOOLOG041BANRISUL       140715${' '.repeat(294)}000001`,
  '1                1102900015046       1                        2283256351                                   1011         1407150000000019990041     08N1407151800             0000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA     RUA RIO GRANDE DO SUL SAO PAULO MINAS CA       0200012345678SANTA RITA DE CSP0000 000000000000000                       000002',
  `9                          0000000019990${' '.repeat(354)}000003`,
];

describe("brcobranca's published Banrisul remittance, byte for byte", () => {
  // The spec's inputs: agência 1102, convênio 1102900015046, nosso número 22832563 (NC 51), documento
  // 1, R$ 199,90 due and issued 2015-07-14, multa 2.0 %, pagador CPF 12345678901. Names as brcobranca cuts them.
  const file = buildRemessa400Banrisul({
    bankCode: '041',
    bankName: 'Banrisul',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'),
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cpf',
      document: '12345678910',
      agency: '1102',
      account: '9000150',
      carteira: '2',
    },
    boletos: [
      {
        nossoNumero: nn(22_832_563),
        documentNumber: '1',
        issueDate: '2015-07-14',
        dueDate: '2015-07-14',
        amountCents: 19990,
        payer: {
          name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA',
          documentKind: 'cpf',
          document: '12345678901',
          address: 'RUA RIO GRANDE DO SUL SAO PAULO MINAS CA',
          district: 'SAO JOSE DOS QUATRO',
          city: 'SANTA RITA DE C',
          state: 'SP',
          postalCode: '12345678',
        },
        fine: { kind: 'percent', fromDate: '2015-07-15', value: 200 },
      },
    ],
  });
  const lines = linesOf(file);

  it('header and trailer are identical', () => {
    expect(lines[0]).toBe(BRCOBRANCA_BANRISUL[0]);
    expect(lines[2]).toBe(BRCOBRANCA_BANRISUL[2]);
  });

  it('the record differs only where brcobranca writes zeros in unused numeric fields, and at 159-160', () => {
    // 159-160: Cobre's entry says "23 – Não protestar"; brcobranca 00 (not a code of the manual).
    // 174-218, 352-355, 357-371: brcobranca writes zeros in the unused desconto, IOF, abatimento,
    //   taxa para pagamento antecipado, valor para cálculo do desconto and dias para protesto; §2.7
    //   "Os campos numéricos não utilizados devem ficar em branco" (brcobranca itself leaves the mora blank).
    const expected = [...BRCOBRANCA_BANRISUL[1]];
    const put = (start: number, text: string) => {
      for (let i = 0; i < text.length; i++) expected[start - 1 + i] = text[i];
    };
    put(159, '23');
    put(174, ' '.repeat(218 - 174 + 1));
    put(352, '    ');
    put(357, ' '.repeat(371 - 357 + 1));
    expect(lines[1]).toBe(expected.join(''));
  });
});

describe('Banrisul movements (§2.2, 109-110)', () => {
  const detailOf = (b: RemessaBoleto) => linesOf(buildRemessa400Banrisul(input([b])))[1];

  movementCodeTests400({
    bank: 'Banrisul',
    table: BANRISUL_400_MOVEMENTS,
    codes: {
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_keep: '10',
    },
    detailOf: (movement) => detailOf(boleto({ movement, rebateCents: 700 })),
    build: (movement) => buildRemessa400Banrisul(input([boleto({ movement })])),
  });

  it('instructions other than the entry carry no "não protestar"; 04/05 the abatimento', () => {
    expect(at(detailOf(boleto({ movement: 'protest' })), 157, 160)).toBe('    ');
    expect(at(detailOf(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'rebate_cancel', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'write_off', rebateCents: 1_050 })), 206, 218)).toBe(' '.repeat(13));
    expect(at(detailOf(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 121, 126)).toBe('200526');
  });
});

describe('Banrisul refuses what it cannot carry', () => {
  const beneficiary = input([]).beneficiary;
  const cases: Array<[string, RemessaInput, string]> = [
    ['a percent discount', input([boleto({ discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 } })]), 'percent'],
    ['a fixed fine', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-11', value: 100 } })]), 'only as a percent'],
    ['a fine with two decimals', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 205 } })]), 'one decimal'],
    ['a fine from the due date', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-10', value: 200 } })]), '325-326'],
    [
      'interest from another day',
      input([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-12', value: 41 } })]),
      'no interest date',
    ],
    ['a protest with days', input([boleto({ movement: 'protest', protestDays: 5 })]), 'carries no days'],
    ['a seu número over 10 characters', input([boleto({ documentNumber: 'FAT-2026-0001' })]), 'documentNumber'],
    ['a payer name over 35 characters', input([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(36) } })]), 'payerName'],
    ['a nosso número with a wrong NC', input([boleto({ nossoNumero: `00000001${nn(1).slice(8) === '00' ? '01' : '00'}` })]), 'NC'],
    [
      'a código de cedente NC that does not match',
      input([boleto()], { beneficiary: { ...beneficiary, accountDigit: '47' } }),
      'accountDigit',
    ],
    ['a carteira other than 1 or 2', input([boleto()], { beneficiary: { ...beneficiary, carteira: '3' } }), 'carteira'],
    ['an abatimento without its value', input([boleto({ movement: 'rebate_grant' })]), 'abatimento'],
    ['another bank', input([boleto()], { bankCode: '341' }), 'bank 041'],
    ['no boletos', input([]), 'at least one'],
  ];
  refusalMessages(buildRemessa400Banrisul, cases);
});

describe('Banrisul registry entry', () => {
  it('is registered as cnab400_banrisul for bank 041 only', () => {
    expectRegistered(
      {
        id: 'cnab400_banrisul',
        recordLength: 400,
        banks: ['041'],
        maxTitles: BANRISUL_400_MAX_TITLES,
        textLengths: { documentNumber: 10, payerName: 35 },
      },
      BANRISUL_400_MOVEMENTS,
      '341',
    );
  });
});

describe('round trip through readRemessa400Banrisul', () => {
  it('reads back the código de cedente and the titles; a trailer that does not add up is refused', () => {
    const file = buildRemessa400Banrisul(input([boleto(), boleto({ movement: 'write_off', nossoNumero: nn(5) })]));
    const read = readRemessa400Banrisul(file);
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '1102',
      account: '9000150',
      accountDigit: '46',
      carteira: '2',
    });
    expect(read.recordCount).toBe(4);
    expect(read.titles[1]).toMatchObject({ movement: 'write_off', nossoNumero: nn(5) });
    const tampered = file.replace(
      /\r\n9( {26})(\d{13})/,
      (_m, blanks: string, total: string) => `\r\n9${blanks}${String(Number(total) + 1).padStart(13, '0')}`,
    );
    expect(() => readRemessa400Banrisul(tampered)).toThrow('total');
  });

  it('property: any valid file round-trips (the bairro of the payer is not in the layout)', () => {
    const isoDate = isoDateUntil('2099-08-31');
    const kinds = Object.keys(BANRISUL_400_MOVEMENTS) as MovementKind[];
    const arbBoleto = fc
      .record({
        movement: fc.constantFrom(...kinds),
        n: fc.integer({ min: 0, max: 99_999_999 }),
        documentNumber: trimmed(10, 'X'),
        issueDate: isoDate,
        dueDate: isoDate,
        amountCents: fc.integer({ min: 1, max: 99_999_999_999 }),
        payer: fc.record({
          name: trimmed(35, 'N'),
          documentKind: fc.constantFrom('cpf' as const, 'cnpj' as const),
          document: fc.stringMatching(/^[0-9]{14}$/),
          address: trimmed(40),
          city: trimmed(15),
          state: fc.constantFrom('SP', 'RS', 'MG'),
          postalCode: fc.stringMatching(/^[0-9]{8}$/),
        }),
        discount: fc.option(fc.record({ untilDate: isoDate, value: fc.integer({ min: 1, max: 1e9 }) }), { nil: undefined }),
        interest: fc.option(fc.record({ daily: fc.boolean(), value: fc.integer({ min: 1, max: 1e9 }) }), { nil: undefined }),
        fine: fc.option(fc.record({ days: fc.integer({ min: 1, max: 100 }), tenths: fc.integer({ min: 1, max: 999 }) }), {
          nil: undefined,
        }),
        rebateCents: fc.integer({ min: 1, max: 1e9 }),
      })
      .map(
        ({ n, payer, discount, interest, fine, rebateCents, ...b }): RemessaBoleto => ({
          ...b,
          nossoNumero: nn(n),
          payer: { ...payer, district: '', document: payer.documentKind === 'cpf' ? payer.document.slice(3) : payer.document },
          discount: discount && { kind: 'fixed', ...discount },
          interest: interest && {
            kind: interest.daily ? 'daily_amount' : 'monthly_percent',
            fromDate: shiftDays(b.dueDate, 1),
            value: interest.value,
          },
          fine: fine && { kind: 'percent', fromDate: shiftDays(b.dueDate, fine.days), value: fine.tenths * 10 },
          rebateCents: ['entry', 'rebate_grant', 'rebate_cancel'].includes(b.movement) ? rebateCents : undefined,
        }),
      );
    const norm = (s: string) => normalizeAlpha(s).trimEnd();
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 6 }), (boletos) => {
        const read = readRemessa400Banrisul(buildRemessa400Banrisul(input(boletos)));
        const expected = boletos.map((b) => {
          const e: Record<string, unknown> = {
            ...b,
            documentNumber: norm(b.documentNumber),
            payer: { ...b.payer, name: norm(b.payer.name), address: norm(b.payer.address), city: norm(b.payer.city) },
          };
          for (const k of ['discount', 'interest', 'fine', 'rebateCents'] as const) if (e[k] === undefined) delete e[k];
          return e;
        });
        expect(read.titles).toEqual(expected);
        expect(read.recordCount).toBe(boletos.length + 2);
      }),
      { numRuns: 300 },
    );
  });
});
