// What every remittance layout writes from (the beneficiary, the titles and what the bank is asked
// to do with each), and the field rules they share: dates, digits, documents and amounts refused
// (never truncated or guessed) when they do not fit.
import { DomainError } from '../platform/errors.ts';
import type { MovementKind } from './movements.ts';

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

export interface RemessaBoleto {
  /**
   * What the bank is asked to do with the title ('entry' when absent). Every record carries the
   * title as it is now: a due-date or amount change sends the new due date or amount.
   */
  movement?: MovementKind;
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
  /** Abatimento granted on the title, in cents (sent with 'rebate_grant'). */
  rebateCents?: number;
  /** Days after the due date before the bank protests or negativates ('protest', 'negativation'). */
  protestDays?: number;
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
  /**
   * Sicoob: the modalidade (2 digits, the collection account's `variation`), written inside the
   * CNAB 240 nosso número (P 50-51); '01' (simples com registro) when absent, as the boleto does.
   */
  variation?: string;
  /**
   * Santander: the código de transmissão (15 digits) its CNAB 240 headers carry; when absent, agência (4)
   * + '0000' + código do beneficiário (7, `convenio`), as laravel-boleto's Santander.php composes it.
   * Its CNAB 400 (cnab400_santander) takes a code of up to 20 digits at header 27-46; when absent, agência
   * (4) + conta movimento (8) + conta cobrança (8), as H7800 Nota 2 lays the header out.
   */
  transmissionCode?: string;
}

export interface RemessaInput {
  bankCode: string;
  bankName: string;
  fileSequence: number;
  generatedAt: Date;
  beneficiary: RemessaBeneficiary;
  boletos: RemessaBoleto[];
  /** CNAB 240: versions written at 164-166 (file) and 14-16 (batch); FEBRABAN v10 defaults, some banks want their own. */
  layoutVersion?: { file: string; batch: string };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function fail(fieldName: string, issue: string): DomainError {
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

export function digitsOnly(value: string, fieldName: string): string {
  const digits = value.replace(/[.\-/\s]/g, '');
  if (!/^\d+$/.test(digits)) throw fail(fieldName, `must contain only digits, got "${value}"`);
  return digits;
}

export function documentFields(kind: DocumentKind, document: string, fieldName: string): { kind: string; digits: string } {
  const digits = digitsOnly(document, fieldName);
  const expected = kind === 'cpf' ? 11 : 14;
  if (digits.length !== expected) throw fail(fieldName, `a ${kind.toUpperCase()} has ${expected} digits`);
  return { kind: kind === 'cpf' ? '1' : '2', digits };
}

export function cents(value: number, at: (suffix: string) => string, suffix: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw fail(at(suffix), 'must be a non-negative integer');
  return value;
}

/** cnabDate of the dates a file repeats on every title (due, issue, fine and interest dates), remembered. */
const knownDates = new Map<string, string>();
export function titleDate(iso: string, at: (suffix: string) => string, suffix: string): string {
  let ddmmyyyy = knownDates.get(iso);
  if (ddmmyyyy === undefined) {
    ddmmyyyy = cnabDate(iso, at(suffix));
    if (knownDates.size >= 10_000) knownDates.clear();
    knownDates.set(iso, ddmmyyyy);
  }
  return ddmmyyyy;
}

/** Date and time of generation on the São Paulo wall clock: 'DDMMAAAA', 'HHMMSS'. */
export function saoPauloStamp(at: Date): { date: string; time: string } {
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
