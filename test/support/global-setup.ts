// With DATABASE_URL, each test run gets its own fresh schema in that database, migrated once
// before the test files start (so they never race to create it) and dropped at the end. Runs on
// the same database at the same time do not see each other.
export default async function setup(): Promise<(() => Promise<void>) | void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const { openDatabase } = await import('../../src/platform/db/open.ts');
  const { migrate } = await import('../../src/platform/db/migrate.ts');
  const schema = `test_run_${Date.now()}_${process.pid}`;
  const admin = await openDatabase({ databaseUrl: url });
  // Extensions are per database: keep them in public, shared by every run's schema.
  await admin.exec(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
  await admin.exec(`CREATE SCHEMA ${schema}`);
  // Schemas of runs that were killed before their teardown.
  const { rows } = await admin.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'test_run_%' AND nspname <> $1
       AND split_part(nspname, '_', 3)::bigint < $2`,
    [schema, Date.now() - 6 * 3600_000],
  );
  for (const r of rows) await admin.exec(`DROP SCHEMA IF EXISTS ${r.nspname} CASCADE`);
  const db = await openDatabase({ databaseUrl: url, schema });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  process.env.COBRE_TEST_SCHEMA = schema;
  return async () => {
    await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
  };
}
