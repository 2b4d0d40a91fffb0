-- Customers: PF/PJ (CPF/CNPJ), Portuguese customers (NIF), several e-mails and addresses.

CREATE TABLE customers (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  person_type text NOT NULL CHECK (person_type IN ('PF', 'PJ')),
  document_kind text CHECK (document_kind IN ('cpf', 'cnpj', 'nif')),
  document text,
  name text NOT NULL,
  trading_name text,
  state_registration text,
  municipal_registration text,
  birth_date date,
  gender text CHECK (gender IN ('female', 'male', 'other', 'not_informed')),
  rg text,
  rg_issuer text,
  country char(2) NOT NULL DEFAULT 'BR',
  tax_region text,
  phones jsonb NOT NULL DEFAULT '[]',
  website text,
  contact_name text,
  notes text,
  internal_notes text,
  associate boolean NOT NULL DEFAULT false,
  final_consumer boolean NOT NULL DEFAULT true,
  cash_vat boolean NOT NULL DEFAULT false,
  tax_exempt boolean NOT NULL DEFAULT false,
  external_code text,
  active boolean NOT NULL DEFAULT true,
  metadata jsonb NOT NULL DEFAULT '{}',
  portal_password_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX customers_number ON customers (tenant_id, number);
CREATE UNIQUE INDEX customers_document ON customers (tenant_id, document) WHERE document IS NOT NULL;
CREATE UNIQUE INDEX customers_external_code ON customers (tenant_id, external_code) WHERE external_code IS NOT NULL;
CREATE INDEX customers_name_trgm ON customers USING gin (name gin_trgm_ops);
CREATE INDEX customers_document_trgm ON customers USING gin (document gin_trgm_ops);
CREATE INDEX customers_created ON customers (tenant_id, created_at);
CREATE INDEX customers_name ON customers (tenant_id, name);

CREATE TABLE customer_emails (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  number bigint NOT NULL,
  customer_id uuid NOT NULL,
  email text NOT NULL,
  label text,
  is_primary boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_emails_customer ON customer_emails (tenant_id, customer_id);
CREATE UNIQUE INDEX customer_emails_number ON customer_emails (tenant_id, number);
CREATE UNIQUE INDEX customer_emails_one_primary ON customer_emails (tenant_id, customer_id) WHERE is_primary;
CREATE INDEX customer_emails_email_trgm ON customer_emails USING gin (email gin_trgm_ops);

CREATE TABLE customer_addresses (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  number bigint NOT NULL,
  customer_id uuid NOT NULL,
  label text,
  is_primary boolean NOT NULL DEFAULT false,
  for_billing boolean NOT NULL DEFAULT true,
  for_delivery boolean NOT NULL DEFAULT true,
  street text,
  street_number text,
  complement text,
  district text,
  city text,
  state text,
  region text,
  postal_code text,
  country varchar(5) NOT NULL DEFAULT 'BR',
  reference text,
  responsible_name text,
  kind integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX customer_addresses_customer ON customer_addresses (tenant_id, customer_id);
CREATE UNIQUE INDEX customer_addresses_number ON customer_addresses (tenant_id, number);
CREATE UNIQUE INDEX customer_addresses_one_primary ON customer_addresses (tenant_id, customer_id) WHERE is_primary;
