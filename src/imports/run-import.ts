// The 'import' job: streams the stored file, validates every row with the API's rules, writes
// chunk by chunk (valid_rows) or everything in one transaction (all_or_nothing, dry runs), and
// records progress and a report of every bad row. See docs/imports.md.
import { Readable } from 'node:stream';
import type { Db, Queryable, Tx } from '../platform/db/types.ts';
import { DomainError } from '../platform/errors.ts';
import type { Scope } from '../platform/scope.ts';
import type { JobHandler } from '../platform/jobs.ts';
import type { Clock } from '../platform/clock.ts';
import { openSpreadsheet, type OpenedSpreadsheet, type SheetRow } from '../platform/spreadsheet/index.ts';
import { COLUMNS_BY_ENTITY } from './columns.ts';
import { consumptionProcessor, customerProcessor, type ChunkProcessor, type ChunkResult } from './processors.ts';
import * as q from './queries.ts';
import { collectGarbage } from '../platform/gc.ts';

/** Error lines kept per import; error_count still counts every one. */
export const MAX_ERROR_LINES = 50_000;
/** Data rows accepted in one file; one more fails the import with too_many_rows. */
export const MAX_ROWS = 1_000_000;

/**
 * A long import keeps each chunk's rows alive across database round trips, so V8 promotes them to
 * the old generation and lets it grow (to several hundred MB over 100k rows) before collecting.
 * A full collection every few chunks keeps the server's peak memory near its live set (the cost
 * is tens of milliseconds each time). Where the runtime refuses, nothing happens.
 */
const GC_EVERY_ROWS = 10_000;

export interface RunImportOptions {
  clock: Clock;
  heartbeat?: () => Promise<void>;
}

function importScope(imp: q.ImportRow, now: Date): Scope {
  return {
    tenantId: imp.tenant_id,
    accountId: imp.tenant_id,
    mode: 'live',
    actor: { type: imp.actor_type as Scope['actor']['type'], id: imp.actor_id },
    requestId: imp.request_id ?? `import:${imp.id}`,
    now,
  };
}

export async function runImport(db: Db, tenantId: string, importId: string, opts: RunImportOptions): Promise<Record<string, unknown>> {
  const imp = await q.findImport(db, tenantId, importId);
  if (!imp) return { skipped: 'import not found' };
  if (imp.status === 'completed' || imp.status === 'failed') return { skipped: `already ${imp.status}` };
  const wholeFile = imp.mode === 'all_or_nothing' || imp.dry_run;
  await q.markRunning(db, tenantId, importId, wholeFile, opts.clock.now());
  const fresh = (await q.findImport(db, tenantId, importId))!;
  const counts: q.ImportCounts = {
    processed_rows: fresh.processed_rows,
    last_row_number: fresh.last_row_number,
    valid_rows: fresh.valid_rows,
    invalid_rows: fresh.invalid_rows,
    created_count: fresh.created_count,
    updated_count: fresh.updated_count,
    unchanged_count: fresh.unchanged_count,
    error_count: fresh.error_count,
    total_rows: fresh.total_rows,
  };
  const file = await q.loadFile(db, tenantId, importId);
  if (!file) {
    await q.finish(
      db,
      tenantId,
      importId,
      'failed',
      { code: 'file_missing', message: 'O arquivo da importação não foi encontrado', details: [] },
      null,
      opts.clock.now(),
    );
    return { failed: 'file_missing' };
  }

  let opened: OpenedSpreadsheet;
  try {
    opened = await openSpreadsheet(Readable.from([file]), {
      columns: COLUMNS_BY_ENTITY[imp.entity],
      filename: imp.filename ?? undefined,
      maxRows: MAX_ROWS,
    });
  } catch (err) {
    return fail(db, imp, err, null, opts.clock.now());
  }
  const scope = importScope(imp, opts.clock.now());
  const headerOf = opened.header.headerOf;
  const processor: ChunkProcessor =
    imp.entity === 'customers' ? customerProcessor(scope, headerOf, opts.clock.today()) : consumptionProcessor(scope, headerOf, importId);
  // PGlite is one connection: while the whole-file transaction is open nothing else can run,
  // so progress is only written (and the job lock only extended) on server PostgreSQL.
  const sideChannel: Queryable | null = wholeFile && db.kind === 'pglite' ? null : db;

  let storedErrors = wholeFile ? 0 : await q.storedErrorCount(db, tenantId, importId);
  const pendingErrors: q.ImportErrorRow[] = [];
  const addResult = (r: ChunkResult, rows: number, lastRow: number) => {
    counts.processed_rows += rows;
    counts.last_row_number = lastRow;
    counts.invalid_rows += r.invalidRows;
    counts.valid_rows += rows - r.invalidRows;
    counts.created_count += r.created;
    counts.updated_count += r.updated;
    counts.unchanged_count += r.unchanged;
    counts.error_count += r.errors.length;
    if (counts.total_rows !== null && counts.processed_rows > counts.total_rows) counts.total_rows = counts.processed_rows;
    for (const e of r.errors) if (storedErrors + pendingErrors.length < MAX_ERROR_LINES) pendingErrors.push(e);
  };

  /** Reads the sheet in chunks; rows whose cells did not convert are reported without reaching the processor. */
  const eachChunk = async (handle: (rows: SheetRow[], cellErrors: ChunkResult, count: number, lastRow: number) => Promise<void>) => {
    let good: SheetRow[] = [];
    let cell: ChunkResult = { errors: [], invalidRows: 0, created: 0, updated: 0, unchanged: 0 };
    let n = 0;
    let last = counts.last_row_number;
    const flush = async () => {
      if (n === 0) return;
      await handle(good, cell, n, last);
      good = [];
      cell = { errors: [], invalidRows: 0, created: 0, updated: 0, unchanged: 0 };
      n = 0;
    };
    for await (const row of opened.rows) {
      if (!wholeFile && row.rowNumber <= fresh.last_row_number) continue; // resumed after a crash: already committed
      n++;
      last = row.rowNumber;
      if (row.ok) good.push(row);
      else {
        cell.invalidRows++;
        for (const e of row.errors)
          cell.errors.push({ row_number: e.rowNumber, column_name: e.column, message: e.message, value: e.value ?? null });
      }
      if (n >= processor.chunkSize) {
        await flush();
        if (counts.processed_rows % GC_EVERY_ROWS < processor.chunkSize) collectGarbage();
      }
    }
    await flush();
  };

  const merge = (a: ChunkResult, b: ChunkResult): ChunkResult => ({
    errors: [...a.errors, ...b.errors].sort((x, y) => x.row_number - y.row_number),
    invalidRows: a.invalidRows + b.invalidRows,
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
  });

  try {
    if (wholeFile) {
      await db.transaction(async (tx: Tx) => {
        await tx.query('SAVEPOINT import_writes');
        await eachChunk(async (rows, cellErrors, n, lastRow) => {
          addResult(merge(cellErrors, await processor.process(tx, rows)), n, lastRow);
          if (sideChannel) {
            await q.saveCounts(sideChannel, tenantId, importId, counts, opts.clock.now());
            await opts.heartbeat?.();
          }
        });
        const rejected = counts.invalid_rows > 0;
        if (imp.dry_run || rejected) await tx.query('ROLLBACK TO SAVEPOINT import_writes');
        counts.total_rows = counts.processed_rows;
        await q.insertErrors(tx, tenantId, importId, 0, pendingErrors);
        await q.saveCounts(tx, tenantId, importId, counts, opts.clock.now());
        const failure =
          rejected && !imp.dry_run
            ? {
                code: 'invalid_rows',
                message: `${counts.invalid_rows} linha(s) com erro: nada foi importado (modo all_or_nothing)`,
                details: [],
              }
            : null;
        await q.finish(tx, tenantId, importId, failure ? 'failed' : 'completed', failure, opened.header.format, opts.clock.now());
      });
    } else {
      await eachChunk(async (rows, cellErrors, n, lastRow) => {
        await db.transaction(async (tx) => {
          // A chunk and its progress marker commit together, so losing the last ones in a crash
          // only makes the retried job redo them; the final commit below is synchronous and
          // flushes all of them. Saves an fsync per chunk.
          await tx.query('SET LOCAL synchronous_commit = off');
          const before = { ...counts };
          const stored = storedErrors;
          try {
            addResult(merge(cellErrors, await processor.process(tx, rows)), n, lastRow);
            await q.insertErrors(tx, tenantId, importId, storedErrors, pendingErrors);
            await q.saveCounts(tx, tenantId, importId, counts, opts.clock.now());
          } catch (err) {
            Object.assign(counts, before); // the chunk rolls back: so do its counts
            storedErrors = stored;
            pendingErrors.length = 0;
            throw err;
          }
          storedErrors += pendingErrors.length;
          pendingErrors.length = 0;
        });
        await opts.heartbeat?.();
      });
      counts.total_rows = counts.processed_rows;
      await db.transaction(async (tx) => {
        await q.saveCounts(tx, tenantId, importId, counts, opts.clock.now());
        await q.finish(tx, tenantId, importId, 'completed', null, opened.header.format, opts.clock.now());
      });
    }
  } catch (err) {
    if (err instanceof DomainError) return fail(db, imp, err, opened.header.format, opts.clock.now(), counts);
    throw err; // unexpected (database down…): the job is retried
  }
  return { ...counts };
}

async function fail(
  db: Db,
  imp: q.ImportRow,
  err: unknown,
  format: string | null,
  now: Date,
  counts?: q.ImportCounts,
): Promise<Record<string, unknown>> {
  if (!(err instanceof DomainError)) throw err;
  const failure = { code: err.code, message: err.message, details: err.details };
  await db.transaction(async (tx) => {
    if (counts) await q.saveCounts(tx, imp.tenant_id, imp.id, counts, now);
    await q.finish(tx, imp.tenant_id, imp.id, 'failed', failure, format, now);
  });
  // The job's result keeps what the clerk does not see: the library error behind an unreadable file.
  const cause = err.cause instanceof Error ? err.cause.message : undefined;
  return cause ? { failed: err.code, cause } : { failed: err.code };
}

export function makeImportHandler(deps: { clock: Clock }): JobHandler {
  return async (ctx) => {
    const { import_id: importId } = ctx.job.payload as { import_id: string };
    try {
      return await runImport(ctx.db, ctx.job.tenant_id!, importId, { clock: deps.clock, heartbeat: ctx.heartbeat });
    } catch (err) {
      // The job is retried (valid_rows resumes after its last committed chunk); after the last
      // attempt the import itself must not stay "running" forever.
      if (ctx.job.attempts >= ctx.job.max_attempts) {
        const failure = {
          code: 'internal_error',
          message: 'A importação falhou por um erro interno; tente de novo mais tarde',
          details: [],
        };
        await q.finish(ctx.db, ctx.job.tenant_id!, importId, 'failed', failure, null, deps.clock.now()).catch(() => {});
      }
      throw err;
    }
  };
}
