// Reading a table's rows for a backup or a move: which rows (a slice), in chunks small enough to
// hold in memory, and a checksum both sides of a copy compute the same way.
import type { Queryable } from '../db/types.ts';
import { columnList, quoteIdent, quoteLiteral, type TableInfo } from './catalog.ts';

/** Rows a copy carries: all of them, one set of tenants', or the rows of no tenant. */
export type Slice = { kind: 'all' } | { kind: 'tenants'; ids: string[] } | { kind: 'global' };

/** Rows per COPY chunk: bounds the memory a backup or move needs (about 300 bytes a row). */
export const CHUNK_ROWS = 100_000;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The WHERE clause of a slice of a table, or null when the slice has no rows there (a global
 * table in a tenant's slice). The tenants table is sliced by its own id and its sandbox's parent.
 */
export function sliceWhere(table: TableInfo, slice: Slice): string | null {
  if (slice.kind === 'all') return 'true';
  if (table.name === 'tenants') {
    if (slice.kind === 'global') return null;
    const ids = slice.ids.map(checkedUuid).join(', ');
    return `id IN (${ids}) OR parent_id IN (${ids})`;
  }
  if (!table.tenantColumn) return slice.kind === 'global' ? 'true' : null;
  if (slice.kind === 'global') return `${quoteIdent(table.tenantColumn)} IS NULL`;
  return `${quoteIdent(table.tenantColumn)} IN (${slice.ids.map(checkedUuid).join(', ')})`;
}

function checkedUuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`not a tenant id: ${id}`);
  return quoteLiteral(id);
}

export interface TableSum {
  rows: number;
  /**
   * Sum of a 64-bit hash of every row's text: the same rows give the same sum in any order.
   * hashtextextended is PostgreSQL's portable hash (the one hash partitioning relies on across
   * platforms and versions), the same on the embedded engine and on the server, and faster than md5.
   */
  sum: string;
}

/** Row count and checksum of a slice of a table (run with TimeZone UTC on both sides). */
export async function tableSum(db: Queryable, table: TableInfo, where: string): Promise<TableSum> {
  const row = `ROW(${columnList(table)})::text`;
  const { rows } = await db.query<{ rows: string; sum: string }>(
    `SELECT count(*)::text AS rows, coalesce(sum(hashtextextended(${row}, 0)::numeric), 0)::text AS sum
       FROM ${quoteIdent(table.name)} WHERE ${where}`,
  );
  return { rows: Number(rows[0].rows), sum: rows[0].sum };
}

/**
 * The COPY statements that read a slice in primary-key order, `chunkRows` rows each. Chunk
 * boundaries are keys read in one pass; each chunk is an index range.
 */
export async function chunkQueries(
  db: Queryable,
  table: TableInfo,
  where: string,
  rowCount: number,
  chunkRows = CHUNK_ROWS,
): Promise<string[]> {
  const select = (extra: string) =>
    `COPY (SELECT ${columnList(table)} FROM ${quoteIdent(table.name)} WHERE (${where})${extra}${orderBy(table)}) TO STDOUT`;
  if (rowCount <= chunkRows || table.primaryKey.length === 0) return [select('')];
  const pk = table.primaryKey.map(quoteIdent);
  const { rows } = await db.query<{ key: string[] }>(
    `SELECT key FROM (SELECT ARRAY[${pk.map((c) => `${c}::text`).join(', ')}] AS key, row_number() OVER (ORDER BY ${pk.join(', ')}) AS n
                        FROM ${quoteIdent(table.name)} WHERE ${where}) s
      WHERE n % ${chunkRows} = 1 AND n > 1 ORDER BY n`,
  );
  const tuple = (key: string[]) => `ROW(${key.map(quoteLiteral).join(', ')})`;
  const keyExpr = `ROW(${pk.join(', ')})`;
  const bounds = rows.map((r) => tuple(r.key));
  const queries: string[] = [];
  for (let i = 0; i <= bounds.length; i++) {
    const lower = i > 0 ? ` AND ${keyExpr} >= ${bounds[i - 1]}` : '';
    const upper = i < bounds.length ? ` AND ${keyExpr} < ${bounds[i]}` : '';
    queries.push(select(lower + upper));
  }
  return queries;
}

/**
 * The COPY statements that read a slice in physical order, by ranges of table pages (a TID range
 * scan: no index, no sort, no boundary query). Faster than key order when the slice is most of the
 * table; the last range is open, so no row is left out.
 */
export async function pageChunkQueries(
  db: Queryable,
  table: TableInfo,
  where: string,
  rowCount: number,
  chunkRows = CHUNK_ROWS,
): Promise<string[]> {
  const select = (range: string) => `COPY (SELECT ${columnList(table)} FROM ${quoteIdent(table.name)} WHERE (${where})${range}) TO STDOUT`;
  const { rows } = await db.query<{ pages: string }>(
    `SELECT (pg_relation_size(${quoteLiteral(quoteIdent(table.name))}) / current_setting('block_size')::int)::text AS pages`,
  );
  const pages = Number(rows[0].pages);
  if (rowCount <= chunkRows || pages <= 1) return [select('')];
  // Pages per chunk so that a chunk holds about chunkRows of the slice's rows.
  const step = Math.max(1, Math.floor((pages * chunkRows) / rowCount));
  const queries: string[] = [];
  for (let from = 0; from < pages; from += step) {
    const upper = from + step < pages ? ` AND ctid < '(${from + step},0)'::tid` : '';
    queries.push(select(` AND ctid >= '(${from},0)'::tid${upper}`));
  }
  return queries;
}

function orderBy(table: TableInfo): string {
  return table.primaryKey.length ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(', ')}` : '';
}

/** The COPY that loads a table's rows, in the columns a chunk carries. */
export function copyInStatement(table: TableInfo): string {
  return `COPY ${quoteIdent(table.name)} (${columnList(table)}) FROM STDIN`;
}

/** Rows in a chunk of COPY text (one per line; newlines inside values are escaped). */
export function countLines(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) n++;
  return n;
}

export interface IdentityState {
  table: string;
  column: string;
  lastValue: string;
  isCalled: boolean;
}

/** Where each identity column's sequence stands, so a copy continues it without reusing a value. */
export async function identityStates(db: Queryable, tables: TableInfo[]): Promise<IdentityState[]> {
  const out: IdentityState[] = [];
  for (const t of tables) {
    for (const column of t.identities) {
      const seq = await db.query<{ name: string }>('SELECT pg_get_serial_sequence($1, $2) AS name', [quoteIdent(t.name), column]);
      const { rows } = await db.query<{ last_value: string; is_called: boolean }>(
        `SELECT last_value::text, is_called FROM ${seq.rows[0].name}`,
      );
      out.push({ table: t.name, column, lastValue: rows[0].last_value, isCalled: rows[0].is_called });
    }
  }
  return out;
}

/** Sets a sequence where the source's stood (a whole-database copy). */
export function setvalStatement(s: IdentityState): string {
  return `SELECT setval(pg_get_serial_sequence(${quoteLiteral(quoteIdent(s.table))}, ${quoteLiteral(s.column)}), ${BigInt(s.lastValue)}, ${s.isCalled === true})`;
}

/** Moves a sequence past the values a copy brought in, never back (one company into another Cobre). */
export function setvalPastStatement(table: string, column: string): string {
  const seq = `pg_get_serial_sequence(${quoteLiteral(quoteIdent(table))}, ${quoteLiteral(column)})`;
  return `SELECT setval(${seq}, greatest(nextval(${seq}), (SELECT coalesce(max(${quoteIdent(column)}), 1) FROM ${quoteIdent(table)})))`;
}
