-- Consumption (usage records) and the billing marker that freezes them (docs/imports.md,
-- "Consumption"). Usage is financial history: contracts and items it points to are RESTRICTed.
--
-- customer_id and service_id are copies of the contract's customer and the item's service, kept
-- so that lists and exports filter without joins; the code writes them from the resolved item.

CREATE TABLE usage_records (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  contract_item_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  service_id uuid NOT NULL,
  quantity numeric(20,6) NOT NULL CHECK (quantity >= 0),
  reference_date date NOT NULL,
  description text,
  external_id text,
  -- The billing marker: set together by freezeUsage when the record's period is billed.
  billed_at timestamptz,
  billing_period_key text,
  charge_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, contract_item_id) REFERENCES contract_items (tenant_id, id) ON DELETE RESTRICT,
  CHECK ((billed_at IS NULL) = (billing_period_key IS NULL))
);
CREATE UNIQUE INDEX usage_records_external_id ON usage_records (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX usage_records_contract_date ON usage_records (tenant_id, contract_id, reference_date);
CREATE INDEX usage_records_customer_date ON usage_records (tenant_id, customer_id, reference_date);
CREATE INDEX usage_records_service_date ON usage_records (tenant_id, service_id, reference_date);
CREATE INDEX usage_records_item ON usage_records (tenant_id, contract_item_id);

-- A contract period that has been billed. Usage dated inside it can no longer be created, changed
-- or deleted (409 frozen), even when the period had no usage when it was billed.
CREATE TABLE usage_billed_periods (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  contract_id uuid NOT NULL,
  period_key text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  charge_id uuid,
  billed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, contract_id, period_key),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE RESTRICT,
  CHECK (period_end >= period_start)
);
CREATE INDEX usage_billed_periods_range ON usage_billed_periods (tenant_id, contract_id, period_start);
