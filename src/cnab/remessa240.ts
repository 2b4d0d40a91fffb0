// CNAB 240 remittance ("remessa de cobrança"): one batch with segments P, Q and R per boleto.
// One writer for every bank: a bank's own 240 layout is a variant (its field tables, layout versions,
// movement codes and the values it adds or changes), FEBRABAN's is the default.
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import { FEBRABAN_240_MOVEMENTS, type MovementKind, type MovementTable, movementCodeOf } from './movements.ts';
import { type Layout, type RecordValues, writeRecord } from './record.ts';
import {
  cents,
  documentFields,
  digitsOnly,
  fail,
  type RemessaBeneficiary,
  type RemessaBoleto,
  type RemessaInput,
  saoPauloStamp,
  titleDate,
} from './remessa.ts';

export const DEFAULT_LAYOUT_VERSION = { file: '103', batch: '060' } as const;

/** The beneficiary's account as the generic records write it (agency, account and their DVs). */
export interface Remessa240Account {
  agency: string;
  agencyDigit: string;
  account: string;
  accountDigit: string;
  agencyAccountDigit: string;
}

/** What a variant's hooks may read: the input and the values every record shares. */
export interface Remessa240Context {
  input: RemessaInput;
  bankCode: string;
  account: Remessa240Account;
  convenio: string;
}

type Hook<A extends unknown[]> = (values: RecordValues, ctx: Remessa240Context, ...args: A) => void;

/**
 * A bank's CNAB 240 remittance: its field tables (each position cited to its manual), the versions it
 * writes at 164-166 / 14-16, its movement code table, and hooks that add or change the values of a
 * record after the FEBRABAN values are set (fields a table does not have are simply not written).
 */
export interface Remessa240Variant {
  id: string;
  layouts: {
    fileHeader: Layout;
    batchHeader: Layout;
    segmentP: Layout;
    segmentQ: Layout;
    segmentR: Layout;
    batchTrailer: Layout;
    fileTrailer: Layout;
  };
  version: { file: string; batch: string };
  movements: MovementTable;
  /** Checks of the input the bank needs before any record is written; may complete `ctx.account` (the values every record takes). */
  check?(ctx: Remessa240Context): void;
  fileHeader?: Hook<[]>;
  batchHeader?: Hook<[]>;
  segmentP?: Hook<[boleto: RemessaBoleto, movement: MovementKind, at: (suffix: string) => string]>;
  segmentQ?: Hook<[boleto: RemessaBoleto, movement: MovementKind, at: (suffix: string) => string]>;
  segmentR?: Hook<[boleto: RemessaBoleto, movement: MovementKind, at: (suffix: string) => string]>;
  /** Reading a file back (remessa240-reader.ts) where the bank's fields differ from FEBRABAN's. */
  read?: {
    /** The beneficiary fields the bank keeps elsewhere (raw fields of the file and batch headers and of the first segment P). */
    beneficiary?(
      fileHeader: Record<string, string>,
      batchHeader: Record<string, string>,
      firstP: Record<string, string> | undefined,
    ): Partial<Omit<RemessaBeneficiary, 'carteira'>>;
    /** The nosso número as Cobre gave it, from the raw fields of segment P. */
    nossoNumero?(p: Record<string, string>): string;
    /** The juros code that means "no interest" when it is not FEBRABAN's '3' (isento). */
    noInterestCode?: string;
    /** Last changes to a title read back (raw fields of its segments P and R). */
    boleto?(boleto: RemessaBoleto, p: Record<string, string>, r: Record<string, string>): void;
  };
}

/** FEBRABAN "Layout Padrão 240 posições" v10.7: the tables of layouts240.ts, no hooks. */
export const FEBRABAN_240: Remessa240Variant = {
  id: 'febraban',
  layouts: {
    fileHeader: FILE_HEADER,
    batchHeader: BATCH_HEADER,
    segmentP: SEGMENT_P,
    segmentQ: SEGMENT_Q,
    segmentR: SEGMENT_R,
    batchTrailer: BATCH_TRAILER,
    fileTrailer: FILE_TRAILER,
  },
  version: DEFAULT_LAYOUT_VERSION,
  movements: FEBRABAN_240_MOVEMENTS,
};

export function buildRemessa240(input: RemessaInput, variant: Remessa240Variant = FEBRABAN_240): string {
  const bankCode = digitsOnly(input.bankCode, 'bankCode');
  if (bankCode.length !== 3) throw fail('bankCode', 'must have 3 digits');
  if (!Number.isSafeInteger(input.fileSequence) || input.fileSequence < 1) {
    throw fail('fileSequence', 'must be a positive integer');
  }
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const version = input.layoutVersion ?? variant.version;
  const L = variant.layouts;
  const b = input.beneficiary;
  const company = documentFields(b.documentKind, b.document, 'beneficiary.document');
  const account: Remessa240Account = {
    agency: digitsOnly(b.agency, 'beneficiary.agency'),
    agencyDigit: b.agencyDigit ?? '',
    account: digitsOnly(b.account, 'beneficiary.account'),
    accountDigit: b.accountDigit ?? '',
    agencyAccountDigit: '',
  };
  const convenio = b.convenio ?? b.beneficiaryCode ?? '';
  const ctx: Remessa240Context = { input, bankCode, account, convenio };
  variant.check?.(ctx);
  const stamp = saoPauloStamp(input.generatedAt);
  const batch = '0001';

  const lines: string[] = [];
  const fileHeader: Values = {
    bankCode,
    batch: '0000',
    documentKind: company.kind,
    document: company.digits,
    convenio,
    ...account,
    companyName: b.name,
    bankName: input.bankName,
    fileKind: '1',
    generationDate: stamp.date,
    generationTime: stamp.time,
    fileSequence: input.fileSequence,
    layoutVersion: version.file,
  };
  variant.fileHeader?.(fileHeader, ctx);
  lines.push(writeRecord('file header', L.fileHeader, fileHeader));
  const batchHeader: Values = {
    bankCode,
    batch,
    operation: 'R',
    layoutVersion: version.batch,
    documentKind: company.kind,
    document: company.digits,
    convenio,
    ...account,
    companyName: b.name,
    message1: '',
    message2: '',
    fileSequence: input.fileSequence,
    recordingDate: stamp.date,
  };
  variant.batchHeader?.(batchHeader, ctx);
  lines.push(writeRecord('batch header', L.batchHeader, batchHeader));

  let sequence = 0;
  let total = 0;
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    // Field names for messages are built only when a value is refused: a file has up to 90,000 records.
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const amount = cents(boleto.amountCents, at, '.amountCents');
    total += amount;
    const movement = boleto.movement ?? 'entry';
    const movementCode = movementCodeOf(variant.movements, movement)?.code;
    if (movementCode === undefined) throw fail(at('.movement'), `the layout has no movement "${movement}"`);
    // Each segment's own values, completed in place with the detail control (no copies: 90,000 records a file).
    const detail = (segment: string, layout: Layout, values: Values) => {
      values.bankCode = bankCode;
      values.batch = batch;
      values.movementCode = movementCode;
      values.sequence = ++sequence;
      lines.push(writeRecord(() => at(` segment ${segment}`), layout, values));
    };
    const p = segmentP(boleto, movement, at, account);
    variant.segmentP?.(p, ctx, boleto, movement, at);
    detail('P', L.segmentP, p);
    const q = segmentQ(boleto, at);
    variant.segmentQ?.(q, ctx, boleto, movement, at);
    detail('Q', L.segmentQ, q);
    const r = segmentR(boleto, at);
    variant.segmentR?.(r, ctx, boleto, movement, at);
    detail('R', L.segmentR, r);
  }
  if (!Number.isSafeInteger(total)) throw fail('boletos', 'total amount overflows');

  lines.push(
    writeRecord('batch trailer', L.batchTrailer, {
      bankCode,
      batch,
      recordCount: sequence + 2,
      simpleCount: input.boletos.length,
      simpleTotal: total,
    }),
  );
  lines.push(writeRecord('file trailer', L.fileTrailer, { bankCode, batch: '9999', batchCount: 1, recordCount: lines.length + 1 }));
  return lines.join('\r\n') + '\r\n';
}

type Values = RecordValues;
type At = (suffix: string) => string;

/** Segment P 221 "código para protesto" (C026): 1 = dias corridos, 3 = não protestar, 8 = negativação sem protesto. */
function protestFields(boleto: RemessaBoleto, movement: MovementKind, at: At): { protestCode: string; protestDays: number } {
  if (movement !== 'protest' && movement !== 'negativation') return { protestCode: '3', protestDays: 0 };
  const days = boleto.protestDays;
  if (days === undefined || !Number.isInteger(days) || days < 1 || days > 99) throw fail(at('.protestDays'), 'must be 1 to 99 days');
  return { protestCode: movement === 'protest' ? '1' : '8', protestDays: days };
}

function segmentP(boleto: RemessaBoleto, movement: MovementKind, at: At, account: Remessa240Account): Values {
  const discount = boleto.discount;
  const interest = boleto.interest;
  if (discount && !(discount.kind === 'fixed' || discount.kind === 'percent')) throw fail(at('.discount.kind'), 'unknown');
  if (interest && !(interest.kind === 'daily_amount' || interest.kind === 'monthly_percent')) {
    throw fail(at('.interest.kind'), 'unknown');
  }
  return {
    agency: account.agency,
    agencyDigit: account.agencyDigit,
    account: account.account,
    accountDigit: account.accountDigit,
    agencyAccountDigit: account.agencyAccountDigit,
    nossoNumero: boleto.nossoNumero,
    carteiraCode: '1', // cobrança simples; the bank's own carteira number is not a FEBRABAN field
    documentNumber: boleto.documentNumber,
    dueDate: titleDate(boleto.dueDate, at, '.dueDate'),
    amount: cents(boleto.amountCents, at, '.amountCents'),
    issueDate: titleDate(boleto.issueDate, at, '.issueDate'),
    interestCode: interest ? (interest.kind === 'daily_amount' ? '1' : '2') : '3',
    interestDate: interest ? titleDate(interest.fromDate, at, '.interest.fromDate') : '0',
    interestValue: interest ? cents(interest.value, at, '.interest.value') : 0,
    discountCode: discount ? (discount.kind === 'fixed' ? '1' : '2') : '0',
    discountDate: discount ? titleDate(discount.untilDate, at, '.discount.untilDate') : '0',
    discountValue: discount ? cents(discount.value, at, '.discount.value') : 0,
    rebate: boleto.rebateCents === undefined ? 0 : cents(boleto.rebateCents, at, '.rebateCents'),
    companyReference: boleto.documentNumber,
    ...protestFields(boleto, movement, at),
  };
}

function segmentQ(boleto: RemessaBoleto, at: At): Values {
  const p = boleto.payer;
  const doc = documentFields(p.documentKind, p.document, at('.payer.document'));
  const cep = digitsOnly(p.postalCode, at('.payer.postalCode'));
  if (cep.length !== 8) throw fail(at('.payer.postalCode'), 'a CEP has 8 digits');
  if (!/^[A-Za-z]{2}$/.test(p.state)) throw fail(at('.payer.state'), 'must be a 2-letter UF');
  return {
    payerDocumentKind: doc.kind,
    payerDocument: doc.digits,
    payerName: p.name,
    payerAddress: p.address,
    payerDistrict: p.district,
    payerPostalCode: cep.slice(0, 5),
    payerPostalSuffix: cep.slice(5),
    payerCity: p.city,
    payerState: p.state,
  };
}

function segmentR(boleto: RemessaBoleto, at: At): Values {
  const fine = boleto.fine;
  if (fine && !(fine.kind === 'fixed' || fine.kind === 'percent')) throw fail(at('.fine.kind'), 'unknown');
  const instructions = boleto.instructions ?? [];
  if (instructions.length > 2) throw fail(at('.instructions'), 'segment R carries at most 2 instruction lines');
  return {
    fineCode: fine ? (fine.kind === 'fixed' ? '1' : '2') : '0',
    fineDate: fine ? titleDate(fine.fromDate, at, '.fine.fromDate') : '0',
    fineValue: fine ? cents(fine.value, at, '.fine.value') : 0,
    message3: instructions[0] ?? '',
    message4: instructions[1] ?? '',
  };
}
