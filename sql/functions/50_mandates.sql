-- What a mandates file does once every row passed its checks (product.md "Mandates CSV"):
-- the import streams the file into the session's temporary table mandate_staging, then
-- calls these in its transaction. PL/pgSQL, so that the temporary tables are looked up
-- when they run. Repeatable.

-- Participants, keyed by KPJ: one row per participant from the file (its active
-- mandate's row, else its latest). A new participant's paid_through is the latest in the
-- file; for one who existed it is recomputed over all its mandates (refresh_paid_through).
-- Update-then-insert rather than INSERT … ON CONFLICT: imports are serialized by their
-- lock, and plain inserts skip the per-row speculative insertion. Returns how many are new.
CREATE OR REPLACE FUNCTION autodebet.apply_staged_participants()
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    created bigint;
BEGIN
    CREATE TEMP TABLE participant_incoming ON COMMIT DROP AS
    SELECT DISTINCT ON (s.kpj) s.kpj, s.nik, s.name, max(s.paid_through) OVER w AS paid_through
      FROM pg_temp.mandate_staging s
    WINDOW w AS (PARTITION BY s.kpj ORDER BY (s.status = 'active') DESC, s.line DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
     ORDER BY s.kpj, (s.status = 'active') DESC, s.line DESC;
    ANALYZE pg_temp.participant_incoming;
    UPDATE autodebet.participant p
       SET nik = i.nik, name = i.name, updated_at = now()
      FROM pg_temp.participant_incoming i
     WHERE p.kpj = i.kpj AND (p.nik, p.name) IS DISTINCT FROM (i.nik, i.name);
    -- The new keys first, then the insert: an anti-join against the table the same
    -- statement fills can be planned as a nested loop over a table the statistics call
    -- empty, rescanning every page inserted so far for each row (quadratic).
    -- The new rows whole, in the incoming order (by kpj: an anti-join keeps its outer
    -- side's order), so the insert needs no join and no sort and fills the key index in order.
    CREATE TEMP TABLE participant_new ON COMMIT DROP AS
    SELECT i.* FROM pg_temp.participant_incoming i
     WHERE NOT EXISTS (SELECT FROM autodebet.participant p WHERE p.kpj = i.kpj);
    GET DIAGNOSTICS created = ROW_COUNT;
    ANALYZE pg_temp.participant_new;
    INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
    SELECT n.kpj, n.nik, n.name, n.paid_through FROM pg_temp.participant_new n;
    RETURN created;
END $$;

-- A new active mandate supersedes the participant's other active or suspended ones.
CREATE OR REPLACE FUNCTION autodebet.supersede_mandates()
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    superseded bigint;
BEGIN
    UPDATE autodebet.mandate m
       SET status = 'superseded', status_reason = 'superseded by mandate ' || s.mandate_ref, updated_at = now()
      FROM pg_temp.mandate_staging s
     WHERE s.status = 'active' AND m.kpj = s.kpj AND m.mandate_ref <> s.mandate_ref
       AND m.status IN ('active', 'suspended');
    GET DIAGNOSTICS superseded = ROW_COUNT;
    RETURN superseded;
END $$;

-- Mandates by mandate_ref: an existing one is updated when anything changed (a suspended
-- mandate, whose account the bank reported invalid, stays suspended while the registry
-- sends the same account); a new one is inserted. Then each existing participant's
-- paid_through becomes the latest over its mandates. Returns the counts.
CREATE OR REPLACE FUNCTION autodebet.apply_staged_mandates()
RETURNS TABLE (updated_count bigint, inserted_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
    updated bigint;
    inserted bigint;
BEGIN
    UPDATE autodebet.mandate m SET
           sector = s.sector, income = s.income, jht = s.jht, bank_code = s.bank_code,
           account_no = s.account_no, account_name = s.account_name, signed_on = s.signed_on,
           start_period = s.start_period, end_period = s.end_period, paid_through = s.paid_through,
           status = CASE WHEN autodebet.keeps_suspension(m.status, m.bank_code, m.account_no, s.status, s.bank_code, s.account_no)
                         THEN 'suspended' ELSE s.status END,
           status_reason = CASE WHEN autodebet.keeps_suspension(m.status, m.bank_code, m.account_no, s.status, s.bank_code, s.account_no)
                                THEN m.status_reason
                                WHEN s.status = 'revoked' THEN 'revoked in the mandates file' END,
           updated_at = now()
      FROM pg_temp.mandate_staging s
     WHERE m.mandate_ref = s.mandate_ref
       AND ((m.sector, m.income, m.jht, m.bank_code, m.account_no, m.account_name, m.signed_on,
             m.start_period, m.end_period, m.paid_through)
            IS DISTINCT FROM
            (s.sector, s.income, s.jht, s.bank_code, s.account_no, s.account_name, s.signed_on,
             s.start_period, s.end_period, s.paid_through)
            OR (m.status <> s.status
                AND NOT autodebet.keeps_suspension(m.status, m.bank_code, m.account_no, s.status, s.bank_code, s.account_no)));
    GET DIAGNOSTICS updated = ROW_COUNT;
    -- New mandate references first, then the insert (see apply_staged_participants).
    -- The new rows whole, in file order (the staging table's), as for participants.
    CREATE TEMP TABLE mandate_new ON COMMIT DROP AS
    SELECT s.* FROM pg_temp.mandate_staging s
     WHERE NOT EXISTS (SELECT FROM autodebet.mandate m WHERE m.mandate_ref = s.mandate_ref);
    INSERT INTO autodebet.mandate
        (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
         signed_on, start_period, end_period, paid_through, status, status_reason)
    SELECT n.mandate_ref, n.kpj, n.sector, n.income, n.jht, n.bank_code, n.account_no, n.account_name,
           n.signed_on, n.start_period, n.end_period, n.paid_through, n.status,
           CASE n.status WHEN 'revoked' THEN 'revoked in the mandates file' END
      FROM pg_temp.mandate_new n;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    -- Participants who existed before this file (updated or untouched above).
    UPDATE autodebet.participant p
       SET paid_through = x.paid_through, updated_at = now()
      FROM (SELECT m.kpj, max(m.paid_through) AS paid_through
              FROM autodebet.mandate m
             WHERE m.kpj IN (SELECT kpj FROM pg_temp.mandate_staging EXCEPT SELECT kpj FROM pg_temp.participant_new)
             GROUP BY m.kpj) x
     WHERE p.kpj = x.kpj AND p.paid_through IS DISTINCT FROM x.paid_through;
    RETURN QUERY SELECT updated, inserted;
END $$;

-- A suspended mandate stays suspended when the registry sends it again, active, with the
-- same bank and account: the bank said that account cannot be debited.
CREATE OR REPLACE FUNCTION autodebet.keeps_suspension(
    p_status text, p_bank text, p_account text, p_new_status text, p_new_bank text, p_new_account text)
RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN p_status = 'suspended' AND p_new_status = 'active'
       AND (p_bank, p_account) = (p_new_bank, p_new_account);
