// Builds the real app against a real database: in-memory PGlite by default, a schema of its own
// in the server PostgreSQL of DATABASE_URL when set. Within a file, tests isolate themselves by
// creating their own tenants, exactly as production tenants are isolated.
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type App } from '../../src/app.ts';
import { openDatabase } from '../../src/platform/db/open.ts';
import { migrate } from '../../src/platform/db/migrate.ts';
import type { Db } from '../../src/platform/db/types.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Config } from '../../src/platform/config.ts';
import { createTenant } from '../../src/tenants/tenants.ts';

export const usingPostgres = !!process.env.DATABASE_URL;

/**
 * A fresh, migrated database for one test file. On server PostgreSQL each call gets a schema of
 * its own (dropped on close), so test files running in parallel never share tables, jobs or
 * events; child processes a test starts find it in COBRE_TEST_SCHEMA.
 */
export async function openTestDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const db = await openDatabase({});
    await migrate(db);
    return db;
  }
  const schema = `test_${Date.now()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await openDatabase({ databaseUrl: url, poolSize: 10, schema });
  await migrate(db);
  process.env.COBRE_TEST_SCHEMA = schema;
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await close();
    },
  });
}

export interface TestTenant {
  id: string;
  sandboxId: string;
  live: string;
  test: string;
  liveKeyId: string;
  testKeyId: string;
}

export interface TestContext {
  app: App;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  newTenant(name?: string): Promise<TestTenant>;
  /** app.inject with a bearer key and JSON body. */
  call(key: string | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestContext(opts: { config?: Partial<Config>; now?: string } = {}): Promise<TestContext> {
  const db = await openTestDb();
  const clock = fixedClock(opts.now ?? '2026-11-23T12:00:00Z');
  const app = await buildApp({ db, clock, config: { authCacheSeconds: 0, ...(opts.config ?? {}) } });
  await app.ready();
  let n = 0;
  return {
    app,
    db,
    clock,
    async newTenant(name?: string) {
      const { tenant, liveKey, testKey } = await db.transaction((tx) =>
        createTenant(tx, { legal_name: name ?? `Tenant de Teste ${++n} ${Math.random().toString(36).slice(2, 8)}`, contact_email: 'ti@example.com' }),
      );
      return { id: tenant.id, sandboxId: tenant.sandbox_id!, live: liveKey.secret, test: testKey.secret, liveKeyId: liveKey.id, testKeyId: testKey.id };
    },
    call(key, method, url, body, headers = {}) {
      const options: InjectOptions = { method: method as InjectOptions['method'], url, headers: { ...headers } };
      if (key) options.headers!.authorization = `Bearer ${key}`;
      if (body !== undefined) {
        options.payload = typeof body === 'string' ? body : JSON.stringify(body);
        options.headers!['content-type'] ??= 'application/json';
      }
      return app.inject(options);
    },
    async close() {
      await app.close();
      await db.close();
    },
  };
}

/** Valid documents for fixtures (check digits correct). */
export function cpfFrom(seed: number): string {
  const base = String(100_000_000 + (seed % 899_999_999)).padStart(9, '0').slice(0, 9).split('').map(Number);
  const dv = (digits: number[]) => {
    const sum = digits.reduce((acc, d, i) => acc + d * (digits.length + 1 - i), 0);
    const r = (sum * 10) % 11;
    return r === 10 ? 0 : r;
  };
  const d1 = dv(base);
  const d2 = dv([...base, d1]);
  return [...base, d1, d2].join('');
}

export function cnpjFrom(seed: number): string {
  const base = (String(10_000_000 + (seed % 89_999_999)).padStart(8, '0') + '0001').split('').map(Number);
  const dv = (digits: number[]) => {
    const weights = digits.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const sum = digits.reduce((acc, d, i) => acc + d * weights[i], 0);
    const r = sum % 11;
    return r < 2 ? 0 : 11 - r;
  };
  const d1 = dv(base);
  const d2 = dv([...base, d1]);
  return [...base, d1, d2].join('');
}
