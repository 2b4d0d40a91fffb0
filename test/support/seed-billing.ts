// Seeds billable contracts straight into the tables (set-based), for tests and benchmarks that
// need thousands to millions of contracts: one flat and one per-unit service, one customer and
// one active contract with two items per i, usage on every other contract.
import type { Db } from '../../src/platform/db/types.ts';
import { uuidv7 } from '../../src/platform/ids.ts';

export interface SeededBilling {
  contractIds: string[];
  flatServiceId: string;
  usageServiceId: string;
}

export async function seedBilling(
  db: Db,
  tenantId: string,
  opts: { contracts: number; startDate: string; billingDay: number; usageDate: string; chunk?: number; at: Date },
): Promise<SeededBilling> {
  // Rows carry the caller's clock time, as Cobre's own writes do (docs/architecture.md#time).
  const at = opts.at.toISOString();
  const flatServiceId = uuidv7();
  const usageServiceId = uuidv7();
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO services (tenant_id, id, number, code, name, unit, pricing_model, billing_period, active, created_at, updated_at)
       VALUES ($1, $2, 900001, 'SEED-NET', 'Internet', 'mês', 'flat', 'monthly', true, $4, $4),
              ($1, $3, 900002, 'SEED-KWH', 'Energia', 'kWh', 'per_unit', 'monthly', true, $4, $4)`,
      [tenantId, flatServiceId, usageServiceId, at],
    );
    await tx.query(
      `INSERT INTO service_prices (tenant_id, id, service_id, effective_from, pricing_model, price_cents, included_quantity, created_at)
       VALUES ($1, $2, $3, '2000-01-01', 'flat', 9990, NULL, $6), ($1, $4, $5, '2000-01-01', 'per_unit', 75.5, 10, $6)`,
      [tenantId, uuidv7(), flatServiceId, uuidv7(), usageServiceId, at],
    );
  });
  const contractIds: string[] = [];
  const chunk = opts.chunk ?? 10_000;
  for (let start = 0; start < opts.contracts; start += chunk) {
    const n = Math.min(chunk, opts.contracts - start);
    const cust: string[] = [],
      con: string[] = [],
      it1: string[] = [],
      it2: string[] = [],
      num: number[] = [],
      name: string[] = [],
      use: string[] = [],
      useItem: string[] = [],
      useCon: string[] = [],
      useCust: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = start + i;
      cust.push(uuidv7());
      con.push(uuidv7());
      it1.push(uuidv7());
      it2.push(uuidv7());
      num.push(k + 1);
      name.push(`Cliente ${k + 1}`);
      if (k % 2 === 0) {
        use.push(uuidv7());
        useItem.push(it2[i]);
        useCon.push(con[i]);
        useCust.push(cust[i]);
      }
    }
    contractIds.push(...con);
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO customers (tenant_id, id, number, person_type, name, created_at, updated_at)
         SELECT $1::uuid, u.id, u.num, 'PF', u.name, $5::timestamptz, $5::timestamptz FROM unnest($2::uuid[], $3::int8[], $4::text[]) AS u(id, num, name)`,
        [tenantId, cust, num, name, at],
      );
      await tx.query(
        `INSERT INTO contracts (tenant_id, id, number, customer_id, status, start_date, billing_day, due_days, payment_method, activated_at, created_at, updated_at)
         SELECT $1::uuid, u.id, u.num, u.cust, 'active', $5::date, $6::int, 10, 'boleto', $7::timestamptz, $7::timestamptz, $7::timestamptz
         FROM unnest($2::uuid[], $3::int8[], $4::uuid[]) AS u(id, num, cust)`,
        [tenantId, con, num, cust, opts.startDate, opts.billingDay, at],
      );
      await tx.query(
        `INSERT INTO contract_items (tenant_id, id, contract_id, service_id, quantity, created_at)
         SELECT $1::uuid, u.i1, u.c, $5::uuid, 1, $7::timestamptz FROM unnest($2::uuid[], $3::uuid[]) AS u(i1, c)
         UNION ALL SELECT $1::uuid, u.i2, u.c, $6::uuid, 1, $7::timestamptz FROM unnest($4::uuid[], $3::uuid[]) AS u(i2, c)`,
        [tenantId, it1, con, it2, flatServiceId, usageServiceId, at],
      );
      if (use.length) {
        await tx.query(
          `INSERT INTO usage_records (tenant_id, id, contract_id, contract_item_id, customer_id, service_id, quantity, reference_date, created_at, updated_at)
           SELECT $1::uuid, u.id, u.c, u.it, u.cu, $6::uuid, 42.5, $7::date, $8::timestamptz, $8::timestamptz
           FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[]) AS u(id, c, it, cu)`,
          [tenantId, use, useCon, useItem, useCust, usageServiceId, opts.usageDate, at],
        );
      }
    });
  }
  await db.query(
    `INSERT INTO tenant_counters (tenant_id, name, value) VALUES ($1, 'customer', $2), ($1, 'contract', $2)
     ON CONFLICT (tenant_id, name) DO UPDATE SET value = greatest(tenant_counters.value, EXCLUDED.value)`,
    [tenantId, opts.contracts],
  );
  return { contractIds, flatServiceId, usageServiceId };
}
