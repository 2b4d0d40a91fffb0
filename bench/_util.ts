import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import autocannon from 'autocannon';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Extra node flags for the server under test, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it. */
export function serverNodeArgs(): string[] {
  return (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** Starts a node process (pinned to `cpus` when taskset exists) and waits until `ready` is printed or the URL answers. */
export async function startProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  opts: { cpus?: string; readyUrl?: string; readyText?: string },
): Promise<ChildProcess> {
  const cmd = opts.cpus && hasTaskset() ? 'taskset' : process.execPath;
  const argv = opts.cpus && hasTaskset() ? ['-c', opts.cpus, process.execPath, ...args] : args;
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // A server that dies under load must say why, not just show up as connection errors.
  child.on('exit', (code, signal) => {
    if (code && code !== 0)
      process.stderr.write(`\n[${args.join(' ')}] exited with code ${code}${signal ? ` (${signal})` : ''}:\n${out.slice(-4000)}\n`);
  });
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited: ${out}`);
    if (opts.readyText && out.includes(opts.readyText)) return child;
    if (opts.readyUrl) {
      try {
        if ((await fetch(opts.readyUrl)).ok) return child;
      } catch {
        /* not yet */
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`process did not become ready: ${out}`);
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(opts: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon({ connections: 50, duration: 10, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => '| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  return [line(rows[0]), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.slice(1).map(line)].join('\n');
}

/** Creates the benchmark's database if it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(url: string): Promise<void> {
  const pg = (await import('pg')).default;
  const target = new URL(url);
  const name = target.pathname.replace(/^\//, '');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rows.length) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A COPY baseline: the rows of `source` matching `where` (an SQL condition, values already literal)
 * are read out first, then timed while COPY writes them into an empty copy of the table with the
 * same indexes (LIKE … INCLUDING ALL), which is dropped afterwards.
 */
export async function copyIntoEmptyCopy(url: string, source: string, where: string): Promise<{ ms: number; rows: number }> {
  const target = `bench_copy_${source}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS ${target}; CREATE TABLE ${target} (LIKE ${source} INCLUDING ALL)`);
    const chunks: Buffer[] = [];
    await pipeline(client.query(copyTo(`COPY (SELECT * FROM ${source} WHERE ${where}) TO STDOUT`)), async (src: AsyncIterable<Buffer>) => {
      for await (const c of src) chunks.push(c);
    });
    const t0 = performance.now();
    await pipeline(Readable.from(chunks), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
    const ms = performance.now() - t0;
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${target}`);
    await client.query(`DROP TABLE ${target}`);
    return { ms, rows: rows[0].n };
  } finally {
    await client.end();
  }
}
