// Plain-data shapes of the billing calculation. Snapshots are what the caller loads from the database;
// the calculation never reads anything else, so the same inputs always give the same charge.

export type BillingPeriodUnit = 'monthly' | 'quarterly' | 'semiannual' | 'yearly';

export type PricingModel = 'flat' | 'per_unit' | 'tiered' | 'volume';

export interface PriceTier {
  /** Inclusive upper bound of the tier in units (decimal string); null = no upper bound (last tier only). */
  upTo: string | null;
  /** Price per unit in cents, decimal string with up to 6 places (e.g. '75.4321'). */
  unitPriceCents: string;
  /** Charged once when the tier is used (graduated: reached; volume: the tier the total falls in). */
  flatFeeCents?: number;
}

export interface ServiceSnapshot {
  id: string;
  name: string;
  /** Unit of measure shown on the line, e.g. 'kWh', 'GB', 'licença'. */
  unit: string;
  pricingModel: PricingModel;
  /** flat: price per billing period; per_unit: price per unit. Cents, decimal string, up to 6 places. */
  priceCents: string;
  /** Required for tiered and volume, ascending by upTo, the last one open-ended. */
  tiers?: PriceTier[];
  /** Franchise: units of usage per period that are not charged (usage-priced services only). */
  includedQuantity?: string;
  billingPeriod: BillingPeriodUnit;
}

export interface ContractItemSnapshot {
  id: string;
  service: ServiceSnapshot;
  /** For flat services, how many of it (e.g. 3 licences). Not used by usage-priced services. */
  quantity: string;
  /** Replaces the service's price: flat → price per period; per_unit/tiered/volume → price per unit. */
  priceOverrideCents?: string | null;
  /** Last day the item is billed (inclusive), when it ends before the contract does; flat items are prorated to it. */
  endsOn?: string | null;
}

export type ContractStatus = 'pending' | 'active' | 'inactive' | 'suspended' | 'cancelled';

export interface ContractSnapshot {
  id: string;
  customerId: string;
  /** First day of service (inclusive). */
  startDate: string;
  /** Last day of service (inclusive), if the contract has a fixed term. */
  endDate?: string | null;
  /** Day of the month (1–28) on which periods start and on which the run bills the period that ended. */
  billingDay: number;
  /** Days from the issue date to the due date. */
  dueDays: number;
  status: ContractStatus;
  /** effectiveDate is the last day of service (inclusive). */
  cancellation?: { effectiveDate: string } | null;
  /** Inclusive day ranges without service; an open suspension (no endDate) runs to the end of any period. */
  suspensions: { startDate: string; endDate?: string | null }[];
  items: ContractItemSnapshot[];
}

export interface BillingPeriod {
  start: string;
  /** Inclusive. */
  end: string;
  /** Stable 'start..end', the exactly-once key of the charge of this contract and period. */
  key: string;
}

export interface UsageTotal {
  contractItemId: string;
  /** Decimal string, ≥ 0, up to 6 places. Several entries for one item are summed. */
  quantity: string;
}

export interface ProposedLine {
  contractItemId: string;
  serviceId: string;
  kind: 'flat' | 'usage';
  /** pt-BR, e.g. 'Internet 100MB — 05/11/2026 a 04/12/2026 (30/30 dias)'. */
  description: string;
  /** flat: the item quantity; usage: the charged quantity (consumption minus the franchise). */
  quantity: string;
  /**
   * Cents per unit. flat: price per period; per_unit: the unit price; tiered/volume: the effective
   * average (amount before rounding / quantity, rounded to 6 places; informative only).
   */
  unitPriceCents: string;
  amountCents: number;
  billableDays: number;
  periodDays: number;
}

export interface ProposedCharge {
  contractId: string;
  customerId: string;
  periodKey: string;
  periodStart: string;
  periodEnd: string;
  issueDate: string;
  dueDate: string;
  totalCents: number;
  lines: ProposedLine[];
}
