import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DomainError } from '../platform/errors.ts';
import { billableDaysIn, calculateCharge, formatQuantityBR } from './charge.ts';
import { fromDayNumber, toDayNumber } from '../platform/dates.ts';
import { periodContaining, periodDueOn } from './periods.ts';
import { contract, contractWithPeriod, item, service } from './test-fixtures.ts';
import type { BillingPeriod, ContractSnapshot, PriceTier, ProposedCharge, ServiceSnapshot } from './types.ts';
import { parseDecimal } from '../platform/decimal.ts';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** What the daily run does on `referenceDate`: find the due period and price it. */
function runOn(c: ContractSnapshot, referenceDate: string, usage: { contractItemId: string; quantity: string }[] = []) {
  const period = periodDueOn(c, referenceDate);
  if (!period) throw new Error(`nothing due on ${referenceDate}`);
  return calculateCharge({ contract: c, period, usage, issueDate: referenceDate });
}

function charged(charge: ProposedCharge | null): ProposedCharge {
  if (!charge) throw new Error('expected a charge');
  return charge;
}

const period = (start: string, end: string): BillingPeriod => ({ start, end, key: `${start}..${end}` });

// The examples below use R$ 99,90 (9990 ¢) per month; each comment shows the exact arithmetic.
describe('flat proration by day, date by date', () => {
  it('a full period bills the full price', () => {
    const c = contract({ startDate: '2026-10-01', billingDay: 5 });
    const ch = charged(runOn(c, '2026-12-05'));
    expect(ch).toEqual({
      contractId: 'ctr-1',
      customerId: 'cus-1',
      periodKey: '2026-11-05..2026-12-04',
      periodStart: '2026-11-05',
      periodEnd: '2026-12-04',
      issueDate: '2026-12-05',
      dueDate: '2026-12-15',
      totalCents: 9990,
      lines: [
        {
          contractItemId: 'item-1',
          serviceId: 'svc-internet',
          kind: 'flat',
          description: 'Internet 100MB — 05/11/2026 a 04/12/2026 (30/30 dias)',
          quantity: '1',
          unitPriceCents: '9990',
          amountCents: 9990,
          billableDays: 30,
          periodDays: 30,
        },
      ],
    });
  });

  it('start on the 17th: 17/11 to 04/12 is 18 of 30 days → 9990 × 18/30 = 5994', () => {
    const ch = charged(runOn(contract({ startDate: '2026-11-17', billingDay: 5 }), '2026-12-05'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 18, periodDays: 30, amountCents: 5994 });
    expect(ch.lines[0].description).toBe('Internet 100MB — 05/11/2026 a 04/12/2026 (18/30 dias)');
    // The next period is whole again.
    expect(charged(runOn(contract({ startDate: '2026-11-17', billingDay: 5 }), '2027-01-05')).totalCents).toBe(9990);
  });

  it('cancel on the 3rd: 3 of 31 days of December → 29970/31 = 966.77 → 967', () => {
    const c = contract({ status: 'cancelled', cancellation: { effectiveDate: '2026-12-03' } });
    const ch = charged(runOn(c, '2027-01-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 3, periodDays: 31, amountCents: 967 });
    expect(ch.totalCents).toBe(967);
  });

  it('an item ending on the 3rd while the contract goes on: 3/31 of it (967), the other item whole', () => {
    const c = contract({ items: [item(), item({ id: 'item-2', endsOn: '2026-12-03' })] });
    const ch = charged(runOn(c, '2027-01-01'));
    expect(ch.lines.map((l) => [l.contractItemId, l.billableDays, l.amountCents])).toEqual([
      ['item-1', 31, 9990],
      ['item-2', 3, 967],
    ]);
    expect(ch.totalCents).toBe(9990 + 967);
  });

  it("an item's end after the contract's end, or on the period's last day, changes nothing", () => {
    const late = contract({ endDate: '2026-12-03', items: [item({ endsOn: '2026-12-20' })] });
    expect(charged(runOn(late, '2027-01-01')).lines[0]).toMatchObject({ billableDays: 3, amountCents: 967 });
    const whole = contract({ items: [item({ endsOn: '2026-12-31' })] });
    expect(charged(runOn(whole, '2027-01-01')).lines[0]).toMatchObject({ billableDays: 31, amountCents: 9990 });
  });

  it('suspended 10 days (10th–19th inclusive) in a 30-day month → 20/30 → 6660', () => {
    const c = contract({ status: 'active', suspensions: [{ startDate: '2026-11-10', endDate: '2026-11-19' }] });
    const ch = charged(runOn(c, '2026-12-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 20, periodDays: 30, amountCents: 6660 });
  });

  it('an open suspension runs to the end of the period (21st–30th) → 20/30 → 6660', () => {
    const c = contract({ status: 'suspended', suspensions: [{ startDate: '2026-11-21' }] });
    expect(charged(runOn(c, '2026-12-01')).lines[0]).toMatchObject({ billableDays: 20, amountCents: 6660 });
    // …and covers the whole next period: no flat line, no charge.
    expect(runOn(c, '2027-01-01')).toBeNull();
  });

  it('overlapping suspensions count each day once (10th–19th ∪ 15th–24th = 15 days) → 15/30 → 4995', () => {
    const c = contract({
      suspensions: [
        { startDate: '2026-11-15', endDate: '2026-11-24' },
        { startDate: '2026-11-10', endDate: '2026-11-19' },
      ],
    });
    expect(charged(runOn(c, '2026-12-01')).lines[0]).toMatchObject({ billableDays: 15, amountCents: 4995 });
  });

  it('a suspension that began in the previous period and ended on the 5th → 25/30 → 8325', () => {
    const c = contract({ suspensions: [{ startDate: '2026-10-20', endDate: '2026-11-05' }] });
    expect(charged(runOn(c, '2026-12-01')).lines[0]).toMatchObject({ billableDays: 25, amountCents: 8325 });
  });

  it('February 2027 (28 days), start on the 15th → 14/28 → 4995', () => {
    const ch = charged(runOn(contract({ startDate: '2027-02-15' }), '2027-03-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 14, periodDays: 28, amountCents: 4995 });
  });

  it('February 2028 (leap, 29 days), start on the 15th → 15/29 → 149850/29 = 5167.24 → 5167', () => {
    const ch = charged(runOn(contract({ startDate: '2028-02-15' }), '2028-03-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 15, periodDays: 29, amountCents: 5167 });
  });

  it('a 31-day month, start on the 17th → 15/31 → 149850/31 = 4833.87 → 4834', () => {
    const ch = charged(runOn(contract({ startDate: '2027-01-17' }), '2027-02-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 15, periodDays: 31, amountCents: 4834 });
  });

  it('billing day 28: 28/02–27/03/2027 is 28 days; start 14/03 → 14/28 → 4995', () => {
    const c = contract({ startDate: '2027-03-14', billingDay: 28 });
    const ch = charged(runOn(c, '2027-03-28'));
    expect(ch.periodKey).toBe('2027-02-28..2027-03-27');
    expect(ch.lines[0]).toMatchObject({ billableDays: 14, periodDays: 28, amountCents: 4995 });
  });

  it('quarterly R$ 300,00: 05/11/2026–04/02/2027 is 92 days, start 17/11 → 80/92 → 26086.96 → 26087', () => {
    const c = contractWithPeriod('quarterly', { startDate: '2026-11-17', billingDay: 5 });
    c.items[0].service.priceCents = '30000';
    const ch = charged(runOn(c, '2027-02-05'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 80, periodDays: 92, amountCents: 26087 });
  });

  it('yearly R$ 1.200,00 across 29/02/2028: 366 days, start 15/06 → 352/366 → 115409.84 → 115410', () => {
    const c = contractWithPeriod('yearly', { startDate: '2027-06-15', billingDay: 1 });
    c.items[0].service.priceCents = '120000';
    const ch = charged(runOn(c, '2028-06-01'));
    expect(ch.lines[0]).toMatchObject({ billableDays: 352, periodDays: 366, amountCents: 115410 });
    expect(charged(runOn(c, '2029-06-01')).lines[0]).toMatchObject({ periodDays: 365, amountCents: 120000 });
  });

  it('quantity and price override: 3 licences at R$ 89,90 instead of R$ 99,90 → 26970', () => {
    const c = contract({
      items: [item({ quantity: '3', priceOverrideCents: '8990', service: service({ name: 'Licença ERP', unit: 'licenças' }) })],
    });
    const line = charged(runOn(c, '2026-03-01')).lines[0];
    expect(line).toMatchObject({ quantity: '3', unitPriceCents: '8990', amountCents: 26970 });
    expect(line.description).toBe('Licença ERP — 3 licenças — 01/02/2026 a 28/02/2026 (28/28 dias)');
  });

  it('one rounding per line, on quantity × price × days: 1.5 × 3333.33 ¢ × 10/30 = 1666.665 → 1667', () => {
    const c = contract({ startDate: '2026-11-21', items: [item({ quantity: '1.5', priceOverrideCents: '3333.33' })] });
    expect(charged(runOn(c, '2026-12-01')).lines[0]).toMatchObject({ billableDays: 10, amountCents: 1667 });
  });
});

const energy = (overrides: Partial<ServiceSnapshot> = {}): ServiceSnapshot =>
  service({ id: 'svc-energy', name: 'Energia', unit: 'kWh', pricingModel: 'per_unit', priceCents: '75.4321', ...overrides });

function usageContract(svc: ServiceSnapshot, overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  return contract({ items: [item({ id: 'meter', service: svc })], ...overrides });
}

describe('usage pricing', () => {
  it('per_unit with 6-decimal quantity and sub-cent price: 1234.567891 × 75.4321 = 93126.0486… → 93126', () => {
    const ch = charged(runOn(usageContract(energy()), '2026-03-01', [{ contractItemId: 'meter', quantity: '1234.567891' }]));
    expect(ch.lines).toEqual([
      {
        contractItemId: 'meter',
        serviceId: 'svc-energy',
        kind: 'usage',
        description: 'Energia — 1.234,567891 kWh consumidos — 01/02/2026 a 28/02/2026',
        quantity: '1234.567891',
        unitPriceCents: '75.4321',
        amountCents: 93126,
        billableDays: 28,
        periodDays: 28,
      },
    ]);
    expect(ch.totalCents).toBe(93126);
  });

  it('several usage records of one item are summed before pricing (rounded once)', () => {
    // 3 × 0.5 kWh × 1 ¢ = 1.5 ¢ → 2 ¢ (three separate roundings would give 3 ¢)
    const c = usageContract(energy({ priceCents: '1' }));
    const usage = [0, 1, 2].map(() => ({ contractItemId: 'meter', quantity: '0.5' }));
    expect(charged(runOn(c, '2026-03-01', usage)).totalCents).toBe(2);
  });

  it('tiny exact products round half up: 0.5 × 1 ¢ → 1 ¢; 0.000001 × 0.000001 ¢ → 0 ¢', () => {
    expect(
      charged(runOn(usageContract(energy({ priceCents: '1' })), '2026-03-01', [{ contractItemId: 'meter', quantity: '0.5' }])).totalCents,
    ).toBe(1);
    expect(
      charged(runOn(usageContract(energy({ priceCents: '0.000001' })), '2026-03-01', [{ contractItemId: 'meter', quantity: '0.000001' }]))
        .totalCents,
    ).toBe(0);
  });

  it('included quantity is subtracted first: 150.5 − 100 = 50.5 kWh × 75.4321 = 3809.32 → 3809', () => {
    const c = usageContract(energy({ includedQuantity: '100' }));
    const line = charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '150.5' }])).lines[0];
    expect(line).toMatchObject({ quantity: '50.5', amountCents: 3809 });
    expect(line.description).toBe('Energia — 150,5 kWh consumidos (franquia de 100 kWh) — 01/02/2026 a 28/02/2026');
  });

  it('usage within the franchise gives a zero line and a zero-total charge (not null)', () => {
    const ch = charged(
      runOn(usageContract(energy({ includedQuantity: '100' })), '2026-03-01', [{ contractItemId: 'meter', quantity: '99.999999' }]),
    );
    expect(ch.totalCents).toBe(0);
    expect(ch.lines[0]).toMatchObject({ quantity: '0', amountCents: 0 });
  });

  it('the franchise is not prorated for a partial period', () => {
    const c = usageContract(energy({ includedQuantity: '100', priceCents: '10' }), { startDate: '2026-02-15' });
    expect(charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '101' }])).lines[0]).toMatchObject({
      billableDays: 14,
      periodDays: 28,
      amountCents: 10,
    });
  });

  it('price override replaces the unit price', () => {
    const c = contract({ items: [item({ id: 'meter', service: energy(), priceOverrideCents: '50' })] });
    expect(charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '10' }])).lines[0]).toMatchObject({
      unitPriceCents: '50',
      amountCents: 500,
    });
  });

  it('consumption during a suspension is still billed, even when no day is billable', () => {
    const c = usageContract(energy({ priceCents: '100' }), { status: 'suspended', suspensions: [{ startDate: '2026-01-15' }] });
    const ch = charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '2' }]));
    expect(ch.lines[0]).toMatchObject({ billableDays: 0, amountCents: 200 });
    // Without consumption there is nothing to say: no line, no charge.
    expect(runOn(c, '2026-03-01', [])).toBeNull();
  });
});

// Published examples (dollars there, cents here: $0.10 = 10 ¢):
//  - Zuplo, "Pricing models" (https://zuplo.com/docs/articles/monetization/pricing-models):
//    tiers 0–1,000 @ $0.10, 1,001–10,000 @ $0.05, 10,001+ @ $0.01; 15,000 units → graduated $600, volume $150.
//  - Autumn, "Graduated Pricing" (https://docs.useautumn.com/documentation/modelling-pricing/graduated-pricing.md):
//    first 1,000 @ $0.01, 1,001–10,000 @ $0.008, above @ $0.005; 15,000 requests → $107.
const ZUPLO_TIERS: PriceTier[] = [
  { upTo: '1000', unitPriceCents: '10' },
  { upTo: '10000', unitPriceCents: '5' },
  { upTo: null, unitPriceCents: '1' },
];
const AUTUMN_TIERS: PriceTier[] = [
  { upTo: '1000', unitPriceCents: '1' },
  { upTo: '10000', unitPriceCents: '0.8' },
  { upTo: null, unitPriceCents: '0.5' },
];
// Hand-made: 1–100 @ 50 ¢ + 1000 ¢ fee, above @ 20 ¢ + 500 ¢ fee.
const FEE_TIERS: PriceTier[] = [
  { upTo: '100', unitPriceCents: '50', flatFeeCents: 1000 },
  { upTo: null, unitPriceCents: '20', flatFeeCents: 500 },
];

function tieredTotal(model: 'tiered' | 'volume', tiers: PriceTier[], quantity: string, extra: Partial<ServiceSnapshot> = {}) {
  const c = usageContract(energy({ pricingModel: model, priceCents: '0', tiers, ...extra }));
  return charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity }])).lines[0];
}

describe('tiered (graduated) and volume', () => {
  it('Zuplo example: 15,000 units → graduated $600, volume $150', () => {
    expect(tieredTotal('tiered', ZUPLO_TIERS, '15000').amountCents).toBe(60000);
    expect(tieredTotal('volume', ZUPLO_TIERS, '15000')).toMatchObject({ amountCents: 15000, unitPriceCents: '1' });
  });

  it('Autumn example: 15,000 requests → $107', () => {
    const line = tieredTotal('tiered', AUTUMN_TIERS, '15000');
    // Effective average unit price, informative: 10700 / 15000 = 0.713333 ¢
    expect(line).toMatchObject({ amountCents: 10700, quantity: '15000', unitPriceCents: '0.713333' });
  });

  it('tier bounds are inclusive', () => {
    // graduated 1000 → 1000 × 10 = 10000; 1000.000001 → 10000 + 0.000005 → 10000
    expect(tieredTotal('tiered', ZUPLO_TIERS, '1000').amountCents).toBe(10000);
    // volume: 1000 falls in tier 1 (10 ¢), 1000.5 in tier 2 (5 ¢) → 5002.5 → 5003
    expect(tieredTotal('volume', ZUPLO_TIERS, '1000').amountCents).toBe(10000);
    expect(tieredTotal('volume', ZUPLO_TIERS, '1000.5').amountCents).toBe(5003);
  });

  it('flat fees: graduated adds the fee of each tier reached, volume the fee of its tier', () => {
    // graduated 150: 100 × 50 + 1000 + 50 × 20 + 500 = 7500; graduated 100: 5000 + 1000 = 6000
    expect(tieredTotal('tiered', FEE_TIERS, '150').amountCents).toBe(7500);
    expect(tieredTotal('tiered', FEE_TIERS, '100').amountCents).toBe(6000);
    // volume 150: 150 × 20 + 500 = 3500; volume 100: 100 × 50 + 1000 = 6000
    expect(tieredTotal('volume', FEE_TIERS, '150').amountCents).toBe(3500);
    expect(tieredTotal('volume', FEE_TIERS, '100').amountCents).toBe(6000);
  });

  it('zero charged units reach no tier: no fee', () => {
    expect(tieredTotal('tiered', FEE_TIERS, '0')).toMatchObject({ amountCents: 0, unitPriceCents: '0' });
    expect(tieredTotal('volume', FEE_TIERS, '0').amountCents).toBe(0);
  });

  it('the franchise comes off before the tiers: 16,000 − 1,000 = 15,000 → $600 / $150', () => {
    expect(tieredTotal('tiered', ZUPLO_TIERS, '16000', { includedQuantity: '1000' }).amountCents).toBe(60000);
    expect(tieredTotal('volume', ZUPLO_TIERS, '16000', { includedQuantity: '1000' }).amountCents).toBe(15000);
    expect(tieredTotal('tiered', FEE_TIERS, '40', { includedQuantity: '50' }).amountCents).toBe(0);
  });

  it('rounds once per line, not per tier: 1 × 0.4 ¢ + 1 × 0.4 ¢ = 0.8 ¢ → 1 ¢', () => {
    const tiers = [
      { upTo: '1', unitPriceCents: '0.4' },
      { upTo: null, unitPriceCents: '0.4' },
    ];
    expect(tieredTotal('tiered', tiers, '2').amountCents).toBe(1);
  });

  it('a price override turns tiers into a single unit price', () => {
    const c = contract({
      items: [item({ id: 'meter', priceOverrideCents: '2', service: energy({ pricingModel: 'tiered', tiers: ZUPLO_TIERS }) })],
    });
    expect(charged(runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '15000' }])).lines[0]).toMatchObject({
      unitPriceCents: '2',
      amountCents: 30000,
    });
  });

  it('refuses malformed tiers', () => {
    const bad: [PriceTier[] | undefined, string][] = [
      [undefined, 'items[0].service.tiers'],
      [[], 'items[0].service.tiers'],
      [[{ upTo: '10', unitPriceCents: '1' }], 'items[0].service.tiers[0].up_to'],
      [
        [
          { upTo: null, unitPriceCents: '1' },
          { upTo: null, unitPriceCents: '1' },
        ],
        'items[0].service.tiers[0].up_to',
      ],
      [
        [
          { upTo: '10', unitPriceCents: '1' },
          { upTo: '10', unitPriceCents: '1' },
          { upTo: null, unitPriceCents: '1' },
        ],
        'items[0].service.tiers[1].up_to',
      ],
      [
        [
          { upTo: '0', unitPriceCents: '1' },
          { upTo: null, unitPriceCents: '1' },
        ],
        'items[0].service.tiers[0].up_to',
      ],
      [[{ upTo: null, unitPriceCents: '1.0000001' }], 'items[0].service.tiers[0].unit_price_cents'],
      [[{ upTo: null, unitPriceCents: '1', flatFeeCents: 1.5 }], 'items[0].service.tiers[0].flat_fee_cents'],
      [[{ upTo: null, unitPriceCents: '1', flatFeeCents: -1 }], 'items[0].service.tiers[0].flat_fee_cents'],
    ];
    for (const [tiers, field] of bad) {
      const c = usageContract(energy({ pricingModel: 'volume', tiers }));
      const e = errorOf(() => runOn(c, '2026-03-01', [{ contractItemId: 'meter', quantity: '1' }]));
      expect([e.code, e.details[0].field]).toEqual(['validation_failed', field]);
    }
  });
});

describe('charge shape and refusals', () => {
  it('mixes flat and usage lines in item order; total is their sum; due date crosses the month', () => {
    const c = contract({
      startDate: '2026-01-15',
      dueDays: 10,
      items: [item(), item({ id: 'meter', service: energy({ priceCents: '10' }) })],
    });
    const ch = charged(
      calculateCharge({
        contract: c,
        period: period('2026-01-01', '2026-01-31'),
        usage: [{ contractItemId: 'meter', quantity: '7' }],
        issueDate: '2026-01-25',
      }),
    );
    // flat 17/31 × 9990 = 5478.39 → 5478; usage 7 × 10 = 70
    expect(ch.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['flat', 5478],
      ['usage', 70],
    ]);
    expect(ch.totalCents).toBe(5548);
    expect(ch.dueDate).toBe('2026-02-04');
  });

  it('pending and inactive contracts produce nothing', () => {
    for (const status of ['pending', 'inactive'] as const) {
      expect(
        calculateCharge({ contract: contract({ status }), period: period('2026-01-01', '2026-01-31'), usage: [], issueDate: '2026-02-01' }),
      ).toBeNull();
    }
  });

  it('no billable day and no usage → no charge (null)', () => {
    const c = contract({ startDate: '2026-03-01' });
    expect(calculateCharge({ contract: c, period: period('2026-01-01', '2026-01-31'), usage: [], issueDate: '2026-02-01' })).toBeNull();
  });

  it('usage on a flat item is accepted and does not change its price', () => {
    const ch = charged(runOn(contract(), '2026-03-01', [{ contractItemId: 'item-1', quantity: '500' }]));
    expect(ch.lines).toHaveLength(1);
    expect(ch.totalCents).toBe(9990);
  });

  it('refuses usage for an item of another contract, negative or too precise quantities', () => {
    const cases: [string, string, string][] = [
      ['other-item', '1', 'usage[0].contract_item_id'],
      ['item-1', '-1', 'usage[0].quantity'],
      ['item-1', '0.0000001', 'usage[0].quantity'],
    ];
    for (const [contractItemId, quantity, field] of cases) {
      const e = errorOf(() => runOn(contract(), '2026-03-01', [{ contractItemId, quantity }]));
      expect([e.code, e.details[0].field]).toEqual(['validation_failed', field]);
    }
  });

  it('refuses an inconsistent period key, a bad issue date, a bad dueDays, a suspension ending before it starts', () => {
    const p = period('2026-01-01', '2026-01-31');
    expect(
      errorOf(() => calculateCharge({ contract: contract(), period: { ...p, key: 'x' }, usage: [], issueDate: '2026-02-01' })).details[0]
        .field,
    ).toBe('period.key');
    expect(errorOf(() => calculateCharge({ contract: contract(), period: p, usage: [], issueDate: '2026-02-31' })).details[0].field).toBe(
      'issue_date',
    );
    expect(
      errorOf(() => calculateCharge({ contract: contract({ dueDays: -1 }), period: p, usage: [], issueDate: '2026-02-01' })).details[0]
        .field,
    ).toBe('due_days');
    const c = contract({ suspensions: [{ startDate: '2026-01-10', endDate: '2026-01-09' }] });
    expect(errorOf(() => calculateCharge({ contract: c, period: p, usage: [], issueDate: '2026-02-01' })).details[0].field).toBe(
      'suspensions[0].end_date',
    );
  });

  it('formats pt-BR quantities', () => {
    expect(formatQuantityBR(parseDecimal('1234567.5', 6))).toBe('1.234.567,5');
    expect(formatQuantityBR(parseDecimal('999', 6))).toBe('999');
    expect(formatQuantityBR(parseDecimal('0.000001', 6))).toBe('0,000001');
  });
});

// Random flat contracts with start, end, suspensions and decimal quantities/prices.
const dayArb = (from: string, to: string) => fc.integer({ min: toDayNumber(from), max: toDayNumber(to) }).map(fromDayNumber);
const decimalArb = (maxUnits: bigint) =>
  fc.tuple(fc.bigInt({ min: 0n, max: maxUnits }), fc.integer({ min: 0, max: 6 })).map(([u, s]) => {
    const str = u.toString().padStart(s + 1, '0');
    return s === 0 ? str : `${str.slice(0, -s)}.${str.slice(-s)}`;
  });
const suspensionArb = fc
  .tuple(dayArb('2026-01-01', '2027-12-31'), fc.option(fc.integer({ min: 0, max: 120 })))
  .map(([start, len]) => ({ startDate: start, endDate: len === null ? null : fromDayNumber(toDayNumber(start) + len) }));
const flatContractArb = fc
  .record({
    start: dayArb('2026-01-01', '2027-06-30'),
    endAfter: fc.option(fc.integer({ min: 0, max: 500 })),
    billingDay: fc.integer({ min: 1, max: 28 }),
    unit: fc.constantFrom('monthly', 'quarterly', 'semiannual', 'yearly' as const),
    suspensions: fc.array(suspensionArb, { maxLength: 3 }),
    items: fc.array(fc.tuple(decimalArb(10n ** 5n), decimalArb(10n ** 9n)), { minLength: 1, maxLength: 4 }),
  })
  .map(({ start, endAfter, billingDay, unit, suspensions, items }) =>
    contractWithPeriod(unit, {
      startDate: start,
      endDate: endAfter === null ? null : fromDayNumber(toDayNumber(start) + endAfter),
      billingDay,
      suspensions,
      items: items.map(([quantity, price], i) =>
        item({ id: `item-${i}`, quantity, service: service({ id: `svc-${i}`, priceCents: price, billingPeriod: unit }) }),
      ),
    }),
  );

describe('properties', () => {
  it('total = sum of lines; proration never exceeds the full price; days within the period', () => {
    fc.assert(
      fc.property(flatContractArb, fc.integer({ min: 0, max: 700 }), (c, offset) => {
        const someDay = fromDayNumber(toDayNumber(c.startDate) + offset);
        const p = periodContaining(c, someDay)!;
        const ch = calculateCharge({ contract: c, period: p, usage: [], issueDate: p.end });
        if (ch === null) {
          expect(billableDaysIn(c, p).billableDays).toBe(0);
          return;
        }
        expect(ch.totalCents).toBe(ch.lines.reduce((s, l) => s + l.amountCents, 0));
        for (const line of ch.lines) {
          const full = calculateCharge({
            contract: { ...c, startDate: p.start, endDate: null, suspensions: [] },
            period: p,
            usage: [],
            issueDate: p.end,
          })!.lines.find((l) => l.contractItemId === line.contractItemId)!;
          expect(full.billableDays).toBe(full.periodDays);
          expect(line.amountCents).toBeGreaterThanOrEqual(0);
          expect(line.amountCents).toBeLessThanOrEqual(full.amountCents);
          expect(line.billableDays).toBeGreaterThan(0);
          expect(line.billableDays).toBeLessThanOrEqual(line.periodDays);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('proration is monotonic: one more billable day never lowers a line', () => {
    fc.assert(
      fc.property(decimalArb(10n ** 12n), fc.integer({ min: 1, max: 27 }), (price, startDay) => {
        const at = (d: number) =>
          calculateCharge({
            contract: contract({
              startDate: `2027-02-${String(d).padStart(2, '0')}`,
              items: [item({ service: service({ priceCents: price }) })],
            }),
            period: period('2027-02-01', '2027-02-28'),
            usage: [],
            issueDate: '2027-03-01',
          })!.totalCents;
        expect(at(startDay)).toBeGreaterThanOrEqual(at(startDay + 1));
      }),
      { numRuns: 300 },
    );
  });
});
