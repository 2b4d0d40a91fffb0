// With DATABASE_URL: make sure the extensions exist (they are per database, shared by every test
// schema) and drop the schemas (and databases) of earlier runs that were killed before they could clean up.
// Each test file then migrates a schema of its own (test/support/app.ts).
export default async function setup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const { openDatabase } = await import('../../src/platform/db/open.ts');
  const admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  try {
    await admin.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    const { rows } = await admin.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname ~ '^test_(run_)?[0-9]+_' AND split_part(replace(nspname, 'test_run_', 'test_'), '_', 2)::bigint < $1`,
      [Date.now() - 3 * 3600_000],
    );
    for (const r of rows) await admin.exec(`DROP SCHEMA IF EXISTS ${r.nspname} CASCADE`);
    // The databases the move and restore tests create (test/process/backup-move.test.ts).
    const dbs = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^cobre_move_[0-9]+_' AND split_part(datname, '_', 3)::bigint < $1`,
      [Date.now() - 3 * 3600_000],
    );
    for (const r of dbs.rows) await admin.exec(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}
