import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Db, QueryResult, Tx } from './types.ts';
import { PARSERS } from './parsers.ts';

/**
 * Embedded PostgreSQL. One process owns the data directory. PGlite's transaction() skips its
 * post-commit sync to the file system (pglite issue #1065), so we sync explicitly after every
 * committed transaction: a SIGKILL right after a commit must lose nothing. (Power-loss
 * durability still needs server PostgreSQL: PGlite does not fsync.)
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  const db = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    parsers: PARSERS,
  });
  await db.exec(`SET TimeZone = 'UTC'`);
  let active = 0;

  const query = async <R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    active++;
    try {
      const r = await db.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    } finally {
      active--;
    }
  };

  // PGlite has no COPY protocol: STDOUT/STDIN become its in-memory '/dev/blob'.
  const copyOut = async (run: typeof db.query, sql: string): Promise<Buffer> => {
    const r = await run(sql.replace(/\bTO\s+STDOUT\s*$/i, "TO '/dev/blob'"));
    return r.blob ? Buffer.from(await r.blob.arrayBuffer()) : Buffer.alloc(0);
  };
  const copyIn = async (run: typeof db.query, sql: string, data: Buffer): Promise<void> => {
    await run(sql.replace(/\bFROM\s+STDIN\s*$/i, "FROM '/dev/blob'"), [], {
      blob: new Blob([new Uint8Array(data.buffer as ArrayBuffer, data.byteOffset, data.byteLength)]),
    });
  };

  return {
    kind: 'pglite',
    query,
    copyOut: (sql) => copyOut(db.query.bind(db), sql),
    copyIn: (sql, data) => copyIn(db.query.bind(db), sql, data),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      active++;
      try {
        const result = await db.transaction(async (t) => {
          const tx: Tx = {
            inTransaction: true,
            copyOut: (sql) => copyOut(t.query.bind(t) as typeof db.query, sql),
            copyIn: (sql, data) => copyIn(t.query.bind(t) as typeof db.query, sql, data),
            async query<R>(sql: string, params?: readonly unknown[]) {
              const r = await t.query<R>(sql, params as unknown[]);
              return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
            },
          };
          return fn(tx);
        });
        await db.syncToFs();
        return result;
      } finally {
        active--;
      }
    },
    async exec(sql: string) {
      await db.exec(sql);
      await db.syncToFs();
    },
    poolStats() {
      return { total: 1, idle: active === 0 ? 1 : 0, waiting: Math.max(0, active - 1) };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
