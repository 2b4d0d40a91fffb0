// What the CNAB 400 remittances ("arquivo remessa", 400 bytes a record) of Itaú and Bradesco share.
// CNAB 400 was never standardised by FEBRABAN; the banks' manuals agree only on the framing:
//   - a header label (type 0) whose first 26 positions read "01REMESSA01COBRANCA", with the company
//     name at 47-76, the bank at 77-94 and the generation date DDMMAA at 95-100;
//   - detail records (type 1, and bank-specific optional types after it);
//   - a trailer (type 9): blanks from 2 to 394;
//   - every record ends with its sequence number in the file at 395-400 (000001 = the header), so a file
//     holds at most 999,999 records;
//   - one record a line, ended by CR LF.
// Sources: Itaú "Cobrança Bancária – Intercâmbio Eletrônico de Arquivos" (CNAB 400), Julho/2021, §2.2 and
// §3.1 pp. 9-18; Bradesco "Manual de Procedimentos Operacionais para Troca de Arquivos – Cobrança
// Bradesco" Nº 4008.524.0121, versão 11, pp. 8-16 (both PDFs kept in eduardokum/laravel-boleto
// `manuais/ITAU/COBRANCA-.400.BYTES.CNAB.-.JUL2021_v3.pdf` and `manuais/BRADESCO/novos/400_posicoes.pdf`).
// The same framing is written by laravel-boleto `src/Cnab/Remessa/Cnab400/AbstractRemessa.php` and
// brcobranca `lib/brcobranca/remessa/cnab400/base.rb`.
import { DomainError } from '../platform/errors.ts';
import { CNAB400_LENGTH } from './layouts400.ts';
import { type MovementKind, type MovementTable, movementCodeOf } from './movements.ts';
import { checkLayout, type FieldSpec, field as f, filler, type Layout, type RecordValues, writeRecord } from './record.ts';
import { cents, documentFields, fail, type RemessaBoleto, type RemessaPayer, titleDate } from './remessa.ts';

export { CNAB400_LENGTH };

/** 395-400: the record's sequence number in the file, 6 digits. */
export const MAX_RECORDS_400 = 999_999;

/** Header label: what both banks put at 1-26 and 47-100, around the bank's own 27-46 and 101-394. */
export function header400(accountFields: Layout, tail: Layout): Layout {
  return checkLayout(
    [
      f('recordType', 1, 1, 'N', '0'),
      f('operation', 2, 2, 'N', '1'), // 1 = remessa
      f('operationName', 3, 9, 'A', 'REMESSA'),
      f('service', 10, 11, 'N', '01'), // 01 = cobrança
      f('serviceName', 12, 26, 'A', 'COBRANCA'),
      ...accountFields, // 27-46
      f('companyName', 47, 76, 'A'),
      f('bankCode', 77, 79, 'N'),
      f('bankName', 80, 94, 'A'),
      f('generationDate', 95, 100, 'N'), // DDMMAA
      ...tail, // 101-394
      f('sequence', 395, 400, 'N'),
    ],
    CNAB400_LENGTH,
  );
}

/** Trailer: Itaú §3.1 p. 18 and Bradesco p. 16 are the same record. */
export const TRAILER_400 = checkLayout([f('recordType', 1, 1, 'N', '9'), filler(2, 394), f('sequence', 395, 400, 'N')], CNAB400_LENGTH);

/** The sequence field every record ends with. */
export const SEQUENCE_400: FieldSpec = f('sequence', 395, 400, 'N');

/**
 * Writes the records of one file in order, numbering them at 395-400, and ends each with CR LF
 * (Bradesco p. 8 "delimitadores de registro no final de cada registro (0D0A)"; Itaú §2.1 "um registro
 * por linha").
 */
export class Remessa400Writer {
  private readonly lines: string[] = [];

  /** Appends one record; `values` gets its sequence number. */
  push(record: string | (() => string), layout: Layout, values: RecordValues): void {
    if (this.lines.length >= MAX_RECORDS_400) throw fail('boletos', `a CNAB 400 file holds at most ${MAX_RECORDS_400} records`);
    values.sequence = this.lines.length + 1;
    this.lines.push(writeRecord(record, layout, values));
  }

  /** Records written so far (the next record's sequence number is this + 1). */
  get records(): number {
    return this.lines.length;
  }

  /**
   * The trailer, then the file; `endOfFile` is appended after the last line end (Bradesco's 0x1A).
   * A bank whose trailer carries totals (Santander, Sicoob, Banrisul) passes its own layout and values.
   */
  finish(endOfFile = '', trailer: Layout = TRAILER_400, values: RecordValues = {}): string {
    this.push('trailer', trailer, values);
    return `${this.lines.join('\r\n')}\r\n${endOfFile}`;
  }
}

/** 'YYYY-MM-DD' → 'DDMMAA'; the two-digit year is read back as 20AA, so other centuries are refused. */
export function date6(iso: string, at: (suffix: string) => string, suffix: string): string {
  const ddmmyyyy = titleDate(iso, at, suffix);
  if (ddmmyyyy.slice(4, 6) !== '20') throw fail(at(suffix), `a CNAB 400 date (DDMMAA) holds years 2000 to 2099, got "${iso}"`);
  return ddmmyyyy.slice(0, 4) + ddmmyyyy.slice(6);
}

/** 'DDMMAA' → 'YYYY-MM-DD' (20AA), undefined for an all-zero date. */
export function isoOf6(ddmmaa: string): string | undefined {
  if (/^0+$/.test(ddmmaa)) return undefined;
  return `20${ddmmaa.slice(4, 6)}-${ddmmaa.slice(2, 4)}-${ddmmaa.slice(0, 2)}`;
}

/** 'DDMMAAAA' → 'YYYY-MM-DD'. */
export function isoOf8(ddmmyyyy: string): string {
  return `${ddmmyyyy.slice(4, 8)}-${ddmmyyyy.slice(2, 4)}-${ddmmyyyy.slice(0, 2)}`;
}

/** `iso` moved by `days` calendar days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The day after `iso`. */
export const nextDay = (iso: string) => addDays(iso, 1);

/** The bank's code for the title's movement ('entry' when absent); a movement the bank does not offer is refused. */
export function movementOf(
  table: MovementTable,
  boleto: RemessaBoleto,
  at: (suffix: string) => string,
  layoutName: string,
): { kind: MovementKind; code: string } {
  const kind = boleto.movement ?? 'entry';
  const code = movementCodeOf(table, kind)?.code;
  if (code === undefined) throw fail(at('.movement'), `${layoutName} has no movement "${kind}"`);
  return { kind, code };
}

/**
 * Interest as both banks take it: "valor a ser cobrado por dia de atraso" (Itaú 161-173 nota 12,
 * Bradesco 161-173 p. 21), an amount in cents. Neither manual converts a monthly rate; Cobre's own
 * rule does (simple interest pro rata per day over 30-day months, src/payment-rules/calculate/
 * arithmetic.ts): a day of delay costs amount × rate / 30, rounded half up to the cent (laravel-boleto
 * divides by 30 too). The bank then charges that amount times the days, which can differ from
 * Cobre's total (rounded once) by under half a cent per day: a return shows the difference.
 */
export function dailyInterest(
  boleto: RemessaBoleto,
  at: (suffix: string) => string,
  layoutName: string,
  amountCents = boleto.amountCents,
): number {
  const interest = boleto.interest;
  if (!interest) return 0;
  if (interest.kind === 'monthly_percent') {
    const bp = cents(interest.value, at, '.interest.value');
    return Math.round((amountCents * bp) / 300_000);
  }
  if (interest.kind !== 'daily_amount') throw fail(at('.interest.kind'), `unknown in ${layoutName}`);
  return cents(interest.value, at, '.interest.value');
}

/** Whether the title carries interest that is written (a daily amount; 0 % a month is none). */
export function hasDailyInterest(boleto: RemessaBoleto): boolean {
  return boleto.interest !== undefined && !(boleto.interest.kind === 'monthly_percent' && boleto.interest.value === 0);
}

/**
 * The discount both banks take at 174-192: one amount until a date ("data limite para concessão de
 * desconto", "valor do desconto"). A percent discount has no field and is refused.
 */
export function fixedDiscount(
  boleto: RemessaBoleto,
  at: (suffix: string) => string,
  layoutName: string,
): { discountDate: string; discountValue: number } {
  const discount = boleto.discount;
  if (!discount) return { discountDate: '0', discountValue: 0 };
  if (discount.kind === 'percent')
    throw fail(at('.discount'), `${layoutName} takes a discount only as an amount; a percent cannot be sent`);
  if (discount.kind !== 'fixed') throw fail(at('.discount.kind'), 'unknown');
  return {
    discountDate: date6(discount.untilDate, at, '.discount.untilDate'),
    discountValue: cents(discount.value, at, '.discount.value'),
  };
}

/** Payer fields both banks write the same way: 219-220 kind (01 CPF, 02 CNPJ), 221-234 document. */
export function payerDocument(boleto: RemessaBoleto, at: (suffix: string) => string): { payerDocumentKind: string; payerDocument: string } {
  const doc = documentFields(boleto.payer.documentKind, boleto.payer.document, at('.payer.document'));
  return { payerDocumentKind: `0${doc.kind}`, payerDocument: doc.digits };
}

export function postalCode(boleto: RemessaBoleto, at: (suffix: string) => string): string {
  const cep = boleto.payer.postalCode.replace(/[.\-\s]/g, '');
  if (!/^\d{8}$/.test(cep)) throw fail(at('.payer.postalCode'), 'a CEP has 8 digits');
  return cep;
}

/** Days for a protest or negativation request, 1 to 99 (a 2-digit field in both banks). */
export function requestDays(boleto: RemessaBoleto, at: (suffix: string) => string): number {
  const days = boleto.protestDays;
  if (days === undefined || !Number.isInteger(days) || days < 1 || days > 99) throw fail(at('.protestDays'), 'must be 1 to 99 days');
  return days;
}

// ---- reading a remittance back ----

export function bad400(line: number, issue: string): DomainError {
  return new DomainError('validation_failed', `CNAB 400 remittance, line ${line}: ${issue}`, [{ field: `line ${line}`, issue }]);
}

/**
 * The records of a CNAB 400 remittance, checked for the framing: 400 characters each, a header label
 * of a remittance of `bankCode` first, the trailer last, and the sequence 000001, 000002 … at 395-400.
 * Line ends may be CR LF or LF; an end-of-file mark (0x1A) after the last line is dropped. `label` is
 * how the header starts (Banrisul's has blanks where the others write 01COBRANCA).
 */
export function remessa400Lines(content: string | Buffer, bankCode: string, label = '01REMESSA01COBRANCA'): string[] {
  const text = typeof content === 'string' ? content : content.toString('latin1');
  const lines = (text.endsWith('\x1a') ? text.slice(0, -1) : text).split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((l, i) => {
    if (l.length !== CNAB400_LENGTH) throw bad400(i + 1, `expected ${CNAB400_LENGTH} characters, got ${l.length}`);
    const sequence = l.slice(394, 400);
    if (sequence !== String(i + 1).padStart(6, '0')) throw bad400(i + 1, `sequence (395-400) is "${sequence}", expected ${i + 1}`);
  });
  if (!lines[0]?.startsWith(label)) throw bad400(1, 'not the header label of a remittance');
  if (lines[0].slice(76, 79) !== bankCode) throw bad400(1, `bank (77-79) is not ${bankCode}`);
  if (lines.length < 2 || lines[lines.length - 1][0] !== '9') throw bad400(lines.length, 'the last record is not the trailer (9)');
  return lines;
}

/** A remittance read back: the header's account and every title with what its records carry. */
export interface ReadRemessa400 {
  bankCode: string;
  /** Generation date of the header (95-100), ISO. */
  generationDate: string;
  /** "Nº sequencial de remessa", when the bank's header has one (Bradesco 111-117). */
  fileSequence?: number;
  beneficiary: {
    name: string;
    agency: string;
    account: string;
    accountDigit: string;
    carteira: string;
    documentKind?: 'cpf' | 'cnpj';
    document?: string;
    beneficiaryCode?: string;
  };
  /**
   * The titles in file order. An entry carries the whole title; an instruction what its bank's record
   * carries for it (Itaú nota 6: only the fields the instruction needs).
   */
  titles: ReadTitle400[];
  /** Records of the file, header and trailer included (the trailer's sequence). */
  recordCount: number;
}

export type ReadTitle400 = Partial<RemessaBoleto> & Pick<RemessaBoleto, 'nossoNumero'> & { movement: MovementKind };

/**
 * Reading a detail back: the title fields the CNAB 400 layouts of this folder name alike — seu número,
 * emission and due dates (DDMMAA), value, and the payer, whose document kind 01 is a CPF (its 11 digits
 * after 3 zeros) and 02 a CNPJ (14 digits). `payer` replaces what a bank's layout does not carry or
 * splits otherwise (Bradesco's and Banrisul's missing bairro, Bradesco's CEP suffix).
 */
export function readTitleFields400(
  d: Record<string, string>,
  payer: Partial<RemessaPayer> = {},
): Pick<RemessaBoleto, 'documentNumber' | 'issueDate' | 'dueDate' | 'amountCents' | 'payer'> {
  return {
    documentNumber: d.documentNumber,
    issueDate: isoOf6(d.issueDate) ?? '',
    dueDate: isoOf6(d.dueDate) ?? '',
    amountCents: Number(d.amount),
    payer: {
      name: d.payerName,
      documentKind: d.payerDocumentKind === '01' ? 'cpf' : 'cnpj',
      document: d.payerDocument.slice(d.payerDocumentKind === '01' ? 3 : 0),
      address: d.payerAddress,
      district: d.payerDistrict,
      city: d.payerCity,
      state: d.payerState,
      postalCode: d.payerPostalCode,
      ...payer,
    },
  };
}
