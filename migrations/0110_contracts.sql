-- Contracts: a customer, items (service × quantity, optional price override), a billing day and a
-- state machine (docs/contracts.md). Financial history is never deleted: customers and services
-- referenced by contracts are RESTRICTed.

CREATE TABLE contracts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  customer_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'inactive', 'suspended', 'cancelled')),
  start_date date NOT NULL,
  end_date date,
  billing_day integer NOT NULL CHECK (billing_day BETWEEN 1 AND 28),
  due_days integer NOT NULL DEFAULT 0 CHECK (due_days BETWEEN 0 AND 365),
  payment_method text NOT NULL DEFAULT 'boleto' CHECK (payment_method IN ('boleto', 'pix', 'both')),
  external_code text,
  description text,
  cancel_reason text,
  cancellation_effective_date date,
  cancelled_at timestamptz,
  activated_at timestamptz,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE RESTRICT,
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK (status <> 'cancelled' OR cancellation_effective_date IS NOT NULL)
);
CREATE UNIQUE INDEX contracts_number ON contracts (tenant_id, number);
CREATE UNIQUE INDEX contracts_external_code ON contracts (tenant_id, external_code) WHERE external_code IS NOT NULL;
CREATE INDEX contracts_customer ON contracts (tenant_id, customer_id);
CREATE INDEX contracts_status ON contracts (tenant_id, status, id);

-- Items. starts_on/ends_on (inclusive, null = open) make item changes on a running contract apply
-- from the next billing period: the old row ends on the last day of the current period and the new
-- row starts on the first day of the next one.
CREATE TABLE contract_items (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  service_id uuid NOT NULL,
  quantity numeric(20,6) NOT NULL DEFAULT 1 CHECK (quantity >= 0),
  price_override_cents numeric(20,6) CHECK (price_override_cents IS NULL OR price_override_cents >= 0),
  description text,
  starts_on date,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE RESTRICT,
  CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on - 1)
);
CREATE INDEX contract_items_contract ON contract_items (tenant_id, contract_id);
CREATE INDEX contract_items_service ON contract_items (tenant_id, service_id);

CREATE TABLE contract_suspensions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  start_date date NOT NULL,
  end_date date,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE,
  CHECK (end_date IS NULL OR end_date >= start_date - 1)
);
CREATE INDEX contract_suspensions_contract ON contract_suspensions (tenant_id, contract_id, start_date);
CREATE UNIQUE INDEX contract_suspensions_one_open ON contract_suspensions (tenant_id, contract_id) WHERE end_date IS NULL;

CREATE TABLE contract_transitions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text,
  effective_date date,
  actor_type text NOT NULL,
  actor_id text,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contract_transitions_contract ON contract_transitions (tenant_id, contract_id, id);
