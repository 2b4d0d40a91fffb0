// A company with a month of real data, made through the API as a clerk would: services, customers
// with e-mails and addresses, contracts with usage, a billing run (charges, lines, history,
// events), a payment and a webhook endpoint. Backups, restores and moves copy it and compare.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { runJobsUntilIdle } from '../../src/workers.ts';
import type { Db } from '../../src/platform/db/types.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { cpfFrom, d } from './app.ts';

type Call = (key: string | null, method: string, url: string, body?: unknown) => Promise<LightMyRequestResponse>;

export async function populateCompany(call: Call, db: Db, clock: Clock, key: string, seed = 1): Promise<void> {
  const ok = async (res: Promise<LightMyRequestResponse>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const net = await ok(
    call(key, 'POST', '/v1/services', { code: 'NET', name: 'Internet 100MB', unit: 'mês', pricing_model: 'flat', price_cents: 10000 }),
  );
  const kwh = await ok(
    call(key, 'POST', '/v1/services', {
      code: 'KWH',
      name: 'Energia',
      unit: 'kWh',
      pricing_model: 'per_unit',
      price_cents: '50',
      included_quantity: '10',
    }),
  );
  for (let i = 0; i < 3; i++) {
    const customer = await ok(
      call(key, 'POST', '/v1/customers', {
        person_type: 'PF',
        name: `Cliente ${seed}-${i} Conceição d'Ávila`,
        document: cpfFrom(seed * 100 + i),
        emails: [{ email: `cliente${seed}x${i}@example.com` }],
        addresses: [
          {
            street: 'Rua João Pessoa',
            number: String(10 + i),
            district: 'Centro',
            city: 'Garibaldi',
            state: 'RS',
            postal_code: '95720000',
          },
        ],
      }),
    );
    const contract = await ok(
      call(key, 'POST', '/v1/contracts', {
        customer_id: customer.id,
        billing_day: 5,
        due_days: 10,
        payment_method: 'boleto',
        start_date: d('2026-10-05'),
        items: i === 0 ? [{ service_id: net.id }, { service_id: kwh.id }] : [{ service_id: net.id }],
      }),
    );
    await ok(call(key, 'POST', `/v1/contracts/${contract.id}/activate`));
    if (i === 0) {
      await ok(
        call(key, 'POST', '/v1/consumption', {
          contract_item_id: contract.items[1].id,
          quantity: '30.5',
          reference_date: d('2026-10-20'),
          external_id: `leitura-${seed}`,
        }),
      );
    }
  }
  await ok(call(key, 'POST', '/v1/billing-runs', { reference_date: d('2026-11-05') }));
  await runJobsUntilIdle(db, { queues: ['billing'], clock });
  const charges = (await ok(call(key, 'GET', '/v1/charges?page_size=100&sort=number'))).data as { id: string; amount_cents: number }[];
  expect(charges.length).toBeGreaterThanOrEqual(3);
  await ok(
    call(key, 'POST', `/v1/charges/${charges[0].id}/payments`, {
      amount_cents: charges[0].amount_cents,
      method: 'pix',
      external_id: `pg-${seed}`,
    }),
  );
  await ok(call(key, 'POST', '/v1/webhook-endpoints', { url: `https://erp${seed}.example.com/hooks`, event_types: ['charge.paid'] }));
}

/** The reads a client makes, for comparing two servers over the same data. */
export const READ_CHECKS = [
  '/v1/customers?page_size=100',
  '/v1/services',
  '/v1/contracts?page_size=100',
  '/v1/charges?page_size=100&sort=number',
  '/v1/billing-runs',
  '/v1/webhook-endpoints',
  '/v1/consumption',
  '/v1/tenant',
];
