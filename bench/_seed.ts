// Seeding shared by the benchmarks of the collection loop (notifications, payer-page): a tenant with
// an Itaú collection account that has a Pix key, and payers with open boleto charges of one line,
// inserted set-based (the rows the use cases would write, without their per-row cost).
import type { Db, Queryable } from '../src/platform/db/types.ts';
import type { Scope } from '../src/platform/scope.ts';

export const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A tenant and its collection account (the default one, with a Pix key). */
export async function createBenchTenant(db: Db, legalName: string): Promise<{ tenantId: string; scope: Scope }> {
  const { createTenant } = await import('../src/tenants/tenants.ts');
  const { systemScope } = await import('../src/platform/scope.ts');
  const { createCollectionAccount } = await import('../src/boleto/accounts/collection-accounts.ts');
  const { tenant } = await db.transaction((tx) => createTenant(tx, { legal_name: legalName }, new Date()));
  const scope = systemScope(tenant.id, new Date());
  await db.transaction((tx) =>
    createCollectionAccount(tx, scope, {
      bank_code: '341',
      agency: '0057',
      account: '12345',
      carteira: '109',
      account_digit: '7',
      pix_key: 'financeiro@example.com',
      beneficiary_name: 'Empresa Demonstração Ltda',
      beneficiary_document: '11.222.333/0001-81',
      beneficiary_address: {
        street: 'Rua João Pessoa',
        number: '17',
        district: 'Centro',
        city: 'Garibaldi',
        state: 'RS',
        postal_code: '95720-000',
      },
    } as never),
  );
  return { tenantId: tenant.id, scope };
}

/**
 * Payers numbered `numbers` (CPF, billing address, and an e-mail when asked) and one open boleto
 * charge each, due in 10–29 days; the same numbers for customers, addresses, e-mails and charges.
 */
export async function insertPayersAndCharges(
  tx: Queryable,
  tenantId: string,
  numbers: number[],
  opts: { withEmail: boolean },
): Promise<{ chargeIds: string[] }> {
  const { uuidv7 } = await import('../src/platform/ids.ts');
  const { cpfFrom } = await import('../test/support/app.ts');
  const ids = () => numbers.map(() => uuidv7());
  const cid = ids(),
    aid = ids(),
    eid = ids(),
    chid = ids();
  const name = numbers.map((k) => `Cliente ${k} da Silva`);
  const doc = numbers.map((k) => cpfFrom(k + 1000));
  const amount = numbers.map((k) => 10_000 + (k % 90_000));
  const due = numbers.map((k) => isoDay(10 + (k % 20)));
  const descr = numbers.map((k) => `Mensalidade ${k}`);
  await tx.query(
    `INSERT INTO customers (tenant_id, id, number, person_type, document_kind, document, name)
     SELECT $1, u.id, u.num, 'PF', 'cpf', u.doc, u.name FROM unnest($2::uuid[], $3::int8[], $4::text[], $5::text[]) AS u(id, num, doc, name)`,
    [tenantId, cid, numbers, doc, name],
  );
  if (opts.withEmail) {
    await tx.query(
      `INSERT INTO customer_emails (tenant_id, id, number, customer_id, email, is_primary)
       SELECT $1, u.eid, u.num, u.cid, 'cliente' || u.num || '@pagador.example', true FROM unnest($2::uuid[], $3::int8[], $4::uuid[]) AS u(eid, num, cid)`,
      [tenantId, eid, numbers, cid],
    );
  }
  await tx.query(
    `INSERT INTO customer_addresses (tenant_id, id, number, customer_id, is_primary, for_billing, street, street_number, district, city, state, postal_code, country)
     SELECT $1, u.aid, u.num, u.cid, true, true, 'Avenida Brasil', '100', 'Centro', 'Porto Alegre', 'RS', '90010000', 'BR'
     FROM unnest($2::uuid[], $3::int8[], $4::uuid[]) AS u(aid, num, cid)`,
    [tenantId, aid, numbers, cid],
  );
  await tx.query(
    `INSERT INTO charges (tenant_id, id, number, customer_id, origin, description, amount_cents, issue_date, due_date, status, payment_method)
     SELECT $1, u.id, u.num, u.cid, 'one_off', u.descr, u.amount, $2::date, u.due, 'open', 'boleto'
     FROM unnest($3::uuid[], $4::int8[], $5::uuid[], $6::int8[], $7::date[], $8::text[]) AS u(id, num, cid, amount, due, descr)`,
    [tenantId, isoDay(0), chid, numbers, cid, amount, due, descr],
  );
  await tx.query(
    `INSERT INTO charge_lines (tenant_id, charge_id, position, kind, description, quantity, unit_price_cents, amount_cents)
     SELECT $1, u.id, 1, 'one_off', u.descr, 1, u.amount, u.amount FROM unnest($2::uuid[], $3::int8[], $4::text[]) AS u(id, amount, descr)`,
    [tenantId, chid, amount, descr],
  );
  return { chargeIds: chid };
}

/** Moves the per-tenant counters past the numbers seeded by hand, so later creates do not collide. */
export async function setCounters(db: Queryable, tenantId: string, last: number, names: string[]): Promise<void> {
  await db.query(
    `INSERT INTO tenant_counters (tenant_id, name, value) SELECT $1, n, $2 FROM unnest($3::text[]) AS n
     ON CONFLICT (tenant_id, name) DO UPDATE SET value = excluded.value`,
    [tenantId, last, names],
  );
}
