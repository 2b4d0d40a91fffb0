-- Boletos and bank files: collection accounts ("carteiras de cobrança"), the boletos issued on
-- them (nosso número allocated per account), the CNAB remittances sent to the bank and the return
-- files received from it.

CREATE TABLE collection_accounts (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  number bigint NOT NULL,
  label text,
  bank_code char(3) NOT NULL,
  agency text NOT NULL DEFAULT '',
  agency_digit text,
  account text NOT NULL DEFAULT '',
  account_digit text,
  carteira text NOT NULL,
  convenio text,
  beneficiary_code text,
  variation text,
  post text,
  byte_idt text,
  iof text,
  nosso_numero_17 boolean NOT NULL DEFAULT false,
  beneficiary_name text NOT NULL,
  beneficiary_document_kind text NOT NULL CHECK (beneficiary_document_kind IN ('cpf', 'cnpj')),
  beneficiary_document text NOT NULL,
  beneficiary_address jsonb NOT NULL,
  instructions jsonb NOT NULL DEFAULT '[]',
  pix_key text,
  pix_key_type text CHECK (pix_key_type IN ('cpf', 'cnpj', 'email', 'phone', 'evp')),
  is_default boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  -- The next nosso-número sequence: taken with UPDATE … RETURNING in the issuing transaction,
  -- so two boletos never get the same one and a rolled-back issue gives its number back.
  next_sequence bigint NOT NULL DEFAULT 1 CHECK (next_sequence >= 1),
  next_file_sequence bigint NOT NULL DEFAULT 1 CHECK (next_file_sequence >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((pix_key IS NULL) = (pix_key_type IS NULL))
);
CREATE UNIQUE INDEX collection_accounts_number ON collection_accounts (tenant_id, number);
-- Exactly one default per tenant (the use cases keep one whenever the tenant has accounts).
CREATE UNIQUE INDEX collection_accounts_one_default ON collection_accounts (tenant_id) WHERE is_default;
-- One account per bank agreement: two accounts on the same agreement would issue the same nossos números.
CREATE UNIQUE INDEX collection_accounts_agreement ON collection_accounts
  (tenant_id, bank_code, agency, account, carteira, coalesce(convenio, ''), coalesce(beneficiary_code, ''), coalesce(post, ''));

CREATE TABLE remittances (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  collection_account_id uuid NOT NULL,
  file_sequence bigint NOT NULL,
  format text NOT NULL DEFAULT 'cnab240' CHECK (format IN ('cnab240')),
  boleto_count integer NOT NULL CHECK (boleto_count > 0),
  total_cents bigint NOT NULL CHECK (total_cents >= 0),
  file_name text NOT NULL,
  content text NOT NULL,
  actor_type text,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, collection_account_id) REFERENCES collection_accounts (tenant_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX remittances_file_sequence ON remittances (tenant_id, collection_account_id, file_sequence);

CREATE TABLE boletos (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  charge_id uuid NOT NULL,
  collection_account_id uuid NOT NULL,
  sequence bigint NOT NULL CHECK (sequence >= 1),
  nosso_numero text NOT NULL,
  nosso_numero_digits text NOT NULL,
  -- The nosso número as each kind of return file carries it (see docs/boletos.md), for matching.
  match_keys text[] NOT NULL,
  barcode char(44) NOT NULL,
  linha_digitavel char(47) NOT NULL,
  amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
  issue_date date NOT NULL,
  due_date date NOT NULL,
  pix_payload text,
  status text NOT NULL CHECK (status IN ('issued', 'registered', 'cancelled', 'paid')),
  remittance_id uuid,
  registered_at timestamptz,
  paid_at timestamptz,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, charge_id) REFERENCES charges (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, collection_account_id) REFERENCES collection_accounts (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, remittance_id) REFERENCES remittances (tenant_id, id) ON DELETE RESTRICT
);
-- A nosso número is never used twice on an account.
CREATE UNIQUE INDEX boletos_account_sequence ON boletos (tenant_id, collection_account_id, sequence);
-- A charge has at most one live boleto.
CREATE UNIQUE INDEX boletos_live_charge ON boletos (tenant_id, charge_id) WHERE status <> 'cancelled';
CREATE INDEX boletos_charge ON boletos (tenant_id, charge_id);
CREATE INDEX boletos_match_keys ON boletos USING gin (match_keys);
CREATE INDEX boletos_to_remit ON boletos (tenant_id, collection_account_id, sequence) WHERE remittance_id IS NULL AND status = 'issued';
CREATE INDEX boletos_remittance ON boletos (tenant_id, remittance_id) WHERE remittance_id IS NOT NULL;

CREATE TABLE bank_returns (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  collection_account_id uuid NOT NULL,
  file_sha256 text NOT NULL,
  file_name text,
  format text NOT NULL CHECK (format IN ('cnab240', 'cnab400')),
  entry_count integer NOT NULL,
  liquidation_count integer NOT NULL,
  paid_total_cents bigint NOT NULL,
  result jsonb NOT NULL,
  actor_type text,
  actor_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, collection_account_id) REFERENCES collection_accounts (tenant_id, id) ON DELETE RESTRICT
);
CREATE UNIQUE INDEX bank_returns_file ON bank_returns (tenant_id, collection_account_id, file_sha256);
