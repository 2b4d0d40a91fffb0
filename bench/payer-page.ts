// `npm run bench -- payer-page [--charges 20000] [--runs 3] [--duration 10]`
// The payer's page, GET /pagar/{token}, at 50 connections (autocannon), against a bare route
// reading the same row in the same run. Embedded PGlite (a data directory of its own under /tmp)
// unless DATABASE_URL is set (server PostgreSQL; the database is emptied: DROP SCHEMA public).
//
// Setup (once): a tenant, an Itaú collection account with a Pix key, N customers (CPF, billing
// address) and N open boleto charges of one line (set-based SQL), their boletos issued with the
// carnê's set-based ensureChargeBoletos (a page view of a charge that has none would issue it), and
// one live payer link per charge (bulk INSERT, tokens from newToken). Requests pick a random token
// among the N for each request (not one hot row).
// Per run: `node bin/cobre.js serve` pinned to core 0 (taskset; autocannon runs here, on the
// other core), the per-IP rate limit of /pagar raised out of the way (COBRE_PAYER_PAGE_RATE_LIMIT
// = 1,000,000,000 a minute: every request comes from 127.0.0.1); 2 s of warm-up, then D seconds
// measured. Then the baseline on the same core and database: a bare Fastify route (this file,
// --baseline-server) that takes the tenant from the token, reads the charge row through the link
// (one SELECT by tenant and token, the same driver: PGlite or a pg pool of 20) and answers a small
// HTML page.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import type autocannon from 'autocannon';
import { ensureDatabase, load, median, serverNodeArgs, startProcess, type LoadResult } from './_util.ts';
import { createBenchTenant, insertPayersAndCharges, setCounters } from './_seed.ts';

const root = join(import.meta.dirname, '..');

async function baselineServer(): Promise<void> {
  const Fastify = (await import('fastify')).default;
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { tenantOfToken } = await import('../src/payer-page/links.ts');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.COBRE_DATA_DIR, poolSize: 20 });
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const app = Fastify();
  app.get('/pagar/:token', async (req, reply) => {
    const token = (req.params as { token: string }).token;
    const tenantId = tenantOfToken(token);
    if (!tenantId) return reply.code(404).type('text/html; charset=utf-8').send('<p>não encontrado</p>');
    const { rows } = await db.query<{ number: number; description: string | null; amount_cents: number; due_date: string; status: string }>(
      `SELECT ch.* FROM payer_links l JOIN charges ch ON ch.tenant_id = l.tenant_id AND ch.id = l.target_id
       WHERE l.tenant_id = $1 AND l.token = $2 AND l.revoked_at IS NULL`,
      [tenantId, token],
    );
    const c = rows[0];
    if (!c) return reply.code(404).type('text/html; charset=utf-8').send('<p>não encontrado</p>');
    return reply
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Cobrança ${c.number}</title><h1>Cobrança nº ${c.number}</h1><p>${esc(c.description ?? '')}</p><p>Valor: R$ ${(Number(c.amount_cents) / 100).toFixed(2)} — vencimento ${c.due_date} — ${c.status}</p></html>`,
      );
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

/** Tenant, collection account, N payers, charges, boletos and links; returns the tokens. */
async function setup(target: { databaseUrl?: string; dataDir?: string }, count: number): Promise<string[]> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { systemClock } = await import('../src/platform/clock.ts');
  const { ensureChargeBoletos } = await import('../src/boleto/boletos.ts');
  const { newToken } = await import('../src/payer-page/links.ts');
  const { uuidv7 } = await import('../src/platform/ids.ts');
  const db = await openDatabase({ ...target, poolSize: 8 });
  if (target.databaseUrl) await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenantId, scope } = await createBenchTenant(db, 'Bench Página do Pagador Ltda');
  const tokens: string[] = [];
  const chunk = 2000;
  for (let start = 0; start < count; start += chunk) {
    const numbers = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => start + i + 1);
    const tok = numbers.map(() => newToken(tenantId));
    await db.transaction(async (tx) => {
      const { chargeIds } = await insertPayersAndCharges(tx, tenantId, numbers, { withEmail: false });
      await tx.query(
        `INSERT INTO payer_links (tenant_id, id, kind, target_id, token, created_at)
         SELECT $1, u.id, 'charge', u.target, u.token, $2 FROM unnest($3::uuid[], $4::uuid[], $5::text[]) AS u(id, target, token)`,
        [tenantId, new Date().toISOString(), numbers.map(() => uuidv7()), chargeIds, tok],
      );
      await ensureChargeBoletos(tx, scope, chargeIds, { today: systemClock.today() });
    });
    tokens.push(...tok);
  }
  await setCounters(db, tenantId, count, ['customer', 'customer_address', 'charge']);
  await db.exec('ANALYZE');
  await db.close();
  return tokens;
}

const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--baseline-server') return baselineServer();
  const { values } = parseArgs({
    args: argv,
    options: {
      charges: { type: 'string', default: '20000' },
      runs: { type: 'string', default: '3' },
      duration: { type: 'string', default: '10' },
      keep: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.charges);
  const runs = Number(values.runs);
  const duration = Number(values.duration);
  const target = process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: mkdtempSync(join(tmpdir(), 'cobre-bench-payer-page-')) };
  if (target.databaseUrl) await ensureDatabase(target.databaseUrl);
  console.log(
    `database: ${target.databaseUrl ?? `PGlite ${target.dataDir}`}; ${count.toLocaleString('en')} charges with payer links, ${runs} run(s), ${duration} s each, 50 connections`,
  );
  const t0 = performance.now();
  const tokens = await setup(target, count);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (values['seed-only']) return; // --seed-only: seed and stop, leaving the database (PGlite: the directory printed above) for profiling
  const dbEnv = target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { COBRE_DATA_DIR: target.dataDir!, DATABASE_URL: '' };
  const env = {
    ...dbEnv,
    LOG_LEVEL: 'warn',
    COBRE_RUN_WORKERS: 'false',
    COBRE_SCHEDULER: 'false',
    COBRE_DEMO_TENANT: 'false',
    COBRE_DB_POOL_SIZE: '20',
    COBRE_PAYER_PAGE_RATE_LIMIT: '1000000000',
    COBRE_PUBLIC_URL: 'http://cobre.bench',
  };
  const pick = () => tokens[Math.floor(Math.random() * tokens.length)];
  const measure = async (port: number, check: string): Promise<LoadResult> => {
    const first = await fetch(`http://127.0.0.1:${port}/pagar/${tokens[0]}`);
    const body = await first.text();
    if (first.status !== 200 || !body.includes(check))
      throw new Error(`GET /pagar/{token} on ${port} → ${first.status}: ${body.slice(0, 300)}`);
    const opts = {
      url: `http://127.0.0.1:${port}`,
      connections: 50,
      requests: [{ method: 'GET' as const, setupRequest: (req: autocannon.Request) => ({ ...req, path: `/pagar/${pick()}` }) }],
    };
    await load({ ...opts, duration: 2 });
    return load({ ...opts, duration });
  };
  const results: { cobre: LoadResult; base: LoadResult; loadCobre: string; loadBase: string }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const loadCobre = la();
      let child = await startProcess(
        [...serverNodeArgs(), join(root, 'bin/cobre.js'), 'serve'],
        { ...env, PORT: '3161' },
        { cpus: '0', readyUrl: 'http://127.0.0.1:3161/readyz' },
      );
      let cobre: LoadResult;
      try {
        cobre = await measure(3161, 'Mensalidade 1<');
      } finally {
        await stop(child);
      }
      const loadBase = la();
      child = await startProcess(
        ['--import', 'tsx', join(root, 'bench/run.ts'), 'payer-page', '--baseline-server'],
        { ...env, PORT: '3162' },
        { cpus: '0', readyText: 'ready' },
      );
      let base: LoadResult;
      try {
        base = await measure(3162, 'Mensalidade 1<');
      } finally {
        await stop(child);
      }
      results.push({ cobre, base, loadCobre, loadBase });
      console.log(
        `run ${run + 1}/${runs}: Cobre ${fmt(cobre.rps)} req/s p50 ${cobre.p50} ms p99 ${cobre.p99} ms (${cobre.errors} errors (socket errors or 10 s timeouts), ${cobre.non2xx} non-2xx, load ${loadCobre}); ` +
          `bare route ${fmt(base.rps)} req/s p50 ${base.p50} ms p99 ${base.p99} ms (${base.errors} errors, ${base.non2xx} non-2xx, load ${loadBase}) → ${(cobre.rps / base.rps).toFixed(2)}×`,
      );
    }
  } finally {
    if (target.dataDir && !values.keep) rmSync(target.dataDir, { recursive: true, force: true });
  }
  const med = (f: (r: (typeof results)[number]) => number) => median(results.map(f));
  const all = (f: (r: (typeof results)[number]) => number, d = 0) => results.map((r) => fmt(f(r), d)).join(' / ');
  const ratio = (r: (typeof results)[number]) => r.cobre.rps / r.base.rps;
  console.log(
    `\npayer-page benchmark (${target.databaseUrl ? 'PostgreSQL' : 'PGlite'}): ${count.toLocaleString('en')} tokens, 50 connections, ${duration} s, medians of ${runs} run(s)`,
  );
  const rows = [
    ['measure', 'median', 'runs', 'target'],
    ['Cobre GET /pagar/{token}: req/s', fmt(med((r) => r.cobre.rps)), all((r) => r.cobre.rps), ''],
    ['Cobre: p50 / p99 ms', `${med((r) => r.cobre.p50)} / ${med((r) => r.cobre.p99)}`, all((r) => r.cobre.p99), ''],
    ['bare route, same row: req/s', fmt(med((r) => r.base.rps)), all((r) => r.base.rps), ''],
    ['bare route: p50 / p99 ms', `${med((r) => r.base.p50)} / ${med((r) => r.base.p99)}`, all((r) => r.base.p99), ''],
    ['ratio (req/s)', `${med(ratio).toFixed(2)}×`, all(ratio, 2), '≥ 0.5×'],
    [
      'errors (socket or 10 s timeout) Cobre / bare',
      `${results.reduce((s, r) => s + r.cobre.errors, 0)} / ${results.reduce((s, r) => s + r.base.errors, 0)}`,
      all((r) => r.cobre.errors),
      '',
    ],
    [
      'non-2xx Cobre / bare',
      `${results.reduce((s, r) => s + r.cobre.non2xx, 0)} / ${results.reduce((s, r) => s + r.base.non2xx, 0)}`,
      '',
      '',
    ],
    ['load average before Cobre / bare', '', results.map((r) => `${r.loadCobre.split(' ')[0]}/${r.loadBase.split(' ')[0]}`).join(', '), ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
  console.log(`target (≥ 0.5× the bare route's req/s): ${med(ratio) >= 0.5 ? 'met' : 'NOT met'}`);
}
