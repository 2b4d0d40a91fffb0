// Usage pricing: from a consumed quantity to an exact amount in (decimal) cents. Nothing is rounded
// here; the caller rounds once per line.

import { DomainError } from '../platform/errors.ts';
import {
  addDecimal,
  compareDecimal,
  type Decimal,
  decimalFromInteger,
  isZeroDecimal,
  maxDecimal,
  minDecimal,
  multiplyDecimal,
  parseDecimal,
  subtractDecimal,
  ZERO,
} from '../platform/decimal.ts';
import type { PriceTier, ServiceSnapshot } from './types.ts';

/** Quantities (item quantity, usage, tier bounds, franchise): up to 6 decimal places. */
export const QUANTITY_SCALE = 6;
/** Unit prices in cents: up to 6 decimal places (e.g. '75.4321' cents per kWh). */
export const PRICE_SCALE = 6;

interface ParsedTier {
  upTo: Decimal | null;
  unitPrice: Decimal;
  flatFee: bigint;
}

export type UsagePricing = { model: 'per_unit'; unitPrice: Decimal } | { model: 'tiered' | 'volume'; tiers: ParsedTier[] };

function invalid(field: string, message: string, issue: string): DomainError {
  return new DomainError('validation_failed', message, [{ field, issue }]);
}

export function parseTiers(tiers: PriceTier[] | undefined, field: string): ParsedTier[] {
  if (!Array.isArray(tiers) || tiers.length === 0) {
    throw invalid(field, 'Tiered and volume pricing need at least one tier.', 'required');
  }
  let previous: Decimal = ZERO;
  return tiers.map((t, i) => {
    const f = `${field}[${i}]`;
    const last = i === tiers.length - 1;
    let upTo: Decimal | null = null;
    if (t.upTo === null || t.upTo === undefined) {
      // Only the last tier may be open-ended, and it must be: every quantity has to fall in some tier.
      if (!last) throw invalid(`${f}.up_to`, 'Only the last tier may have no upper bound.', 'only the last tier is open-ended');
    } else {
      if (last) throw invalid(`${f}.up_to`, 'The last tier must have no upper bound.', 'the last tier must be open-ended');
      upTo = parseDecimal(t.upTo, QUANTITY_SCALE, `${f}.up_to`);
      if (compareDecimal(upTo, previous) <= 0) {
        throw invalid(`${f}.up_to`, 'Tier bounds must be positive and strictly increasing.', 'must increase');
      }
      previous = upTo;
    }
    const fee = t.flatFeeCents ?? 0;
    if (!Number.isSafeInteger(fee) || fee < 0) {
      throw invalid(`${f}.flat_fee_cents`, 'The tier flat fee must be a non-negative integer of cents.', 'must be a non-negative integer');
    }
    return { upTo, unitPrice: parseDecimal(t.unitPriceCents, PRICE_SCALE, `${f}.unit_price_cents`), flatFee: BigInt(fee) };
  });
}

/** How a usage-priced service charges; a price override turns any usage model into per_unit at that price. */
export function usagePricing(service: ServiceSnapshot, override: Decimal | null, field: string): UsagePricing {
  if (override) return { model: 'per_unit', unitPrice: override };
  if (service.pricingModel === 'per_unit') {
    return { model: 'per_unit', unitPrice: parseDecimal(service.priceCents, PRICE_SCALE, `${field}.price_cents`) };
  }
  if (service.pricingModel === 'tiered' || service.pricingModel === 'volume') {
    return { model: service.pricingModel, tiers: parseTiers(service.tiers, `${field}.tiers`) };
  }
  throw invalid(`${field}.pricing_model`, `"${service.pricingModel}" is not a usage pricing model.`, 'not a usage model');
}

/** Exact amount in cents for `quantity` charged units (the franchise is already subtracted). */
export function usageAmountCents(pricing: UsagePricing, quantity: Decimal): Decimal {
  if (isZeroDecimal(quantity)) return ZERO; // no units, no tier reached, no flat fee
  if (pricing.model === 'per_unit') return multiplyDecimal(quantity, pricing.unitPrice);
  if (pricing.model === 'volume') {
    // Every unit at the price of the tier the total falls in (bounds inclusive), plus that tier's fee.
    const tier = pricing.tiers.find((t) => t.upTo === null || compareDecimal(quantity, t.upTo) <= 0)!;
    return addDecimal(multiplyDecimal(quantity, tier.unitPrice), decimalFromInteger(tier.flatFee));
  }
  // Graduated: the units of each tier at that tier's price, plus the fee of every tier reached.
  let total: Decimal = ZERO;
  let lower: Decimal = ZERO;
  for (const tier of pricing.tiers) {
    if (compareDecimal(quantity, lower) <= 0) break;
    const upper = tier.upTo === null ? quantity : minDecimal(quantity, tier.upTo);
    const units = maxDecimal(ZERO, subtractDecimal(upper, lower));
    total = addDecimal(total, addDecimal(multiplyDecimal(units, tier.unitPrice), decimalFromInteger(tier.flatFee)));
    if (tier.upTo === null) break;
    lower = tier.upTo;
  }
  return total;
}
