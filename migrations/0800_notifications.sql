-- Notifications: the channels a tenant sends through, its message templates, the dunning
-- schedules ("régua de cobrança") and the outbox of messages to payers with their delivery log.
-- See docs/notifications.md.

-- One configuration per channel kind. Secrets (SMTP password, provider tokens) are stored
-- encrypted with COBRE_SECRET_KEY (src/platform/secrets.ts); `settings` holds nothing secret.
CREATE TABLE notification_channels (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
  provider text NOT NULL CHECK (provider IN ('smtp', 'zenvia', 'whatsapp_cloud')),
  settings jsonb NOT NULL DEFAULT '{}',
  secret_encrypted text,
  active boolean NOT NULL DEFAULT true,
  last_verified_at timestamptz,
  last_verify_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel)
);

-- What happens on a charge's own events (created, paid), beside the dunning schedule.
CREATE TABLE notification_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  charge_created_channels text[] NOT NULL DEFAULT '{email}',
  paid_receipt_channels text[] NOT NULL DEFAULT '{email}',
  attach_boleto_pdf boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- A tenant's edits of the built-in templates (src/notifications/default-templates.ts).
CREATE TABLE notification_templates (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  event text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
  locale text NOT NULL CHECK (locale IN ('pt-BR', 'pt-PT')),
  subject text,
  body text NOT NULL,
  html text,
  -- WhatsApp: the name of the template approved by Meta; `body` lists its parameters, one per line.
  whatsapp_template text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, event, channel, locale)
);

CREATE TABLE dunning_schedules (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  name text NOT NULL,
  is_default boolean NOT NULL DEFAULT false,
  day_kind text NOT NULL DEFAULT 'calendar' CHECK (day_kind IN ('calendar', 'business')),
  -- Messages are not sent between these local times (America/Sao_Paulo); null: any time.
  quiet_start time,
  quiet_end time,
  steps jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX dunning_schedules_one_default ON dunning_schedules (tenant_id) WHERE is_default;

-- Per customer or per contract: another schedule, and/or a pause.
CREATE TABLE dunning_assignments (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  target_type text NOT NULL CHECK (target_type IN ('customer', 'contract')),
  target_id uuid NOT NULL,
  schedule_id uuid,
  paused boolean NOT NULL DEFAULT false,
  paused_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, target_type, target_id),
  FOREIGN KEY (tenant_id, schedule_id) REFERENCES dunning_schedules (tenant_id, id) ON DELETE SET NULL (schedule_id)
);

-- Each step taken on a charge, once: the unique key is what makes a tick safe to repeat.
CREATE TABLE dunning_step_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  charge_id uuid NOT NULL,
  step_key text NOT NULL,
  schedule_id uuid,
  action text NOT NULL,
  step_date date NOT NULL,
  outcome text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, charge_id, step_key)
);
CREATE INDEX dunning_step_runs_action ON dunning_step_runs (tenant_id, action, created_at DESC);

-- The outbox of messages to payers: one row per charge, step and channel, ever.
CREATE TABLE notification_messages (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  charge_id uuid NOT NULL,
  customer_id uuid NOT NULL,
  step_key text NOT NULL,
  event text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
  locale text NOT NULL,
  recipient text NOT NULL,
  recipient_name text,
  status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz NOT NULL,
  next_attempt_at timestamptz,
  -- A sender holds a message while sending; after this instant another may take it over.
  locked_until timestamptz,
  provider_message_id text,
  last_error text,
  subject text,
  body text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX notification_messages_once ON notification_messages (tenant_id, charge_id, step_key, channel);
CREATE INDEX notification_messages_due ON notification_messages (next_attempt_at) WHERE status IN ('queued', 'sending');
CREATE INDEX notification_messages_customer ON notification_messages (tenant_id, customer_id, created_at DESC);

CREATE TABLE notification_message_log (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  message_id uuid NOT NULL,
  status text NOT NULL,
  attempt integer NOT NULL,
  detail text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES notification_messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX notification_message_log_message ON notification_message_log (tenant_id, message_id, created_at, id);

-- Addresses a provider refused for good (hard bounce): not used again until a clerk clears them.
CREATE TABLE notification_invalid_addresses (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  channel text NOT NULL,
  address text NOT NULL,
  reason text,
  message_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, channel, address)
);

-- A payer's unsubscribe link (LGPD): reminders are not sent after it is used.
CREATE TABLE notification_recipients (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  customer_id uuid NOT NULL,
  unsubscribe_token text NOT NULL,
  unsubscribed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, customer_id)
);
CREATE UNIQUE INDEX notification_recipients_token ON notification_recipients (tenant_id, unsubscribe_token);
