// `npm run bench -- customers [--seed 1000000] [--runs 3] [--duration 10]` (real PostgreSQL)
// Seeds N customers in one tenant, then with autocannon at 50 connections measures Cobre's
// create, get-by-id and search (contains on name), and in the same run the baseline: a bare
// Fastify route doing one INSERT … RETURNING / one primary-key SELECT through pg.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { openDatabase } from '../src/platform/db/open.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createApiKey, createTenant } from '../src/tenants/tenants.ts';
import { uuidv7 } from '../src/platform/ids.ts';
import { cpfFrom } from '../test/support/app.ts';
import { load, median, startProcess, table, type LoadResult } from './_util.ts';
import { ensureDatabase, serverNodeArgs } from './_util.ts';

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Daniel',
  'Eduarda',
  'Felipe',
  'Gabriela',
  'Heitor',
  'Isabela',
  'João',
  'Larissa',
  'Marcos',
  'Natália',
  'Otávio',
  'Paula',
  'Rafael',
  'Sofia',
  'Tiago',
  'Vitória',
  'Wagner',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
];
const nameOf = (i: number) => `${FIRST[i % 20]} ${LAST[Math.floor(i / 20) % 20]} ${LAST[Math.floor(i / 400) % 20]} ${i.toString(36)}`;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      duration: { type: 'string', default: '10' },
      reuse: { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  const seedCount = Number(values.seed);
  const runs = Number(values.runs);
  const duration = Number(values.duration);
  const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cobre_bench_customers';
  await ensureDatabase(url);
  const db = await openDatabase({ databaseUrl: url });
  console.log(`database: ${url}`);
  // --reuse keeps the customers seeded by an earlier run (same --seed) and only makes a new API key.
  const reused = values.reuse ? await reuseSeed(db, seedCount) : null;
  let tenantId: string, secret: string;
  const ids: string[] = [];
  if (reused) {
    ({ tenantId, secret } = reused);
    ids.push(...reused.ids);
    await migrate(db);
    console.log(`reusing ${seedCount} seeded customers`);
  } else {
    await db.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
    await migrate(db);
    const { tenant, liveKey } = await db.transaction((tx) => createTenant(tx, { legal_name: 'Bench Ltda' }, new Date()));

    console.log(`seeding ${seedCount} customers…`);
    const t0 = Date.now();
    const chunk = 20_000;
    for (let start = 0; start < seedCount; start += chunk) {
      const n = Math.min(chunk, seedCount - start);
      const cid: string[] = [],
        eid: string[] = [],
        num: number[] = [],
        name: string[] = [],
        doc: string[] = [],
        email: string[] = [];
      for (let i = 0; i < n; i++) {
        const k = start + i;
        cid.push(uuidv7());
        eid.push(uuidv7());
        num.push(k + 1);
        name.push(nameOf(k));
        doc.push(cpfFrom(k));
        email.push(`cliente${k}@example.com`);
      }
      if (start % 200_000 === 0) ids.push(...cid.filter((_, i) => i % 50 === 0));
      else ids.push(...cid.filter((_, i) => i % 500 === 0));
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO customers (tenant_id, id, number, person_type, document_kind, document, name)
           SELECT $1, u.id, u.num, 'PF', 'cpf', u.doc, u.name FROM unnest($2::uuid[], $3::int8[], $4::text[], $5::text[]) AS u(id, num, doc, name)
           ON CONFLICT DO NOTHING`,
          [tenant.id, cid, num, doc, name],
        );
        await tx.query(
          `INSERT INTO customer_emails (tenant_id, id, number, customer_id, email, is_primary)
           SELECT $1, u.eid, u.num, u.cid, u.email, true FROM unnest($2::uuid[], $3::int8[], $4::uuid[], $5::text[]) AS u(eid, num, cid, email)`,
          [tenant.id, eid, num, cid, email],
        );
      });
    }
    await db.query(`INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'customer', $2), ($1, 'customer_email', $2)`, [
      tenant.id,
      seedCount,
    ]);
    await db.exec('VACUUM ANALYZE customers');
    await db.exec('VACUUM ANALYZE customer_emails');
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    tenantId = tenant.id;
    secret = liveKey.secret;
  }
  const existing = (await db.query<{ n: string; max: string }>('SELECT count(*) AS n, coalesce(max(number), 0) AS max FROM customers'))
    .rows[0];
  const firstDoc = 5_000_000 + Number(existing.n);
  const baseNumberStart = Math.max(50_000_000, Number(existing.max) + 1);
  await db.close();

  const root = join(import.meta.dirname, '..');
  const env = {
    DATABASE_URL: url,
    LOG_LEVEL: 'warn',
    COBRE_RUN_WORKERS: 'false',
    COBRE_DEMO_TENANT: 'false',
    COBRE_DB_POOL_SIZE: '20',
    POOL_SIZE: '20',
  };
  const auth = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  // New documents never collide with earlier runs' creates (--reuse keeps them).
  let docSeq = firstDoc;
  const only = new Set((values.only ?? 'create,get,search').split(','));
  const results: Record<string, LoadResult[]> = { create: [], get: [], search: [], baseInsert: [], baseGet: [] };
  const pick = () => ids[Math.floor(Math.random() * ids.length)];
  const fragments = ['silva', 'santos oli', 'ana ', 'rodrigues', 'zz9', 'carla souza'];

  for (let run = 0; run < runs; run++) {
    // Cobre: server pinned to core 0, load generator (this process) on the other.
    let child: ChildProcess = await startProcess(
      [...serverNodeArgs(), join(root, 'bin/cobre.js'), 'serve'],
      { ...env, PORT: '3101' },
      { cpus: '0', readyUrl: 'http://127.0.0.1:3101/readyz' },
    );
    const base = 'http://127.0.0.1:3101';
    if (only.has('create'))
      results.create.push(
        await load({
          url: `${base}/v1/customers`,
          duration,
          requests: [
            {
              method: 'POST',
              headers: auth,
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify({
                  person_type: 'PF',
                  name: `Novo ${docSeq}`,
                  document: cpfFrom(docSeq++),
                  emails: [{ email: `novo${docSeq}@example.com` }],
                }),
              }),
            },
          ],
        }),
      );
    if (only.has('get'))
      results.get.push(
        await load({
          url: base,
          duration,
          requests: [{ method: 'GET', headers: auth, setupRequest: (req) => ({ ...req, path: `/v1/customers/${pick()}` }) }],
        }),
      );
    if (only.has('search'))
      results.search.push(
        await load({
          url: `${base}/v1/customers/search`,
          duration,
          requests: [
            {
              method: 'POST',
              headers: auth,
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify({
                  filters: [{ field: 'name', op: 'contains', value: fragments[Math.floor(Math.random() * fragments.length)] }],
                  page_size: 20,
                }),
              }),
            },
          ],
        }),
      );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));

    if (!only.has('create') && !only.has('get')) continue;
    child = await startProcess(
      ['--import', 'tsx', join(root, 'bench/_baseline-server.ts')],
      { ...env, PORT: '3102', TENANT_ID: tenantId, NUMBER_START: String(baseNumberStart + run * 10_000_000) },
      { cpus: '0', readyText: 'ready' },
    );
    if (only.has('create'))
      results.baseInsert.push(
        await load({
          url: 'http://127.0.0.1:3102/insert',
          duration,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              setupRequest: (req) => ({ ...req, body: JSON.stringify({ name: `Base ${docSeq}`, document: `B${docSeq++}` }) }),
            },
          ],
        }),
      );
    if (only.has('get'))
      results.baseGet.push(
        await load({
          url: 'http://127.0.0.1:3102',
          duration,
          requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/get/${pick()}` }) }],
        }),
      );
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    console.log(`run ${run + 1}/${runs} done`);
  }

  const m = (k: string, f: keyof LoadResult) => median(results[k].map((r) => r[f]));
  const errs = (k: string) => results[k].reduce((a, r) => a + r.errors + r.non2xx, 0);
  console.log(
    `\ncustomers benchmark: ${seedCount.toLocaleString('en')} customers seeded, 50 connections, ${duration} s per scenario, medians of ${runs} runs`,
  );
  console.log(
    table([
      ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'baseline', 'baseline req/s', 'ratio', 'target'],
      [
        'create',
        m('create', 'rps').toFixed(0),
        m('create', 'p50'),
        m('create', 'p99'),
        errs('create'),
        'bare INSERT … RETURNING',
        m('baseInsert', 'rps').toFixed(0),
        (m('create', 'rps') / m('baseInsert', 'rps')).toFixed(2),
        '≥ 0.50',
      ],
      [
        'get by id',
        m('get', 'rps').toFixed(0),
        m('get', 'p50'),
        m('get', 'p99'),
        errs('get'),
        'bare PK SELECT',
        m('baseGet', 'rps').toFixed(0),
        (m('get', 'rps') / m('baseGet', 'rps')).toFixed(2),
        '≥ 0.60',
      ],
      [
        'search contains name',
        m('search', 'rps').toFixed(0),
        m('search', 'p50'),
        m('search', 'p99'),
        errs('search'),
        '—',
        '—',
        '—',
        'p99 < 50 ms',
      ],
      [
        'baseline insert',
        m('baseInsert', 'rps').toFixed(0),
        m('baseInsert', 'p50'),
        m('baseInsert', 'p99'),
        errs('baseInsert'),
        '',
        '',
        '',
        '',
      ],
      ['baseline get', m('baseGet', 'rps').toFixed(0), m('baseGet', 'p50'), m('baseGet', 'p99'), errs('baseGet'), '', '', '', ''],
    ]),
  );
}

async function reuseSeed(
  db: Awaited<ReturnType<typeof openDatabase>>,
  seedCount: number,
): Promise<{ tenantId: string; secret: string; ids: string[] } | null> {
  try {
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM tenants WHERE legal_name = 'Bench Ltda' AND mode = 'live'`);
    if (rows.length !== 1) return null;
    const tenantId = rows[0].id;
    const { rows: c } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM customers WHERE tenant_id = $1 AND number <= $2`, [
      tenantId,
      seedCount,
    ]);
    if (Number(c[0].n) !== seedCount) return null;
    const { rows: sample } = await db.query<{ id: string }>(
      `SELECT id FROM customers WHERE tenant_id = $1 AND number <= $2 AND number % 97 = 0`,
      [tenantId, seedCount],
    );
    const key = await db.transaction((tx) =>
      createApiKey(
        tx,
        { tenantId, accountId: tenantId, mode: 'live', actor: { type: 'system', id: null }, now: new Date() },
        { name: 'bench', mode: 'live' },
      ),
    );
    return { tenantId, secret: key.secret, ids: sample.map((r) => r.id) };
  } catch {
    return null;
  }
}
