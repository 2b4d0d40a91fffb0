// Applies the migrations once to the shared server database (when DATABASE_URL is set), so that
// test files running in parallel never race to create the schema.
export default async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) return;
  const { openDatabase } = await import('../../src/platform/db/open.ts');
  const { migrate } = await import('../../src/platform/db/migrate.ts');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}
