// Loading rows into tables that already carry their secondary indexes and foreign keys costs about
// three times loading them into bare tables and building those afterwards (what pg_dump's script
// does; measured in docs/benchmarks.md#move). A move therefore sets them aside after creating the
// schema and builds them again, same names and definitions, before the target is declared usable.
// Primary keys stay: they are what makes a half-copied company's retry safe.
import type { Queryable } from '../db/types.ts';
import { quoteIdent } from './catalog.ts';

export interface DeferredKeys {
  /** Unique constraints (other than primary keys), rebuilt first. */
  unique: { table: string; name: string; def: string }[];
  /** Indexes that back no constraint. */
  indexes: { name: string; def: string }[];
  /** Foreign keys, rebuilt (and so checked against every row) last. */
  foreign: { table: string; name: string; def: string }[];
}

export async function readDeferrableKeys(db: Queryable): Promise<DeferredKeys> {
  const constraints = await db.query<{ table: string; name: string; def: string; kind: string }>(
    `SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS def, k.contype AS kind
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND k.contype IN ('u', 'f')
      ORDER BY c.relname, k.conname`,
  );
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
      WHERE n.nspname = current_schema()
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype IN ('p', 'u', 'x'))
      ORDER BY i.relname`,
  );
  const pick = (kind: string) => constraints.rows.filter((r) => r.kind === kind).map(({ table, name, def }) => ({ table, name, def }));
  return { unique: pick('u'), indexes: indexes.rows, foreign: pick('f') };
}

export async function dropKeys(db: Queryable, keys: DeferredKeys): Promise<void> {
  for (const f of keys.foreign) await db.query(`ALTER TABLE ${quoteIdent(f.table)} DROP CONSTRAINT ${quoteIdent(f.name)}`);
  for (const u of keys.unique) await db.query(`ALTER TABLE ${quoteIdent(u.table)} DROP CONSTRAINT ${quoteIdent(u.name)}`);
  for (const i of keys.indexes) await db.query(`DROP INDEX ${quoteIdent(i.name)}`);
}

/** Builds them again; a duplicate or an orphan row fails here, and the move stays unfinished. */
export async function rebuildKeys(db: Queryable, keys: DeferredKeys): Promise<void> {
  for (const u of keys.unique) await db.query(`ALTER TABLE ${quoteIdent(u.table)} ADD CONSTRAINT ${quoteIdent(u.name)} ${u.def}`);
  for (const i of keys.indexes) await db.query(i.def);
  for (const f of keys.foreign) await db.query(`ALTER TABLE ${quoteIdent(f.table)} ADD CONSTRAINT ${quoteIdent(f.name)} ${f.def}`);
}
