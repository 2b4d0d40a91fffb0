// Bradesco CNAB 400 remittance against the manual (Bradesco 4008.524.0121 versão 11, pp. 8-22) and
// against brcobranca's published remittance.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bradescoNossoNumeroDv } from '../febraban/banks/bradesco.ts';
import type { MovementKind } from './movements.ts';
import { normalizeAlpha } from './record.ts';
import type { RemessaBoleto, RemessaInput } from './remessa.ts';
import { BRADESCO_400_MAX_TITLES, BRADESCO_400_MOVEMENTS, buildRemessa400Bradesco, readRemessa400Bradesco } from './remessa400-bradesco.ts';
import {
  at,
  expectRegistered,
  isoDateUntil,
  lines400,
  movementCodeTests400,
  plainTitle,
  refusalMessages,
  type SampleBank,
  sampleBoleto,
  sampleInput,
  shiftDays,
  trimmed,
} from './remessa-test-fixtures.ts';

/** The boleto's nosso_numero_digits as the Bradesco bank module issues them: carteira, 11 digits, DV. */
const nn = (n: number, carteira = '09') => {
  const eleven = String(n).padStart(11, '0');
  return carteira + eleven + bradescoNossoNumeroDv(carteira + eleven);
};

const BRADESCO: SampleBank = {
  bankCode: '237',
  bankName: 'Banco Bradesco',
  fileSequence: 42,
  beneficiary: { agency: '1234', account: '0012345', accountDigit: '6', beneficiaryCode: '4567890', carteira: '09' },
};

const input = (boletos: RemessaBoleto[], overrides: Partial<RemessaInput> = {}) => sampleInput(BRADESCO, boletos, {}, overrides);

const boleto = (over: Partial<RemessaBoleto> = {}) => sampleBoleto({ nossoNumero: nn(1), documentNumber: 'FAT-001' }, over);

const linesOf = (file: string) => lines400(file, '\r\n\x1a'); // p. 8: 0D0A after each record, 1A after the trailer

describe('Bradesco CNAB 400 record positions (pp. 9-11, 16)', () => {
  const full = boleto({
    discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
    interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
    fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
  });
  const plain = plainTitle(boleto, nn(2));
  const lines = linesOf(buildRemessa400Bradesco(input([full, plain])));

  it('header, one transaction record per title, trailer', () => {
    expect(lines.map((l) => l[0])).toEqual(['0', '1', '1', '9']);
  });

  it('header label (p. 9, notes p. 16)', () => {
    const h = lines[0];
    expect(at(h, 1, 1)).toBe('0');
    expect(at(h, 2, 2)).toBe('1');
    expect(at(h, 3, 9)).toBe('REMESSA');
    expect(at(h, 10, 11)).toBe('01');
    expect(at(h, 12, 26)).toBe('COBRANCA'.padEnd(15));
    expect(at(h, 27, 46)).toBe('00000000000004567890'); // código da empresa
    expect(at(h, 47, 76)).toBe('PADARIA SAO JOAO LTDA'.padEnd(30));
    expect(at(h, 77, 79)).toBe('237');
    expect(at(h, 80, 94)).toBe('BRADESCO'.padEnd(15));
    expect(at(h, 95, 100)).toBe('100326');
    expect(at(h, 101, 108)).toBe(' '.repeat(8));
    expect(at(h, 109, 110)).toBe('MX');
    expect(at(h, 111, 117)).toBe('0000042'); // nº sequencial de remessa
    expect(at(h, 118, 394)).toBe(' '.repeat(277));
    expect(at(h, 395, 400)).toBe('000001');
  });

  it('transaction record of an entry (pp. 10-11, notes pp. 17-22)', () => {
    const d = lines[1];
    expect(at(d, 1, 1)).toBe('1');
    expect(at(d, 2, 20)).toBe('0'.repeat(19)); // débito automático: not used
    expect(at(d, 21, 21)).toBe('0');
    expect(at(d, 22, 24)).toBe('009'); // carteira
    expect(at(d, 25, 29)).toBe('01234'); // agência without digit
    expect(at(d, 30, 36)).toBe('0012345');
    expect(at(d, 37, 37)).toBe('6');
    expect(at(d, 38, 62)).toBe('FAT-001'.padEnd(25)); // controle do participante
    expect(at(d, 63, 65)).toBe('000');
    expect(at(d, 66, 66)).toBe('2'); // multa
    expect(at(d, 67, 70)).toBe('0200'); // 2.00 %
    expect(at(d, 71, 81)).toBe('00000000001');
    expect(at(d, 82, 82)).toBe(nn(1)[13]);
    expect(at(d, 83, 92)).toBe('0'.repeat(10));
    expect(at(d, 93, 93)).toBe('2'); // cliente emite
    expect(at(d, 94, 94)).toBe('N');
    expect(at(d, 95, 105)).toBe(' '.repeat(11));
    expect(at(d, 106, 106)).toBe('2');
    expect(at(d, 107, 108)).toBe('  ');
    expect(at(d, 109, 110)).toBe('01');
    expect(at(d, 111, 120)).toBe('FAT-001'.padEnd(10));
    expect(at(d, 121, 126)).toBe('100426');
    expect(at(d, 127, 139)).toBe('0000000123456');
    expect(at(d, 140, 147)).toBe('0'.repeat(8));
    expect(at(d, 148, 149)).toBe('01'); // duplicata
    expect(at(d, 150, 150)).toBe('N');
    expect(at(d, 151, 156)).toBe('100326');
    expect(at(d, 157, 160)).toBe('0000');
    expect(at(d, 161, 173)).toBe('0000000000041'); // mora por dia
    expect(at(d, 174, 179)).toBe('050426');
    expect(at(d, 180, 192)).toBe('0000000000500');
    expect(at(d, 193, 205)).toBe('0'.repeat(13));
    expect(at(d, 206, 218)).toBe('0'.repeat(13));
    expect(at(d, 219, 220)).toBe('01');
    expect(at(d, 221, 234)).toBe('00012345678909');
    expect(at(d, 235, 274)).toBe('JOSE DA CONCEICAO'.padEnd(40));
    expect(at(d, 275, 314)).toBe('RUA DAS ACACIAS, 100'.padEnd(40));
    expect(at(d, 315, 326)).toBe(' '.repeat(12));
    expect(at(d, 327, 331)).toBe('01310');
    expect(at(d, 332, 334)).toBe('100');
    expect(at(d, 335, 394)).toBe(' '.repeat(60));
    expect(at(d, 395, 400)).toBe('000002');
  });

  it('a title without discount, interest or fine: code 0 and zeros; CNPJ payer, name of 40', () => {
    const d = lines[2];
    expect(at(d, 66, 70)).toBe('00000');
    expect(at(d, 161, 192)).toBe('0'.repeat(32));
    expect(at(d, 219, 234)).toBe('0211222333000181');
    expect(at(d, 235, 274)).toBe('COMERCIO DE ALIMENTOS BOA VISTA LTDA ME'.padEnd(40));
  });

  it('trailer (p. 16)', () => {
    const t = lines[3];
    expect(at(t, 1, 1)).toBe('9');
    expect(at(t, 2, 394)).toBe(' '.repeat(393));
    expect(at(t, 395, 400)).toBe('000004');
  });

  it('a nosso número whose DV is P (p. 18) is written with it', () => {
    // The manual's own example: carteira 19, nosso número 00000000001 → DV P.
    const file = buildRemessa400Bradesco(
      input([boleto({ nossoNumero: '1900000000001P' })], { beneficiary: { ...input([]).beneficiary, carteira: '19' } }),
    );
    expect(at(linesOf(file)[1], 71, 82)).toBe('00000000001P');
  });
});

// kivanio/brcobranca spec/fixtures/remessa/remessa-bradesco-cnab400.rem (commit 325e0eae69ad298477b935a441a22c61c7556f31),
// written by spec/brcobranca/remessa/cnab400/bradesco_spec.rb with Timecop at 2015-07-14. Copied unchanged.
const BRCOBRANCA_BRADESCO = [
  `01REMESSA01COBRANCA       00000000000000000123SOCIEDADE BRASILEIRA DE ZOOLOG237BRADESCO       140715        MX0000001${' '.repeat(277)}000001`,
  `10000000000000000000000112345123456716969                     0002020000000000123P00000000002N           2  011         14071500000000199900000000001N140715000000000000000000000000000000000000000000000000000000000000000100012345678901PABLO DIEGO JOSE FRANCISCO DE PAULA JUANRUA RIO GRANDE DO SU SANTA RITA DE CSP              12345678                                                            000002`,
  `9${' '.repeat(393)}000003`,
];

describe("brcobranca's published Bradesco remittance, byte for byte", () => {
  // The spec's inputs: código da empresa 123, carteira 01, agência 12345, conta 1234567-1, remessa 1,
  // R$ 199,90 due and issued 2015-07-14, nosso número 123 (DV P), documento 6969, número 1, multa 2.00 %,
  // pagador CPF 12345678901; the address as brcobranca composes it (street, city/UF in 40).
  const file = buildRemessa400Bradesco({
    bankCode: '237',
    bankName: 'Bradesco',
    fileSequence: 1,
    generatedAt: new Date('2015-07-14T19:15:15Z'), // 16:15:15 in São Paulo, as Timecop's local time
    beneficiary: {
      name: 'SOCIEDADE BRASILEIRA DE ZOOLOG',
      documentKind: 'cnpj',
      document: '11222333000181',
      agency: '12345',
      account: '1234567',
      accountDigit: '1',
      beneficiaryCode: '123',
      carteira: '01',
    },
    boletos: [
      {
        nossoNumero: nn(123, '01'),
        documentNumber: '6969',
        issueDate: '2015-07-14',
        dueDate: '2015-07-14',
        amountCents: 19990,
        payer: {
          name: 'PABLO DIEGO JOSE FRANCISCO DE PAULA JUAN',
          documentKind: 'cpf',
          document: '12345678901',
          address: 'RUA RIO GRANDE DO SU SANTA RITA DE CSP',
          district: 'SAO JOSE DOS QUATRO APOSTO',
          city: 'SANTA RITA DE CASSIA',
          state: 'SP',
          postalCode: '12345678',
        },
        fine: { kind: 'percent', fromDate: '2015-07-15', value: 200 },
      },
    ],
  });
  const lines = linesOf(file);

  it('the DV of the spec is P', () => {
    expect(nn(123, '01')).toBe('0100000000123P');
  });

  it('header and trailer are identical', () => {
    expect(lines[0]).toBe(BRCOBRANCA_BRADESCO[0]);
    expect(lines[2]).toBe(BRCOBRANCA_BRADESCO[2]);
  });

  it('the transaction record differs only at 111-120, where brcobranca writes its "numero" and Cobre the seu número', () => {
    const expected = `${at(BRCOBRANCA_BRADESCO[1], 1, 110)}${'6969'.padEnd(10)}${at(BRCOBRANCA_BRADESCO[1], 121, 400)}`;
    expect(lines[1]).toBe(expected);
    const differing = [...lines[1]].flatMap((c, i) => (c === BRCOBRANCA_BRADESCO[1][i] ? [] : [i + 1]));
    expect(differing).toEqual([111, 112, 113, 114]);
  });
});

describe('Bradesco movements (p. 20)', () => {
  const detailOf = (b: RemessaBoleto) => linesOf(buildRemessa400Bradesco(input([b])))[1];

  movementCodeTests400({
    bank: 'Bradesco',
    table: BRADESCO_400_MOVEMENTS,
    codes: {
      entry: '01',
      write_off: '02',
      rebate_grant: '04',
      rebate_cancel: '05',
      due_date_change: '06',
      protest: '09',
      protest_stop_write_off: '18',
      protest_stop_keep: '19',
      amount_change: '20',
      negativation: '45',
      negativation_stop: '46',
    },
    detailOf: (movement) => detailOf(boleto({ movement, rebateCents: 700 })),
    build: (movement) => buildRemessa400Bradesco(input([boleto({ movement })])),
  });

  it('an instruction names the whole title; 06 the new due date, 20 the new value, 04/05 the abatimento', () => {
    const writeOff = detailOf(boleto({ movement: 'write_off', rebateCents: 300 }));
    expect([at(writeOff, 111, 139), at(writeOff, 206, 218), at(writeOff, 235, 274).trim()]).toEqual([
      'FAT-001   1004260000000123456',
      '0'.repeat(13),
      'JOSE DA CONCEICAO',
    ]);
    expect(at(detailOf(boleto({ movement: 'due_date_change', dueDate: '2026-05-20' })), 121, 126)).toBe('200526');
    expect(at(detailOf(boleto({ movement: 'amount_change', amountCents: 98_765 })), 127, 139)).toBe('0000000098765');
    expect(at(detailOf(boleto({ movement: 'rebate_grant', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
    expect(at(detailOf(boleto({ movement: 'rebate_cancel', rebateCents: 1_050 })), 206, 218)).toBe('0000000001050');
  });
});

describe('a monthly interest rate becomes the amount per day (Cobre: amount × rate / 30, half up)', () => {
  const detail = (value: number) =>
    buildRemessa400Bradesco(input([boleto({ interest: { kind: 'monthly_percent', fromDate: '2026-04-11', value } })])).split('\r\n')[1];
  it('1 % a month of R$ 1.234,56 is R$ 0,41 a day; 0 % is none', () => {
    expect(detail(100).slice(160, 173)).toBe('0000000000041');
    expect(detail(0).slice(160, 173)).toBe('0'.repeat(13));
  });
});

describe('Bradesco refuses what it cannot carry', () => {
  const beneficiary = input([]).beneficiary;
  const cases: Array<[string, RemessaInput, string]> = [
    [
      'interest from another day than the one after the due date',
      input([boleto({ interest: { kind: 'daily_amount', fromDate: '2026-04-14', value: 10 } })]),
      'no interest date',
    ],
    ['a percent discount', input([boleto({ discount: { kind: 'percent', untilDate: '2026-04-01', value: 250 } })]), 'percent'],
    ['a fixed fine', input([boleto({ fine: { kind: 'fixed', fromDate: '2026-04-11', value: 500 } })]), 'only as a percent'],
    ['a fine after a grace period', input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-15', value: 200 } })]), 'no fine date'],
    [
      'a fine of 100 % (4 digits, 2 decimals)',
      input([boleto({ fine: { kind: 'percent', fromDate: '2026-04-11', value: 10_000 } })]),
      'finePercent',
    ],
    ['protest days with ocorrência 09', input([boleto({ movement: 'protest', protestDays: 5 })]), 'carries no days'],
    ['negativation days with ocorrência 45', input([boleto({ movement: 'negativation', protestDays: 5 })]), 'carries no days'],
    ['an abatimento without its value', input([boleto({ movement: 'rebate_cancel' })]), '206-218'],
    ['a seu número over 10 characters', input([boleto({ documentNumber: 'FAT-2026-0001' })]), 'documentNumber'],
    ['a payer name over 40 characters', input([boleto({ payer: { ...boleto().payer, name: 'X'.repeat(41) } })]), 'payerName'],
    ['a bad CEP', input([boleto({ payer: { ...boleto().payer, postalCode: '123' } })]), 'CEP'],
    ['a nosso número of another carteira', input([boleto({ nossoNumero: nn(1, '06') })]), 'carteira 09'],
    ['a nosso número with a wrong DV', input([boleto({ nossoNumero: `${nn(1).slice(0, 13)}${nn(1)[13] === '1' ? '2' : '1'}` })]), 'DV'],
    ['no código da empresa', input([boleto()], { beneficiary: { ...beneficiary, beneficiaryCode: undefined } }), 'código da empresa'],
    [
      'a código da empresa over 20 digits',
      input([boleto()], { beneficiary: { ...beneficiary, beneficiaryCode: '1'.repeat(21) } }),
      'companyCode',
    ],
    ['no account digit', input([boleto()], { beneficiary: { ...beneficiary, accountDigit: undefined } }), 'accountDigit'],
    ['an agency over 5 digits', input([boleto()], { beneficiary: { ...beneficiary, agency: '123456' } }), 'agency'],
    ['a carteira over 2 digits', input([boleto()], { beneficiary: { ...beneficiary, carteira: '109' } }), 'carteira'],
    ['a file sequence over 7 digits', input([boleto()], { fileSequence: 10_000_000 }), 'fileSequence'],
    ['a date outside 2000-2099', input([boleto({ issueDate: '1999-12-31' })]), 'DDMMAA'],
    ['another bank', input([boleto()], { bankCode: '341' }), 'bank 237'],
    ['no boletos', input([]), 'at least one'],
  ];
  refusalMessages(buildRemessa400Bradesco, cases);
});

describe('Bradesco registry entry', () => {
  it('is registered as cnab400_bradesco for bank 237 only', () => {
    expectRegistered(
      { id: 'cnab400_bradesco', recordLength: 400, banks: ['237'], maxTitles: BRADESCO_400_MAX_TITLES },
      BRADESCO_400_MOVEMENTS,
      '341',
    );
    expect(BRADESCO_400_MAX_TITLES).toBe(999_997); // one record a title, header and trailer
  });
});

describe('round trip through readRemessa400Bradesco', () => {
  it('reads back the header and each title', () => {
    const entry = boleto({
      discount: { kind: 'fixed', untilDate: '2026-04-05', value: 500 },
      interest: { kind: 'daily_amount', fromDate: '2026-04-11', value: 41 },
      fine: { kind: 'percent', fromDate: '2026-04-11', value: 200 },
    });
    const read = readRemessa400Bradesco(
      buildRemessa400Bradesco(input([entry, boleto({ movement: 'protest_stop_write_off', nossoNumero: nn(3) })])),
    );
    expect(read.bankCode).toBe('237');
    expect(read.generationDate).toBe('2026-03-10');
    expect(read.fileSequence).toBe(42);
    expect(read.beneficiary).toEqual({
      name: 'PADARIA SAO JOAO LTDA',
      agency: '1234',
      account: '12345',
      accountDigit: '6',
      carteira: '09',
      beneficiaryCode: '4567890',
    });
    expect(read.recordCount).toBe(4);
    const payer = {
      ...entry.payer,
      name: 'JOSE DA CONCEICAO',
      document: '12345678909',
      address: 'RUA DAS ACACIAS, 100',
      district: '',
      city: '',
      state: '',
      postalCode: '01310100',
    };
    expect(read.titles).toEqual([
      { ...entry, movement: 'entry', payer },
      { ...boleto({ nossoNumero: nn(3) }), movement: 'protest_stop_write_off', payer },
    ]);
  });

  it('property: any valid file round-trips (what the layout carries)', () => {
    const isoDate = isoDateUntil('2099-12-30');
    const kinds = Object.keys(BRADESCO_400_MOVEMENTS) as MovementKind[];
    const arbBoleto = fc
      .record({
        movement: fc.constantFrom(...kinds),
        carteiraNumber: fc.integer({ min: 0, max: 99_999_999_999 }),
        documentNumber: trimmed(10, 'X'),
        issueDate: isoDate,
        dueDate: isoDate,
        amountCents: fc.integer({ min: 0, max: 99_999_999_999 }),
        payer: fc.record({
          name: trimmed(40, 'N'),
          documentKind: fc.constantFrom('cpf' as const, 'cnpj' as const),
          document: fc.stringMatching(/^[0-9]{14}$/),
          address: trimmed(40),
          postalCode: fc.stringMatching(/^[0-9]{8}$/),
        }),
        discount: fc.option(fc.record({ untilDate: isoDate, value: fc.integer({ min: 0, max: 1e9 }) }), { nil: undefined }),
        interest: fc.option(fc.integer({ min: 1, max: 1e9 }), { nil: undefined }),
        fine: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
        rebateCents: fc.integer({ min: 1, max: 1e9 }),
      })
      .map(
        ({ carteiraNumber, payer, discount, interest, fine, ...b }): RemessaBoleto => ({
          ...b,
          nossoNumero: nn(carteiraNumber),
          payer: {
            ...payer,
            document: payer.documentKind === 'cpf' ? payer.document.slice(3) : payer.document,
            district: '',
            city: '',
            state: '',
          },
          discount: discount && { kind: 'fixed', ...discount },
          interest: interest === undefined ? undefined : { kind: 'daily_amount', fromDate: shiftDays(b.dueDate, 1), value: interest },
          fine: fine === undefined ? undefined : { kind: 'percent', fromDate: shiftDays(b.dueDate, 1), value: fine },
        }),
      );
    const norm = (s: string) => normalizeAlpha(s).trimEnd();
    fc.assert(
      fc.property(fc.array(arbBoleto, { minLength: 1, maxLength: 6 }), (boletos) => {
        const read = readRemessa400Bradesco(buildRemessa400Bradesco(input(boletos)));
        const expected = boletos.map((b) => {
          const e: Record<string, unknown> = {
            ...b,
            documentNumber: norm(b.documentNumber),
            payer: { ...b.payer, name: norm(b.payer.name), address: norm(b.payer.address) },
          };
          for (const k of ['discount', 'interest', 'fine'] as const) if (e[k] === undefined) delete e[k];
          // The abatimento goes with the entry and with 04/05 only.
          if (!['entry', 'rebate_grant', 'rebate_cancel'].includes(b.movement!)) delete e.rebateCents;
          return e;
        });
        expect(read.titles).toEqual(expected);
        expect(read.recordCount).toBe(boletos.length + 2);
      }),
      { numRuns: 300 },
    );
  });
});
