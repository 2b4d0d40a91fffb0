// The pure part of a run's decision (src/billing/runs/billing-runs.ts: examineContracts + decide):
// the reasons that are awkward to reach through the API (an item that ends, a contract without
// items), and that catch_up bills past periods once and leaves a suspended period alone.
import { describe, expect, it } from 'vitest';
import { decide, examineContracts } from '../../src/billing/runs/billing-runs.ts';
import type { ContractBillingData } from '../../src/contracts/billing-data.ts';

function contract(over: Partial<ContractBillingData> = {}): ContractBillingData {
  return {
    id: 'c1',
    customerId: 'cu1',
    startDate: '2026-01-05',
    endDate: null,
    billingDay: 5,
    dueDays: 10,
    status: 'active',
    paymentMethod: 'boleto',
    cancellationEffectiveDate: null,
    suspensions: [],
    items: [{ id: 'i1', serviceId: 's1', quantity: '1', priceOverrideCents: null, startsOn: null, endsOn: null }],
    services: new Map([
      [
        's1',
        {
          name: 'Internet',
          unit: 'mês',
          billing_period: 'monthly',
          prices: [
            { id: 'p1', effective_from: '2020-01-01', pricing_model: 'flat', price_cents: '10000', tiers: null, included_quantity: null },
          ],
          snapshots: new Map(),
        },
      ],
    ]),
    ...over,
  };
}

const run = (cs: ContractBillingData[], ref: string, catchUp: boolean, billed: string[] = []) => {
  const { examined, errors } = examineContracts(cs, ref);
  for (const e of examined) e.unbilled = e.t.past.filter((p) => !billed.includes(`${e.c.id}|${p.period.key}`));
  return decide(examined, ref, catchUp, () => [], errors);
};

describe('a run decides per contract', () => {
  it('no_items_in_force: the only item ended before the period due', () => {
    const c = contract({
      items: [{ id: 'i1', serviceId: 's1', quantity: '1', priceOverrideCents: null, startsOn: null, endsOn: '2026-02-04' }],
    });
    const out = run([c], '2026-03-05', false, ['c1|2026-01-05..2026-02-04']);
    expect(out.proposals).toEqual([]);
    expect(out.skips).toMatchObject([{ reason: 'no_items_in_force', period_start: '2026-02-05', period_end: '2026-03-04' }]);
  });

  it('no_items: a contract without items never bills', () => {
    const out = run([contract({ items: [] })], '2026-03-05', true);
    expect(out.skips).toMatchObject([{ reason: 'no_items', next_billing_date: null }]);
  });

  it('catch_up bills each unbilled past period once (issued on the run date) and skips a period suspended throughout', () => {
    const c = contract({ suspensions: [{ startDate: '2026-02-05', endDate: '2026-03-04' }] });
    // Billed: Jan–Feb. Pending: Feb–Mar (suspended throughout: nothing to bill), Mar–Apr.
    const out = run([c], '2026-04-20', true, ['c1|2026-01-05..2026-02-04']);
    expect(out.proposals.map((p) => [p.periodKey, p.billingDate, p.issueDate, p.dueDate, p.totalCents])).toEqual([
      ['2026-03-05..2026-04-04', '2026-04-05', '2026-04-20', '2026-04-30', 10_000],
    ]);
    expect(out.skips).toEqual([]);
    const plain = run([c], '2026-04-20', false, ['c1|2026-01-05..2026-02-04']);
    expect(plain.proposals).toEqual([]);
    expect(plain.unbilledPast).toEqual({ contracts: 1, periods: 1, cents: 10_000 });
    expect(plain.skips).toMatchObject([
      { reason: 'unbilled_past_periods', unbilled_cents: 10_000, last_billing_date: '2026-04-05', next_billing_date: '2026-05-05' },
    ]);
  });

  it('a period older than the 12-month look-back is neither listed nor caught up', () => {
    const out = run([contract({ startDate: '2024-06-05' })], '2026-04-20', true);
    expect(out.proposals[0].periodStart).toBe('2025-03-05'); // billing date 2025-04-05, the first on or after 2025-04-01
    expect(out.proposals).toHaveLength(13);
  });
});
