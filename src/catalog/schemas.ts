import { Type, type Static } from 'typebox';
import { Nullable } from '../platform/http/common-schemas.ts';

const OptNullStr = (max: number, extra: object = {}) => Type.Optional(Nullable(Type.String({ maxLength: max, ...extra })));

export const PRICING_MODELS = ['flat', 'per_unit', 'tiered', 'volume'] as const;
export const BILLING_PERIODS = ['monthly', 'quarterly', 'semiannual', 'yearly'] as const;
export type PricingModelName = (typeof PRICING_MODELS)[number];
export type BillingPeriodName = (typeof BILLING_PERIODS)[number];

export const PricingModel = Type.Union(
  PRICING_MODELS.map((m) => Type.Literal(m)),
  {
    description:
      'flat: a price per billing period (× item quantity); per_unit: price × quantity consumed; tiered: graduated tiers; volume: the whole quantity at the price of the tier it falls in.',
  },
);
export const BillingPeriod = Type.Union(BILLING_PERIODS.map((m) => Type.Literal(m)));

/** A decimal in cents: a string such as "9990" or "75.4321" (≤ 6 places), or an integer. */
export const CentsInput = Type.Union([Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 })], {
  description: 'Cents, exact: a decimal string with at most 6 places (e.g. "75.4321" = R$ 0,754321) or an integer.',
});
export const QuantityInput = Type.Union([Type.String({ maxLength: 40 }), Type.Integer({ minimum: 0 })], {
  description: 'A decimal string with at most 6 places (e.g. "100.5") or an integer.',
});

export const TierInput = Type.Object(
  {
    up_to: Nullable(QuantityInput),
    unit_price_cents: CentsInput,
    flat_fee_cents: Type.Optional(Type.Integer({ minimum: 0, description: 'Charged once when the tier is used.' })),
  },
  { additionalProperties: false },
);

const MetadataInput = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 50, description: 'Free key/value pairs (at most 50 keys).' },
);

const pricingFields = {
  pricing_model: PricingModel,
  price_cents: Type.Optional(Nullable(CentsInput)),
  tiers: Type.Optional(
    Nullable(
      Type.Array(TierInput, {
        minItems: 1,
        maxItems: 50,
        description: 'tiered/volume only: ascending by up_to, the last one open-ended (up_to null).',
      }),
    ),
  ),
  included_quantity: Type.Optional(Nullable(QuantityInput)),
};

const serviceFields = {
  code: Type.String({ minLength: 1, maxLength: 40, description: 'Your code for the service; unique per tenant.' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: OptNullStr(2000),
  unit: Type.String({ minLength: 1, maxLength: 20, description: 'Unit of measure: "mês", "kWh", "m³", "licença"…' }),
  billing_period: Type.Optional(BillingPeriod),
  active: Type.Optional(Type.Boolean()),
  external_code: OptNullStr(64, { description: "The service's id in your own system; unique per tenant." }),
  metadata: Type.Optional(MetadataInput),
};

export const ServiceCreate = Type.Object({ ...serviceFields, ...pricingFields }, { additionalProperties: false });
export type ServiceCreate = Static<typeof ServiceCreate>;

export const ServicePatch = Type.Object(
  {
    code: Type.Optional(serviceFields.code),
    name: Type.Optional(serviceFields.name),
    description: serviceFields.description,
    unit: Type.Optional(serviceFields.unit),
    billing_period: serviceFields.billing_period,
    active: serviceFields.active,
    external_code: serviceFields.external_code,
    metadata: serviceFields.metadata,
    pricing_model: Type.Optional(PricingModel),
    price_cents: pricingFields.price_cents,
    tiers: pricingFields.tiers,
    included_quantity: pricingFields.included_quantity,
    price_effective_from: Type.Optional(
      Type.String({
        format: 'date',
        description:
          'When a pricing change takes effect: a date after today; default tomorrow (so every billing period already started keeps its price).',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ServicePatch = Static<typeof ServicePatch>;

export const Tier = Type.Object({
  up_to: Nullable(Type.String()),
  unit_price_cents: Type.String(),
  unit_price: Type.String({ description: 'The same price in reais.' }),
  flat_fee_cents: Type.Integer(),
});

export const PriceVersion = Type.Object({
  effective_from: Type.String({ format: 'date' }),
  pricing_model: Type.String(),
  price_cents: Nullable(Type.String({ description: 'Cents, decimal string (flat: per period; per_unit: per unit).' })),
  price: Nullable(Type.String({ description: 'The same price in reais, decimal string.' })),
  tiers: Nullable(Type.Array(Tier)),
  included_quantity: Nullable(Type.String()),
});

export const Service = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    number: Type.Integer({ description: 'Per-tenant sequential number.' }),
    code: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    unit: Type.String(),
    billing_period: Type.String(),
    pricing_model: Type.String({ description: 'Of the price in force today.' }),
    price_cents: Nullable(Type.String({ description: 'Price in force today, in cents (decimal string).' })),
    price: Nullable(Type.String({ description: 'Price in force today, in reais (decimal string).' })),
    tiers: Nullable(Type.Array(Tier)),
    included_quantity: Nullable(Type.String()),
    price_effective_from: Type.String({ format: 'date', description: 'Since when the price in force today applies.' }),
    scheduled_prices: Type.Array(PriceVersion, { description: 'Price versions that take effect after today.' }),
    active: Type.Boolean(),
    external_code: Nullable(Type.String()),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    deactivated_at: Nullable(Type.String({ format: 'date-time' })),
  },
  { title: 'Service' },
);
export type Service = Static<typeof Service>;
