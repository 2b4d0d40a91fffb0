// Collection accounts ("carteiras de cobrança"): a tenant's agreements with banks to issue boletos.
// Use cases take a transaction (or a queryable for reads) and the scope, and return plain data.
import { DEFAULT_REMITTANCE_LAYOUT, layoutsForBank } from '../../cnab/remittance-layouts.ts';
import type { Queryable, Tx } from '../../platform/db/types.ts';
import { DomainError, notFound, type ErrorDetail } from '../../platform/errors.ts';
import { isUuid, uuidv7 } from '../../platform/ids.ts';
import type { Scope } from '../../platform/scope.ts';
import { recordEvent } from '../../platform/events.ts';
import { nextNumbers } from '../../platform/counters.ts';
import { formatDocument, normalizeDocument } from '../../platform/documents.ts';
import { normalizePostalCode, normalizeUf } from '../../customers/postal.ts';
import { bankName, maxSequence, SUPPORTED_BANKS, validateCollectionAccount, type CollectionAccountData } from '../../febraban/index.ts';
import { validatePixKey } from '../../pix/index.ts';
import { conflict } from '../errors.ts';
import * as q from './queries.ts';
import { digitMismatches, expectedDigits, mismatchIssue, type ExpectedDigits } from './check-digits.ts';
import type { CollectionAccount, CollectionAccountCreate, CollectionAccountPatch, CollectionAccountValidate } from './schemas.ts';

export { SUPPORTED_BANKS };

/** The fields that identify the agreement with the bank: fixed once a boleto was issued on the account. */
const BANK_FIELDS = [
  'bank_code',
  'agency',
  'agency_digit',
  'account',
  'account_digit',
  'carteira',
  'convenio',
  'beneficiary_code',
  'variation',
  'post',
  'byte_idt',
  'iof',
  'nosso_numero_17',
] as const;

/** febraban/ reports camelCase field names; the API speaks snake_case. */
const API_FIELD: Record<string, string> = {
  bankCode: 'bank_code',
  agencyDigit: 'agency_digit',
  accountDigit: 'account_digit',
  beneficiaryCode: 'beneficiary_code',
  nossoNumero17: 'nosso_numero_17',
  byteIdt: 'byte_idt',
};

/** The account as the pure boleto layouts see it. */
export function accountData(row: Pick<q.CollectionAccountRow, (typeof BANK_FIELDS)[number]>): CollectionAccountData {
  const opt = (v: string | null) => (v === null || v === '' ? undefined : v);
  return {
    bankCode: row.bank_code,
    agency: row.agency,
    agencyDigit: opt(row.agency_digit),
    account: row.account,
    accountDigit: opt(row.account_digit),
    carteira: row.carteira,
    convenio: opt(row.convenio),
    beneficiaryCode: opt(row.beneficiary_code),
    variation: opt(row.variation),
    nossoNumero17: row.nosso_numero_17,
    iof: opt(row.iof),
    post: opt(row.post),
    byteIdt: opt(row.byte_idt),
  };
}

export function presentAccount(row: q.CollectionAccountRow): CollectionAccount {
  let max = 0;
  try {
    max = maxSequence(accountData(row));
  } catch {
    max = 0;
  }
  return {
    id: row.id,
    number: row.number,
    label: row.label,
    bank_code: row.bank_code,
    bank_name: bankName(row.bank_code) ?? row.bank_code,
    agency: row.agency,
    agency_digit: row.agency_digit,
    account: row.account,
    account_digit: row.account_digit,
    carteira: row.carteira,
    convenio: row.convenio,
    beneficiary_code: row.beneficiary_code,
    variation: row.variation,
    post: row.post,
    byte_idt: row.byte_idt,
    iof: row.iof,
    nosso_numero_17: row.nosso_numero_17,
    remittance_layout: row.remittance_layout,
    beneficiary_name: row.beneficiary_name,
    beneficiary_document: row.beneficiary_document,
    beneficiary_document_kind: row.beneficiary_document_kind,
    beneficiary_document_formatted: formatDocument(row.beneficiary_document_kind, row.beneficiary_document),
    beneficiary_address: row.beneficiary_address,
    instructions: row.instructions,
    pix_key: row.pix_key,
    pix_key_type: row.pix_key_type,
    is_default: row.is_default,
    active: row.active,
    next_sequence: row.next_sequence,
    max_sequence: max,
    boleto_count: row.boleto_count,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export type Draft = Omit<CollectionAccountCreate, 'first_sequence' | 'is_default'>;

function trimOrNull(v: string | null | undefined): string | null {
  const t = typeof v === 'string' ? v.trim() : '';
  return t === '' ? null : t;
}

/** A field problem of an account draft; `expected` is the check digit the bank's rule gives. */
export interface AccountIssue extends ErrorDetail {
  field: string;
  expected?: string;
}

/**
 * Validates and normalises an account draft into column values, collecting every problem at once.
 * `digits`: also check the agency/account check digits of the banks whose rule is known
 * (check-digits.ts) — on create and when the bank fields change, never on a stored account that
 * is only being relabelled or deactivated. Itaú's account digit is always checked (its boleto
 * layout needs it).
 */
export function collectAccountIssues(d: Draft, opts: { digits: boolean }): { issues: AccountIssue[]; values: q.AccountValues } {
  const issues: AccountIssue[] = [];
  if (!SUPPORTED_BANKS.some((b) => b.code === d.bank_code)) {
    issues.push({ field: 'bank_code', issue: `unsupported bank; one of ${SUPPORTED_BANKS.map((b) => b.code).join(', ')}` });
  }
  const bank = {
    bank_code: d.bank_code,
    agency: d.agency ?? '',
    agency_digit: trimOrNull(d.agency_digit)?.toUpperCase() ?? null,
    account: d.account ?? '',
    account_digit: trimOrNull(d.account_digit)?.toUpperCase() ?? null,
    carteira: d.carteira.trim().toUpperCase(),
    convenio: trimOrNull(d.convenio),
    beneficiary_code: trimOrNull(d.beneficiary_code),
    variation: trimOrNull(d.variation),
    post: trimOrNull(d.post),
    byte_idt: trimOrNull(d.byte_idt),
    iof: trimOrNull(d.iof),
    nosso_numero_17: d.nosso_numero_17 ?? false,
  };
  if (issues.length === 0) {
    const expected = expectedDigits(bank.bank_code, bank.agency, bank.account);
    try {
      validateCollectionAccount(accountData(bank));
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      for (const i of err.details) {
        const field = API_FIELD[i.field ?? ''] ?? i.field ?? 'bank_code';
        const want = field === 'agency_digit' || field === 'account_digit' ? expected[field] : undefined;
        if (i.issue === 'does_not_match_agency_account' && want !== undefined)
          issues.push({ field, issue: mismatchIssue(want), expected: want });
        else issues.push({ field, issue: i.issue });
      }
    }
    if (opts.digits) {
      for (const m of digitMismatches(bank.bank_code, bank)) {
        if (!issues.some((i) => i.field === m.field))
          issues.push({ field: m.field, issue: mismatchIssue(m.expected), expected: m.expected });
      }
    }
  }

  const remittanceLayout = trimOrNull(d.remittance_layout) ?? DEFAULT_REMITTANCE_LAYOUT;
  const bankLayouts = layoutsForBank(d.bank_code).map((l) => l.id);
  if (!issues.some((i) => i.field === 'bank_code') && !bankLayouts.includes(remittanceLayout))
    issues.push({ field: 'remittance_layout', issue: `not a layout bank ${d.bank_code} takes; one of ${bankLayouts.join(', ')}` });

  let document = { kind: 'cnpj' as 'cpf' | 'cnpj', value: '' };
  try {
    const doc = normalizeDocument(d.beneficiary_document, { field: 'beneficiary_document', country: 'BR' });
    if (doc.kind === 'nif') issues.push({ field: 'beneficiary_document', issue: 'must be a CPF or CNPJ' });
    else document = { kind: doc.kind, value: doc.value };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    issues.push(...err.details.map((x) => ({ field: x.field ?? 'beneficiary_document', issue: x.issue })));
  }

  const a = d.beneficiary_address;
  let postal = '';
  try {
    postal = normalizePostalCode('BR', a.postal_code).value;
  } catch {
    issues.push({ field: 'beneficiary_address.postal_code', issue: 'must be a CEP of 8 digits' });
  }

  let uf = '';
  try {
    uf = normalizeUf(a.state, 'beneficiary_address.state');
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    issues.push(...err.details.map((x) => ({ field: x.field ?? 'beneficiary_address.state', issue: x.issue })));
  }

  let pix: { type: string; value: string } | null = null;
  const pixKey = trimOrNull(d.pix_key);
  if (pixKey) {
    try {
      pix = validatePixKey(pixKey);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      issues.push({ field: 'pix_key', issue: err.details[0]?.issue ?? 'invalid' });
    }
  }

  return {
    issues,
    values: {
      label: trimOrNull(d.label),
      ...bank,
      remittance_layout: remittanceLayout,
      beneficiary_name: d.beneficiary_name.trim(),
      beneficiary_document_kind: document.kind,
      beneficiary_document: document.value,
      beneficiary_address: {
        street: a.street.trim(),
        number: trimOrNull(a.number),
        complement: trimOrNull(a.complement),
        district: trimOrNull(a.district),
        city: a.city.trim(),
        state: uf,
        postal_code: postal,
      },
      instructions: (d.instructions ?? []).map((l) => l.trim()).filter((l) => l !== ''),
      pix_key: pix?.value ?? null,
      pix_key_type: pix?.type ?? null,
      active: d.active ?? true,
    },
  };
}

function invalidAccount(issues: AccountIssue[]): DomainError {
  return new DomainError(
    'validation_failed',
    `Invalid collection account: ${issues.map((i) => `${i.field} ${i.issue}`).join('; ')}`,
    issues.map((i) => ({ field: i.field, issue: i.issue })),
  );
}

/** Validates and normalises an account draft into column values; every problem is reported at once. */
export function normalizeAccount(d: Draft, opts: { digits: boolean } = { digits: true }): q.AccountValues {
  const { issues, values } = collectAccountIssues(d, opts);
  if (issues.length > 0) throw invalidAccount(issues);
  return values;
}

function duplicate(other: { id: string; number: number }): DomainError {
  return conflict(
    'duplicate_collection_account',
    `Collection account #${other.number} (${other.id}) already holds this bank agreement`,
    [{ field: 'convenio', issue: 'same bank, agency, account, carteira and convênio as another account' }],
    { existing_collection_account_id: other.id },
  );
}

export async function resolveAccount(
  q2: Queryable,
  scope: Scope,
  ref: string,
  opts: { forUpdate?: boolean } = {},
): Promise<q.CollectionAccountRow> {
  let row: q.CollectionAccountRow | null = null;
  if (isUuid(ref)) row = await q.findAccount(q2, scope.tenantId, ref, opts);
  else if (/^\d{1,15}$/.test(ref)) {
    const byNumber = await q.findAccountByNumber(q2, scope.tenantId, Number(ref));
    row = byNumber && opts.forUpdate ? await q.findAccount(q2, scope.tenantId, byNumber.id, opts) : byNumber;
  }
  if (!row) throw notFound('Collection account');
  return row;
}

export async function createCollectionAccount(tx: Tx, scope: Scope, input: CollectionAccountCreate): Promise<CollectionAccount> {
  const { first_sequence, is_default, ...draft } = input;
  const v = normalizeAccount(draft);
  const first = first_sequence ?? 1;
  // (cast: the normalized input holds every field accountData reads; a row's ids and timestamps are not read)
  const max = maxSequence(accountData(v as unknown as q.CollectionAccountRow));
  if (first > max)
    throw new DomainError('validation_failed', `first_sequence must be at most ${max} for this account`, [
      { field: 'first_sequence', issue: 'out_of_range' },
    ]);
  // Serialise account writes per tenant so the "exactly one default" rule sees a stable picture.
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`collection_accounts:${scope.tenantId}`]);
  const other = await q.findSameAgreement(tx, scope.tenantId, v);
  if (other) throw duplicate(other);
  const isFirst = (await q.countAccounts(tx, scope.tenantId)) === 0;
  const makeDefault = isFirst || is_default === true;
  if (makeDefault && !isFirst) await q.clearDefault(tx, scope.tenantId, scope.now);
  const id = uuidv7();
  const number = await nextNumbers(tx, scope.tenantId, 'collection_account');
  if (!(await q.insertAccount(tx, scope.tenantId, id, number, v, makeDefault, first, scope.now)))
    throw duplicate((await q.findSameAgreement(tx, scope.tenantId, v))!);
  const after = presentAccount((await q.findAccount(tx, scope.tenantId, id))!);
  await recordEvent(tx, scope, { type: 'collection_account.created', resourceType: 'collection_account', resourceId: id, after });
  return after;
}

export async function getCollectionAccount(db: Queryable, scope: Scope, ref: string): Promise<CollectionAccount> {
  return presentAccount(await resolveAccount(db, scope, ref));
}

export async function listCollectionAccounts(
  db: Queryable,
  scope: Scope,
  filter: { active?: boolean; bank_code?: string },
): Promise<CollectionAccount[]> {
  return (await q.listAccounts(db, scope.tenantId, { active: filter.active, bankCode: filter.bank_code })).map(presentAccount);
}

/** A stored account as a draft (the base a patch is merged onto). */
function draftOf(row: q.CollectionAccountRow): Draft {
  return {
    label: row.label,
    bank_code: row.bank_code,
    agency: row.agency || undefined,
    agency_digit: row.agency_digit,
    account: row.account || undefined,
    account_digit: row.account_digit,
    carteira: row.carteira,
    convenio: row.convenio,
    beneficiary_code: row.beneficiary_code,
    variation: row.variation,
    post: row.post,
    byte_idt: row.byte_idt,
    iof: row.iof,
    nosso_numero_17: row.nosso_numero_17,
    remittance_layout: row.remittance_layout,
    beneficiary_name: row.beneficiary_name,
    beneficiary_document: row.beneficiary_document,
    beneficiary_address: { ...row.beneficiary_address },
    instructions: row.instructions,
    pix_key: row.pix_key,
    active: row.active,
  };
}

export async function updateCollectionAccount(
  tx: Tx,
  scope: Scope,
  ref: string,
  patch: CollectionAccountPatch,
): Promise<CollectionAccount> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`collection_accounts:${scope.tenantId}`]);
  const row = await resolveAccount(tx, scope, ref, { forUpdate: true });
  const before = presentAccount(row);
  const { next_sequence, is_default, ...fields } = patch;
  const merged: Draft = { ...draftOf(row), ...fields };
  const v = normalizeAccount(merged, { digits: false });
  const changedBankFields = BANK_FIELDS.filter((k) => (v[k] ?? null) !== (row[k] ?? null));
  if (changedBankFields.length > 0) {
    const bad = digitMismatches(merged.bank_code, merged);
    if (bad.length > 0) throw invalidAccount(bad.map((m) => ({ field: m.field, issue: mismatchIssue(m.expected), expected: m.expected })));
  }
  if (changedBankFields.length > 0 && row.boleto_count > 0) {
    throw conflict(
      'collection_account_in_use',
      `Boletos were issued on this account: its bank agreement (${changedBankFields.join(', ')}) can no longer change; create another account instead`,
      changedBankFields.map((f) => ({ field: f, issue: 'fixed once boletos exist' })),
    );
  }
  const other = await q.findSameAgreement(tx, scope.tenantId, v, row.id);
  if (other) throw duplicate(other);
  // (cast: the normalized input holds every field accountData reads; a row's ids and timestamps are not read)
  const max = maxSequence(accountData(v as unknown as q.CollectionAccountRow));
  if (next_sequence !== undefined) {
    if (next_sequence < row.next_sequence) {
      throw new DomainError(
        'validation_failed',
        `next_sequence can only be raised (it is ${row.next_sequence}): nossos números are never reused`,
        [{ field: 'next_sequence', issue: 'lower than the current one' }],
      );
    }
    if (next_sequence > max)
      throw new DomainError('validation_failed', `next_sequence must be at most ${max}`, [
        { field: 'next_sequence', issue: 'out_of_range' },
      ]);
  }
  if (is_default === false && row.is_default) {
    throw conflict('default_collection_account', 'This is the default collection account; make another account the default instead', [
      { field: 'is_default', issue: 'exactly one account is the default' },
    ]);
  }
  await q.updateAccount(tx, scope.tenantId, row.id, v, next_sequence ?? row.next_sequence, scope.now);
  if (is_default === true && !row.is_default) {
    await q.clearDefault(tx, scope.tenantId, scope.now);
    await q.setDefault(tx, scope.tenantId, row.id, scope.now);
  }
  const after = presentAccount((await q.findAccount(tx, scope.tenantId, row.id))!);
  await recordEvent(tx, scope, {
    type: 'collection_account.updated',
    resourceType: 'collection_account',
    resourceId: row.id,
    before,
    after,
  });
  return after;
}

/** Deletes an account no boleto, remittance or return file refers to; the default passes to the oldest other account. */
export async function deleteCollectionAccount(tx: Tx, scope: Scope, ref: string): Promise<CollectionAccount> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`collection_accounts:${scope.tenantId}`]);
  const row = await resolveAccount(tx, scope, ref, { forUpdate: true });
  const before = presentAccount(row);
  await tx.query('SAVEPOINT delete_collection_account');
  try {
    await q.deleteAccount(tx, scope.tenantId, row.id);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23503' || code === '23001') {
      await tx.query('ROLLBACK TO SAVEPOINT delete_collection_account');
      throw new DomainError(
        'in_use',
        'Boletos, bank files or contracts refer to this collection account; deactivate it instead (PATCH active=false)',
      );
    }
    throw err;
  }
  if (row.is_default) {
    const next = await q.successorOf(tx, scope.tenantId, row.id);
    if (next) await q.setDefault(tx, scope.tenantId, next, scope.now);
  }
  await recordEvent(tx, scope, { type: 'collection_account.deleted', resourceType: 'collection_account', resourceId: row.id, before });
  return before;
}

export interface AccountValidation {
  valid: boolean;
  issues: AccountIssue[];
  /** The agency/account check digits the bank's rule gives for what was typed (banks with a known rule). */
  expected_digits: ExpectedDigits;
  /** Bank fields that can no longer change (boletos were issued on the account being edited). */
  fixed_fields: string[];
}

const filled = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/**
 * Checks a draft as the clerk types it, without writing: the same rules as create (or, with `id`,
 * as PATCH of that account), reporting only the fields that were filled in — a form half typed is
 * not "missing" everything else. Nothing is locked or written.
 */
export async function validateAccountDraft(db: Queryable, scope: Scope, input: CollectionAccountValidate): Promise<AccountValidation> {
  const { id, ...body } = input;
  const row = id ? await resolveAccount(db, scope, id) : null;
  const base: Draft = row
    ? draftOf(row)
    : {
        bank_code: '',
        carteira: '',
        beneficiary_name: '',
        beneficiary_document: '',
        beneficiary_address: { street: '', city: '', state: '', postal_code: '' },
      };
  const draft: Draft = {
    ...base,
    ...(body as Partial<Draft>),
    beneficiary_address: { ...base.beneficiary_address, ...(body.beneficiary_address ?? {}) },
  } as Draft;
  const bankChanged = (v: q.AccountValues) => (row ? BANK_FIELDS.filter((k) => (v[k] ?? null) !== (row[k] ?? null)) : [...BANK_FIELDS]);
  const probe = collectAccountIssues(draft, { digits: false });
  const { issues: all, values } = collectAccountIssues(draft, { digits: bankChanged(probe.values).length > 0 });
  // Everything stored counts as filled in; of a new account, only what the body carries.
  const isFilled = (field: string): boolean => {
    if (row) return true;
    const [top, sub] = field.split('.');
    if (sub) return filled((body.beneficiary_address as Record<string, unknown> | undefined)?.[sub]);
    return filled((body as Record<string, unknown>)[top]);
  };
  const issues = all.filter((i) => i.expected !== undefined || isFilled(i.field));
  const fixed = row && row.boleto_count > 0 ? bankChanged(values) : [];
  for (const f of fixed) issues.push({ field: f, issue: 'fixed once boletos exist' });
  const bankIssues = issues.some((i) => (BANK_FIELDS as readonly string[]).includes(i.field) || i.field === 'bank_code');
  if (!bankIssues && filled(draft.bank_code) && filled(draft.carteira)) {
    const other = await q.findSameAgreement(db, scope.tenantId, values, row?.id);
    if (other)
      issues.push({ field: 'convenio', issue: `same bank, agency, account, carteira and convênio as collection account #${other.number}` });
  }
  return {
    valid: issues.length === 0,
    issues,
    expected_digits: expectedDigits(draft.bank_code, draft.agency, draft.account),
    fixed_fields: row && row.boleto_count > 0 ? [...BANK_FIELDS] : [],
  };
}
