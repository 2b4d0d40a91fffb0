-- Why a billing run left a contract unbilled, and the catch-up option (issue 16). A run records one
-- row per skipped contract (in bulk, in its chunk's transaction) and counts skips by reason on the
-- run; a catch-up run also bills the periods whose billing date passed without a charge.

ALTER TABLE billing_runs
  ADD COLUMN catch_up boolean NOT NULL DEFAULT false,
  ADD COLUMN skipped_by_reason jsonb NOT NULL DEFAULT '{}',
  -- Periods with a billing date before the run's date that have no charge and that the run did not
  -- bill (it was not a catch-up run): what a catch-up run on the same date would add.
  ADD COLUMN unbilled_past_contracts integer NOT NULL DEFAULT 0,
  ADD COLUMN unbilled_past_periods integer NOT NULL DEFAULT 0,
  ADD COLUMN unbilled_past_cents bigint NOT NULL DEFAULT 0;

CREATE TABLE billing_run_skips (
  tenant_id uuid NOT NULL,
  billing_run_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  reason text NOT NULL,
  -- The period due on the run's date, when there was one (suspended, no_items_in_force).
  period_start date,
  period_end date,
  last_billing_date date,
  next_billing_date date,
  -- [{ "period_start", "period_end", "billing_date", "total_cents" }]: billable periods before the
  -- run's date without a charge.
  unbilled_periods jsonb NOT NULL DEFAULT '[]',
  unbilled_cents bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, billing_run_id, contract_id),
  FOREIGN KEY (tenant_id, billing_run_id) REFERENCES billing_runs (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX billing_run_skips_reason ON billing_run_skips (tenant_id, billing_run_id, reason, contract_id);

-- The charges of each contract from a period key on (one index range per contract, not one probe
-- per period), with sequential scans off for the reason given in 0710_key_lookup_functions.sql.
-- Period keys are 'YYYY-MM-DD..YYYY-MM-DD', so key order is period-start order.
CREATE FUNCTION charges_of_contracts_from(p_tenant uuid, p_contracts uuid[], p_from_keys text[])
  RETURNS TABLE (contract_id uuid, period_key text)
  LANGUAGE sql STABLE SET enable_seqscan = off
  AS $$
    SELECT c.contract_id, c.period_key
    FROM unnest(p_contracts, p_from_keys) AS k(contract_id, from_key)
    JOIN charges c ON c.tenant_id = p_tenant AND c.contract_id = k.contract_id AND c.period_key >= k.from_key
  $$;
