// Starts `cobre serve` as a real child process (embedded database in `dataDir`) and resolves
// once /readyz answers, for tests of what only real processes show (SIGKILL, restarts).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  output: () => string;
}

export function startServerProcess(opts: { dataDir: string; port: number; env?: Record<string, string>; track?: ChildProcess[] }): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, COBRE_DATA_DIR: opts.dataDir, PORT: String(opts.port), LOG_LEVEL: 'warn', ...(opts.env ?? {}) };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [join(root, 'bin/cobre.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  opts.track?.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const poll = setInterval(async () => {
      try {
        const r = await fetch(`http://127.0.0.1:${opts.port}/readyz`);
        if (r.ok) {
          clearTimeout(timer);
          clearInterval(poll);
          resolve({ child, output: () => out });
        }
      } catch {
        /* not yet */
      }
    }, 200);
    child.on('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (code !== null && code !== 0) reject(new Error(`server exited ${code}:\n${out}`));
    });
  });
}
