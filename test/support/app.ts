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
    await dropClockDefaults(db);
    return db;
  }
  const schema = `test_${Date.now()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openDatabase({ databaseUrl: url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await openDatabase({ databaseUrl: url, poolSize: 10, schema });
  await migrate(db);
  await dropClockDefaults(db);
  process.env.COBRE_TEST_SCHEMA = schema;
  const close = db.close.bind(db);
  return Object.assign(db, {
    async close() {
      await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await close();
    },
  });
}

/**
 * The schema keeps `DEFAULT now()` on its timestamp columns as a fallback for rows written by hand.
 * Cobre itself stamps every row from the injected clock (docs/architecture.md#time), so the test
 * databases drop those defaults: an INSERT that forgets its timestamp fails here with a NOT NULL
 * error instead of silently taking the database's clock.
 */
async function dropClockDefaults(db: Db): Promise<void> {
  const { rows } = await db.query<{ tbl: string; col: string }>(
    `SELECT c.relname AS tbl, a.attname AS col
     FROM pg_attrdef d
     JOIN pg_class c ON c.oid = d.adrelid
     JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
     WHERE c.relnamespace = to_regnamespace(current_schema())::oid
       AND pg_get_expr(d.adbin, d.adrelid) IN ('now()', 'CURRENT_TIMESTAMP', 'statement_timestamp()', 'clock_timestamp()', 'transaction_timestamp()')
       AND c.relname <> 'schema_migrations'`,
  );
  if (rows.length) await db.exec(rows.map((r) => `ALTER TABLE ${r.tbl} ALTER COLUMN ${r.col} DROP DEFAULT;`).join('\n'));
}

/**
 * The suite's frame: tests are written for 2026-11-23T12:00Z (São Paulo: Monday 2026-11-23, 09:00).
 * COBRE_TEST_NOW=<ISO instant> moves the whole suite to that instant's year: every test clock and
 * every date a test writes through `d()`/`br()` moves by the same number of years, keeping month,
 * day and time of day, so calendar rules (month lengths, billing days, periods, due dates) stay
 * exactly as the tests state them while the clock is years away from the machine's and the
 * database's. A rule that reads either of those instead of the injected clock then fails.
 */
export const FRAME_YEAR = 2026;
export const REFERENCE_NOW = '2026-11-23T12:00:00Z';

function yearShift(): number {
  const moved = process.env.COBRE_TEST_NOW?.trim();
  if (!moved) return 0;
  const at = new Date(moved);
  if (Number.isNaN(at.getTime())) throw new Error(`COBRE_TEST_NOW is not an ISO instant: ${moved}`);
  return at.getUTCFullYear() - FRAME_YEAR;
}
export const YEAR_SHIFT = yearShift();

const shiftYear = (y: string) => String(Number(y) + YEAR_SHIFT).padStart(4, '0');

/** A date or instant of the suite's frame ('2026-11-05', '2026-11', '2026-11-23T15:00:00Z'), moved with COBRE_TEST_NOW. */
export function d(frameDate: string): string {
  if (!/^\d{4}-\d{2}/.test(frameDate)) throw new Error(`not a frame date: ${frameDate}`);
  return shiftYear(frameDate.slice(0, 4)) + frameDate.slice(4);
}

/** The same for the Brazilian forms '05/11/2026', '23/11/2026 09:00', and 'DDMMYYYY' / 'DDMMYY' (CNAB files). */
export function br(frameDate: string): string {
  const short = /^(\d{4})(\d{2})$/.exec(frameDate); // DDMMYY (CNAB 400)
  if (short) return short[1] + shiftYear(`20${short[2]}`).slice(2);
  const m = /^(\d{2}\/?\d{2}\/?)(\d{4})( \d{2}:\d{2})?$/.exec(frameDate);
  if (!m) throw new Error(`not a dd/mm/yyyy frame date: ${frameDate}`);
  return m[1] + shiftYear(m[2]) + (m[3] ?? '');
}

/** A frame year as a number (Date.UTC(y(2026), 10, 7)). */
export function y(frameYear: number): number {
  return frameYear + YEAR_SHIFT;
}

export function testNow(at: string = REFERENCE_NOW): Date {
  return new Date(d(at));
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
  const clock = fixedClock(testNow(opts.now));
  const app = await buildApp({ db, clock, config: { authCacheSeconds: 0, ...(opts.config ?? {}) } });
  await app.ready();
  let n = 0;
  return {
    app,
    db,
    clock,
    async newTenant(name?: string) {
      const { tenant, liveKey, testKey } = await db.transaction((tx) =>
        createTenant(
          tx,
          { legal_name: name ?? `Tenant de Teste ${++n} ${Math.random().toString(36).slice(2, 8)}`, contact_email: 'ti@example.com' },
          clock.now(),
        ),
      );
      return {
        id: tenant.id,
        sandboxId: tenant.sandbox_id!,
        live: liveKey.secret,
        test: testKey.secret,
        liveKeyId: liveKey.id,
        testKeyId: testKey.id,
      };
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
  const base = String(100_000_000 + (seed % 899_999_999))
    .padStart(9, '0')
    .slice(0, 9)
    .split('')
    .map(Number);
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
