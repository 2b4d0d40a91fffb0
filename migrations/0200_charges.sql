-- Receivables ("cobranças"): one-off charges and the charges of billing runs, their lines,
-- every status change, and payments (with reversals).

CREATE TABLE billing_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  reference_date date NOT NULL,
  trigger text NOT NULL DEFAULT 'api' CHECK (trigger IN ('api', 'scheduler', 'cli', 'console')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed')),
  total_contracts integer NOT NULL DEFAULT 0,
  processed_contracts integer NOT NULL DEFAULT 0,
  charges_created integer NOT NULL DEFAULT 0,
  charges_existing integer NOT NULL DEFAULT 0,
  skipped_contracts integer NOT NULL DEFAULT 0,
  error_count integer NOT NULL DEFAULT 0,
  total_cents bigint NOT NULL DEFAULT 0,
  chunks_total integer NOT NULL DEFAULT 0,
  chunks_done integer NOT NULL DEFAULT 0,
  actor_type text,
  actor_id text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX billing_runs_number ON billing_runs (tenant_id, number);
-- The scheduler starts at most one run per tenant and day.
CREATE UNIQUE INDEX billing_runs_scheduled ON billing_runs (tenant_id, reference_date) WHERE trigger = 'scheduler';

-- A chunk of a run is applied once: its row is written in the same transaction as its charges,
-- so a chunk job retried after a crash finds it done and changes nothing.
CREATE TABLE billing_run_chunks (
  tenant_id uuid NOT NULL,
  billing_run_id uuid NOT NULL,
  chunk_index integer NOT NULL,
  processed integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, billing_run_id, chunk_index),
  FOREIGN KEY (tenant_id, billing_run_id) REFERENCES billing_runs (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE billing_run_errors (
  tenant_id uuid NOT NULL,
  billing_run_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  code text NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, billing_run_id, contract_id),
  FOREIGN KEY (tenant_id, billing_run_id) REFERENCES billing_runs (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE charges (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  number bigint NOT NULL,
  customer_id uuid NOT NULL,
  contract_id uuid,
  origin text NOT NULL CHECK (origin IN ('one_off', 'billing_run')),
  billing_run_id uuid,
  period_key text,
  period_start date,
  period_end date,
  description text,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  paid_cents bigint NOT NULL DEFAULT 0,
  fee_cents bigint NOT NULL DEFAULT 0,
  overpaid_cents bigint NOT NULL DEFAULT 0,
  issue_date date NOT NULL,
  due_date date NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'partially_paid', 'paid', 'overdue', 'cancelled')),
  payment_method text NOT NULL DEFAULT 'boleto' CHECK (payment_method IN ('boleto', 'pix', 'both')),
  late_policy jsonb,
  external_code text,
  metadata jsonb NOT NULL DEFAULT '{}',
  paid_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (due_date >= issue_date),
  CHECK ((origin = 'billing_run') = (contract_id IS NOT NULL AND period_key IS NOT NULL)),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE RESTRICT
);
-- Exactly once: one charge per contract and period, whatever runs, retries or crashes happen.
CREATE UNIQUE INDEX charges_contract_period ON charges (tenant_id, contract_id, period_key) WHERE contract_id IS NOT NULL;
CREATE UNIQUE INDEX charges_number ON charges (tenant_id, number);
CREATE UNIQUE INDEX charges_external_code ON charges (tenant_id, external_code) WHERE external_code IS NOT NULL;
CREATE INDEX charges_customer ON charges (tenant_id, customer_id, due_date);
CREATE INDEX charges_status_due ON charges (tenant_id, status, due_date);
CREATE INDEX charges_due ON charges (tenant_id, due_date);

CREATE TABLE charge_lines (
  tenant_id uuid NOT NULL,
  charge_id uuid NOT NULL,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('flat', 'usage', 'one_off')),
  contract_item_id uuid,
  service_id uuid,
  description text NOT NULL,
  quantity numeric(20, 6) NOT NULL DEFAULT 1,
  unit_price_cents numeric(26, 6) NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  billable_days integer,
  period_days integer,
  PRIMARY KEY (tenant_id, charge_id, position),
  FOREIGN KEY (tenant_id, charge_id) REFERENCES charges (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE charge_status_history (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  charge_id uuid NOT NULL,
  from_status text,
  to_status text NOT NULL,
  reason text,
  actor_type text NOT NULL,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, charge_id) REFERENCES charges (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX charge_status_history_charge ON charge_status_history (tenant_id, charge_id, created_at);

CREATE TABLE payments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  charge_id uuid NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  fee_cents bigint NOT NULL DEFAULT 0 CHECK (fee_cents >= 0),
  paid_on date NOT NULL,
  method text NOT NULL CHECK (method IN ('boleto', 'pix', 'cash', 'transfer', 'card', 'other')),
  source text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'bank_return', 'console', 'import')),
  external_id text,
  notes text,
  reversed_at timestamptz,
  reversal_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, charge_id) REFERENCES charges (tenant_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX payments_external_id ON payments (tenant_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX payments_charge ON payments (tenant_id, charge_id);
CREATE INDEX payments_paid_on ON payments (tenant_id, paid_on);
