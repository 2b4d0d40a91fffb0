// The operator's commands over backups: `cobre backup`, `restore`, `move`, `tenants export` and
// `tenants import`. Each prints what it did; a refusal is one clear line and exit status 2.
import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Db } from '../db/types.ts';
import { openDatabase } from '../db/open.ts';
import { openPgliteReader, type ReadSource } from '../db/pglite-reader.ts';
import { backupFileName, backupToFile } from './backup.ts';
import { backupThroughServer, serverIsRunning } from './control-socket.ts';
import { BadBackupFile, OperationRefused, UnknownCompany } from './errors.ts';
import { moveDatabase } from './move.ts';
import { terminalProgress } from './progress.ts';
import { importTenant, restoreBackup, type RestoreReport } from './restore.ts';

export interface CliContext {
  config: Config;
  now: () => Date;
  /** Opens the configured database (embedded: only when no server holds it). */
  open: () => Promise<Db>;
  out: (text: string) => void;
}

/** Errors an operator can act on: printed as one message, exit status 2. */
export function isRefusal(err: unknown): err is Error {
  return err instanceof OperationRefused || err instanceof BadBackupFile || err instanceof UnknownCompany;
}

export async function runBackup(ctx: CliContext, opts: { out?: string; tenantId?: string }): Promise<void> {
  const now = ctx.now();
  const file = resolve(opts.out ?? backupFileName(now, opts.tenantId ? 'tenant' : 'full', opts.tenantId));
  if (existsSync(file)) throw new OperationRefused(`${file} already exists; choose another --out`);
  requireDataDir(ctx.config);
  const what = opts.tenantId ? `company ${opts.tenantId}` : 'backup';
  if (!ctx.config.databaseUrl && (await backupThroughServer(ctx.config.dataDir, file, opts.tenantId))) {
    ctx.out(`${what} written by the running server: ${file}\n`);
    return;
  }
  const db = await ctx.open();
  const progress = terminalProgress(opts.tenantId ? 'export' : 'backup');
  try {
    const r = await backupToFile(db, file, {
      kind: opts.tenantId ? 'tenant' : 'full',
      tenantId: opts.tenantId,
      now,
      onProgress: (p) => progress.update(p.rowsDone, p.rowsTotal, p.table),
    });
    progress.stop();
    const rows = Object.values(r.trailer.tables).reduce((n, t) => n + t.rows, 0);
    ctx.out(`${what} written: ${file} (${formatBytes(r.bytes)}, ${rows} rows in ${Object.keys(r.trailer.tables).length} tables)\n`);
  } finally {
    progress.stop();
    await db.close();
  }
}

export async function runRestore(ctx: CliContext, opts: { file: string; force: boolean; tenant: boolean }): Promise<void> {
  if (!existsSync(opts.file)) throw new OperationRefused(`no such file: ${opts.file}`);
  if (!ctx.config.databaseUrl && (await serverIsRunning(ctx.config.dataDir))) {
    throw new OperationRefused(
      `cobre serve is running on ${resolve(ctx.config.dataDir)}; stop it first (the embedded database allows one process)`,
    );
  }
  const db = await ctx.open();
  const progress = terminalProgress(opts.tenant ? 'import' : 'restore');
  try {
    const input = openBackupFile(opts.file);
    const onProgress = (p: { rowsDone: number; rowsTotal: number; table: string }) => progress.update(p.rowsDone, p.rowsTotal, p.table);
    const r = await (opts.tenant
      ? importTenant(db, input, { onProgress })
      : restoreBackup(db, input, { force: opts.force, onProgress })
    ).catch((err) => {
      throw explainFileError(err, opts.file);
    });
    progress.stop();
    ctx.out(describeRestore(r, opts.tenant, ctx.config));
  } finally {
    progress.stop();
    await db.close();
  }
}

export async function runMove(ctx: CliContext, opts: { to: string; pauseAfterCompanyMs?: number }): Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(opts.to))
    throw new OperationRefused('--to needs a PostgreSQL URL: postgres://user:password@host:5432/database');
  requireDataDir(ctx.config);
  if (!ctx.config.databaseUrl && (await serverIsRunning(ctx.config.dataDir))) {
    throw new OperationRefused(`cobre serve is running on ${resolve(ctx.config.dataDir)}; stop it first so the copy is of one moment`);
  }
  // The embedded source is read from a worker thread, so reading and writing overlap.
  const source: ReadSource = ctx.config.databaseUrl ? await ctx.open() : await openPgliteReader(resolve(ctx.config.dataDir));
  let target: Db | null = null;
  const progress = terminalProgress('move');
  try {
    target = await openDatabase({ databaseUrl: opts.to, poolSize: 2 });
    await target.query('SELECT 1').catch((err: Error) => {
      throw new OperationRefused(`cannot connect to ${redact(opts.to)}: ${err.message}`);
    });
    const r = await moveDatabase(source, target, {
      onProgress: (p) => progress.update(p.rowsDone, p.rowsTotal, p.step),
      onLine: (line) => ctx.out(`${line}\n`),
      pauseAfterCompanyMs: opts.pauseAfterCompanyMs,
    });
    progress.stop();
    ctx.out(
      `moved ${r.companies} companies, ${r.rows} rows in ${r.tables.length} tables; every table verified (rows and checksum):\n` +
        r.tables
          .filter((t) => t.rows > 0)
          .map((t) => `  ${t.name.padEnd(32)} ${String(t.rows).padStart(10)} rows  ok\n`)
          .join('') +
        (r.migrated.length ? `then applied: ${r.migrated.join(', ')}\n` : '') +
        `\nTo run on it: stop using ${resolve(ctx.config.dataDir)} and start Cobre with\n  DATABASE_URL=${redact(opts.to)} npm start\n` +
        'with the same COBRE_SECRET_KEY (stored secrets are encrypted with it). The embedded data directory was only read; keep it until you are satisfied.\n',
    );
  } finally {
    progress.stop();
    await source.close();
    await target?.close();
  }
}

function openBackupFile(file: string): Readable {
  return createReadStream(file).pipe(createGunzip());
}

/** A file that is not gzip, or is cut short, is a bad backup file, not a crash. */
function explainFileError(err: unknown, file: string): unknown {
  const code = (err as { code?: string }).code;
  if (code?.startsWith('Z_'))
    return new BadBackupFile(`${file} is not a complete gzip-compressed Cobre backup (${(err as Error).message})`);
  return err;
}

/** The embedded data directory must exist before it is read (opening it would create an empty one). */
function requireDataDir(config: Config): void {
  if (!config.databaseUrl && !existsSync(resolve(config.dataDir))) {
    throw new OperationRefused(
      `there is no embedded database in ${resolve(config.dataDir)} (set COBRE_DATA_DIR, or DATABASE_URL for server PostgreSQL)`,
    );
  }
}

function describeRestore(r: RestoreReport, tenant: boolean, config: Config): string {
  const where = config.databaseUrl ? redact(config.databaseUrl) : resolve(config.dataDir);
  return (
    `${tenant ? `company ${r.manifest.tenant_id} imported` : 'restored'} into ${where}: ${r.rows} rows in ${r.tables.length} tables, ` +
    `every table verified against the file's checksums (backup of ${r.manifest.created_at}, Cobre ${r.manifest.cobre_version}, ${r.manifest.migration.name})\n` +
    (r.migrated.length ? `then applied the newer migrations: ${r.migrated.join(', ')}\n` : '')
  );
}

/** A connection URL without its password, for printing. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
