// Boleto PDF benchmark: `npm run bench -- boleto [N] [--carne M] [--runs R] [--concurrency C] [--no-db]`.
//  1. Cobre renderer alone: N boletos, one PDF each (default 500) → boletos/s.
//  2. Baseline in the same run: the npm package gerar-boletos making the same N single-boleto PDFs.
//  3. Renderer alone: a carnê of M boletos (default 10,000) in one PDF, in a child process so its
//     peak RSS is its own.
//  4. The real path (unless --no-db): server PostgreSQL (DATABASE_URL, default
//     postgres://postgres@127.0.0.1:5432/cobre_bench_boleto, created when missing), `node bin/cobre.js
//     serve` as a child process (not pinned), a tenant with a collection account and a late-charge
//     policy, customers with billing addresses and fresh charges per run seeded with set-based SQL;
//     then through HTTP:
//       a. POST /v1/boletos/carne with M charges without a boleto (issues M boletos and streams the
//          PDF), and the same carnê again (boletos exist: read + render only) — wall time to the last
//          byte, and the server's peak RSS (VmHWM of /proc/<pid>/status, which covers its whole life);
//       b. GET /v1/charges/{id}/boleto.pdf for N charges with C requests in flight, first request
//          (issue + render) and again (render only) → PDFs/s;
//       c. the same carnê once more from a fresh server started with a capped V8 old generation
//          (CAPPED_HEAP), for its wall time and peak RSS.
// Every PDF goes to a sink that counts bytes (no disk in 1-2); the carnês are written to temp files
// and their pages counted with pdfinfo. R runs (default 3); the table shows medians.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { renderBoletoPdf, type BoletoDocument } from '../src/boleto/pdf/index.ts';
import type { Db } from '../src/platform/db/types.ts';
import { ensureDatabase, median, startProcess } from './_util.ts';
// The database modules are imported when the database part runs (setupDatabase), so the carnê child
// process, which renders only, loads nothing but the renderer.

// Published valid Itaú boleto (README of the npm package @mrmgomes/boleto-utils).
const BARCODE = '34196790600001000002220000005566385101214000';
const LINHA = '34192.22009 00005.566385 51012.140003 6 79060000100000';

export function sample(i: number): BoletoDocument {
  const month = String((i % 12) + 1).padStart(2, '0');
  return {
    bank: { code: '341', name: 'Banco Itaú S.A.', digit: '341-7' },
    beneficiary: {
      name: 'Padaria São João Ltda',
      document: '11.222.333/0001-81',
      address: 'Rua das Flores, 10 - Centro - São Paulo/SP - 01001-000',
    },
    agencyAccount: '0730/03511-0',
    nossoNumero: `109/${String(i).padStart(8, '0')}-4`,
    documentNumber: `FAT-${i}`,
    carteira: '109',
    especieDoc: 'DM',
    aceite: 'N',
    issueDate: '2026-03-10',
    processingDate: '2026-03-10',
    dueDate: `2026-${month}-10`,
    amountCents: 10000 + i,
    payer: {
      name: `Cliente ${i} da Silva`,
      document: '123.456.789-09',
      address: 'Rua das Acácias, 100 - Centro - São Paulo/SP - 01310-100',
    },
    instructions: ['Até 05/04/2026, desconto de R$ 5,00', 'Após o vencimento, multa de 2,00% e juros de R$ 0,41 ao dia'],
    localPagamento: 'Pagável em qualquer banco até o vencimento',
    linhaDigitavelFormatted: LINHA,
    barcode: BARCODE,
    demonstrative: [`Parcela ${i + 1}`],
  };
}

function sink(): Writable & { bytes: number } {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      w.bytes += chunk.length;
      cb();
    },
  }) as Writable & { bytes: number };
  w.bytes = 0;
  return w;
}

async function cobreOnePdfEach(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await renderBoletoPdf([sample(i)], sink());
  return n / ((performance.now() - t0) / 1000);
}

async function baselineOnePdfEach(n: number): Promise<number> {
  const require = createRequire(import.meta.url);
  const { Bancos, Boletos } = require('gerar-boletos');
  const make = (i: number) => {
    // Same content as sample(i); the package's own example data shape (examples/gerar-boleto-BancoDoBrasil.js).
    const b = new Boletos({
      banco: new Bancos.Itau(),
      pagador: {
        nome: `Cliente ${i} da Silva`,
        registroNacional: '12345678909',
        endereco: { logradouro: 'Rua das Acácias, 100', bairro: 'Centro', cidade: 'São Paulo', estadoUF: 'SP', cep: '01310-100' },
      },
      instrucoes: ['Até 05/04/2026, desconto de R$ 5,00', 'Após o vencimento, multa de 2,00% e juros de R$ 0,41 ao dia'],
      beneficiario: {
        nome: 'Padaria São João Ltda',
        cnpj: '11222333000181',
        dadosBancarios: {
          carteira: '109',
          agencia: '0730',
          agenciaDigito: '0',
          conta: '03511',
          contaDigito: '0',
          nossoNumero: String(i).padStart(8, '0'),
          nossoNumeroDigito: '4',
        },
        endereco: { logradouro: 'Rua das Flores, 10', bairro: 'Centro', cidade: 'São Paulo', estadoUF: 'SP', cep: '01001-000' },
      },
      boleto: {
        numeroDocumento: `FAT-${i}`,
        especieDocumento: 'DM',
        valor: (10000 + i) / 100,
        // gerar-boletos 1.4.5 refuses years after 2023 ("O ano do documento deve ser … menor que 2024").
        datas: { vencimento: '10-04-2023', processamento: '10-03-2023', documentos: '10-03-2023' },
      },
    });
    b.gerarBoleto();
    return b;
  };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const out = sink();
    await make(i).pdfStream(out);
    await finished(out);
  }
  return n / ((performance.now() - t0) / 1000);
}

/** Child-process side of the carnê measurement: prints one JSON line. */
async function carneChild(m: number): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const file = join(tmpdir(), `cobre-carne-${process.pid}.pdf`);
  const t0 = performance.now();
  function* docs() {
    for (let i = 0; i < m; i++) yield sample(i);
  }
  await renderBoletoPdf(docs(), createWriteStream(file));
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const bytes = statSync(file).size;
  rmSync(file);
  const maxRss = process.resourceUsage().maxRSS * 1024; // kB → bytes; the kernel's own peak
  console.log(JSON.stringify({ seconds, peakRss: Math.max(peak, maxRss), bytes }));
}

async function runCarneChild(m: number): Promise<{ seconds: number; peakRss: number; bytes: number }> {
  const runner = fileURLToPath(new URL('./run.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', runner, 'boleto', '--carne-child', String(m)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code: number = await new Promise((r) => child.on('close', r));
  if (code !== 0) throw new Error(`carnê child exited with ${code}`);
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

// ---------------------------------------------------------------- the real path: PostgreSQL + HTTP

const CUSTOMERS = 2_000;
const WARMUP = 30;

interface DbSetup {
  db: Db;
  url: string;
  tenantId: string;
  key: string;
  nextNumber: number;
}

function isoDay(offsetDays: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

/** Server env: no workers, no scheduler, no demo tenant, quiet. */
function serverEnv(url: string, port: number): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: url,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    COBRE_RUN_WORKERS: 'false',
    COBRE_SCHEDULER: 'false',
    COBRE_DEMO_TENANT: 'false',
  };
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** `node [nodeFlags] bin/cobre.js serve`, not pinned: the renderer and PostgreSQL share the machine's cores as in production. */
async function startServer(url: string, port: number, nodeFlags: string[] = []): Promise<ChildProcess> {
  return startProcess([...nodeFlags, join(root, 'bin/cobre.js'), 'serve'], serverEnv(url, port), {
    readyUrl: `http://127.0.0.1:${port}/readyz`,
  });
}

/** The server flag of the capped-heap measurement (docs/boletos.md "Memory"). */
const CAPPED_HEAP = '--max-old-space-size=160';

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

/** kB fields of /proc/<pid>/status (VmRSS, VmHWM). */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function api(base: string, key: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** A fresh schema, a tenant, its collection account and late-charge policy (through the API), and CUSTOMERS payers. */
async function setupDatabase(): Promise<DbSetup> {
  const { openDatabase } = await import('../src/platform/db/open.ts');
  const { migrate } = await import('../src/platform/db/migrate.ts');
  const { createTenant } = await import('../src/tenants/tenants.ts');
  const { uuidv7 } = await import('../src/platform/ids.ts');
  const { cpfFrom } = await import('../test/support/app.ts');
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_boleto';
  await ensureDatabase(url);
  const db = await openDatabase({ databaseUrl: url });
  await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await migrate(db);
  const { tenant, liveKey } = await db.transaction((tx) => createTenant(tx, { legal_name: 'Bench Boletos Ltda' }, new Date()));

  const ids: string[] = [],
    aids: string[] = [],
    nums: number[] = [],
    names: string[] = [],
    docs: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    ids.push(uuidv7());
    aids.push(uuidv7());
    nums.push(i + 1);
    names.push(`Cliente ${i} da Silva`);
    docs.push(cpfFrom(i + 17));
  }
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO customers (tenant_id, id, number, person_type, document_kind, document, name)
       SELECT $1, u.id, u.num, 'PF', 'cpf', u.doc, u.name FROM unnest($2::uuid[], $3::int8[], $4::text[], $5::text[]) AS u(id, num, doc, name)`,
      [tenant.id, ids, nums, docs, names],
    );
    await tx.query(
      `INSERT INTO customer_addresses (tenant_id, id, number, customer_id, is_primary, for_billing, street, street_number, district, city, state, postal_code, country)
       SELECT $1, u.aid, u.num, u.cid, true, true, 'Rua das Acácias', '100', 'Centro', 'São Paulo', 'SP', '01310100', 'BR'
       FROM unnest($2::uuid[], $3::int8[], $4::uuid[]) AS u(aid, num, cid)`,
      [tenant.id, aids, nums, ids],
    );
    await tx.query(
      `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'customer', $2), ($1, 'customer_address', $2)
       ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value`,
      [tenant.id, CUSTOMERS],
    );
  });

  const port = 3151;
  const server = await startServer(url, port);
  try {
    const base = `http://127.0.0.1:${port}`;
    await api(base, liveKey.secret, 'POST', '/v1/collection-accounts', {
      bank_code: '341',
      agency: '0730',
      account: '03511',
      account_digit: '0',
      carteira: '109',
      beneficiary_name: 'Padaria São João Ltda',
      beneficiary_document: '11.222.333/0001-81',
      beneficiary_address: {
        street: 'Rua das Flores',
        number: '10',
        district: 'Centro',
        city: 'São Paulo',
        state: 'SP',
        postal_code: '01001-000',
      },
      instructions: ['Não receber após 30 dias do vencimento.'],
    });
    await api(base, liveKey.secret, 'PUT', '/v1/late-charge-policy', {
      fine: { kind: 'percent', value: '2' },
      interest: { monthly_percent: '1', compound: false },
      grace_days: 0,
    });
  } finally {
    await stopServer(server);
  }
  return { db, url, tenantId: tenant.id, key: liveKey.secret, nextNumber: 1 };
}

/** `count` open charges payable by boleto, one line each, round-robin over the customers. */
async function seedCharges(s: DbSetup, count: number): Promise<string[]> {
  const { uuidv7 } = await import('../src/platform/ids.ts');
  const { rows: customers } = await s.db.query<{ id: string }>('SELECT id FROM customers WHERE tenant_id = $1 ORDER BY number', [
    s.tenantId,
  ]);
  const all: string[] = [];
  for (let start = 0; start < count; start += 5_000) {
    const n = Math.min(5_000, count - start);
    const ids: string[] = [],
      nums: number[] = [],
      cids: string[] = [],
      amounts: number[] = [],
      dues: string[] = [],
      descr: string[] = [];
    for (let i = 0; i < n; i++) {
      const number = s.nextNumber++;
      ids.push(uuidv7());
      nums.push(number);
      cids.push(customers[number % customers.length].id);
      amounts.push(10_000 + (number % 90_000));
      dues.push(isoDay(30 + (number % 300)));
      descr.push(`Mensalidade ${number}`);
    }
    await s.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO charges (tenant_id, id, number, customer_id, origin, description, amount_cents, issue_date, due_date, status, payment_method)
         SELECT $1, u.id, u.num, u.cid, 'one_off', u.descr, u.amount, $2::date, u.due, 'open', 'boleto'
         FROM unnest($3::uuid[], $4::int8[], $5::uuid[], $6::int8[], $7::date[], $8::text[]) AS u(id, num, cid, amount, due, descr)`,
        [s.tenantId, isoDay(0), ids, nums, cids, amounts, dues, descr],
      );
      await tx.query(
        `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, description, quantity, unit_price_cents, amount_cents)
         SELECT $1, u.id, 1, 'one_off', u.descr, 1, u.amount, u.amount FROM unnest($2::uuid[], $3::int8[], $4::text[]) AS u(id, amount, descr)`,
        [s.tenantId, ids, amounts, descr],
      );
    });
    all.push(...ids);
  }
  await s.db.query(
    `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'charge', $2) ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value`,
    [s.tenantId, s.nextNumber - 1],
  );
  await s.db.exec('ANALYZE charges; ANALYZE charge_lines; ANALYZE boletos; ANALYZE customers; ANALYZE customer_addresses');
  return all;
}

/** GET each charge's boleto.pdf with `concurrency` requests in flight → PDFs/s (every answer checked: 200 and a PDF). */
async function pdfsPerSecond(base: string, key: string, ids: string[], concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++];
        const res = await fetch(`${base}/v1/charges/${id}/boleto.pdf`, { headers: { authorization: `Bearer ${key}` } });
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 || body.subarray(0, 5).toString() !== '%PDF-')
          throw new Error(`boleto.pdf of ${id} → ${res.status}: ${body.subarray(0, 200).toString()}`);
      }
    }),
  );
  return ids.length / ((performance.now() - t0) / 1000);
}

/** POST /v1/boletos/carne, the PDF streamed to a temp file → seconds to the last byte, bytes, pages (pdfinfo). */
async function carneOverHttp(base: string, key: string, ids: string[]): Promise<{ seconds: number; bytes: number; pages: number }> {
  const file = join(tmpdir(), `cobre-carne-http-${process.pid}.pdf`);
  const t0 = performance.now();
  const res = await fetch(`${base}/v1/boletos/carne`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ charge_ids: ids }),
  });
  if (res.status !== 200 || !res.body) throw new Error(`carnê → ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), createWriteStream(file));
  const seconds = (performance.now() - t0) / 1000;
  const bytes = statSync(file).size;
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  rmSync(file);
  if (pages !== ids.length) throw new Error(`carnê of ${ids.length} charges has ${pages} pages`);
  return { seconds, bytes, pages };
}

interface DbRun {
  cappedCarneS: number;
  cappedPeakRss: number;
  carneIssueS: number;
  carneRenderS: number;
  carneBytes: number;
  serverIdleRss: number;
  serverPeakRss: number;
  issuePdfs: number;
  renderPdfs: number;
}

async function dbRun(s: DbSetup, n: number, m: number, concurrency: number): Promise<DbRun> {
  const ids = await seedCharges(s, WARMUP + m + n);
  const warm = ids.slice(0, WARMUP);
  const carne = ids.slice(WARMUP, WARMUP + m);
  const single = ids.slice(WARMUP + m);
  const port = 3152;
  const server = await startServer(s.url, port);
  try {
    const base = `http://127.0.0.1:${port}`;
    const serverIdleRss = procStatus(server.pid!, 'VmRSS');
    await pdfsPerSecond(base, s.key, warm, 4); // module loading, fonts, prepared statements, JIT
    const first = await carneOverHttp(base, s.key, carne);
    const again = await carneOverHttp(base, s.key, carne);
    const serverPeakRss = procStatus(server.pid!, 'VmHWM');
    const issuePdfs = await pdfsPerSecond(base, s.key, single, concurrency);
    const renderPdfs = await pdfsPerSecond(base, s.key, single, concurrency);
    await stopServer(server);
    const capped = await startServer(s.url, port, [CAPPED_HEAP]);
    try {
      await pdfsPerSecond(base, s.key, warm, 4);
      const c = await carneOverHttp(base, s.key, carne);
      const cappedPeakRss = procStatus(capped.pid!, 'VmHWM');
      return {
        carneIssueS: first.seconds,
        carneRenderS: again.seconds,
        carneBytes: first.bytes,
        serverIdleRss,
        serverPeakRss,
        issuePdfs,
        renderPdfs,
        cappedCarneS: c.seconds,
        cappedPeakRss,
      };
    } finally {
      await stopServer(capped);
    }
  } finally {
    await stopServer(server);
  }
}

const fmt = (v: number, digits = 1) => v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const MB = 2 ** 20;

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function main(args: string[]): Promise<void> {
  const child = option(args, '--carne-child');
  if (child !== undefined) return carneChild(Number(child));
  const m = Number(option(args, '--carne') ?? 10_000);
  const runs = Number(option(args, '--runs') ?? 3);
  const concurrency = Number(option(args, '--concurrency') ?? 8);
  const withDb = !args.includes('--no-db');
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && !['--carne', '--runs', '--concurrency'].includes(args[i - 1])) ?? 500);

  const setup = withDb ? await setupDatabase() : null;
  if (setup) console.log(`database: ${setup.url}`);
  // Warm both up (module loading, JIT) outside the measurement.
  await cobreOnePdfEach(10);
  await baselineOnePdfEach(3);
  const pure: { cobre: number; baseline: number; carne: { seconds: number; peakRss: number; bytes: number } }[] = [];
  const viaDb: DbRun[] = [];
  for (let run = 0; run < runs; run++) {
    const cobre = await cobreOnePdfEach(n);
    const baseline = await baselineOnePdfEach(n);
    const carne = await runCarneChild(m);
    pure.push({ cobre, baseline, carne });
    if (setup) viaDb.push(await dbRun(setup, n, m, concurrency));
    const d = viaDb[run];
    console.log(
      `run ${run + 1}/${runs}: renderer ${fmt(cobre)} PDFs/s, gerar-boletos ${fmt(baseline)} PDFs/s, renderer carnê ${fmt(carne.seconds, 2)} s ${fmt(carne.peakRss / MB)} MB` +
        (d
          ? `; HTTP+DB ${fmt(d.issuePdfs)} (issue) / ${fmt(d.renderPdfs)} (render) PDFs/s, carnê ${fmt(d.carneIssueS, 2)} s (issue) / ${fmt(d.carneRenderS, 2)} s (render), ` +
            `server peak ${fmt(d.serverPeakRss / MB)} MB (ready ${fmt(d.serverIdleRss / MB)} MB); capped heap: carnê ${fmt(d.cappedCarneS, 2)} s, peak ${fmt(d.cappedPeakRss / MB)} MB`
          : ''),
    );
  }
  await setup?.db.close();

  const med = <T>(xs: T[], f: (x: T) => number) => median(xs.map(f));
  const baseline = med(pure, (p) => p.baseline);
  const mm = m.toLocaleString('en-US');
  const rows: Array<[string, string, string, string]> = [
    [
      `renderer only: single-boleto PDFs/s (N=${n})`,
      fmt(med(pure, (p) => p.cobre)),
      fmt(baseline),
      `${fmt(med(pure, (p) => p.cobre) / baseline, 2)}×`,
    ],
    [
      `renderer only: carnê ${mm}: wall time (s)`,
      fmt(
        med(pure, (p) => p.carne.seconds),
        2,
      ),
      '-',
      '-',
    ],
    [`renderer only: carnê ${mm}: peak RSS (MB)`, fmt(med(pure, (p) => p.carne.peakRss) / MB), '-', '-'],
    [`renderer only: carnê ${mm}: file size (MB)`, fmt(med(pure, (p) => p.carne.bytes) / MB), '-', '-'],
  ];
  if (viaDb.length) {
    const issue = med(viaDb, (d) => d.issuePdfs);
    const render = med(viaDb, (d) => d.renderPdfs);
    rows.push(
      [`HTTP+DB: GET boleto.pdf/s, first (issue+render), c=${concurrency}`, fmt(issue), fmt(baseline), `${fmt(issue / baseline, 2)}×`],
      [`HTTP+DB: GET boleto.pdf/s, again (render), c=${concurrency}`, fmt(render), fmt(baseline), `${fmt(render / baseline, 2)}×`],
      [
        `HTTP+DB: POST carnê ${mm}, first (issue+render) (s)`,
        fmt(
          med(viaDb, (d) => d.carneIssueS),
          2,
        ),
        '-',
        '-',
      ],
      [
        `HTTP+DB: POST carnê ${mm}, again (render) (s)`,
        fmt(
          med(viaDb, (d) => d.carneRenderS),
          2,
        ),
        '-',
        '-',
      ],
      [`HTTP+DB: server peak RSS, VmHWM (MB)`, fmt(med(viaDb, (d) => d.serverPeakRss) / MB), '-', '-'],
      [`HTTP+DB: server RSS when ready (MB)`, fmt(med(viaDb, (d) => d.serverIdleRss) / MB), '-', '-'],
      [
        `HTTP+DB, server ${CAPPED_HEAP}: carnê again (s)`,
        fmt(
          med(viaDb, (d) => d.cappedCarneS),
          2,
        ),
        '-',
        '-',
      ],
      [`HTTP+DB, server ${CAPPED_HEAP}: peak RSS (MB)`, fmt(med(viaDb, (d) => d.cappedPeakRss) / MB), '-', '-'],
      [`HTTP+DB: carnê ${mm}: file size (MB)`, fmt(med(viaDb, (d) => d.carneBytes) / MB), '-', '-'],
    );
  }
  const head: [string, string, string, string] = ['metric', 'Cobre', 'baseline (gerar-boletos)', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nboleto benchmark, medians of ${runs} run(s)`);
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const pureOk =
    med(pure, (p) => p.cobre) >= 5 * baseline && med(pure, (p) => p.carne.seconds) <= 30 && med(pure, (p) => p.carne.peakRss) < 300 * MB;
  console.log(`targets, renderer only (≥5× baseline, carnê ≤ 30 s and < 300 MB): ${pureOk ? 'met' : 'NOT met'}`);
  if (viaDb.length) {
    const dbOk =
      Math.min(
        med(viaDb, (d) => d.issuePdfs),
        med(viaDb, (d) => d.renderPdfs),
      ) >=
        5 * baseline &&
      med(viaDb, (d) => d.carneIssueS) <= 30 &&
      med(viaDb, (d) => d.serverPeakRss) < 300 * MB;
    console.log(`targets, HTTP+DB (both PDF rates ≥5× baseline, first carnê ≤ 30 s, server peak < 300 MB): ${dbOk ? 'met' : 'NOT met'}`);
    const cappedOk = med(viaDb, (d) => d.cappedCarneS) <= 30 && med(viaDb, (d) => d.cappedPeakRss) < 300 * MB;
    console.log(`carnê target with ${CAPPED_HEAP} (≤ 30 s, server peak < 300 MB): ${cappedOk ? 'met' : 'NOT met'}`);
  }
}
