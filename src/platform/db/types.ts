// One query layer over both engines: PGlite (embedded, one process) and node-postgres (server).
// Domain code receives a `Queryable` (or a `Tx` when it must run inside a transaction) and never
// knows which engine is behind it.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Server PostgreSQL: run as a named prepared statement, parsed and planned once per connection.
   * For hot, fixed statements only (the name must always go with the same SQL).
   */
  prepare?: string;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
}

/**
 * Where a write made of ONE data-changing statement runs: a transaction, or the database itself
 * (a single statement is atomic on its own, and skipping BEGIN/COMMIT saves two round trips).
 * Code that takes a WriteTarget may read freely but must change data in one statement only.
 */
export interface WriteTarget extends Queryable {
  /**
   * The database itself, for work that must not wait for this transaction (e.g. allocating a
   * block of numbers). Absent on the embedded engine, which runs one transaction at a time.
   */
  readonly outside?: Db;
}

/**
 * COPY in and out, in PostgreSQL's text format (backups, restores and moves between engines).
 * `sql` is a `COPY … TO STDOUT` or `COPY … FROM STDIN` statement; each engine runs it its own way.
 */
export interface Copier {
  copyOut(sql: string): Promise<Buffer>;
  copyIn(sql: string, data: Buffer): Promise<void>;
}

/** A queryable that is inside a transaction. The brand makes "must run in a transaction" a type. */
export interface Tx extends WriteTarget, Copier {
  readonly inTransaction: true;
}

/** The database as a WriteTarget: each statement commits on its own. */
export function directWriteTarget(db: Db): WriteTarget {
  return { query: (sql, params, opts) => db.query(sql, params, opts), outside: db.kind === 'postgres' ? db : undefined };
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

export interface Db extends Queryable, Copier {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs a script of several statements (migrations). */
  exec(sql: string): Promise<void>;
  poolStats(): PoolStats;
  close(): Promise<void>;
}
