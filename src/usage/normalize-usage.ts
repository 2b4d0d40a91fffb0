// Validation and normalisation of one usage record, plain data in and out. The API (single and
// batch) and the spreadsheet import both go through prepareUsage, which starts here.
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import { isUuid } from '../platform/ids.ts';

/**
 * What a caller may say about a usage record. The API sends ids (or a service code); the
 * spreadsheet import sends what a clerk knows: a contract number or external code, a customer's
 * CPF/CNPJ or external code, a service code.
 */
export interface UsageDraft {
  contract_item_id?: string | null;
  contract_id?: string | null;
  /** Import only: contract number, external code or UUID. */
  contract_ref?: string | null;
  customer_id?: string | null;
  /** Import only: customer CPF/CNPJ/NIF or external code. */
  customer_ref?: string | null;
  service_id?: string | null;
  service_code?: string | null;
  quantity: string | number;
  reference_date: string;
  description?: string | null;
  external_id?: string | null;
  metadata?: Record<string, unknown>;
}

export interface NormalizedUsage {
  contract_item_id: string | null;
  contract_id: string | null;
  contract_ref: string | null;
  customer_id: string | null;
  customer_ref: string | null;
  service_id: string | null;
  service_code: string | null;
  /** Canonical decimal string ('12.5'). */
  quantity: string;
  reference_date: string;
  description: string | null;
  external_id: string | null;
  metadata: Record<string, unknown>;
}

/** numeric(20,6): 14 integer digits, 6 decimal places. */
const MAX_INTEGER_DIGITS = 14;

const text = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = v.trim();
  return t === '' ? null : t;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(s: string): boolean {
  if (s.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** A plain decimal ('12', '0.5', '007.250'): canonical text without BigInt (the common case). */
const PLAIN_DECIMAL = /^(\d{1,14})(?:\.(\d{1,6}))?$/;

function canonicalPlainDecimal(textValue: string): string | null {
  const m = PLAIN_DECIMAL.exec(textValue);
  if (!m) return null;
  const int = m[1].replace(/^0+(?=\d)/, '');
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

export function normalizeQuantity(value: string | number, details: ErrorDetail[]): string | null {
  let textValue: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      details.push({ field: 'quantity', issue: 'must be a finite number' });
      return null;
    }
    // A JSON number is taken at its shortest decimal spelling (0.1 is "0.1"); 1e-7 has no such
    // spelling within 6 places and is refused below.
    textValue = String(value);
    if (/e/i.test(textValue)) {
      details.push({ field: 'quantity', issue: 'at most 6 decimal places and 14 integer digits' });
      return null;
    }
  } else {
    textValue = value.trim();
  }
  const plain = canonicalPlainDecimal(textValue);
  if (plain !== null) return plain;
  try {
    const d = parseDecimal(textValue, 6, 'quantity');
    const intDigits = formatDecimal({ units: d.units / 10n ** BigInt(d.scale), scale: 0 }).length;
    if (intDigits > MAX_INTEGER_DIGITS) {
      details.push({ field: 'quantity', issue: `at most ${MAX_INTEGER_DIGITS} integer digits` });
      return null;
    }
    return formatDecimal(d);
  } catch (err) {
    if (err instanceof DomainError) {
      details.push(...(err.details.length ? err.details : [{ field: 'quantity', issue: err.message }]));
      return null;
    }
    throw err;
  }
}

const ID_FIELDS = ['contract_item_id', 'contract_id', 'customer_id', 'service_id'] as const;

/** Returns the normalized record, or the list of problems (field, issue). */
export function normalizeUsage(input: UsageDraft): { ok: true; value: NormalizedUsage } | { ok: false; details: ErrorDetail[] } {
  const details: ErrorDetail[] = [];
  const ids = {
    contract_item_id: text(input.contract_item_id),
    contract_id: text(input.contract_id),
    customer_id: text(input.customer_id),
    service_id: text(input.service_id),
  };
  for (const field of ID_FIELDS) {
    const v = ids[field];
    if (v !== null && !isUuid(v)) details.push({ field, issue: 'must be a UUID' });
  }
  const contractRef = text(input.contract_ref);
  const customerRef = text(input.customer_ref);
  const serviceCode = text(input.service_code);
  if (ids.service_id && serviceCode) details.push({ field: 'service_code', issue: 'give service_id or service_code, not both' });
  const hasService = !!(ids.service_id || serviceCode);
  const hasContract = !!(ids.contract_id || contractRef);
  const hasCustomer = !!(ids.customer_id || customerRef);
  if (!ids.contract_item_id && !hasContract && !(hasCustomer && hasService)) {
    details.push(
      hasCustomer
        ? { field: 'service_id', issue: 'is required with customer_id (or give contract_id)' }
        : {
            field: 'contract_id',
            issue: 'say which contract item: contract_item_id, contract_id (+ service_id) or customer_id + service_id',
          },
    );
  }
  const quantityMissing = input.quantity === undefined || input.quantity === null;
  if (quantityMissing) details.push({ field: 'quantity', issue: 'is required' });
  const quantity = quantityMissing ? null : normalizeQuantity(input.quantity, details);
  const referenceDate = text(input.reference_date);
  if (!referenceDate) details.push({ field: 'reference_date', issue: 'is required' });
  else if (!validDate(referenceDate)) details.push({ field: 'reference_date', issue: 'must be a real date YYYY-MM-DD' });
  const description = input.description?.trim() || null;
  // Characters, not UTF-16 units; counted only when the units already exceed the limit.
  if (description && description.length > 500 && [...description].length > 500)
    details.push({ field: 'description', issue: 'at most 500 characters' });
  const externalId = text(input.external_id);
  if (externalId && externalId.length > 128) details.push({ field: 'external_id', issue: 'at most 128 characters' });
  const metadata = input.metadata ?? {};
  if (JSON.stringify(metadata).length > 8192) details.push({ field: 'metadata', issue: 'must be at most 8 KB of JSON' });
  if (details.length) return { ok: false, details };
  return {
    ok: true,
    value: {
      ...ids,
      contract_ref: contractRef,
      customer_ref: customerRef,
      service_code: serviceCode,
      quantity: quantity!,
      reference_date: referenceDate!,
      description,
      external_id: externalId,
      metadata,
    },
  };
}
