-- What a mandates file does once every row passed its checks (product.md "Mandates CSV"):
-- the import streams the file into the session's temporary table mandate_staging, then
-- calls these in its transaction. PL/pgSQL, so that the temporary tables are looked up
-- when they run. Repeatable.

-- What the file's rows already are in the registry, looked up once after staging: the
-- checks, the updates, the new rows and paid_through read these two tables instead of
-- joining the registry again (each join reads the whole participant or mandate table).
--   participant_incoming: one row per participant in the file (its active mandate's row,
--     else its latest), its latest paid_through in the file, and what the registry has
--     for it (known_*; known is false for a new participant);
--   mandate_known: the file's rows whose mandate_ref exists, with the registry's kpj and
--     paid_through for that mandate.
CREATE OR REPLACE FUNCTION autodebet.look_up_staged_mandates()
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE mandate_known ON COMMIT DROP AS
    SELECT s.line, s.kpj, s.paid_through, m.kpj AS known_kpj, m.paid_through AS known_paid_through
      FROM pg_temp.mandate_staging s JOIN autodebet.mandate m ON m.mandate_ref = s.mandate_ref;
    ANALYZE pg_temp.mandate_known;
    -- In kpj order (DISTINCT ON sorts; a hash join keeps its outer side's order), so that
    -- the new participants fill the key index in order.
    CREATE TEMP TABLE participant_incoming ON COMMIT DROP AS
    SELECT i.*, p.kpj IS NOT NULL AS known, p.nik AS known_nik, p.name AS known_name,
           p.paid_through AS known_paid_through
      FROM (SELECT DISTINCT ON (s.kpj) s.kpj, s.nik, s.name, max(s.paid_through) OVER w AS paid_through
              FROM pg_temp.mandate_staging s
            WINDOW w AS (PARTITION BY s.kpj ORDER BY (s.status = 'active') DESC, s.line DESC
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
             ORDER BY s.kpj, (s.status = 'active') DESC, s.line DESC) i
      LEFT JOIN autodebet.participant p ON p.kpj = i.kpj;
    ANALYZE pg_temp.participant_incoming;
END $$;

-- A participant's paid_through is the latest over all its mandates. When none of the
-- file's mandates lowers its own paid_through, that is the later of the registry's value
-- and the file's latest; a participant with a lowered one (a registry correction) is
-- recomputed over its mandates once they are applied (apply_staged_mandates).
CREATE OR REPLACE FUNCTION autodebet.lowers_paid_through(p_known autodebet.period, p_new autodebet.period)
RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN p_known IS NOT NULL AND (p_new IS NULL OR p_new < p_known);

-- Participants, keyed by KPJ: a known one is updated when its NIK, name or paid_through
-- changed; a new one is inserted with the file's latest paid_through. Update-then-insert
-- rather than INSERT … ON CONFLICT: imports are serialized by their lock, and plain
-- inserts skip the per-row speculative insertion. Returns how many are new.
CREATE OR REPLACE FUNCTION autodebet.apply_staged_participants()
RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    created bigint;
BEGIN
    UPDATE autodebet.participant p
       SET nik = c.nik, name = c.name, paid_through = c.paid_through, updated_at = now()
      FROM (SELECT i.kpj, i.nik, i.name, greatest(i.known_paid_through, i.paid_through) AS paid_through
              FROM pg_temp.participant_incoming i
             WHERE i.known
               AND (i.known_nik, i.known_name, i.known_paid_through)
                   IS DISTINCT FROM (i.nik, i.name, greatest(i.known_paid_through, i.paid_through))) c
     WHERE p.kpj = c.kpj;
    -- The new rows whole, in the incoming order (by kpj), so the insert needs no join and
    -- no sort and fills the key index in order; never an anti-join against the table the
    -- same statement fills (planned on statistics that call it empty, it is quadratic).
    INSERT INTO autodebet.participant (kpj, nik, name, paid_through)
    SELECT i.kpj, i.nik, i.name, i.paid_through FROM pg_temp.participant_incoming i WHERE NOT i.known;
    GET DIAGNOSTICS created = ROW_COUNT;
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

-- Mandates by mandate_ref: a known one is updated when anything changed (a suspended
-- mandate, whose account the bank reported invalid, stays suspended while the registry
-- sends the same account); a new one is inserted. Then the participants whose paid_through
-- a known mandate lowered are recomputed over their mandates. Returns the counts.
CREATE OR REPLACE FUNCTION autodebet.apply_staged_mandates()
RETURNS TABLE (updated_count bigint, inserted_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
    updated bigint := 0;
    inserted bigint;
BEGIN
    IF EXISTS (SELECT FROM pg_temp.mandate_known) THEN
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
    END IF;
    -- The new rows whole, in file order (the staging table's), as for participants.
    INSERT INTO autodebet.mandate
        (mandate_ref, kpj, sector, income, jht, bank_code, account_no, account_name,
         signed_on, start_period, end_period, paid_through, status, status_reason)
    SELECT s.mandate_ref, s.kpj, s.sector, s.income, s.jht, s.bank_code, s.account_no, s.account_name,
           s.signed_on, s.start_period, s.end_period, s.paid_through, s.status,
           CASE s.status WHEN 'revoked' THEN 'revoked in the mandates file' END
      FROM pg_temp.mandate_staging s
     WHERE NOT EXISTS (SELECT FROM pg_temp.mandate_known k WHERE k.line = s.line);
    GET DIAGNOSTICS inserted = ROW_COUNT;
    UPDATE autodebet.participant p
       SET paid_through = x.paid_through, updated_at = now()
      FROM (SELECT m.kpj, max(m.paid_through) AS paid_through
              FROM autodebet.mandate m
             WHERE m.kpj IN (SELECT k.kpj FROM pg_temp.mandate_known k
                              WHERE autodebet.lowers_paid_through(k.known_paid_through, k.paid_through))
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
