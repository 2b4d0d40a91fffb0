-- Each bank's own remittance layout, and every movement a remittance can carry.
--
-- A collection account names the layout its bank takes (the ids live in src/cnab/remittance-layouts.ts,
-- which checks the value against the account's bank); a remittance keeps the layout it was written in.
ALTER TABLE collection_accounts ADD COLUMN remittance_layout text NOT NULL DEFAULT 'cnab240'
  CHECK (remittance_layout ~ '^cnab(240|400)[a-z0-9_]*$');
ALTER TABLE remittances DROP CONSTRAINT remittances_format_check;
ALTER TABLE remittances ADD CONSTRAINT remittances_format_check CHECK (format ~ '^cnab(240|400)[a-z0-9_]*$');

-- Instructions beyond the write-off: due date and amount changes, abatimento, desconto, protest and
-- negativation. The code sent depends on the layout of the file that carries the instruction, so it
-- is no longer stored here (the kept file holds it); what the code needs besides the boleto's current
-- due date and amount is.
ALTER TABLE boleto_movements DROP CONSTRAINT boleto_movements_kind_check;
ALTER TABLE boleto_movements ADD CONSTRAINT boleto_movements_kind_check CHECK (kind IN (
  'write_off', 'rebate_grant', 'rebate_cancel', 'due_date_change', 'discount_grant', 'discount_cancel',
  'protest', 'protest_stop_write_off', 'protest_stop_keep', 'amount_change', 'negativation', 'negativation_stop'));
ALTER TABLE boleto_movements DROP COLUMN code;
ALTER TABLE boleto_movements ADD COLUMN rebate_cents bigint CHECK (rebate_cents > 0);
ALTER TABLE boleto_movements ADD COLUMN protest_days integer CHECK (protest_days BETWEEN 1 AND 99);
ALTER TABLE boleto_movements ADD CONSTRAINT boleto_movements_rebate CHECK ((kind = 'rebate_grant') = (rebate_cents IS NOT NULL));
ALTER TABLE boleto_movements ADD CONSTRAINT boleto_movements_protest_days CHECK ((kind IN ('protest', 'negativation')) = (protest_days IS NOT NULL));
