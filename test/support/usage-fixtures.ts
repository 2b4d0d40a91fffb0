// Services, contracts and items written straight into the tables (the catalog and contract APIs
// have their own tests), so consumption and import tests control every date and state.
import type { Db } from '../../src/platform/db/types.ts';
import { uuidv7 } from '../../src/platform/ids.ts';
import { d, testNow } from './app.ts';

// Rows written here carry the suite's reference instant, as rows written by Cobre carry its clock's.
const stamp = () => testNow().toISOString();

let seq = 0;

export interface ItemFixture {
  serviceId: string;
  serviceCode?: string;
  startsOn?: string | null;
  endsOn?: string | null;
}

export async function makeService(
  db: Db,
  tenantId: string,
  code = `SVC-${++seq}-${Math.random().toString(36).slice(2, 6)}`,
): Promise<{ id: string; code: string }> {
  const id = uuidv7();
  const number = Number(`${Date.now() % 1_000_000}${++seq}`);
  await db.query(
    `INSERT INTO services (tenant_id, id, number, code, name, unit, pricing_model, billing_period, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'kWh', 'per_unit', 'monthly', $6, $6)`,
    [tenantId, id, number, code, `Serviço ${code}`, stamp()],
  );
  return { id, code };
}

export async function makeContract(
  db: Db,
  tenantId: string,
  o: {
    customerId: string;
    items: ItemFixture[];
    status?: string;
    startDate?: string;
    endDate?: string | null;
    externalCode?: string | null;
    number?: number;
  },
): Promise<{ id: string; number: number; itemIds: string[] }> {
  const id = uuidv7();
  const number = o.number ?? Number(`${Date.now() % 1_000_000}${++seq}`);
  await db.query(
    `INSERT INTO contracts (tenant_id, id, number, customer_id, status, start_date, end_date, billing_day, external_code, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 10, $8, $9, $9)`,
    [
      tenantId,
      id,
      number,
      o.customerId,
      o.status ?? 'active',
      o.startDate ?? d('2026-01-01'),
      o.endDate ?? null,
      o.externalCode ?? null,
      stamp(),
    ],
  );
  const itemIds: string[] = [];
  for (const it of o.items) {
    const itemId = uuidv7();
    itemIds.push(itemId);
    await db.query(
      `INSERT INTO contract_items (tenant_id, id, contract_id, service_id, starts_on, ends_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, itemId, id, it.serviceId, it.startsOn ?? null, it.endsOn ?? null, stamp()],
    );
  }
  return { id, number, itemIds };
}

export async function makeCustomer(
  db: Db,
  tenantId: string,
  o: { document?: string | null; externalCode?: string | null; name?: string } = {},
): Promise<string> {
  const id = uuidv7();
  const number = Number(`${Date.now() % 1_000_000}${++seq}`);
  await db.query(
    `INSERT INTO customers (tenant_id, id, number, person_type, document_kind, document, name, external_code, created_at, updated_at)
     VALUES ($1, $2, $3, 'PJ', $4, $5, $6, $7, $8, $8)`,
    [
      tenantId,
      id,
      number,
      o.document ? 'cnpj' : null,
      o.document ?? null,
      o.name ?? 'Cliente de Consumo Ltda',
      o.externalCode ?? null,
      stamp(),
    ],
  );
  return id;
}
