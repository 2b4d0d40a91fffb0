-- The collection account a contract's charges are collected on (docs/contracts.md): per contract,
-- since one period makes one charge and one charge has one boleto in one bank account. NULL: the
-- tenant's default account at issue time. NO ACTION on delete: an account a contract names is
-- deactivated, not deleted.
ALTER TABLE contracts ADD COLUMN collection_account_id uuid;
ALTER TABLE contracts ADD CONSTRAINT contracts_collection_account
  FOREIGN KEY (tenant_id, collection_account_id) REFERENCES collection_accounts (tenant_id, id);
CREATE INDEX contracts_collection_account ON contracts (tenant_id, collection_account_id) WHERE collection_account_id IS NOT NULL;
