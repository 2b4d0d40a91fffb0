// Pure validation of a service and its pricing. Every refusal names the field (details[].field).
import { DomainError, type ErrorDetail } from '../platform/errors.ts';
import { formatDecimal, parseDecimal, type Decimal } from '../platform/decimal.ts';
import { parseTiers, PRICE_SCALE, QUANTITY_SCALE } from '../pricing/pricing.ts';
import type { PriceTier } from '../pricing/types.ts';
import { BILLING_PERIODS, PRICING_MODELS, type BillingPeriodName, type PricingModelName } from './schemas.ts';

/** numeric(20,6): at most 14 integer digits. */
const MAX_UNITS_AT_SCALE_6 = 10n ** 20n;

export interface StoredTier {
  up_to: string | null;
  unit_price_cents: string;
  flat_fee_cents: number;
}

export interface NormalizedPricing {
  pricing_model: PricingModelName;
  price_cents: string | null;
  tiers: StoredTier[] | null;
  included_quantity: string | null;
}

export interface PricingInput {
  pricing_model?: string;
  price_cents?: string | number | null;
  tiers?: { up_to: string | number | null; unit_price_cents: string | number; flat_fee_cents?: number }[] | null;
  included_quantity?: string | number | null;
}

function fail(field: string, issue: string, message?: string): DomainError {
  return new DomainError('validation_failed', message ?? `Invalid value for ${field}: ${issue}`, [{ field, issue }]);
}

/** A non-negative decimal with at most 6 places that fits numeric(20,6); integers are accepted as such. */
export function decimalInput(value: string | number, field: string, scale = 6): Decimal {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw fail(field, 'must be a non-negative integer or a decimal string');
    value = String(value);
  }
  const d = parseDecimal(value, scale, field);
  if (d.units * 10n ** BigInt(6 - d.scale) >= MAX_UNITS_AT_SCALE_6) throw fail(field, 'too large (at most 14 integer digits)');
  return d;
}

export const canonical = (value: string | number, field: string): string => formatDecimal(decimalInput(value, field));

/**
 * Checks a pricing: flat and per_unit need price_cents and no tiers; tiered and volume need tiers
 * (ascending, the last open-ended) and no price_cents; the franchise (included_quantity) applies
 * to usage-priced services only. Returns canonical decimal strings.
 */
export function normalizePricing(input: PricingInput): NormalizedPricing {
  const model = input.pricing_model as PricingModelName;
  if (!PRICING_MODELS.includes(model)) throw fail('pricing_model', `must be one of: ${PRICING_MODELS.join(', ')}`);
  const details: ErrorDetail[] = [];
  let price: string | null = null;
  let tiers: StoredTier[] | null = null;
  let included: string | null = null;
  const usage = model !== 'flat';
  if (model === 'flat' || model === 'per_unit') {
    if (input.price_cents == null) details.push({ field: 'price_cents', issue: `is required for pricing_model ${model}` });
    else price = canonical(input.price_cents, 'price_cents');
    if (input.tiers != null) details.push({ field: 'tiers', issue: `not allowed for pricing_model ${model}` });
  } else {
    if (input.price_cents != null)
      details.push({ field: 'price_cents', issue: `not allowed for pricing_model ${model} (prices are in tiers)` });
    if (input.tiers == null || input.tiers.length === 0) details.push({ field: 'tiers', issue: `is required for pricing_model ${model}` });
    else {
      const raw = input.tiers.map((t, i) => ({
        up_to: t.up_to === null ? null : canonical(t.up_to, `tiers[${i}].up_to`),
        unit_price_cents: canonical(t.unit_price_cents, `tiers[${i}].unit_price_cents`),
        flat_fee_cents: t.flat_fee_cents ?? 0,
      }));
      // Ascending, strictly increasing, only (and always) the last open-ended: the billing rules themselves.
      parseTiers(raw.map(toSnapshotTier), 'tiers');
      tiers = raw;
    }
  }
  if (input.included_quantity != null) {
    if (!usage) details.push({ field: 'included_quantity', issue: 'applies to usage-priced services only (per_unit, tiered, volume)' });
    else {
      const q = decimalInput(input.included_quantity, 'included_quantity');
      included = formatDecimal(q);
    }
  }
  if (details.length) {
    throw new DomainError('validation_failed', 'Invalid pricing: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '), details);
  }
  return { pricing_model: model, price_cents: price, tiers, included_quantity: included };
}

export function toSnapshotTier(t: StoredTier): PriceTier {
  return { upTo: t.up_to, unitPriceCents: t.unit_price_cents, flatFeeCents: t.flat_fee_cents };
}

export function samePricing(a: NormalizedPricing, b: NormalizedPricing): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Reais from cents, exact: "9990" → "99.90", "75.4321" → "0.754321". */
export function centsToReais(cents: string): string {
  const d = parseDecimal(cents, PRICE_SCALE, 'price_cents');
  return formatDecimal({ units: d.units, scale: d.scale + 2 }, 2);
}

export interface NormalizedService {
  code: string;
  name: string;
  description: string | null;
  unit: string;
  billing_period: BillingPeriodName;
  active: boolean;
  external_code: string | null;
  metadata: Record<string, unknown>;
}

export interface ServiceDraft {
  code: string;
  name: string;
  description?: string | null;
  unit: string;
  billing_period?: string;
  active?: boolean;
  external_code?: string | null;
  metadata?: Record<string, unknown>;
}

const trimOrNull = (s: string | null | undefined) => {
  const t = s?.trim();
  return t ? t : null;
};

export function normalizeService(input: ServiceDraft): NormalizedService {
  const details: ErrorDetail[] = [];
  const code = input.code.trim();
  if (!code) details.push({ field: 'code', issue: 'must not be blank' });
  else if (/\s/.test(code)) details.push({ field: 'code', issue: 'must not contain spaces' });
  const name = input.name.trim();
  if (!name) details.push({ field: 'name', issue: 'must not be blank' });
  const unit = input.unit.trim();
  if (!unit) details.push({ field: 'unit', issue: 'must not be blank' });
  const period = (input.billing_period ?? 'monthly') as BillingPeriodName;
  if (!BILLING_PERIODS.includes(period)) details.push({ field: 'billing_period', issue: `must be one of: ${BILLING_PERIODS.join(', ')}` });
  if (details.length)
    throw new DomainError('validation_failed', 'Invalid service: ' + details.map((d) => `${d.field} ${d.issue}`).join('; '), details);
  return {
    code,
    name,
    description: trimOrNull(input.description),
    unit,
    billing_period: period,
    active: input.active ?? true,
    external_code: trimOrNull(input.external_code),
    metadata: input.metadata ?? {},
  };
}

export { QUANTITY_SCALE };
