import type { Db } from './types.ts';

export interface OpenOptions {
  /** Server PostgreSQL when set; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data directory; undefined = in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Server PostgreSQL only: the schema to use (default: the server's search_path). */
  schema?: string;
}

export async function openDatabase(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    return openPostgres({ connectionString: options.databaseUrl, max: options.poolSize, schema: options.schema });
  }
  const { openPglite } = await import('./pglite.ts');
  return openPglite(options.dataDir);
}
