-- Dynamic Pix through a PSP recebedor (the BCB's "API Pix"): the tenant's PSP connections, the
-- PSP charges (cob, cobv, cobr) of Cobre's charges, the outbox of calls to the PSP, the log of
-- every exchange, the Pix received (webhook or reconciliation) and refunds, the reconciliation
-- windows, and Pix Automático recurrences of contracts. See docs/pix.md.

-- Secrets (client secret, certificate and key or PFX and its password, the webhook path token and
-- HMAC secret) are one JSON document encrypted with COBRE_SECRET_KEY (src/platform/secrets.ts).
CREATE TABLE psp_connections (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  base_url text NOT NULL,
  token_url text,
  client_id text NOT NULL,
  oauth_scope text,
  pix_key text NOT NULL,
  -- Charges whose boleto is on this account use this connection; null: by default only.
  collection_account_id uuid,
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  -- New charges get a dynamic Pix on their own (else only on request).
  auto_charges boolean NOT NULL DEFAULT true,
  -- How incoming webhooks are authenticated besides the secret token in their path.
  webhook_auth text NOT NULL DEFAULT 'path_token' CHECK (webhook_auth IN ('path_token', 'hmac', 'mtls_proxy')),
  webhook_hmac_header text,
  webhook_proxy_header text,
  webhook_url text,
  webhook_registered_at timestamptz,
  webhook_error text,
  -- Days after the due date a cobv still takes payment ("não receber após").
  accept_days_after_due integer NOT NULL DEFAULT 30 CHECK (accept_days_after_due BETWEEN 0 AND 365),
  -- Seconds a cob (charge due now) stays payable.
  cob_expiration_seconds integer NOT NULL DEFAULT 86400 CHECK (cob_expiration_seconds BETWEEN 60 AND 2592000),
  -- Pix Automático: the receiving account at the PSP (cobr recebedor), when it offers it.
  receiver_agency text,
  receiver_account text,
  receiver_account_type text CHECK (receiver_account_type IN ('CORRENTE', 'POUPANCA', 'PAGAMENTO')),
  certificate_info jsonb,
  secret_encrypted text NOT NULL,
  -- Reconciliation: Pix up to this instant have been listed from the PSP and registered.
  reconciled_until timestamptz,
  reconcile_locked_until timestamptz,
  -- lotecobv ids are integers for the PSP (the loteCobVId filter is an int32): one sequence per connection.
  next_lote_id bigint NOT NULL DEFAULT 1 CHECK (next_lote_id BETWEEN 1 AND 2147483647),
  last_verified_at timestamptz,
  last_verify_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX psp_connections_one_default ON psp_connections (tenant_id) WHERE is_default;
CREATE UNIQUE INDEX psp_connections_name ON psp_connections (tenant_id, lower(name));
CREATE UNIQUE INDEX psp_connections_account ON psp_connections (tenant_id, collection_account_id) WHERE collection_account_id IS NOT NULL;

-- Pix Automático: a payer's authorization of recurring debits for one contract.
CREATE TABLE pix_recurrences (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  -- Our reference in vinculo.contrato: finds the rec again if a POST /rec answer was lost.
  reference text NOT NULL,
  journey text NOT NULL CHECK (journey IN ('qr', 'qr_with_payment', 'push')),
  status text NOT NULL CHECK (status IN ('creating', 'awaiting_approval', 'approved', 'rejected', 'expired', 'cancelled', 'failed')),
  paused boolean NOT NULL DEFAULT false,
  id_rec text,
  psp_status text,
  periodicity text NOT NULL,
  start_date date NOT NULL,
  end_date date,
  fixed_amount_cents bigint,
  min_amount_cents bigint,
  retry_policy text NOT NULL CHECK (retry_policy IN ('NAO_PERMITE', 'PERMITE_3R_7D')),
  payer jsonb NOT NULL,
  object text NOT NULL,
  loc_id text,
  location text,
  pix_copia_e_cola text,
  first_charge_id uuid,
  status_reason text,
  approved_at timestamptz,
  cancelled_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES psp_connections (tenant_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX pix_recurrences_reference ON pix_recurrences (tenant_id, reference);
CREATE UNIQUE INDEX pix_recurrences_id_rec ON pix_recurrences (tenant_id, connection_id, id_rec) WHERE id_rec IS NOT NULL;
-- One live recurrence per contract.
CREATE UNIQUE INDEX pix_recurrences_live ON pix_recurrences (tenant_id, contract_id) WHERE status IN ('creating', 'awaiting_approval', 'approved');

-- A PSP charge of a Cobre charge. txid is ours (src/psp/txid.ts), so a retried PUT never makes a
-- second one; a charge has at most one live PSP charge.
CREATE TABLE pix_charges (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  txid text NOT NULL,
  charge_id uuid NOT NULL,
  connection_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cob', 'cobv', 'cobr')),
  recurrence_id uuid,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'completed', 'removed', 'failed')),
  psp_status text,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  due_date date,
  -- The valor object sent (multa, juros, desconto…) and what the PSP could not express.
  terms jsonb,
  loc_id text,
  location text,
  pix_copia_e_cola text,
  psp_revision integer,
  -- A cob stops being payable at the PSP then (calendario.expiracao after it was made).
  expires_at timestamptz,
  -- Pix Automático: the retries asked for (dates) and the PSP's attempts.
  retries jsonb NOT NULL DEFAULT '[]',
  status_reason text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, txid),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES psp_connections (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, charge_id) REFERENCES charges (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX pix_charges_live ON pix_charges (tenant_id, charge_id) WHERE status IN ('pending', 'active');
CREATE INDEX pix_charges_charge ON pix_charges (tenant_id, charge_id);

-- The outbox of calls to a PSP: one row per intent (unique key), sent by src/psp/sender.ts.
-- PUTs carry our txid / lote id / devolução id, so resending after a crash has one effect; the one
-- POST (rec) looks its reference up before creating.
CREATE TABLE psp_operations (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  connection_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('put_charge', 'update_charge', 'remove_charge', 'refund', 'register_webhooks', 'create_recurrence', 'cancel_recurrence', 'put_cobr', 'retry_cobr', 'cancel_cobr')),
  intent_key text NOT NULL,
  charge_id uuid,
  txid text,
  recurrence_id uuid,
  payload jsonb NOT NULL DEFAULT '{}',
  -- Creations sent together in one lotecobv share its id (kept so a retry resends the same lote).
  batch_id text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'done', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL,
  locked_until timestamptz,
  last_error text,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, connection_id) REFERENCES psp_connections (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX psp_operations_intent ON psp_operations (tenant_id, intent_key);
CREATE INDEX psp_operations_ready ON psp_operations (not_before) WHERE status IN ('queued', 'sending');
CREATE INDEX psp_operations_charge ON psp_operations (tenant_id, charge_id) WHERE charge_id IS NOT NULL;

-- Every request to a PSP and its answer (secrets and tokens redacted), per charge or recurrence.
CREATE TABLE psp_exchanges (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  connection_id uuid NOT NULL,
  charge_id uuid,
  recurrence_id uuid,
  operation_id uuid,
  method text NOT NULL,
  path text NOT NULL,
  status integer,
  attempt integer NOT NULL,
  duration_ms integer NOT NULL,
  request jsonb,
  response jsonb,
  error text,
  at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX psp_exchanges_charge ON psp_exchanges (tenant_id, charge_id, at) WHERE charge_id IS NOT NULL;
CREATE INDEX psp_exchanges_recurrence ON psp_exchanges (tenant_id, recurrence_id, at) WHERE recurrence_id IS NOT NULL;
CREATE INDEX psp_exchanges_connection ON psp_exchanges (tenant_id, connection_id, at);

-- Each Pix received, once (endToEndId), however it was learnt: webhook or reconciliation.
CREATE TABLE pix_received (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  end_to_end_id text NOT NULL,
  connection_id uuid NOT NULL,
  txid text,
  charge_id uuid,
  amount_cents bigint NOT NULL,
  paid_at timestamptz NOT NULL,
  -- What Cobre computed as due on the day of the Pix, and how the Pix compares.
  expected_cents bigint,
  outcome text NOT NULL CHECK (outcome IN ('exact', 'underpaid', 'overpaid', 'charge_closed', 'unmatched')),
  payment_id uuid,
  source text NOT NULL CHECK (source IN ('webhook', 'reconciliation', 'cobr_webhook')),
  payer jsonb,
  raw jsonb NOT NULL,
  refunded_cents bigint NOT NULL DEFAULT 0,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, end_to_end_id)
);
CREATE INDEX pix_received_charge ON pix_received (tenant_id, charge_id) WHERE charge_id IS NOT NULL;
CREATE INDEX pix_received_unmatched ON pix_received (tenant_id, received_at) WHERE outcome = 'unmatched';

-- Refunds (devoluções) of a received Pix, with our own id so a retry never refunds twice.
CREATE TABLE pix_refunds (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id text NOT NULL,
  end_to_end_id text NOT NULL,
  charge_id uuid,
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  reason text NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'processing', 'returned', 'failed')),
  rtr_id text,
  psp_status text,
  status_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, end_to_end_id) REFERENCES pix_received (tenant_id, end_to_end_id) ON DELETE RESTRICT
);
CREATE INDEX pix_refunds_pix ON pix_refunds (tenant_id, end_to_end_id);

-- A refund reduces what a payment counts towards its charge (charges/charges.ts settles on it).
ALTER TABLE payments ADD COLUMN refunded_cents bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0 AND refunded_cents <= amount_cents);
ALTER TABLE payments DROP CONSTRAINT payments_source_check;
ALTER TABLE payments ADD CONSTRAINT payments_source_check CHECK (source IN ('api', 'bank_return', 'console', 'import', 'pix'));
