// Seeding for the move benchmark: an embedded (PGlite) data directory holding one company with N
// charges of billing runs, each with 2 lines, and the rows they need by foreign key. Contracts,
// customers, items and usage come from the billing benchmark's seedBilling (N / 10 contracts);
// then 10 monthly billing runs, each billing every contract once, written set-based (INSERT …
// SELECT over the contracts) with time-ordered ids, as Cobre's uuidv7 ids are.
import type { Db } from '../src/platform/db/types.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { createTenant } from '../src/tenants/tenants.ts';
import { uuidv7 } from '../src/platform/ids.ts';
import { seedBilling } from '../test/support/seed-billing.ts';

export const MONTHS = 10;
const FLAT_CENTS = 9990;
const USAGE_QTY = 42.5;
const USAGE_PRICE = 75.5;
const USAGE_CENTS = Math.round((USAGE_QTY - 10) * USAGE_PRICE); // 10 included

export interface SeedCounts {
  tenantId: string;
  contracts: number;
  charges: number;
  lines: number;
}

/** A time-ordered uuid (uuidv7 layout) from a millisecond time and a unique counter, in SQL. */
function uuidSql(ms: string, k: string): string {
  return `(lpad(to_hex(${ms}), 12, '0') || '7' || lpad(to_hex((${k}) % 4096), 3, '0') || '8' || lpad(to_hex(${k}), 15, '0'))::uuid`;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addMonths = (y: number, m: number, day: number, months: number) => new Date(Date.UTC(y, m - 1 + months, day));

export async function seedMove(db: Db, charges: number, log: (s: string) => void): Promise<SeedCounts> {
  if (charges % MONTHS) throw new Error(`--charges must be a multiple of ${MONTHS} (one charge per contract and month)`);
  const contracts = charges / MONTHS;
  await migrate(db);
  const at = new Date('2026-11-01T12:00:00Z');
  const { tenant } = await db.transaction((tx) => createTenant(tx, { legal_name: 'Bench Mudança Ltda' }, at));
  const tenantId = tenant.id;
  let t = Date.now();
  const { flatServiceId, usageServiceId } = await seedBilling(db, tenantId, {
    contracts,
    startDate: '2025-12-05',
    billingDay: 5,
    usageDate: '2025-12-20',
    chunk: 10_000,
    at,
  });
  log(`  ${contracts.toLocaleString('en')} customers, contracts (2 items each), usage on half: ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // Base time of the ids: 2026-01-05, one month apart per run, +1 ms per contract.
  for (let m = 0; m < MONTHS; m++) {
    t = Date.now();
    const ref = addMonths(2026, 1, 5, m);
    const periodKey = ref.toISOString().slice(0, 7);
    const periodStart = iso(addMonths(2025, 12, 5, m));
    const periodEnd = iso(new Date(ref.getTime() - 86_400_000));
    const due = iso(new Date(ref.getTime() + 10 * 86_400_000));
    const runId = uuidv7();
    const ms = `${ref.getTime()}::int8 + c.number`;
    const k = `${m * contracts}::int8 + c.number`;
    const last = m === MONTHS - 1;
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO billing_runs (tenant_id, id, number, reference_date, trigger, status, total_contracts, processed_contracts, charges_created,
                                   total_cents, chunks_total, chunks_done, actor_type, started_at, finished_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'scheduler', 'finished', $5, $5, $5, $6, $7, $7, 'system', $8, $8, $8, $8)`,
        [
          tenantId,
          runId,
          m + 1,
          iso(ref),
          contracts,
          contracts * (FLAT_CENTS + USAGE_CENTS),
          Math.ceil(contracts / 1000),
          ref.toISOString(),
        ],
      );
      await tx.query(
        `INSERT INTO charges (tenant_id, id, number, customer_id, contract_id, origin, billing_run_id, period_key, period_start, period_end, description,
                              amount_cents, paid_cents, issue_date, due_date, status, payment_method, paid_at, created_at, updated_at)
         SELECT c.tenant_id, ${uuidSql(ms, k)}, ${k}, c.customer_id, c.id, 'billing_run', $2, $3, $4::date, $5::date, 'Mensalidade ' || $3::text,
                $6::int8, CASE WHEN s.status = 'paid' THEN $6::int8 ELSE 0 END, $7::date, $8::date, s.status, 'boleto',
                CASE WHEN s.status = 'paid' THEN $8::timestamptz END, $9::timestamptz, $9::timestamptz
           FROM contracts c
          CROSS JOIN LATERAL (SELECT CASE WHEN $10::bool THEN 'open' WHEN c.number % 20 = 0 THEN 'overdue' ELSE 'paid' END AS status) s
          WHERE c.tenant_id = $1`,
        [tenantId, runId, periodKey, periodStart, periodEnd, FLAT_CENTS + USAGE_CENTS, iso(ref), due, ref.toISOString(), last],
      );
      await tx.query(
        `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, contract_item_id, service_id, description, quantity, unit_price_cents, amount_cents, billable_days, period_days)
         SELECT c.tenant_id, ${uuidSql(ms, k)}, CASE WHEN i.service_id = $2 THEN 1 ELSE 2 END, CASE WHEN i.service_id = $2 THEN 'flat' ELSE 'usage' END,
                i.id, i.service_id, CASE WHEN i.service_id = $2 THEN 'Internet ' || $4::text ELSE 'Energia ' || $4::text || ' (42,5 kWh, 10 incluídos)' END,
                CASE WHEN i.service_id = $2 THEN 1 ELSE $5::numeric END, CASE WHEN i.service_id = $2 THEN $6::numeric ELSE $7::numeric END,
                CASE WHEN i.service_id = $2 THEN $6::int8 ELSE $8::int8 END, 31, 31
           FROM contracts c JOIN contract_items i ON i.tenant_id = c.tenant_id AND i.contract_id = c.id AND i.service_id IN ($2, $3)
          WHERE c.tenant_id = $1`,
        [tenantId, flatServiceId, usageServiceId, periodKey, USAGE_QTY, FLAT_CENTS, USAGE_PRICE, USAGE_CENTS],
      );
    });
    log(
      `  billing run ${m + 1}/${MONTHS} (${periodKey}): ${contracts.toLocaleString('en')} charges, ${(2 * contracts).toLocaleString('en')} lines: ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
  }
  await db.query(
    `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'charge', $2), ($1, 'billing_run', $3)
     ON CONFLICT (tenant_id, name) DO UPDATE SET value = greatest(tenant_counters.value, EXCLUDED.value)`,
    [tenantId, charges, MONTHS],
  );
  return { tenantId, ...(await countSeed(db)) };
}

export async function countSeed(db: Db): Promise<{ contracts: number; charges: number; lines: number }> {
  const { rows } = await db.query<{ contracts: string; charges: string; lines: string }>(
    `SELECT (SELECT count(*) FROM contracts)::text AS contracts, (SELECT count(*) FROM charges)::text AS charges, (SELECT count(*) FROM charge_lines)::text AS lines`,
  );
  return { contracts: Number(rows[0].contracts), charges: Number(rows[0].charges), lines: Number(rows[0].lines) };
}
