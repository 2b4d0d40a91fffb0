// The backup file: a gzip-compressed plain SQL script in pg_dump's plain form (statements, then
// `COPY … FROM stdin;` blocks ended by `\.`), so that PostgreSQL's own psql restores it:
//
//   gunzip -c cobre-backup.sql.gz | psql -v ON_ERROR_STOP=1 --single-transaction <database>
//
// A whole-database backup carries its schema as Cobre's migrations up to the last one applied,
// so an old backup restores into the schema it was made with and newer migrations follow. Two
// comment lines make it Cobre's: the manifest (first) and the checksums (last; a file without
// them was cut short and is refused).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Queryable, Tx } from '../db/types.ts';
import { loadMigrations, MIGRATION_CHECKSUMS_DDL, MIGRATIONS_DIR, SCHEMA_MIGRATIONS_DDL, splitStatements } from '../db/migrate.ts';
import { lastMigration, quoteIdent, readCatalog, type TableInfo } from './catalog.ts';
import {
  chunkQueries,
  countLines,
  pageChunkQueries,
  UUID,
  identityStates,
  setvalPastStatement,
  setvalStatement,
  sliceWhere,
  tableSum,
  type IdentityState,
  type Slice,
  type TableSum,
} from './rows.ts';
import { COBRE_VERSION } from './version.ts';
import { BadBackupFile, OperationRefused, UnknownCompany } from './errors.ts';

export { BadBackupFile, UnknownCompany };

export const MANIFEST_PREFIX = '-- cobre-manifest: ';
/** The schema section is for psql; Cobre's restore builds the schema from its own migrations. */
const SCHEMA_BEGIN = '-- cobre-schema-begin';
const SCHEMA_END = '-- cobre-schema-end';
export const TRAILER_PREFIX = '-- cobre-checksums: ';

export interface Manifest {
  format: 'cobre-backup';
  format_version: 1;
  /** full: the whole database with its schema; tenant: one company's rows, for `tenants import`. */
  kind: 'full' | 'tenant';
  cobre_version: string;
  migration: { version: number; name: string };
  engine: 'pglite' | 'postgres';
  created_at: string;
  /** Rows the file carries (progress of a restore). */
  rows: number;
  /** kind tenant: the company's live tenant id, and every tenant id its rows carry (live and sandbox). */
  tenant_id?: string;
  tenant_ids?: string[];
}

export interface Trailer {
  tables: Record<string, TableSum>;
  identities: IdentityState[];
}

export interface DumpProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface DumpOptions {
  kind: 'full' | 'tenant';
  /** kind tenant: the live tenant id (its sandbox comes along). */
  tenantId?: string;
  engine: 'pglite' | 'postgres';
  now: Date;
  onProgress?: (p: DumpProgress) => void;
}

/** Writes a backup of what `tx` sees (one snapshot) to `write`; returns what the trailer records. */
export async function writeDump(tx: Tx, write: (chunk: string | Buffer) => Promise<void>, options: DumpOptions): Promise<Trailer> {
  const migration = await lastMigration(tx);
  if (!migration)
    throw new OperationRefused('this database has no Cobre schema (it was never started or migrated): there is nothing to back up');
  const catalog = await readCatalog(tx);
  const tenantIds = options.kind === 'tenant' ? await companyTenantIds(tx, options.tenantId!) : undefined;
  const slice: Slice = tenantIds ? { kind: 'tenants', ids: tenantIds } : { kind: 'all' };
  const trailer: Trailer = { tables: {}, identities: [] };
  const total = { rows: 0 };
  const sums: { table: TableInfo; where: string; sum: TableSum }[] = [];
  for (const table of catalog) {
    const where = sliceWhere(table, slice);
    if (where === null) continue;
    const sum = await tableSum(tx, table, where);
    sums.push({ table, where, sum });
    total.rows += sum.rows;
  }
  const manifest: Manifest = {
    format: 'cobre-backup',
    format_version: 1,
    kind: options.kind,
    cobre_version: COBRE_VERSION,
    migration,
    engine: options.engine,
    created_at: options.now.toISOString(),
    rows: total.rows,
    ...(tenantIds ? { tenant_id: options.tenantId, tenant_ids: tenantIds } : {}),
  };
  await write(
    `-- Cobre ${options.kind === 'full' ? 'backup' : `export of company ${options.tenantId}`} (plain SQL, gzip-compressed).\n` +
      `${MANIFEST_PREFIX}${JSON.stringify(manifest)}\n` +
      `-- Restore: cobre ${options.kind === 'full' ? 'restore' : 'tenants import'} FILE` +
      (options.kind === 'full'
        ? ', or into an empty PostgreSQL database: gunzip -c FILE | psql -v ON_ERROR_STOP=1 --single-transaction DB\n'
        : '\n') +
      `SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nSET TimeZone = 'UTC';\nBEGIN;\n`,
  );
  if (options.kind === 'full') await write(await schemaSection(tx, migration.version));

  let done = 0;
  for (const { table, where, sum } of sums) {
    trailer.tables[table.name] = sum;
    let written = 0;
    // The whole table: by page ranges (no sort); one company's rows: by key ranges (an index).
    const queries =
      slice.kind === 'all' ? await pageChunkQueries(tx, table, where, sum.rows) : await chunkQueries(tx, table, where, sum.rows);
    for (const query of queries) {
      const data = await tx.copyOut(query);
      if (data.length === 0) continue;
      written += countLines(data);
      await write(`COPY ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) FROM stdin;\n`);
      await write(data);
      await write('\\.\n');
      done += countLines(data);
      options.onProgress?.({ table: table.name, rowsDone: done, rowsTotal: total.rows });
    }
    if (written !== sum.rows) throw new Error(`${table.name}: read ${written} rows, counted ${sum.rows}`);
  }
  const identityTables = catalog.filter((t) => t.identities.length && trailer.tables[t.name]);
  if (options.kind === 'full') {
    trailer.identities = await identityStates(tx, identityTables);
    for (const s of trailer.identities) await write(`${setvalStatement(s)};\n`);
  } else {
    for (const t of identityTables) for (const c of t.identities) await write(`${setvalPastStatement(t.name, c)};\n`);
  }
  await write(`COMMIT;\n${TRAILER_PREFIX}${JSON.stringify(trailer)}\n-- end of Cobre backup\n`);
  return trailer;
}

/** A company's live tenant and its sandbox; refuses an id that is not a company's live tenant. */
async function companyTenantIds(tx: Queryable, tenantId: string): Promise<string[]> {
  if (!UUID.test(tenantId)) throw new UnknownCompany(`"${tenantId}" is not a company id (a UUID)`);
  const { rows } = await tx.query<{ id: string; parent_id: string | null }>(
    'SELECT id, parent_id FROM tenants WHERE id = $1 OR parent_id = $1',
    [tenantId],
  );
  const live = rows.find((r) => r.id === tenantId);
  if (!live) throw new UnknownCompany(`no company with id ${tenantId} in this database`);
  if (live.parent_id) throw new UnknownCompany(`${tenantId} is a sandbox; give its company's live tenant id (${live.parent_id})`);
  return [tenantId, ...rows.filter((r) => r.id !== tenantId).map((r) => r.id)];
}

/** Refuses an id that is not a company's live tenant in this database (before a backup starts). */
export async function checkCompany(db: Queryable, tenantId: string): Promise<void> {
  await companyTenantIds(db, tenantId);
}

/** The schema as the migrations applied to this database built it, in the order they ran. */
async function schemaSection(tx: Tx, upTo: number): Promise<string> {
  const { rows } = await tx.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  const files = new Map(loadMigrations(MIGRATIONS_DIR).map((m) => [m.version, m]));
  let out = `${SCHEMA_BEGIN}\n${SCHEMA_MIGRATIONS_DDL};\n${MIGRATION_CHECKSUMS_DDL};\n`;
  for (const applied of rows) {
    const m = files.get(applied.version);
    if (!m || m.name !== applied.name) {
      throw new Error(
        `migration ${applied.name} was applied to this database but this Cobre (${COBRE_VERSION}) does not have it; back up with the Cobre that applied it`,
      );
    }
    if (m.version > upTo) break;
    out += `-- migration ${m.name}\n${m.sql.trimEnd()}\n;\n`;
  }
  return `${out}${SCHEMA_END}\n`;
}

/** What a backup file holds, piece by piece, as it is read. */
export type DumpPiece =
  | { kind: 'manifest'; manifest: Manifest }
  | { kind: 'sql'; statements: string[] }
  | { kind: 'copy'; table: string; columns: string[]; data: Buffer; rows: number }
  | { kind: 'trailer'; trailer: Trailer };

const IDENT = '"(?:[^"]|"")+"';
const COPY_LINE = new RegExp(`^COPY (${IDENT}) \\((${IDENT}(?:, ${IDENT})*)\\) FROM stdin;$`);
const unquote = (quoted: string) => quoted.slice(1, -1).replaceAll('""', '"');

/** Reads a backup file (already gunzipped) into pieces; refuses anything that is not Cobre's. */
export async function* readDump(input: Readable): AsyncGenerator<DumpPiece> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let sql: string[] = [];
  let copy: { table: string; columns: string[]; data: string[] } | null = null;
  let inSchema = false;
  let sawManifest = false;
  let sawTrailer = false;
  let lineNo = 0;
  const flushSql = function* (): Generator<DumpPiece> {
    const statements = splitStatements(sql.join('\n')).filter((s) => !/^(BEGIN|COMMIT)$/i.test(s));
    sql = [];
    if (statements.length) yield { kind: 'sql', statements };
  };
  for await (const line of lines) {
    lineNo++;
    if (copy) {
      if (line === '\\.') {
        const data = Buffer.from(copy.data.length ? `${copy.data.join('\n')}\n` : '');
        yield { kind: 'copy', table: copy.table, columns: copy.columns, data, rows: copy.data.length };
        copy = null;
      } else copy.data.push(line);
      continue;
    }
    if (lineNo <= 3 && line.startsWith(MANIFEST_PREFIX)) {
      const manifest = parseJson(line.slice(MANIFEST_PREFIX.length), 'manifest') as Manifest;
      if (manifest.format !== 'cobre-backup' || manifest.format_version !== 1)
        throw new BadBackupFile('not a Cobre backup file (unknown manifest)');
      sawManifest = true;
      yield { kind: 'manifest', manifest };
      continue;
    }
    if (!sawManifest && lineNo > 3) throw new BadBackupFile('not a Cobre backup file (no manifest in its first lines)');
    if (line === SCHEMA_BEGIN || line === SCHEMA_END) {
      inSchema = line === SCHEMA_BEGIN;
      continue;
    }
    if (inSchema) continue;
    if (line.startsWith(TRAILER_PREFIX)) {
      yield* flushSql();
      sawTrailer = true;
      yield { kind: 'trailer', trailer: parseJson(line.slice(TRAILER_PREFIX.length), 'checksums') as Trailer };
      continue;
    }
    const m = COPY_LINE.exec(line);
    if (m) {
      yield* flushSql();
      copy = { table: unquote(m[1]), columns: (m[2].match(new RegExp(IDENT, 'g')) ?? []).map(unquote), data: [] };
      continue;
    }
    sql.push(line);
  }
  if (copy) throw new BadBackupFile(`the file ends inside the rows of ${copy.table}: it was cut short`);
  if (inSchema) throw new BadBackupFile('the file ends inside its schema: it was cut short');
  if (!sawManifest) throw new BadBackupFile('not a Cobre backup file (no manifest)');
  if (!sawTrailer) throw new BadBackupFile('the file has no checksums at its end: it was cut short');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BadBackupFile(`the backup's ${what} line is not valid JSON`);
  }
}
