-- Who is debited, for how much, under which reference. Generation (autodebet generate)
-- and the pure-SQL benchmark both read these, so the rules live here once.

-- A reference names one instruction for ever: 'AD', the period (YYYYMM), the attempt,
-- and the mandate id in 11 digits: 20 characters of A-Z 0-9, unique across banks and
-- periods, and the same when a run is repeated.
CREATE FUNCTION autodebet.instruction_reference(p_period autodebet.period, p_attempt int, p_mandate_id bigint)
RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'AD' || replace(p_period, '-', '') || p_attempt::text || lpad(p_mandate_id::text, 11, '0');

-- Attempt 1 of a period at one bank: every active mandate (participants who lapsed keep
-- theirs) whose period range contains the period, whose participant has not paid the
-- period through other channels (paid_through), and who has no live instruction for the
-- period (e.g. one sent through a mandate at another bank before it was superseded).
-- The contribution comes from the tariff in force for the period.
CREATE FUNCTION autodebet.first_attempt_due(p_bank text, p_period autodebet.period)
RETURNS TABLE (mandate_id bigint, kpj text, nik text, account_no text, account_name text,
               amount bigint, jkk bigint, jkm bigint, jht bigint, tariff_id int)
LANGUAGE sql STABLE AS $$
    SELECT m.id, m.kpj, p.nik, m.account_no, m.account_name,
           c.jkk + c.jkm + c.jht, c.jkk, c.jkm, c.jht, c.tariff_id
      FROM autodebet.mandate m
      JOIN autodebet.participant p ON p.kpj = m.kpj
     CROSS JOIN LATERAL autodebet.contribution(m.sector, m.income, m.jht, p_period) c
     WHERE m.status = 'active'
       AND m.bank_code = p_bank
       AND m.start_period <= p_period
       AND (m.end_period IS NULL OR p_period <= m.end_period)
       AND (p.paid_through IS NULL OR p.paid_through < p_period)
       AND NOT EXISTS (SELECT FROM autodebet.debit_instruction i
                        WHERE i.kpj = m.kpj AND i.period = p_period
                          AND i.status IN ('submitted', 'paid'))
$$;

-- Sectors whose tariff for a period is missing or ambiguous: generation refuses to run
-- while this returns rows, so no mandate is silently skipped or debited twice.
CREATE FUNCTION autodebet.tariff_gaps(p_period autodebet.period)
RETURNS TABLE (sector text, tariffs bigint)
LANGUAGE sql STABLE AS $$
    SELECT s.sector, count(t.id)
      FROM unnest(ARRAY['general', 'transport']) AS s(sector)
      LEFT JOIN autodebet.tariff t
        ON t.sector = s.sector AND t.first_period <= p_period
       AND (t.last_period IS NULL OR p_period <= t.last_period)
     GROUP BY s.sector
    HAVING count(t.id) <> 1
$$;
