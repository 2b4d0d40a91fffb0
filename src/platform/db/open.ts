import type { Db } from './types.ts';

export interface OpenOptions {
  /** Server PostgreSQL when set; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres({ connectionString: options.databaseUrl, max: options.poolSize });
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(options.dataDir);
}
