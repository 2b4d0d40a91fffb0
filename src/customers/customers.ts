// Customer use cases. Each takes a transaction (or a queryable for reads) and the scope, and
// returns plain data; routes, imports, jobs and the compatibility dialects all call these.
import type { Queryable, Tx, WriteTarget } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import * as q from './queries.ts';
import { normalizeCustomer, type CustomerDraft, type NormalizedCustomer } from './normalize-customer.ts';
import { customerToDraft, presentCustomer } from './present-customer.ts';
import { customerResource } from './customer-resource.ts';
import type { Customer, CustomerPatch } from './schemas.ts';

async function assertUnique(tx: Queryable, scope: Scope, c: NormalizedCustomer, selfId?: string): Promise<void> {
  if (c.document) {
    const other = await q.findIdBy(tx, scope.tenantId, 'document', c.document);
    if (other && other.id !== selfId) {
      throw new DomainError(
        'duplicate_document',
        `Another customer already has this document: #${other.number} ${other.name} (${other.id})`,
        [{ field: 'document', issue: 'already used by another customer' }],
        { existing_customer_id: other.id, existing_customer_number: other.number },
      );
    }
  }
  if (c.external_code) {
    const other = await q.findIdBy(tx, scope.tenantId, 'external_code', c.external_code);
    if (other && other.id !== selfId) {
      throw new DomainError(
        'duplicate_external_code',
        `Another customer already has external_code ${c.external_code}: #${other.number} ${other.name} (${other.id})`,
        [{ field: 'external_code', issue: 'already used by another customer' }],
        { existing_customer_id: other.id, existing_customer_number: other.number },
      );
    }
  }
}

/** A unique index caught a race the pre-check could not see: report it like the pre-check. */
function translateUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && (e.constraint === 'customers_document' || e.constraint === 'customers_external_code')) {
    const field = e.constraint === 'customers_document' ? 'document' : 'external_code';
    throw new DomainError(
      field === 'document' ? 'duplicate_document' : 'duplicate_external_code',
      `Another customer already has this ${field}`,
      [{ field, issue: 'already used by another customer' }],
    );
  }
  throw err;
}

async function writeChildren(tx: Tx, scope: Scope, customerId: string, c: NormalizedCustomer): Promise<void> {
  const newEmails = c.emails.filter((e) => !e.id).length;
  const newAddresses = c.addresses.filter((a) => !a.id).length;
  const firstEmail = newEmails ? await nextNumbers(tx, scope.tenantId, 'customer_email', newEmails) : 0;
  const firstAddress = newAddresses ? await nextNumbers(tx, scope.tenantId, 'customer_address', newAddresses) : 0;
  await q.replaceEmails(
    tx,
    scope.tenantId,
    customerId,
    c.emails,
    Array.from({ length: newEmails }, () => uuidv7()),
    firstEmail,
    scope.now,
  );
  await q.replaceAddresses(
    tx,
    scope.tenantId,
    customerId,
    c.addresses,
    Array.from({ length: newAddresses }, () => uuidv7()),
    firstAddress,
    scope.now,
  );
}

/** Changes data in one statement, so it may run outside a transaction (see WriteTarget). */
export async function createCustomer(tx: WriteTarget, scope: Scope, input: CustomerDraft, opts: { today: string }): Promise<Customer> {
  const c = normalizeCustomer(input, opts);
  if (c.emails.some((e) => e.id) || c.addresses.some((a) => a.id)) {
    throw new DomainError('validation_failed', 'ids of e-mails and addresses are set by Cobre on create', [
      { field: 'emails/addresses.id', issue: 'not allowed on create' },
    ]);
  }
  const id = uuidv7();
  const number = await nextNumbers(tx, scope.tenantId, 'customer');
  const firstEmail = c.emails.length ? await nextNumbers(tx, scope.tenantId, 'customer_email', c.emails.length) : 0;
  const firstAddress = c.addresses.length ? await nextNumbers(tx, scope.tenantId, 'customer_address', c.addresses.length) : 0;
  const emails = c.emails.map((e, i) => ({ ...e, id: uuidv7(), number: firstEmail + i }));
  const addresses = c.addresses.map((a, i) => ({ ...a, id: uuidv7(), number: firstAddress + i }));
  // The response (and the event's "after") is built from what is written: no read-back.
  const createdAt = scope.now.toISOString();
  const byPrimary = <T extends { is_primary: boolean; number: number }>(xs: T[]) =>
    [...xs].sort((a, b) => Number(b.is_primary) - Number(a.is_primary) || a.number - b.number);
  const created = presentCustomer({
    ...c,
    tenant_id: scope.tenantId,
    id,
    number,
    portal_password_hash: null,
    created_at: createdAt,
    updated_at: createdAt,
    deactivated_at: c.active ? null : createdAt,
    emails: byPrimary(emails),
    addresses: byPrimary(addresses),
  });
  const inserted = await q.insertCustomerGraph(tx, scope.tenantId, { ...c, id, number, createdAt }, emails, addresses, {
    id: uuidv7(),
    type: 'customer.created',
    actorType: scope.actor.type,
    actorId: scope.actor.id,
    requestId: scope.requestId ?? null,
    data: { after: created },
  });
  if (!inserted) {
    // The document or the external code is taken: say which, naming the existing customer.
    await assertUnique(tx, scope, c);
    throw new DomainError('conflict', 'The customer conflicts with an existing one');
  }
  return created;
}

/** Resolves a customer reference: its UUID or its per-tenant number. */
async function resolve(q2: Queryable, scope: Scope, ref: string, opts: { forUpdate?: boolean } = {}): Promise<q.CustomerRow> {
  let row: q.CustomerRow | null = null;
  if (isUuid(ref)) row = await q.findCustomer(q2, scope.tenantId, ref, opts);
  else if (/^\d{1,15}$/.test(ref)) {
    const byNumber = await q.findCustomerBy(q2, scope.tenantId, 'number', Number(ref));
    if (byNumber && opts.forUpdate) row = await q.findCustomer(q2, scope.tenantId, byNumber.id, opts);
    else row = byNumber;
  }
  if (!row) throw notFound('Customer');
  return row;
}

export async function getCustomer(db: Queryable, scope: Scope, ref: string): Promise<Customer> {
  return presentCustomer(await resolve(db, scope, ref));
}

export async function getCustomerByExternalCode(db: Queryable, scope: Scope, code: string): Promise<Customer> {
  const row = await q.findCustomerBy(db, scope.tenantId, 'external_code', code);
  if (!row) throw notFound('Customer');
  return presentCustomer(row);
}

export async function updateCustomer(tx: Tx, scope: Scope, ref: string, patch: CustomerPatch, opts: { today: string }): Promise<Customer> {
  const before = presentCustomer(await resolve(tx, scope, ref, { forUpdate: true }));
  const merged = { ...customerToDraft(before), ...patch } as CustomerDraft;
  const c = normalizeCustomer(merged, opts);
  const current = await q.childIds(tx, scope.tenantId, before.id);
  c.emails.forEach((e, i) => {
    if (e.id && !current.emails.includes(e.id))
      throw new DomainError('validation_failed', 'Unknown e-mail id', [
        { field: `emails[${i}].id`, issue: 'is not an e-mail of this customer' },
      ]);
  });
  c.addresses.forEach((a, i) => {
    if (a.id && !current.addresses.includes(a.id))
      throw new DomainError('validation_failed', 'Unknown address id', [
        { field: `addresses[${i}].id`, issue: 'is not an address of this customer' },
      ]);
  });
  await assertUnique(tx, scope, c, before.id);
  try {
    await q.updateCustomer(tx, scope.tenantId, before.id, c, scope.now);
  } catch (err) {
    translateUniqueViolation(err);
  }
  if (patch.emails !== undefined || patch.addresses !== undefined) {
    // Lists not in the patch came from the stored customer with their ids, so they are kept as they are.
    await writeChildren(tx, scope, before.id, c);
  }
  const after = presentCustomer((await q.findCustomer(tx, scope.tenantId, before.id))!);
  await recordEvent(tx, scope, { type: 'customer.updated', resourceType: 'customer', resourceId: before.id, before, after });
  return after;
}

export async function setCustomerActive(tx: Tx, scope: Scope, ref: string, active: boolean): Promise<Customer> {
  const before = presentCustomer(await resolve(tx, scope, ref, { forUpdate: true }));
  if (before.active === active) return before;
  await q.setActive(tx, scope.tenantId, before.id, active, scope.now);
  const after = presentCustomer((await q.findCustomer(tx, scope.tenantId, before.id))!);
  await recordEvent(tx, scope, {
    type: active ? 'customer.activated' : 'customer.deactivated',
    resourceType: 'customer',
    resourceId: before.id,
    before,
    after,
  });
  return after;
}

/**
 * Removes a customer that has no financial history. A customer referenced by contracts, charges
 * or anything else financial is refused with 409 (the foreign keys say so): deactivate it instead.
 */
export async function deleteCustomer(tx: Tx, scope: Scope, ref: string): Promise<Customer> {
  const before = presentCustomer(await resolve(tx, scope, ref, { forUpdate: true }));
  await tx.query('SAVEPOINT delete_customer');
  try {
    await q.deleteCustomer(tx, scope.tenantId, before.id);
  } catch (err) {
    // ON DELETE RESTRICT reports restrict_violation (23001); NO ACTION reports foreign_key_violation (23503).
    const code = (err as { code?: string }).code;
    if (code === '23503' || code === '23001') {
      await tx.query('ROLLBACK TO SAVEPOINT delete_customer');
      throw new DomainError(
        'customer_has_history',
        'This customer has contracts, charges or other financial history and cannot be deleted; deactivate it instead (POST /v1/customers/{id}/deactivate)',
      );
    }
    throw err;
  }
  await recordEvent(tx, scope, { type: 'customer.deleted', resourceType: 'customer', resourceId: before.id, before });
  return before;
}

export async function listCustomers(db: Queryable, scope: Scope, req: ListRequest): Promise<Page<Customer>> {
  const page = await runList<q.CustomerRow>(
    db,
    customerResource,
    { select: q.CUSTOMER_SELECT, from: 'customers c', scopeWhere: 'c.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'c.id' },
    req,
  );
  return { ...page, data: page.data.map(presentCustomer) };
}

/** Free-text search: name (ignoring case and accents), document or any e-mail contains the text (trigram indexes). */
export async function searchCustomersText(db: Queryable, scope: Scope, text: string, req: ListRequest): Promise<Page<Customer>> {
  const digits = text.replace(/[.\-/\s]/g, '');
  const params: unknown[] = [scope.tenantId, `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`];
  let docClause = '';
  if (/^[0-9A-Za-z]{3,}$/.test(digits)) {
    params.push(`%${digits.toUpperCase()}%`);
    docClause = ` OR c.document LIKE $${params.length}`;
  }
  const where = `c.tenant_id = $1 AND (c.name_search LIKE cobre_fold($2) OR c.trading_name ILIKE $2${docClause}
    OR EXISTS (SELECT 1 FROM customer_emails e WHERE e.tenant_id = c.tenant_id AND e.customer_id = c.id AND e.email ILIKE $2))`;
  const page = await runList<q.CustomerRow>(
    db,
    customerResource,
    { select: q.CUSTOMER_SELECT, from: 'customers c', scopeWhere: where, scopeParams: params, idSql: 'c.id' },
    req,
  );
  return { ...page, data: page.data.map(presentCustomer) };
}
