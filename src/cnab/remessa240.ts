// CNAB 240 remittance ("remessa de cobrança"): one batch with segments P, Q and R per boleto.
import { DomainError } from '../platform/errors.ts';
import { BATCH_HEADER, BATCH_TRAILER, FILE_HEADER, FILE_TRAILER, SEGMENT_P, SEGMENT_Q, SEGMENT_R } from './layouts240.ts';
import { type RecordValues, writeRecord } from './record.ts';

export type DocumentKind = 'cpf' | 'cnpj';

export interface RemessaPayer {
  name: string;
  documentKind: DocumentKind;
  document: string;
  address: string;
  district: string;
  city: string;
  state: string;
  postalCode: string;
}

/**
 * The movements ("código de movimento remessa", FEBRABAN 240 v10.7 table C004, segment P 16-17)
 * Cobre sends, with the manual's text.
 */
export const REMITTANCE_MOVEMENTS = {
  '01': 'Entrada de títulos',
  '02': 'Pedido de baixa',
} as const;
export type RemittanceMovementCode = keyof typeof REMITTANCE_MOVEMENTS;

export interface RemessaBoleto {
  /** What the bank is asked to do with the title; '01' (entry) when absent. */
  movementCode?: RemittanceMovementCode;
  nossoNumero: string;
  /** "Seu número". */
  documentNumber: string;
  issueDate: string;
  dueDate: string;
  amountCents: number;
  payer: RemessaPayer;
  /** value: cents for 'fixed', basis points for 'percent'. */
  discount?: { kind: 'fixed' | 'percent'; untilDate: string; value: number };
  /** value: cents per day for 'daily_amount', basis points per month for 'monthly_percent'. */
  interest?: { kind: 'daily_amount' | 'monthly_percent'; fromDate: string; value: number };
  /** value: cents for 'fixed', basis points for 'percent'. */
  fine?: { kind: 'fixed' | 'percent'; fromDate: string; value: number };
  /** At most two lines of 40 characters (segment R, mensagens 3 and 4). */
  instructions?: string[];
}

export interface RemessaBeneficiary {
  name: string;
  documentKind: DocumentKind;
  document: string;
  agency: string;
  agencyDigit?: string;
  account: string;
  accountDigit?: string;
  convenio?: string;
  beneficiaryCode?: string;
  carteira: string;
}

export interface RemessaInput {
  bankCode: string;
  bankName: string;
  fileSequence: number;
  generatedAt: Date;
  beneficiary: RemessaBeneficiary;
  boletos: RemessaBoleto[];
  /** Versions written at 164-166 (file) and 14-16 (batch); FEBRABAN v10 defaults, some banks want their own. */
  layoutVersion?: { file: string; batch: string };
}

export const DEFAULT_LAYOUT_VERSION = { file: '103', batch: '060' } as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function fail(fieldName: string, issue: string): DomainError {
  return new DomainError('validation_failed', `Invalid value for ${fieldName}: ${issue}`, [{ field: fieldName, issue }]);
}

/** 'YYYY-MM-DD' → 'DDMMAAAA'. */
export function cnabDate(iso: string, fieldName: string): string {
  const m = ISO_DATE.exec(iso);
  if (!m) throw fail(fieldName, `expected YYYY-MM-DD, got "${iso}"`);
  const [, y, mo, d] = m;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) {
    throw fail(fieldName, `not a calendar date: "${iso}"`);
  }
  return `${d}${mo}${y}`;
}

function digitsOnly(value: string, fieldName: string): string {
  const digits = value.replace(/[.\-/\s]/g, '');
  if (!/^\d+$/.test(digits)) throw fail(fieldName, `must contain only digits, got "${value}"`);
  return digits;
}

function documentFields(kind: DocumentKind, document: string, fieldName: string): { kind: string; digits: string } {
  const digits = digitsOnly(document, fieldName);
  const expected = kind === 'cpf' ? 11 : 14;
  if (digits.length !== expected) throw fail(fieldName, `a ${kind.toUpperCase()} has ${expected} digits`);
  return { kind: kind === 'cpf' ? '1' : '2', digits };
}

function cents(value: number, at: (suffix: string) => string, suffix: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw fail(at(suffix), 'must be a non-negative integer');
  return value;
}

/** cnabDate of the dates a file repeats on every title (due, issue, fine and interest dates), remembered. */
const knownDates = new Map<string, string>();
function titleDate(iso: string, at: (suffix: string) => string, suffix: string): string {
  let ddmmyyyy = knownDates.get(iso);
  if (ddmmyyyy === undefined) {
    ddmmyyyy = cnabDate(iso, at(suffix));
    if (knownDates.size >= 10_000) knownDates.clear();
    knownDates.set(iso, ddmmyyyy);
  }
  return ddmmyyyy;
}

/** Date and time of generation on the São Paulo wall clock: 'DDMMAAAA', 'HHMMSS'. */
function saoPauloStamp(at: Date): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'America/Sao_Paulo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return { date: `${get('day')}${get('month')}${get('year')}`, time: `${get('hour')}${get('minute')}${get('second')}` };
}

export function buildRemessa240(input: RemessaInput): string {
  const bankCode = digitsOnly(input.bankCode, 'bankCode');
  if (bankCode.length !== 3) throw fail('bankCode', 'must have 3 digits');
  if (!Number.isSafeInteger(input.fileSequence) || input.fileSequence < 1) {
    throw fail('fileSequence', 'must be a positive integer');
  }
  if (input.boletos.length === 0) throw fail('boletos', 'a remittance needs at least one boleto');
  const version = input.layoutVersion ?? DEFAULT_LAYOUT_VERSION;
  const b = input.beneficiary;
  const company = documentFields(b.documentKind, b.document, 'beneficiary.document');
  const account = {
    agency: digitsOnly(b.agency, 'beneficiary.agency'),
    agencyDigit: b.agencyDigit ?? '',
    account: digitsOnly(b.account, 'beneficiary.account'),
    accountDigit: b.accountDigit ?? '',
    agencyAccountDigit: '',
  };
  const convenio = b.convenio ?? b.beneficiaryCode ?? '';
  const stamp = saoPauloStamp(input.generatedAt);
  const batch = '0001';

  const lines: string[] = [];
  lines.push(
    writeRecord('file header', FILE_HEADER, {
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
    }),
  );
  lines.push(
    writeRecord('batch header', BATCH_HEADER, {
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
    }),
  );

  let sequence = 0;
  let total = 0;
  for (let i = 0; i < input.boletos.length; i++) {
    const boleto = input.boletos[i];
    // Field names for messages are built only when a value is refused: a file has up to 90,000 records.
    const at = (suffix: string) => `boletos[${i}]${suffix}`;
    const amount = cents(boleto.amountCents, at, '.amountCents');
    total += amount;
    const movementCode = boleto.movementCode ?? '01';
    if (!Object.hasOwn(REMITTANCE_MOVEMENTS, movementCode)) throw fail(at('.movementCode'), `unknown movement "${movementCode}"`);
    // Each segment's own values, completed in place with the detail control (no copies: 90,000 records a file).
    const detail = (segment: string, layout: typeof SEGMENT_P, values: Values) => {
      values.bankCode = bankCode;
      values.batch = batch;
      values.movementCode = movementCode;
      values.sequence = ++sequence;
      lines.push(writeRecord(() => at(` segment ${segment}`), layout, values));
    };
    detail('P', SEGMENT_P, segmentP(boleto, at, account));
    detail('Q', SEGMENT_Q, segmentQ(boleto, at));
    detail('R', SEGMENT_R, segmentR(boleto, at));
  }
  if (!Number.isSafeInteger(total)) throw fail('boletos', 'total amount overflows');

  lines.push(
    writeRecord('batch trailer', BATCH_TRAILER, {
      bankCode,
      batch,
      recordCount: sequence + 2,
      simpleCount: input.boletos.length,
      simpleTotal: total,
    }),
  );
  lines.push(writeRecord('file trailer', FILE_TRAILER, { bankCode, batch: '9999', batchCount: 1, recordCount: lines.length + 1 }));
  return lines.join('\r\n') + '\r\n';
}

type Values = RecordValues;
type At = (suffix: string) => string;

function segmentP(boleto: RemessaBoleto, at: At, account: Record<string, string>): Values {
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
    companyReference: boleto.documentNumber,
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
