// The pure billing calculation: which period a run bills, and the proposed charge for it.
// Rules and worked examples: docs/billing.md.

export type {
  BillingPeriod,
  BillingPeriodUnit,
  ContractItemSnapshot,
  ContractSnapshot,
  ContractStatus,
  PriceTier,
  PricingModel,
  ProposedCharge,
  ProposedLine,
  ServiceSnapshot,
  UsageTotal,
} from './types.ts';
export {
  billingDateOf,
  billingTimeline,
  type BillingTimeline,
  contractPeriodUnit,
  MONTHS_PER_PERIOD,
  periodContaining,
  periodDueOn,
  periodsBetween,
  serviceEndDate,
} from './periods.ts';
export { billableDaysIn, calculateCharge } from './charge.ts';
export { PRICE_SCALE, QUANTITY_SCALE } from './pricing.ts';
