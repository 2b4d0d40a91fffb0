// `npm run bench -- import [--rows 100000] [--runs 3] [--batch-concurrency 4] [--batch-only]` (real PostgreSQL)
//
// Database: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/cobre_bench_import — a database
// of its own (created if missing), because the server under test runs the job workers: in a
// database shared with other benchmarks, their servers would claim this import job (and this
// server theirs), and neither the time nor the peak memory would be this import's.
//
// 1. End to end: upload a 100,000-row consumption XLSX to `cobre serve` (a child process with
//    DATABASE_URL, workers in-process), poll until the import job is done, check the rows are
//    stored. Target ≤ 15 s, and the server's peak RSS (VmHWM from /proc) < 512 MB. Measured for
//    mode=valid_rows (chunks of 1000, each its own transaction) and mode=all_or_nothing (one
//    transaction).
// 2. The batch API: the same rows as POST /v1/consumption/batch requests of 1000 records.
//    Target ≥ 20,000 records/s.
// 3. Baseline, same run: COPY … FROM STDIN (pg-copy-streams) of the same rows, ids already
//    resolved, into the same table with its indexes.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../src/platform/db/open.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import type { Db } from '../src/platform/db/types.ts';
import { createTenant } from '../src/tenants/tenants.ts';
import { uuidv7 } from '../src/platform/ids.ts';
import { writeWorkbook } from '../src/platform/spreadsheet/index.ts';
import { CONSUMPTION_COLUMNS } from '../src/imports/columns.ts';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { ensureDatabase, median, serverNodeArgs, startProcess, table } from './_util.ts';

const CONTRACTS = 1000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function rowOf(i: number, prefix: string, numbers: number[]) {
  return {
    contract: String(numbers[i % CONTRACTS]),
    quantity: `${(i % 5000) + 1}.${String(i % 1000).padStart(3, '0')}`,
    reference_date: `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    description: `Leitura ${i}`,
    external_id: `${prefix}-${i}`,
  };
}

async function xlsxOf(rows: number, prefix: string, numbers: number[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  const ended = new Promise((r) => out.on('end', r));
  await writeWorkbook(
    CONSUMPTION_COLUMNS,
    (function* () {
      for (let i = 0; i < rows; i++) yield rowOf(i, prefix, numbers);
    })(),
    out,
  );
  await ended;
  return Buffer.concat(chunks);
}

function vmHwmMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function usageCount(db: Db, tenantId: string): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM usage_records WHERE tenant_id = $1', [tenantId])).rows[0].n;
}

async function clearUsage(db: Db, tenantId: string): Promise<void> {
  await db.query('DELETE FROM usage_records WHERE tenant_id = $1', [tenantId]);
  await db.query(`DELETE FROM events WHERE tenant_id = $1 AND resource_type IN ('consumption', 'import')`, [tenantId]);
  await db.query(`DELETE FROM imports WHERE tenant_id = $1`, [tenantId]);
  await db.exec('VACUUM ANALYZE usage_records');
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      'batch-concurrency': { type: 'string', default: '4' },
      'batch-only': { type: 'boolean', default: false },
    },
  });
  const ROWS = Number(values.rows);
  const runs = Number(values.runs);
  const concurrency = Number(values['batch-concurrency']);
  const batchOnly = values['batch-only'];
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_import';
  console.log(`database: ${url}`);
  await ensureDatabase(url);
  const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrate(db);

  // A tenant of its own (other benchmarks may share the database): 1000 contracts of one service.
  const { tenant, liveKey } = await db.transaction((tx) => createTenant(tx, { legal_name: `Bench Import ${Date.now()}` }, new Date()));
  const tenantId = tenant.id;
  const customerId = uuidv7();
  const serviceId = uuidv7();
  await db.query(`INSERT INTO customers (tenant_id, id, number, person_type, name) VALUES ($1, $2, 1, 'PJ', 'Cliente Bench Ltda')`, [
    tenantId,
    customerId,
  ]);
  await db.query(
    `INSERT INTO services (tenant_id, id, number, code, name, unit, pricing_model, billing_period) VALUES ($1, $2, 1, 'ENERGIA', 'Energia', 'kWh', 'per_unit', 'monthly')`,
    [tenantId, serviceId],
  );
  await db.query(
    `INSERT INTO service_prices (tenant_id, id, service_id, effective_from, pricing_model, price_cents) VALUES ($1, $2, $3, '2026-01-01', 'per_unit', 75)`,
    [tenantId, uuidv7(), serviceId],
  );
  const contractIds = Array.from({ length: CONTRACTS }, () => uuidv7());
  const itemIds = Array.from({ length: CONTRACTS }, () => uuidv7());
  const numbers = Array.from({ length: CONTRACTS }, (_, i) => 1001 + i);
  await db.query(
    `INSERT INTO contracts (tenant_id, id, number, customer_id, status, start_date, billing_day)
     SELECT $1, c.id, c.n, $2, 'active', '2026-01-01', 10 FROM unnest($3::uuid[], $4::int8[]) AS c(id, n)`,
    [tenantId, customerId, contractIds, numbers],
  );
  await db.query(
    `INSERT INTO contract_items (tenant_id, id, contract_id, service_id) SELECT $1, i.id, i.cid, $2 FROM unnest($3::uuid[], $4::uuid[]) AS i(id, cid)`,
    [tenantId, serviceId, itemIds, contractIds],
  );
  await db.exec('ANALYZE contracts; ANALYZE contract_items');

  const root = join(import.meta.dirname, '..');
  // Workers on (they run the import); the daily billing tick off: it is not what is measured.
  const env = {
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    COBRE_RUN_WORKERS: 'true',
    COBRE_SCHEDULER: 'false',
    COBRE_DEMO_TENANT: 'false',
    COBRE_DB_POOL_SIZE: '10',
  };
  const base = 'http://127.0.0.1:3131';
  const auth = { authorization: `Bearer ${liveKey.secret}` };
  const res = {
    valid: [] as number[],
    aon: [] as number[],
    rssValid: [] as number[],
    rssAon: [] as number[],
    batch: [] as number[],
    baseline: [] as number[],
  };

  for (let run = 0; run < runs; run++) {
    console.log(`run ${run + 1}/${runs}: generating the XLSX…`);
    const file = await xlsxOf(ROWS, `r${run}-${Date.now()}`, numbers);
    console.log(`  ${(file.length / 1024 / 1024).toFixed(1)} MB`);

    for (const mode of ['valid_rows', 'all_or_nothing'] as const) {
      // --batch-only: measure the batch API alone (for profiling it).
      if (batchOnly && mode === 'valid_rows') continue;
      await clearUsage(db, tenantId);
      // A fresh server per measurement, so VmHWM is this import's peak.
      const child: ChildProcess = await startProcess(
        [...serverNodeArgs(), join(root, 'bin/cobre.js'), 'serve'],
        { ...env, PORT: '3131' },
        { readyUrl: `${base}/readyz` },
      );
      let serverLog = '';
      child.stderr!.on('data', (d) => (serverLog = (serverLog + d).slice(-4000)));
      child.stdout!.on('data', (d) => (serverLog = (serverLog + d).slice(-4000)));
      const exited = new Promise((r) => child.once('exit', r));
      try {
        if (!batchOnly) {
          const t0 = performance.now();
          const up = await fetch(`${base}/v1/imports?entity=consumption&mode=${mode}&filename=bench.xlsx`, {
            method: 'POST',
            headers: { ...auth, 'content-type': XLSX },
            body: new Blob([new Uint8Array(file)]),
          });
          if (up.status !== 202) throw new Error(`upload: ${up.status} ${await up.text()}`);
          const { id } = (await up.json()) as { id: string };
          let state: { status: string; counts: { created: number; invalid_rows: number }; failure: unknown };
          for (;;) {
            if (performance.now() - t0 > 180_000) throw new Error(`import ${mode} did not finish in 180 s: ${JSON.stringify(state!)}`);
            await new Promise((r) => setTimeout(r, 100));
            state = (await (await fetch(`${base}/v1/imports/${id}`, { headers: auth })).json()) as typeof state;
            if (state.status === 'completed' || state.status === 'failed') break;
          }
          const seconds = (performance.now() - t0) / 1000;
          const rss = vmHwmMb(child.pid!);
          const stored = await usageCount(db, tenantId);
          if (state.status !== 'completed' || stored !== ROWS)
            throw new Error(`import ${mode}: ${JSON.stringify(state)}; stored ${stored}`);
          console.log(`  import ${mode}: ${seconds.toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB`);
          (mode === 'valid_rows' ? res.valid : res.aon).push(seconds);
          (mode === 'valid_rows' ? res.rssValid : res.rssAon).push(rss);
        }

        if (mode === 'all_or_nothing') {
          // The batch API on the same server, same rows (new external ids), batches of 1000.
          await clearUsage(db, tenantId);
          const prefix = `b${run}-${Date.now()}`;
          const bodies: string[] = [];
          for (let start = 0; start < ROWS; start += 1000) {
            const records = [];
            for (let i = start; i < Math.min(ROWS, start + 1000); i++) {
              const r = rowOf(i, prefix, numbers);
              records.push({
                contract_id: contractIds[i % CONTRACTS],
                quantity: r.quantity,
                reference_date: r.reference_date,
                description: r.description,
                external_id: r.external_id,
              });
            }
            bodies.push(JSON.stringify({ records }));
          }
          let next = 0;
          const b0 = performance.now();
          await Promise.all(
            Array.from({ length: concurrency }, async () => {
              while (next < bodies.length) {
                const body = bodies[next++];
                const r = await fetch(`${base}/v1/consumption/batch`, {
                  method: 'POST',
                  headers: { ...auth, 'content-type': 'application/json' },
                  body,
                });
                if (r.status !== 201) throw new Error(`batch: ${r.status} ${(await r.text()).slice(0, 300)}`);
                await r.arrayBuffer();
              }
            }),
          );
          const rate = ROWS / ((performance.now() - b0) / 1000);
          if ((await usageCount(db, tenantId)) !== ROWS) throw new Error('batch rows missing');
          console.log(`  batch API: ${Math.round(rate)} records/s`);
          res.batch.push(rate);
        }
      } catch (err) {
        if (child.exitCode !== null || child.signalCode !== null)
          console.error(`server exited (${child.exitCode ?? child.signalCode}):\n${serverLog}`);
        throw err;
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      }
    }

    // Baseline: the same rows, resolved, in one INSERT … SELECT FROM unnest statement.
    await clearUsage(db, tenantId);
    // Baseline: COPY … FROM STDIN of the same rows, ids already resolved, into the same table.
    const prefix = `base${run}-${Date.now()}`;
    const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const r = rowOf(i, prefix, numbers);
      lines.push(
        [
          tenantId,
          uuidv7(),
          contractIds[i % CONTRACTS],
          itemIds[i % CONTRACTS],
          customerId,
          serviceId,
          r.quantity,
          r.reference_date,
          esc(r.description),
          esc(r.external_id),
        ].join('\t') + '\n',
      );
    }
    const copyClient = new pg.Client({ connectionString: url });
    await copyClient.connect();
    const s0 = performance.now();
    await pipeline(
      Readable.from(lines),
      copyClient.query(
        copyFrom(
          `COPY usage_records (tenant_id, id, contract_id, contract_item_id, customer_id, service_id, quantity, reference_date, description, external_id) FROM STDIN`,
        ),
      ),
    );
    const baseSeconds = (performance.now() - s0) / 1000;
    await copyClient.end();
    if ((await usageCount(db, tenantId)) !== ROWS) throw new Error('baseline rows missing');
    console.log(`  baseline (COPY): ${baseSeconds.toFixed(2)} s`);
    res.baseline.push(baseSeconds);
  }
  await clearUsage(db, tenantId);
  await db.close();

  const m = (xs: number[]) => median(xs);
  const baseRate = ROWS / m(res.baseline);
  const f1 = (x: number) => x.toFixed(2);
  console.log(`\n${ROWS.toLocaleString('en')} consumption rows, ${runs} runs (medians), batches of 1000 with ${concurrency} in flight\n`);
  console.log(
    table([
      ['measure', 'median', 'runs', 'target', 'vs baseline'],
      [
        'import XLSX end to end, valid_rows (s)',
        f1(m(res.valid)),
        res.valid.map(f1).join(' / '),
        '≤ 15 s',
        `${(m(res.valid) / m(res.baseline)).toFixed(1)}× slower`,
      ],
      [
        'import XLSX end to end, all_or_nothing (s)',
        f1(m(res.aon)),
        res.aon.map(f1).join(' / '),
        '≤ 15 s',
        `${(m(res.aon) / m(res.baseline)).toFixed(1)}× slower`,
      ],
      ['server peak RSS, valid_rows (MB)', m(res.rssValid).toFixed(0), res.rssValid.map((x) => x.toFixed(0)).join(' / '), '< 512 MB', ''],
      ['server peak RSS, all_or_nothing (MB)', m(res.rssAon).toFixed(0), res.rssAon.map((x) => x.toFixed(0)).join(' / '), '< 512 MB', ''],
      [
        'batch API (records/s)',
        Math.round(m(res.batch)),
        res.batch.map((x) => Math.round(x)).join(' / '),
        '≥ 20,000',
        `${(m(res.batch) / baseRate).toFixed(2)}× baseline rate`,
      ],
      ['baseline: COPY of the same rows (s)', f1(m(res.baseline)), res.baseline.map(f1).join(' / '), '', `${Math.round(baseRate)} rows/s`],
    ]),
  );
}
