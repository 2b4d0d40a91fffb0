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

/** Applies the given migrations that are not applied yet, inside the caller's transaction. */
export async function applyMigrations(tx: Tx, migrations: Migration[], options: { record?: boolean } = {}): Promise<string[]> {
  await tx.query(SCHEMA_MIGRATIONS_DDL);
  const { rows } = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    for (const statement of splitStatements(m.sql)) await tx.query(statement);
    if (options.record !== false) await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    applied.push(m.name);
  }
  return applied;
}

export async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  const done = new Set<number>();
  if (exists.rows[0]?.t) {
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations');
    rows.forEach((r) => done.add(r.version));
  }
  return loadMigrations(dir).filter((m) => !done.has(m.version)).map((m) => m.name);
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
