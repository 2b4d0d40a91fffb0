// Usage (consumption) use cases. Each takes a transaction (or a queryable for reads) and the
// scope, and returns plain data; routes, the spreadsheet import and billing call these.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound, type ErrorCode, type ErrorDetail } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { runList, type ListRequest, type Page } from '../platform/search.ts';
import * as q from './queries.ts';
import type { UsageDraft } from './normalize-usage.ts';
import { prepareUsage, type PreparedUsage, type UsageError } from './prepare-usage.ts';
import { presentUsage } from './present-usage.ts';
import { usageResource } from './usage-resource.ts';
import type { UsageBatchResult, UsageRecord } from './schemas.ts';

/**
 * Thrown (rolling the empty transaction back) when a created record's external_id is already
 * stored with the same content: the route answers 200 with the stored record.
 */
export class AlreadyRecorded extends Error {
  constructor(readonly record: UsageRecord) {
    super('already recorded');
  }
}

const CONFLICT_CODES = new Set(['frozen', 'duplicate_external_id']);

/** One DomainError for the problems of one record (single) or of a batch (every index listed). */
export function usageErrors(errors: UsageError[], batch: boolean): DomainError {
  const details: ErrorDetail[] = errors.map((e) => ({ field: batch ? `records[${e.index}].${e.field}` : e.field, issue: e.issue }));
  const codes = [...new Set(errors.map((e) => e.code))];
  let code: ErrorCode;
  if (batch)
    code = codes.every((c) => CONFLICT_CODES.has(c))
      ? codes.includes('frozen')
        ? 'frozen'
        : 'duplicate_external_id'
      : 'validation_failed';
  else code = codes.includes('validation_failed') ? 'validation_failed' : codes[0];
  const what = batch
    ? `${new Set(errors.map((e) => e.index)).size} record(s) of the batch are invalid; nothing was stored`
    : 'The usage record is invalid';
  return new DomainError(
    code,
    `${what}: ${details
      .slice(0, 5)
      .map((d) => `${d.field} ${d.issue}`)
      .join('; ')}${details.length > 5 ? '; …' : ''}`,
    details,
    {
      errors: errors.map((e) => ({ index: e.index, field: e.field, code: e.code, issue: e.issue })),
    },
  );
}

export interface WrittenUsage {
  index: number;
  status: 'created' | 'existing' | 'updated';
  row: q.UsageRow;
}

/**
 * Stores prepared records: one INSERT for the new ones, one UPDATE for the replaced ones, and their
 * events. Events: `single` (POST/PUT of one record) records one consumption.created /
 * consumption.updated per record with the record; batches and imports record ONE
 * consumption.batch_created event per call listing the ids of the records it created (and one
 * consumption.batch_updated with before/after of the records it changed) — writing 1000 event rows,
 * or one event holding 1000 records, costs about as much as writing the records themselves
 * (docs/imports.md, "Events").
 */
export async function writePreparedUsage(
  tx: Tx,
  scope: Scope,
  prepared: PreparedUsage[],
  opts: {
    single?: boolean /** Imports: the event names the import (its file is stored) and lists ids, not whole records. */;
    importId?: string;
  } = {},
): Promise<WrittenUsage[]> {
  const creates = prepared.filter((p) => p.action === 'create').map((p) => ({ p, w: { id: uuidv7(), ...p.value } }));
  const updates = prepared.filter((p) => p.action === 'update').map((p) => ({ p, w: { id: p.existing!.id, ...p.value } }));
  const inserted = await q.insertUsageRows(
    tx,
    scope.tenantId,
    creates.map((c) => c.w),
    scope.now,
  );
  const updated = await q.updateUsageRows(
    tx,
    scope.tenantId,
    updates.map((u) => u.w),
    scope.now,
  );
  if (updated.length !== updates.length) throw new DomainError('frozen', 'A record was billed while it was being replaced; retry');
  if (opts.single) {
    for (const r of inserted)
      await recordEvent(tx, scope, { type: 'consumption.created', resourceType: 'consumption', resourceId: r.id, after: presentUsage(r) });
    for (const [i, r] of updated.entries()) {
      await recordEvent(tx, scope, {
        type: 'consumption.updated',
        resourceType: 'consumption',
        resourceId: r.id,
        before: presentUsage(updates[i].p.existing!),
        after: presentUsage(r),
      });
    }
  } else {
    if (inserted.length) {
      const batchId = uuidv7();
      await recordEvent(tx, scope, {
        type: 'consumption.batch_created',
        resourceType: 'consumption_batch',
        resourceId: batchId,
        data: { count: inserted.length, ...(opts.importId ? { import_id: opts.importId } : {}), ids: inserted.map((r) => r.id) },
      });
    }
    if (updated.length) {
      const batchId = uuidv7();
      await recordEvent(tx, scope, {
        type: 'consumption.batch_updated',
        resourceType: 'consumption_batch',
        resourceId: batchId,
        data: {
          count: updated.length,
          records: updated.map((r, i) => ({ before: presentUsage(updates[i].p.existing!), after: presentUsage(r) })),
        },
      });
    }
  }
  const out: WrittenUsage[] = [];
  for (const [i, c] of creates.entries()) out.push({ index: c.p.index, status: 'created', row: inserted[i] });
  for (const [i, u] of updates.entries()) out.push({ index: u.p.index, status: 'updated', row: updated[i] });
  for (const p of prepared) if (p.action === 'existing') out.push({ index: p.index, status: 'existing', row: p.existing! });
  return out.sort((a, b) => a.index - b.index);
}

/** A unique index caught a concurrent insert of the same external_id: answer like the pre-check. */
function translateUniqueViolation(err: unknown): never {
  const e = err as { code?: string; constraint?: string };
  if (e.code === '23505' && e.constraint === 'usage_records_external_id') {
    throw new DomainError('duplicate_external_id', 'This external_id was stored by a concurrent request; retry to get the stored record', [
      { field: 'external_id', issue: 'already used' },
    ]);
  }
  throw err;
}

export async function createUsage(tx: Tx, scope: Scope, draft: UsageDraft): Promise<UsageRecord> {
  const { records, errors } = await prepareUsage(tx, scope, [draft], { onExisting: 'conflict' });
  if (errors.length) throw usageErrors(errors, false);
  if (records[0].action === 'existing') throw new AlreadyRecorded(presentUsage(records[0].existing!));
  try {
    const [written] = await writePreparedUsage(tx, scope, records, { single: true });
    return presentUsage(written.row);
  } catch (err) {
    translateUniqueViolation(err);
  }
}

/** Up to 1000 records in the caller's transaction: all stored, or none (every bad index listed). */
export async function createUsageBatch(tx: Tx, scope: Scope, drafts: UsageDraft[]): Promise<UsageBatchResult> {
  const { records, errors } = await prepareUsage(tx, scope, drafts, { onExisting: 'conflict' });
  if (errors.length) throw usageErrors(errors, true);
  let written: WrittenUsage[];
  try {
    written = await writePreparedUsage(tx, scope, records);
  } catch (err) {
    translateUniqueViolation(err);
  }
  return {
    created: written.filter((w) => w.status === 'created').length,
    existing: written.filter((w) => w.status === 'existing').length,
    records: written.map((w) => ({
      index: w.index,
      status: w.status === 'existing' ? 'existing' : 'created',
      record: presentUsage(w.row),
    })),
  };
}

async function find(q2: Queryable, scope: Scope, id: string, opts: { forUpdate?: boolean } = {}): Promise<q.UsageRow> {
  const row = isUuid(id) ? await q.findUsage(q2, scope.tenantId, id, opts) : null;
  if (!row) throw notFound('Usage record');
  return row;
}

function assertNotFrozen(row: q.UsageRow, action: string): void {
  if (row.billed_at) {
    throw new DomainError('frozen', `This usage record was billed (period ${row.billing_period_key}) and can no longer be ${action}`, [
      { field: 'billed_at', issue: `billed at ${row.billed_at}` },
    ]);
  }
}

export async function getUsage(db: Queryable, scope: Scope, id: string): Promise<UsageRecord> {
  return presentUsage(await find(db, scope, id));
}

/** PUT: replaces every field (what is not sent is cleared or defaulted), unless billed. */
export async function replaceUsage(tx: Tx, scope: Scope, id: string, draft: UsageDraft): Promise<UsageRecord> {
  const current = await find(tx, scope, id);
  await q.lockContractsShared(tx, scope.tenantId, [current.contract_id]);
  const before = await find(tx, scope, id, { forUpdate: true });
  assertNotFrozen(before, 'changed');
  const { records, errors } = await prepareUsage(tx, scope, [draft], { onExisting: 'conflict', selfId: before.id });
  if (errors.length) throw usageErrors(errors, false);
  const p = records[0];
  let written: WrittenUsage[];
  try {
    written = await writePreparedUsage(tx, scope, [{ ...p, action: 'update', existing: before }], { single: true });
  } catch (err) {
    translateUniqueViolation(err);
  }
  return presentUsage(written[0].row);
}

export async function deleteUsage(tx: Tx, scope: Scope, id: string): Promise<UsageRecord> {
  const current = await find(tx, scope, id);
  await q.lockContractsShared(tx, scope.tenantId, [current.contract_id]);
  const before = await find(tx, scope, id, { forUpdate: true });
  assertNotFrozen(before, 'deleted');
  await q.deleteUsageRow(tx, scope.tenantId, id);
  const presented = presentUsage(before);
  await recordEvent(tx, scope, { type: 'consumption.deleted', resourceType: 'consumption', resourceId: id, before: presented });
  return presented;
}

export async function listUsage(db: Queryable, scope: Scope, req: ListRequest): Promise<Page<UsageRecord>> {
  const page = await runList<q.UsageRow>(
    db,
    usageResource,
    { select: 'u.*', from: 'usage_records u', scopeWhere: 'u.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'u.id' },
    req,
  );
  return { ...page, data: page.data.map(presentUsage) };
}

/** Every record matching the filters, in creation order, read 1000 at a time (exports). */
export async function* iterateUsage(db: Queryable, scope: Scope, filters: ListRequest['filters']): AsyncGenerator<UsageRecord> {
  let cursor: string | undefined;
  for (;;) {
    const page = await runList<q.UsageRow>(
      db,
      usageResource,
      { select: 'u.*', from: 'usage_records u', scopeWhere: 'u.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'u.id' },
      { filters, limit: 1000, cursor },
    );
    for (const r of page.data) yield presentUsage(r);
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

export interface AggregateQuery {
  contract_id?: string;
  customer_id?: string;
  service_id?: string;
  period_start?: string;
  period_end?: string;
  month?: string;
  group_by?: 'period' | 'month';
}

function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Total quantity per contract item over one period (period_start..period_end or a month), or per month. */
export async function aggregateUsage(db: Queryable, scope: Scope, a: AggregateQuery) {
  let start: string;
  let end: string;
  if (a.month) {
    if (a.period_start || a.period_end)
      throw new DomainError('validation_failed', 'Give month or period_start/period_end, not both', [
        { field: 'month', issue: 'not with period_start/period_end' },
      ]);
    start = `${a.month}-01`;
    end = lastDayOfMonth(a.month);
  } else {
    if (!a.period_start || !a.period_end) {
      throw new DomainError('validation_failed', 'Give period_start and period_end, or month', [
        { field: a.period_start ? 'period_end' : 'period_start', issue: 'is required (or give month)' },
      ]);
    }
    start = a.period_start;
    end = a.period_end;
  }
  if (end < start)
    throw new DomainError('validation_failed', 'period_end is before period_start', [
      { field: 'period_end', issue: 'must not be before period_start' },
    ]);
  if (!a.contract_id && !a.customer_id && !a.service_id) {
    throw new DomainError('validation_failed', 'Give contract_id, customer_id or service_id', [
      { field: 'contract_id', issue: 'is required (or customer_id or service_id)' },
    ]);
  }
  const rows = await q.aggregate(db, scope.tenantId, {
    contractId: a.contract_id,
    customerId: a.customer_id,
    serviceId: a.service_id,
    start,
    end,
    byMonth: a.group_by === 'month',
  });
  return { data: rows.map((r) => ({ ...r, quantity: presentQuantity(r.quantity) })) };
}

function presentQuantity(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
