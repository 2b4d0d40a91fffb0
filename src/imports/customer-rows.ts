// "Upload dos Clientes": one spreadsheet row → create or update a customer through the customers
// use cases (so exactly the API's rules, events included). A row whose Nº do cliente, CPF/CNPJ or
// Código externo names an existing customer UPDATES it ("Alterar Cliente via lote"): the cells
// filled in replace those fields, empty cells leave them as they are.
import type { Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import { createCustomer, getCustomer, updateCustomer } from '../customers/customers.ts';
import { findIdBy } from '../customers/queries.ts';
import { customerToDraft } from '../customers/present-customer.ts';
import type { CustomerDraft } from '../customers/normalize-customer.ts';
import type { CustomerPatch } from '../customers/schemas.ts';
import type { RowValues } from '../platform/spreadsheet/index.ts';
import type { RowOutcome } from './row-outcome.ts';

const compactDocument = (v: string) => v.replace(/[.\-/\s]/g, '').toUpperCase();

/** The column (spec key) a customer error field belongs to. */
export function customerColumnOf(field: string | undefined): string | null {
  if (!field) return null;
  if (/^emails/.test(field)) return 'email';
  if (/^phones/.test(field)) return 'phone';
  const addr = /^addresses(?:\[\d+\])?\.(\w+)/.exec(field);
  if (addr) return addr[1] === 'number' ? 'street_number' : addr[1];
  return field.replace(/\[.*$/, '').split('.')[0];
}

const ADDRESS_KEYS = ['postal_code', 'street', 'street_number', 'complement', 'district', 'city', 'state'] as const;
const SCALARS = [
  'name',
  'trading_name',
  'document',
  'state_registration',
  'municipal_registration',
  'birth_date',
  'external_code',
  'notes',
] as const;

function bool(v: string | null): boolean | undefined {
  return v === null ? undefined : v === 'true';
}

function personType(v: RowValues): 'PF' | 'PJ' | undefined {
  const t = v.person_type?.trim().toUpperCase();
  if (t === undefined) return undefined;
  if (t !== 'PF' && t !== 'PJ')
    throw new DomainError('validation_failed', 'Tipo inválido', [{ field: 'person_type', issue: 'use PF ou PJ' }]);
  return t;
}

async function findExisting(tx: Tx, scope: Scope, v: RowValues): Promise<string | null> {
  if (v.number !== null) {
    const c = await getCustomer(tx, scope, v.number).catch(() => null);
    if (!c) throw new DomainError('not_found', 'Cliente não encontrado', [{ field: 'number', issue: `não existe cliente nº ${v.number}` }]);
    return c.id;
  }
  const byDoc = v.document ? await findIdBy(tx, scope.tenantId, 'document', compactDocument(v.document)) : null;
  const byCode = v.external_code ? await findIdBy(tx, scope.tenantId, 'external_code', v.external_code) : null;
  if (byDoc && byCode && byDoc.id !== byCode.id) {
    throw new DomainError('conflict', 'CPF/CNPJ e código externo são de clientes diferentes', [
      { field: 'external_code', issue: `o CPF/CNPJ é do cliente nº ${byDoc.number} e o código externo do cliente nº ${byCode.number}` },
    ]);
  }
  return (byDoc ?? byCode)?.id ?? null;
}

export async function importCustomerRow(tx: Tx, scope: Scope, v: RowValues, today: string): Promise<RowOutcome> {
  const type = personType(v);
  const existingId = await findExisting(tx, scope, v);
  if (existingId === null) {
    const draft: Record<string, unknown> = { person_type: type };
    for (const k of SCALARS) if (v[k] !== null) draft[k] = v[k];
    if (v.country !== null) draft.country = v.country;
    if (v.associate !== null) draft.associate = bool(v.associate);
    if (v.active !== null) draft.active = bool(v.active);
    draft.emails = v.email ? [{ email: v.email }] : [];
    draft.phones = v.phone ? [{ number: v.phone }] : [];
    draft.addresses = ADDRESS_KEYS.some((k) => v[k] !== null)
      ? [
          {
            street: v.street,
            number: v.street_number,
            complement: v.complement,
            district: v.district,
            city: v.city,
            state: v.state,
            postal_code: v.postal_code,
            ...(v.country ? { country: v.country } : {}),
          },
        ]
      : [];
    // (cast: the draft is built key by key from the row; createCustomer checks it as any API input)
    await createCustomer(tx, scope, draft as unknown as CustomerDraft, { today });
    return 'created';
  }
  const current = customerToDraft(await getCustomer(tx, scope, existingId));
  const patch: Record<string, unknown> = {};
  if (type) patch.person_type = type;
  for (const k of SCALARS) if (v[k] !== null) patch[k] = v[k];
  if (v.country !== null) patch.country = v.country;
  if (v.associate !== null) patch.associate = bool(v.associate);
  if (v.active !== null) patch.active = bool(v.active);
  if (v.email && !current.emails.some((e) => e.email.toLowerCase() === v.email!.trim().toLowerCase())) {
    patch.emails = [{ email: v.email, is_primary: true }, ...current.emails.map((e) => ({ ...e, is_primary: false }))];
  }
  if (v.phone) {
    const digits = v.phone.replace(/\D/g, '');
    if (!current.phones.some((p) => p.number.replace(/\D/g, '').endsWith(digits))) patch.phones = [{ number: v.phone }, ...current.phones];
  }
  if (ADDRESS_KEYS.some((k) => v[k] !== null)) {
    const [primary, ...others] = current.addresses;
    const merged: Record<string, unknown> = { ...(primary ?? {}) };
    for (const k of ADDRESS_KEYS) if (v[k] !== null) merged[k === 'street_number' ? 'number' : k] = v[k];
    patch.addresses = [{ ...merged, is_primary: true }, ...others.map((a) => ({ ...a, is_primary: false }))];
  }
  await updateCustomer(tx, scope, existingId, patch as CustomerPatch, { today });
  return 'updated';
}
