// Address- and e-mail-level use cases: add one, change one, remove one, read one, addressed by its UUID or its
// per-tenant number (the TOConline dialect works this way). Each write goes through updateCustomer
// with the full list, so every customer rule (CEP/UF/postcode checks, one primary, no repeated
// e-mail) applies exactly as on a whole-customer update, and the event is `customer.updated`.
import type { Static } from 'typebox';
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { getCustomer, updateCustomer } from './customers.ts';
import { customerToDraft } from './present-customer.ts';
import type { Address as AddressSchema, AddressInput, Customer, Email as EmailSchema } from './schemas.ts';
import * as cq from './contact-queries.ts';

export type Address = Static<typeof AddressSchema>;
export type Email = Static<typeof EmailSchema>;
export type AddressFields = Omit<Static<typeof AddressInput>, 'id'>;
export interface EmailFields {
  email: string;
  label?: string | null;
  is_primary?: boolean;
}

export interface CustomerAddress {
  customer: Customer;
  address: Address;
}
export interface CustomerEmail {
  customer: Customer;
  email: Email;
}

function childRef(ref: string | number): { id: string } | { number: number } | null {
  if (typeof ref === 'number') return Number.isSafeInteger(ref) && ref > 0 ? { number: ref } : null;
  if (isUuid(ref)) return { id: ref };
  if (/^\d{1,15}$/.test(ref)) return { number: Number(ref) };
  return null;
}

async function findChild(db: Queryable, scope: Scope, table: 'customer_addresses' | 'customer_emails', ref: string | number) {
  const r = childRef(ref);
  const row = r ? await cq.findChild(db, scope.tenantId, table, r) : null;
  if (!row) throw notFound(table === 'customer_addresses' ? 'Address' : 'E-mail address');
  return row;
}

/** Reads the customer after locking it, so concurrent child writes never lose each other's rows. */
async function lockedCustomer(tx: Tx, scope: Scope, customerRef: string): Promise<Customer> {
  const c = await getCustomer(tx, scope, customerRef);
  await cq.lockCustomer(tx, scope.tenantId, c.id);
  return getCustomer(tx, scope, c.id);
}

type DraftAddress = ReturnType<typeof customerToDraft>['addresses'][number];
type DraftEmail = ReturnType<typeof customerToDraft>['emails'][number];

// ---- addresses ----

export async function getCustomerAddress(db: Queryable, scope: Scope, ref: string | number): Promise<CustomerAddress> {
  const row = await findChild(db, scope, 'customer_addresses', ref);
  const customer = await getCustomer(db, scope, row.customer_id);
  return { customer, address: customer.addresses.find((a) => a.id === row.id)! };
}

/** Adds an address to a customer. Marked primary, it becomes the only primary; the first address is primary anyway. */
export async function addCustomerAddress(
  tx: Tx,
  scope: Scope,
  customerRef: string,
  input: AddressFields,
  opts: { today: string },
): Promise<CustomerAddress> {
  const before = await lockedCustomer(tx, scope, customerRef);
  const current: DraftAddress[] = customerToDraft(before).addresses;
  if (input.is_primary) for (const a of current) a.is_primary = false;
  const list = [...current, { ...input }] as DraftAddress[];
  const after = await updateCustomer(tx, scope, before.id, { addresses: list }, opts);
  const known = new Set(before.addresses.map((a) => a.id));
  return { customer: after, address: after.addresses.find((a) => !known.has(a.id))! };
}

/** Changes the fields given of one address (by UUID or number); the rest stay as they are. */
export async function updateCustomerAddress(
  tx: Tx,
  scope: Scope,
  ref: string | number,
  patch: Partial<AddressFields>,
  opts: { today: string },
): Promise<CustomerAddress> {
  const row = await findChild(tx, scope, 'customer_addresses', ref);
  const before = await lockedCustomer(tx, scope, row.customer_id);
  const list: DraftAddress[] = customerToDraft(before).addresses;
  const target = list.find((a) => a.id === row.id);
  if (!target) throw notFound('Address');
  if (patch.is_primary === true) for (const a of list) a.is_primary = false;
  if (patch.is_primary === false && target.is_primary && list.length > 1) {
    throw new DomainError(
      'validation_failed',
      'A customer with addresses always has one primary address: mark another one primary instead',
      [{ field: 'is_primary', issue: 'cannot unset the primary address; set is_primary on another address' }],
    );
  }
  Object.assign(target, patch);
  const after = await updateCustomer(tx, scope, before.id, { addresses: list }, opts);
  return { customer: after, address: after.addresses.find((a) => a.id === row.id)! };
}

/**
 * Removes one address (by UUID or number), with the customer locked first so a concurrent add is
 * never lost; when it was the primary one, the first remaining address becomes primary. Returns the
 * customer after and the address as it was.
 */
export async function removeCustomerAddress(tx: Tx, scope: Scope, ref: string | number, opts: { today: string }): Promise<CustomerAddress> {
  const row = await findChild(tx, scope, 'customer_addresses', ref);
  const before = await lockedCustomer(tx, scope, row.customer_id);
  const removed = before.addresses.find((a) => a.id === row.id);
  if (!removed) throw notFound('Address');
  const rest: DraftAddress[] = customerToDraft(before).addresses.filter((a) => a.id !== row.id);
  if (rest.length && !rest.some((a) => a.is_primary)) rest[0].is_primary = true;
  const after = await updateCustomer(tx, scope, before.id, { addresses: rest }, opts);
  return { customer: after, address: removed };
}

// ---- e-mail addresses ----

export async function getCustomerEmail(db: Queryable, scope: Scope, ref: string | number): Promise<CustomerEmail> {
  const row = await findChild(db, scope, 'customer_emails', ref);
  const customer = await getCustomer(db, scope, row.customer_id);
  return { customer, email: customer.emails.find((e) => e.id === row.id)! };
}

export async function addCustomerEmail(
  tx: Tx,
  scope: Scope,
  customerRef: string,
  input: EmailFields,
  opts: { today: string },
): Promise<CustomerEmail> {
  const before = await lockedCustomer(tx, scope, customerRef);
  const current: DraftEmail[] = customerToDraft(before).emails;
  if (input.is_primary) for (const e of current) e.is_primary = false;
  const after = await updateCustomer(tx, scope, before.id, { emails: [...current, { ...input }] as DraftEmail[] }, opts);
  const known = new Set(before.emails.map((e) => e.id));
  return { customer: after, email: after.emails.find((e) => !known.has(e.id))! };
}

export async function updateCustomerEmail(
  tx: Tx,
  scope: Scope,
  ref: string | number,
  patch: Partial<EmailFields>,
  opts: { today: string },
): Promise<CustomerEmail> {
  const row = await findChild(tx, scope, 'customer_emails', ref);
  const before = await lockedCustomer(tx, scope, row.customer_id);
  const list: DraftEmail[] = customerToDraft(before).emails;
  const target = list.find((e) => e.id === row.id);
  if (!target) throw notFound('E-mail address');
  if (patch.is_primary === true) for (const e of list) e.is_primary = false;
  if (patch.is_primary === false && target.is_primary && list.length > 1) {
    throw new DomainError('validation_failed', 'A customer with e-mails always has one primary e-mail: mark another one primary instead', [
      { field: 'is_primary', issue: 'cannot unset the primary e-mail; set is_primary on another e-mail' },
    ]);
  }
  Object.assign(target, patch);
  const after = await updateCustomer(tx, scope, before.id, { emails: list }, opts);
  return { customer: after, email: after.emails.find((e) => e.id === row.id)! };
}

/** Removes one e-mail address (by UUID or number), as removeCustomerAddress does for addresses. */
export async function removeCustomerEmail(tx: Tx, scope: Scope, ref: string | number, opts: { today: string }): Promise<CustomerEmail> {
  const row = await findChild(tx, scope, 'customer_emails', ref);
  const before = await lockedCustomer(tx, scope, row.customer_id);
  const removed = before.emails.find((e) => e.id === row.id);
  if (!removed) throw notFound('E-mail address');
  const rest: DraftEmail[] = customerToDraft(before).emails.filter((e) => e.id !== row.id);
  if (rest.length && !rest.some((e) => e.is_primary)) rest[0].is_primary = true;
  const after = await updateCustomer(tx, scope, before.id, { emails: rest }, opts);
  return { customer: after, email: removed };
}

export interface EmailListItem extends Email {
  customer_id: string;
  customer_number: number;
}

/** The tenant's e-mail addresses, optionally of one customer (UUID or number) or equal to one address. */
export async function listCustomerEmails(
  db: Queryable,
  scope: Scope,
  opts: { customerRef?: string; email?: string; page?: number; page_size?: number },
): Promise<{ data: EmailListItem[]; total: number; page: number; page_size: number }> {
  const page = opts.page ?? 1;
  const pageSize = opts.page_size ?? 100;
  const customerId = opts.customerRef ? (await getCustomer(db, scope, opts.customerRef)).id : undefined;
  const { rows, total } = await cq.listEmails(db, scope.tenantId, {
    customerId,
    email: opts.email,
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return {
    data: rows.map((r) => ({
      id: r.id,
      number: r.number,
      email: r.email,
      label: r.label,
      is_primary: r.is_primary,
      customer_id: r.customer_id,
      customer_number: r.customer_number,
    })),
    total,
    page,
    page_size: pageSize,
  };
}
