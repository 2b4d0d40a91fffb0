// `npm run bench -- pix-billing [--contracts 100000] [--runs 3] [--workers 2] [--only pix|plain] [--validate]` (real PostgreSQL)
// A billing run whose charges each get a dynamic Pix at the PSP (cobv, through the PSP simulator)
// against the same billing run without Pix, in the same run of the benchmark. PostgreSQL from
// DATABASE_URL (default its own database `cobre_bench_pix_billing`; emptied: DROP SCHEMA public).
//
// Per side and run, a fresh schema and the same seed: a tenant, N active contracts (the billing
// benchmark's seedBilling: a flat and a per-unit item each, usage on every other one) whose
// customers are given a CPF (a cobv needs the payer's document), billed on a reference date of
// today's day of the month (day 28 at most) so that every charge is due ahead (+10 days: cobv).
//  - Pix: a PSP connection made by the use case (createConnection; auto_charges, the default) to
//    the PSP simulator (test/support/psp-simulator.ts) running in this process, over mTLS with the
//    test PKI and OAuth2. `cobre worker` processes (billing jobs and every background loop,
//    among them the PSP sender) run the billing run; timed from the run's creation until the run
//    is finished AND every charge's PSP charge is active in Cobre (its cobv created at the PSP and
//    its location recorded), then checked against the simulator (one ATIVA cobv per charge).
//  - Plain: the same without a PSP connection; timed until the run is finished.
// The simulator validates nothing here (spec: null): checking every message against the API Pix
// document is for tests (--validate turns it on); its own CPU time is reported (this process's
// CPU during the Pix side, less what the plain side's polling cost).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../src/platform/db/open.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createTenant } from '../src/tenants/tenants.ts';
import { createBillingRun } from '../src/billing/runs/billing-runs.ts';
import { systemScope } from '../src/platform/scope.ts';
import { seedBilling } from '../test/support/seed-billing.ts';
import { cpfFrom } from '../test/support/app.ts';
import { ensureDatabase, median, serverNodeArgs, startProcess } from './_util.ts';
import { codeVersion } from './pix-webhooks.ts';

const root = join(import.meta.dirname, '..');
const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A reference date billing today's day of the month (at most the 28th), a period that started a month before, usage in it. */
function dates(): { reference: string; start: string; usage: string; billingDay: number } {
  const now = new Date();
  const day = Math.min(28, now.getUTCDate());
  const ref = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), day));
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, day));
  const usage = new Date(start.getTime() + 15 * 86_400_000);
  return { reference: iso(ref), start: iso(start), usage: iso(usage), billingDay: day };
}

interface SideResult {
  seconds: number;
  billingSeconds: number;
  charges: number;
  errors: number;
  pixActive?: number;
  pixFailed?: number;
  simCobv?: number;
  simAtiva?: number;
  lotes?: number;
  requests?: Record<string, number>;
  cpuSeconds: number;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function side(which: 'pix' | 'plain', url: string, n: number, workers: number, validate: boolean): Promise<SideResult> {
  const { startPspSimulator } = await import('../test/support/psp-simulator.ts');
  const { testPki } = await import('../test/support/psp-certs.ts');
  const { createConnection } = await import('../src/psp/connections.ts');
  const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const sim = which === 'pix' ? await startPspSimulator({ spec: validate ? undefined : null, pki: testPki() }) : null;
  const procs: ChildProcess[] = [];
  try {
    await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await migrate(db);
    const { tenant } = await db.transaction((tx) => createTenant(tx, { legal_name: 'Bench Faturamento Pix Ltda' }, new Date()));
    const d = dates();
    const t0 = performance.now();
    await seedBilling(db, tenant.id, {
      contracts: n,
      startDate: d.start,
      billingDay: d.billingDay,
      usageDate: d.usage,
      chunk: 20_000,
      at: new Date(),
    });
    // The same CPFs on both sides: a cobv needs the payer's document.
    for (let start = 0; start < n; start += 20_000) {
      const nums = Array.from({ length: Math.min(20_000, n - start) }, (_, i) => start + i + 1);
      await db.query(
        `UPDATE customers c SET document_kind = 'cpf', document = u.doc FROM unnest($2::int8[], $3::text[]) AS u(num, doc) WHERE c.tenant_id = $1 AND c.number = u.num`,
        [tenant.id, nums, nums.map((k) => cpfFrom(k + 1000))],
      );
    }
    for (const t of ['customers', 'contracts', 'contract_items', 'usage_records', 'services', 'service_prices'])
      await db.exec(`VACUUM ANALYZE ${t}`);
    if (sim) {
      const pki = testPki();
      await db.transaction((tx) =>
        createConnection(tx, systemScope(tenant.id, new Date()), {
          name: 'PSP simulador',
          base_url: sim.baseUrl,
          client_id: sim.clientId,
          client_secret: sim.clientSecret,
          certificate: { format: 'pem', cert_pem: pki.client.certPem, key_pem: pki.client.keyPem },
          ca_pem: pki.ca.certPem,
          pix_key: sim.chave,
        } as never),
      );
    }
    process.stderr.write(`  ${which}: seeded ${fmt(n)} contracts in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const env = {
      DATABASE_URL: url,
      LOG_LEVEL: 'warn',
      COBRE_SCHEDULER: 'false',
      COBRE_DB_POOL_SIZE: '4',
      COBRE_PUBLIC_URL: 'http://cobre.bench',
      COBRE_SECRET_KEY: process.env.COBRE_SECRET_KEY,
      // Experiments: COBRE_PSP_POLL_MS=600000 with BENCH_STOP_AT_BILLING=1 times the billing run with the PSP sender idle.
      ...(process.env.COBRE_PSP_POLL_MS ? { COBRE_PSP_POLL_MS: process.env.COBRE_PSP_POLL_MS } : {}),
    };
    for (let i = 0; i < workers; i++)
      procs.push(await startProcess([...serverNodeArgs(), join(root, 'bin/cobre.js'), 'worker'], env, { readyText: 'worker running' }));
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const run = (await db.transaction((tx) =>
      createBillingRun(tx, systemScope(tenant.id, new Date()), { reference_date: d.reference, trigger: 'cli' }),
    ))!;
    let billingSeconds = 0;
    let last = '';
    // Polling must not load the side it measures: while the run bills, only its row (as on the plain
    // side); then the simulator's own count (in memory); only when the PSP holds every cobv, Cobre's
    // pending PSP charges, 4 times a second (a count over up to N rows).
    for (;;) {
      const { rows } = await db.query<{ status: string; processed: number; charges: number }>(
        `SELECT status, processed_contracts AS processed, charges_created AS charges FROM billing_runs WHERE tenant_id = $1 AND id = $2`,
        [tenant.id, run.id],
      );
      const r = rows[0];
      const secs = (performance.now() - started) / 1000;
      const atPsp = sim ? sim.cobvs.size : 0;
      let done = r.status === 'finished' && !sim;
      if (r.status === 'finished' && !billingSeconds) billingSeconds = secs;
      if (r.status === 'finished' && sim && atPsp >= r.charges) {
        const { rows: p } = await db.query<{ pending: number }>(
          `SELECT count(*)::int AS pending FROM pix_charges WHERE tenant_id = $1 AND status = 'pending'`,
          [tenant.id],
        );
        done = p[0].pending === 0;
      }
      const line = `  ${which}: ${Math.floor((10 * r.processed) / n) * 10}% billed${sim ? `, ${Math.floor((10 * atPsp) / n) * 10}% of the cobv at the PSP` : ''}`;
      if (line !== last) process.stderr.write(`${line} (${secs.toFixed(0)} s)\n`);
      last = line;
      if (done || (process.env.BENCH_STOP_AT_BILLING && r.status === 'finished')) break;
      if (secs > 3600) throw new Error(`${which}: not done after an hour: ${JSON.stringify({ ...r, atPsp })}`);
      await new Promise((res) => setTimeout(res, r.status === 'finished' && sim && atPsp >= r.charges ? 250 : 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    for (const p of procs) await stop(p);
    procs.length = 0;
    const { rows: c } = await db.query<{ charges: number; errors: number; active: number; failed: number }>(
      `SELECT (SELECT count(*)::int FROM charges WHERE tenant_id = $1) AS charges,
              (SELECT error_count FROM billing_runs WHERE tenant_id = $1 AND id = $2)::int AS errors,
              (SELECT count(*)::int FROM pix_charges WHERE tenant_id = $1 AND status = 'active' AND pix_copia_e_cola IS NOT NULL AND location IS NOT NULL) AS active,
              (SELECT count(*)::int FROM pix_charges WHERE tenant_id = $1 AND status = 'failed') AS failed`,
      [tenant.id, run.id],
    );
    const out: SideResult = {
      seconds,
      billingSeconds,
      charges: c[0].charges,
      errors: c[0].errors,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    if (sim) {
      const requests: Record<string, number> = {};
      for (const r of sim.requests) {
        const key = `${r.method} ${r.path.replace(/\/(\d+|[A-Za-z0-9]{20,})$/, '/{id}')}`;
        requests[key] = (requests[key] ?? 0) + 1;
      }
      Object.assign(out, {
        pixActive: c[0].active,
        pixFailed: c[0].failed,
        simCobv: sim.cobvs.size,
        simAtiva: [...sim.cobvs.values()].filter((x) => x.status === 'ATIVA').length,
        lotes: sim.lotes.size,
        requests,
      });
      if (validate && sim.violations.length)
        process.stderr.write(`  simulator violations (${sim.violations.length}): ${sim.violations.slice(0, 3).join(' | ')}\n`);
    }
    return out;
  } finally {
    for (const p of procs) await stop(p);
    await sim?.stop();
    await db.close();
  }
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      contracts: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      workers: { type: 'string', default: '2' },
      only: { type: 'string' },
      validate: { type: 'boolean', default: false },
    },
  });
  const n = Number(values.contracts);
  const runs = Number(values.runs);
  const workers = Number(values.workers);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_pix_billing';
  await ensureDatabase(url);
  if (!process.env.COBRE_SECRET_KEY) process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  console.log(
    `code: ${codeVersion()}; database: ${url}; ${fmt(n)} contracts, ${workers} worker processes, ${runs} run(s) per side; simulator validation ${values.validate ? 'ON' : 'off'}`,
  );
  const results: { pix?: SideResult; plain?: SideResult; loadPix: string; loadPlain: string }[] = [];
  for (let run = 0; run < runs; run++) {
    const loadPlain = la();
    const plain = values.only === 'pix' ? undefined : await side('plain', url, n, workers, values.validate!);
    const loadPix = la();
    const pix = values.only === 'plain' ? undefined : await side('pix', url, n, workers, values.validate!);
    results.push({ pix, plain, loadPix, loadPlain });
    const parts: string[] = [];
    if (plain)
      parts.push(`without Pix ${fmt(plain.seconds, 1)} s (${fmt(plain.charges)} charges, ${plain.errors} errors, load ${loadPlain})`);
    if (pix) {
      const ok = pix.pixActive === pix.charges && pix.simAtiva === pix.charges && pix.pixFailed === 0;
      parts.push(
        `with Pix ${fmt(pix.seconds, 1)} s (billing run finished at ${fmt(pix.billingSeconds, 1)} s; ${fmt(pix.charges)} charges, ${pix.errors} errors; ${fmt(pix.pixActive!)} Pix active in Cobre, ${pix.pixFailed} failed; ` +
          `simulator: ${fmt(pix.simAtiva!)} ATIVA cobv of ${fmt(pix.simCobv!)}, ${pix.lotes} lotes, requests ${JSON.stringify(pix.requests)}; CPU of this process (simulator + polling) ${fmt(pix.cpuSeconds, 1)} s; load ${loadPix}) ${ok ? 'checks ok' : 'CHECKS FAILED'}`,
      );
      if (!ok) process.exitCode = 1;
    }
    if (plain && pix) parts.push(`→ ${(pix.seconds / plain.seconds).toFixed(2)}×; plain side's polling CPU ${fmt(plain.cpuSeconds, 1)} s`);
    console.log(`run ${run + 1}/${runs}: ${parts.join('; ')}`);
  }
  const have = (k: 'pix' | 'plain') => results.filter((r) => r[k]).map((r) => r[k]!);
  const all = (xs: number[], d = 1) => xs.map((x) => fmt(x, d)).join(' / ');
  const rows: string[][] = [['measure', 'median', 'runs', 'target']];
  if (have('plain').length)
    rows.push([
      'billing run without Pix (s)',
      fmt(median(have('plain').map((r) => r.seconds)), 1),
      all(have('plain').map((r) => r.seconds)),
      '',
    ]);
  if (have('pix').length) {
    rows.push([
      'billing run with Pix, until every cobv is active (s)',
      fmt(median(have('pix').map((r) => r.seconds)), 1),
      all(have('pix').map((r) => r.seconds)),
      '',
    ]);
    rows.push([
      '  of which: billing run finished at (s)',
      fmt(median(have('pix').map((r) => r.billingSeconds)), 1),
      all(have('pix').map((r) => r.billingSeconds)),
      '',
    ]);
    rows.push([
      '  simulator CPU (this process, less plain polling) (s)',
      '',
      all(results.filter((r) => r.pix).map((r) => r.pix!.cpuSeconds - (r.plain?.cpuSeconds ?? 0))),
      '',
    ]);
  }
  const both = results.filter((r) => r.pix && r.plain);
  if (both.length)
    rows.push([
      'ratio with / without Pix',
      `${median(both.map((r) => r.pix!.seconds / r.plain!.seconds)).toFixed(2)}×`,
      all(
        both.map((r) => r.pix!.seconds / r.plain!.seconds),
        2,
      ),
      '≤ 1.5×',
    ]);
  rows.push([
    'load average before without / with Pix',
    '',
    results.map((r) => `${r.loadPlain.split(' ')[0]}/${r.loadPix.split(' ')[0]}`).join(', '),
    '',
  ]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(
    `\npix-billing benchmark: ${fmt(n)} contracts (2 items each, half with consumption), ${workers} worker processes, medians of ${runs} run(s)`,
  );
  console.log([line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
  if (both.length)
    console.log(
      `target (≤ 1.5× the billing run without Pix): ${median(both.map((r) => r.pix!.seconds / r.plain!.seconds)) <= 1.5 ? 'met' : 'NOT met'}`,
    );
}
