import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db, Tx } from './types.ts';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

// Any constant works; it only has to be the same in every process of this application.
const MIGRATION_LOCK_KEY = 7_460_110_221;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** The table a `cobre move` in progress keeps on its target; such a database is not usable yet. */
export const UNFINISHED_COPY_MARKER = 'cobre_move';

/** Starting on a database a `cobre move` is still filling. */
export class UnfinishedMove extends Error {}

/** A migration file changed after it was applied to this database. */
export class EditedMigration extends Error {}

/** A migration's checksum: SHA-256 of its text, line endings made LF (a checkout on Windows is not an edit). */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Applies every pending migration in one transaction holding an advisory lock, so that two
 * processes starting at once never apply the same migration twice: the second waits, then
 * finds nothing left to do. Returns the names applied. A database a move is still filling is
 * refused: starting on it would serve half a company.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const marker = await tx.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [UNFINISHED_COPY_MARKER]);
    if (marker.rows[0]?.t) {
      throw new UnfinishedMove(
        'this database is the target of an unfinished `cobre move` and is not usable yet: run the same `cobre move` ' +
          'again to finish it (it resumes), or empty the database and start over',
      );
    }
    return applyMigrations(tx, loadMigrations(dir));
  });
}

/** The runner's own table (also written into backups, so that psql restores them). */
export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now())`;

/** The checksum of each applied migration's text (kept apart, so backups made before it still restore). */
export const MIGRATION_CHECKSUMS_DDL = `CREATE TABLE IF NOT EXISTS schema_migration_checksums (
  version integer PRIMARY KEY,
  checksum text NOT NULL)`;

/**
 * Applies the given migrations that are not applied yet, inside the caller's transaction, recording
 * each one's checksum. An applied migration whose file changed since stops everything with
 * EditedMigration: the database was built by another text than the one this Cobre carries. One
 * applied before checksums were kept gets the checksum of its file the first time it is seen.
 */
export async function applyMigrations(tx: Tx, migrations: Migration[], options: { record?: boolean } = {}): Promise<string[]> {
  await tx.query(SCHEMA_MIGRATIONS_DDL);
  await tx.query(MIGRATION_CHECKSUMS_DDL);
  const { rows } = await tx.query<{ version: number; name: string; checksum: string | null }>(
    'SELECT m.version, m.name, c.checksum FROM schema_migrations m LEFT JOIN schema_migration_checksums c USING (version)',
  );
  const done = new Map(rows.map((r) => [r.version, r]));
  const edited: string[] = [];
  for (const m of migrations) {
    const applied = done.get(m.version);
    if (!applied) continue;
    const sum = migrationChecksum(m.sql);
    if (applied.checksum === null)
      await tx.query('INSERT INTO schema_migration_checksums (version, checksum) VALUES ($1, $2)', [m.version, sum]);
    else if (applied.checksum !== sum) edited.push(m.name);
  }
  if (edited.length) {
    throw new EditedMigration(
      `migration ${edited.join(', ')} changed after it was applied to this database (its checksum differs): ` +
        'put the file back as it was applied, and write the change as a new migration',
    );
  }
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    for (const statement of splitStatements(m.sql)) await tx.query(statement);
    if (options.record !== false) {
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      await tx.query('INSERT INTO schema_migration_checksums (version, checksum) VALUES ($1, $2)', [m.version, migrationChecksum(m.sql)]);
    }
    applied.push(m.name);
  }
  return applied;
}

export async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  const done = new Set<number>();
  if (exists.rows[0]?.t) {
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    for (const r of rows) done.add(r.version);
  }
  return loadMigrations(dir)
    .filter((m) => !done.has(m.version))
    .map((m) => m.name);
}

/**
 * Splits a migration into statements (the extended protocol takes one at a time). Handles
 * quotes, comments and $$-bodies; migrations are ours, so this need not be a full SQL lexer.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let cur = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
      cur += '\n';
      continue;
    }
    if (c === "'") {
      const end = sql.indexOf("'", i + 1);
      cur += sql.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === '$') {
      const m = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (m) {
        const end = sql.indexOf(m[0], i + m[0].length);
        cur += sql.slice(i, end + m[0].length);
        i = end + m[0].length;
        continue;
      }
    }
    if (c === ';') {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
      i++;
      continue;
    }
    cur += c;
    i++;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
