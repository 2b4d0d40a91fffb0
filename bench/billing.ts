// `npm run bench -- billing [--contracts 1000000] [--workers 2]` (real PostgreSQL)
// Seeds N active contracts (two items each, half with consumption), runs a full billing run with
// `cobre worker` processes and times it; then, in the same run, the baseline: COPY of the very same
// charge and line rows into empty tables with the same indexes. Prints charges/s and the ratio.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { openDatabase } from '../src/platform/db/open.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createTenant } from '../src/tenants/tenants.ts';
import { createBillingRun } from '../src/billing/runs/billing-runs.ts';
import { seedBilling } from '../test/support/seed-billing.ts';
import { copyIntoEmptyCopy, serverNodeArgs, startProcess, table } from './_util.ts';
import { ensureDatabase } from './_util.ts';

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { contracts: { type: 'string', default: '1000000' }, workers: { type: 'string', default: '2' } },
  });
  const n = Number(values.contracts);
  const workers = Number(values.workers);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_billing';
  await ensureDatabase(url);
  const db = await openDatabase({ databaseUrl: url });
  console.log(`database: ${url}`);
  await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenant } = await db.transaction((tx) => createTenant(tx, { legal_name: 'Bench Faturamento Ltda' }, new Date()));
  console.log(`seeding ${n.toLocaleString('en')} contracts…`);
  const t0 = Date.now();
  await seedBilling(db, tenant.id, {
    contracts: n,
    startDate: '2026-10-05',
    billingDay: 5,
    usageDate: '2026-10-20',
    chunk: 20_000,
    at: new Date(),
  });
  for (const t of ['customers', 'contracts', 'contract_items', 'usage_records', 'services', 'service_prices'])
    await db.exec(`VACUUM ANALYZE ${t}`);
  console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const scope = {
    tenantId: tenant.id,
    accountId: tenant.id,
    mode: 'live' as const,
    actor: { type: 'system' as const, id: null },
    now: new Date(),
  };
  const root = join(import.meta.dirname, '..');
  const env = { DATABASE_URL: url, LOG_LEVEL: 'warn', COBRE_SCHEDULER: 'false', COBRE_DB_POOL_SIZE: '4' };
  const procs = [];
  for (let i = 0; i < workers; i++)
    procs.push(await startProcess([...serverNodeArgs(), join(root, 'bin/cobre.js'), 'worker'], env, { readyText: 'worker running' }));
  const started = performance.now();
  const run = (await db.transaction((tx) => createBillingRun(tx, scope, { reference_date: '2026-11-05', trigger: 'cli' })))!;
  let last = '';
  for (;;) {
    const { rows } = await db.query<{ status: string; processed_contracts: number; charges_created: number; error_count: number }>(
      'SELECT status, processed_contracts, charges_created, error_count FROM billing_runs WHERE tenant_id = $1 AND id = $2',
      [tenant.id, run.id],
    );
    const r = rows[0];
    // A progress line in place on a terminal; every tenth otherwise (logs).
    const line = process.stderr.isTTY ? `${r.processed_contracts}/${n}` : `${Math.floor((10 * r.processed_contracts) / n) * 10}%`;
    if (line !== last)
      process.stderr.write(
        process.stderr.isTTY ? `\r  billing… ${line}   ` : `  billing… ${line} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    last = line;
    if (r.status === 'finished') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write('\n');
  for (const p of procs) p.kill('SIGTERM');
  const { rows: counts } = await db.query<{ charges: number; lines: number; errors: number }>(
    `SELECT (SELECT count(*)::int8 FROM charges WHERE tenant_id = $1) AS charges, (SELECT count(*)::int8 FROM charge_lines WHERE tenant_id = $1) AS lines,
            (SELECT error_count FROM billing_runs WHERE tenant_id = $1 AND id = $2)::int8 AS errors`,
    [tenant.id, run.id],
  );
  await db.close();

  console.log('baseline: COPY of the same rows into empty copies of the tables…');
  const charges = await copyIntoEmptyCopy(url, 'charges', `tenant_id = '${tenant.id}'`);
  const lines = await copyIntoEmptyCopy(url, 'charge_lines', `tenant_id = '${tenant.id}'`);
  const copySeconds = (charges.ms + lines.ms) / 1000;
  const c = counts[0];
  console.log(
    `\nbilling benchmark: ${n.toLocaleString('en')} active contracts (2 items each, half with consumption), ${workers} worker processes`,
  );
  console.log(
    table([
      ['measure', 'Cobre billing run', 'baseline: COPY of the same rows', 'ratio (Cobre / baseline)', 'target'],
      ['wall time (s)', seconds.toFixed(1), copySeconds.toFixed(1), (seconds / copySeconds).toFixed(2), '≤ 120 s'],
      [
        'charges/s (with lines)',
        Math.round(c.charges / seconds).toLocaleString('en'),
        Math.round(charges.rows / copySeconds).toLocaleString('en'),
        (c.charges / seconds / (charges.rows / copySeconds)).toFixed(2),
        '≥ 8,000/s',
      ],
      ['charges', c.charges.toLocaleString('en'), charges.rows.toLocaleString('en'), '', ''],
      ['charge lines', c.lines.toLocaleString('en'), lines.rows.toLocaleString('en'), '', ''],
      ['contracts in error', c.errors, '', '', '0'],
    ]),
  );
}
