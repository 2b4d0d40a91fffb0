// `npm run bench -- pix-webhooks [--charges 100000] [--notifications 10000] [--warmup 1000] [--runs 3] [--keep] [--seed-only]`
// The PSP's Pix notifications registered as payments: `POST /psp/webhooks/{tenant}/{connection}/{token}/pix`
// at 50 connections (autocannon), one Pix per request, against a bare route inserting the same
// `pix_received` row, in the same run. Embedded PGlite (a data directory of its own under /tmp)
// unless DATABASE_URL is set (server PostgreSQL; the database is emptied: DROP SCHEMA public).
//
// Setup (once): a tenant, an Itaú collection account, a PSP connection made by the use case
// (createConnection: the client certificate of the test PKI, the secrets encrypted with
// COBRE_SECRET_KEY, random when unset, and a real webhook token; its base URL is never called:
// the server's workers are off), N customers with CPF and N open boleto charges of one line
// (bench/_seed.ts, set-based), and for each an active cobv (`pix_charges`, our txid from
// chargeTxid, amount = the charge's, a location and payload) inserted set-based.
// Per run and side, a slice of charges of its own (W warm-up + K measured, never paid before):
// each request is `{pix:[{endToEndId, txid, valor, horario}]}` with a unique endToEndId, the txid
// of the slice's next charge and its amount (the charges have no payment rules: due = amount).
//  - Cobre: `node bin/cobre.js serve` pinned to core 0 (taskset; autocannon runs here, on the
//    other core), workers and scheduler off; W notifications of warm-up, then K measured until
//    every one is answered and its row is in `pix_received` (the route answers after its commit).
//  - Baseline: a bare Fastify route (this file, --baseline-server) on the same core and database
//    (PGlite, or a pg pool of 20 like the server's): parses the body and inserts the same
//    `pix_received` row (same columns; charge_id taken from `pix_charges` by txid in the same
//    statement, expected = amount, outcome exact) — nothing else: no authentication, no payment.
// After each side: the counts (rows of the slice, and for Cobre: payments `pix:{e2e}` exactly
// once each, charges paid, PSP charges completed).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { execFileSync, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import type { Db } from '../src/platform/db/types.ts';
import { ensureDatabase, median, serverNodeArgs, startProcess } from './_util.ts';
import { createBenchTenant, insertPayersAndCharges, isoDay, setCounters } from './_seed.ts';

const root = join(import.meta.dirname, '..');
const CONNECTIONS = 50;

interface Target {
  databaseUrl?: string;
  dataDir?: string;
}

// ---------------------------------------------------------------------------------------------
// baseline server

async function baselineServer(): Promise<void> {
  const Fastify = (await import('fastify')).default;
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.COBRE_DATA_DIR, poolSize: 20 });
  const app = Fastify();
  app.post('/psp/webhooks/:tenant/:connection/:token/pix', async (req) => {
    const { tenant, connection } = req.params as { tenant: string; connection: string };
    const p = (req.body as { pix: { endToEndId: string; txid: string; valor: string; horario: string }[] }).pix[0];
    const cents = Math.round(Number(p.valor) * 100);
    await db.query(
      `INSERT INTO pix_received (tenant_id, end_to_end_id, connection_id, txid, charge_id, amount_cents, paid_at, expected_cents, outcome, payment_id, source, payer, raw, received_at)
       SELECT $1, $2, $3, $4, (SELECT charge_id FROM pix_charges WHERE tenant_id = $1 AND txid = $4), $5, $6, $5, 'exact', NULL, 'webhook', NULL, $7, $8
       ON CONFLICT DO NOTHING`,
      [tenant, p.endToEndId, connection, p.txid, cents, new Date(p.horario).toISOString(), JSON.stringify(p), new Date().toISOString()],
    );
    return { received: 1, registered: 1 };
  });
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  process.stdout.write('ready\n');
}

// ---------------------------------------------------------------------------------------------
// setup

interface Seeded {
  tenantId: string;
  connectionId: string;
  token: string;
  /** In charge-number order: txid and amount of each charge. */
  txids: string[];
  amounts: number[];
}

async function openTarget(target: Target, poolSize = 8): Promise<Db> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  return openDatabase({ ...target, poolSize });
}

async function setup(target: Target, count: number): Promise<Seeded> {
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createConnection, connectionSecret } = await import('../src/psp/connections.ts');
  const { chargeTxid } = await import('../src/psp/txid.ts');
  const q = await import('../src/psp/queries.ts');
  const { testPki } = await import('../test/support/psp-certs.ts');
  const db = await openTarget(target);
  if (target.databaseUrl) await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenantId, scope } = await createBenchTenant(db, 'Bench Pix Ltda');
  const pki = testPki();
  const created = await db.transaction((tx) =>
    createConnection(tx, scope, {
      name: 'PSP bench',
      base_url: 'https://psp.bench.invalid/api/v2',
      client_id: 'cobre-bench',
      client_secret: randomBytes(16).toString('hex'),
      certificate: { format: 'pem', cert_pem: pki.client.certPem, key_pem: pki.client.keyPem },
      ca_pem: pki.ca.certPem,
      pix_key: 'financeiro@example.com',
    } as never),
  );
  const token = connectionSecret((await q.findConnection(db, tenantId, created.id))!).webhook_token;
  const txids: string[] = [];
  const amounts: number[] = [];
  const chunk = 2000;
  const now = new Date().toISOString();
  for (let start = 0; start < count; start += chunk) {
    const numbers = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => start + i + 1);
    await db.transaction(async (tx) => {
      const { chargeIds } = await insertPayersAndCharges(tx, tenantId, numbers, { withEmail: false });
      const tx2 = chargeIds.map((id) => chargeTxid(tenantId, id, 'cobv', 0));
      const amount = numbers.map((k) => 10_000 + (k % 90_000)); // as insertPayersAndCharges
      const due = numbers.map((k) => isoDay(10 + (k % 20)));
      await tx.query(
        `INSERT INTO pix_charges (tenant_id, txid, charge_id, connection_id, kind, status, psp_status, amount_cents, due_date, loc_id, location, pix_copia_e_cola, psp_revision, created_at, updated_at)
         SELECT $1, u.txid, u.cid, $2, 'cobv', 'active', 'ATIVA', u.amount, u.due, u.num::text, 'pix.psp.bench/cobv/' || u.txid,
                '00020101021226' || u.txid, 0, $3, $3
         FROM unnest($4::text[], $5::uuid[], $6::int8[], $7::date[], $8::int8[]) AS u(txid, cid, amount, due, num)`,
        [tenantId, created.id, now, tx2, chargeIds, amount, due, numbers],
      );
      txids.push(...tx2);
      amounts.push(...amount);
    });
  }
  await setCounters(db, tenantId, count, ['customer', 'customer_address', 'charge']);
  await db.exec('ANALYZE');
  await db.close();
  return { tenantId, connectionId: created.id, token, txids, amounts };
}

// ---------------------------------------------------------------------------------------------
// one side

interface SideResult {
  rate: number;
  seconds: number;
  sent: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
  rows: number;
  payments?: number;
  distinctPayments?: number;
  chargesPaid?: number;
  pixCompleted?: number;
  pixRemoved?: number;
  removeOps?: number;
  /** PSP charges made for the slice's charges besides the seeded ones (a new one for a charge already paid is a defect). */
  extraPix?: number;
}

const valor = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** endToEndId: E + ISPB (8) + yyyyMMddHHmm (12) + 11 characters of ours (side, run, counter): 32. */
const e2e = (side: string, run: number, i: number) => `E18236120202612071200${side}${run}${String(i).padStart(9, '0')}`;

async function fire(
  port: number,
  s: Seeded,
  path: string,
  side: string,
  run: number,
  from: number,
  amount: number,
  offset: number,
): Promise<{ seconds: number; r: autocannon.Result }> {
  let next = 0;
  const horario = new Date().toISOString();
  const t0 = performance.now();
  // Timed to the last answer: autocannon itself notices the end on its 1-second tick.
  let last = t0;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: autocannon.Request) => {
          const i = next++;
          const k = from + i;
          const body = JSON.stringify({
            pix: [{ endToEndId: e2e(side, run, offset + i), txid: s.txids[k], valor: valor(s.amounts[k]), horario }],
          });
          return { ...req, path, headers: { 'content-type': 'application/json' }, body };
        },
      },
    ],
  });
  // Without a callback autocannon returns its instance (an event emitter), also a promise of the result.
  (instance as unknown as autocannon.Instance).on('response', () => {
    last = performance.now();
  });
  const r = await instance;
  return { seconds: (last - t0) / 1000, r };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

async function side(
  which: 'cobre' | 'base',
  run: number,
  target: Target,
  env: NodeJS.ProcessEnv,
  s: Seeded,
  from: number,
  warmup: number,
  count: number,
): Promise<SideResult> {
  const port = which === 'cobre' ? 3171 : 3172;
  const child =
    which === 'cobre'
      ? await startProcess(
          [...serverNodeArgs(), join(root, 'bin/cobre.js'), 'serve'],
          { ...env, PORT: String(port) },
          { cpus: '0', readyUrl: `http://127.0.0.1:${port}/readyz` },
        )
      : await startProcess(
          ['--import', 'tsx', join(root, 'bench/run.ts'), 'pix-webhooks', '--baseline-server'],
          { ...env, PORT: String(port) },
          { cpus: '0', readyText: 'ready' },
        );
  const letter = which === 'cobre' ? 'C' : 'B';
  const path = `/psp/webhooks/${s.tenantId}/${s.connectionId}/${s.token}/pix`;
  let measured: { seconds: number; r: autocannon.Result };
  try {
    // The first answer must be a registration, not a 4xx that would be fast for the wrong reason.
    const first = await fetch(`http://127.0.0.1:${port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pix: [
          {
            endToEndId: e2e(letter, run, 999_999_999),
            txid: s.txids[from],
            valor: valor(s.amounts[from]),
            horario: new Date().toISOString(),
          },
        ],
      }),
    });
    const text = await first.text();
    if (first.status !== 200 || !/"registered":1/.test(text))
      throw new Error(`${which}: first notification → ${first.status} ${text.slice(0, 300)}`);
    if (warmup > 1) await fire(port, s, path, letter, run, from + 1, warmup - 1, 0);
    measured = await fire(port, s, path, letter, run, from + warmup, count, warmup);
  } finally {
    await stop(child);
  }
  // Counted after the process stopped (PGlite: one process holds the data directory).
  const db = await openTarget(target, 2);
  try {
    const like = `E18236120202612071200${letter}${run}%`;
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pix_received WHERE tenant_id = $1 AND end_to_end_id LIKE $2`,
      [s.tenantId, like],
    );
    const out: SideResult = {
      rate: count / measured.seconds,
      seconds: measured.seconds,
      sent: measured.r.requests.sent ?? count,
      non2xx: measured.r.non2xx,
      errors: measured.r.errors + measured.r.timeouts,
      p50: measured.r.latency.p50,
      p99: measured.r.latency.p99,
      rows: Number(rows[0].n),
    };
    if (which === 'cobre') {
      const chargeTx = s.txids.slice(from, from + warmup + count);
      const { rows: p } = await db.query<{
        payments: number;
        distinct_payments: number;
        paid: number;
        completed: number;
        removed: number;
        remove_ops: number;
        extra: number;
      }>(
        `SELECT (SELECT count(*)::int FROM payments WHERE tenant_id = $1 AND external_id LIKE 'pix:' || $2) AS payments,
                (SELECT count(DISTINCT external_id)::int FROM payments WHERE tenant_id = $1 AND external_id LIKE 'pix:' || $2) AS distinct_payments,
                (SELECT count(*)::int FROM charges c JOIN pix_charges x ON x.tenant_id = c.tenant_id AND x.charge_id = c.id
                  WHERE c.tenant_id = $1 AND x.txid = ANY($3::text[]) AND c.status = 'paid') AS paid,
                (SELECT count(*)::int FROM pix_charges WHERE tenant_id = $1 AND txid = ANY($3::text[]) AND status = 'completed') AS completed,
                (SELECT count(*)::int FROM pix_charges WHERE tenant_id = $1 AND txid = ANY($3::text[]) AND status = 'removed') AS removed,
                (SELECT count(*)::int FROM psp_operations WHERE tenant_id = $1 AND txid = ANY($3::text[]) AND kind = 'remove_charge') AS remove_ops,
                (SELECT count(*)::int FROM pix_charges y WHERE y.tenant_id = $1 AND y.charge_id IN (SELECT charge_id FROM pix_charges WHERE tenant_id = $1 AND txid = ANY($3::text[])) AND NOT (y.txid = ANY($3::text[]))) AS extra`,
        [s.tenantId, like, chargeTx],
      );
      Object.assign(out, {
        payments: Number(p[0].payments),
        distinctPayments: Number(p[0].distinct_payments),
        chargesPaid: Number(p[0].paid),
        pixCompleted: Number(p[0].completed),
        pixRemoved: Number(p[0].removed),
        removeOps: Number(p[0].remove_ops),
        extraPix: Number(p[0].extra),
      });
    }
    return out;
  } finally {
    await db.close();
  }
}

// ---------------------------------------------------------------------------------------------

/** The commit under test (`-dirty` when the work tree has changes: others may be editing src/). */
export function codeVersion(): string {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const la = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--baseline-server') return baselineServer();
  const { values } = parseArgs({
    args: argv,
    options: {
      charges: { type: 'string', default: '100000' },
      notifications: { type: 'string', default: '10000' },
      warmup: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      'seed-only': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.charges);
  const k = Number(values.notifications);
  const w = Math.max(1, Number(values.warmup));
  const runs = Number(values.runs);
  // Each run pays a slice of its own (the warm-up's charges and the measured ones), so no charge is paid twice.
  if (runs * (w + k) > count)
    throw new Error(`${runs} runs × (${w} + ${k}) notifications need ${runs * (w + k)} charges; --charges is ${count}`);
  const target: Target = process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL }
    : { dataDir: mkdtempSync(join(tmpdir(), 'cobre-bench-pix-webhooks-')) };
  if (target.databaseUrl) await ensureDatabase(target.databaseUrl);
  if (!process.env.COBRE_SECRET_KEY) process.env.COBRE_SECRET_KEY = randomBytes(32).toString('base64');
  console.log(
    `code: ${codeVersion()}; database: ${target.databaseUrl ?? `PGlite ${target.dataDir}`}; ${count.toLocaleString('en')} open charges with an active cobv, ${runs} run(s) of ${w} warm-up + ${k.toLocaleString('en')} notifications per side, ${CONNECTIONS} connections`,
  );
  const t0 = performance.now();
  const seeded = await setup(target, count);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (values['seed-only']) return;
  const dbEnv = target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { COBRE_DATA_DIR: target.dataDir!, DATABASE_URL: '' };
  const env = {
    ...dbEnv,
    LOG_LEVEL: 'warn',
    COBRE_RUN_WORKERS: 'false',
    COBRE_SCHEDULER: 'false',
    COBRE_DEMO_TENANT: 'false',
    COBRE_DB_POOL_SIZE: '20',
    COBRE_PUBLIC_URL: 'http://cobre.bench',
    COBRE_SECRET_KEY: process.env.COBRE_SECRET_KEY,
  };
  const results: { cobre: SideResult; base: SideResult; loadCobre: string; loadBase: string }[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const from = run * (w + k);
      const loadCobre = la();
      const cobre = await side('cobre', run, target, env, seeded, from, w, k);
      const loadBase = la();
      // The baseline posts the same slice's txids and amounts (its rows do not touch the charges).
      const base = await side('base', run, target, env, seeded, from, w, k);
      results.push({ cobre, base, loadCobre, loadBase });
      const expected = w + k;
      const checks = [
        cobre.rows === expected ? null : `Cobre rows ${cobre.rows} ≠ ${expected}`,
        cobre.payments === expected && cobre.distinctPayments === expected
          ? null
          : `Cobre payments ${cobre.payments} (distinct ${cobre.distinctPayments}) ≠ ${expected}`,
        cobre.chargesPaid === expected ? null : `charges paid ${cobre.chargesPaid} ≠ ${expected}`,
        cobre.pixCompleted === expected && cobre.removeOps === 0
          ? null
          : `PSP charges completed ${cobre.pixCompleted} ≠ ${expected} (removed ${cobre.pixRemoved}, remove_charge queued ${cobre.removeOps})`,
        base.rows === expected ? null : `baseline rows ${base.rows} ≠ ${expected}`,
      ].filter(Boolean);
      console.log(
        `run ${run + 1}/${runs}: Cobre ${fmt(cobre.rate)} notifications/s (${fmt(cobre.seconds, 1)} s, p50 ${cobre.p50} ms, p99 ${cobre.p99} ms, ${cobre.non2xx} non-2xx, ${cobre.errors} errors, load ${loadCobre}); ` +
          `bare route ${fmt(base.rate)}/s (${fmt(base.seconds, 1)} s, p50 ${base.p50} ms, p99 ${base.p99} ms, ${base.non2xx} non-2xx, ${base.errors} errors, load ${loadBase}) → ${(cobre.rate / base.rate).toFixed(2)}×; ` +
          `checks: ${checks.length ? `FAILED: ${checks.join('; ')}` : `${expected} rows, ${cobre.payments} payments (once each), ${cobre.chargesPaid} charges paid, ${cobre.pixCompleted} PSP charges completed; baseline ${base.rows} rows`}; ` +
          `new PSP charges made for the paid charges: ${cobre.extraPix}`,
      );
      if (checks.length) process.exitCode = 1;
    }
  } finally {
    if (target.dataDir && !values.keep) rmSync(target.dataDir, { recursive: true, force: true });
  }
  const med = (f: (r: (typeof results)[number]) => number) => median(results.map(f));
  const all = (f: (r: (typeof results)[number]) => number, d = 0) => results.map((r) => fmt(f(r), d)).join(' / ');
  const ratio = (r: (typeof results)[number]) => r.cobre.rate / r.base.rate;
  console.log(
    `\npix-webhooks benchmark (${target.databaseUrl ? 'PostgreSQL' : 'PGlite'}): ${count.toLocaleString('en')} charges, ${k.toLocaleString('en')} one-Pix notifications per side and run, ${CONNECTIONS} connections, medians of ${runs} run(s)`,
  );
  const rows = [
    ['measure', 'median', 'runs', 'target'],
    ['Cobre webhook → payment: notifications/s', fmt(med((r) => r.cobre.rate)), all((r) => r.cobre.rate), ''],
    ['Cobre: p50 / p99 ms', `${med((r) => r.cobre.p50)} / ${med((r) => r.cobre.p99)}`, all((r) => r.cobre.p99), ''],
    ['bare route, same pix_received row: notifications/s', fmt(med((r) => r.base.rate)), all((r) => r.base.rate), ''],
    ['bare route: p50 / p99 ms', `${med((r) => r.base.p50)} / ${med((r) => r.base.p99)}`, all((r) => r.base.p99), ''],
    ['ratio (notifications/s)', `${med(ratio).toFixed(2)}×`, all(ratio, 2), '≥ 0.5×'],
    [
      'non-2xx / errors Cobre',
      `${results.reduce((s, r) => s + r.cobre.non2xx, 0)} / ${results.reduce((s, r) => s + r.cobre.errors, 0)}`,
      '',
      '0',
    ],
    [
      'non-2xx / errors bare',
      `${results.reduce((s, r) => s + r.base.non2xx, 0)} / ${results.reduce((s, r) => s + r.base.errors, 0)}`,
      '',
      '',
    ],
    ['load average before Cobre / bare', '', results.map((r) => `${r.loadCobre.split(' ')[0]}/${r.loadBase.split(' ')[0]}`).join(', '), ''],
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log([line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n'));
  console.log(`target (≥ 0.5× the bare route's notifications/s): ${med(ratio) >= 0.5 ? 'met' : 'NOT met'}`);
}
