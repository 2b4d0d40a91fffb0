// Return file of N liquidations applied end to end: `npm run bench -- cnab-return [--n 100000]` (PostgreSQL:
// DATABASE_URL, default a database of its own). N charges with a boleto each on one Itaú account are
// seeded set-based; a CNAB 240 return file with one liquidation (T+U, occurrence 06) per boleto is
// written (batches of 40,000 titles: the batch numbers records in 5 digits), then processed as
// POST …/returns processes it (processReturnFile, one transaction: parse, match, register each payment
// with its events, status and history). The baseline, in the same run: COPY of the very rows that
// processing wrote to `payments`, `charge_status_history` and `events` into empty copies of those
// tables with the same indexes. Each of --runs runs (default 3) starts from a fresh schema; VACUUM
// ANALYZE and CHECKPOINT before each side, load average recorded before each side; median and spread.
// The baseline always runs second: it copies the very rows the run wrote.
import { loadavg } from 'node:os';
import pg from 'pg';
import { copyIntoEmptyCopy, ensureDatabase, median, table } from './_util.ts';
import { num, record } from '../test/support/cnab-return.ts';

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
}

const BATCH = 40_000;
/** A return file: header, one batch per 40,000 liquidations (T+U each), trailers. */
function returnFile(bank: string, items: { nossoNumero: string; cents: number }[], paidOn: string): string {
  const ddmmyyyy = paidOn.slice(8, 10) + paidOn.slice(5, 7) + paidOn.slice(0, 4);
  const lines = [
    record(240, [
      [1, bank],
      [4, '0000'],
      [8, '0'],
      [18, '2'],
      [19, '11222333000181'],
      [143, '2'],
      [144, ddmmyyyy],
    ]),
  ];
  for (let b = 0; b * BATCH < items.length; b++) {
    const lote = num(b + 1, 4);
    lines.push(
      record(240, [
        [1, bank],
        [4, lote],
        [8, '1'],
        [9, 'T'],
        [10, '01'],
      ]),
    );
    let seq = 0;
    for (const it of items.slice(b * BATCH, (b + 1) * BATCH)) {
      lines.push(
        record(240, [
          [1, bank],
          [4, lote],
          [8, '3'],
          [9, num(++seq, 5)],
          [14, 'T'],
          [16, '06'],
          [38, it.nossoNumero],
          [74, ddmmyyyy],
          [82, num(it.cents, 15)],
          [199, num(0, 15)],
        ]),
      );
      lines.push(
        record(240, [
          [1, bank],
          [4, lote],
          [8, '3'],
          [9, num(++seq, 5)],
          [14, 'U'],
          [16, '06'],
          [18, num(0, 15)],
          [33, num(0, 15)],
          [48, num(0, 15)],
          [63, num(0, 15)],
          [78, num(it.cents, 15)],
          [93, num(it.cents, 15)],
          [138, ddmmyyyy],
          [146, ddmmyyyy],
        ]),
      );
    }
    lines.push(
      record(240, [
        [1, bank],
        [4, lote],
        [8, '5'],
        [18, num(seq + 2, 6)],
      ]),
    );
  }
  lines.push(
    record(240, [
      [1, bank],
      [4, '9999'],
      [8, '9'],
      [18, num(Math.ceil(items.length / BATCH), 6)],
      [24, num(lines.length + 1, 6)],
    ]),
  );
  return `${lines.join('\r\n')}\r\n`;
}

interface RunResult {
  cobreMs: number;
  baseMs: number;
  loadCobre: string;
  loadBase: string;
  rows: string;
  statements: number;
  fileBytes: number;
  byStatement: [string, number][];
}

/** One run on a fresh schema: seed N charges with a boleto, process their return file, then COPY what it wrote. */
async function run(url: string, n: number): Promise<RunResult> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createBenchTenant, insertPayersAndCharges, setCounters, isoDay } = await import('./_seed.ts');
  const { ensureChargeBoletos } = await import('../src/boleto/boletos.ts');
  const { processReturnFile } = await import('../src/bank-files/returns.ts');
  const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenantId, scope } = await createBenchTenant(db, 'Bench Retorno Ltda');
  const numbers = Array.from({ length: n }, (_, i) => i + 1);
  console.log(`seeding ${n.toLocaleString('en')} charges with a boleto…`);
  const { chargeIds } = await db.transaction((tx) => insertPayersAndCharges(tx, tenantId, numbers, { withEmail: false }));
  await setCounters(db, tenantId, n, ['customer', 'charge']);
  for (let i = 0; i < chargeIds.length; i += 10_000)
    await db.transaction((tx) => ensureChargeBoletos(tx, scope, chargeIds.slice(i, i + 10_000), { today: isoDay(0) }));
  const { rows: boletos } = await db.query<{ nosso_numero: string; amount_cents: number }>(
    'SELECT nosso_numero, amount_cents FROM boletos WHERE tenant_id = $1 ORDER BY sequence',
    [tenantId],
  );
  const today = isoDay(0);
  const file = Buffer.from(
    returnFile(
      '341',
      boletos.map((b) => ({ nossoNumero: b.nosso_numero.replace(/\D/g, ''), cents: Number(b.amount_cents) })),
      today,
    ),
    'latin1',
  );
  await db.exec('VACUUM ANALYZE');
  await db.exec('CHECKPOINT');
  const before = new Date(Date.now() - 1000).toISOString();
  const loadCobre = loadavg()[0].toFixed(2);
  const t0 = performance.now();
  // Statements sent by the processing, counted through a wrapper of the transaction's query().
  let statements = 0;
  // Time per statement kind (its first words), to say where the time goes.
  const byStatement = new Map<string, number>();
  const result = await db.transaction((tx) => {
    const counted = new Proxy(tx, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return async (...a: Parameters<typeof tx.query>) => {
            statements++;
            const key = String(a[0]).replace(/\s+/g, ' ').trim().slice(0, 70);
            const t = performance.now();
            try {
              return await target.query(...a);
            } finally {
              byStatement.set(key, (byStatement.get(key) ?? 0) + performance.now() - t);
            }
          };
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    return processReturnFile(counted, { ...scope, now: new Date() }, '1', file, { today, fileName: 'bench.ret' });
  });
  const cobreMs = performance.now() - t0;
  if (result.payments.length !== n) throw new Error(`expected ${n} payments, got ${result.payments.length}`);
  await db.close();

  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('VACUUM ANALYZE');
  await admin.query('CHECKPOINT');
  await admin.end();
  const loadBase = loadavg()[0].toFixed(2);
  const since = `tenant_id = '${tenantId}' AND created_at >= '${before}'`;
  const copies = [
    await copyIntoEmptyCopy(url, 'payments', `tenant_id = '${tenantId}'`),
    await copyIntoEmptyCopy(url, 'charge_status_history', since),
    await copyIntoEmptyCopy(url, 'events', since),
  ];
  return {
    cobreMs,
    baseMs: copies.reduce((s, c) => s + c.ms, 0),
    loadCobre,
    loadBase,
    rows: copies.map((c) => c.rows).join(' + '),
    statements,
    fileBytes: file.length,
    byStatement: [...byStatement].sort((x, y) => y[1] - x[1]).slice(0, 6),
  };
}

export async function main(args: string[]): Promise<void> {
  const n = arg(args, 'n', 100_000);
  const runs = arg(args, 'runs', 3);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_cnab_return';
  await ensureDatabase(url);
  const results: RunResult[] = [];
  for (let r = 0; r < runs; r++) results.push(await run(url, n));
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `Return file of ${n.toLocaleString('en')} liquidations (${(results[0].fileBytes / 1e6).toFixed(1)} MB), PostgreSQL, ${runs} runs`,
  );
  console.log(
    table([
      [
        'run',
        'Cobre: parse, match, register payments (one transaction)',
        'load before',
        'baseline: COPY of the rows it wrote (payments, status history, events)',
        'load before',
        'rows',
        'ratio',
      ],
      ...results.map((x, i) => [
        i + 1,
        s(x.cobreMs),
        x.loadCobre,
        s(x.baseMs),
        x.loadBase,
        x.rows,
        `${(x.cobreMs / x.baseMs).toFixed(2)}×`,
      ]),
    ]),
  );
  const ratios = results.map((x) => x.cobreMs / x.baseMs);
  const ratio = median(ratios);
  console.log(
    `median: Cobre ${s(median(results.map((x) => x.cobreMs)))}, baseline ${s(median(results.map((x) => x.baseMs)))}; ratio ${ratio.toFixed(2)}× (spread ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×); target ≤ 5×: ${ratio <= 5 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `statements sent by the processing: ${results[0].statements.toLocaleString('en')} (${(results[0].statements / n).toFixed(3)} per liquidation)`,
  );
  console.log('where the database time of the first run went (statement: total):');
  for (const [k, ms] of results[0].byStatement) console.log(`  ${(ms / 1000).toFixed(2)} s  ${k}…`);
}
