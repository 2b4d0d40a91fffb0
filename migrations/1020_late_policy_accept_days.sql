-- "Não receber após": how many days after the due date the beneficiary still takes payment
-- (printed on the boleto, sent to the PSP as a cobv's validadeAposVencimento). NULL: no limit.
ALTER TABLE late_charge_policies
  ADD COLUMN accept_days_after_due integer CHECK (accept_days_after_due BETWEEN 0 AND 3650);
