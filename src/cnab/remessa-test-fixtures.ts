// What the remittance tests (CNAB 240 and 400, every bank) share: the sample beneficiary, payer and
// boleto with per-bank overrides (and BB's sample account), slicing by the manuals' 1-based positions,
// line splitting with the record checks, the refusal runners, the movement-code tests, the registry
// check, the property tests' arbitraries and the byte-for-byte comparison with a published fixture.
// Test-only: imported by the *.test.ts files of this folder, never by the layouts.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { generateBoletoNumbers } from '../febraban/banks/registry.ts';
import { DomainError } from '../platform/errors.ts';
import { MOVEMENT_KINDS, type MovementKind, type MovementTable } from './movements.ts';
import type { RemessaBeneficiary, RemessaBoleto, RemessaInput, RemessaPayer } from './remessa.ts';
import { layoutsForBank, remittanceLayout } from './remittance-layouts.ts';

/** 1-based inclusive slice, as positions are printed in the manuals. */
export const at = (line: string, start: number, end: number) => line.slice(start - 1, end);

/** The bank-specific part of a sample input: who the bank is and the account's fields. */
export interface SampleBank {
  bankCode: string;
  bankName: string;
  fileSequence: number;
  beneficiary: Omit<RemessaBeneficiary, 'name' | 'documentKind' | 'document'>;
}

/**
 * A remittance input for the sample beneficiary (Padaria São João Ltda, CNPJ 11.222.333/0001-81),
 * generated 2026-03-10T15:04:05Z (12:04:05 in São Paulo), with the bank's account fields, then
 * `beneficiary` over them and `overrides` over the whole input.
 */
export function sampleInput(
  bank: SampleBank,
  boletos: RemessaBoleto[],
  beneficiary: Partial<RemessaBeneficiary> = {},
  overrides: Partial<RemessaInput> = {},
): RemessaInput {
  return {
    bankCode: bank.bankCode,
    bankName: bank.bankName,
    fileSequence: bank.fileSequence,
    generatedAt: new Date('2026-03-10T15:04:05Z'),
    beneficiary: {
      name: 'Padaria São João Ltda',
      documentKind: 'cnpj',
      document: '11.222.333/0001-81',
      ...bank.beneficiary,
      ...beneficiary,
    },
    boletos,
    ...overrides,
  };
}

/** The sample payer's city: São Paulo unless the bank's tests place the payer elsewhere. */
export const SAO_PAULO = { city: 'São Paulo', state: 'SP', postalCode: '01310-100' } as const;
export const PORTO_ALEGRE = { city: 'Porto Alegre', state: 'RS', postalCode: '90010-000' } as const;
export const NITEROI = { city: 'Niterói', state: 'RJ', postalCode: '24020-000' } as const;

/** The sample payer (José da Conceição, CPF 123.456.789-09, Rua das Acácias, 100, Centro, São Paulo). */
export const samplePayer = (over: Partial<RemessaPayer> = {}): RemessaPayer => ({
  name: 'José da Conceição',
  documentKind: 'cpf',
  document: '123.456.789-09',
  address: 'Rua das Acácias, 100',
  district: 'Centro',
  ...SAO_PAULO,
  ...over,
});

/** What each bank's sample boleto sets itself: its nosso número, seu número and where the payer lives. */
export interface SampleBoletoBase {
  nossoNumero: string;
  documentNumber: string;
  payer?: Partial<RemessaPayer>;
}

/** A boleto of R$ 1.234,56 issued 2026-03-10, due 2026-04-10, for the sample payer; `over` last. */
export const sampleBoleto = (base: SampleBoletoBase, over: Partial<RemessaBoleto> = {}): RemessaBoleto => ({
  nossoNumero: base.nossoNumero,
  documentNumber: base.documentNumber,
  issueDate: '2026-03-10',
  dueDate: '2026-04-10',
  amountCents: 123456,
  payer: samplePayer(base.payer),
  ...over,
});

/** The records of a file whose every record ends in CR LF (the last one included). */
export const splitRecords = (file: string) => file.slice(0, -2).split('\r\n');

/**
 * The records of a CNAB 400 file, checked: the file ends with `end` (CR LF, or CR LF and the 1A end
 * mark some banks want), each record has 400 printable characters and its sequence at 395-400.
 */
export function lines400(file: string, end: '\r\n' | '\r\n\x1a' = '\r\n'): string[] {
  expect(file.endsWith(end)).toBe(true);
  const lines = file.slice(0, -end.length).split('\r\n');
  lines.forEach((l, i) => {
    expect(l).toHaveLength(400);
    expect(l).toMatch(/^[\x20-\x7E]+$/);
    expect(at(l, 395, 400)).toBe(String(i + 1).padStart(6, '0'));
  });
  return lines;
}

/** The validation error `fn` throws; fails the test when it throws anything else or nothing. */
export function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('validation_failed');
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

/** One test per case, named by it: running it is refused as a validation failure. */
export function refusalCases(cases: Array<[name: string, run: () => unknown]>): void {
  it.each(cases)('%s', (_name, run) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
  });
}

/** One test per case, named by it: `build` refuses the input with a message containing the text. */
export function refusalMessages(
  build: (input: RemessaInput) => unknown,
  cases: Array<[name: string, bad: RemessaInput, text: string]>,
): void {
  it.each(cases)('%s', (_name, bad, text) => {
    expect(refusal(() => build(bad)).message).toContain(text);
  });
}

/** A position where a published fixture and Cobre's file differ on purpose, with both values. */
export type FixtureDifference = [line: number, start: number, end: number, theirs: string, ours: string];

/**
 * `lines` equal `fixture` byte for byte outside the listed positions, and at each listed position the
 * fixture holds `theirs` and the file `ours`.
 */
export function expectFixtureOutside(lines: string[], fixture: string[], differences: FixtureDifference[]): void {
  expect(lines).toHaveLength(fixture.length);
  const mask = (l: string, i: number) => {
    let out = l;
    for (const [line, s, e] of differences) if (line === i) out = out.slice(0, s - 1) + '~'.repeat(e - s + 1) + out.slice(e);
    return out;
  };
  expect(lines.map(mask)).toEqual(fixture.map(mask));
  for (const [line, s, e, theirs, ours] of differences) {
    expect(at(fixture[line], s, e)).toBe(theirs);
    expect(at(lines[line], s, e)).toBe(ours);
  }
}

/** What the movement tests of a CNAB 400 layout whose detail carries the code at 109-110 need. */
export interface MovementCodes400 {
  /** The bank's name as the refusal test names it. */
  bank: string;
  table: MovementTable;
  /** Every movement the layout offers and its code, as the manual lists them. */
  codes: Partial<Record<MovementKind, string>>;
  /** The detail record written for a title with this movement. */
  detailOf: (movement: MovementKind) => string;
  /** Builds a file with a title of this movement (refused when the layout has no code for it). */
  build: (movement: MovementKind) => unknown;
}

/**
 * The layout offers exactly `codes`; each is written at 109-110; every other movement is refused
 * with `no movement "<kind>"`.
 */
export function movementCodeTests400({ bank, table, codes, detailOf, build }: MovementCodes400): void {
  const offered = Object.keys(table) as MovementKind[];

  it('offers exactly these codes', () => {
    expect(Object.fromEntries(offered.map((k) => [k, table[k]!.code]))).toEqual(codes);
  });

  it.each(offered.map((k) => [k, table[k]!.code] as const))('%s is written as %s at 109-110', (kind, code) => {
    expect(at(detailOf(kind), 109, 110)).toBe(code);
  });

  it.each(MOVEMENT_KINDS.filter((k) => !offered.includes(k)))(`%s is refused (${bank} has no code for it)`, (kind) => {
    expect(refusal(() => build(kind)).message).toContain(`no movement "${kind}"`);
  });
}

/** The movements a table offers, in MOVEMENT_KINDS order. */
export const offeredOf = (table: MovementTable): MovementKind[] => MOVEMENT_KINDS.filter((k) => table[k] !== undefined);

/** The movements a table offers, in MOVEMENT_KINDS order, with their codes. */
export const codesOf = (table: MovementTable): Partial<Record<MovementKind, string>> =>
  Object.fromEntries(offeredOf(table).map((k) => [k, table[k]!.code]));

/**
 * CNAB 240: each movement `table` offers is written with its code at 16-17 of segments P, Q and R
 * (lines 2-4 of the file `build` writes for a title of that movement).
 */
export function movementInSegments240(table: MovementTable, build: (movement: MovementKind) => string[]): void {
  it.each(offeredOf(table).map((k) => [k, table[k]!.code] as const))('%s is written as %s in P, Q and R', (kind, code) => {
    const lines = build(kind);
    expect([at(lines[2], 16, 17), at(lines[3], 16, 17), at(lines[4], 16, 17)]).toEqual([code, code, code]);
  });
}

/** Property tests: text of up to `max` characters from what the layouts' alpha fields receive (accents included). */
export const alnum = (max: number) =>
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -./ÁÉÇÃÕ'), maxLength: max });

/** Property tests: `alnum` trimmed, `fallback` when nothing is left. */
export const trimmed = (max: number, fallback = '') => alnum(max).map((s) => s.trim() || fallback);

/** Property tests: an ISO date from 2000-01-01 to `last` (ISO) included. */
export const isoDateUntil = (last: string) =>
  fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date(`${last}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/** The ISO date `days` after `iso` (UTC calendar days). */
export function shiftDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Property tests: a payer with a CPF or CNPJ (14 digits, a CPF's 3 leading zeros included), a CEP of 8
 * digits, state SP, RJ or MG, and texts up to the layout's lengths (the name never empty).
 */
export const payerArb = (max: { name: number; address: number; district: number; city: number }) =>
  fc.record({
    name: trimmed(max.name, 'N'),
    documentKind: fc.constantFrom('cpf' as const, 'cnpj' as const),
    document: fc.stringMatching(/^[0-9]{14}$/),
    address: trimmed(max.address),
    district: trimmed(max.district),
    city: trimmed(max.city),
    state: fc.constantFrom('SP', 'RJ', 'MG'),
    postalCode: fc.stringMatching(/^[0-9]{8}$/),
  });

/**
 * The plain title of the record-position tests, built with the bank's `boleto`: seu número 2, R$ 10,00,
 * a CNPJ payer (11.222.333/0001-81) with a long name, no discount, interest nor fine.
 */
export const plainTitle = (
  boleto: (over?: Partial<RemessaBoleto>) => RemessaBoleto,
  nossoNumero: string,
  payerName = 'Comércio de Alimentos Boa Vista Ltda ME',
): RemessaBoleto =>
  boleto({
    nossoNumero,
    documentNumber: '2',
    amountCents: 1000,
    payer: { ...boleto().payer, documentKind: 'cnpj', document: '11222333000181', name: payerName },
  });

/** CNAB 240: the file has `count` records, each of 240 characters starting with the bank's code. */
export function expectRecords240(lines: string[], count: number, bankCode: string): void {
  expect(lines).toHaveLength(count);
  for (const l of lines) {
    expect(l).toHaveLength(240);
    expect(l).toMatch(new RegExp(`^${bankCode}`));
  }
}

/**
 * The registry holds the layout `expected.id` with these properties and `movements` (the very table),
 * offers it to its bank (`expected.banks[0]`) and not to `otherBank`.
 */
export function expectRegistered(
  expected: { id: string; banks: string[] } & Record<string, unknown>,
  movements: MovementTable,
  otherBank: string,
): void {
  const layout = remittanceLayout(expected.id);
  expect(layout).toMatchObject(expected);
  expect(layout?.movements).toBe(movements);
  expect(layoutsForBank(expected.banks[0]).map((l) => l.id)).toContain(expected.id);
  expect(layoutsForBank(otherBank).map((l) => l.id)).not.toContain(expected.id);
}

/** Banco do Brasil's sample account (agência 3064-3, conta 12345678-X, convênio 2345678, carteira 17-019), for its CNAB 240 and 400 tests. */
export const BB_SAMPLE: SampleBank = {
  bankCode: '001',
  bankName: 'Banco do Brasil',
  fileSequence: 42,
  beneficiary: {
    agency: '3064',
    agencyDigit: '3',
    account: '12345678',
    accountDigit: 'x',
    convenio: '2345678',
    carteira: '17',
    variation: '19',
  },
};

/** The nosso número as the boleto module issues it on BB's sample account (its digits, DV included), for `convenio`. */
export const bbIssued = (convenio: string, sequence: number, carteira = '17') =>
  generateBoletoNumbers({
    account: { bankCode: '001', agency: '3064', account: '12345678', carteira, convenio },
    sequence,
    dueDate: '2026-04-10',
    amountCents: 123456,
  }).nossoNumeroDigits;
