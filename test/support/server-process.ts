// Starts `cobre serve` as a real child process (embedded database in `dataDir`, or `databaseUrl`) and resolves
// once /readyz answers, for tests of what only real processes show (SIGKILL, restarts).
// A first start creates the database and the demo tenant, which takes from seconds to minutes
// depending on the machine's load: it waits for readiness or for the process to exit, with no
// time budget other than the hang limit.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { HANG_MS } from './wait.ts';

const root = join(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
  /** The port the server listens on (127.0.0.1). */
  port: number;
}

/**
 * The server listens on a port the system picks (PORT=0), read back from its startup banner: a port
 * chosen in advance can be taken by another process (any outgoing connection) during a slow start.
 */
export async function startServerProcess(opts: {
  dataDir: string;
  databaseUrl?: string;
  env?: Record<string, string>;
  track?: ChildProcess[];
}): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COBRE_DATA_DIR: opts.dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...(opts.env ?? {}),
  };
  delete env.DATABASE_URL;
  delete env.COBRE_DB_SCHEMA;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  delete env.COBRE_PUBLIC_URL; // the banner must show the address actually bound
  const child = spawn(process.execPath, [join(root, 'bin/cobre.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.track?.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = signal ?? `code ${code}`));

  const started = Date.now();
  let port: number | null = null;
  for (;;) {
    if (exited !== null) throw new Error(`server exited (${exited}) before it was ready:\n${out}`);
    port ??= Number(/Console:\s+http:\/\/\S+:(\d+)\//.exec(out)?.[1]) || null;
    if (port !== null) {
      try {
        // One request at a time: a slow answer is waited for, not raced by the next poll.
        if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { child, output: () => out, port };
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() - started > HANG_MS) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after ${Math.round((Date.now() - started) / 1000)} s (a hang):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
