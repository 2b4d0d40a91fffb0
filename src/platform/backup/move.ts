// `cobre move --to postgres://…`: copies a database (the embedded one) into an empty server
// PostgreSQL, company by company, then verifies every table (row count and checksum) on both
// sides. The source is only read. Until the move finishes, the target carries a marker table:
// Cobre refuses to start on it (src/platform/db/migrate.ts), and running the same move again
// resumes after the last company copied.
import type { Db, Tx } from '../db/types.ts';
import type { ReadSource } from '../db/pglite-reader.ts';
import { applyMigrations, loadMigrations, migrate, MIGRATIONS_DIR, UNFINISHED_COPY_MARKER } from '../db/migrate.ts';
import { lastMigration, quoteIdent, readCatalog, tableNames, type TableInfo } from './catalog.ts';
import { dropKeys, readDeferrableKeys, rebuildKeys, type DeferredKeys } from './deferred-keys.ts';
import {
  chunkQueries,
  copyInStatement,
  pageChunkQueries,
  countLines,
  identityStates,
  setvalStatement,
  sliceWhere,
  tableSum,
  type Slice,
  type TableSum,
} from './rows.ts';
import { OperationRefused } from './errors.ts';

export interface MoveProgress {
  step: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface MoveOptions {
  onProgress?: (p: MoveProgress) => void;
  /** Printed lines (what was done, what resumed). */
  onLine?: (line: string) => void;
  /** Pause after each company (only the crash tests use it, to kill a move midway). */
  pauseAfterCompanyMs?: number;
}

export interface MoveReport {
  resumed: boolean;
  companies: number;
  tables: { name: string; rows: number; checksum: string }[];
  rows: number;
  migrated: string[];
}

const DONE_TABLE = `${UNFINISHED_COPY_MARKER}_companies`;

/**
 * Rows per COPY in a move. The embedded engine runs on this process's thread: while it reads a
 * chunk, nothing is sent to the server, so smaller chunks let reading and writing interleave.
 */
const MOVE_CHUNK_ROWS = 20_000;

export async function moveDatabase(source: ReadSource, target: Db, options: MoveOptions = {}): Promise<MoveReport> {
  const line = options.onLine ?? (() => {});
  const migration = await lastMigration(source);
  if (!migration) throw new OperationRefused('the source has no Cobre schema: there is nothing to move');
  if (await isMidMove(source)) throw new OperationRefused('the source is itself the target of an unfinished move');
  const catalog = await readCatalog(source);

  const existing = await tableNames(target);
  const resumed = existing.includes(UNFINISHED_COPY_MARKER);
  if (!resumed && existing.length) {
    throw new OperationRefused(
      `the target database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}); ` +
        'move into an empty database (createdb <name>) so nothing there is overwritten',
    );
  }
  if (resumed) {
    const { rows } = await target.query<{ value: { migration: string } }>(
      `SELECT value FROM ${UNFINISHED_COPY_MARKER} WHERE key = 'source'`,
    );
    if (rows[0]?.value.migration !== migration.name) {
      throw new OperationRefused(
        `the target holds an unfinished move from another source (at ${rows[0]?.value.migration ?? 'unknown'}); empty it and start over`,
      );
    }
    line('resuming the unfinished move into this target');
  }

  const companies = (
    await source.query<{ id: string; legal_name: string }>(
      `SELECT id, legal_name FROM tenants WHERE parent_id IS NULL ORDER BY created_at, id`,
    )
  ).rows;
  const tableRows = await rowTotals(source, catalog);
  const totals = [...tableRows.values()].reduce((a, b) => a + b, 0);
  let rowsDone = 0;
  const progress = (step: string, rows: number) => {
    rowsDone += rows;
    options.onProgress?.({ step, rowsDone, rowsTotal: totals });
  };

  if (!resumed) {
    // Schema, marker and the rows of no company, in one transaction: all there, or nothing.
    await target.transaction(async (tx) => {
      await tx.query(`CREATE TABLE ${UNFINISHED_COPY_MARKER} (key text PRIMARY KEY, value jsonb NOT NULL)`);
      await tx.query(`CREATE TABLE ${DONE_TABLE} (tenant_id uuid PRIMARY KEY)`);
      await tx.query(`INSERT INTO ${UNFINISHED_COPY_MARKER} VALUES ('source', $1)`, [JSON.stringify({ migration: migration.name })]);
      const upTo = loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= migration.version);
      await applyMigrations(tx, upTo, { record: false });
      const keys = await readDeferrableKeys(tx);
      await tx.query(`INSERT INTO ${UNFINISHED_COPY_MARKER} VALUES ('deferred_keys', $1)`, [JSON.stringify(keys)]);
      await dropKeys(tx, keys);
      for (const table of catalog) {
        const where = table.name === 'tenants' ? 'true' : sliceWhere(table, { kind: 'global' });
        if (where !== null) progress(`${table.name}`, await copyTable(source, tx, table, where, tableRows.get(table.name) ?? 0));
      }
    });
    line(`schema at ${migration.name}, ${companies.length} companies to copy`);
  }

  const done = new Set(
    (await target.query<{ tenant_id: string }>(`SELECT tenant_id::text FROM ${DONE_TABLE}`)).rows.map((r) => r.tenant_id),
  );
  let n = 0;
  for (const company of companies) {
    n++;
    if (done.has(company.id)) continue;
    const slice: Slice = { kind: 'tenants', ids: [company.id, ...(await sandboxes(source, company.id))] };
    await target.transaction(async (tx) => {
      for (const table of catalog) {
        if (!table.tenantColumn) continue;
        const where = sliceWhere(table, slice);
        if (where !== null)
          progress(`${table.name} (${n}/${companies.length})`, await copyTable(source, tx, table, where, tableRows.get(table.name) ?? 0));
      }
      await tx.query(`INSERT INTO ${DONE_TABLE} VALUES ($1)`, [company.id]);
    });
    line(`company ${n}/${companies.length} copied: ${company.legal_name}`);
    if (options.pauseAfterCompanyMs) await new Promise((r) => setTimeout(r, options.pauseAfterCompanyMs));
  }

  // Sequences continue where the source's stood; then every table is compared, and only then
  // does the marker go: the target becomes usable in the same commit that proves it complete.
  // Both sides' checksums are computed while the server builds the indexes and keys: the source's
  // by the embedded engine's thread, the target's on a second connection over the rows the
  // companies' transactions committed (nothing else writes to a database marked unfinished).
  line('building the indexes and foreign keys, verifying every table on both sides');
  const sumsOf = async (db: ReadSource) => {
    const sums = new Map<string, TableSum>();
    for (const table of catalog) sums.set(table.name, await tableSum(db, table, 'true'));
    return sums;
  };
  const sourceSums = sumsOf(source);
  const targetSums = sumsOf(target);
  // Awaited below; a failure is reported there.
  sourceSums.catch(() => {});
  targetSums.catch(() => {});
  const tables = await target.transaction(async (tx) => {
    const keys = (await tx.query<{ value: DeferredKeys }>(`SELECT value FROM ${UNFINISHED_COPY_MARKER} WHERE key = 'deferred_keys'`))
      .rows[0].value;
    await rebuildKeys(tx, keys);
    for (const s of await identityStates(
      source,
      catalog.filter((t) => t.identities.length),
    ))
      await tx.query(setvalStatement(s));
    const [fromSource, fromTarget] = [await sourceSums, await targetSums];
    const report: MoveReport['tables'] = [];
    const wrong: string[] = [];
    for (const table of catalog) {
      const [a, b] = [fromSource.get(table.name)!, fromTarget.get(table.name)!];
      if (a.rows !== b.rows || a.sum !== b.sum)
        wrong.push(`${table.name}: source ${a.rows} rows, target ${b.rows}${a.rows === b.rows ? ' (checksum differs)' : ''}`);
      report.push({ name: table.name, rows: b.rows, checksum: b.sum });
    }
    if (wrong.length) throw new Error(`the copy does not match the source; the target stays marked unfinished:\n  ${wrong.join('\n  ')}`);
    await tx.query(`DROP TABLE ${DONE_TABLE}, ${UNFINISHED_COPY_MARKER}`);
    return report;
  });
  const migrated = await migrate(target);
  return { resumed, companies: companies.length, tables, rows: tables.reduce((s, t) => s + t.rows, 0), migrated };
}

/**
 * Copies a slice of one table, chunk by chunk; the next chunk is read from the source (the
 * embedded engine's worker thread) while the current one is written to the target.
 */
async function copyTable(source: ReadSource, tx: Tx, table: TableInfo, where: string, tableTotal: number): Promise<number> {
  const { rows: counted } = await source.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table.name)} WHERE ${where}`);
  const rows = Number(counted[0].n);
  if (rows === 0) return 0;
  // Most of the table (one company, or the only one): read it in physical order, by page ranges.
  const queries =
    rows * 2 >= tableTotal
      ? await pageChunkQueries(source, table, where, rows, MOVE_CHUNK_ROWS)
      : await chunkQueries(source, table, where, rows, MOVE_CHUNK_ROWS);
  const statement = copyInStatement(table);
  let copied = 0;
  // A read under way when a write fails is not awaited; its own failure must not go unhandled.
  const read = (q: string) => {
    const p = source.copyOut(q);
    p.catch(() => {});
    return p;
  };
  let next = read(queries[0]);
  for (let i = 0; i < queries.length; i++) {
    const data = await next;
    if (i + 1 < queries.length) next = read(queries[i + 1]);
    copied += countLines(data);
    if (data.length) await tx.copyIn(statement, data);
  }
  if (copied !== rows) throw new Error(`${table.name}: read ${copied} rows, counted ${rows}`);
  return copied;
}

async function sandboxes(source: ReadSource, companyId: string): Promise<string[]> {
  const { rows } = await source.query<{ id: string }>('SELECT id FROM tenants WHERE parent_id = $1', [companyId]);
  return rows.map((r) => r.id);
}

async function rowTotals(source: ReadSource, catalog: TableInfo[]): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  for (const t of catalog) {
    const { rows } = await source.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(t.name)}`);
    totals.set(t.name, Number(rows[0].n));
  }
  return totals;
}

async function isMidMove(db: ReadSource): Promise<boolean> {
  return (await tableNames(db)).includes(UNFINISHED_COPY_MARKER);
}
