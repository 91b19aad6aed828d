-- What a bank's answer does (product.md "returns import", "Outcomes of a debit"). The
-- import reads and reconciles a return file into the session's temporary table
-- return_staging, then calls these in its transaction. PL/pgSQL, so that the temporary
-- table is looked up when they run. Repeatable.

-- Earlier signatures, before the period was passed (so that only its partition is read).
DROP FUNCTION IF EXISTS autodebet.settle_answers(bigint);
DROP FUNCTION IF EXISTS autodebet.apply_bank_verdicts(bigint, text);

-- Settles the instructions the staged answers name: paid with the bank's processing
-- date as debited_on, or failed with their outcome. Only instructions still awaiting
-- their return are touched; returns how many were settled (the import asserts that this
-- equals the answers it read).
CREATE OR REPLACE FUNCTION autodebet.settle_answers(p_return_file_id bigint, p_period autodebet.period)
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    settled bigint;
BEGIN
    UPDATE autodebet.debit_instruction i
       SET status = CASE s.outcome WHEN 'paid' THEN 'paid' ELSE 'failed' END,
           outcome = s.outcome, response_code = s.response_code,
           debited_on = CASE s.outcome WHEN 'paid' THEN s.processing_date END,
           returned_at = now(), return_file_id = p_return_file_id
      FROM pg_temp.return_staging s
     WHERE i.period = p_period AND i.reference = s.reference AND i.status = 'submitted';
    GET DIAGNOSTICS settled = ROW_COUNT;
    RETURN settled;
END $$;

-- The bank's word on the mandate: an invalid account suspends it until a new mandate is
-- imported; a mandate the bank does not hold is revoked. Returns how many of each.
CREATE OR REPLACE FUNCTION autodebet.apply_bank_verdicts(p_return_file_id bigint, p_period autodebet.period, p_file_name text)
RETURNS TABLE (suspended_count bigint, revoked_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
    suspended bigint;
    revoked bigint;
BEGIN
    UPDATE autodebet.mandate m
       SET status = 'suspended', updated_at = now(),
           status_reason = 'account reported invalid (code ' || i.response_code || ') in ' || p_file_name
      FROM autodebet.debit_instruction i
     WHERE i.period = p_period AND i.return_file_id = p_return_file_id AND i.outcome = 'account_invalid'
       AND m.id = i.mandate_id
       AND m.status = 'active';
    GET DIAGNOSTICS suspended = ROW_COUNT;
    UPDATE autodebet.mandate m
       SET status = 'revoked', updated_at = now(),
           status_reason = 'bank holds no valid mandate (code ' || i.response_code || ') in ' || p_file_name
      FROM autodebet.debit_instruction i
     WHERE i.period = p_period AND i.return_file_id = p_return_file_id AND i.outcome = 'mandate_invalid'
       AND m.id = i.mandate_id
       AND m.status IN ('active', 'suspended');
    GET DIAGNOSTICS revoked = ROW_COUNT;
    RETURN QUERY SELECT suspended, revoked;
END $$;
