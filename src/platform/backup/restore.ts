// `cobre restore` and `cobre tenants import`: load a backup file into a database in ONE
// transaction, verify every table against the checksums the file carries, and commit only when
// all match, so a failed restore leaves the target as it was.
import type { Readable } from 'node:stream';
import type { Db, Tx } from '../db/types.ts';
import { applyMigrations, loadMigrations, migrate, MIGRATIONS_DIR } from '../db/migrate.ts';
import { lastMigration, quoteIdent, readCatalog, tableNames, type TableInfo } from './catalog.ts';
import { BadBackupFile, readDump, type DumpProgress, type Manifest, type Trailer } from './dump-file.ts';
import { copyInStatement, setvalPastStatement, setvalStatement, sliceWhere, tableSum, type TableSum } from './rows.ts';

import { OperationRefused } from './errors.ts';

export { OperationRefused };
export interface RestoreReport {
  manifest: Manifest;
  tables: { name: string; rows: number }[];
  rows: number;
  /** Migrations newer than the backup, applied after it was restored. */
  migrated: string[];
}

export interface RestoreOptions {
  /** Replace a non-empty target's contents (in the same transaction: a failed restore keeps them). */
  force?: boolean;
  onProgress?: (p: DumpProgress) => void;
}

/** Restores a whole-database backup (`gunzip`ped stream) into `db`, then applies newer migrations. */
export async function restoreBackup(db: Db, input: Readable, options: RestoreOptions = {}): Promise<RestoreReport> {
  const existing = await tableNames(db);
  if (existing.length && !options.force) {
    throw new OperationRefused(
      `the target database is not empty (${existing.length} tables, e.g. ${existing.slice(0, 3).join(', ')}); ` +
        'restore into an empty database or data directory, or pass --force to replace its contents',
    );
  }
  const result = await db.transaction(async (tx) => {
    if (existing.length) {
      const { rows } = await tx.query<{ s: string }>('SELECT current_schema() AS s');
      await tx.query(`DROP SCHEMA ${quoteIdent(rows[0].s)} CASCADE`);
      await tx.query(`CREATE SCHEMA ${quoteIdent(rows[0].s)}`);
    }
    return load(tx, input, 'full', options);
  });
  const migrated = await migrate(db);
  return { ...result, migrated };
}

/** Imports one company's export into `db` (same migration level, company not present). */
export async function importTenant(db: Db, input: Readable, options: RestoreOptions = {}): Promise<RestoreReport> {
  const result = await db.transaction((tx) => load(tx, input, 'tenant', options));
  return { ...result, migrated: [] };
}

/**
 * Loads a backup file. Nothing in the file runs as SQL except three SET statements: the schema
 * comes from this Cobre's own migrations (up to the file's), rows go only into Cobre's tables
 * through COPY statements built here from the catalog, and sequences are set from the checksums
 * line. A crafted file can bring wrong rows (the checksums and the company check refuse them),
 * never run a statement of its own.
 */
async function load(tx: Tx, input: Readable, kind: 'full' | 'tenant', options: RestoreOptions): Promise<Omit<RestoreReport, 'migrated'>> {
  let manifest: Manifest | null = null;
  let trailer: Trailer | null = null;
  let catalog: Map<string, TableInfo> | null = null;
  const countsBefore = new Map<string, number>();
  let done = 0;
  for await (const piece of readDump(input)) {
    if (piece.kind === 'manifest') {
      manifest = piece.manifest;
      await checkManifest(tx, manifest, kind);
      if (kind === 'full') {
        const upTo = loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= manifest!.migration.version);
        await applyMigrations(tx, upTo, { record: false });
      }
      catalog = new Map((await readCatalog(tx)).map((t) => [t.name, t]));
      if (kind === 'tenant') for (const t of catalog.values()) countsBefore.set(t.name, await countRows(tx, t.name));
    } else if (piece.kind === 'sql') {
      for (const statement of piece.statements) {
        if (ALLOWED_SET.test(statement)) await tx.query(statement);
        else if (!SEQUENCE_SET.test(statement))
          throw new BadBackupFile(`the file holds a statement a Cobre backup does not: ${statement.slice(0, 80)}`);
      }
    } else if (piece.kind === 'copy') {
      if (!catalog) throw new BadBackupFile('the file has rows before its manifest');
      const table = catalog.get(piece.table);
      if (!table || table.columns.join(',') !== piece.columns.join(',')) {
        throw new BadBackupFile(`the file's rows of "${piece.table}" do not fit this Cobre's schema (unknown table or other columns)`);
      }
      try {
        await tx.copyIn(copyInStatement(table), piece.data);
      } catch (err) {
        throw explainLoadError(err, piece.table, kind);
      }
      done += piece.rows;
      options.onProgress?.({ table: piece.table, rowsDone: done, rowsTotal: manifest?.rows ?? done });
    } else trailer = piece.trailer;
  }
  if (!manifest || !trailer || !catalog) throw new BadBackupFile('the file is not a complete Cobre backup');
  const tenantIds = kind === 'tenant' ? (manifest.tenant_ids ?? [manifest.tenant_id!]) : null;
  await verify(tx, trailer, tenantIds);
  if (tenantIds) {
    // Every row the file brought belongs to the company it names: nothing slipped into another.
    for (const table of catalog.values()) {
      const expected = trailer.tables[table.name]?.rows ?? 0;
      const added = (await countRows(tx, table.name)) - (countsBefore.get(table.name) ?? 0);
      if (added !== expected)
        throw new BadBackupFile(
          `the file brings ${added - expected} rows of ${table.name} that are not company ${manifest.tenant_id}'s; nothing was imported`,
        );
    }
    for (const t of catalog.values()) for (const c of t.identities) await tx.query(setvalPastStatement(t.name, c));
  } else {
    for (const s of trailer.identities) {
      if (!catalog.get(s.table)?.identities.includes(s.column))
        throw new BadBackupFile(`the file sets a sequence this Cobre does not have (${s.table}.${s.column})`);
      if (!/^\d{1,19}$/.test(String(s.lastValue)) || typeof s.isCalled !== 'boolean')
        throw new BadBackupFile(`the file sets ${s.table}.${s.column}'s sequence to something that is not a position`);
      await tx.query(setvalStatement(s));
    }
  }
  return {
    manifest,
    tables: Object.entries(trailer.tables).map(([name, s]) => ({ name, rows: s.rows })),
    rows: Object.values(trailer.tables).reduce((n, s) => n + s.rows, 0),
  };
}

const ALLOWED_SET = /^SET (client_encoding = 'UTF8'|standard_conforming_strings = on|TimeZone = 'UTC')$/;
/** The file's own setval lines are for psql; the restore sets sequences itself. */
const SEQUENCE_SET = /^SELECT setval\(pg_get_serial_sequence\('"[a-z_]+"', '[a-z_]+'\), [^;]*\)$/;

async function countRows(tx: Tx, table: string): Promise<number> {
  const { rows } = await tx.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoteIdent(table)}`);
  return Number(rows[0].n);
}

async function checkManifest(tx: Tx, manifest: Manifest, kind: 'full' | 'tenant'): Promise<void> {
  if (manifest.kind !== kind) {
    throw new OperationRefused(
      manifest.kind === 'tenant'
        ? "this file is one company's export: load it with `cobre tenants import FILE`"
        : 'this file is a whole-database backup: load it with `cobre restore FILE`',
    );
  }
  const known = loadMigrations(MIGRATIONS_DIR).find((m) => m.version === manifest.migration.version);
  if (!known || known.name !== manifest.migration.name) {
    throw new OperationRefused(
      `the file was made by Cobre ${manifest.cobre_version} at migration ${manifest.migration.name}, which this Cobre does not know: ` +
        'restore it with that version of Cobre or a newer one',
    );
  }
  if (kind === 'tenant') {
    const here = await lastMigration(tx);
    if (!here)
      throw new OperationRefused(
        'this database has no Cobre schema yet: start Cobre on it once (or run `cobre migrate`) before importing a company',
      );
    if (here.version !== manifest.migration.version) {
      throw new OperationRefused(
        `the export was made at migration ${manifest.migration.name} and this database is at ${here.name}: ` +
          'upgrade the older of the two Cobres so both run the same migrations, then export and import again',
      );
    }
    const { rows } = await tx.query<{ legal_name: string }>('SELECT legal_name FROM tenants WHERE id = ANY($1::uuid[])', [
      manifest.tenant_ids ?? [manifest.tenant_id],
    ]);
    if (rows.length)
      throw new OperationRefused(
        `company ${manifest.tenant_id} (${rows[0].legal_name}) already exists in this database; nothing was imported`,
      );
  }
}

/** Every table the file carries must hold exactly its rows (count and checksum) before commit. */
async function verify(tx: Tx, trailer: Trailer, tenantIds: string[] | null): Promise<void> {
  const catalog = new Map((await readCatalog(tx)).map((t) => [t.name, t]));
  const wrong: string[] = [];
  for (const [name, expected] of Object.entries(trailer.tables)) {
    const table = catalog.get(name);
    if (!table) {
      wrong.push(`${name}: missing after the load`);
      continue;
    }
    const where = tenantIds ? sliceWhere(table, { kind: 'tenants', ids: tenantIds }) : 'true';
    const got: TableSum = await tableSum(tx, table, where ?? 'false');
    if (got.rows !== expected.rows || got.sum !== expected.sum)
      wrong.push(
        `${name}: ${got.rows} rows loaded, the file has ${expected.rows}${got.rows === expected.rows ? ' (checksum differs)' : ''}`,
      );
  }
  if (wrong.length)
    throw new BadBackupFile(`the loaded data does not match the file's checksums; nothing was kept:\n  ${wrong.join('\n  ')}`);
}

function explainLoadError(err: unknown, table: string, kind: 'full' | 'tenant'): Error {
  const e = err as { code?: string; constraint?: string; detail?: string; message?: string };
  if (kind === 'tenant' && e.code === '23505') {
    return new OperationRefused(
      `the company's ${table} collide with rows this database already has (${e.constraint ?? 'a unique key'}${e.detail ? `: ${e.detail}` : ''}); nothing was imported`,
    );
  }
  return new Error(`loading ${table} failed: ${e.message ?? String(err)}`);
}
