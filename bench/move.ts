// `npm run bench -- move [--charges 1000000] [--runs 3] [--data-dir DIR] [--no-diagnostics]`
// (embedded PGlite source, server PostgreSQL target)
//
// Issue 21: moving 1,000,000 charges with their lines from the embedded database into server
// PostgreSQL, against `pg_dump | psql` of the same data in the same run (target ≤ 2×).
//
//  - Source: a PGlite data directory (a temp dir, or --data-dir, reused when it already holds the
//    seed) with one company: N/10 customers and contracts (2 items each, usage on half; the billing
//    benchmark's seedBilling), 10 finished monthly billing runs, N charges (one per contract and
//    month) with 2 lines each; migrated with the real migrations, tenant made by createTenant. Built
//    once, VACUUM ANALYZE + CHECKPOINT, then closed (the move opens it in its own process).
//  - Cobre: `node bin/cobre.js move --to postgres://…/cobre_bench_move_tN` with COBRE_DATA_DIR (what
//    the operator runs), into a database created empty for the repetition and dropped after it.
//    Timed from spawn to exit; phases from the timestamps of the CLI's output lines.
//  - Baseline: the first repetition's moved database (same tables, keys, indexes, rows) is the
//    source of `pg_dump <it> | psql <fresh empty database>` (plain format, one pipe, same server),
//    timed end to end.
// Before each side: CHECKPOINT on the server (and VACUUM ANALYZE of the baseline's source), the
// 1-minute load average recorded. Sides alternate (Cobre first in repetition 1: it makes the
// baseline's source). Median of the runs with min–max; ratio = Cobre median / baseline median.
// DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test); the benchmark's
// databases are cobre_bench_move_* on it (made and dropped here).
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { openDatabase } from '../src/platform/db/open.ts';
import { readCatalog } from '../src/platform/backup/catalog.ts';
import { chunkQueries, tableSum } from '../src/platform/backup/rows.ts';
import { countSeed, MONTHS, seedMove } from './_move-seed.ts';
import { median, table } from './_util.ts';

const root = join(import.meta.dirname, '..');
const PREFIX = 'cobre_bench_move_';
const load1 = () => loadavg()[0];
const s = (ms: number) => ms / 1000;
const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const fmt = (n: number) => n.toLocaleString('en');

function dbUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(base: string, fn: (c: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const c = new pg.Client({ connectionString: dbUrl(base, database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const createDb = (base: string, name: string) => admin(base, (c) => c.query(`CREATE DATABASE "${name}"`));
const dropDb = (base: string, name: string) => admin(base, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

async function counts(url: string): Promise<{ charges: number; lines: number; tables: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ charges: string; lines: string; tables: string }>(
      `SELECT (SELECT count(*) FROM charges)::text AS charges, (SELECT count(*) FROM charge_lines)::text AS lines,
              (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::text AS tables`,
    );
    return { charges: Number(rows[0].charges), lines: Number(rows[0].lines), tables: Number(rows[0].tables) };
  } finally {
    await c.end();
  }
}

interface Timed {
  ms: number;
  lines: { at: number; text: string }[];
}

/** Runs a command, records every output line with its time since the start; throws on failure. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: Timed['lines'] = [];
    const partial = { out: '', err: '' };
    const take = (which: 'out' | 'err') => (d: Buffer) => {
      const at = performance.now() - t0;
      const parts = (partial[which] + d.toString()).split('\n');
      partial[which] = parts.pop()!;
      for (const text of parts) if (text.trim()) lines.push({ at, text });
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const ms = performance.now() - t0;
      for (const text of [partial.out, partial.err]) if (text.trim()) lines.push({ at: ms, text });
      if (code !== 0)
        reject(
          new Error(
            `${cmd} ${args.join(' ')} failed (${code ?? signal}):\n${lines
              .slice(-40)
              .map((l) => l.text)
              .join('\n')}`,
          ),
        );
      else resolve({ ms, lines });
    });
  });
}

function cobreMove(dataDir: string, targetUrl: string): Promise<Timed> {
  const env: NodeJS.ProcessEnv = { ...process.env, COBRE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL; // the source is the embedded directory
  return timed(process.execPath, [join(root, 'bin/cobre.js'), 'move', '--to', targetUrl], env);
}

function dumpRestore(sourceUrl: string, targetUrl: string): Promise<Timed> {
  return timed('bash', ['-c', 'set -o pipefail; pg_dump --no-password -d "$SRC" | psql -X -q -v ON_ERROR_STOP=1 -d "$DST" > /dev/null'], {
    ...process.env,
    SRC: sourceUrl,
    DST: targetUrl,
  });
}

/** The phases of a `cobre move` run, from its output lines (ms since spawn). */
function phases(run: Timed): { start: number; company: number; verify: number; exit: number } {
  const at = (re: RegExp) => {
    const l = run.lines.find((x) => re.test(x.text));
    if (!l) throw new Error(`no line ${re} in the move's output:\n${run.lines.map((x) => x.text).join('\n')}`);
    return l.at;
  };
  const schema = at(/^schema at /);
  const company = at(/^company \d+\/\d+ copied/);
  const moved = at(/^moved \d+ companies/);
  return { start: schema, company: company - schema, verify: moved - company, exit: run.ms - moved };
}

function du(dir: string): string {
  try {
    return execFileSync('du', ['-sh', dir], { encoding: 'utf8' }).split('\t')[0];
  } catch {
    return '?';
  }
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, performance.now() - t0];
}

/** Where a move's reads go: the source scans it makes, timed one by one on PGlite, and the checksum on the server. */
async function diagnostics(dataDir: string, serverUrl: string): Promise<(string | number)[][]> {
  const rows: (string | number)[][] = [['step (in this process, one at a time)', 'charges', 'charge_lines']];
  const src = await openDatabase({ dataDir });
  try {
    const catalog = await readCatalog(src);
    const [, countAll] = await time(async () => {
      for (const t of catalog) await src.query(`SELECT count(*) FROM "${t.name}"`);
    });
    rows.push(["PGlite: count(*) of every table (the move's rowTotals)", `${f1(s(countAll))} s (all tables)`, '']);
    const tables = ['charges', 'charge_lines'].map((n) => catalog.find((t) => t.name === n)!);
    const row = (label: string, xs: number[]) => rows.push([label, `${f1(s(xs[0]))} s`, `${f1(s(xs[1]))} s`]);
    const pgliteSum: number[] = [],
      chunks: number[] = [],
      copy: number[] = [],
      bytes: number[] = [];
    for (const t of tables) {
      pgliteSum.push((await time(() => tableSum(src, t, 'true')))[1]);
      const [queries, ms] = await time(() => chunkQueries(src, t, 'true', Number.MAX_SAFE_INTEGER));
      chunks.push(ms);
      let n = 0;
      const [, copyMs] = await time(async () => {
        for (const q of queries) n += (await src.copyOut(q)).length;
      });
      copy.push(copyMs);
      bytes.push(n);
    }
    row('PGlite: count + checksum (tableSum; the move runs it once per table, to verify)', pgliteSum);
    row(
      'PGlite: key-range chunk bounds (row_number over the key; the move uses page ranges for a company holding most of a table)',
      chunks,
    );
    row('PGlite: COPY … TO of every 100,000-row key-range chunk', copy);
    rows.push(['  COPY text', `${f1(bytes[0] / 2 ** 20)} MiB`, `${f1(bytes[1] / 2 ** 20)} MiB`]);
    const server = await openDatabase({ databaseUrl: serverUrl, poolSize: 1 });
    try {
      const serverSum: number[] = [],
        serverCopy: number[] = [];
      for (const t of tables) {
        serverSum.push((await time(() => tableSum(server, t, 'true')))[1]);
      }
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        for (const t of tables) {
          const [, ms] = await time(() =>
            pipeline(c.query(copyTo(`COPY "${t.name}" TO STDOUT`)), new Writable({ write: (_c, _e, cb) => cb() })),
          );
          serverCopy.push(ms);
        }
      } finally {
        await c.end();
      }
      row('server PostgreSQL: count + checksum (tableSum)', serverSum);
      row('server PostgreSQL: COPY … TO STDOUT (what pg_dump reads)', serverCopy);
    } finally {
      await server.close();
    }
  } finally {
    await src.close();
  }
  return rows;
}

/**
 * Where the target's time goes: the same charge and line rows (COPY text) loaded on the server
 * (a) into tables that already have their indexes and foreign keys (as the move first did), and
 * (b) into bare tables, then the indexes and foreign keys, as pg_dump's script does and the move
 * now does (src/platform/backup/deferred-keys.ts). In the moved database, in transactions rolled back.
 */
async function targetDiagnostics(serverUrl: string): Promise<(string | number)[][]> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  const rows: (string | number)[][] = [['load on the server (same rows, rolled back)', 'charges', 'charge_lines', 'keys after', 'total']];
  try {
    const read = async (t: string) => {
      const chunks: Buffer[] = [];
      await pipeline(
        c.query(copyTo(`COPY "${t}" TO STDOUT`)),
        new Writable({
          write: (chunk, _e, cb) => {
            chunks.push(chunk);
            cb();
          },
        }),
      );
      return chunks;
    };
    const data = { charges: await read('charges'), charge_lines: await read('charge_lines') };
    const load = async (t: string, chunks: Buffer[]) =>
      (await time(() => pipeline(Readable.from(chunks), c.query(copyFrom(`COPY "${t}" FROM STDIN`)))))[1];
    const fks = [
      `ALTER TABLE bench_d_charges ADD FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id), ADD FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)`,
      `ALTER TABLE bench_d_lines ADD FOREIGN KEY (tenant_id, charge_id) REFERENCES bench_d_charges (tenant_id, id)`,
    ];
    // (a) keys first
    await c.query('BEGIN');
    await c.query(
      `CREATE TABLE bench_d_charges (LIKE charges INCLUDING ALL); CREATE TABLE bench_d_lines (LIKE charge_lines INCLUDING ALL)`,
    );
    for (const sql of fks) await c.query(sql);
    const a = [await load('bench_d_charges', data.charges), await load('bench_d_lines', data.charge_lines)];
    await c.query('ROLLBACK');
    rows.push([
      '(a) indexes + foreign keys first, then COPY (as the move did before it set them aside)',
      `${f1(s(a[0]))} s`,
      `${f1(s(a[1]))} s`,
      '',
      `${f1(s(a[0] + a[1]))} s`,
    ]);
    // (b) rows first
    await c.query('BEGIN');
    await c.query(
      `CREATE TABLE bench_d_charges (LIKE charges INCLUDING DEFAULTS INCLUDING CONSTRAINTS); CREATE TABLE bench_d_lines (LIKE charge_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
    );
    const b = [await load('bench_d_charges', data.charges), await load('bench_d_lines', data.charge_lines)];
    const { rows: defs } = await c.query<{ t: string; def: string }>(
      `SELECT tablename AS t, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('charges', 'charge_lines')`,
    );
    const [, keys] = await time(async () => {
      for (const d of defs) {
        const to = d.t === 'charges' ? 'bench_d_charges' : 'bench_d_lines';
        await c.query(
          d.def.replace(/^CREATE (UNIQUE )?INDEX (\S+) ON (\S+)/, (_m, u, name) => `CREATE ${u ?? ''}INDEX bench_d_${name} ON ${to}`),
        );
      }
      for (const sql of fks) await c.query(sql);
    });
    await c.query('ROLLBACK');
    rows.push([
      "(b) COPY into bare tables, then indexes + foreign keys (as pg_dump's script)",
      `${f1(s(b[0]))} s`,
      `${f1(s(b[1]))} s`,
      `${f1(s(keys))} s`,
      `${f1(s(b[0] + b[1] + keys))} s`,
    ]);
  } finally {
    await c.query('ROLLBACK').catch(() => {});
    await c.end();
  }
  return rows;
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      charges: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'data-dir': { type: 'string' },
      'no-diagnostics': { type: 'boolean', default: false },
    },
  });
  const charges = Number(values.charges);
  const runs = Math.max(1, Number(values.runs));
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  console.log(`server: ${base} (databases ${PREFIX}*); ${fmt(charges)} charges, ${runs} runs per side`);

  // Leftovers of an interrupted run.
  const stale = await admin(base, (c) => c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`));
  for (const r of stale.rows) await dropDb(base, r.datname);

  const ownDir = !values['data-dir'];
  const tmp = ownDir ? mkdtempSync(join(tmpdir(), 'cobre-bench-move-')) : null;
  const dataDir = values['data-dir'] ?? join(tmp!, 'data');
  const made: string[] = [];
  try {
    // 1. The embedded source.
    let seed: { contracts: number; charges: number; lines: number };
    const src = await openDatabase({ dataDir });
    try {
      const have = existsSync(join(dataDir, 'PG_VERSION')) ? await countSeed(src).catch(() => null) : null;
      if (have && have.charges === charges) {
        seed = have;
        console.log(`reusing the seeded data directory ${dataDir}`);
      } else {
        if (have) throw new Error(`${dataDir} holds another seed (${have.charges} charges); give an empty --data-dir`);
        console.log(`seeding ${dataDir} (PGlite)…`);
        const t0 = performance.now();
        seed = await seedMove(src, charges, (l) => console.log(l));
        console.log(`  seeded in ${f1(s(performance.now() - t0))} s`);
        const [, vac] = await time(() => src.exec('VACUUM ANALYZE'));
        console.log(`  VACUUM ANALYZE ${f1(s(vac))} s`);
      }
      await src.exec('CHECKPOINT');
    } finally {
      await src.close();
    }
    console.log(
      `source: ${fmt(seed.charges)} charges, ${fmt(seed.lines)} charge lines, ${fmt(seed.contracts)} contracts; data directory ${du(dataDir)}`,
    );

    // 2. The runs.
    const baseSrc = `${PREFIX}src`;
    const res = {
      cobre: [] as number[],
      base: [] as number[],
      loadCobre: [] as number[],
      loadBase: [] as number[],
      phases: [] as ReturnType<typeof phases>[],
    };
    let firstRun: Timed | null = null;
    let sizes = '';
    const checkpoint = () => admin(base, (c) => c.query('CHECKPOINT'));

    const runCobre = async (r: number) => {
      const name = r === 0 ? baseSrc : `${PREFIX}t${r}`;
      await createDb(base, name);
      made.push(name);
      await checkpoint();
      const load = load1();
      const run = await cobreMove(dataDir, dbUrl(base, name));
      const c = await counts(dbUrl(base, name));
      if (c.charges !== seed.charges || c.lines !== seed.lines)
        throw new Error(`move: ${JSON.stringify(c)} in the target, expected ${JSON.stringify(seed)}`);
      const p = phases(run);
      res.cobre.push(run.ms);
      res.loadCobre.push(load);
      res.phases.push(p);
      firstRun ??= run;
      console.log(
        `  run ${r + 1} cobre move: ${f1(s(run.ms))} s (load ${f2(load)}; start+schema ${f1(s(p.start))}, company rows ${f1(s(p.company))}, verify ${f1(s(p.verify))}, exit ${f1(s(p.exit))})`,
      );
      if (r === 0) {
        sizes = (await admin(base, (cl) => cl.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size($1)) AS size`, [name])))
          .rows[0].size;
      } else {
        await dropDb(base, name);
      }
    };
    const runBase = async (r: number) => {
      const name = `${PREFIX}b${r}`;
      await createDb(base, name);
      made.push(name);
      await admin(base, (c) => c.query('VACUUM ANALYZE'), baseSrc);
      await checkpoint();
      const load = load1();
      const run = await dumpRestore(dbUrl(base, baseSrc), dbUrl(base, name));
      const c = await counts(dbUrl(base, name));
      if (c.charges !== seed.charges || c.lines !== seed.lines)
        throw new Error(`pg_dump | psql: ${JSON.stringify(c)} in the target, expected ${JSON.stringify(seed)}`);
      res.base.push(run.ms);
      res.loadBase.push(load);
      console.log(`  run ${r + 1} pg_dump | psql: ${f1(s(run.ms))} s (load ${f2(load)})`);
      await dropDb(base, name);
    };
    for (let r = 0; r < runs; r++) {
      if (r % 2 === 0) {
        await runCobre(r);
        await runBase(r);
      } else {
        await runBase(r);
        await runCobre(r);
      }
    }

    const first = firstRun as Timed | null;
    if (first) {
      console.log(`\nrun 1 of cobre move, its output with the time since spawn:`);
      for (const l of first.lines) console.log(`  ${f1(s(l.at)).padStart(6)} s  ${l.text}`);
    }

    let diag: (string | number)[][] | null = null;
    let tdiag: (string | number)[][] | null = null;
    if (!values['no-diagnostics']) {
      console.log('\ndiagnostics (after the runs)…');
      diag = await diagnostics(dataDir, dbUrl(base, baseSrc));
      tdiag = await targetDiagnostics(dbUrl(base, baseSrc));
    }

    // 3. The tables.
    const m = (xs: number[]) => s(median(xs));
    const spread = (xs: number[]) => `${f1(s(Math.min(...xs)))}–${f1(s(Math.max(...xs)))}`;
    const ratio = median(res.cobre) / median(res.base);
    console.log(
      `\nmove benchmark: ${fmt(seed.charges)} charges with ${fmt(seed.lines)} lines (${fmt(seed.contracts)} customers and contracts, ` +
        `${MONTHS} billing runs), PGlite data directory ${du(dataDir)} → server PostgreSQL (${sizes} once moved); ${runs} runs per side, sides alternating\n`,
    );
    console.log(
      table([
        ['side', 'median (s)', 'min–max (s)', 'runs (s)', 'load avg (1 min) before'],
        [
          'Cobre: `cobre move --to` (PGlite → server, verified)',
          f1(m(res.cobre)),
          spread(res.cobre),
          res.cobre.map((x) => f1(s(x))).join(' / '),
          res.loadCobre.map(f2).join(' / '),
        ],
        [
          'baseline: `pg_dump | psql` (server → server)',
          f1(m(res.base)),
          spread(res.base),
          res.base.map((x) => f1(s(x))).join(' / '),
          res.loadBase.map(f2).join(' / '),
        ],
      ]),
    );
    console.log(`\nratio (Cobre median / baseline median): ${f2(ratio)}× — target ≤ 2×: ${ratio <= 2 ? 'met' : 'NOT met'}\n`);
    const ph = (k: keyof ReturnType<typeof phases>) => res.phases.map((p) => p[k]);
    console.log(
      table([
        ['cobre move phase (from its output lines)', 'median (s)', 'runs (s)'],
        [
          'start: node + tsx, open PGlite, count rows, schema + global rows',
          f1(m(ph('start'))),
          ph('start')
            .map((x) => f1(s(x)))
            .join(' / '),
        ],
        [
          "the company's rows (count, page ranges, COPY out in a worker thread while COPY in)",
          f1(m(ph('company'))),
          ph('company')
            .map((x) => f1(s(x)))
            .join(' / '),
        ],
        [
          'indexes + keys rebuilt while both sides are checksummed, migrate',
          f1(m(ph('verify'))),
          ph('verify')
            .map((x) => f1(s(x)))
            .join(' / '),
        ],
        [
          'close and exit',
          f1(m(ph('exit'))),
          ph('exit')
            .map((x) => f1(s(x)))
            .join(' / '),
        ],
      ]),
    );
    if (diag) console.log(`\n${table(diag)}`);
    if (tdiag) console.log(`\n${table(tdiag)}`);
  } finally {
    for (const name of made) await dropDb(base, name).catch(() => {});
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
