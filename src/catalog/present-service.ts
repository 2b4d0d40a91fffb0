import type { Service } from './schemas.ts';
import type { PriceRow, ServiceRow } from './queries.ts';
import { centsToReais, type NormalizedPricing } from './normalize-service.ts';
import { formatDecimal, parseDecimal } from '../platform/decimal.ts';
import type { ServiceSnapshot } from '../pricing/types.ts';
import { toSnapshotTier } from './normalize-service.ts';

/** numeric(20,6) text ('9990.000000') → canonical ('9990'). */
export const canonicalNumeric = (v: string | null): string | null => (v === null ? null : formatDecimal(parseDecimal(v, 6, 'value')));

export function versionInForce(prices: PriceRow[], date: string): PriceRow {
  let current = prices[0];
  for (const p of prices) if (p.effective_from <= date) current = p;
  return current;
}

export function presentPrice(p: PriceRow) {
  const price = canonicalNumeric(p.price_cents);
  return {
    effective_from: p.effective_from,
    pricing_model: p.pricing_model,
    price_cents: price,
    price: price === null ? null : centsToReais(price),
    tiers: p.tiers
      ? p.tiers.map((t) => ({
          up_to: t.up_to,
          unit_price_cents: t.unit_price_cents,
          unit_price: centsToReais(t.unit_price_cents),
          flat_fee_cents: t.flat_fee_cents,
        }))
      : null,
    included_quantity: canonicalNumeric(p.included_quantity),
  };
}

export function pricingOf(p: PriceRow): NormalizedPricing {
  return {
    pricing_model: p.pricing_model,
    price_cents: canonicalNumeric(p.price_cents),
    tiers: p.tiers,
    included_quantity: canonicalNumeric(p.included_quantity),
  };
}

export function presentService(row: ServiceRow, today: string): Service {
  const current = versionInForce(row.prices, today);
  const { effective_from, ...pricing } = presentPrice(current);
  return {
    id: row.id,
    number: row.number,
    code: row.code,
    name: row.name,
    description: row.description,
    unit: row.unit,
    billing_period: row.billing_period,
    ...pricing,
    price_effective_from: effective_from,
    scheduled_prices: row.prices.filter((p) => p.effective_from > today).map(presentPrice),
    active: row.active,
    external_code: row.external_code,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
    deactivated_at: row.deactivated_at,
  };
}

export function toServiceSnapshot(
  id: string,
  s: { name: string; unit: string; billing_period: ServiceSnapshot['billingPeriod'] },
  p: PriceRow,
): ServiceSnapshot {
  const pricing = pricingOf(p);
  return {
    id,
    name: s.name,
    unit: s.unit,
    pricingModel: pricing.pricing_model,
    priceCents: pricing.price_cents ?? '0',
    ...(pricing.tiers ? { tiers: pricing.tiers.map(toSnapshotTier) } : {}),
    ...(pricing.included_quantity !== null ? { includedQuantity: pricing.included_quantity } : {}),
    billingPeriod: s.billing_period,
  };
}
