// Removing one address or e-mail of a customer (src/customers/customer-contacts.ts), the use case
// the dialects' DELETEs call: the primary moves to the first one left, the removed one is returned,
// and the customer is locked first, so an address added at the same moment is never lost (on
// server PostgreSQL the two transactions really overlap; the embedded database runs them in turn).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, usingPostgres, type TestContext, type TestTenant } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { addCustomerAddress, removeCustomerAddress, removeCustomerEmail } from '../../src/customers/customer-contacts.ts';
import { systemScope } from '../../src/platform/scope.ts';

let ctx: TestContext;
let t: TestTenant;

beforeAll(async () => {
  ctx = await createTestContext();
  t = await ctx.newTenant();
});
afterAll(() => ctx.close());

const address = (street: string, is_primary = false) => ({
  street,
  number: '10',
  district: 'Centro',
  city: 'São Paulo',
  state: 'SP',
  postal_code: '01001-000',
  is_primary,
});
const scope = () => systemScope(t.id, ctx.clock.now());
const today = () => ({ today: ctx.clock.today() });

async function customerWith(streets: string[], emails: string[]) {
  const res = await ctx.call(t.live, 'POST', '/v1/customers', {
    name: `Cliente ${streets[0]}`,
    person_type: 'PF',
    addresses: streets.map((s, i) => address(s, i === 0)),
    emails: emails.map((email, i) => ({ email, is_primary: i === 0 })),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('removing an address or an e-mail of a customer', () => {
  it('moves the primary to the first one left and returns the removed one', async () => {
    const c = await customerWith(['Rua A', 'Rua B'], ['a@example.com', 'b@example.com']);
    const primary = c.addresses.find((a: { is_primary: boolean }) => a.is_primary);
    const gone = await ctx.db.transaction((tx) => removeCustomerAddress(tx, scope(), primary.number, today()));
    expect(gone.address.street).toBe('Rua A');
    expect(gone.customer.addresses.map((a) => [a.street, a.is_primary])).toEqual([['Rua B', true]]);
    const mail = await ctx.db.transaction((tx) => removeCustomerEmail(tx, scope(), c.emails[0].id, today()));
    expect(mail.email.email).toBe('a@example.com');
    expect(mail.customer.emails.map((e) => [e.email, e.is_primary])).toEqual([['b@example.com', true]]);
    await expect(ctx.db.transaction((tx) => removeCustomerAddress(tx, scope(), primary.number, today()))).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('never loses an address added while another is being removed', async () => {
    const c = await customerWith(['Rua C', 'Rua D'], ['c@example.com']);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The add holds the customer's lock until the gate opens; the removal starts meanwhile.
    const adding = ctx.db.transaction(async (tx) => {
      const added = await addCustomerAddress(tx, scope(), c.id, address('Rua E'), today());
      if (usingPostgres) await gate;
      return added;
    });
    const removing = (async () => {
      if (!usingPostgres) await adding;
      return ctx.db.transaction((tx) => removeCustomerAddress(tx, scope(), c.addresses[1].id, today()));
    })();
    if (usingPostgres) {
      // The removal is waiting for the customer's lock (it has not read the addresses yet).
      await waitFor('the removal waits for the lock', async () => {
        const { rows } = await ctx.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
        );
        return rows[0].n > 0;
      });
      release();
    }
    await adding;
    await removing;
    const after = (await ctx.call(t.live, 'GET', `/v1/customers/${c.id}`)).json();
    expect(after.addresses.map((a: { street: string }) => a.street).sort()).toEqual(['Rua C', 'Rua E']);
  });
});
