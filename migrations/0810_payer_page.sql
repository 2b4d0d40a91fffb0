-- The payer's page (docs/payer-page.md): public links to a charge or to all open charges of a
-- customer, and the tenant's settings for the page (logo, 2ª via, support contacts).

-- A link is a capability URL: /pagar/{token}. The token is base64url(tenant uuid ‖ 18 random bytes),
-- so its lookup carries the tenant key (WHERE tenant_id = $1 AND token = $2). It is stored as is
-- (not hashed) because the same link goes into every e-mail and reminder of the charge and the
-- clerk sees it again in the console; anyone who can read this table can already read the charges.
-- One live link per charge or customer; revoking sets revoked_at and the next request makes a new one.
CREATE TABLE payer_links (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('charge', 'customer')),
  target_id uuid NOT NULL,
  token text NOT NULL CHECK (token ~ '^[A-Za-z0-9_-]{46}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX payer_links_token ON payer_links (tenant_id, token);
CREATE UNIQUE INDEX payer_links_live ON payer_links (tenant_id, kind, target_id) WHERE revoked_at IS NULL;

CREATE TABLE payer_page_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  allow_second_copy boolean NOT NULL DEFAULT true,
  support_email text,
  support_phone text,
  instructions text CHECK (instructions IS NULL OR length(instructions) <= 500),
  logo bytea,
  logo_content_type text CHECK (logo_content_type IN ('image/png', 'image/jpeg')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id),
  CHECK ((logo IS NULL) = (logo_content_type IS NULL))
);
