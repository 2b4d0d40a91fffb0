// Migrations carry a checksum: an applied migration whose file was edited afterwards stops the start
// with a clear error; line endings are not an edit; a database from before checksums gets them on
// first sight. Run on a fresh database of the engine under test, with a small migrations folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/types.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { EditedMigration, migrate, migrationChecksum } from '../../src/platform/db/migrate.ts';
import { usingPostgres } from '../support/app.ts';

let dir: string;
let db: Db;
let drop: (() => Promise<void>) | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cobre-migrations-'));
  writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE first_t (id int PRIMARY KEY);\n');
  writeFileSync(join(dir, '0002_second.sql'), '-- a comment\nCREATE TABLE second_t (id int PRIMARY KEY);\n');
  if (usingPostgres) {
    const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
    const name = `cobre_sums_${process.pid}_${Date.now()}`;
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: url.toString() });
    drop = async () => {
      await admin.exec(`DROP DATABASE ${name}`);
      await admin.close();
    };
  } else db = await openDatabase({});
});

afterAll(async () => {
  await db?.close();
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

const sums = async () =>
  (await db.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migration_checksums ORDER BY version')).rows;

describe('migration checksums', () => {
  it('records the checksum of each migration it applies', async () => {
    expect(await migrate(db, dir)).toEqual(['0001_first.sql', '0002_second.sql']);
    expect(await sums()).toEqual([
      { version: 1, checksum: migrationChecksum(readFileSync(join(dir, '0001_first.sql'), 'utf8')) },
      { version: 2, checksum: migrationChecksum(readFileSync(join(dir, '0002_second.sql'), 'utf8')) },
    ]);
  });

  it('stops on an applied migration edited afterwards, naming it, and applies nothing new', async () => {
    const original = readFileSync(join(dir, '0002_second.sql'), 'utf8');
    writeFileSync(join(dir, '0002_second.sql'), original + 'ALTER TABLE second_t ADD COLUMN x int;\n');
    writeFileSync(join(dir, '0003_third.sql'), 'CREATE TABLE third_t (id int);\n');
    const err = await migrate(db, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EditedMigration);
    expect((err as Error).message).toBe(
      'migration 0002_second.sql changed after it was applied to this database (its checksum differs): put the file back as it was applied, and write the change as a new migration',
    );
    expect((await db.query(`SELECT to_regclass('third_t')::text AS t`)).rows[0]).toEqual({ t: null });
    // The same text with Windows line endings is the same migration.
    writeFileSync(join(dir, '0002_second.sql'), original.replace(/\n/g, '\r\n'));
    expect(await migrate(db, dir)).toEqual(['0003_third.sql']);
  });

  it('gives a database from before checksums the checksums of its files, then holds them', async () => {
    await db.exec('DELETE FROM schema_migration_checksums');
    expect(await migrate(db, dir)).toEqual([]);
    expect((await sums()).map((s) => s.version)).toEqual([1, 2, 3]);
    writeFileSync(join(dir, '0001_first.sql'), 'CREATE TABLE first_t (id bigint PRIMARY KEY);\n');
    await expect(migrate(db, dir)).rejects.toThrow(/migration 0001_first\.sql changed after it was applied/);
  });
});
