// Builders for test contracts: a sensible default, overridden field by field in each test.

import type { BillingPeriodUnit, ContractItemSnapshot, ContractSnapshot, ServiceSnapshot } from './types.ts';

export function service(overrides: Partial<ServiceSnapshot> = {}): ServiceSnapshot {
  return {
    id: 'svc-internet',
    name: 'Internet 100MB',
    unit: 'mês',
    pricingModel: 'flat',
    priceCents: '9990',
    billingPeriod: 'monthly',
    ...overrides,
  };
}

export function item(overrides: Partial<ContractItemSnapshot> = {}): ContractItemSnapshot {
  return { id: 'item-1', service: service(), quantity: '1', priceOverrideCents: null, ...overrides };
}

export function contract(overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  return {
    id: 'ctr-1',
    customerId: 'cus-1',
    startDate: '2026-01-01',
    endDate: null,
    billingDay: 1,
    dueDays: 10,
    status: 'active',
    cancellation: null,
    suspensions: [],
    items: [item()],
    ...overrides,
  };
}

/** A contract whose single flat item bills on the given period unit. */
export function contractWithPeriod(unit: BillingPeriodUnit, overrides: Partial<ContractSnapshot> = {}): ContractSnapshot {
  return contract({ items: [item({ service: service({ billingPeriod: unit }) })], ...overrides });
}
