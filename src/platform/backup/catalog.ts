// What a backup, restore or move needs to know about the schema, read from PostgreSQL's catalog
// (never a hand-kept list: a table added by a migration is carried without touching this code).
import type { Queryable } from '../db/types.ts';

export interface TableInfo {
  name: string;
  /** Columns a COPY carries: every column except generated ones (the target computes those). */
  columns: string[];
  /** Primary-key columns, in key order (chunk boundaries follow them). */
  primaryKey: string[];
  /** The tenant column, when the table holds a tenant's rows. */
  tenantColumn: 'tenant_id' | null;
  /** Identity columns, whose sequences must continue after a load. */
  identities: string[];
}

/** Every table in Cobre's schema, parents before the tables whose foreign keys point at them. */
export async function readCatalog(db: Queryable): Promise<TableInfo[]> {
  const { rows } = await db.query<{
    name: string;
    columns: string[];
    pk: string[] | null;
    identities: string[] | null;
    refs: string[] | null;
  }>(
    `SELECT c.relname AS name,
            array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
                   ORDER BY a.attnum) AS columns,
            array(SELECT a.attname::text FROM pg_constraint k
                    CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
                   WHERE k.conrelid = c.oid AND k.contype = 'p' ORDER BY u.ord) AS pk,
            array(SELECT a.attname::text FROM pg_attribute a
                   WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.attidentity <> '') AS identities,
            array(SELECT DISTINCT r.relname::text FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
                   WHERE k.conrelid = c.oid AND k.contype = 'f' AND k.confrelid <> c.oid) AS refs
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  const byName = new Map(rows.map((r) => [r.name, r]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    const row = byName.get(name);
    if (!row) return;
    for (const ref of row.refs ?? []) visit(ref, [...path, name]);
    placed.add(name);
    ordered.push({
      name,
      columns: row.columns,
      primaryKey: row.pk ?? [],
      tenantColumn: row.columns.includes('tenant_id') ? 'tenant_id' : null,
      identities: row.identities ?? [],
    });
  };
  for (const r of rows) visit(r.name, []);
  return ordered;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function columnList(table: TableInfo): string {
  return table.columns.map(quoteIdent).join(', ');
}

/** Whether the schema holds Cobre's tables (or any table at all): a restore or move needs an empty target. */
export async function tableNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/** The last applied migration's file name, or null on a database Cobre never migrated. */
export async function lastMigration(db: Queryable): Promise<{ version: number; name: string } | null> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return null;
  const { rows } = await db.query<{ version: number; name: string }>(
    'SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1',
  );
  return rows[0] ?? null;
}
