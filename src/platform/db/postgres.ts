import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
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
    types: typeOverrides,
    options: `-c TimeZone=UTC${options.schema ? ` -c search_path=${options.schema},public` : ''}`,
  });
  // An idle client that errors (e.g. server restart) must not crash the process.
  pool.on('error', () => {});

  const runOn = async <R>(
    target: pg.Pool | pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<QueryResult<R>> => {
    const values = params as unknown[];
    const r = opts?.prepare ? await target.query({ name: opts.prepare, text: sql, values }) : await target.query(sql, values);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };
  const query = <R>(sql: string, params?: readonly unknown[], opts?: QueryOptions) => runOn<R>(pool, sql, params, opts);

  const copyOutOn = async (client: pg.PoolClient, sql: string): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    await pipeline(client.query(copyTo(sql)), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) chunks.push(chunk);
    });
    return Buffer.concat(chunks);
  };
  const copyInOn = async (client: pg.PoolClient, sql: string, data: Buffer): Promise<void> => {
    await pipeline(Readable.from([data]), client.query(copyFrom(sql)));
  };
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  // Work done "outside" a transaction while that transaction holds a pooled connection (number
  // blocks) uses a small pool of its own: borrowing from the main pool there could deadlock once
  // every main connection is held by a transaction waiting for such work.
  let side: Db | undefined;
  const outside = (): Db => (side ??= openPostgres({ ...options, max: 2, sidePool: true }));

  const db: Db = {
    kind: 'postgres',
    query,
    copyOut: (sql) => withClient((c) => copyOutOn(c, sql)),
    copyIn: (sql, data) => withClient((c) => copyInOn(c, sql, data)),
    async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // One connection runs one statement at a time: queue them here (callers may use Promise.all
      // on a transaction) instead of relying on node-postgres' deprecated internal queue.
      let last: Promise<unknown> = Promise.resolve();
      const tx: Tx = {
        inTransaction: true,
        get outside() {
          return options.sidePool ? undefined : outside();
        },
        query<R>(sql: string, params?: readonly unknown[], opts?: QueryOptions) {
          const run = last.then(() => runOn<R>(client, sql, params, opts));
          last = run.catch(() => undefined);
          return run;
        },
        copyOut(sql: string) {
          const run = last.then(() => copyOutOn(client, sql));
          last = run.catch(() => undefined);
          return run;
        },
        copyIn(sql: string, data: Buffer) {
          const run = last.then(() => copyInOn(client, sql, data));
          last = run.catch(() => undefined);
          return run;
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
