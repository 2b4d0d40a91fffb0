-- Webhooks: endpoints a tenant registers, and the deliveries of its events to them.
-- Deliveries are made from the `events` table (the outbox): a dispatcher turns events into
-- delivery rows in the same transaction that moves each endpoint's cursor, a sender POSTs them.

CREATE TABLE webhook_endpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  url text NOT NULL,
  description text,
  -- Exact types ('charge.paid'), prefixes ('customer.*') or '*'.
  event_types text[] NOT NULL,
  -- Stored in clear: it is the HMAC key every delivery is signed with (see docs/webhooks.md).
  secret text NOT NULL,
  -- After a rotation, deliveries are also signed with the previous secret until it expires.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  active boolean NOT NULL DEFAULT true,
  -- The seq of the last event the dispatcher considered for this endpoint.
  cursor_seq bigint NOT NULL DEFAULT 0,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX webhook_endpoints_active ON webhook_endpoints (tenant_id) WHERE active;

CREATE TABLE webhook_deliveries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  event_id uuid NOT NULL,
  event_seq bigint NOT NULL,
  event_type text NOT NULL,
  resource_type text NOT NULL,
  resource_id text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'retrying', 'succeeded', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  -- A sender holds a delivery until then; if it dies, another sender takes it after this instant.
  locked_until timestamptz,
  retry_until timestamptz NOT NULL,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  last_response_body text,
  last_duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  -- The delivery log goes with its endpoint; it is not financial history.
  FOREIGN KEY (tenant_id, endpoint_id) REFERENCES webhook_endpoints (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);
-- One delivery per endpoint and event, whatever happens to the dispatcher.
CREATE UNIQUE INDEX webhook_deliveries_once ON webhook_deliveries (tenant_id, endpoint_id, event_id);
-- The delivery log of an endpoint, newest first.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, endpoint_id, created_at DESC, id);
-- What the sender looks for.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
-- In order per resource: the earlier unfinished delivery of the same endpoint and resource.
CREATE INDEX webhook_deliveries_resource ON webhook_deliveries (tenant_id, endpoint_id, resource_type, resource_id, event_seq)
  WHERE status IN ('pending', 'retrying');
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (tenant_id, event_id);
