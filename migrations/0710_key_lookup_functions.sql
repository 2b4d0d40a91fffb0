-- Batch lookups by a unique key (1000 external ids, 1000 contract periods) must probe the unique
-- index once per key. The planner prices 1000 random probes above a sequential scan of any table
-- under ~200,000 rows, and while a table grows from empty (a first import, a first billing run)
-- its statistics still say "empty": it then scans the whole table for every batch, which makes a
-- 100,000-row import quadratic. These functions run their one query with sequential scans off, so
-- the probes are always the plan (bitmap or plain index scans remain possible).

CREATE FUNCTION usage_records_by_external_ids(p_tenant uuid, p_external_ids text[]) RETURNS SETOF usage_records
  LANGUAGE sql STABLE SET enable_seqscan = off
  AS $$ SELECT * FROM usage_records WHERE tenant_id = p_tenant AND external_id = ANY (p_external_ids) $$;

CREATE FUNCTION charges_by_contract_period(p_tenant uuid, p_contracts uuid[], p_period_keys text[])
  RETURNS TABLE (id uuid, contract_id uuid, period_key text)
  LANGUAGE sql STABLE SET enable_seqscan = off
  AS $$
    SELECT c.id, c.contract_id, c.period_key
    FROM unnest(p_contracts, p_period_keys) AS k(contract_id, period_key)
    JOIN charges c ON c.tenant_id = p_tenant AND c.contract_id = k.contract_id AND c.period_key = k.period_key
  $$;
