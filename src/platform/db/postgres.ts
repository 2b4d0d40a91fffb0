import pg from 'pg';
import type { Db, QueryOptions, QueryResult, Tx } from './types.ts';
import { PARSERS } from './parsers.ts';

const typeOverrides = {
  getTypeParser(oid: number, format?: string) {
    const custom = PARSERS[oid];
    if (custom && format !== 'binary') return custom;
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

export interface PostgresOptions {
  connectionString: string;
  max?: number;
  /** Schema to work in (tests isolate concurrent runs this way); public stays on the path for extensions. */
  schema?: string;
  /** Internal: this is the side pool of another Db. */
  sidePool?: boolean;
}

export function openPostgres(options: PostgresOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 20,
    types: typeOverrides as any,
    options: `-c TimeZone=UTC${options.schema ? ` -c search_path=${options.schema},public` : ''}`,
  });
  // An idle client that errors (e.g. server restart) must not crash the process.
  pool.on('error', () => {});

  const query = async <R>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>> => {
    const r = opts?.prepare ? await pool.query({ name: opts.prepare, text: sql, values: params as unknown[] }) : await pool.query(sql, params as unknown[]);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };

  // Work done "outside" a transaction while that transaction holds a pooled connection (number
  // blocks) uses a small pool of its own: borrowing from the main pool there could deadlock once
  // every main connection is held by a transaction waiting for such work.
  let side: Db | undefined;
  const outside = (): Db => (side ??= openPostgres({ ...options, max: 2, sidePool: true }));

  const db: Db = {
    kind: 'postgres',
    query,
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const tx: Tx = {
        inTransaction: true,
        get outside() {
          return options.sidePool ? undefined : outside();
        },
        async query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
          const r = opts?.prepare ? await client.query({ name: opts.prepare, text: sql, values: params as unknown[] }) : await client.query(sql, params as unknown[]);
          return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
        },
      };
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
          client.release();
        } catch {
          client.release(true);
        }
        throw err;
      }
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    poolStats() {
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    },
    async close() {
      await Promise.all([pool.end(), side?.close()]);
    },
  };
  return db;
}
