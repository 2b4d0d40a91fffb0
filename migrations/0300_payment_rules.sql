-- Payment rules ("Desconto Pontualidade" in the CRM they come from), where they are attached, and
-- the late-charge policies (fine and default interest) per tenant, customer and contract. The charge
-- level of the late policy is charges.late_policy (migrations/0200_charges.sql).
-- docs/payment-rules.md gives every field and code its meaning.

CREATE TABLE payment_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  codigo bigint NOT NULL,
  descricao text NOT NULL CHECK (length(btrim(descricao)) > 0),
  acrescimo_desconto text NOT NULL CHECK (acrescimo_desconto IN ('A', 'D')),
  tipo_aplicacao_calculo text NOT NULL CHECK (tipo_aplicacao_calculo IN ('D', 'P')),
  tipo_calculo_valor text NOT NULL CHECK (tipo_calculo_valor IN ('N', 'V', 'M')),
  tipo_juros text NOT NULL CHECK (tipo_juros IN ('S', 'C')),
  tipo_saldo text NOT NULL CHECK (tipo_saldo IN ('A', 'O', 'S')),
  tipo_prazo_pagamento text NOT NULL CHECK (tipo_prazo_pagamento IN ('ADV', 'AOV', 'DIV', 'DPV', 'S', 'VCE')),
  tipo_pessoa text NOT NULL CHECK (tipo_pessoa IN ('A', 'T', 'S')),
  desconto_extra boolean NOT NULL DEFAULT false,
  codigo_externo text,
  -- The rate Cobre adds to the CRM record (validated by validateRule before any write).
  percentual numeric(7, 4) CHECK (percentual BETWEEN 0 AND 100),
  valor_fixo_centavos bigint CHECK (valor_fixo_centavos >= 0),
  dias integer CHECK (dias BETWEEN 0 AND 3650),
  teto_centavos bigint CHECK (teto_centavos >= 0),
  teto_percentual numeric(7, 4) CHECK (teto_percentual BETWEEN 0 AND 100),
  ativo boolean NOT NULL DEFAULT true,
  -- Set by Cobre on every save, never by a client.
  data_alteracao timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK ((tipo_calculo_valor = 'N') = (percentual IS NOT NULL)),
  CHECK ((tipo_calculo_valor IN ('V', 'M')) = (valor_fixo_centavos IS NOT NULL))
);
CREATE UNIQUE INDEX payment_rules_codigo ON payment_rules (tenant_id, codigo);
CREATE UNIQUE INDEX payment_rules_codigo_externo ON payment_rules (tenant_id, codigo_externo) WHERE codigo_externo IS NOT NULL;
CREATE INDEX payment_rules_descricao ON payment_rules (tenant_id, descricao);

-- Where a rule applies: the tenant (default for every charge), a service, a customer or a contract.
-- One nullable column per target kind so each has a real foreign key. Links are configuration, not
-- financial history: deleting the rule or the target removes them (CASCADE).
CREATE TABLE payment_rule_links (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  rule_id uuid NOT NULL,
  target_type text NOT NULL CHECK (target_type IN ('tenant', 'service', 'customer', 'contract')),
  service_id uuid,
  customer_id uuid,
  contract_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, rule_id) REFERENCES payment_rules (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE,
  CHECK ((target_type = 'service') = (service_id IS NOT NULL)),
  CHECK ((target_type = 'customer') = (customer_id IS NOT NULL)),
  CHECK ((target_type = 'contract') = (contract_id IS NOT NULL))
);
CREATE UNIQUE INDEX payment_rule_links_unique ON payment_rule_links
  (tenant_id, rule_id, target_type, (coalesce(service_id, customer_id, contract_id, '00000000-0000-0000-0000-000000000000'::uuid)));
CREATE INDEX payment_rule_links_tenant ON payment_rule_links (tenant_id) WHERE target_type = 'tenant';
CREATE INDEX payment_rule_links_service ON payment_rule_links (tenant_id, service_id) WHERE service_id IS NOT NULL;
CREATE INDEX payment_rule_links_customer ON payment_rule_links (tenant_id, customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX payment_rule_links_contract ON payment_rule_links (tenant_id, contract_id) WHERE contract_id IS NOT NULL;

-- Fine (multa) and default interest (juros de mora). At most one policy per level and target;
-- the most specific one wins entirely: charge > contract > customer > tenant.
CREATE TABLE late_charge_policies (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  level text NOT NULL CHECK (level IN ('tenant', 'customer', 'contract')),
  customer_id uuid,
  contract_id uuid,
  fine_kind text CHECK (fine_kind IN ('percent', 'fixed')),
  fine_percent numeric(7, 4) CHECK (fine_percent BETWEEN 0 AND 100),
  fine_fixed_cents bigint CHECK (fine_fixed_cents >= 0),
  fine_cap_percent numeric(7, 4) CHECK (fine_cap_percent BETWEEN 0 AND 100),
  interest_monthly_percent numeric(7, 4) CHECK (interest_monthly_percent BETWEEN 0 AND 100),
  interest_compound boolean,
  grace_days integer NOT NULL DEFAULT 0 CHECK (grace_days BETWEEN 0 AND 3650),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id) ON DELETE CASCADE,
  CHECK ((level = 'customer') = (customer_id IS NOT NULL)),
  CHECK ((level = 'contract') = (contract_id IS NOT NULL)),
  CHECK ((fine_kind = 'percent') = (fine_percent IS NOT NULL)),
  CHECK ((fine_kind = 'fixed') = (fine_fixed_cents IS NOT NULL)),
  CHECK (fine_kind IS NOT NULL OR (fine_percent IS NULL AND fine_fixed_cents IS NULL AND fine_cap_percent IS NULL)),
  CHECK ((interest_monthly_percent IS NULL) = (interest_compound IS NULL))
);
CREATE UNIQUE INDEX late_charge_policies_target ON late_charge_policies
  (tenant_id, level, (coalesce(customer_id, contract_id, '00000000-0000-0000-0000-000000000000'::uuid)));
