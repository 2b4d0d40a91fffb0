// Contract use cases (create, read, update, delete, list, history). The state machine actions are
// in transitions.ts. Each takes a transaction (or a queryable for reads) and the scope.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound, type ErrorDetail } from '../platform/errors.ts';
import { uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { nextNumbers } from '../platform/counters.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import { addDays } from '../platform/dates.ts';
import type { BillingPeriod } from '../pricing/types.ts';
import { canonicalNumeric } from '../catalog/present-service.ts';
import * as q from './queries.ts';
import { contractResource } from './contract-resource.ts';
import { currentPeriod, presentContract, presentTransition } from './present-contract.ts';
import { normalizeItems, type NormalizedItem } from './normalize-items.ts';
import type { Contract, ContractCreate, ContractPatch, Transition } from './schemas.ts';
import { activateRow, recordTransition } from './transitions.ts';
import { reload, resolveContract, type Opts } from './contract-lookup.ts';

/** A foreign key refused the delete: 23503 (NO ACTION) or 23001 (RESTRICT). */
const isForeignKeyBlock = (err: unknown) => ['23503', '23001'].includes((err as { code?: string }).code ?? '');

export { reload, resolveContract, type Opts } from './contract-lookup.ts';

function invalid(details: ErrorDetail[]): DomainError {
  return new DomainError('validation_failed', 'Invalid contract: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '), details);
}

async function assertExternalCodeFree(tx: Tx, scope: Scope, code: string | null, selfId?: string): Promise<void> {
  if (!code) return;
  const other = await q.findContractIdBy(tx, scope.tenantId, code);
  if (other && other.id !== selfId) {
    throw new DomainError(
      'duplicate_external_code',
      `Another contract already has external_code ${code}: #${other.number} (${other.id})`,
      [{ field: 'external_code', issue: 'already used by another contract' }],
      { existing_contract_id: other.id, existing_contract_number: other.number },
    );
  }
}

function translateUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'contracts_external_code') {
    throw new DomainError('duplicate_external_code', 'Another contract already has this external_code', [
      { field: 'external_code', issue: 'already used by another contract' },
    ]);
  }
  throw err;
}

async function assertCustomer(q2: Queryable, scope: Scope, customerId: string): Promise<void> {
  if (!(await q.findCustomerSummary(q2, scope.tenantId, customerId))) throw invalid([{ field: 'customer_id', issue: 'no such customer' }]);
}

const trimOrNull = (s: string | null | undefined) => s?.trim() || null;

/** The chosen collection account must be the tenant's (400) and active (409 collection_account_inactive). */
async function assertCollectionAccount(q2: Queryable, scope: Scope, id: string | null): Promise<void> {
  if (id === null) return;
  const account = await q.findCollectionAccountSummary(q2, scope.tenantId, id);
  if (!account) throw invalid([{ field: 'collection_account_id', issue: 'no such collection account' }]);
  if (!account.active) {
    throw new DomainError(
      'conflict',
      `Collection account #${account.number} is inactive: choose an active account (or null for the default)`,
      [{ field: 'collection_account_id', issue: 'the collection account is inactive' }],
      { reason: 'collection_account_inactive' },
    );
  }
}

/**
 * Each item's ends_on given (and changed) must fall within [its lower bound, the contract's end]:
 * the item's first day and, on a running contract, the current period's first day (earlier
 * periods are billed).
 */
function checkItemEnds(
  items: NormalizedItem[],
  bounds: (it: NormalizedItem) => { from: string; why: string } | null,
  endDate: string | null,
): void {
  const details: ErrorDetail[] = [];
  items.forEach((it, i) => {
    if (!it.ends_on) return;
    const b = bounds(it);
    if (b && it.ends_on < b.from) details.push({ field: `items[${i}].ends_on`, issue: `must not be before ${b.from} (${b.why})` });
    else if (endDate && it.ends_on > endDate)
      details.push({ field: `items[${i}].ends_on`, issue: `must not be after the contract's end_date (${endDate})` });
  });
  if (details.length) throw invalid(details);
}

export async function createContract(tx: Tx, scope: Scope, input: ContractCreate, opts: Opts): Promise<Contract> {
  await assertCustomer(tx, scope, input.customer_id);
  const { items } = await normalizeItems(tx, scope.tenantId, input.items);
  if (input.end_date && input.end_date < input.start_date) throw invalid([{ field: 'end_date', issue: 'must not be before start_date' }]);
  checkItemEnds(items, () => ({ from: input.start_date, why: "the contract's start_date" }), input.end_date ?? null);
  await assertCollectionAccount(tx, scope, input.collection_account_id ?? null);
  const fields: q.ContractFields = {
    customer_id: input.customer_id,
    start_date: input.start_date,
    end_date: input.end_date ?? null,
    billing_day: input.billing_day ?? Math.min(Number(input.start_date.slice(8, 10)), 28),
    due_days: input.due_days ?? 5,
    payment_method: input.payment_method ?? 'boleto',
    collection_account_id: input.collection_account_id ?? null,
    external_code: trimOrNull(input.external_code),
    description: trimOrNull(input.description),
    metadata: input.metadata ?? {},
  };
  await assertExternalCodeFree(tx, scope, fields.external_code);
  const id = uuidv7();
  const number = await nextNumbers(tx, scope.tenantId, 'contract');
  try {
    await q.insertContract(tx, scope.tenantId, id, number, fields, scope.now);
  } catch (err) {
    translateUniqueViolation(err);
  }
  await q.insertItems(
    tx,
    scope.tenantId,
    id,
    items.map((i) => ({ ...i, id: uuidv7(), starts_on: null, ends_on: i.ends_on ?? null })),
    scope.now,
  );
  await recordTransition(tx, scope, id, 'create', null, 'pending', null, opts.today);
  const created = await reload(tx, scope, id, opts.today);
  await recordEvent(tx, scope, { type: 'contract.created', resourceType: 'contract', resourceId: id, after: created });
  if (input.status === 'active') {
    const row = (await q.findContract(tx, scope.tenantId, 'id', id, opts.today, { forUpdate: true }))!;
    return activateRow(tx, scope, row, null, opts);
  }
  return created;
}

export async function getContract(db: Queryable, scope: Scope, ref: string, opts: Opts): Promise<Contract> {
  return presentContract(await resolveContract(db, scope, ref, opts.today), opts.today);
}

export async function getContractByExternalCode(db: Queryable, scope: Scope, code: string, opts: Opts): Promise<Contract> {
  const row = await q.findContract(db, scope.tenantId, 'external_code', code, opts.today);
  if (!row) throw notFound('Contract');
  return presentContract(row, opts.today);
}

const PENDING_ONLY = ['customer_id', 'start_date', 'billing_day'] as const;
const NOT_WHEN_CANCELLED = ['items', 'end_date', 'due_days', 'payment_method'] as const;

function sameItem(a: q.ItemRow, b: NormalizedItem): boolean {
  const canon = canonicalNumeric;
  return (
    a.service_id === b.service_id &&
    canon(a.quantity) === b.quantity &&
    canon(a.price_override_cents) === b.price_override_cents &&
    (a.description ?? null) === b.description
  );
}

/**
 * PATCH rules (docs/contracts.md): a pending contract can change anything; once it has started
 * (active, inactive, suspended) customer, start date and billing day are fixed (they define the
 * billing grid), and item changes apply from the next billing period; a cancelled contract only
 * takes description, metadata and external_code.
 */
export async function updateContract(tx: Tx, scope: Scope, ref: string, patch: ContractPatch, opts: Opts): Promise<Contract> {
  const row = await resolveContract(tx, scope, ref, opts.today, { forUpdate: true });
  const before = presentContract(row, opts.today);
  const conflicts: ErrorDetail[] = [];
  if (row.status !== 'pending') {
    for (const k of PENDING_ONLY)
      if (patch[k] !== undefined && patch[k] !== row[k])
        conflicts.push({ field: k, issue: 'can only change while the contract is pending' });
  }
  if (row.status === 'cancelled') {
    for (const k of NOT_WHEN_CANCELLED) if (patch[k] !== undefined) conflicts.push({ field: k, issue: 'a cancelled contract is final' });
  }
  if (conflicts.length) {
    throw new DomainError('conflict', `This ${row.status} contract cannot change: ` + conflicts.map((d) => d.field).join(', '), conflicts, {
      current_status: row.status,
    });
  }
  const fields: q.ContractFields = {
    customer_id: patch.customer_id ?? row.customer_id,
    start_date: patch.start_date ?? row.start_date,
    end_date: patch.end_date !== undefined ? patch.end_date : row.end_date,
    billing_day: patch.billing_day ?? row.billing_day,
    due_days: patch.due_days ?? row.due_days,
    payment_method: patch.payment_method ?? row.payment_method,
    collection_account_id: patch.collection_account_id !== undefined ? patch.collection_account_id : row.collection_account_id,
    external_code: patch.external_code !== undefined ? trimOrNull(patch.external_code) : row.external_code,
    description: patch.description !== undefined ? trimOrNull(patch.description) : row.description,
    metadata: patch.metadata ?? row.metadata,
  };
  if (fields.customer_id !== row.customer_id) await assertCustomer(tx, scope, fields.customer_id);
  if (fields.collection_account_id !== row.collection_account_id) await assertCollectionAccount(tx, scope, fields.collection_account_id);
  if (fields.end_date && fields.end_date < fields.start_date)
    throw invalid([{ field: 'end_date', issue: 'must not be before start_date' }]);
  const period = row.status === 'pending' ? null : currentPeriod(row, opts.today);
  if (period && patch.end_date && patch.end_date !== row.end_date && patch.end_date < period.start) {
    throw invalid([{ field: 'end_date', issue: `must not be before the current billing period (${period.start})` }]);
  }
  await assertExternalCodeFree(tx, scope, fields.external_code, row.id);
  try {
    await q.updateContractFields(tx, scope.tenantId, row.id, fields, scope.now);
  } catch (err) {
    translateUniqueViolation(err);
  }
  if (patch.items) await replaceItems(tx, scope, row, patch, fields, period);
  const after = await reload(tx, scope, row.id, opts.today);
  await recordEvent(tx, scope, { type: 'contract.updated', resourceType: 'contract', resourceId: row.id, before, after });
  return after;
}

/**
 * Items: in place before the contract's first period; otherwise the change starts on `cutover` (the
 * next period's first day). An item's own end date (ends_on) is not a change of terms: it is set on
 * the item where it is; an item changed and ending before the cutover just ends then.
 */
async function replaceItems(
  tx: Tx,
  scope: Scope,
  row: q.ContractRow,
  patch: ContractPatch,
  fields: q.ContractFields,
  period: BillingPeriod | null,
): Promise<void> {
  const cutover = period ? addDays(period.end, 1) : null;
  const current = new Map(row.items.map((i) => [i.id, i]));
  const { items, unit } = await normalizeItems(tx, scope.tenantId, patch.items!, {
    keepServiceIds: new Set(row.items.map((i) => i.service_id)),
  });
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  items.forEach((it, i) => {
    if (!it.id) return;
    if (!current.has(it.id)) details.push({ field: `items[${i}].id`, issue: 'is not a current item of this contract' });
    if (seen.has(it.id)) details.push({ field: `items[${i}].id`, issue: 'appears twice' });
    seen.add(it.id);
  });
  if (details.length) throw invalid(details);
  // On a running contract an end date sent back unchanged (e.g. the last day a replaced item was
  // given) is not checked again; before the first period every end is checked against the new dates.
  checkItemEnds(
    items.map((it) => (period && it.id && it.ends_on === current.get(it.id)!.ends_on ? { ...it, ends_on: undefined } : it)),
    (it) => {
      const own = it.id ? (current.get(it.id)!.starts_on ?? fields.start_date) : (cutover ?? fields.start_date);
      if (period && period.start > own) return { from: period.start, why: 'the current billing period; earlier periods are billed' };
      return {
        from: own,
        why: it.id ? "the item's first day" : cutover ? 'the next billing period, when a new item starts' : "the contract's start_date",
      };
    },
    fields.end_date,
  );
  if (cutover !== null) {
    const running = row.items.filter((i) => i.ends_on === null || i.ends_on >= cutover).map((i) => i.service.billing_period);
    if (running.length && running[0] !== unit) {
      throw invalid([
        { field: 'items', issue: `a running contract keeps its billing period (${running[0]}); put ${unit} services in another contract` },
      ]);
    }
  }
  const byId = new Map(items.filter((i) => i.id).map((i) => [i.id!, i]));
  const inserts: q.NewItem[] = [];
  const removeOrThrow = async (itemId: string) => {
    await tx.query('SAVEPOINT remove_item');
    try {
      await q.deleteItem(tx, scope.tenantId, itemId);
    } catch (err) {
      if (!isForeignKeyBlock(err)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT remove_item');
      throw new DomainError('in_use', `Item ${itemId} already has usage records and cannot be removed or replaced before its period`, [
        { field: 'items', issue: 'item has usage records' },
      ]);
    }
  };
  for (const ci of row.items) {
    const next = byId.get(ci.id);
    // ends_on omitted on a kept item: it keeps its own.
    const endsOn = next?.ends_on !== undefined ? next.ends_on : ci.ends_on;
    if (cutover === null) {
      if (next) await q.updateItemInPlace(tx, scope.tenantId, ci.id, { ...next, ends_on: endsOn });
      else await removeOrThrow(ci.id);
      continue;
    }
    if (next && sameItem(ci, next)) {
      if (endsOn !== ci.ends_on) await q.endItem(tx, scope.tenantId, ci.id, endsOn);
      continue;
    }
    if (ci.starts_on !== null && ci.starts_on >= cutover) {
      // Not started yet: change it where it is.
      if (next) await q.updateItemInPlace(tx, scope.tenantId, ci.id, { ...next, ends_on: endsOn });
      else await removeOrThrow(ci.id);
      continue;
    }
    if (next && endsOn !== null && endsOn < cutover) {
      // It ends before the new terms would start: it just ends.
      if (endsOn !== ci.ends_on) await q.endItem(tx, scope.tenantId, ci.id, endsOn);
      continue;
    }
    if (ci.ends_on === null || ci.ends_on >= cutover) await q.endItem(tx, scope.tenantId, ci.id, addDays(cutover, -1));
    if (next) inserts.push({ ...next, id: uuidv7(), starts_on: cutover, ends_on: endsOn });
  }
  for (const it of items) if (!it.id) inserts.push({ ...it, id: uuidv7(), starts_on: cutover, ends_on: it.ends_on ?? null });
  await q.insertItems(tx, scope.tenantId, row.id, inserts, scope.now);
}

/** Only a pending contract (never billed) can be deleted; any other is cancelled instead. */
export async function deleteContract(tx: Tx, scope: Scope, ref: string, opts: Opts): Promise<Contract> {
  const row = await resolveContract(tx, scope, ref, opts.today, { forUpdate: true });
  const before = presentContract(row, opts.today);
  if (row.status !== 'pending') {
    throw new DomainError(
      'conflict',
      `Only pending contracts can be deleted; this one is ${row.status} (cancel it instead)`,
      [{ field: 'status', issue: `is ${row.status}` }],
      {
        current_status: row.status,
        allowed_actions: before.allowed_actions,
      },
    );
  }
  await tx.query('SAVEPOINT delete_contract');
  try {
    await q.deleteContract(tx, scope.tenantId, row.id);
  } catch (err) {
    if (!isForeignKeyBlock(err)) throw err;
    await tx.query('ROLLBACK TO SAVEPOINT delete_contract');
    throw new DomainError('in_use', 'This contract has usage or financial records and cannot be deleted; cancel it instead');
  }
  await recordEvent(tx, scope, { type: 'contract.deleted', resourceType: 'contract', resourceId: row.id, before });
  return before;
}

export async function listContracts(db: Queryable, scope: Scope, req: ListRequest, opts: Opts): Promise<Page<Contract>> {
  const page = await runList<q.ContractRow>(
    db,
    contractResource,
    {
      select: q.contractSelect('$2'),
      from: 'contracts c',
      scopeWhere: 'c.tenant_id = $1 AND $2::date IS NOT NULL',
      scopeParams: [scope.tenantId, opts.today],
      idSql: 'c.id',
    },
    req,
  );
  return { ...page, data: page.data.map((r) => presentContract(r, opts.today)) };
}

export async function contractHistory(db: Queryable, scope: Scope, ref: string, opts: Opts): Promise<{ data: Transition[] }> {
  const row = await resolveContract(db, scope, ref, opts.today);
  return { data: (await q.listTransitions(db, scope.tenantId, row.id)).map(presentTransition) };
}
