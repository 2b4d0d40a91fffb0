// Import use cases: accept an upload (stored in the database, then queued), read its state and its
// error report.
import type { Queryable, Tx } from '../platform/db/types.ts';
import { DomainError, notFound } from '../platform/errors.ts';
import { isUuid, uuidv7 } from '../platform/ids.ts';
import type { Scope } from '../platform/scope.ts';
import { recordEvent } from '../platform/events.ts';
import { enqueueJob } from '../platform/jobs.ts';
import { detectFormat } from '../platform/spreadsheet/index.ts';
import type { ImportEntity } from './columns.ts';
import { estimateDataRows } from './row-estimate.ts';
import * as q from './queries.ts';
import type { Import } from './schemas.ts';
import { runList, type ListRequest, type Page, type ResourceDef } from '../platform/search.ts';

export const IMPORT_QUEUE = 'import';

export interface NewImport {
  entity: ImportEntity;
  mode: 'all_or_nothing' | 'valid_rows';
  dryRun: boolean;
  filename: string | null;
  contentType: string | null;
  content: Buffer;
}

export async function createImport(tx: Tx, scope: Scope, n: NewImport): Promise<Import> {
  if (n.content.length === 0) throw new DomainError('empty_file', 'O arquivo está vazio', [{ field: 'body', issue: 'is empty' }]);
  // Cheap checks now (the first bytes); the header and the rows are checked by the job.
  const format = detectFormat(
    n.content.subarray(0, 4096),
    n.filename ?? (n.contentType?.includes('spreadsheetml') ? 'upload.xlsx' : undefined),
  );
  const id = uuidv7();
  const jobId = uuidv7();
  await q.insertImport(
    tx,
    {
      tenant_id: scope.tenantId,
      id,
      entity: n.entity,
      mode: n.mode,
      dry_run: n.dryRun,
      filename: n.filename,
      content_type: n.contentType,
      size_bytes: n.content.length,
      format,
      job_id: jobId,
      total_rows: estimateDataRows(n.content, format),
      actor_type: scope.actor.type,
      actor_id: scope.actor.id,
      request_id: scope.requestId ?? null,
    },
    n.content,
    scope.now,
  );
  await enqueueJob(tx, {
    tenantId: scope.tenantId,
    queue: IMPORT_QUEUE,
    id: jobId,
    payload: { import_id: id },
    maxAttempts: 3,
    at: scope.now,
  });
  const created = await getImport(tx, scope, id);
  await recordEvent(tx, scope, {
    type: 'import.created',
    resourceType: 'import',
    resourceId: id,
    after: { id, entity: n.entity, mode: n.mode, dry_run: n.dryRun, filename: n.filename, size_bytes: n.content.length, format },
  });
  return created;
}

export async function getImport(db: Queryable, scope: Scope, id: string): Promise<Import> {
  const row = isUuid(id) ? await q.findImport(db, scope.tenantId, id) : null;
  if (!row) throw notFound('Import');
  const first = row.error_count > 0 ? await q.listErrors(db, scope.tenantId, id, 0, 20) : [];
  return presentImport(row, first);
}

/** Imports, newest first (lists carry no first_errors: GET /v1/imports/{id} has them). */
export async function listImports(db: Queryable, scope: Scope, req: ListRequest): Promise<Page<Import>> {
  const page = await runList<q.ImportRow>(
    db,
    importResource,
    { select: 'i.*', from: 'imports i', scopeWhere: 'i.tenant_id = $1', scopeParams: [scope.tenantId], idSql: 'i.id' },
    req,
  );
  return { ...page, data: page.data.map((r) => presentImport(r, [])) };
}

export const importResource: ResourceDef = {
  name: 'imports',
  alias: 'i',
  defaultSort: [{ field: 'created_at', direction: 'desc' }],
  fields: [
    { name: 'entity', type: 'enum', enum: ['customers', 'consumption'], filterable: true },
    { name: 'status', type: 'enum', enum: ['queued', 'running', 'completed', 'failed'], filterable: true },
    { name: 'dry_run', type: 'boolean', filterable: true },
    { name: 'created_at', type: 'datetime', filterable: true, sortable: true },
  ],
};

function presentImport(row: q.ImportRow, first: q.ImportErrorRow[]): Import {
  const total = row.total_rows;
  return {
    id: row.id,
    entity: row.entity,
    mode: row.mode,
    dry_run: row.dry_run,
    status: row.status,
    filename: row.filename,
    format: row.format,
    size_bytes: row.size_bytes,
    progress: {
      processed: row.processed_rows,
      total,
      percent: row.status === 'completed' ? 100 : total ? Math.min(100, Math.floor((row.processed_rows / total) * 1000) / 10) : null,
    },
    counts: {
      valid_rows: row.valid_rows,
      invalid_rows: row.invalid_rows,
      created: row.created_count,
      updated: row.updated_count,
      unchanged: row.unchanged_count,
      errors: row.error_count,
    },
    failure: row.failure,
    first_errors: first.map(presentError),
    created_at: row.created_at,
    started_at: row.started_at,
    finished_at: row.finished_at,
  };
}

export function presentError(e: q.ImportErrorRow) {
  return { row: e.row_number, column: e.column_name, message: e.message, value: e.value };
}

export async function listImportErrors(db: Queryable, scope: Scope, id: string, page: number, pageSize: number) {
  const row = isUuid(id) ? await q.findImport(db, scope.tenantId, id) : null;
  if (!row) throw notFound('Import');
  const total = await q.storedErrorCount(db, scope.tenantId, id);
  const data = await q.listErrors(db, scope.tenantId, id, (page - 1) * pageSize, pageSize);
  return { data: data.map(presentError), page, page_size: pageSize, total, has_more: page * pageSize < total };
}

/** Every stored error line, 1000 at a time (errors.xlsx). */
export async function* iterateImportErrors(db: Queryable, scope: Scope, id: string) {
  const row = isUuid(id) ? await q.findImport(db, scope.tenantId, id) : null;
  if (!row) throw notFound('Import');
  let after = -1;
  for (;;) {
    const rows = await q.errorsAfter(db, scope.tenantId, id, after, 1000);
    for (const r of rows) yield presentError(r);
    if (rows.length < 1000) return;
    after = rows[rows.length - 1].seq;
  }
}
