-- An open charge's due date and amount can change (PATCH /v1/charges/{id}). A new amount is kept as
-- an adjustment line (the difference, described by the clerk's reason), so the lines still add up to
-- the amount; only an adjustment may be negative.
ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_kind_check;
ALTER TABLE charge_lines ADD CONSTRAINT charge_lines_kind_check CHECK (kind IN ('flat', 'usage', 'one_off', 'adjustment'));
ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_amount_cents_check;
ALTER TABLE charge_lines ADD CONSTRAINT charge_lines_amount_cents_check CHECK (amount_cents >= 0 OR kind = 'adjustment');
