-- Foundation: tenants, API keys, OAuth tokens, counters, audit events, idempotency, jobs.
-- Every business table carries tenant_id first in its primary key and in its foreign keys,
-- so the schema can later be distributed by tenant (e.g. Citus).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- A tenant is a data space. A company has a live tenant (parent_id NULL) and one sandbox
-- tenant (mode 'test', parent_id = the live tenant); their data never mix.
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  parent_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  legal_name text NOT NULL,
  trading_name text,
  document_kind text CHECK (document_kind IN ('cpf', 'cnpj', 'nif')),
  document text,
  country char(2) NOT NULL DEFAULT 'BR',
  contact_name text,
  contact_email text,
  contact_phone text,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((mode = 'live') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX tenants_one_sandbox ON tenants (parent_id) WHERE parent_id IS NOT NULL;

-- API keys belong to the live tenant and carry the mode they act in. Only a SHA-256 hash of
-- the secret is stored (the key has 256 bits of entropy, so a slow hash adds nothing).
CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  mode text NOT NULL CHECK (mode IN ('live', 'test')),
  name text NOT NULL,
  prefix text NOT NULL,
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  last_used_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_secret_hash ON api_keys (secret_hash);
CREATE UNIQUE INDEX api_keys_id ON api_keys (id);

CREATE TABLE oauth_tokens (
  tenant_id uuid NOT NULL,
  token_hash bytea NOT NULL,
  api_key_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX oauth_tokens_hash ON oauth_tokens (token_hash);

-- Per-tenant gapless counters (customer numbers, later invoice numbers...).
CREATE TABLE tenant_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

-- The audit trail and the outbox: every write records who, when, what (before/after).
-- Webhook delivery reads this table in order.
CREATE TABLE events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  type text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  actor_type text NOT NULL,
  actor_id text,
  request_id text,
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX events_resource ON events (tenant_id, resource_type, resource_id, seq);
CREATE INDEX events_seq ON events (seq);

CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response_body text NOT NULL,
  response_type text NOT NULL DEFAULT 'application/json; charset=utf-8',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Background jobs, claimed with FOR UPDATE SKIP LOCKED by any number of worker processes.
CREATE TABLE jobs (
  tenant_id uuid REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL PRIMARY KEY,
  queue text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 10,
  run_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_error text,
  result jsonb,
  progress jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_ready ON jobs (queue, run_at) WHERE state IN ('queued', 'running');

-- Installation-wide settings (e.g. whether the demo tenant was created).
CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
