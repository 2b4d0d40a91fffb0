// Customer tax documents: Brazilian CPF/CNPJ (numeric and the alphanumeric CNPJ of RFB Technical
// Note 49/2024, mandatory from July 2026), the Portuguese NIF, and an opaque foreign tax id.
// CPF/CNPJ check digits come from `cpf-cnpj-validator`; we only do the input cleaning ourselves,
// because its "loose" mode silently drops ANY character (so 'abc' noise would pass).

import { cnpj, cpf } from 'cpf-cnpj-validator';
import { DomainError } from './errors.ts';
import { isPortugal } from './pt-regions.ts';

/**
 * 'cpf' and 'cnpj' are Brazilian; 'nif' is the Portuguese NIF for PT customers and, for customers
 * of any other country, means "a foreign tax id" that we store uppercased but cannot check.
 */
export type DocumentKind = 'cpf' | 'cnpj' | 'nif';

export interface NormalizedDocument {
  kind: DocumentKind;
  /** CPF: 11 digits; CNPJ: 14 chars [0-9A-Z]{12}[0-9]{2}; NIF: 9 digits; foreign: uppercase alphanumerics. */
  value: string;
  /** CPF '008.578.930-50'; CNPJ '58.009.342/0001-52' or '12.ABC.345/01DE-35'; NIF/foreign: value as-is. */
  formatted: string;
}

export interface NormalizeDocumentOptions {
  /** Brazilian person type: PF requires a CPF, PJ a CNPJ. Without it, BR documents are inferred by length. */
  personType?: 'PF' | 'PJ';
  /** ISO alpha-2 of the customer ('BR' when absent); 'PT', 'PT-AC', 'PT-MA' mean a Portuguese NIF. */
  country?: string;
  /** Field name reported in the error details ('document' when absent). */
  field?: string;
}

// Separators people type or paste around BR documents: dot, hyphen, slash, whitespace and the en dash
// that word processors substitute for '-'.
const BR_SEPARATORS = /[.\-/\s\u2013]/g;
const CPF_SHAPE = /^\d{11}$/;
const CNPJ_SHAPE = /^[0-9A-Z]{12}\d{2}$/;
const FOREIGN_SHAPE = /^[A-Za-z0-9.\-/ ]{3,32}$/;

function compactBr(s: string): string {
  return s.replace(BR_SEPARATORS, '').toUpperCase();
}

function compactNif(s: string): string {
  let v = s.replace(/[\s.-]/g, '').toUpperCase();
  if (v.startsWith('PT')) v = v.slice(2);
  return v;
}

export function isValidCpf(s: string): boolean {
  const v = compactBr(s);
  // The library also rejects repeated digits and the well-known dummy 123.456.789-09.
  return CPF_SHAPE.test(v) && cpf.isValid(v, true);
}

export function isValidCnpj(s: string): boolean {
  const v = compactBr(s);
  return CNPJ_SHAPE.test(v) && cnpj.isValid(v, true);
}

/** Portuguese check digit (mod 11, weights 9..2; 10 counts as 0). */
function nifCheckDigit(first8: string): number {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (first8.charCodeAt(i) - 48);
  return ((11 - (sum % 11)) % 11) % 10;
}

// Leading digits the Portuguese tax authority (AT) assigns, per pt.wikipedia.org "Número de identificação
// fiscal": 1-3 individuals, 5 companies, 6 public administration, 8 sole traders (legacy); 45 non-resident
// individuals; 70/74/75 undivided estates, 71 non-resident companies, 72 investment funds, 77 ex-officio
// assignment, 78 VAT-refund non-residents, 79 Expo 98; 90/91 condominiums and irregular companies,
// 98 non-residents without permanent establishment, 99 civil companies. A bare 9 or 4 or 7 is not enough.
// python-stdnum (stdnum/pt/nif.py) only rejects a leading 0; Respect/Validation (library/Rules/PortugueseNif.php)
// applies this same table.
const NIF_SINGLE_PREFIXES = new Set(['1', '2', '3', '5', '6', '8']);
const NIF_DOUBLE_PREFIXES = new Set(['45', '70', '71', '72', '74', '75', '77', '78', '79', '90', '91', '98', '99']);

export function isValidNif(s: string): boolean {
  const v = compactNif(s);
  if (!/^\d{9}$/.test(v)) return false;
  if (!NIF_SINGLE_PREFIXES.has(v[0]) && !NIF_DOUBLE_PREFIXES.has(v.slice(0, 2))) return false;
  return nifCheckDigit(v.slice(0, 8)) === v.charCodeAt(8) - 48;
}

/** A stored document as people read it: formatted when it is a valid CPF, CNPJ or NIF, else as stored. */
export function displayDocument(kind: string | null, value: string | null): string | null {
  if (!value) return null;
  if (kind !== 'cpf' && kind !== 'cnpj' && kind !== 'nif') return value;
  try {
    return formatDocument(kind, value);
  } catch {
    return value;
  }
}

export function formatDocument(kind: DocumentKind, value: string): string {
  switch (kind) {
    case 'cpf':
      return cpf.format(compactBr(value));
    case 'cnpj':
      return cnpj.format(compactBr(value));
    case 'nif':
      return value;
  }
}

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('invalid_document', message, [{ field, issue }]);
}

export function normalizeDocument(input: string, opts: NormalizeDocumentOptions = {}): NormalizedDocument {
  const field = opts.field ?? 'document';
  const country = (opts.country ?? 'BR').trim().toUpperCase() || 'BR';
  const raw = typeof input === 'string' ? input.trim() : '';
  if (raw === '') throw invalid(field, 'The document is required.', 'required');

  if (isPortugal(country)) {
    const v = compactNif(raw);
    if (!/^\d{9}$/.test(v)) throw invalid(field, 'A Portuguese NIF must have exactly 9 digits.', 'NIF must have 9 digits');
    if (!isValidNif(v)) throw invalid(field, `The Portuguese NIF ${v} is not valid.`, 'invalid NIF');
    return { kind: 'nif', value: v, formatted: v };
  }

  if (country !== 'BR') {
    // Foreign tax id ('nif' kind): we cannot validate it, only keep it tidy.
    if (!FOREIGN_SHAPE.test(raw)) {
      throw invalid(
        field,
        'A foreign tax id must have 3 to 32 characters (letters, digits, spaces, ".", "-" or "/").',
        'foreign tax id must be 3..32 characters of [A-Za-z0-9 .-/]',
      );
    }
    const v = raw.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
    if (v === '') throw invalid(field, 'A foreign tax id must contain letters or digits.', 'no letters or digits');
    return { kind: 'nif', value: v, formatted: v };
  }

  const v = compactBr(raw);
  if (!/^[0-9A-Z]+$/.test(v)) {
    throw invalid(field, 'A CPF/CNPJ may only contain digits, letters (new CNPJ) and the separators . - /.', 'unexpected characters');
  }
  const kind: 'cpf' | 'cnpj' | undefined =
    opts.personType === 'PF' ? 'cpf' : opts.personType === 'PJ' ? 'cnpj' : v.length === 11 ? 'cpf' : v.length === 14 ? 'cnpj' : undefined;
  if (kind === undefined) {
    throw invalid(field, 'A CPF has 11 digits and a CNPJ 14 characters.', 'must be a CPF (11 digits) or a CNPJ (14 characters)');
  }
  if (kind === 'cpf') {
    if (!CPF_SHAPE.test(v)) throw invalid(field, 'A CPF must have exactly 11 digits.', 'CPF must have 11 digits');
    if (!cpf.isValid(v, true)) throw invalid(field, `The CPF ${cpf.format(v)} is not valid.`, 'invalid CPF');
    return { kind, value: v, formatted: cpf.format(v) };
  }
  if (!CNPJ_SHAPE.test(v)) {
    throw invalid(
      field,
      'A CNPJ must have 14 characters: 12 digits or uppercase letters followed by 2 check digits.',
      'CNPJ must have 14 characters',
    );
  }
  if (!cnpj.isValid(v, true)) throw invalid(field, `The CNPJ ${cnpj.format(v)} is not valid.`, 'invalid CNPJ');
  return { kind, value: v, formatted: cnpj.format(v) };
}
