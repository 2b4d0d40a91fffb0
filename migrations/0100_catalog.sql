-- Services (catalog): what a tenant sells, how it is priced and over which billing period.
-- Prices are versioned in service_prices: a price change never rewrites the price of a period
-- that has already started (docs/contracts.md, "Price changes").

CREATE TABLE services (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  code text NOT NULL,
  name text NOT NULL,
  description text,
  unit text NOT NULL,
  -- The pricing model of the latest price version (each version keeps its own model).
  pricing_model text NOT NULL CHECK (pricing_model IN ('flat', 'per_unit', 'tiered', 'volume')),
  billing_period text NOT NULL CHECK (billing_period IN ('monthly', 'quarterly', 'semiannual', 'yearly')),
  active boolean NOT NULL DEFAULT true,
  external_code text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX services_number ON services (tenant_id, number);
CREATE UNIQUE INDEX services_code ON services (tenant_id, code);
CREATE UNIQUE INDEX services_external_code ON services (tenant_id, external_code) WHERE external_code IS NOT NULL;
CREATE INDEX services_name_trgm ON services USING gin (name gin_trgm_ops);
CREATE INDEX services_name ON services (tenant_id, name);

-- Price versions. The version in force on a date is the one with the latest effective_from on or
-- before it; dates before the first version use the first version.
CREATE TABLE service_prices (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  service_id uuid NOT NULL,
  effective_from date NOT NULL,
  pricing_model text NOT NULL CHECK (pricing_model IN ('flat', 'per_unit', 'tiered', 'volume')),
  -- flat: price per billing period; per_unit: price per unit; tiered/volume: null (see tiers). Cents.
  price_cents numeric(20,6),
  -- [{"up_to": "100"|null, "unit_price_cents": "12.5", "flat_fee_cents": 0}], ascending, last open-ended.
  tiers jsonb,
  included_quantity numeric(20,6),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE,
  CHECK (price_cents IS NULL OR price_cents >= 0),
  CHECK (included_quantity IS NULL OR included_quantity >= 0)
);
CREATE UNIQUE INDEX service_prices_version ON service_prices (tenant_id, service_id, effective_from);
