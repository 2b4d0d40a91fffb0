// The only file of the imports capability that speaks SQL. Every statement is scoped by tenant_id.
import type { Queryable, Tx } from '../platform/db/types.ts';
import type { Database } from '../platform/db/schema.generated.ts';

export type ImportRow = Omit<Database['imports'], 'failure'> & {
  // narrower than the jsonb column: the shape this capability writes
  failure: { code: string; message: string; details: { field?: string; issue: string }[] } | null;
};

export type ImportErrorRow = Omit<Database['import_errors'], 'tenant_id' | 'import_id' | 'seq'>;

export async function insertImport(
  tx: Tx,
  r: Pick<
    ImportRow,
    | 'tenant_id'
    | 'id'
    | 'entity'
    | 'mode'
    | 'dry_run'
    | 'filename'
    | 'content_type'
    | 'size_bytes'
    | 'format'
    | 'job_id'
    | 'total_rows'
    | 'actor_type'
    | 'actor_id'
    | 'request_id'
  >,
  content: Buffer,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO imports (tenant_id, id, entity, mode, dry_run, filename, content_type, size_bytes, format, job_id, total_rows, actor_type, actor_id, request_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)`,
    [
      r.tenant_id,
      r.id,
      r.entity,
      r.mode,
      r.dry_run,
      r.filename,
      r.content_type,
      r.size_bytes,
      r.format,
      r.job_id,
      r.total_rows,
      r.actor_type,
      r.actor_id,
      r.request_id,
      now.toISOString(),
    ],
  );
  await tx.query(`INSERT INTO import_files (tenant_id, import_id, content) VALUES ($1, $2, $3)`, [r.tenant_id, r.id, content]);
}

export async function findImport(q: Queryable, tenantId: string, id: string): Promise<ImportRow | null> {
  const { rows } = await q.query<ImportRow>(`SELECT * FROM imports WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0] ?? null;
}

export async function loadFile(q: Queryable, tenantId: string, id: string): Promise<Buffer | null> {
  const { rows } = await q.query<{ content: Uint8Array }>(`SELECT content FROM import_files WHERE tenant_id = $1 AND import_id = $2`, [
    tenantId,
    id,
  ]);
  if (!rows[0]) return null;
  const c = rows[0].content;
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

export interface ImportCounts {
  processed_rows: number;
  last_row_number: number;
  valid_rows: number;
  invalid_rows: number;
  created_count: number;
  updated_count: number;
  unchanged_count: number;
  error_count: number;
  total_rows: number | null;
}

export async function markRunning(q: Queryable, tenantId: string, id: string, restart: boolean, now: Date): Promise<void> {
  // A restarted all-or-nothing (or dry) run committed nothing, so it starts again from zero.
  await q.query(
    `UPDATE imports SET status = 'running', started_at = coalesce(started_at, $3), updated_at = $3
       ${restart ? `, processed_rows = 0, last_row_number = 0, valid_rows = 0, invalid_rows = 0, created_count = 0, updated_count = 0, unchanged_count = 0, error_count = 0` : ''}
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, now.toISOString()],
  );
  if (restart) await q.query(`DELETE FROM import_errors WHERE tenant_id = $1 AND import_id = $2`, [tenantId, id]);
}

export async function saveCounts(q: Queryable, tenantId: string, id: string, c: ImportCounts, now: Date): Promise<void> {
  await q.query(
    `UPDATE imports SET processed_rows = $3, last_row_number = $4, valid_rows = $5, invalid_rows = $6, created_count = $7,
       updated_count = $8, unchanged_count = $9, error_count = $10, total_rows = $11, updated_at = $12
     WHERE tenant_id = $1 AND id = $2`,
    [
      tenantId,
      id,
      c.processed_rows,
      c.last_row_number,
      c.valid_rows,
      c.invalid_rows,
      c.created_count,
      c.updated_count,
      c.unchanged_count,
      c.error_count,
      c.total_rows,
      now.toISOString(),
    ],
  );
}

export async function finish(
  q: Queryable,
  tenantId: string,
  id: string,
  status: 'completed' | 'failed',
  failure: ImportRow['failure'],
  format: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    `UPDATE imports SET status = $3, failure = $4, format = coalesce($5, format), finished_at = $6, updated_at = $6 WHERE tenant_id = $1 AND id = $2`,
    [tenantId, id, status, failure ? JSON.stringify(failure) : null, format, now.toISOString()],
  );
}

/** Appends error lines in one statement; `firstSeq` is the number of lines already stored. */
export async function insertErrors(
  q: Queryable,
  tenantId: string,
  importId: string,
  firstSeq: number,
  errors: ImportErrorRow[],
): Promise<void> {
  if (!errors.length) return;
  await q.query(
    `INSERT INTO import_errors (tenant_id, import_id, seq, row_number, column_name, message, value)
     SELECT $1, $2, $3 + e.ord, e.row_number, e.column_name, e.message, e.value
     FROM unnest($4::int[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e(row_number, column_name, message, value, ord)`,
    [
      tenantId,
      importId,
      firstSeq,
      errors.map((e) => e.row_number),
      errors.map((e) => e.column_name),
      errors.map((e) => e.message),
      errors.map((e) => e.value),
    ],
  );
}

export async function storedErrorCount(q: Queryable, tenantId: string, importId: string): Promise<number> {
  const { rows } = await q.query<{ n: number }>(`SELECT count(*)::int8 AS n FROM import_errors WHERE tenant_id = $1 AND import_id = $2`, [
    tenantId,
    importId,
  ]);
  return rows[0].n;
}

export async function listErrors(
  q: Queryable,
  tenantId: string,
  importId: string,
  offset: number,
  limit: number,
): Promise<ImportErrorRow[]> {
  const { rows } = await q.query<ImportErrorRow>(
    `SELECT row_number, column_name, message, value FROM import_errors WHERE tenant_id = $1 AND import_id = $2 ORDER BY seq LIMIT $3 OFFSET $4`,
    [tenantId, importId, limit, offset],
  );
  return rows;
}

export async function errorsAfter(q: Queryable, tenantId: string, importId: string, afterSeq: number, limit: number) {
  const { rows } = await q.query<ImportErrorRow & { seq: number }>(
    `SELECT seq, row_number, column_name, message, value FROM import_errors WHERE tenant_id = $1 AND import_id = $2 AND seq > $3 ORDER BY seq LIMIT $4`,
    [tenantId, importId, afterSeq, limit],
  );
  return rows;
}

/** Contract numbers, customer documents and service codes of a page of usage records (exports). */
export async function usageLabels(q: Queryable, tenantId: string, contractIds: string[], customerIds: string[], serviceIds: string[]) {
  const [c, cu, s] = [
    await q.query<{ id: string; number: number; external_code: string | null }>(
      `SELECT id, number, external_code FROM contracts WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, contractIds],
    ),
    await q.query<{ id: string; document: string | null; external_code: string | null }>(
      `SELECT id, document, external_code FROM customers WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, customerIds],
    ),
    await q.query<{ id: string; code: string }>(`SELECT id, code FROM services WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
      tenantId,
      serviceIds,
    ]),
  ];
  return {
    contracts: new Map(c.rows.map((r) => [r.id, String(r.number)])),
    customers: new Map(cu.rows.map((r) => [r.id, r.document ?? r.external_code ?? ''])),
    services: new Map(s.rows.map((r) => [r.id, r.code])),
  };
}
