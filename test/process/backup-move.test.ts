// Backups, restores and moves through real processes, as an operator runs them: `cobre backup`
// of a running embedded server under writes (through the server), restores into fresh data
// directories and into PostgreSQL, scheduled backups, and `cobre move` to PostgreSQL killed midway
// and run again, after which a server on PostgreSQL answers the same reads as the embedded one.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Db } from '../../src/platform/db/types.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { readCatalog } from '../../src/platform/backup/catalog.ts';
import { tableSum, type TableSum } from '../../src/platform/backup/rows.ts';
import { MANIFEST_PREFIX } from '../../src/platform/backup/dump-file.ts';
import { cpfFrom, testNow, usingPostgres } from '../support/app.ts';
import { populateCompany, READ_CHECKS } from '../support/company-data.ts';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { waitFor } from '../support/wait.ts';

const root = join(import.meta.dirname, '../..');
const children: ChildProcess[] = [];
const dirs: string[] = [];
const databases: string[] = [];

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (databases.length) {
    const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
    for (const name of databases) await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await admin.close();
  }
});

const tempDir = (tag: string) => {
  const dir = mkdtempSync(join(tmpdir(), `cobre-${tag}-`));
  dirs.push(dir);
  return dir;
};

/** A new empty database on the DATABASE_URL server; returns its URL. */
async function createDatabase(): Promise<string> {
  // Named with the time, so global-setup drops it if this run is killed before afterAll.
  const name = `cobre_move_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  databases.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

interface Company {
  id: string;
  live: string;
}

/** An embedded data directory holding `n` companies with a month of data each (made in process). */
async function seededDataDir(n: number): Promise<{ dir: string; companies: Company[] }> {
  const dir = tempDir('src');
  const db = await openDatabase({ dataDir: dir });
  await migrate(db);
  const clock = fixedClock(testNow());
  const app = await buildApp({ db, clock, config: { authCacheSeconds: 0 } });
  await app.ready();
  const companies: Company[] = [];
  for (let i = 0; i < n; i++) {
    const { tenant, liveKey } = await db.transaction((tx) =>
      createTenant(tx, { legal_name: `Empresa ${i + 1} Ltda`, contact_email: `e${i}@example.com` }, clock.now()),
    );
    const call = (key: string | null, method: string, url: string, body?: unknown) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
    await populateCompany(call, db, clock, liveKey.secret, i + 1);
    companies.push({ id: tenant.id, live: liveKey.secret });
  }
  await app.close();
  await db.close();
  return { dir, companies };
}

/** Runs the `cobre` command to its end. */
function cobre(
  args: string[],
  env: Record<string, string>,
  opts: { onOutput?: (all: string, child: ChildProcess) => void } = {},
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  delete childEnv.COBRE_DB_SCHEMA;
  const child = spawn(process.execPath, [join(root, 'bin/cobre.js'), ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  const onData = (d: Buffer) => {
    out += d;
    opts.onOutput?.(out, child);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal, out })));
}

/** Creates customers one after another ("Cliente Escrito N") until stopped; every one must succeed. */
function startWriting(port: number, key: string, firstDocument: number): { written(): number; stop(): Promise<void> } {
  let stopping = false;
  let written = 0;
  const loop = (async () => {
    for (let i = 0; !stopping; i++) {
      const res = await fetch(`http://127.0.0.1:${port}/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ person_type: 'PF', name: `Cliente Escrito ${i}`, document: cpfFrom(firstDocument + i) }),
      });
      expect(res.status).toBe(201);
      written++;
    }
  })();
  return {
    written: () => written,
    async stop() {
      stopping = true;
      await loop;
    },
  };
}

async function stop(server: ServerProcess): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

async function readsOver(port: number, key: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const url of READ_CHECKS) {
    const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status, url).toBe(200);
    out.push(await res.json());
  }
  return out;
}

async function sumsOf(db: Db): Promise<Record<string, TableSum>> {
  const out: Record<string, TableSum> = {};
  for (const t of await readCatalog(db)) out[t.name] = await tableSum(db, t, 'true');
  return out;
}

async function sumsOfDir(dir: string): Promise<Record<string, TableSum>> {
  const db = await openDatabase({ dataDir: dir });
  try {
    return await sumsOf(db);
  } finally {
    await db.close();
  }
}

/** Every index and constraint of the schema, as definitions. */
async function schemaShape(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ d: string }>(
    `SELECT indexdef AS d FROM pg_indexes WHERE schemaname = current_schema()
     UNION ALL
     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
      WHERE connamespace = to_regnamespace(current_schema())::oid
     ORDER BY 1`,
  );
  return rows.map((r) => r.d);
}

const manifestOf = (file: string) =>
  JSON.parse(
    gunzipSync(readFileSync(file))
      .toString('utf8')
      .split('\n')
      .find((l) => l.startsWith(MANIFEST_PREFIX))!
      .slice(MANIFEST_PREFIX.length),
  );

describe('the embedded database, backed up while it serves', () => {
  it('backs up under writes through the running server, restores into fresh directories, and refuses to touch a directory in use', async () => {
    const { dir, companies } = await seededDataDir(1);
    const backups = tempDir('scheduled');
    const server = await startServerProcess({
      dataDir: dir,
      env: { COBRE_DEMO_TENANT: 'false', COBRE_BACKUP_EVERY_HOURS: '24', COBRE_BACKUP_DIR: backups },
      track: children,
    });
    // The schedule writes its first backup at start (none was there), then one a day.
    await waitFor('the scheduled backup', () => readdirSync(backups).some((f) => /^cobre-backup-\d{8}-\d{6}\.sql\.gz$/.test(f)));

    const writer = startWriting(server.port, companies[0].live, 70_000);
    await waitFor('writes under way', () => writer.written() >= 3);
    const work = tempDir('files');
    const underWrites = join(work, 'under-writes.sql.gz');
    const before = writer.written();
    const b1 = await cobre(['backup', '--out', underWrites], { COBRE_DATA_DIR: dir });
    const after = writer.written();
    await writer.stop();
    expect(b1.code, b1.out).toBe(0);
    expect(b1.out).toContain('written by the running server');

    const quiet = join(work, 'quiet.sql.gz');
    expect((await cobre(['backup', '--out', quiet], { COBRE_DATA_DIR: dir })).code).toBe(0);
    const again = await cobre(['backup', '--out', quiet], { COBRE_DATA_DIR: dir });
    expect([again.code, again.out]).toEqual([2, expect.stringContaining('already exists')]);
    const exported = join(work, 'company.sql.gz');
    const e = await cobre(['tenants', 'export', '--tenant', companies[0].id, '--out', exported], { COBRE_DATA_DIR: dir });
    expect(e.code, e.out).toBe(0);
    expect(manifestOf(exported)).toMatchObject({ kind: 'tenant', tenant_id: companies[0].id });
    const unknown = await cobre(
      ['tenants', 'export', '--tenant', '00000000-0000-4000-8000-000000000000', '--out', join(work, 'x.sql.gz')],
      { COBRE_DATA_DIR: dir },
    );
    expect([unknown.code, unknown.out]).toEqual([2, expect.stringContaining('no company with id')]);
    expect(existsSync(join(work, 'x.sql.gz'))).toBe(false);

    // The directory in use is not opened by a second process.
    const busyRestore = await cobre(['restore', quiet, '--force'], { COBRE_DATA_DIR: dir });
    expect([busyRestore.code, busyRestore.out]).toEqual([2, expect.stringContaining('cobre serve is running')]);
    const busyServe = await cobre(['serve'], { COBRE_DATA_DIR: dir, PORT: '0' });
    expect(busyServe.code).not.toBe(0);
    expect(busyServe.out).toContain('another Cobre process is serving the embedded database');
    await stop(server);

    // Under writes: a consistent moment between the writes before and after the backup ran.
    const a = tempDir('restored-a');
    const r1 = await cobre(['restore', underWrites], { COBRE_DATA_DIR: a });
    expect(r1.code, r1.out).toBe(0);
    expect(r1.out).toContain('every table verified');
    const restored = await openDatabase({ dataDir: a });
    const { rows } = await restored.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers WHERE name LIKE 'Cliente Escrito %'`);
    await restored.close();
    expect(rows[0].n).toBeGreaterThanOrEqual(before);
    expect(rows[0].n).toBeLessThanOrEqual(after + 1);

    // Quiet: every table equal to the source's.
    const b = tempDir('restored-b');
    expect((await cobre(['restore', quiet], { COBRE_DATA_DIR: b })).code).toBe(0);
    expect(await sumsOfDir(b)).toEqual(await sumsOfDir(dir));
    const twice = await cobre(['restore', quiet], { COBRE_DATA_DIR: b });
    expect([twice.code, twice.out]).toEqual([2, expect.stringContaining('not empty')]);
    // A file cut short, or not a backup at all, is refused in one line and leaves the target empty.
    const cut = join(work, 'cut.sql.gz');
    writeFileSync(cut, readFileSync(quiet).subarray(0, 4000));
    writeFileSync(join(work, 'text.sql.gz'), 'SELECT 1;\n');
    const d = tempDir('restored-d');
    for (const bad of [cut, join(work, 'text.sql.gz')]) {
      const r = await cobre(['restore', bad], { COBRE_DATA_DIR: d });
      expect([r.code, r.out.trim().split('\n').at(-1)]).toEqual([
        2,
        expect.stringMatching(/^restore: .* is not a complete gzip-compressed Cobre backup/),
      ]);
    }
    expect((await cobre(['restore', quiet], { COBRE_DATA_DIR: d })).code).toBe(0);
    const scheduled = readdirSync(backups).find((f) => f.endsWith('.sql.gz'))!;
    const c = tempDir('restored-c');
    expect((await cobre(['restore', join(backups, scheduled)], { COBRE_DATA_DIR: c })).code).toBe(0);
  });
});

describe.skipIf(!usingPostgres)('moving to server PostgreSQL', () => {
  it('moves company by company, refuses to serve a half-moved database, resumes after a kill, serves the same reads, and backs up under writes', async () => {
    const { dir, companies } = await seededDataDir(3);
    // No daily tick: a billing run it queued would be finished by whichever server runs next,
    // and the two servers' answers would differ by that, not by the move.
    const quiet = { COBRE_DEMO_TENANT: 'false', COBRE_SCHEDULER: 'false' };
    const embedded = await startServerProcess({ dataDir: dir, env: quiet, track: children });
    const expected = await Promise.all(companies.map((c) => readsOver(embedded.port, c.live)));
    await stop(embedded);

    const sourceBefore = await sumsOfDir(dir);
    const target = await createDatabase();
    const killed = await cobre(
      ['move', '--to', target],
      { COBRE_DATA_DIR: dir, COBRE_MOVE_PAUSE_AFTER_COMPANY_MS: String(10 * 60_000) },
      {
        onOutput: (out, child) => {
          if (out.includes('company 1/3 copied')) child.kill('SIGKILL');
        },
      },
    );
    expect(killed.signal, killed.out).toBe('SIGKILL');
    const refused = await cobre(['serve'], { DATABASE_URL: target, PORT: '0', COBRE_DEMO_TENANT: 'false' });
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('unfinished `cobre move`');

    const resumed = await cobre(['move', '--to', target], { COBRE_DATA_DIR: dir });
    expect(resumed.code, resumed.out).toBe(0);
    expect(resumed.out).toContain('resuming the unfinished move');
    expect(resumed.out).not.toContain('company 1/3 copied');
    expect(resumed.out).toContain('company 3/3 copied');
    expect(resumed.out).toMatch(/moved 3 companies, \d+ rows in \d+ tables; every table verified/);
    expect(resumed.out).toContain('DATABASE_URL=');

    const moved = await openDatabase({ databaseUrl: target, poolSize: 2 });
    const [movedSums, sourceSums] = [await sumsOf(moved), await sumsOfDir(dir)];
    await moved.close();
    expect(movedSums).toEqual(sourceSums);
    expect(sourceSums).toEqual(sourceBefore); // the source was only read
    // The indexes and keys set aside during the copy are back, as the migrations make them.
    const fresh = await createDatabase();
    const freshDb = await openDatabase({ databaseUrl: fresh, poolSize: 1 });
    await migrate(freshDb);
    const movedDb = await openDatabase({ databaseUrl: target, poolSize: 1 });
    const [movedShape, freshShape] = [await schemaShape(movedDb), await schemaShape(freshDb)];
    await Promise.all([movedDb.close(), freshDb.close()]);
    expect(movedShape.length).toBeGreaterThan(100);
    expect(movedShape).toEqual(freshShape);

    const onPostgres = await startServerProcess({ dataDir: dir, databaseUrl: target, env: quiet, track: children });
    for (const [i, c] of companies.entries()) expect(await readsOver(onPostgres.port, c.live)).toEqual(expected[i]);
    // A write continues the company's numbering (counters came along), never reusing a number.
    const res = await fetch(`http://127.0.0.1:${onPostgres.port}/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${companies[0].live}`, 'content-type': 'application/json' },
      body: JSON.stringify({ person_type: 'PF', name: 'Cliente Depois da Mudança', document: cpfFrom(90_001) }),
    });
    expect(res.status).toBe(201);
    expect((await res.json()).number).toBe(4);

    // On server PostgreSQL the backup is one snapshot taken beside the running server, under writes.
    const writer = startWriting(onPostgres.port, companies[1].live, 80_000);
    await waitFor('writes under way', () => writer.written() >= 3);
    const file = join(tempDir('pg-backup'), 'pg.sql.gz');
    const before = writer.written();
    const backup = await cobre(['backup', '--out', file], { DATABASE_URL: target });
    const after = writer.written();
    await writer.stop();
    expect(backup.code, backup.out).toBe(0);
    expect(manifestOf(file)).toMatchObject({ kind: 'full', engine: 'postgres' });
    const copy = await createDatabase();
    const restoredRun = await cobre(['restore', file], { DATABASE_URL: copy });
    expect(restoredRun.code, restoredRun.out).toBe(0);
    const copyDb = await openDatabase({ databaseUrl: copy, poolSize: 1 });
    const n = (await copyDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers WHERE name LIKE 'Cliente Escrito %'`)).rows[0].n;
    await copyDb.close();
    expect(n).toBeGreaterThanOrEqual(before);
    expect(n).toBeLessThanOrEqual(after + 1);
    await stop(onPostgres);

    const full = await cobre(['move', '--to', target], { COBRE_DATA_DIR: dir });
    expect([full.code, full.out]).toEqual([2, expect.stringContaining('not empty')]);
  });

  it('restores an embedded backup into PostgreSQL with every table equal', async () => {
    const { dir } = await seededDataDir(1);
    const file = join(tempDir('pg-restore'), 'b.sql.gz');
    const b = await cobre(['backup', '--out', file], { COBRE_DATA_DIR: dir });
    expect(b.code, b.out).toBe(0);
    const target = await createDatabase();
    const r = await cobre(['restore', file], { DATABASE_URL: target });
    expect(r.code, r.out).toBe(0);
    const db = await openDatabase({ databaseUrl: target, poolSize: 2 });
    const restored = await sumsOf(db);
    await db.close();
    expect(restored).toEqual(await sumsOfDir(dir));
  });
});
