// Two processes starting at once must not apply a migration twice (advisory lock).
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/open.ts';
import { loadMigrations, migrate, splitStatements } from '../../src/platform/db/migrate.ts';
import { usingPostgres } from '../support/app.ts';

describe('migrations', () => {
  it('concurrent migrators apply each migration exactly once', async () => {
    if (usingPostgres) {
      // A fresh database, and two pools as two processes would have.
      const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
      const name = `cobre_migr_${process.pid}_${Date.now()}`;
      await admin.exec(`CREATE DATABASE ${name}`);
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const a = await openDatabase({ databaseUrl: url.toString() });
      const b = await openDatabase({ databaseUrl: url.toString() });
      try {
        const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
        expect([...ra, ...rb].sort()).toEqual(
          loadMigrations()
            .map((m) => m.name)
            .sort(),
        );
        const { rows } = await a.query<{ n: number }>('SELECT count(*)::int8 AS n FROM schema_migrations');
        expect(rows[0].n).toBe(loadMigrations().length);
      } finally {
        await a.close();
        await b.close();
        await admin.exec(`DROP DATABASE ${name}`);
        await admin.close();
      }
    } else {
      const db = await openDatabase({});
      const [ra, rb] = await Promise.all([migrate(db), migrate(db)]);
      expect([...ra, ...rb].sort()).toEqual(
        loadMigrations()
          .map((m) => m.name)
          .sort(),
      );
      expect(await migrate(db)).toEqual([]);
      await db.close();
    }
  });

  it('splits statements without breaking quotes, comments and $$ bodies', () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE a (x text DEFAULT 'a;b');
CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;
SELECT 1`;
    expect(splitStatements(sql)).toEqual([
      `CREATE TABLE a (x text DEFAULT 'a;b')`,
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      'SELECT 1',
    ]);
  });
});
