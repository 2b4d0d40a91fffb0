-- Instructions to the bank about a boleto it already has ("movimentos de remessa" other than the
-- entry): a boleto cancelled after it went in a remittance needs a write-off ("pedido de baixa",
-- FEBRABAN 240 code 02) in the next one, or the bank keeps collecting it. Written by the boleto
-- capability when the change happens; the next remittance carries every pending one once.
CREATE TABLE boleto_movements (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  collection_account_id uuid NOT NULL,
  boleto_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('write_off')),
  code text NOT NULL CHECK (code ~ '^[0-9]{2}$'),   -- the CNAB 240 movement code sent (C004)
  remittance_id uuid,                                -- the file that carried it; NULL while pending
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, boleto_id) REFERENCES boletos (tenant_id, id) ON DELETE RESTRICT,
  FOREIGN KEY (tenant_id, remittance_id) REFERENCES remittances (tenant_id, id) ON DELETE RESTRICT
);
-- One pending instruction of a kind per boleto: cancelling twice asks for one write-off.
CREATE UNIQUE INDEX boleto_movements_pending ON boleto_movements (tenant_id, boleto_id, kind) WHERE remittance_id IS NULL;
CREATE INDEX boleto_movements_to_remit ON boleto_movements (tenant_id, collection_account_id, created_at) WHERE remittance_id IS NULL;

-- A remittance may now carry only instructions.
ALTER TABLE remittances ADD COLUMN movement_count integer NOT NULL DEFAULT 0 CHECK (movement_count >= 0);
ALTER TABLE remittances DROP CONSTRAINT remittances_boleto_count_check;
ALTER TABLE remittances ADD CONSTRAINT remittances_boleto_count_check CHECK (boleto_count >= 0);
ALTER TABLE remittances ADD CONSTRAINT remittances_not_empty CHECK (boleto_count + movement_count > 0);
