// Every business table carries tenant_id first in its primary key and in every foreign key, so
// that the schema can be distributed by tenant and no query can join across tenants by mistake.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../support/app.ts';
import type { Db } from '../../src/platform/db/types.ts';

// Installation-wide tables: they are not tenant data.
const NOT_TENANT_DATA = new Set([
  'tenants',
  'app_settings',
  'schema_migrations',
  'schema_migration_checksums',
  'jobs',
  'test_financial_refs',
]);

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(() => db.close());

describe('schema invariants', () => {
  it('every business table has tenant_id first in its primary key', async () => {
    const { rows } = await db.query<{ table: string; cols: string[] | string | null }>(`
      SELECT t.relname AS table,
             (SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS cols
      FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
      LEFT JOIN pg_constraint c ON c.conrelid = t.oid AND c.contype = 'p'
      WHERE n.nspname = current_schema() AND t.relkind = 'r'`);
    expect(rows.length).toBeGreaterThan(5);
    const offenders = rows
      .filter((r) => !NOT_TENANT_DATA.has(r.table))
      .filter((r) => {
        const cols = Array.isArray(r.cols) ? r.cols : typeof r.cols === 'string' ? r.cols.replace(/[{}]/g, '').split(',') : [];
        return cols[0] !== 'tenant_id';
      })
      .map((r) => r.table);
    expect(offenders).toEqual([]);
  });

  it('every foreign key between business tables leads with tenant_id', async () => {
    const { rows } = await db.query<{ name: string; child: string; parent: string; first: string }>(`
      SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
             (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = c.conkey[1]) AS first
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`);
    const offenders = rows.filter((r) => r.parent !== 'tenants' && r.first !== 'tenant_id').map((r) => `${r.child}.${r.name}`);
    expect(offenders).toEqual([]);
  });

  it('no table holds money as a floating-point column', async () => {
    const { rows } = await db.query<{ table_name: string; column_name: string }>(`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND data_type IN ('real', 'double precision')`);
    expect(rows).toEqual([]);
  });
});
