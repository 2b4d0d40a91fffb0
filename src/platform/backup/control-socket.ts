// The embedded database belongs to one process: while `cobre serve` runs, `cobre backup` and
// `cobre tenants export` ask it, over a Unix socket beside the data, to write the backup from its
// own connection. The socket is reachable only by who can read the data directory (mode 0600), so
// it needs no token. Its presence also stops a second server (or a restore, or a move) from
// opening a data directory that is in use.
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, rename, rm, unlink } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/types.ts';
import { backupToStream } from './backup.ts';
import { checkCompany, UnknownCompany } from './dump-file.ts';

/** Unix socket paths are limited to ~104 bytes; a deep data directory gets one in the temp dir. */
export function controlSocketPath(dataDir: string): string {
  const beside = join(resolve(dataDir), 'cobre-control.sock');
  if (Buffer.byteLength(beside) < 100) return beside;
  return join(tmpdir(), `cobre-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}.sock`);
}

/** Whether a `cobre serve` answers on this data directory's socket. */
export function serverIsRunning(dataDir: string): Promise<boolean> {
  const path = controlSocketPath(dataDir);
  if (!existsSync(path)) return Promise.resolve(false);
  return new Promise((done) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

export class DataDirectoryInUse extends Error {}

/** Refuses a data directory another `cobre serve` holds: check before opening the database. */
export async function assertDataDirectoryFree(dataDir: string): Promise<void> {
  if (await serverIsRunning(dataDir)) {
    throw new DataDirectoryInUse(
      `another Cobre process is serving the embedded database in ${resolve(dataDir)}; stop it first (one process per data directory)`,
    );
  }
}

/** Serves backups of the embedded database; call after assertDataDirectoryFree and opening it. */
export async function startControlSocket(db: Db, dataDir: string, now: () => Date): Promise<{ close(): Promise<void> }> {
  const path = controlSocketPath(dataDir);
  await rm(path, { force: true }); // a stale socket of a process that died
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://cobre');
    if (req.method === 'GET' && url.pathname === '/status') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pid: process.pid }));
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/backup') {
      res.writeHead(404).end('unknown control request\n');
      return;
    }
    const tenantId = url.searchParams.get('tenant') ?? undefined;
    try {
      if (tenantId) await checkCompany(db, tenantId);
    } catch (err) {
      res
        .writeHead(err instanceof UnknownCompany ? 404 : 500, { 'content-type': 'text/plain; charset=utf-8' })
        .end(`${(err as Error).message}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip' });
    // A failure midway cuts the response short; the client then keeps nothing.
    await backupToStream(db, res, { kind: tenantId ? 'tenant' : 'full', tenantId, now: now() }).catch(() => res.destroy());
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => ok());
  });
  await chmod(path, 0o600);
  return {
    async close() {
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await unlink(path).catch(() => {});
    },
  };
}

/**
 * Asks the running server for a backup (or one company's export) and writes it to `file`
 * atomically. Returns false when no server answers (the caller opens the data directory itself).
 */
export async function backupThroughServer(dataDir: string, file: string, tenantId?: string): Promise<boolean> {
  if (!(await serverIsRunning(dataDir))) return false;
  const partial = `${file}.partial`;
  try {
    const res = await new Promise<import('node:http').IncomingMessage>((ok, fail) => {
      const req = request(
        {
          socketPath: controlSocketPath(dataDir),
          method: 'POST',
          path: `/backup${tenantId ? `?tenant=${encodeURIComponent(tenantId)}` : ''}`,
        },
        ok,
      );
      req.once('error', fail);
      req.end();
    });
    if (res.statusCode !== 200) {
      let text = '';
      for await (const c of res) text += c;
      throw new (res.statusCode === 404 ? UnknownCompany : Error)(text.trim() || `the server answered ${res.statusCode}`);
    }
    let complete = false;
    res.once('end', () => (complete = true));
    await pipeline(res, createWriteStream(partial, { mode: 0o600 }));
    if (!complete || !res.complete) throw new Error('the server stopped sending the backup midway; nothing was kept');
    await rename(partial, file);
    return true;
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}
