// Backups, restores and company exports, in process, on the suite's engine (embedded PGlite, or
// server PostgreSQL with a schema per database): every table compared by rows and checksum, the
// restored database answering the same API reads, and every refusal leaving the target untouched.
import { gunzipSync, gzipSync } from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { applyMigrations, loadMigrations, migrate } from '../../src/platform/db/migrate.ts';
import type { Db } from '../../src/platform/db/types.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { readCatalog, tableNames } from '../../src/platform/backup/catalog.ts';
import { sliceWhere, tableSum, type TableSum } from '../../src/platform/backup/rows.ts';
import { backupToStream } from '../../src/platform/backup/backup.ts';
import { BadBackupFile, MANIFEST_PREFIX, UnknownCompany } from '../../src/platform/backup/dump-file.ts';
import { importTenant, OperationRefused, restoreBackup } from '../../src/platform/backup/restore.ts';
import { createTestContext, testNow, usingPostgres, type TestContext, type TestTenant } from '../support/app.ts';
import { populateCompany, READ_CHECKS } from '../support/company-data.ts';
import { systemTools } from '../support/tools.ts';

const tools = systemTools('the psql restore of a backup', usingPostgres ? ['psql'] : []);

let ctx: TestContext;
let a: TestTenant;
let b: TestTenant;
const scratch: { db: Db; schema?: string }[] = [];

/** An empty database, never migrated: a memory PGlite, or a new schema of DATABASE_URL. */
async function emptyDb(): Promise<Db> {
  if (!usingPostgres) {
    const db = await openDatabase({});
    scratch.push({ db });
    return db;
  }
  const schema = `test_${Date.now()}_${process.pid}_bk${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4, schema });
  scratch.push({ db, schema });
  return db;
}

async function sums(db: Db, tenantIds?: string[]): Promise<Record<string, TableSum>> {
  const out: Record<string, TableSum> = {};
  for (const t of await readCatalog(db)) {
    const where = tenantIds ? sliceWhere(t, { kind: 'tenants', ids: tenantIds }) : 'true';
    if (where !== null) out[t.name] = await tableSum(db, t, where);
  }
  return out;
}

async function backupOf(db: Db, opts: { tenantId?: string } = {}): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c) => chunks.push(c));
  await backupToStream(db, out, { kind: opts.tenantId ? 'tenant' : 'full', tenantId: opts.tenantId, now: testNow() });
  return Buffer.concat(chunks);
}

const gunzipped = (file: Buffer) => Readable.from([gunzipSync(file)]);

/** The API reads of a tenant, through an app over `db`. */
async function reads(db: Db, key: string): Promise<unknown[]> {
  const app = await buildApp({ db, clock: fixedClock(testNow()), config: { authCacheSeconds: 0 } });
  await app.ready();
  try {
    const out: unknown[] = [];
    for (const url of READ_CHECKS) {
      const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      out.push(res.json());
    }
    return out;
  } finally {
    await app.close();
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  a = await ctx.newTenant('Empresa A Ltda');
  b = await ctx.newTenant('Empresa B Ltda');
  await populateCompany(ctx.call, ctx.db, ctx.clock, a.live, 1);
  await populateCompany(ctx.call, ctx.db, ctx.clock, b.live, 2);
  await populateCompany(ctx.call, ctx.db, ctx.clock, b.test, 3);
}, 600_000);

afterAll(async () => {
  for (const s of scratch) {
    if (s.schema) await s.db.exec(`DROP SCHEMA IF EXISTS ${s.schema} CASCADE`).catch(() => {});
    await s.db.close();
  }
  await ctx.close();
});

describe('a whole-database backup', () => {
  let file: Buffer;
  let atBackup: Record<string, TableSum>;
  beforeAll(async () => {
    file = await backupOf(ctx.db);
    atBackup = await sums(ctx.db);
  });

  it('is a gzip-compressed plain SQL script that names its Cobre version and last migration', () => {
    const text = gunzipSync(file).toString('utf8');
    const manifest = JSON.parse(
      text
        .split('\n')
        .find((l) => l.startsWith(MANIFEST_PREFIX))!
        .slice(MANIFEST_PREFIX.length),
    );
    const migrations = loadMigrations();
    expect(manifest).toMatchObject({
      format: 'cobre-backup',
      kind: 'full',
      cobre_version: '0.1.0',
      migration: { name: migrations.at(-1)!.name },
    });
    expect(text).toContain('-- migration 0001_foundation.sql');
    expect(text).toMatch(/^COPY "charges" \(.*\) FROM stdin;$/m);
    expect(text.trimEnd().endsWith('-- end of Cobre backup')).toBe(true);
  });

  it('restores into an empty database with every table equal, and the same API answers', async () => {
    const target = await emptyDb();
    const report = await restoreBackup(target, gunzipped(file));
    expect(report.migrated).toEqual([]);
    const [source, restored] = [await sums(ctx.db), await sums(target)];
    expect(Object.keys(restored).sort()).toEqual(Object.keys(source).sort());
    expect(restored).toEqual(source);
    expect(source.charges.rows).toBeGreaterThanOrEqual(9);
    expect(source.payments.rows).toBe(3);
    // The API keys are stored hashed and travel with the data: the same key reads the same answers.
    expect(await reads(target, a.live)).toEqual(await reads(ctx.db, a.live));
    expect(await reads(target, b.test)).toEqual(await reads(ctx.db, b.test));
    // The audit sequence continues past the restored events, never reusing a number.
    const next = await target.query<{ v: string }>(`SELECT nextval(pg_get_serial_sequence('events', 'seq'))::text AS v`);
    const max = await ctx.db.query<{ v: string }>('SELECT max(seq)::text AS v FROM events');
    expect(BigInt(next.rows[0].v)).toBeGreaterThan(BigInt(max.rows[0].v));
  });

  it('refuses a non-empty target unless told, and a forced restore that fails keeps what was there', async () => {
    const target = await emptyDb();
    await restoreBackup(target, gunzipped(file));
    const before = await sums(target);
    await expect(restoreBackup(target, gunzipped(file))).rejects.toThrow(OperationRefused);
    await expect(restoreBackup(target, gunzipped(file))).rejects.toThrow(/not empty .* pass --force/);
    const tampered = gzipSync(gunzipSync(file).toString('utf8').replace('Cliente 1-0 Conceição', 'Cliente 1-0 Adulterado'));
    await expect(restoreBackup(target, gunzipped(tampered), { force: true })).rejects.toThrow(/does not match the file's checksums/);
    expect(await sums(target)).toEqual(before);
    await ctx.call(a.live, 'POST', '/v1/services', {
      code: 'X',
      name: 'Depois do backup',
      unit: 'mês',
      pricing_model: 'flat',
      price_cents: 1,
    });
    const forced = await restoreBackup(target, gunzipped(file), { force: true });
    expect(forced.rows).toBeGreaterThan(0);
    expect(await sums(target)).toEqual(before);
  });

  it('refuses a changed, cut or foreign file and keeps nothing of it', async () => {
    const target = await emptyDb();
    const text = gunzipSync(file).toString('utf8');
    const changed = text.replace(/(COPY "payments" [^\n]*\n[^\n]*?\t)(\d+)(\t)/, (_m, p, n, t) => `${p}${Number(n) + 1}${t}`);
    expect(changed).not.toBe(text);
    await expect(restoreBackup(target, Readable.from([Buffer.from(changed)]))).rejects.toThrow(BadBackupFile);
    await expect(restoreBackup(target, Readable.from([Buffer.from(text.slice(0, Math.floor(text.length * 0.6)))]))).rejects.toThrow(
      /cut short/,
    );
    await expect(restoreBackup(target, Readable.from([Buffer.from('SELECT 1;\n'.repeat(10))]))).rejects.toThrow(/not a Cobre backup/);
    expect(await tableNames(target)).toEqual([]);
    // Nothing in a file runs as SQL: a statement of its own, or a COPY that is not a plain load.
    const injected = text.replace('COMMIT;\n', 'DROP TABLE customers;\nCOMMIT;\n');
    await expect(restoreBackup(target, Readable.from([Buffer.from(injected)]))).rejects.toThrow(/a statement a Cobre backup does not/);
    const program = text.replace(
      /^COPY "payments" \((.*)\) FROM stdin;$/m,
      `COPY "payments" ($1) TO PROGRAM 'touch /tmp/cobre-pwned'; COPY "payments" ($1) FROM stdin;`,
    );
    expect(program).not.toBe(text);
    await expect(restoreBackup(target, Readable.from([Buffer.from(program)]))).rejects.toThrow(BadBackupFile);
    const sequence = text.replace(/("isCalled":)(true|false)/, '$1"true); DROP TABLE customers; SELECT (1"');
    expect(sequence).not.toBe(text);
    await expect(restoreBackup(target, Readable.from([Buffer.from(sequence)]))).rejects.toThrow(/not a position/);
    const otherTable = text.replace('COPY "payments" (', 'COPY "pg_authid" (');
    await expect(restoreBackup(target, Readable.from([Buffer.from(otherTable)]))).rejects.toThrow(/do not fit this Cobre's schema/);
    // A company export is not a whole-database backup.
    await expect(restoreBackup(target, gunzipped(await backupOf(ctx.db, { tenantId: a.id })))).rejects.toThrow(/cobre tenants import/);
  });

  it.skipIf(!usingPostgres || !tools.has('psql'))("restores with PostgreSQL's own psql, rows and checksums equal", async () => {
    const target = await emptyDb();
    const schema = scratch.at(-1)!.schema!;
    execFileSync(tools.path('psql'), ['-v', 'ON_ERROR_STOP=1', '--single-transaction', '-q', process.env.DATABASE_URL!], {
      input: gunzipSync(file),
      env: { ...process.env, PGOPTIONS: `-c search_path=${schema},public` },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    expect(await sums(target)).toEqual(atBackup);
  });
});

describe('an older backup', () => {
  it('restores into the schema it was made with, then the newer migrations are applied', async () => {
    const old = await emptyDb();
    const all = loadMigrations();
    const last = all.at(-1)!;
    await old.transaction((tx) =>
      applyMigrations(
        tx,
        all.filter((m) => m.version < last.version),
      ),
    );
    await old.transaction((tx) => createTenant(tx, { legal_name: 'Empresa Antiga Ltda', contact_email: 'a@example.com' }, testNow()));
    const file = await backupOf(old);
    const target = await emptyDb();
    const report = await restoreBackup(target, gunzipped(file));
    expect(report.manifest.migration.version).toBeLessThan(last.version);
    expect(report.migrated).toEqual([last.name]);
    expect((await target.query<{ legal_name: string }>('SELECT legal_name FROM tenants WHERE mode = $1', ['live'])).rows).toEqual([
      { legal_name: 'Empresa Antiga Ltda' },
    ]);
    expect(await migrate(target)).toEqual([]);
  });
});

describe('one company out of one Cobre into another', () => {
  it('exports a company (live and sandbox) and imports it beside another, verified, answering the same reads', async () => {
    const file = await backupOf(ctx.db, { tenantId: b.id });
    const other = await emptyDb();
    await migrate(other);
    await other.transaction((tx) => createTenant(tx, { legal_name: 'Outra Empresa Ltda', contact_email: 'o@example.com' }, testNow()));
    const report = await importTenant(other, gunzipped(file));
    expect(report.manifest.tenant_ids).toEqual([b.id, b.sandboxId]);
    expect(await sums(other, [b.id, b.sandboxId])).toEqual(await sums(ctx.db, [b.id, b.sandboxId]));
    expect(await reads(other, b.live)).toEqual(await reads(ctx.db, b.live));
    expect(await reads(other, b.test)).toEqual(await reads(ctx.db, b.test));
    // Company A did not come along.
    expect((await other.query('SELECT 1 FROM tenants WHERE id = $1', [a.id])).rows).toEqual([]);
    // Twice is refused, and changes nothing.
    const before = await sums(other);
    await expect(importTenant(other, gunzipped(file))).rejects.toThrow(/already exists in this database; nothing was imported/);
    expect(await sums(other)).toEqual(before);
  });

  it("refuses an export that slips a row into another company, even with the company's checksums intact", async () => {
    const file = await backupOf(ctx.db, { tenantId: b.id });
    const other = await emptyDb();
    await migrate(other);
    const { tenant: victim } = await other.transaction((tx) =>
      createTenant(tx, { legal_name: 'Vítima Ltda', contact_email: 'v@example.com' }, testNow()),
    );
    const text = gunzipSync(file).toString('utf8');
    // A copy of one of the company's services, re-keyed into the victim company.
    const crafted = text.replace(/^(COPY "services" \(.*\) FROM stdin;\n)([^\n]+)\n/m, (_m, head: string, line: string) => {
      const cells = line.split('\t');
      const forged = [victim.id, '0193aaaa-0000-7000-8000-000000000001', ...cells.slice(2)].join('\t');
      return `${head}${line}\n${forged}\n`;
    });
    expect(crafted).not.toBe(text);
    const before = await sums(other);
    await expect(importTenant(other, Readable.from([Buffer.from(crafted)]))).rejects.toThrow(/rows of services that are not company/);
    expect(await sums(other)).toEqual(before);
  });

  it('refuses an export from another migration level, a whole backup, and an unknown company', async () => {
    const file = await backupOf(ctx.db, { tenantId: a.id });
    const older = await emptyDb();
    const all = loadMigrations();
    await older.transaction((tx) => applyMigrations(tx, all.slice(0, -1)));
    await expect(importTenant(older, gunzipped(file))).rejects.toThrow(/made at migration .* this database is at/);
    const fresh = await emptyDb();
    await expect(importTenant(fresh, gunzipped(file))).rejects.toThrow(OperationRefused);
    await migrate(fresh);
    await expect(importTenant(fresh, gunzipped(await backupOf(ctx.db)))).rejects.toThrow(/cobre restore/);
    await expect(backupOf(ctx.db, { tenantId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(UnknownCompany);
    await expect(backupOf(ctx.db, { tenantId: a.sandboxId })).rejects.toThrow(/is a sandbox/);
    await expect(backupOf(ctx.db, { tenantId: "x' OR 1=1 --" })).rejects.toThrow(/not a company id/);
  });
});
