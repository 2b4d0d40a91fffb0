// `cobre backup` and `cobre tenants export`: one consistent snapshot written as a gzip-compressed
// backup file. A file appears under its name only when complete (written beside, then renamed).
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Db } from '../db/types.ts';
import { writeDump, type DumpOptions, type Trailer } from './dump-file.ts';

export type BackupOptions = Omit<DumpOptions, 'engine'>;

/** Writes a backup of `db` to `out` (gzip-compressed) from one snapshot; ends `out`. */
export async function backupToStream(db: Db, out: Writable, options: BackupOptions): Promise<Trailer> {
  const gzip = createGzip({ level: 4 });
  gzip.pipe(out);
  const write = async (chunk: string | Buffer) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  try {
    const trailer = await db.transaction(async (tx) => {
      // Server PostgreSQL: one snapshot for every table while writes go on. The embedded engine
      // runs one transaction at a time, so its snapshot is consistent by construction.
      if (db.kind === 'postgres') await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return writeDump(tx, write, { ...options, engine: db.kind });
    });
    gzip.end();
    await finished(out);
    return trailer;
  } catch (err) {
    gzip.destroy();
    out.destroy();
    throw err;
  }
}

/** Writes a backup file at `file`, atomically: on failure nothing is left under that name. */
export async function backupToFile(
  db: Db,
  file: string,
  options: BackupOptions,
): Promise<{ file: string; bytes: number; trailer: Trailer }> {
  const partial = `${file}.partial`;
  try {
    const trailer = await backupToStream(db, createWriteStream(partial, { mode: 0o600 }), options);
    await rename(partial, file);
    return { file, bytes: (await stat(file)).size, trailer };
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}

/** A backup file name that sorts by time: cobre-backup-20261207-143000.sql.gz. */
export function backupFileName(now: Date, kind: 'full' | 'tenant' = 'full', tenantId?: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return kind === 'full' ? `cobre-backup-${stamp}.sql.gz` : `cobre-company-${tenantId}-${stamp}.sql.gz`;
}
